"""The JSON output contract (SPEC §5): one object per result, stable keys."""

from __future__ import annotations

import json
from typing import Any

from cmq_wizard.engine import Result
from cmq_wizard.model import RuleSet
from cmq_wizard.safe import json_text


def result_dict(
    result: Result, ruleset: RuleSet, lang: str, *, explain: bool = False, warnings: list[str] | None = None
) -> dict[str, Any]:
    def tr(text: Any) -> Any:
        return text.get(lang) if text is not None else None

    data: dict[str, Any] = {
        "answers": dict(result.answers),
        "verdict": result.verdict,
        "outcomes": [
            {
                "id": rule.id,
                "verdict": rule.spec.verdict,
                "title": tr(rule.spec.title),
                "reason": tr(rule.spec.reason),
                "faq": list(rule.spec.faq),
                "next_steps": [tr(step) for step in rule.spec.next_steps],
                "contacts": list(rule.spec.contacts),
                "provenance": {
                    "title": _provenance(rule.spec.title),
                    "reason": _provenance(rule.spec.reason),
                    "next_steps": [_provenance(step) for step in rule.spec.next_steps],
                },
            }
            for rule in result.outcomes
        ],
        "faq": [
            {"id": e.id, "question": tr(e.question), "answer": tr(e.answer), "aside": tr(e.aside)} for e in result.faq
        ],
        "next_steps": [tr(step) for step in result.next_steps],
        "next_step_sources": [list(getattr(step, "sources", ())) for step in result.next_steps],
        "contacts": [{"id": c.id, "name": tr(c.name), "how": tr(c.how)} for c in result.contacts],
        "lang": lang,
        "ruleset_version": ruleset.version,
    }
    if warnings:
        data["warnings"] = list(warnings)
    if explain and result.trace is not None:
        data["trace"] = [entry.as_dict() for entry in result.trace]
    return data


def _provenance(text: Any) -> list[str] | None:
    """A text's `from`, as written (FAQ entry ids, or ["interface"]); None when it has none."""
    found = getattr(text, "from_", None)
    return list(found) if found is not None else None


def dumps(data: Any) -> str:
    """JSON text; DEL, C1 and bidi characters written as \\u escapes (json escapes C0 itself)."""
    return json_text(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
