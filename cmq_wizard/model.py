"""Typed shapes of the content files (validated with pydantic on load) and of the rule set.

The pydantic models describe the files exactly as they are written; the JSON Schemas in
`schemas/` are generated from them. `RuleSet` is the validated, compiled whole that the
engine works on.

No `from __future__ import annotations` here: pydantic would `eval` every field's annotation,
written as a string, each time the classes are made, at every start (SPEC §8, speed).
"""

from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema, model_validator

from cmq_wizard.conditions import Condition
from cmq_wizard.safe import visible

Verdict = Literal["eligible", "conditional", "not_eligible", "info"]
# Most restrictive first: the overall verdict of a result is the first of these that matches.
VERDICT_ORDER: tuple[str, ...] = ("not_eligible", "conditional", "eligible", "info")

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*(-[a-z0-9_]+)*$", max_length=80),
    Field(description="A stable identifier: lower-case letters, digits, '_' and '-'."),
]
SiteUrl = Annotated[
    str,
    StringConstraints(pattern=r"^https?://[^\s#]+$", max_length=200),
    Field(description="An http(s) address, without a fragment (the answers go there)."),
]
Lang = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
# In the JSON Schema a condition is the recursive `Condition` that `cmq_wizard.schema` defines;
# the models mark where it goes (pydantic cannot refer to a definition it does not know).
CONDITION_MARK = "x-cmq-condition"


def _condition_ref(schema: dict[str, Any]) -> None:
    description = schema.get("description")
    schema.clear()
    schema[CONDITION_MARK] = True
    if description:
        schema["description"] = description


def _plain_string_too(schema: dict[str, Any]) -> None:
    """JSON Schema: a `Text` may also be written as a plain string (the French text)."""
    as_object = {k: v for k, v in schema.items() if k not in ("title", "description")}
    for key in list(as_object):
        del schema[key]
    schema["anyOf"] = [{"type": "string", "minLength": 1}, as_object]


ConditionSpec = Annotated[
    dict[str, Any],
    Field(
        description=(
            "A condition: {question: choice}, {question: [choice, ...]} (one of), several keys "
            "(all of them), or the combinators all: [...], any: [...], not: {...}."
        ),
        json_schema_extra=_condition_ref,
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)


class Text(_Strict):
    """A text in several languages; French is required, the others fall back to it."""

    model_config = ConfigDict(json_schema_extra=_plain_string_too)

    fr: Annotated[str, StringConstraints(min_length=1)]
    en: Annotated[str, StringConstraints(min_length=1)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain_string_is_french(cls, value: Any) -> Any:
        return {"fr": value} if isinstance(value, str) else value

    def get(self, lang: str) -> str:
        """The text in `lang`, control characters made visible: content never drives a terminal."""
        return visible((self.en if lang == "en" else None) or self.fr)


# Where a text the project wrote comes from: the FAQ entries it is derived from, or `interface`
# for pure interface wording that states nothing of the FAQ (`rules check` reports a text
# without it, and names the texts of an entry whose French text changed since the last review).
INTERFACE = "interface"


def _interface_alone(value: Any) -> Any:
    """`from: interface` is read as the one-item list `[interface]`."""
    return (INTERFACE,) if value == INTERFACE else value


Provenance = Annotated[
    tuple[Id, ...],
    BeforeValidator(_interface_alone),
    WithJsonSchema(
        {
            "description": (
                "Where this text comes from: the ids of the FAQ entries it is derived from, "
                "or `interface` for interface wording that says nothing of the FAQ."
            ),
            "anyOf": [
                {"const": INTERFACE},
                {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*(-[a-z0-9_]+)*$", "maxLength": 80},
                },
            ],
        }
    ),
]


def sources_of(provenance: tuple[str, ...] | None) -> tuple[str, ...]:
    """The FAQ entries a provenance names (none for interface wording)."""
    return tuple(i for i in provenance or () if i != INTERFACE)


# The fingerprint of a FAQ entry's French text, as `cmq-wizard rules stamp` records it.
Fingerprint = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]


class Guidance(Text):
    """A text the project wrote (a title, reason, next step, verdict summary), with its provenance
    beside it: `{fr: …, en: …, from: [faq-entry-id]}`."""

    from_: Provenance | None = Field(default=None, alias="from")

    @property
    def sources(self) -> tuple[str, ...]:
        """The FAQ entries this text is derived from (none for interface wording)."""
        return sources_of(self.from_)


class Choice(_Strict):
    id: Id
    label: Text
    short: Text | None = Field(
        default=None,
        description="A short label for the menus (at most 50 characters); the full label is shown under the list.",
    )

    def menu_label(self, lang: str) -> str:
        return (self.short or self.label).get(lang)


class Question(_Strict):
    id: Id
    text: Text
    short: Text | None = Field(
        default=None, description="A few words that name the question in a recap of the answers (« Profil »)."
    )
    help: Text | None = None
    ask_when: ConditionSpec | None = Field(
        default=None, description="Ask this question only when this condition holds."
    )
    choices: Annotated[list[Choice], Field(min_length=1)]


class QuestionsFile(_Strict):
    questions: Annotated[list[Question], Field(min_length=1)]


class Example(_Strict):
    """Answers, and what the whole rule set must conclude from them."""

    answers: dict[str, Any]
    verdict: Verdict
    outcomes: list[Id] | None = Field(
        default=None, description="The ids of all the rules that must match, in any order."
    )


class Rule(_Strict):
    id: Id
    when: ConditionSpec
    verdict: Verdict
    title: Guidance
    reason: Guidance | None = Field(default=None, description="Why: said first, for a restrictive verdict.")
    faq: list[Id] = []
    next_steps: list[Guidance] = []
    contacts: list[Id] = []
    examples: list[Example] = []


class RulesFile(_Strict):
    rules: Annotated[list[Rule], Field(min_length=1)]


class Contact(_Strict):
    id: Id
    from_: Provenance | None = Field(default=None, alias="from")
    name: Text
    how: Text | None = None

    @property
    def sources(self) -> tuple[str, ...]:
        return sources_of(self.from_)


class VerdictText(_Strict):
    label: Text
    summary: Guidance


class RulesetFile(_Strict):
    version: Annotated[str, StringConstraints(min_length=1)]
    name: Text
    title: Text
    tagline: Text | None = None
    languages: list[Lang] = ["fr"]
    verdicts: dict[Verdict, VerdictText]
    contacts: list[Contact] = []
    site_url: SiteUrl | None = Field(
        default=None,
        description=(
            "The public address of the static page (`cmq-wizard site`). When set, the kiosk's result "
            "shows a QR code that opens it with the visitor's answers (see cmq_wizard/siteurl.py)."
        ),
    )
    reviewed: dict[Id, Fingerprint] | None = Field(
        default=None,
        description=(
            "Written by `cmq-wizard rules stamp`: the fingerprint of each FAQ entry's French text when "
            "the texts derived from it were last reviewed."
        ),
    )


class FaqEntry(_Strict):
    id: Id
    question: Text
    answer: Text
    aside: Text | None = Field(default=None, description="A remark the source makes after the answer.")


class FaqSource(_Strict):
    title: Text
    updated: Annotated[str, StringConstraints(min_length=1)]


class FaqFile(_Strict):
    source: FaqSource
    entries: Annotated[list[FaqEntry], Field(min_length=1)]


# The compiled shapes below are a NamedTuple and plain classes, not dataclasses: a dataclass is
# made by compiling its methods at every start, a millisecond each (SPEC §8, speed).


class Origin(NamedTuple):
    """Where a thing is defined."""

    file: Path
    line: int | None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else str(self.file)


class CompiledQuestion:
    """A question with its `ask_when` compiled, and where it is defined (equal only to itself)."""

    __slots__ = ("ask_when", "origin", "spec")

    def __init__(self, spec: Question, ask_when: Condition | None, origin: Origin) -> None:
        self.spec = spec
        self.ask_when = ask_when
        self.origin = origin

    @property
    def id(self) -> str:
        return self.spec.id


class CompiledRule:
    """A rule with its `when` compiled, and where it is defined (equal only to itself)."""

    __slots__ = ("origin", "spec", "when")

    def __init__(self, spec: Rule, when: Condition, origin: Origin) -> None:
        self.spec = spec
        self.when = when
        self.origin = origin

    @property
    def id(self) -> str:
        return self.spec.id


class RuleSet:
    """Everything the engine needs, validated and compiled; plus where each piece came from."""

    def __init__(
        self,
        meta: RulesetFile,
        questions: list[CompiledQuestion],
        rules: list[CompiledRule],
        faq: FaqFile,
        rules_dir: Path,
        faq_path: Path,
        origins: dict[tuple[str, str], Origin] | None = None,
        documents: dict[Path, Any] | None = None,
    ) -> None:
        self.meta = meta
        self.questions = questions
        self.rules = rules
        self.faq = faq
        self.rules_dir = rules_dir
        self.faq_path = faq_path
        self.origins = origins if origins is not None else {}
        self.documents = documents if documents is not None else {}
        self.question_by_id = {q.id: q for q in self.questions}
        self.rule_by_id = {r.id: r for r in self.rules}
        self.faq_by_id = {e.id: e for e in self.faq.entries}
        self.contact_by_id = {c.id: c for c in self.meta.contacts}

    @property
    def version(self) -> str:
        return self.meta.version
