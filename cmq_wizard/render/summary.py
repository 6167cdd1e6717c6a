"""The result on one screen: verdict, reason(s), the first next steps and the contacts.

A full result is 34 to 44 lines at 80 columns: at a terminal, the verdict scrolled off before
the menu appeared. This summary is laid out for a given width and at most `height` lines, so
that it and the menu under it fit on one screen (80×24, 60×20); the FAQ text, the answers and
the explanation stay one menu entry away, word for word.

It imports neither rich nor prompt_toolkit: the lines are lists of `(style, text)` segments
(prompt_toolkit's formatted-text shape); `plain()` joins them, `render/rich_.py` colours them.
Styles: `verdict.<verdict>`, `label`, and "" for text.

What must show, in this order of priority when lines are short: the verdict word, one line of
each reason, the start of the first next step, the verdict's summary, one line of each
contact; then the rest of each, the other steps, and blank lines between blocks. A text cut
to fit ends on a whole word and « … », never in the middle of a word.
"""

from __future__ import annotations

from dataclasses import dataclass

from cmq_wizard.i18n import t
from cmq_wizard.render.view import View
from cmq_wizard.typography import for_lang, wrap

Segment = tuple[str, str]
Line = list[Segment]

# `?` is the prompt's own mark: a conditional verdict is shown with `!`, never `?`.
SIGNS = {"eligible": "✔", "conditional": "!", "not_eligible": "✘", "info": "ℹ"}
ASCII_SIGNS = {"eligible": "[OK]", "conditional": "[!]", "not_eligible": "[X]", "info": "[i]"}
ELLIPSIS = "…"


@dataclass
class _Block:
    """One piece of the summary: its lines at full length, and how many it needs at least."""

    lines: list[Line]
    minimum: int
    priority: int  # lower is given its lines first
    shown: int = 0


def _cut(lines: list[Line], keep: int, width: int) -> list[Line]:
    """The first `keep` lines; the last one ends on a whole word and « … » if text was left out."""
    if keep >= len(lines):
        return lines
    if keep <= 0:
        return []
    kept = [list(line) for line in lines[:keep]]
    last = kept[-1]
    style, text = last[-1]
    room = width - sum(len(s[1]) for s in last[:-1]) - len(ELLIPSIS) - 1
    words = text.rstrip()
    while len(words) > room and " " in words.strip():
        words = words.rstrip().rsplit(" ", 1)[0]
    last[-1] = (style, f"{words.rstrip()} {ELLIPSIS}" if words.strip() else f"{words}{ELLIPSIS}")
    return kept


def _labelled(label: str, text: str, width: int, lang: str, indent: str = "  ") -> list[Line]:
    """`Label : text`, wrapped with a hanging indent; the label keeps its own style."""
    raw = wrap(text, width, first=label + " ", indent=indent, lang=lang)
    lines: list[Line] = [[("label", label), ("", raw[0][len(label) :])]]
    lines += [[("", line)] for line in raw[1:]]
    return lines


def lines(view: View, width: int, height: int, *, ascii_only: bool = False) -> list[Line]:
    """The summary of `view` in at most `height` lines of at most `width` columns."""
    width = max(20, width)
    lang = view.lang

    def label(key: str) -> str:
        return for_lang(t("text.label", label=t(key)), lang)

    signs = ASCII_SIGNS if ascii_only else SIGNS
    blocks: list[_Block] = []

    verdict = f"{signs[view.verdict]} {view.verdict_label.upper()}"
    blocks.append(_Block([[(f"verdict.{view.verdict}", verdict)]], 1, 0))
    blocks.append(_Block([[("", line)] for line in wrap(view.verdict_summary, width, "  ", "  ", lang)], 1, 3))
    for reason in view.reasons:
        blocks.append(_Block(_labelled(label("summary.why"), reason, width, lang), 1, 1))
    if view.next_steps:
        heading = label("summary.steps")
        steps: list[Line] = []
        for i, step in enumerate(view.next_steps, 1):
            number = f"{i}. " if len(view.next_steps) > 1 else ""
            steps += [[("", line)] for line in wrap(step, width, "  " + number, "  " + " " * len(number), lang)]
        # The heading and the first step's first line together are the minimum.
        blocks.append(_Block([[("label", heading)], *steps], 2, 2))
    for name, how in view.contacts:
        text = f"{name} ({how})" if how else name
        blocks.append(_Block(_labelled(label("summary.contact"), text, width, lang), 1, 4))

    _allocate(blocks, height, width)
    shown = [b for b in blocks if b.shown]
    out: list[Line] = []
    spaced = sum(b.shown for b in shown) + len(shown) - 2 <= height  # a blank line between blocks?
    for i, block in enumerate(shown):
        if spaced and i > 1:  # the verdict and its summary stay together
            out.append([])
        out += _cut(block.lines, block.shown, width)
    return out[:height]


def _allocate(blocks: list[_Block], height: int, width: int) -> None:
    """Give each block its minimum by priority, then the rest of its lines by priority."""
    left = height
    for block in sorted(blocks, key=lambda b: b.priority):
        need = min(block.minimum, len(block.lines))
        if need <= left:
            block.shown, left = need, left - need
    for block in sorted(blocks, key=lambda b: b.priority):
        if block.shown:
            more = min(len(block.lines) - block.shown, left)
            block.shown, left = block.shown + more, left - more


def plain(summary: list[Line]) -> str:
    """The summary as plain text, one line per line."""
    return "\n".join("".join(text for _, text in line).rstrip() for line in summary) + "\n"


def words_of(summary: list[Line]) -> list[str]:
    """Every word shown, for tests that check no word was cut."""
    return plain(summary).split()


def fit(view: View, width: int, height: int, reserved: int, *, ascii_only: bool = False) -> list[Line]:
    """The summary for a screen of `width`×`height` with `reserved` lines kept for a menu under it."""
    return lines(view, width, max(1, height - reserved), ascii_only=ascii_only)
