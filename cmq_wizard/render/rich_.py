"""Colour output on a terminal, with rich. The only module of the renderers that imports rich.

The verdict is said in words and with a sign, never by colour alone.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.containers import Lines
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from cmq_wizard.i18n import t
from cmq_wizard.render.view import View
from cmq_wizard.typography import NBSP, NNBSP, for_lang, typeset

STYLES = {"eligible": "bold green", "conditional": "bold yellow", "not_eligible": "bold red", "info": "bold cyan"}
SIGNS = {"eligible": "✔", "conditional": "?", "not_eligible": "✘", "info": "ℹ"}
ASCII_SIGNS = {"eligible": "[OK]", "conditional": "[?]", "not_eligible": "[X]", "info": "[i]"}


# While rich lays a text out, its no-break spaces stand as private-use characters: rich breaks a
# line at any Unicode space (its words are `\s*\S+\s*`), U+00A0 and U+202F included.
_HELD = {NBSP: "\ue0a0", NNBSP: "\ue02f"}
_HOLD = str.maketrans(_HELD)
_RELEASE = str.maketrans({held: space for space, held in _HELD.items()})


class Typeset(Text):
    """A rich `Text` that never breaks a line at a no-break space: French « ? » and « : » stay
    with their words (rich itself would start a line with them, and drop the space)."""

    def wrap(self, console: Console, width: int, **options: Any) -> Lines:
        plain = self.plain
        if (NBSP not in plain and NNBSP not in plain) or any(held in plain for held in _HELD.values()):
            return super().wrap(console, width, **options)
        held = self.copy()
        held.plain = plain.translate(_HOLD)  # same length: every style span stays where it was
        lines = Text.wrap(held, console, width, **options)
        for line in lines:
            line.plain = line.plain.translate(_RELEASE)
        return lines


def render(view: View, console: Console) -> None:
    view = typeset(view)
    style = STYLES[view.verdict]
    signs = SIGNS if (console.encoding or "").lower().startswith("utf") else ASCII_SIGNS
    for warning in view.warnings:
        # In a Group: `console.print` would join bare texts into a plain `Text`, and lose `Typeset`.
        console.print(Group(Typeset(for_lang(f"{t('view.warning_prefix')} {warning}", view.lang), style="yellow")))
    headline = Typeset.assemble(
        (f"{signs[view.verdict]} {view.verdict_label.upper()}", style), "\n", view.verdict_summary
    )
    for outcome in view.outcomes:
        headline.append(f"\n• {outcome.title}")
    console.print(Panel(headline, title=Typeset(view.title), border_style=style.replace("bold ", ""), expand=True))
    if view.reasons:
        _section(console, t("view.why"))
        for reason in view.reasons:
            _item(console, "•", Typeset(reason))
    _section(console, t("view.your_answers"))
    for question, answer in view.answers:
        _item(console, "•", Typeset.assemble(f"{question} ", (answer, "bold")))
    if view.next_steps:
        _section(console, t("view.next_steps"))
        for i, step in enumerate(view.next_steps, 1):
            shown = Typeset(step)
            sources = view.step_sources[i - 1] if view.explain and i <= len(view.step_sources) else []
            if sources:  # --explain: where each step comes from
                quoted = [t("view.quoted", text=q) for _, q in sources]
                shown.append(for_lang(f"\n{t('view.from_faq')} {' · '.join(quoted)}", view.lang), style="dim")
            _item(console, f"{i}.", shown)
    if view.contacts:
        _section(console, t("view.contacts"))
        for name, how in view.contacts:
            _item(console, "•", Typeset.assemble((name, "bold"), f" ({how})" if how else ""))
    _section(console, t("view.faq"))
    for entry in view.faq:
        parts: list[Text] = [Typeset(entry.answer)]
        if entry.aside:
            parts.append(Typeset(f"\n{entry.aside}", style="italic dim"))
        console.print(
            Panel(Group(*parts), title=Typeset(entry.question, style="bold"), title_align="left", border_style="dim")
        )
    if view.explain:
        _section(console, t("view.explain"))
        for line in view.explain:
            _item(console, "•", Typeset(line))
    console.print(Group(Typeset(view.source, style="dim")))


def _item(console: Console, mark: str, text: Text) -> None:
    """One list item with a hanging indent, so wrapped lines align under the text, not the mark."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=len(mark), justify="right", style="bold")
    grid.add_column()
    grid.add_row(mark, text)
    console.print(Padding(grid, (0, 0, 0, 2)))


def _section(console: Console, title: str) -> None:
    console.print()
    console.print(Rule(Typeset(title, style="bold"), align="left"))


def summary_text(lines: list[list[tuple[str, str]]]) -> Text:
    """The one-screen summary (`render/summary.py`) as one rich `Text`, in colour."""
    out = Typeset()
    for i, line in enumerate(lines):
        if i:
            out.append("\n")
        for style, text in line:
            if style.startswith("verdict."):
                out.append(text, style=STYLES[style.partition(".")[2]])
            else:
                out.append(text, style="bold" if style == "label" else "")
    return out
