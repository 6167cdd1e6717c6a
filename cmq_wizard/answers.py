"""Answer files and `--set`: question ids, choices by id or label, accents, YAML booleans.

An answer file is a YAML or JSON mapping from question id to answer. Keys starting with `_`
are metadata (`_version`: the rule-set version the file was made under).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cmq_wizard import yamlio
from cmq_wizard.errors import UserError, location
from cmq_wizard.i18n import t
from cmq_wizard.loader import closest
from cmq_wizard.model import CompiledQuestion, RuleSet
from cmq_wizard.safe import echo

MAX_ANSWERS_BYTES = 1 * yamlio.MB
VERSION_KEY = "_version"
_SEPARATORS = re.compile(r"[\s_\-’'`]+")


def fold(text: str) -> str:
    """Text as a person may type it: no case, no accents, no punctuation differences."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", bare.replace("…", "...")).strip()


@dataclass
class Given:
    """Answers as given, before checking: each with where it came from."""

    values: dict[str, Any] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)
    version: str | None = None
    version_where: str | None = None

    def update(self, other: Given) -> None:
        self.values.update(other.values)
        self.where.update(other.where)
        if other.version is not None:
            self.version, self.version_where = other.version, other.version_where


def read_file(path: Path) -> Given:
    """The answers of an answer file, unchecked, with the line of each."""
    data = yamlio.load(path, max_bytes=MAX_ANSWERS_BYTES, what=t("what.answers"))
    if data is None:
        raise UserError(t("answers.empty"), where=str(path), hint=t("answers.hint_example"))
    if not isinstance(data, dict):
        raise UserError(
            t("answers.not_mapping"), where=location(path, getattr(data, "line", None)), hint=t("answers.hint_example")
        )
    given = Given()
    lines = getattr(data, "key_lines", {})
    for key, value in data.items():
        where = location(path, lines.get(key))
        if key == VERSION_KEY:
            given.version, given.version_where = str(value), where
            continue
        given.values[key] = value
        given.where[key] = where
    return given


def parse_sets(items: Iterable[str]) -> Given:
    """`--set ID=VALUE` options."""
    given = Given()
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UserError(t("answers.bad_set", item=echo(item)), where="--set", hint=t("answers.hint_set"))
        key = key.strip()
        given.values[key] = value.strip()
        given.where[key] = f"--set {echo(key)}"
    return given


class Resolver:
    """Turns given answers into choice ids, with messages a person can act on. Built once."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self._index: dict[str, dict[str, str]] = {}
        for question in ruleset.questions:
            index: dict[str, str] = {}
            for choice in question.spec.choices:
                for name in (choice.id, choice.label.fr, choice.label.en):
                    if name:
                        index.setdefault(fold(name), choice.id)
            self._index[question.id] = index

    def choice_id(self, question: CompiledQuestion, value: Any) -> str | None:
        """The id of the choice that `value` names (by id or label, any case, any accents)."""
        if isinstance(value, bool):
            value = "yes" if value else "no"
        elif isinstance(value, (int, float)):
            value = str(value)
        if not isinstance(value, str):
            return None
        return self._index[question.id].get(fold(value))

    def resolve(self, given: Given) -> dict[str, str]:
        """Choice ids for every given answer; an unknown question or value is a UserError."""
        answers: dict[str, str] = {}
        questions = self.ruleset.question_by_id
        for key, value in given.values.items():
            where = given.where.get(key)
            if not isinstance(key, str) or key not in questions:
                match = closest(str(key), questions)
                hint = t("hint.did_you_mean", match=match) + " " if match else ""
                raise UserError(
                    t("answers.unknown_question", key=echo(key)),
                    where=where,
                    hint=hint + t("answers.hint_questions", questions=", ".join(questions)),
                )
            question = questions[key]
            choice = self.choice_id(question, value)
            if choice is None:
                raise UserError(
                    t("answers.bad_value", key=key, value=_shown(value)),
                    where=where,
                    hint=self.allowed_hint(question, value),
                )
            answers[key] = choice
        return answers

    def allowed_hint(self, question: CompiledQuestion, value: Any = None) -> str:
        ids = [c.id for c in question.spec.choices]
        hint = ""
        if isinstance(value, str) and value:
            names = {name: cid for name, cid in self._index[question.id].items()}
            match = closest(fold(value), names)
            if match:
                hint = t("hint.did_you_mean", match=names[match]) + " "
        return hint + t("answers.hint_allowed", allowed=", ".join(ids))


def _shown(value: Any) -> str:
    # A date, a number: as YAML wrote it back (2024-01-31, 1.1), not as Python's repr.
    text = value if isinstance(value, str) else str(value) if isinstance(value, (int, float, date)) else repr(value)
    return echo(text, 60)


def version_warning(given: Given, ruleset: RuleSet) -> str | None:
    """A warning when an answer file was made under another version of the rule set."""
    if given.version is not None and given.version != ruleset.version:
        return t("answers.other_version", where=given.version_where, theirs=echo(given.version), ours=ruleset.version)
    return None


def ignored_warning(key: str, given: Given) -> str:
    return t("answers.ignored", where=given.where.get(key, key), key=key)


def to_file_data(answers: Mapping[str, str], ruleset: RuleSet) -> dict[str, str]:
    """What `--save-answers` writes: the rule-set version, then the answers in asked order."""
    return {VERSION_KEY: ruleset.version, **answers}
