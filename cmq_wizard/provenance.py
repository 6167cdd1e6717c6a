"""Where each text the project wrote comes from, and whether the FAQ changed under it.

Every text of a rule set that is not the FAQ itself (a rule's title, reason and next steps, a
verdict's summary, a contact) names its source beside it in the YAML:

    next_steps:
      - fr: Selon la FAQ, …
        en: According to the FAQ, …
        from: [economic-actors]        # the FAQ entries it is derived from
    summary: {fr: …, en: …, from: interface}   # interface wording: says nothing of the FAQ

`rules check` (through `lint.inspect`) reports, each with file:line:

- a text without provenance, or whose provenance names an unknown FAQ entry;
- a rule text derived from an entry the rule does not show (a handout links each next step to its
  entry, which must then be in the document);
- a path whose verdict is *not eligible* or *conditional* and that names nobody to ask;
- **drift**: the French text of a FAQ entry changed since the last review. Each text derived from
  that entry is named, until a person has reviewed them and recorded it with `cmq-wizard rules
  stamp`, which writes each entry's fingerprint under `reviewed:` in ruleset.yaml (atomically,
  leaving the rest of the file as it was). A rule set never stamped gets one message saying so.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmq_wizard import yamlio
from cmq_wizard.errors import UserError
from cmq_wizard.i18n import t
from cmq_wizard.loader import RULESET_FILE, Problem, did_you_mean
from cmq_wizard.model import FaqEntry, RuleSet, sources_of

if TYPE_CHECKING:
    from cmq_wizard.lint import PathResult, _Places

REVIEWED_KEY = "reviewed"
RESTRICTIVE = ("not_eligible", "conditional")
REVIEWED_COMMENT = (
    "# The last review of the texts derived from each FAQ entry: the fingerprint of the entry's\n"
    "# French text at that time. Written by `cmq-wizard rules stamp` (see README, Rules as data).\n"
)


def fingerprint(entry: FaqEntry) -> str:
    """16 hex digits of SHA-256 over the entry's French question, answer and aside, whitespace
    runs folded (re-wrapping a paragraph in the YAML is not a change; one word is)."""
    parts = [entry.question.fr, entry.answer.fr, entry.aside.fr if entry.aside else ""]
    text = "\0".join(" ".join(part.split()) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fingerprints(ruleset: RuleSet) -> dict[str, str]:
    return {entry.id: fingerprint(entry) for entry in ruleset.faq.entries}


@dataclass(frozen=True)
class Derived:
    """One text the project wrote: whose it is, where it is, and what it is derived from."""

    owner: str  # the rule, verdict or contact id (the subject of a problem)
    field: str  # title, reason, next_steps[2], summary, contact
    where: str  # file:line
    provenance: tuple[str, ...] | None
    rule: str | None = None  # the rule id, for a rule's text

    @property
    def sources(self) -> tuple[str, ...]:
        return sources_of(self.provenance)


def derived_texts(rs: RuleSet, places: _Places) -> list[Derived]:
    """Every text of the rule set that the project wrote, in file order."""
    meta_at = places.meta_path
    found = []
    for verdict, words in rs.meta.verdicts.items():
        where = places.at(meta_at, ("verdicts", verdict, "summary"))
        found.append(Derived(verdict, "summary", where, words.summary.from_))
    for i, contact in enumerate(rs.meta.contacts):
        found.append(Derived(contact.id, "contact", places.at(meta_at, ("contacts", i)), contact.from_))
    for rule in rs.rules:
        spec = rule.spec
        found.append(Derived(rule.id, "title", places.rule(rule.id, "title"), spec.title.from_, rule.id))
        if spec.reason is not None:
            found.append(Derived(rule.id, "reason", places.rule(rule.id, "reason"), spec.reason.from_, rule.id))
        for k, step in enumerate(spec.next_steps):
            where = places.rule(rule.id, "next_steps", k)
            found.append(Derived(rule.id, f"next_steps[{k + 1}]", where, step.from_, rule.id))
    return found


def problems(rs: RuleSet, places: _Places, paths: Iterable[PathResult] | None) -> list[Problem]:
    """Everything `rules check` says about provenance and drift."""
    texts = derived_texts(rs, places)
    found = _source_problems(rs, texts)
    if paths is not None:
        found += _nobody_to_ask(rs, places, paths)
    found += _drift(rs, places, texts)
    return found


def _error(where: str, message: str, hint: str, subject: str | None) -> Problem:
    return Problem("error", where, message, hint, subject)


def _source_problems(rs: RuleSet, texts: list[Derived]) -> list[Problem]:
    found = []
    shown = {rule.id: set(rule.spec.faq) for rule in rs.rules}
    for text in texts:
        if not text.provenance:
            found.append(
                _error(text.where, t("provenance.missing", field=text.field), t("provenance.hint_missing"), text.owner)
            )
            continue
        for source in text.sources:
            if source not in rs.faq_by_id:
                hint = did_you_mean(source, rs.faq_by_id) or t("ref.hint_known", known=", ".join(rs.faq_by_id))
                found.append(_error(text.where, t("provenance.unknown", field=text.field, id=source), hint, text.owner))
            elif text.rule is not None and source not in shown[text.rule]:
                found.append(
                    _error(
                        text.where,
                        t("provenance.not_shown", field=text.field, id=source, rule=text.rule),
                        t("provenance.hint_not_shown", id=source),
                        text.owner,
                    )
                )
    return found


def _nobody_to_ask(rs: RuleSet, places: _Places, paths: Iterable[PathResult]) -> list[Problem]:
    """A path whose verdict is restrictive must name someone to ask: said once per deciding rule."""
    found = []
    reported: set[str] = set()
    for path in paths:
        verdict = path.verdict
        if verdict not in RESTRICTIVE or any(r.spec.contacts for r in path.outcomes):
            continue
        for rule in path.outcomes:
            if rule.spec.verdict == verdict and rule.id not in reported:
                reported.add(rule.id)
                shown = ", ".join(f"{k}={v}" for k, v in path.answers.items())
                found.append(
                    _error(
                        str(rule.origin),
                        t("provenance.nobody_to_ask", rule=rule.id, verdict=verdict, answers=shown),
                        t("provenance.hint_nobody_to_ask", contacts=", ".join(rs.contact_by_id) or "-"),
                        rule.id,
                    )
                )
    return found


def _drift(rs: RuleSet, places: _Places, texts: list[Derived]) -> list[Problem]:
    meta_at = places.meta_path
    reviewed = rs.meta.reviewed
    if reviewed is None:
        return [_error(str(meta_at), t("provenance.never_reviewed"), t("provenance.hint_stamp"), None)]
    found = []
    for i, entry in enumerate(rs.faq.entries):
        if reviewed.get(entry.id) == fingerprint(entry):
            continue
        entry_at = places.at(rs.faq_path, ("entries", i))
        seen = entry.id in reviewed
        derived = [text for text in texts if entry.id in text.sources]
        for text in derived:
            message = (
                t("provenance.changed_text", field=text.field, id=entry.id, where=entry_at)
                if seen
                else t("provenance.new_entry_text", field=text.field, id=entry.id, where=entry_at)
            )
            found.append(_error(text.where, message, t("provenance.hint_review"), text.owner))
        if not derived:
            message = t("provenance.changed", id=entry.id) if seen else t("provenance.new_entry", id=entry.id)
            found.append(_error(entry_at, message, t("provenance.hint_stamp"), entry.id))
    for entry_id in reviewed:
        if entry_id not in rs.faq_by_id:
            where = places.at(meta_at, (REVIEWED_KEY, entry_id))
            found.append(_error(where, t("provenance.gone", id=entry_id), t("provenance.hint_stamp"), entry_id))
    return found


# --- rules stamp -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stamp:
    """What `rules stamp` did: the file it wrote (or not), and the entries whose review it recorded."""

    path: Path
    written: bool
    changed: list[str]  # entries new or changed since the last stamp
    removed: list[str]  # entries reviewed before, no longer in the FAQ
    first: bool  # the rule set had never been stamped


def stamp(rules_dir: Path, faq_path: Path) -> Stamp:
    """Record the fingerprint of every FAQ entry in ruleset.yaml, as reviewed now.

    Only the `reviewed:` block is rewritten (appended when there is none); every other line of the
    file, comments included, is kept as it was. The file is written atomically, and only after
    the new text has been parsed back and found to differ from the old one in that block alone.
    """
    from cmq_wizard import loader
    from cmq_wizard.output import write_atomic

    ruleset = loader.load(rules_dir, faq_path)
    path = rules_dir / RULESET_FILE
    new = fingerprints(ruleset)
    old = ruleset.meta.reviewed
    changed = [i for i, fp in new.items() if (old or {}).get(i) != fp]
    removed = [i for i in old or {} if i not in new]
    if old is not None and not changed and not removed:
        return Stamp(path, False, [], [], False)
    text = yamlio.read_text(path, max_bytes=loader.MAX_RULES_BYTES, what=t("what.rules"))
    before = yamlio.parse(text, source=str(path))
    updated = _with_reviewed(text, before, new, path)
    after = yamlio.parse(updated, source=str(path))
    rest_before = {k: v for k, v in before.items() if k != REVIEWED_KEY}
    rest_after = {k: v for k, v in after.items() if k != REVIEWED_KEY}
    if rest_after != rest_before or dict(after.get(REVIEWED_KEY) or {}) != new:  # pragma: no cover - a guard
        raise UserError(t("provenance.cannot_stamp"), where=str(path), hint=t("provenance.hint_cannot_stamp"))
    write_atomic(path, updated)
    return Stamp(path, True, changed, removed, old is None)


_TOP_LEVEL = re.compile(r"\S")


def _with_reviewed(text: str, doc: Any, prints: dict[str, str], path: Path) -> str:
    """`text` with its top-level `reviewed:` block replaced by `prints` (or appended)."""
    block = [f"{REVIEWED_KEY}:\n"] + [f'  {entry_id}: "{fp}"\n' for entry_id, fp in prints.items()]
    lines = text.splitlines(keepends=True)
    if isinstance(doc, yamlio.YMap) and REVIEWED_KEY in doc:
        start = doc.key_lines[REVIEWED_KEY] - 1
        if not lines[start].startswith(f"{REVIEWED_KEY}:"):
            raise UserError(t("provenance.cannot_stamp"), where=f"{path}:{start + 1}", hint=t("provenance.hint_layout"))
        end = start + 1
        while end < len(lines) and not _TOP_LEVEL.match(lines[end][:1]):
            end += 1  # the block's own lines: indented, or blank
        trailing = 0
        while end - trailing - 1 > start and not lines[end - trailing - 1].strip():
            trailing += 1  # blank lines that separate the block from what follows stay
        return "".join([*lines[:start], *block, *(["\n"] * trailing), *lines[end:]])
    if not isinstance(doc, yamlio.YMap):
        raise UserError(t("provenance.cannot_stamp"), where=str(path), hint=t("provenance.hint_layout"))
    head = text if text.endswith("\n") or not text else text + "\n"
    return head + "\n" + REVIEWED_COMMENT + "".join(block)
