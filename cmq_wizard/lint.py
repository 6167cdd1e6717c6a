"""Static checks of a rule set (`cmq-wizard rules check`): every fault with file:line and a fix.

On top of what the loader finds (schema errors, duplicate ids, unknown references), the checks
walk every reachable path of answers once:

- **ask_when order**: a question's `ask_when` may read only questions asked before it; one that
  reads itself, a later question, or takes part in a cycle is an error;
- **completeness**: every reachable path gets at least one outcome (the path is printed);
- **reachability**: every rule matches on some path; every FAQ entry is shown on some path;
- **choices told apart** (warning): a question is worth asking only if its answer changes
  something: the outcomes, or which questions come next. A question whose every choice gives the
  same outcomes on every path (all other answers equal) is reported. Choices merged on purpose
  (several levels of `learner_level` that all lead to the same rule) are not: it is enough that
  one choice of the question tells the outcome apart somewhere;
- **examples**: every rule example is run (answers → verdict and the exact set of outcome ids);
  a rule that no example's result includes is reported (warning);
- **provenance and drift** (`provenance.py`): every text the project wrote names the FAQ entries
  it is derived from; a FAQ entry whose French text changed since the last `rules stamp` names
  every text derived from it;
- **English** (warning), when the rule set's `languages` includes `en`: every question, choice,
  rule text, contact, verdict word and FAQ text has its English.

Cost: the paths are enumerated depth first, sharing prefixes; at each path's end only the rules
indexed under one of its answers are tested (each rule is indexed under its most specific
necessary `question: choice` test), so the work grows with the number of reachable paths times
the rules that can match there, not paths × rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmq_wizard import conditions, yamlio
from cmq_wizard.i18n import t
from cmq_wizard.loader import QUESTIONS_FILE, RULESET_FILE, Problem, collect, collector_paused
from cmq_wizard.model import VERDICT_ORDER, CompiledQuestion, CompiledRule, RuleSet, Text

_RANK = {v: i for i, v in enumerate(VERDICT_ORDER)}


@dataclass(frozen=True)
class PathResult:
    """One reachable path of answers (in the order asked) and what the rules conclude."""

    answers: dict[str, str]
    outcomes: tuple[CompiledRule, ...]

    @property
    def verdict(self) -> str | None:
        if not self.outcomes:
            return None
        return min((r.spec.verdict for r in self.outcomes), key=_RANK.__getitem__)

    @property
    def outcome_ids(self) -> list[str]:
        return [r.id for r in self.outcomes]


@dataclass
class Report:
    """What `rules check` found, and (when the rule set loaded) every path it walked."""

    problems: list[Problem] = field(default_factory=list)
    ruleset: RuleSet | None = None
    paths: list[PathResult] | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


# --- Walking every path ------------------------------------------------------------------------


def _necessary_tests(cond: conditions.Condition) -> Iterable[conditions.Is]:
    """The `Is` tests that must hold for `cond` to hold."""
    if isinstance(cond, conditions.Is):
        yield cond
    elif isinstance(cond, conditions.All):
        for item in cond.items:
            yield from _necessary_tests(item)


class RuleIndex:
    """Finds the rules that match complete answers, testing only those that can."""

    def __init__(self, ruleset: RuleSet) -> None:
        position = {q.id: i for i, q in enumerate(ruleset.questions)}
        self.rules = ruleset.rules
        self.always: list[int] = []
        self.by_answer: dict[str, dict[str, list[int]]] = {}
        for n, rule in enumerate(self.rules):
            tests = [leaf for leaf in _necessary_tests(rule.when) if leaf.question in position]
            if not tests:
                self.always.append(n)
                continue
            # The most specific guard: the latest question, then the fewest choices.
            guard = max(tests, key=lambda leaf: (position[leaf.question], -len(leaf.values)))
            slots = self.by_answer.setdefault(guard.question, {})
            for value in guard.values:
                slots.setdefault(value, []).append(n)

    def match(self, answers: Mapping[str, str]) -> tuple[CompiledRule, ...]:
        candidates = list(self.always)
        for question, answer in answers.items():
            slots = self.by_answer.get(question)
            if slots is not None:
                candidates.extend(slots.get(answer, ()))
        candidates.sort()
        return tuple(self.rules[n] for n in candidates if self.rules[n].when.test(answers))


def _asked(question: CompiledQuestion, answers: Mapping[str, str]) -> bool:
    return question.ask_when is None or question.ask_when.test(answers)


Prefix = tuple[tuple[str, str], ...]


def walk(ruleset: RuleSet, index: RuleIndex | None = None, tree: dict[Prefix, Any] | None = None) -> list[PathResult]:
    """Every complete path of answers the questions allow, depth first in choice order (as
    `Engine.paths`), each with the rules that match it (as `Engine.evaluate`).

    With `tree`, also records each node of the path tree: its answers so far → the index of
    the question asked next, or the `PathResult` at the end of a path (see `follow`).
    """
    index = index or RuleIndex(ruleset)
    questions = ruleset.questions
    count = len(questions)
    found: list[PathResult] = []
    stack: list[tuple[int, dict[str, str]]] = [(0, {})]
    while stack:
        i, answers = stack.pop()
        while i < count and not _asked(questions[i], answers):
            i += 1
        if i == count:
            found.append(PathResult(answers, index.match(answers)))
            if tree is not None:
                tree[tuple(answers.items())] = found[-1]
            continue
        if tree is not None:
            tree[tuple(answers.items())] = i
        question = questions[i]
        for choice in reversed(question.spec.choices):
            stack.append((i + 1, {**answers, question.id: choice.id}))
    return found


def follow(
    tree: dict[Prefix, Any], ruleset: RuleSet, answers: Mapping[str, str]
) -> tuple[PathResult | None, CompiledQuestion | None]:
    """Down the path tree along `answers`: the path's result, or the first question unanswered.
    Answers to questions the path does not ask are left aside (as `Engine.path` does)."""
    prefix: Prefix = ()
    while True:
        node = tree[prefix]
        if isinstance(node, PathResult):
            return node, None
        question = ruleset.questions[node]
        answer = answers.get(question.id)
        if answer is None:
            return None, question
        prefix = (*prefix, (question.id, answer))


# --- Locations -----------------------------------------------------------------------------------


class _Places:
    """file:line of anything in the rule set, from the documents the loader kept."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.rs = ruleset
        self.rule_loc: dict[str, tuple[Path, tuple[Any, ...]]] = {}
        for path, doc in ruleset.documents.items():
            items = doc.get("rules") if isinstance(doc, dict) else None
            if isinstance(items, list):
                for i, item in enumerate(items):
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        self.rule_loc.setdefault(item["id"], (path, ("rules", i)))
        self.questions_path = ruleset.rules_dir / QUESTIONS_FILE
        self.meta_path = ruleset.rules_dir / RULESET_FILE
        self.question_pos = {q.id: i for i, q in enumerate(ruleset.questions)}

    def at(self, path: Path, loc: tuple[Any, ...]) -> str:
        line = yamlio.line_of(self.rs.documents.get(path), loc)
        return f"{path}:{line}" if line else str(path)

    def rule(self, rule_id: str, *loc: Any) -> str:
        path, base = self.rule_loc[rule_id]
        return self.at(path, (*base, *loc))

    def question(self, question_id: str, *loc: Any) -> str:
        return self.at(self.questions_path, ("questions", self.question_pos[question_id], *loc))

    def choice(self, question: CompiledQuestion, choice_id: str) -> str:
        j = next(j for j, c in enumerate(question.spec.choices) if c.id == choice_id)
        return self.question(question.id, "choices", j)


def _shown(answers: Mapping[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in answers.items())


# --- The checks ------------------------------------------------------------------------------------


def check(rules_dir: Path, faq_path: Path) -> Report:
    """Every problem of the rule set in `rules_dir` and the FAQ in `faq_path`."""
    with collector_paused():  # walking the paths makes many objects too, none in a cycle
        ruleset, problems = collect(rules_dir, faq_path)
        return inspect(ruleset, problems)


def inspect(ruleset: RuleSet | None, problems: Iterable[Problem] = ()) -> Report:
    """The checks beyond loading: `problems` (the loader's) plus what walking the paths finds."""
    report = Report(list(problems), ruleset)
    if ruleset is None:
        return report
    places = _Places(ruleset)
    out = report.problems
    out += _order_problems(ruleset, places)
    tree: dict[Prefix, Any] = {}
    report.paths = walk(ruleset, RuleIndex(ruleset), tree)
    out += _path_problems(ruleset, places, report.paths)
    out += _example_problems(ruleset, places, tree)
    from cmq_wizard import provenance

    out += provenance.problems(ruleset, places, report.paths)
    if "en" in ruleset.meta.languages:
        out += _english_problems(ruleset, places)
    out += control_problems(ruleset.documents)
    return report


def control_problems(documents: Mapping[Path, Any]) -> list[Problem]:
    """A control character (ESC, C1, a bidi override…) in any text of the files, with its file:line.

    YAML lets a quoted string carry one (`"\\e]52;…"`); shown on a terminal it would be obeyed.
    The renderers make it visible anyway (`cmq_wizard.safe`); here the editor is told."""
    from cmq_wizard import safe

    found: list[Problem] = []

    def visit(path: Path, value: Any, line: int | None) -> None:
        if isinstance(value, str):
            first = safe.first_control(value)
            if first is not None:
                where = f"{path}:{line}" if line else str(path)
                message = t("lint.control_char", char=first[1], text=safe.echo(value, 40))
                found.append(Problem("error", where, message, t("lint.hint_control_char")))
        elif isinstance(value, yamlio.YMap):
            for key, item in value.items():
                key_line = value.key_lines.get(key, value.line)
                visit(path, key, key_line)
                visit(path, item, key_line)
        elif isinstance(value, yamlio.YList):
            for item_line, item in zip(value.item_lines, value, strict=True):
                visit(path, item, item_line)

    for path, document in documents.items():
        visit(path, document, getattr(document, "line", None))
    return found


def _error(where: str, message: str, hint: str, subject: str) -> Problem:
    return Problem("error", where, message, hint, subject)


def _warning(where: str, message: str, hint: str, subject: str) -> Problem:
    return Problem("warning", where, message, hint, subject)


def _order_problems(rs: RuleSet, places: _Places) -> list[Problem]:
    """ask_when conditions may read only questions asked before: no self, no later, no cycle."""
    found: list[Problem] = []
    position = places.question_pos
    deps: dict[str, dict[str, conditions.Is]] = {}
    for question in rs.questions:
        if question.ask_when is not None:
            reads: dict[str, conditions.Is] = {}
            for leaf in conditions.leaves(question.ask_when):
                reads.setdefault(leaf.question, leaf)
            deps[question.id] = reads

    def where(question: str, leaf: conditions.Is) -> str:
        return places.question(question, "ask_when", *leaf.loc)

    in_cycle: set[tuple[str, str]] = set()
    for cycle in _cycles({q: [d for d in reads if d != q and d in position] for q, reads in deps.items()}):
        first = cycle[0]
        edges = list(zip(cycle, [*cycle[1:], first], strict=True))
        in_cycle.update(edges)
        found.append(
            _error(
                where(first, deps[first][cycle[1] if len(cycle) > 1 else first]),
                t("lint.cycle", cycle=" → ".join([*cycle, first])),
                t("lint.hint_cycle"),
                first,
            )
        )
    for question in rs.questions:
        for other, leaf in deps.get(question.id, {}).items():
            if other == question.id:
                found.append(
                    _error(
                        where(question.id, leaf),
                        t("lint.self_dependency", question=question.id),
                        t("lint.hint_self_dependency"),
                        question.id,
                    )
                )
            elif other in position and position[other] > position[question.id] and (question.id, other) not in in_cycle:
                found.append(
                    _error(
                        where(question.id, leaf),
                        t("lint.later_dependency", question=question.id, other=other, where=places.question(other)),
                        t("lint.hint_later_dependency", question=question.id, other=other),
                        question.id,
                    )
                )
    return found


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """The cycles of a small dependency graph, one per strongly connected set, in file order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan; the graph has one node per question
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in graph:
        if node not in index:
            visit(node)
    order = list(graph)
    cycles = []
    for group in groups:
        start = min(group, key=order.index)
        cycles.append(_cycle_from(start, graph, set(group)))
    return sorted(cycles, key=lambda c: order.index(c[0]))


def _cycle_from(start: str, graph: dict[str, list[str]], members: set[str]) -> list[str]:
    """The shortest cycle through `start` inside `members` (breadth first)."""
    parents: dict[str, str | None] = {start: None}
    queue = [start]
    for node in queue:
        for nxt in graph.get(node, ()):
            if nxt == start:
                cycle = [node]
                while (parent := parents[cycle[-1]]) is not None:
                    cycle.append(parent)
                return cycle[::-1]
            if nxt in members and nxt not in parents:
                parents[nxt] = node
                queue.append(nxt)
    return [start]


def _path_problems(rs: RuleSet, places: _Places, paths: list[PathResult]) -> list[Problem]:
    found: list[Problem] = []
    matched: set[str] = set()
    for path in paths:
        if not path.outcomes:
            last_q, last_a = next(reversed(path.answers.items())) if path.answers else (None, None)
            where = places.choice(rs.question_by_id[last_q], last_a) if last_q and last_a else str(rs.rules_dir)
            found.append(
                _error(
                    where,
                    t("lint.incomplete", answers=_shown(path.answers)),
                    t("lint.hint_incomplete"),
                    f"{last_q}={last_a}",
                )
            )
        matched.update(r.id for r in path.outcomes)
    for rule in rs.rules:
        if rule.id not in matched:
            found.append(
                _error(str(rule.origin), t("lint.unreachable", rule=rule.id), t("lint.hint_unreachable"), rule.id)
            )
    shown = {fid for rule in rs.rules if rule.id in matched for fid in rule.spec.faq}
    for entry in rs.faq.entries:
        if entry.id not in shown:
            found.append(
                _error(
                    str(rs.origins[("faq", entry.id)]),
                    t("lint.faq_unshown", entry=entry.id),
                    t("lint.hint_faq_unshown"),
                    entry.id,
                )
            )
    found += _undistinguished(rs, places, paths)
    return found


def _undistinguished(rs: RuleSet, places: _Places, paths: list[PathResult]) -> list[Problem]:
    """Questions whose answer changes nothing: not the outcomes, not the questions that follow.

    Paths are grouped by all their answers but this question's. In a group, the choices of the
    question are told apart when some choice is missing (the answer changed which questions
    follow) or when two choices give different outcomes.
    """
    found: list[Problem] = []
    for question in rs.questions:
        qid = question.id
        n_choices = len(question.spec.choices)
        groups: dict[tuple[tuple[str, str], ...], dict[str, tuple[str, ...]]] = {}
        seen = False
        for path in paths:
            if qid not in path.answers:
                continue
            seen = True
            key = tuple((k, v) for k, v in path.answers.items() if k != qid)
            groups.setdefault(key, {})[path.answers[qid]] = tuple(path.outcome_ids)
        if not seen:
            continue  # never asked: the unreachable rules (or the ask_when order) say why
        told_apart = any(len(g) < n_choices or len(set(g.values())) > 1 for g in groups.values())
        if not told_apart:
            found.append(
                _warning(
                    places.question(qid),
                    t("lint.undistinguished", question=qid),
                    t("lint.hint_undistinguished"),
                    qid,
                )
            )
    return found


def _example_problems(rs: RuleSet, places: _Places, tree: dict[Prefix, Any]) -> list[Problem]:
    from cmq_wizard.answers import Given, Resolver
    from cmq_wizard.errors import UserError

    found: list[Problem] = []
    resolver = Resolver(rs)
    exercised: set[str] = set()
    for rule in rs.rules:
        for j, example in enumerate(rule.spec.examples):
            n = j + 1
            try:
                answers = resolver.resolve(Given(values=dict(example.answers)))
            except UserError:
                # Once more, now with where each answer is written, for the message.
                given = Given(
                    values=dict(example.answers),
                    where={k: places.rule(rule.id, "examples", j, "answers", k) for k in example.answers},
                )
                try:
                    resolver.resolve(given)
                except UserError as exc:
                    found.append(_error(exc.where or "?", exc.message, exc.hint or "", rule.id))
                continue
            result, missing = follow(tree, rs, answers)
            if missing is not None:
                found.append(
                    _error(
                        places.rule(rule.id, "examples", j),
                        t("lint.example_incomplete", n=n, rule=rule.id, question=missing.id),
                        t(
                            "lint.hint_example_incomplete",
                            question=missing.id,
                            choices=", ".join(c.id for c in missing.spec.choices),
                        ),
                        rule.id,
                    )
                )
                continue
            assert result is not None
            kept, outcomes = result.answers, result.outcomes
            exercised.update(r.id for r in outcomes)
            sets = " ".join(f"--set {k}={v}" for k, v in kept.items())
            if not outcomes:
                found.append(
                    _error(
                        places.rule(rule.id, "examples", j),
                        t("lint.example_no_outcome", n=n, rule=rule.id, answers=_shown(kept)),
                        t("lint.hint_incomplete"),
                        rule.id,
                    )
                )
                continue
            if result.verdict != example.verdict:
                found.append(
                    _error(
                        places.rule(rule.id, "examples", j, "verdict"),
                        t("lint.example_verdict", n=n, rule=rule.id, expected=example.verdict, actual=result.verdict),
                        t("lint.hint_example", sets=sets),
                        rule.id,
                    )
                )
            if example.outcomes is not None and set(example.outcomes) != set(result.outcome_ids):
                found.append(
                    _error(
                        places.rule(rule.id, "examples", j, "outcomes"),
                        t(
                            "lint.example_outcomes",
                            n=n,
                            rule=rule.id,
                            expected=", ".join(sorted(example.outcomes)),
                            actual=", ".join(sorted(result.outcome_ids)),
                        ),
                        t("lint.hint_example", sets=sets),
                        rule.id,
                    )
                )
    for rule in rs.rules:
        if rule.id not in exercised:
            found.append(
                _warning(str(rule.origin), t("lint.unexercised", rule=rule.id), t("lint.hint_unexercised"), rule.id)
            )
    return found


def _english_problems(rs: RuleSet, places: _Places) -> list[Problem]:
    """Warnings for every text that has French only, where the rule set offers English."""
    found: list[Problem] = []

    def need(text: Text | None, where: str, kind: str, subject: str, name: str) -> None:
        if text is not None and text.en is None:
            found.append(
                _warning(
                    where,
                    t("lint.no_english", kind=t(kind), id=subject, field=name),
                    t("lint.hint_no_english"),
                    subject,
                )
            )

    meta = rs.meta
    meta_at = places.meta_path

    def at_meta(*loc: Any) -> str:
        return places.at(meta_at, loc)

    version = meta.version
    for name in ("name", "title", "tagline"):
        need(getattr(meta, name), at_meta(name), "kind.ruleset", version, name)
    for verdict, words in meta.verdicts.items():
        need(words.label, at_meta("verdicts", verdict, "label"), "kind.verdict", verdict, "label")
        need(words.summary, at_meta("verdicts", verdict, "summary"), "kind.verdict", verdict, "summary")
    for i, contact in enumerate(meta.contacts):
        need(contact.name, at_meta("contacts", i, "name"), "kind.contact", contact.id, "name")
        need(contact.how, at_meta("contacts", i, "how"), "kind.contact", contact.id, "how")
    for question in rs.questions:
        spec = question.spec
        need(spec.text, places.question(spec.id, "text"), "kind.question", spec.id, "text")
        need(spec.help, places.question(spec.id, "help"), "kind.question", spec.id, "help")
        for j, choice in enumerate(spec.choices):
            need(
                choice.label,
                places.question(spec.id, "choices", j, "label"),
                "kind.choice",
                f"{spec.id}.{choice.id}",
                "label",
            )
    for rule in rs.rules:
        spec_r = rule.spec
        need(spec_r.title, places.rule(rule.id, "title"), "kind.rule", rule.id, "title")
        need(spec_r.reason, places.rule(rule.id, "reason"), "kind.rule", rule.id, "reason")
        for k, step in enumerate(spec_r.next_steps):
            need(step, places.rule(rule.id, "next_steps", k), "kind.rule", rule.id, f"next_steps[{k + 1}]")
    faq_at = rs.faq_path

    def at_faq(*loc: Any) -> str:
        return places.at(faq_at, loc)

    need(rs.faq.source.title, at_faq("source", "title"), "kind.faq", "source", "title")
    for i, entry in enumerate(rs.faq.entries):
        for name in ("question", "answer", "aside"):
            need(getattr(entry, name), at_faq("entries", i, name), "kind.faq", entry.id, name)
    return found
