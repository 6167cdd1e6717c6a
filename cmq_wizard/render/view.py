"""What a person is shown of a result, in one language, as plain strings.

Every human format (text, rich, markdown, html) is a layout of this one view, so they
cannot disagree on content. The JSON format is built from the `Result` directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from cmq_wizard import conditions
from cmq_wizard.engine import Result
from cmq_wizard.i18n import t
from cmq_wizard.model import Guidance, RuleSet, Text
from cmq_wizard.safe import visible

# The source FAQ carries links whose target is a bare "#" (no address is given): keep the words.
_EMPTY_LINK = re.compile(r"\[([^\]]+)\]\(#\)")


def plain(text: str) -> str:
    return _EMPTY_LINK.sub(r"\1", text)


@dataclass(frozen=True)
class FaqView:
    id: str
    question: str
    answer: str
    aside: str | None


@dataclass(frozen=True)
class OutcomeView:
    id: str
    verdict: str
    title: str
    reason: str | None


@dataclass(frozen=True)
class View:
    lang: str
    title: str
    ruleset_name: str
    verdict: str
    verdict_label: str
    verdict_summary: str
    answers: list[tuple[str, str]]
    reasons: list[str]
    outcomes: list[OutcomeView]
    faq: list[FaqView]
    next_steps: list[str]
    contacts: list[tuple[str, str | None]]
    source: str
    date: str
    explain: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # For each next step (same order), the FAQ entries it comes from: (entry id, its question).
    # The handouts show them under the step, as links to the entry in the document.
    step_sources: list[list[tuple[str, str]]] = field(default_factory=list)


def anchor(entry_id: str) -> str:
    """The in-document id of a FAQ entry in the handouts (ids are `[a-z0-9_-]`: safe as is)."""
    return f"faq-{entry_id}"


def build(
    result: Result, ruleset: RuleSet, lang: str, *, explain: bool = False, warnings: list[str] | None = None
) -> View:
    def tr(text: Text | None) -> str:
        return plain(text.get(lang)) if text is not None else ""

    verdict_text = ruleset.meta.verdicts[result.verdict]  # type: ignore[index]
    answers = []
    for qid, cid in result.answers.items():
        question = ruleset.question_by_id[qid]
        label = next((tr(c.label) for c in question.spec.choices if c.id == cid), cid)
        answers.append((tr(question.spec.text), label))
    faq_source = ruleset.faq.source
    return View(
        lang=lang,
        title=tr(ruleset.meta.title),
        ruleset_name=tr(ruleset.meta.name),
        verdict=result.verdict,
        verdict_label=tr(verdict_text.label),
        verdict_summary=tr(verdict_text.summary),
        answers=answers,
        reasons=[tr(r.spec.reason) for r in result.deciding if r.spec.reason is not None],
        outcomes=[
            OutcomeView(r.id, r.spec.verdict, tr(r.spec.title), tr(r.spec.reason) or None) for r in result.outcomes
        ],
        faq=[FaqView(e.id, tr(e.question), tr(e.answer), tr(e.aside) or None) for e in result.faq],
        next_steps=[tr(s) for s in result.next_steps],
        contacts=[(tr(c.name), tr(c.how) or None) for c in result.contacts],
        source=t("view.source", title=tr(faq_source.title), updated=visible(faq_source.updated)),
        date=date.today().strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d"),
        explain=_explain_lines(result, ruleset, lang) if explain else [],
        warnings=[visible(w) for w in warnings or []],
        step_sources=[
            [(i, tr(ruleset.faq_by_id[i].question)) for i in _sources(step) if i in ruleset.faq_by_id]
            for step in result.next_steps
        ],
    )


def _sources(text: Text) -> tuple[str, ...]:
    return text.sources if isinstance(text, Guidance) else ()


def _explain_lines(result: Result, ruleset: RuleSet, lang: str) -> list[str]:
    """One line a matched rule, in words: its title, its verdict, and the answers it read.

    The answers are the question texts and choice labels the person saw, never ids (the
    JSON trace keeps the ids); for a restrictive verdict, the deciding rule says so.
    """
    lines = []
    deciding = {r.id for r in result.deciding} if result.verdict in ("not_eligible", "conditional") else set()
    for rule in result.outcomes:
        verdict_label = ruleset.meta.verdicts[rule.spec.verdict].label.get(lang)
        read = conditions.questions_of(rule.when)
        said = []
        for qid, cid in result.answers.items():
            if qid not in read:
                continue
            question = ruleset.question_by_id[qid].spec
            label = next((c.label.get(lang) for c in question.choices if c.id == cid), cid)
            said.append(t("explain.answer", question=question.text.get(lang), answer=label))
        key = "explain.deciding" if rule.id in deciding else "explain.matched"
        lines.append(
            t(
                key,
                title=plain(rule.spec.title.get(lang)),
                verdict=verdict_label,
                answers=t("explain.separator").join(said),
            )
        )
    return lines
