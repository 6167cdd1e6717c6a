"""The pure decision engine: answers in, next question or result out. No I/O, no printing.

Questions are asked in the order of the rule set; a question with `ask_when` is on the
path only when its condition holds on the answers given before it. An answer to a question
that the path does not ask is never used (it is reported as `ignored`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from cmq_wizard import conditions
from cmq_wizard.model import (
    VERDICT_ORDER,
    CompiledQuestion,
    CompiledRule,
    Contact,
    FaqEntry,
    RuleSet,
    Text,
)


class IncompleteAnswers(Exception):
    """The answers stop before the end of the path: `question` still has to be answered."""

    def __init__(self, question: CompiledQuestion) -> None:
        super().__init__(question.id)
        self.question = question


class NoRuleMatched(Exception):
    """A complete path that no rule answers (a gap in the rule set; `rules check` finds it)."""

    def __init__(self, answers: Mapping[str, str]) -> None:
        super().__init__(dict(answers))
        self.answers = dict(answers)


class RuleTrace(NamedTuple):
    """Why one rule did or did not match."""

    rule: str
    matched: bool
    verdict: str
    detail: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "matched": self.matched, "verdict": self.verdict, **self.detail}


class Result:
    """The outcome of one consultation; two results are equal when they say the same, whether
    or not they carry the trace of how (`explain`). A plain class where a dataclass would compile
    its methods at every start (SPEC §8)."""

    __slots__ = ("answers", "contacts", "faq", "ignored", "next_steps", "outcomes", "trace", "verdict")

    def __init__(
        self,
        answers: dict[str, str],
        verdict: str,
        outcomes: tuple[CompiledRule, ...],
        faq: tuple[FaqEntry, ...],
        next_steps: tuple[Text, ...],
        contacts: tuple[Contact, ...],
        ignored: tuple[str, ...] = (),
        trace: tuple[RuleTrace, ...] | None = None,
    ) -> None:
        self.answers = answers
        self.verdict = verdict
        self.outcomes = outcomes
        self.faq = faq
        self.next_steps = next_steps
        self.contacts = contacts
        self.ignored = ignored
        self.trace = trace

    def _said(self) -> tuple[Any, ...]:
        return (self.answers, self.verdict, self.outcomes, self.faq, self.next_steps, self.contacts, self.ignored)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Result) and self._said() == other._said()

    __hash__ = None  # type: ignore[assignment]  # it holds dicts: not hashable, as before

    @property
    def deciding(self) -> tuple[CompiledRule, ...]:
        """The matched rules whose verdict is the overall one."""
        return tuple(r for r in self.outcomes if r.spec.verdict == self.verdict)


class Engine:
    """Walks one rule set. Build it once per process; it is immutable and thread-safe."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self._verdict_rank = {v: i for i, v in enumerate(VERDICT_ORDER)}

    def path(self, answers: Mapping[str, str]) -> tuple[list[CompiledQuestion], dict[str, str]]:
        """The questions asked so far on this path, and the answers that belong to it.

        Stops at the first question on the path that has no answer yet.
        """
        asked: list[CompiledQuestion] = []
        kept: dict[str, str] = {}
        for question in self.ruleset.questions:
            if question.ask_when is not None and not question.ask_when.test(kept):
                continue
            asked.append(question)
            answer = answers.get(question.id)
            if answer is None:
                break
            kept[question.id] = answer
        return asked, kept

    def next_question(self, answers: Mapping[str, str]) -> CompiledQuestion | None:
        """The next question to ask, or None when the answers are complete."""
        asked, kept = self.path(answers)
        if asked and asked[-1].id not in kept:
            return asked[-1]
        return None

    def prune(self, answers: Mapping[str, str]) -> dict[str, str]:
        """Only the answers that the path asks for, in the order they are asked."""
        return self.path(answers)[1]

    def evaluate(self, answers: Mapping[str, str], *, explain: bool = False) -> Result:
        """The result for complete answers. Raises IncompleteAnswers or NoRuleMatched."""
        asked, kept = self.path(answers)
        if asked and asked[-1].id not in kept:
            raise IncompleteAnswers(asked[-1])
        matched = tuple(rule for rule in self.ruleset.rules if rule.when.test(kept))
        if not matched:
            raise NoRuleMatched(kept)
        verdict = min((r.spec.verdict for r in matched), key=self._verdict_rank.__getitem__)
        rs = self.ruleset
        faq_ids = _unique(fid for r in matched for fid in r.spec.faq)
        contact_ids = _unique(cid for r in matched for cid in r.spec.contacts)
        steps = _unique(step for r in matched for step in r.spec.next_steps)
        trace = self.trace(kept) if explain else None
        return Result(
            answers=kept,
            verdict=verdict,
            outcomes=matched,
            faq=tuple(rs.faq_by_id[i] for i in faq_ids),
            next_steps=tuple(steps),
            contacts=tuple(rs.contact_by_id[i] for i in contact_ids),
            ignored=tuple(q for q in answers if q not in kept),
            trace=trace,
        )

    def question_count(self, answers: Mapping[str, str]) -> tuple[int, int]:
        """The fewest and the most questions a complete path through `answers` asks, answered ones included.

        With no answers it says how long a consultation is (« 2 à 4 questions »); with some, how
        many questions the path can still ask (« Question 2 sur 3 ou 4 »).
        """
        lengths = set()
        stack = [self.prune(answers)]
        while stack:
            given = stack.pop()
            question = self.next_question(given)
            if question is None:
                lengths.add(len(given))
                continue
            stack.extend({**given, question.id: choice.id} for choice in question.spec.choices)
        return min(lengths), max(lengths)

    def paths(self) -> Iterator[dict[str, str]]:
        """Every complete path of answers the questions allow, depth first, in choice order."""
        stack: list[dict[str, str]] = [{}]
        while stack:
            answers = stack.pop()
            question = self.next_question(answers)
            if question is None:
                yield answers
                continue
            for choice in reversed(question.spec.choices):
                stack.append({**answers, question.id: choice.id})

    def trace(self, answers: Mapping[str, str]) -> tuple[RuleTrace, ...]:
        """Rule by rule, which conditions held and which failed."""
        return tuple(
            RuleTrace(rule.id, rule.when.test(answers), rule.spec.verdict, conditions.explain(rule.when, answers))
            for rule in self.ruleset.rules
        )


def _unique(items: Any) -> list[Any]:
    return list(dict.fromkeys(items))
