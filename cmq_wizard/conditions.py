"""The declarative condition language of rule files: parse once, evaluate, explain.

A condition is a YAML mapping. Its keys are question ids, whose value is one choice id
(the answer equals it) or a list of choice ids (the answer is one of them); several keys
must all hold. The reserved keys `all`, `any` (a list of conditions) and `not` (one
condition) combine conditions. There is no expression string and no eval.

    {goal: join, profile: [company, institution]}
    {any: [{goal: project}, {not: {profile: lycee}}]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

COMBINATORS = ("all", "any", "not")
# The words that join parts of a condition when it is described; renderers pass translated ones.
WORDS: Mapping[str, str] = {"and": "and", "or": "or", "not": "not"}


class ConditionError(ValueError):
    """A malformed condition; `loc` is the path to the fault inside the condition."""

    def __init__(self, message: str, loc: tuple[Any, ...]) -> None:
        super().__init__(message)
        self.loc = loc


# The four kinds of condition are `NamedTuple`s: immutable values like frozen dataclasses, but
# made in microseconds where a frozen dataclass takes a millisecond of every start (SPEC §8).


class Is(NamedTuple):
    """The answer to `question` is one of `values`."""

    question: str
    values: frozenset[str]
    loc: tuple[Any, ...] = ()

    def test(self, answers: Mapping[str, str]) -> bool:
        return answers.get(self.question) in self.values

    def describe(self, words: Mapping[str, str] = WORDS) -> str:
        if len(self.values) == 1:
            return f"{self.question} = {next(iter(self.values))}"
        return f"{self.question} ∈ {{{', '.join(sorted(self.values))}}}"


class All(NamedTuple):
    items: tuple[Condition, ...]
    loc: tuple[Any, ...] = ()

    def test(self, answers: Mapping[str, str]) -> bool:
        return all(item.test(answers) for item in self.items)

    def describe(self, words: Mapping[str, str] = WORDS) -> str:
        return f" {words['and']} ".join(_paren(item, words) for item in self.items)


class AnyOf(NamedTuple):
    items: tuple[Condition, ...]
    loc: tuple[Any, ...] = ()

    def test(self, answers: Mapping[str, str]) -> bool:
        return any(item.test(answers) for item in self.items)

    def describe(self, words: Mapping[str, str] = WORDS) -> str:
        return f" {words['or']} ".join(_paren(item, words) for item in self.items)


class Not(NamedTuple):
    item: Condition
    loc: tuple[Any, ...] = ()

    def test(self, answers: Mapping[str, str]) -> bool:
        return not self.item.test(answers)

    def describe(self, words: Mapping[str, str] = WORDS) -> str:
        return f"{words['not']} {_paren(self.item, words)}"


Condition = Is | All | AnyOf | Not


def _paren(cond: Condition, words: Mapping[str, str]) -> str:
    text = cond.describe(words)
    return f"({text})" if isinstance(cond, (All, AnyOf)) and len(cond.items) > 1 else text


def _choice_id(value: Any, loc: tuple[Any, ...]) -> str:
    # YAML 1.1 reads an unquoted yes/no as a boolean: take it as the choice it spells.
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, str) and value:
        return value
    if isinstance(value, (int, float)):
        return str(value)
    raise ConditionError(f"a choice id (text) is expected here, not {value!r}", loc)


def parse(raw: Any, loc: tuple[Any, ...] = ()) -> Condition:
    """Turn the YAML form of a condition into a `Condition`, or raise `ConditionError`."""
    if not isinstance(raw, Mapping):
        raise ConditionError("a condition is a mapping such as `{goal: join}` or `{all: [...]}`", loc)
    if not raw:
        raise ConditionError("an empty condition: name at least one question", loc)
    parts: list[Condition] = []
    for key, value in raw.items():
        here = (*loc, key)
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise ConditionError(f"`{key}` takes a non-empty list of conditions", here)
            items = tuple(parse(item, (*here, i)) for i, item in enumerate(value))
            parts.append(All(items, here) if key == "all" else AnyOf(items, here))
        elif key == "not":
            parts.append(Not(parse(value, here), here))
        elif isinstance(key, str) and key:
            if isinstance(value, list):
                if not value:
                    raise ConditionError(f"`{key}` takes at least one choice", here)
                values = frozenset(_choice_id(v, (*here, i)) for i, v in enumerate(value))
            else:
                values = frozenset((_choice_id(value, here),))
            parts.append(Is(key, values, here))
        else:
            raise ConditionError(f"a question id (text) is expected as key, not {key!r}", here)
    return parts[0] if len(parts) == 1 else All(tuple(parts), loc)


def leaves(cond: Condition) -> Iterator[Is]:
    """Every `Is` test inside a condition (for reference checks and dependency analysis)."""
    if isinstance(cond, Is):
        yield cond
    elif isinstance(cond, Not):
        yield from leaves(cond.item)
    else:
        for item in cond.items:
            yield from leaves(item)


def questions_of(cond: Condition | None) -> frozenset[str]:
    return frozenset(leaf.question for leaf in leaves(cond)) if cond is not None else frozenset()


def explain(cond: Condition, answers: Mapping[str, str]) -> dict[str, Any]:
    """A tree saying which parts of `cond` held on `answers`, and with which answer."""
    node: dict[str, Any] = {"condition": cond.describe(), "held": cond.test(answers)}
    if isinstance(cond, Is):
        node["question"] = cond.question
        node["expected"] = sorted(cond.values)
        node["answer"] = answers.get(cond.question)
    elif isinstance(cond, Not):
        node["children"] = [explain(cond.item, answers)]
    else:
        node["children"] = [explain(item, answers) for item in cond.items]
    return node
