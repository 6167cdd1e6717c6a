"""Files → validated, compiled `RuleSet`. Every fault becomes a `Problem` naming file:line.

A rule-set directory holds `ruleset.yaml` (version, names, verdict words, contacts),
`questions.yaml` (the questions, in the order they are asked) and any number of other
`*.yaml` files, each a list of `rules`. The FAQ is a separate file.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar

from pydantic import BaseModel, ValidationError

from cmq_wizard import conditions, snapshot, yamlio
from cmq_wizard.errors import UserError
from cmq_wizard.i18n import t
from cmq_wizard.model import (
    CompiledQuestion,
    CompiledRule,
    FaqFile,
    Origin,
    QuestionsFile,
    RuleSet,
    RulesetFile,
    RulesFile,
)

RULESET_FILE = "ruleset.yaml"
QUESTIONS_FILE = "questions.yaml"
MAX_RULES_BYTES = 10 * yamlio.MB  # a whole rule set, all files together
MAX_FAQ_BYTES = 10 * yamlio.MB

Severity = Literal["error", "warning"]
M = TypeVar("M", bound=BaseModel)


class Problem(NamedTuple):
    """One fault found in the content: where, about what, what is wrong and how to fix it."""

    severity: Severity
    where: str
    message: str
    hint: str | None = None
    subject: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "where": self.where,
            "subject": self.subject,
            "message": self.message,
            "hint": self.hint,
        }


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like `word`, if any is close enough to be a likely typo: similarity
    (2 × the common characters in order / both lengths) of at least 60 %, as difflib's cutoff.

    rapidfuzz computes it in C++: a microsecond against difflib's third of a millisecond for a
    long label, which a batch of typed sheets pays once per distinct typo (thousands). It is
    imported here, on the way to an error message only."""
    from rapidfuzz import fuzz, process

    found = process.extractOne(str(word), list(candidates), scorer=fuzz.ratio, score_cutoff=60)
    return found[0] if found else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    match = closest(word, candidates)
    return t("hint.did_you_mean", match=match) if match else ""


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: str, message: str, hint: str | None = None, subject: str | None = None) -> None:
        self.problems.append(Problem("error", where, message, hint, subject))

    def from_user_error(self, exc: UserError) -> None:
        self.add(exc.where or "?", exc.message, exc.hint)


def _validation_problems(exc: ValidationError, data: Any, path: Path, model: type[BaseModel], out: _Collector) -> None:
    # A misspelt key (`verdit`) also makes the right one (`verdict`) missing: one fault, said once,
    # as "unknown key 'verdit'" with "did you mean 'verdict'?", which tells how to fix both.
    errors = exc.errors(include_url=False)
    misspelt = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = tuple(err["loc"])
            match = closest(str(loc[-1]), _allowed_keys(model, loc))
            if match is not None:
                misspelt.add((*loc[:-1], match))
    for err in errors:
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "missing" and loc in misspelt:
            continue
        line = yamlio.line_of(data, loc)
        where = f"{path}:{line}" if line else str(path)
        dotted = ".".join(str(p) for p in loc) or t("schema.top_level")
        subject = _subject_of(data, loc)
        if kind == "extra_forbidden":
            allowed = _allowed_keys(model, loc)
            key = str(loc[-1])
            hint = did_you_mean(key, allowed) or t("schema.hint_allowed", allowed=", ".join(allowed))
            out.add(where, t("schema.unknown_key", key=key), hint, subject)
        elif kind == "missing":
            out.add(where, t("schema.missing_key", key=loc[-1]), t("schema.hint_missing", key=loc[-1]), subject)
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            out.add(
                where,
                t("schema.bad_value", path=dotted, value=err.get("input")),
                t("schema.hint_expected", expected=expected),
                subject,
            )
        elif kind == "tuple_type" and loc and loc[-1] == "from":
            out.add(where, t("provenance.bad_from", value=err.get("input")), t("provenance.hint_from"), subject)
        elif kind == "string_pattern_mismatch":
            out.add(where, t("schema.bad_id", path=dotted, value=err.get("input")), t("schema.hint_id"), subject)
        else:
            out.add(where, t("schema.invalid", path=dotted, problem=err["msg"]), t("schema.hint_types"), subject)


def _subject_of(data: Any, loc: Sequence[Any]) -> str | None:
    """The id of the nearest enclosing object that has one (a rule, question, choice, entry)."""
    subject = None
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            subject = node["id"]
    return subject


def _allowed_keys(model: type[BaseModel], loc: Sequence[Any]) -> list[str]:
    """The keys the model allows at the mapping that holds `loc[-1]`."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        info = current.model_fields.get(str(part))
        if info is None:
            return []
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _inner_model(annotation: Any) -> Any:
    """The BaseModel inside `list[X]`, `X | None`, `dict[K, X]`…, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _load_file(path: Path, model: type[M], out: _Collector, budget: list[int]) -> tuple[M | None, Any]:
    try:
        what = t("what.faq") if model is FaqFile else t("what.rules")
        text = yamlio.read_text(path, max_bytes=budget[0], what=what)
        budget[0] -= len(text.encode("utf-8"))
        hit = snapshot.get(text, model)  # read once, bounded: the cache is keyed by the hash of that text
        if hit is not None:
            return hit
        data = yamlio.parse(text, source=str(path))
    except UserError as exc:
        out.from_user_error(exc)
        return None, None
    if data is None:
        out.add(str(path), t("file.empty", what=path.name), t("schema.hint_missing", key=_first_field(model)))
        return None, None
    try:
        validated = model.model_validate(data)
    except ValidationError as exc:
        _validation_problems(exc, data, path, model, out)
        return None, data
    snapshot.put(text, validated, data)
    return validated, data


def _first_field(model: type[BaseModel]) -> str:
    return next(iter(model.model_fields))


def _where(data: Any, path: Path, loc: tuple[Any, ...]) -> str:
    line = yamlio.line_of(data, loc)
    return f"{path}:{line}" if line else str(path)


def ignored_file(name: str) -> bool:
    """Hidden files and editors' leftovers: `.#x.yaml` (an Emacs lock link), `x.yaml~`, `.x.swp`, `#x#`."""
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swo", "#"))


def rule_files(rules_dir: Path) -> list[Path]:
    """The files of a rule set that hold rules: every YAML file but the two fixed ones, hidden files
    and editors' leftovers ignored."""
    names = [n for n in os.listdir(rules_dir) if n.endswith((".yaml", ".yml"))]
    return sorted(rules_dir / n for n in names if n not in (RULESET_FILE, QUESTIONS_FILE) and not ignored_file(n))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a rule set is read, compiled or checked.

    Those make hundreds of thousands of objects that live on (nodes, maps, models), and none of
    them in a cycle: each automatic collection scans them all again for nothing, so that loading
    10,000 rules spent more than half its time collecting (4.7 s paused against 10.7 s). The
    previous state comes back afterwards, whatever happens."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def collect(rules_dir: Path, faq_path: Path) -> tuple[RuleSet | None, list[Problem]]:
    """Load and validate a rule set and its FAQ; return it (when usable) and every problem found."""
    with collector_paused():
        return _collect(rules_dir, faq_path)


def _collect(rules_dir: Path, faq_path: Path) -> tuple[RuleSet | None, list[Problem]]:
    out = _Collector()
    if not rules_dir.is_dir():
        out.add(str(rules_dir), t("rules.not_a_dir"), t("rules.hint_dir"))
        return None, out.problems
    budget = [MAX_RULES_BYTES]
    documents: dict[Path, Any] = {}

    meta_path = rules_dir / RULESET_FILE
    meta, documents[meta_path] = _load_file(meta_path, RulesetFile, out, budget)
    q_path = rules_dir / QUESTIONS_FILE
    qfile, documents[q_path] = _load_file(q_path, QuestionsFile, out, budget)
    faq_budget = [MAX_FAQ_BYTES]
    faq, documents[faq_path] = _load_file(faq_path, FaqFile, out, faq_budget)

    rule_specs: list[tuple[Path, int, Any]] = []
    paths = rule_files(rules_dir)
    if not paths:
        out.add(str(rules_dir), t("rules.no_rule_files"), t("rules.hint_rule_files"))
    for path in paths:
        rfile, documents[path] = _load_file(path, RulesFile, out, budget)
        if rfile is not None:
            rule_specs.extend((path, i, rule) for i, rule in enumerate(rfile.rules))

    if meta is None or qfile is None or faq is None:
        return None, out.problems

    origins: dict[tuple[str, str], Origin] = {}
    compiled: list[tuple[str, conditions.Condition, Path, tuple[Any, ...]]] = []

    # Questions: unique ids and choices, conditions that parse and name what exists.
    questions: list[CompiledQuestion] = []
    qdata = documents[q_path]
    for i, q in enumerate(qfile.questions):
        origin = Origin(q_path, yamlio.line_of(qdata, ("questions", i)))
        if ("question", q.id) in origins:
            out.add(
                str(origin),
                t("ref.duplicate", kind=t("kind.question"), id=q.id, first=origins[("question", q.id)]),
                t("ref.hint_duplicate"),
                q.id,
            )
            continue
        if q.id in conditions.COMBINATORS:
            out.add(str(origin), t("ref.reserved_id", id=q.id), t("ref.hint_reserved"), q.id)
        origins[("question", q.id)] = origin
        seen: dict[str, int] = {}
        for j, choice in enumerate(q.choices):
            if choice.id in seen:
                where = _where(qdata, q_path, ("questions", i, "choices", j))
                out.add(where, t("ref.duplicate_choice", id=choice.id, question=q.id), t("ref.hint_duplicate"), q.id)
            seen[choice.id] = j
        ask_when = None
        if q.ask_when is not None:
            prefix = ("questions", i, "ask_when")
            ask_when = _compile(q.ask_when, qdata, q_path, prefix, q.id, out)
            if ask_when is not None:
                compiled.append((q.id, ask_when, q_path, prefix))
        questions.append(CompiledQuestion(q, ask_when, origin))

    faq_ids: dict[str, Origin] = {}
    fdata = documents[faq_path]
    for i, entry in enumerate(faq.entries):
        origin = Origin(faq_path, yamlio.line_of(fdata, ("entries", i)))
        if entry.id in faq_ids:
            out.add(
                str(origin),
                t("ref.duplicate", kind=t("kind.faq"), id=entry.id, first=faq_ids[entry.id]),
                t("ref.hint_duplicate"),
                entry.id,
            )
        faq_ids[entry.id] = origin
        origins[("faq", entry.id)] = origin
    contact_ids = set()
    mdata = documents[meta_path]
    for i, contact in enumerate(meta.contacts):
        where = _where(mdata, meta_path, ("contacts", i))
        if contact.id in contact_ids:
            out.add(
                where,
                t("ref.duplicate", kind=t("kind.contact"), id=contact.id, first="?"),
                t("ref.hint_duplicate"),
                contact.id,
            )
        contact_ids.add(contact.id)
        origins[("contact", contact.id)] = Origin(meta_path, yamlio.line_of(mdata, ("contacts", i)))
    missing_verdicts = [v for v in ("eligible", "conditional", "not_eligible", "info") if v not in meta.verdicts]
    if missing_verdicts:
        out.add(
            _where(mdata, meta_path, ("verdicts",)),
            t("rules.missing_verdicts", verdicts=", ".join(missing_verdicts)),
            t("rules.hint_verdicts"),
        )

    rules: list[CompiledRule] = []
    for path, i, rule in rule_specs:
        data = documents[path]
        origin = Origin(path, yamlio.line_of(data, ("rules", i)))
        if ("rule", rule.id) in origins:
            out.add(
                str(origin),
                t("ref.duplicate", kind=t("kind.rule"), id=rule.id, first=origins[("rule", rule.id)]),
                t("ref.hint_duplicate"),
                rule.id,
            )
            continue
        origins[("rule", rule.id)] = origin
        prefix = ("rules", i, "when")
        when = _compile(rule.when, data, path, prefix, rule.id, out)
        if when is not None:
            compiled.append((rule.id, when, path, prefix))
        for j, faq_id in enumerate(rule.faq):
            if faq_id not in faq_ids:
                out.add(
                    _where(data, path, ("rules", i, "faq", j)),
                    t("ref.unknown_faq", id=faq_id),
                    did_you_mean(faq_id, faq_ids) or t("ref.hint_known", known=", ".join(faq_ids)),
                    rule.id,
                )
        for j, contact_id in enumerate(rule.contacts):
            if contact_id not in contact_ids:
                out.add(
                    _where(data, path, ("rules", i, "contacts", j)),
                    t("ref.unknown_contact", id=contact_id),
                    did_you_mean(contact_id, contact_ids) or t("ref.hint_known", known=", ".join(sorted(contact_ids))),
                    rule.id,
                )
        if when is not None:
            rules.append(CompiledRule(rule, when, origin))

    # Every condition must name questions and choices that exist.
    choices = {q.id: [c.id for c in q.spec.choices] for q in questions}
    for owner_id, cond, path, prefix in compiled:
        for leaf in conditions.leaves(cond):
            where = _where(documents[path], path, (*prefix, *leaf.loc))
            if leaf.question not in choices:
                out.add(
                    where,
                    t("ref.unknown_question", id=leaf.question),
                    did_you_mean(leaf.question, choices) or t("ref.hint_known", known=", ".join(choices)),
                    owner_id,
                )
                continue
            for value in sorted(leaf.values):
                if value not in choices[leaf.question]:
                    out.add(
                        where,
                        t("ref.unknown_choice", choice=value, question=leaf.question),
                        did_you_mean(value, choices[leaf.question])
                        or t("ref.hint_known", known=", ".join(choices[leaf.question])),
                        owner_id,
                    )

    if any(p.severity == "error" for p in out.problems):
        return None, out.problems
    ruleset = RuleSet(meta, questions, rules, faq, rules_dir, faq_path, origins, documents)
    return ruleset, out.problems


def _compile(
    spec: dict[str, Any], data: Any, path: Path, loc: tuple[Any, ...], owner: str, out: _Collector
) -> conditions.Condition | None:
    try:
        return conditions.parse(spec)
    except conditions.ConditionError as exc:
        out.add(
            _where(data, path, (*loc, *exc.loc)),
            t("rules.bad_condition", problem=exc),
            t("rules.hint_condition"),
            owner,
        )
        return None


def load(rules_dir: Path, faq_path: Path) -> RuleSet:
    """The rule set, or a `UserError` naming the first problem (and how many there are)."""
    ruleset, problems = collect(rules_dir, faq_path)
    errors = [p for p in problems if p.severity == "error"]
    if ruleset is None or errors:
        first = errors[0]
        hint = first.hint or ""
        if len(errors) > 1:
            hint = (hint + " " if hint else "") + t("rules.hint_more", count=len(errors) - 1)
        raise UserError(first.message, where=first.where, hint=hint or None)
    return ruleset
