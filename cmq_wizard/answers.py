"""Answer files and `--set`: question ids, choices by id, label or prefix, accents, YAML booleans.

An answer file is a YAML or JSON mapping from question id to answer. Keys starting with `_`
are metadata (`_version`: the rule-set version the file was made under).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from cmq_wizard import yamlio
from cmq_wizard.errors import UserError, location
from cmq_wizard.i18n import get_lang, t
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


class Given:
    """Answers as given, before checking: each with where it came from.
    (Plain classes here and below: a dataclass compiles its methods at every start, SPEC §8.)"""

    def __init__(
        self,
        values: dict[str, Any] | None = None,
        where: dict[str, str] | None = None,
        version: str | None = None,
        version_where: str | None = None,
    ) -> None:
        self.values = values if values is not None else {}
        self.where = where if where is not None else {}
        self.version = version
        self.version_where = version_where

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


class Match(NamedTuple):
    """What a given answer names: `choice` when exactly one choice, else the `candidates` (several
    when the text is an ambiguous prefix, none when it names nothing)."""

    choice: str | None
    candidates: tuple[str, ...] = ()


_WORD = re.compile(r"\w+")


class _Names:
    """The ways to name the choices of one question, folded: whole names first, then every
    tail of a name that starts at a word (so that a prefix of any word of a label matches).
    A name is the choice's id, its label or its short label (the menus' words), in either language."""

    def __init__(self, question: CompiledQuestion) -> None:
        self.exact: dict[str, str] = {}
        self.starts: list[tuple[str, str]] = []  # (folded id or label, choice id)
        self.tails: list[tuple[str, str]] = []  # (folded tail of an id or label from a word on, choice id)
        for choice in question.spec.choices:
            short = choice.short
            for name in (choice.id, choice.label.fr, choice.label.en, *((short.fr, short.en) if short else ())):
                if not name:
                    continue
                folded = fold(name)
                self.exact.setdefault(folded, choice.id)
                self.starts.append((folded, choice.id))
                self.tails.extend((folded[m.start() :], choice.id) for m in _WORD.finditer(folded) if m.start())

    def match(self, text: str) -> Match:
        exact = self.exact.get(text)
        if exact is not None:
            return Match(exact, (exact,))
        if not text:
            return Match(None)
        # A prefix of a whole id or label wins over a prefix of one of its later words:
        # "lyc" is the lycee ("Lycée général…"), not also the training_body ("… (lycée professionnel…").
        for names in (self.starts, self.tails):
            found = tuple(dict.fromkeys(cid for name, cid in names if name.startswith(text)))
            if found:
                return Match(found[0] if len(found) == 1 else None, found)
        return Match(None)


class Resolver:
    """Turns given answers into choice ids, with messages a person can act on. Built once.

    A choice is named by its id or its label in either language, in any case and with or
    without accents; or by a prefix of these, or of one of their words, when only one choice
    has it (`entreprise` and `entr` are both the `company`). A prefix that fits several choices
    is refused with the list of them."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self._names: dict[str, _Names] = {}  # made for a question when one of its answers is first read

    def _names_of(self, question: CompiledQuestion) -> _Names:
        names = self._names.get(question.id)
        if names is None:
            names = self._names[question.id] = _Names(question)
        return names

    def match(self, question: CompiledQuestion, value: Any) -> Match:
        """The choice (or the candidate choices) that `value` names."""
        if isinstance(value, bool):
            value = "yes" if value else "no"
        elif isinstance(value, (int, float)):
            value = str(value)
        if not isinstance(value, str):
            return Match(None)
        return self._names_of(question).match(fold(value))

    def choice_id(self, question: CompiledQuestion, value: Any) -> str | None:
        """The id of the choice that `value` names, or None (unknown, or an ambiguous prefix)."""
        return self.match(question, value).choice

    def value_error(
        self, question: CompiledQuestion, value: Any, where: str | None = None, *, found: Match | None = None
    ) -> UserError:
        """The message for a value that names no choice, or several (`found`: its match, when known)."""
        candidates = (found or self.match(question, value)).candidates
        if len(candidates) > 1:
            return UserError(
                t(
                    "answers.ambiguous",
                    key=question.id,
                    value=_shown(value),
                    candidates=t("answers.choice_or").join(self.shown_choice(question, c) for c in candidates),
                ),
                where=where,
                hint=t("answers.hint_ambiguous"),
            )
        return UserError(
            t("answers.bad_value", key=question.id, value=_shown(value)),
            where=where,
            hint=self.allowed_hint(question, value),
        )

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
                raise self.value_error(question, value, where)
            answers[key] = choice
        return answers

    def shown_choice(self, question: CompiledQuestion, choice_id: str) -> str:
        """A choice as a hint shows it: its label in the language shown (the short one of the
        menus, when it has one), then its id."""
        choice = next(c for c in question.spec.choices if c.id == choice_id)
        return t("answers.choice", label=choice.menu_label(get_lang()), id=choice_id)

    def allowed_hint(self, question: CompiledQuestion, value: Any = None) -> str:
        """The choices of a question, labels and ids, after a "Did you mean" when one is close."""
        hint = ""
        if isinstance(value, str) and value:
            names = self._names_of(question).exact
            match = closest(fold(value), names)
            if match:
                hint = t("hint.did_you_mean", match=names[match]) + " "
        choices = ", ".join(self.shown_choice(question, c.id) for c in question.spec.choices)
        return hint + t("answers.hint_choices", choices=choices)


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
