"""`cmq-wizard stats FILE`: tallies a demo record (`demo --record`), one JSON line a visit.

The two first questions of the rule set (who, and what for) make the cross table; verdicts are
counted and drawn as bars. A line that is not a visit is reported with its number and skipped.

Nothing read from the record is ever parsed as rich markup: every text is a `Text` object, its
control characters made visible (`cmq_wizard.safe`), so a goal of `[/bold]` is shown as written.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cmq_wizard import safe, terminal, yamlio
from cmq_wizard.i18n import t
from cmq_wizard.model import VERDICT_ORDER, RuleSet
from cmq_wizard.settings import Settings
from cmq_wizard.typography import shown

MAX_RECORD_BYTES = 200 * yamlio.MB
BAR = "█"


@dataclass
class Tally:
    visits: int = 0
    first: datetime | None = None
    last: datetime | None = None
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    verdicts: Counter[str] = field(default_factory=Counter)
    problems: list[tuple[int, str]] = field(default_factory=list)


def parse_visit(line: str, axes: tuple[str, str]) -> tuple[datetime, str, str, str]:
    """(timestamp, first answer, second answer, verdict) of one line, or ValueError saying why."""
    try:
        data: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        from cmq_wizard.jsontext import problem

        raise ValueError(t("stats.bad_json", detail=problem(exc), column=exc.colno)) from None
    except RecursionError:  # `[[[[…` thousands deep: a bad line like any other
        raise ValueError(t("stats.bad_shape")) from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("answers"), dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in data["answers"].items())
        or not isinstance(data.get("timestamp"), str)
        or not isinstance(data.get("outcomes", []), list)
    ):
        raise ValueError(t("stats.bad_shape"))
    verdict = data.get("verdict")
    if verdict not in VERDICT_ORDER:
        raise ValueError(t("stats.bad_verdict", value=safe.echo(verdict)))
    try:
        when = datetime.fromisoformat(data["timestamp"])
    except ValueError:
        raise ValueError(t("stats.bad_timestamp", value=safe.echo(data["timestamp"]))) from None
    answers = data["answers"]
    return when, answers.get(axes[0], "—"), answers.get(axes[1], "—"), str(verdict)


def tally(text: str, axes: tuple[str, str]) -> Tally:
    out = Tally()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            when, row, column, verdict = parse_visit(line, axes)
        except ValueError as exc:
            out.problems.append((number, str(exc)))
            continue
        out.visits += 1
        # Timestamps with and without an offset cannot be compared: compare them as written.
        key = when.replace(tzinfo=None)
        if out.first is None or key < out.first.replace(tzinfo=None):
            out.first = when
        if out.last is None or key > out.last.replace(tzinfo=None):
            out.last = when
        out.pairs[row, column] += 1
        out.verdicts[verdict] += 1
    return out


def _labels(ruleset: RuleSet, qid: str, lang: str) -> tuple[str, dict[str, str]]:
    """A question's text and its choices' short labels (what comes before a parenthesis)."""
    question = ruleset.question_by_id[qid]
    labels = {c.id: c.label.get(lang).split(" (")[0] for c in question.spec.choices}
    return question.spec.text.get(lang), labels


def _plain(text: str, style: str = "") -> Any:
    """A rich `Text` of data: never markup, control characters visible, on one line, set as the
    language shown sets it (and never broken before a French « ? »)."""
    from cmq_wizard.render.rich_ import Typeset

    return Typeset(shown(safe.one_line(text)), style=style)


def _date(when: datetime, lang: str) -> str:
    return when.strftime("%d/%m/%Y %H:%M" if lang == "fr" else "%Y-%m-%d %H:%M")


def stats(settings: Settings, path: Path) -> int:
    from rich.table import Table

    text = yamlio.read_text(path, max_bytes=MAX_RECORD_BYTES, what=t("what.record"))
    ruleset = settings.ruleset
    lang = settings.lang
    questions = [q.id for q in ruleset.questions]
    axes = (questions[0], questions[1] if len(questions) > 1 else questions[0])
    result = tally(text, axes)
    for number, problem in result.problems:
        terminal.note(f"{path}:{number}: {t('stats.bad_line', problem=problem)}")

    # The terminal's full width (the table is wide); 100 columns when written to a pipe or file.
    width = None if terminal.is_tty(sys.stdout) else 100
    console = terminal.rich_console(width=width, highlight=False, no_color=not terminal.wants_colour())
    console.print(_plain(t("stats.title"), style="bold"))
    if result.visits == 0 or result.first is None or result.last is None:
        console.print(_plain(t("stats.no_visits")))
        return 0
    period = t("stats.period", first=_date(result.first, lang), last=_date(result.last, lang))
    console.print(_plain(f"{t('stats.visits', count=result.visits)}, {period}"))
    if result.problems:
        console.print(_plain(t("stats.skipped", count=len(result.problems)), style="yellow"))
    console.print()

    # Profiles (few, short labels) across; goals (more, longer labels) down.
    profile_title, profile_labels = _labels(ruleset, axes[0], lang)
    goal_title, goal_labels = _labels(ruleset, axes[1], lang)
    profiles = list(profile_labels) + sorted({p for p, _ in result.pairs} - set(profile_labels))
    goals = list(goal_labels) + sorted({g for _, g in result.pairs} - set(goal_labels))
    table = Table(title=_plain(t("stats.crosstab", rows=profile_title, columns=goal_title)), title_justify="left")
    longest = max(len(label) for label in [*goal_labels.values(), goal_title])
    first = min(longest, 20, console.width // 4)
    table.add_column(_plain(goal_title), min_width=first)
    # On a narrow screen a long word of a heading folds rather than pushing the table off the screen.
    room = max(5, (console.width - (first + 3) - 9) // max(1, len(profiles)) - 3)
    for profile in profiles:
        table.add_column(_plain(profile_labels.get(profile, profile)), justify="right", overflow="fold", max_width=room)
    table.add_column(_plain(t("stats.total")), justify="right", style="bold")
    for goal in goals:
        counts = [result.pairs[profile, goal] for profile in profiles]
        cells = (_plain(str(n) if n else "·") for n in counts)
        table.add_row(_plain(goal_labels.get(goal, goal)), *cells, _plain(str(sum(counts))))
    totals = [sum(result.pairs[profile, goal] for goal in goals) for profile in profiles]
    table.add_row(_plain(t("stats.total")), *(_plain(str(n)) for n in totals), _plain(str(result.visits)), style="bold")
    console.print(table)
    console.print()

    verdict_labels: dict[str, str] = {v: text.label.get(lang) for v, text in ruleset.meta.verdicts.items()}
    _bars(console, t("stats.verdicts"), [(verdict_labels.get(v, v), result.verdicts[v]) for v in VERDICT_ORDER])
    console.print()
    goal_totals = [(goal_labels.get(g, g), sum(result.pairs[p, g] for p in profiles)) for g in goals]
    _bars(console, goal_title, goal_totals)
    return 0


def _bars(console: Any, title: str, items: list[tuple[str, int]]) -> None:
    """A horizontal bar chart: label, bar, count and share."""
    from rich.text import Text

    console.print(_plain(title, style="bold"))
    total = sum(n for _, n in items) or 1
    top = max((n for _, n in items), default=0) or 1
    room = 20
    pad = min(max(len(safe.one_line(label)) for label, _ in items), console.width - room - 16)
    items = [(safe.cut(safe.one_line(label), pad), count) for label, count in items]
    room = max(room, console.width - pad - 16)
    for label, count in items:
        bar = BAR * round(count / top * room) if count else ""
        line = Text(f"{label.ljust(pad)} ")
        line.append(bar or "▏", style="cyan")
        line.append(f" {count} ({t('stats.share', percent=round(count * 100 / total))})")
        console.print(line)
