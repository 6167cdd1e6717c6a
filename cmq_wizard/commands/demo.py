"""`cmq-wizard demo`: the info-session kiosk. Welcome screen, wizard, result, next visitor, again.

Nothing about a visitor is kept between visits: each visit starts from empty answers, and the
only thing that outlives it is, with `--record`, one JSON line (timestamp, answers, verdict,
outcome ids). Ctrl-C during a visit returns to the welcome screen; at the welcome screen, quits.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmq_wizard import i18n, terminal
from cmq_wizard.engine import Result
from cmq_wizard.errors import UserError
from cmq_wizard.i18n import t
from cmq_wizard.settings import Settings

if TYPE_CHECKING:
    from rich.console import Console

    from cmq_wizard.prompts import Prompter
    from cmq_wizard.record import LineSink


def record_line(result: Result, when: datetime | None = None) -> str:
    """One visit as one JSON line: timestamp, answers, verdict, outcome ids. Nothing else."""
    stamp = (when or datetime.now().astimezone()).isoformat(timespec="seconds")
    data = {
        "timestamp": stamp,
        "answers": dict(result.answers),
        "verdict": result.verdict,
        "outcomes": [rule.id for rule in result.outcomes],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


class Kiosk:
    """One kiosk session: the shared engine, a prompter, a console; no per-visit state kept."""

    def __init__(
        self,
        settings: Settings,
        prompter: Prompter,
        console: Console,
        *,
        record: LineSink | None = None,
    ) -> None:
        self.settings = settings
        self.prompter = prompter
        self.console = console
        self.record = record
        self.home_lang = settings.lang

    def run(self) -> int:
        """Visitor after visitor, until Ctrl-C (or Ctrl-D) at the welcome screen."""
        while self.welcome():
            self.visit()
        return 0

    def set_lang(self, lang: str) -> None:
        i18n.set_lang(lang)
        self.settings.lang = i18n.get_lang()

    def welcome(self) -> bool:
        """Show the welcome screen until Enter (True) or Ctrl-C / Ctrl-D (False)."""
        from cmq_wizard import prompts

        while True:
            self.draw_welcome()
            try:
                action = prompts.welcome(self.prompter)
            except (KeyboardInterrupt, EOFError):
                self.console.clear()
                return False
            except prompts.Idle:
                self.set_lang(self.home_lang)  # the next visitor finds the kiosk as it was set up
                continue
            if action == prompts.START:
                return True
            self.set_lang("en" if self.settings.lang == "fr" else "fr")

    def draw_welcome(self) -> None:
        from rich.align import Align
        from rich.panel import Panel
        from rich.text import Text

        meta = self.settings.ruleset.meta
        lang = self.settings.lang
        width = self.console.width
        title = meta.title.get(lang)
        body = Text(justify="center")
        body.append("\n")
        body.append_text(big_text(title, max(20, width - 8), style="bold cyan"))
        body.append("\n\n")
        if meta.tagline is not None:
            body.append(meta.tagline.get(lang) + "\n", style="bold")
        body.append("\n")
        body.append(f"{meta.name.get(lang)}\n", style="dim")
        self.console.clear()
        self.console.print(Panel(Align.center(body), border_style="cyan", padding=(1, 2)))
        self.console.print(Align.center(Text(f"⏎  {t('kiosk.press_enter')}", style="bold reverse")))
        self.console.print()

    def visit(self) -> dict[str, Any] | None:
        """One visitor: the wizard, the result, the menu. Returns what was recorded, if anything."""
        from cmq_wizard import prompts
        from cmq_wizard.commands import run as run_cmd

        engine = self.settings.engine
        result: Result | None = None
        try:
            self.console.clear()
            answers = prompts.complete(engine, {}, self.prompter)
            while True:
                result = run_cmd.evaluate(self.settings, answers, explain=False)
                self.show(result)
                action = prompts.after_result(self.prompter, kiosk=True)
                if action == prompts.NEXT_VISITOR:
                    break
                changed = prompts.edit(engine, result.answers, self.prompter)
                if changed is not None:
                    answers = changed
        except (KeyboardInterrupt, EOFError, prompts.Idle):
            pass
        finally:
            self.set_lang(self.home_lang)
        if result is None:
            return None
        return self.write_record(result)

    def show(self, result: Result) -> None:
        from cmq_wizard.render import rich_, view

        self.console.clear()
        rich_.render(view.build(result, self.settings.ruleset, self.settings.lang), self.console)
        self.console.print()

    def write_record(self, result: Result) -> dict[str, Any] | None:
        if self.record is None:
            return None
        line = record_line(result)
        self.record.write(line)  # one write of the whole line, synced (cmq_wizard.record)
        self.record.flush()
        data: dict[str, Any] = json.loads(line)
        return data


def big_text(text: str, width: int, style: str = "") -> Any:
    """`text` in letters five rows high, built from block characters, wrapped to `width` columns.

    Falls back to plain bold text for characters the font does not draw or a screen too narrow.
    """
    from rich.text import Text

    lines = render_lines(text, width)
    if lines is None:
        return Text(text.upper(), style=style)
    return Text("\n".join(lines), style=style)


def demo(settings: Settings, *, record: Path | None = None, idle_reset: float | None = None) -> int:
    """The kiosk on this terminal, until Ctrl-C at the welcome screen."""
    if idle_reset is not None and not idle_reset > 0:
        raise UserError(t("kiosk.bad_idle", value=idle_reset), where="--idle-reset", hint=t("kiosk.hint_idle"))
    if not terminal.can_prompt():
        raise UserError(t("kiosk.needs_terminal"), hint=t("kiosk.hint_terminal"))
    settings.ruleset  # noqa: B018 - load (and check) the rules before the first visitor arrives
    from rich.console import Console

    from cmq_wizard.prompts import Prompter

    prompter = Prompter(idle_timeout=idle_reset)
    console = Console(highlight=False)
    from cmq_wizard.record import open_record

    stream = open_record(record) if record is not None else None  # a regular file only, never a link
    try:
        return Kiosk(settings, prompter, console, record=stream).run()
    finally:
        if stream is not None:
            stream.close()
            terminal.note(t("kiosk.recorded", path=record))


# --- A block-letter font for the welcome screen, readable from the back of a room ------------------------
# Five rows a letter ('#' is a filled cell); letters with an accent get it drawn on a row above.
_FONT: dict[str, tuple[str, ...]] = {
    "A": (" ## ", "#  #", "####", "#  #", "#  #"),
    "B": ("### ", "#  #", "### ", "#  #", "### "),
    "C": (" ###", "#   ", "#   ", "#   ", " ###"),
    "D": ("### ", "#  #", "#  #", "#  #", "### "),
    "E": ("####", "#   ", "### ", "#   ", "####"),
    "F": ("####", "#   ", "### ", "#   ", "#   "),
    "G": (" ###", "#   ", "# ##", "#  #", " ###"),
    "H": ("#  #", "#  #", "####", "#  #", "#  #"),
    "I": ("###", " # ", " # ", " # ", "###"),
    "J": ("  ##", "   #", "   #", "#  #", " ## "),
    "K": ("#  #", "# # ", "##  ", "# # ", "#  #"),
    "L": ("#   ", "#   ", "#   ", "#   ", "####"),
    "M": ("#   #", "## ##", "# # #", "#   #", "#   #"),
    "N": ("#   #", "##  #", "# # #", "#  ##", "#   #"),
    "O": (" ## ", "#  #", "#  #", "#  #", " ## "),
    "P": ("### ", "#  #", "### ", "#   ", "#   "),
    "Q": (" ## ", "#  #", "#  #", "# ##", " ###"),
    "R": ("### ", "#  #", "### ", "# # ", "#  #"),
    "S": (" ###", "#   ", " ## ", "   #", "### "),
    "T": ("#####", "  #  ", "  #  ", "  #  ", "  #  "),
    "U": ("#  #", "#  #", "#  #", "#  #", " ## "),
    "V": ("#   #", "#   #", "#   #", " # # ", "  #  "),
    "W": ("#   #", "#   #", "# # #", "## ##", "#   #"),
    "X": ("#   #", " # # ", "  #  ", " # # ", "#   #"),
    "Y": ("#   #", " # # ", "  #  ", "  #  ", "  #  "),
    "Z": ("####", "   #", "  # ", " #  ", "####"),
    "0": (" ## ", "#  #", "#  #", "#  #", " ## "),
    "1": (" # ", "## ", " # ", " # ", "###"),
    "2": ("### ", "   #", " ## ", "#   ", "####"),
    "3": ("### ", "   #", " ## ", "   #", "### "),
    "4": ("#  #", "#  #", "####", "   #", "   #"),
    "5": ("####", "#   ", "### ", "   #", "### "),
    "6": (" ## ", "#   ", "### ", "#  #", " ## "),
    "7": ("####", "   #", "  # ", " #  ", " #  "),
    "8": (" ## ", "#  #", " ## ", "#  #", " ## "),
    "9": (" ## ", "#  #", " ###", "   #", " ## "),
    "'": ("#", "#", " ", " ", " "),
    "’": ("#", "#", " ", " ", " "),
    "-": ("   ", "   ", "###", "   ", "   "),
    ".": (" ", " ", " ", " ", "#"),
    ",": ("  ", "  ", "  ", " #", "# "),
    ":": (" ", "#", " ", "#", " "),
    "!": ("#", "#", "#", " ", "#"),
    "?": ("### ", "   #", " ## ", "    ", " #  "),
    "&": (" #  ", "# # ", " #  ", "# # ", " # #"),
    "/": ("   #", "  # ", " #  ", "#   ", "    "),
}
_ACCENTS = {"\u0301": "  # ", "\u0300": " #  ", "\u0302": " ## ", "\u0308": "# # "}


def _glyph(char: str) -> tuple[str, tuple[str, ...]] | None:
    """The accent row and the five rows of one character, or None when the font lacks it."""
    import unicodedata

    if char == " ":
        return "  ", ("  ",) * 5
    decomposed = unicodedata.normalize("NFD", char.upper())
    rows = _FONT.get(decomposed[0])
    if rows is None:
        return None
    mark = "".join(_ACCENTS.get(m, "") for m in decomposed[1:])[: len(rows[0])]
    return mark.ljust(len(rows[0])), rows


def render_lines(text: str, width: int) -> list[str] | None:
    """`text` in block letters, words wrapped to `width` columns; None if it cannot be drawn."""
    words: list[list[str]] = []  # each word as its six rows
    for word in text.split():
        glyphs = [_glyph(c) for c in word]
        if any(g is None for g in glyphs):
            return None
        rows = [" ".join(g[0] if i == 0 else g[1][i - 1] for g in glyphs if g) for i in range(6)]
        if len(rows[1]) > width:
            return None
        words.append(rows)
    lines: list[str] = []
    current: list[str] | None = None
    for rows in words:
        if current is not None and len(current[1]) + 3 + len(rows[1]) <= width:
            current = [a + "   " + b for a, b in zip(current, rows, strict=True)]
            continue
        if current is not None:
            lines += _block(current)
        current = rows
    if current is not None:
        lines += _block(current)
    return lines


def _block(rows: list[str]) -> list[str]:
    drawn = [row.replace("#", "█").rstrip() for row in rows]
    if not drawn[0].strip():
        drawn = drawn[1:]  # no accent on this line: no empty row above it
    return [*drawn, ""]
