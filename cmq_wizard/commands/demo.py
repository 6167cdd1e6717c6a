"""`cmq-wizard demo`: the info-session kiosk. Welcome screen, wizard, result, next visitor, again.

Nothing about a visitor is kept between visits: each visit starts from empty answers, each screen
starts from a cleared screen (the kiosk runs in the terminal's alternate screen, which has no
scrollback), and the only thing that outlives a visit is, with `--record`, one JSON line
(timestamp, answers, verdict, outcome ids).

Leaving takes a staff gesture: Ctrl-C or Ctrl-D during a visit returns to the welcome screen; at
the welcome screen they ask for a word (« quitter » / « quit »), and anything else returns to the
welcome screen. The terminal's own signal keys are off while the kiosk runs (Ctrl-C, Ctrl-\\,
Ctrl-Z, Ctrl-S reach the kiosk as keys), so no key a visitor presses reaches the shell.

With an idle time, a visit left alone first shows « Toujours là ? » and a countdown; any key
takes the visitor back where they were, the end of the countdown to the welcome screen.
"""

from __future__ import annotations

import contextlib
import json
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmq_wizard import i18n, terminal
from cmq_wizard.engine import Result
from cmq_wizard.errors import UserError
from cmq_wizard.i18n import t
from cmq_wizard.settings import Settings
from cmq_wizard.typography import for_lang, shown

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from cmq_wizard.prompts import Prompter
    from cmq_wizard.record import LineSink
    from cmq_wizard.render.view import View

MAX_WIDTH = 100  # the result is read from the back of a room: never wider, centred on a wide screen
WARNING_SECONDS = 10.0  # « Toujours là ? »: the countdown before an idle visit ends
STAFF_SECONDS = 30.0  # the staff word prompt goes back to the welcome screen after this long
STAFF_WORDS = frozenset({"quitter", "quit"})
PROMPT_LINES = 4  # a question's text, and room for its menu's instruction and cursor
QR_BORDER = 2  # modules of light margin around the QR code (phones read it with 2 on a screen)

# Screen controls, written only to a real terminal.
CLEAR = "\x1b[H\x1b[2J\x1b[3J"  # home, clear the screen, and clear the scrollback (xterm and most others)
ALT_SCREEN_ON, ALT_SCREEN_OFF = "\x1b[?1049h", "\x1b[?1049l"


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
        warning: float = WARNING_SECONDS,
    ) -> None:
        self.settings = settings
        self.console = console
        self.record = record
        self.warning = warning
        self.home_lang = settings.lang
        self.prompter = replace(prompter, before_prompt=self._draw, on_idle=self._still_there)
        self._body: Callable[[], None] = _nothing
        self._in_visit = False

    # --- the loop ---------------------------------------------------------------------------------

    def run(self) -> int:
        """Visitor after visitor, until staff type the word at the welcome screen. Returns 0."""
        from cmq_wizard.prompts import Idle

        while not getattr(self.prompter.input, "closed", False):  # the terminal went away: stop
            try:
                if self.welcome():
                    self.visit()
                elif self.staff_quits():
                    self._clear()
                    return 0
            except (KeyboardInterrupt, EOFError, Idle):  # a key between two prompts: back to the welcome
                self.set_lang(self.home_lang)
        return 0

    def set_lang(self, lang: str) -> None:
        i18n.set_lang(lang)
        self.settings.lang = i18n.get_lang()

    def welcome(self) -> bool:
        """Show the welcome screen until Enter (True) or Ctrl-C / Ctrl-D (False)."""
        from cmq_wizard import prompts

        self._in_visit = False
        while True:
            self._body = self.draw_welcome
            try:
                action = prompts.welcome(self.prompter)
            except (KeyboardInterrupt, EOFError):
                return False
            except prompts.Idle:
                self.set_lang(self.home_lang)  # the next visitor finds the kiosk as it was set up
                continue
            if action == prompts.START:
                return True
            self.set_lang("en" if self.settings.lang == "fr" else "fr")

    def staff_quits(self) -> bool:
        """Ask for the staff word: True when it was typed; anything else goes back to the welcome."""
        from cmq_wizard import prompts

        self._body = _nothing
        staff = replace(self.prompter, idle_timeout=STAFF_SECONDS, on_idle=None)
        try:
            word = staff.text(t("kiosk.staff_word"))
        except (KeyboardInterrupt, EOFError, prompts.Idle):
            return False
        return word.strip().casefold() in STAFF_WORDS

    def visit(self) -> dict[str, Any] | None:
        """One visitor: the wizard, the result, the menu. Returns what was recorded, if anything."""
        from cmq_wizard import prompts
        from cmq_wizard.commands import run as run_cmd

        engine = self.settings.engine
        result: Result | None = None
        self._in_visit = True
        try:
            # The wizard's own screens: the title line, then « Question 1 sur 3 ». No « Ctrl-C pour
            # quitter » here: at the kiosk, Ctrl-C takes a visitor back to the welcome screen.
            self._body = _nothing
            # The result screen's renderers (rich's panels, the summary), imported while the first
            # visitor reads the first question; a no-op for every visitor after (SPEC §8).
            prompts.while_reading(_import_result_screen)
            answers = prompts.complete(engine, {}, self.prompter, quit_hint=False)
            while True:
                result = run_cmd.evaluate(self.settings, answers, explain=False)
                action = self.result_menu(result)
                if action == prompts.NEXT_VISITOR:
                    break
                self._body = _nothing
                changed = prompts.edit(engine, result.answers, self.prompter, quit_hint=False)
                if changed is not None:
                    answers = changed
        except (KeyboardInterrupt, EOFError, prompts.Idle):
            pass
        finally:
            self._in_visit = False
            self._body = _nothing
            self.set_lang(self.home_lang)
        if result is None:
            return None
        return self.write_record(result)

    def result_menu(self, result: Result) -> str:
        """The result on one screen and its menu, until the visitor edits an answer or leaves.

        The first entry (the default) is never « Visiteur suivant »: stray Enters open the FAQ
        text and come back, and ending a visit takes a move down to the last entry.
        """
        from cmq_wizard import prompts
        from cmq_wizard.render import view as view_mod

        view = view_mod.build(result, self.settings.ruleset, self.settings.lang)
        url = self.page_url(result)
        while True:
            qr_beside = url is not None and self._result_fits_qr(view, url)
            beside = url if qr_beside else None
            self._body = lambda beside=beside: self.draw_result(view, beside)  # type: ignore[misc]
            choices: list[tuple[str, str] | None] = []
            if view.faq:
                choices.append((t("kiosk.read_faq"), FAQ))
            choices.append((t("menu.edit"), prompts.EDIT))
            if url is not None and not qr_beside:
                choices.append((t("kiosk.show_qr"), QR))
            choices += [None, (t("kiosk.next_visitor"), prompts.NEXT_VISITOR)]
            action = self.prompter.select(t("menu.title"), choices)
            if action == FAQ:
                self.show_faq(view)
            elif action == QR and url is not None:
                self.show_qr(url)
            else:
                return action

    def page_url(self, result: Result) -> str | None:
        from cmq_wizard.siteurl import page_url

        site_url = self.settings.ruleset.meta.site_url
        return page_url(site_url, result.answers) if site_url else None

    def write_record(self, result: Result) -> dict[str, Any] | None:
        if self.record is None:
            return None
        line = record_line(result)
        self.record.write(line)  # one write of the whole line, synced (cmq_wizard.record)
        self.record.flush()
        data: dict[str, Any] = json.loads(line)
        return data

    # --- screens --------------------------------------------------------------------------------------

    def _size(self) -> tuple[int, int]:
        size = self.console.size
        return size.width, size.height

    def _clear(self) -> None:
        if self.console.is_terminal:
            self.console.file.write(CLEAR)
            self.console.file.flush()

    def _draw(self) -> None:
        """Before each prompt: a clean screen, then what the prompt goes under."""
        self._clear()
        self._body()

    def _print_lines(self, lines: list[tuple[str, str]]) -> None:
        """Lines already laid out to the screen's width, each with its style; never wrapped."""
        from rich.text import Text

        width, _ = self._size()
        for line, style in lines:
            self.console.print(Text(line[:width], style=style), no_wrap=True, overflow="crop", soft_wrap=False)

    def _centred(self, renderable: RenderableType, width: int) -> None:
        """`renderable` at most `width` (≤ 100) columns wide, centred on the screen."""
        from rich.padding import Padding

        screen_width, _ = self._size()
        width = min(width, MAX_WIDTH, screen_width)
        left = (screen_width - width) // 2
        self.console.print(Padding(renderable, (0, 0, 0, left)), width=left + width, no_wrap=False)

    def draw_welcome(self) -> None:
        width, height = self._size()
        self._print_lines(welcome_lines(self.settings, width, height - PROMPT_LINES))

    def _result_parts(self, view: View, width: int, height: int, url: str | None) -> list[RenderableType]:
        from rich.table import Table

        from cmq_wizard.render import rich_, summary

        ascii_only = not (self.console.encoding or "").lower().startswith("utf")
        if url is None:
            return [rich_.summary_text(summary.lines(view, width, height, ascii_only=ascii_only))]
        code = qr_text(url)
        qr_width = len(code.plain.splitlines()[0])
        grid = Table.grid(padding=(0, 2))
        grid.add_column(width=width - qr_width - 2)
        grid.add_column(width=qr_width)
        text = rich_.summary_text(summary.lines(view, width - qr_width - 2, height, ascii_only=ascii_only))
        grid.add_row(text, code)
        return [grid]

    def _result_area(self) -> tuple[int, int]:
        width, height = self._size()
        menu = 8  # « Et maintenant ? », four entries and a separator, and a spare line
        return min(width, MAX_WIDTH), height - menu - 1  # -1: the title line above

    def _result_fits_qr(self, view: View, url: str) -> bool:
        """The QR code goes beside the result when both fit (a big screen); else it is one key away."""
        width, height = self._result_area()
        qr_rows, qr_cols = qr_size(url)
        return qr_rows <= height and width - qr_cols - 2 >= 40

    def draw_result(self, view: View, url: str | None) -> None:
        from rich.text import Text

        width, height = self._result_area()
        self._centred(Text(shown(view.title), style="bold cyan", justify="center"), width)
        for part in self._result_parts(view, width, height, url):
            self._centred(part, width)

    def show_faq(self, view: View) -> None:
        """The FAQ text word for word, a page at a time, then back to the result (the default)."""
        from rich.console import Group
        from rich.text import Text

        from cmq_wizard.render.rich_ import Typeset

        width, height = self._size()
        width = min(width, MAX_WIDTH)
        text = Typeset()
        for entry in view.faq:
            text.append(shown(entry.question) + "\n", style="bold")
            text.append(shown(entry.answer) + "\n")
            if entry.aside:
                text.append(shown(entry.aside) + "\n", style="italic dim")
            text.append("\n")
        text.append(shown(view.source), style="dim")
        lines = self.console.render_lines(text, self.console.options.update(width=width), pad=False)
        per_page = max(3, height - 6)
        pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]
        page = 0
        while True:
            on_page = pages[page]

            def body(on_page: list[Any] = on_page, page: int = page) -> None:
                rows = [Text.assemble(*((s.text, s.style) for s in line)) for line in on_page]
                self._centred(Group(*rows), width)
                if len(pages) > 1:
                    self._centred(Text(f"{page + 1}/{len(pages)}", style="dim", justify="right"), width)

            self._body = body
            choices: list[tuple[str, str] | None] = []
            if page + 1 < len(pages):
                choices.append((t("kiosk.faq_more"), MORE))
            choices.append((t("menu.back_to_result"), BACK))
            if self.prompter.select(t("view.faq"), choices) == MORE:
                page += 1
            else:
                return

    def show_qr(self, url: str) -> None:
        """The QR code alone on the screen (a small screen), until a key is pressed."""
        from rich.text import Text

        code = qr_text(url)
        rows = code.plain.splitlines()
        width, height = self._size()
        self._clear()
        left = max(0, (width - len(rows[0])) // 2)
        caption = shown(t("kiosk.qr_caption"))
        if len(rows) > height or len(rows[0]) > width:  # drawn, it would scroll: say so instead
            self.console.print(Text(shown(t("kiosk.qr_too_big")), style="bold"), end="")
        else:
            for i, line in enumerate(code.split("\n")):
                end = "\n" if i + 1 < len(rows) or len(rows) < height else ""  # never a newline on the last row
                self.console.print(Text(" " * left).append_text(line), no_wrap=True, overflow="crop", end=end)
            if len(rows) < height:
                self.console.print(Text(caption.center(width)[:width].rstrip(), style="bold"), no_wrap=True, end="")
        self.console.file.flush()
        wait_key(self.prompter, None, limit=self.prompter.idle_timeout)  # left alone: back to the result

    def _still_there(self) -> bool:
        """The idle time has passed: « Toujours là ? » and a countdown. True if a key was pressed."""
        if not self._in_visit:
            return False
        from rich.text import Text

        width, height = self._size()
        self._clear()
        for _ in range(max(0, height // 2 - 3)):
            self.console.print()
        words = shown(t("kiosk.still_there"))
        self.console.print(Text(" " * max(0, (width - len(words)) // 2)).append(words, style="bold reverse"))
        self.console.print()
        self.console.file.flush()
        return wait_key(self.prompter, self.warning, width=width)


FAQ, QR, MORE, BACK = ":faq", ":qr", ":more", ":back-to-result"


def _nothing() -> None:
    pass


def wait_key(prompter: Prompter, seconds: float | None, *, width: int = 80, limit: float | None = None) -> bool:
    """Wait for any key (True); with `seconds`, show a countdown and give up at its end (False).

    `limit`: without a countdown, give up silently after that long (False).
    """
    import asyncio

    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys
    from prompt_toolkit.layout import Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    deadline = None if seconds is None else time.monotonic() + seconds
    give_up = deadline if deadline is not None else (time.monotonic() + limit if limit else None)
    bindings = KeyBindings()

    # Not eager: the terminal's answers to prompt_toolkit's cursor position requests also arrive as
    # "keys", and their own, more specific binding must take them rather than this one.
    @bindings.add(Keys.Any)
    def _any(event: Any) -> None:
        event.app.exit(result=True)

    def text() -> str:
        if deadline is None:
            return ""
        left = max(0, int(deadline - time.monotonic() + 0.999))
        return shown(t("kiosk.countdown", seconds=left)).center(width).rstrip()

    io: dict[str, Any] = {}
    if prompter.input is not None:
        io["input"] = prompter.input
    if prompter.output is not None:
        io["output"] = prompter.output
    app: Application[bool] = Application(
        layout=Layout(Window(FormattedTextControl(text), height=1, dont_extend_height=True)),
        key_bindings=bindings,
        full_screen=False,
        erase_when_done=False,
        **io,
    )

    async def tick() -> None:
        while give_up is not None:
            left = give_up - time.monotonic()
            if left <= 0:
                if not app.is_done:
                    app.exit(result=False)
                return
            app.invalidate()
            await asyncio.sleep(min(0.25, left))

    def start() -> None:
        app.create_background_task(tick())

    result = app.run(pre_run=start)
    from cmq_wizard.prompts import _forget_filter_caches

    _forget_filter_caches()
    return bool(result)


# --- The QR code: the page with the visitor's answers -------------------------------------------------------


def qr_size(url: str) -> tuple[int, int]:
    """Rows and columns the QR code of `url` takes on the screen (half blocks: two modules a row)."""
    import segno

    side = int(segno.make(url, micro=False).symbol_size(border=QR_BORDER)[0])
    return (side + 1) // 2, side


def qr_text(url: str) -> Any:
    """The QR code of `url` in half blocks, black on white whatever the terminal's colours.

    Error correction is raised as far as the smallest version allows (segno's default), and the
    light margin is drawn white: on a dark terminal the code is not inverted.
    """
    import segno  # only the kiosk draws QR codes: nothing else pays for the import
    from rich.text import Text

    matrix = [list(row) for row in segno.make(url, micro=False).matrix_iter(border=QR_BORDER)]
    if len(matrix) % 2:
        matrix.append([0] * len(matrix[0]))
    out = Text()
    for y in range(0, len(matrix), 2):
        if y:
            out.append("\n")
        for top, bottom in zip(matrix[y], matrix[y + 1], strict=True):
            # The glyph is drawn in black on a white cell: ▀ dark top, ▄ dark bottom, █ both, space none.
            out.append(" ▄▀█"[(2 if top else 0) + (1 if bottom else 0)], style="black on bright_white")
    return out


# --- The welcome screen --------------------------------------------------------------------------------


def welcome_lines(settings: Settings, width: int, height: int) -> list[tuple[str, str]]:
    """The welcome screen as `(line, style)` pairs, each line at most `width`, at most `height` lines.

    The title in block letters: double size on a big screen, full size if it fits, else half
    height, else in plain capitals;
    then the tagline and the rule set's name. Each block of letters is laid out as one block:
    its rows are as wide as each other and share their columns, so accents sit on their letters.
    """
    meta = settings.ruleset.meta
    lang = settings.lang
    text_width = max(10, min(width, MAX_WIDTH) - 4)
    tail: list[tuple[str, str]] = [("", "")]
    if meta.tagline is not None:
        tagline = for_lang(meta.tagline.get(lang), lang)
        tail += [(line.center(width).rstrip(), "bold") for line in textwrap.wrap(tagline, text_width)]
        tail.append(("", ""))
    tail += [
        (line.center(width).rstrip(), "dim") for line in textwrap.wrap(for_lang(meta.name.get(lang), lang), text_width)
    ]
    title = meta.title.get(lang)
    for scale in (2, 1, 0.5):
        if scale == 2 and height < 40:  # double size only where there is room to spare around it
            continue
        blocks = title_blocks(title, width - 4, scale=scale)
        if blocks is None:
            continue
        drawn = centre_blocks(blocks, width)
        if len(drawn) + len(tail) <= height:
            return _middle([(line, "bold cyan") for line in drawn] + tail, height)
    plain = [(line.center(width).rstrip(), "bold cyan") for line in textwrap.wrap(title.upper(), text_width)]
    lines = plain + tail
    while len(lines) > height and len(lines) > len(plain):  # a tiny screen: the title first
        lines.pop()
    return _middle(lines[:height], height)


def _middle(lines: list[tuple[str, str]], height: int) -> list[tuple[str, str]]:
    """Lines with blank lines above them, so that they sit in the middle of `height`."""
    return [("", "")] * max(0, (height - len(lines)) // 2) + lines


def centre_blocks(blocks: list[list[str]], width: int) -> list[str]:
    """Blocks of letters, each centred as a whole (one left margin for all its rows), a blank row between."""
    out: list[str] = []
    for i, rows in enumerate(blocks):
        if i:
            out.append("")
        left = " " * max(0, (width - len(rows[0])) // 2)
        out += [(left + row).rstrip() for row in rows]
    return out


def demo(settings: Settings, *, record: Path | None = None, idle_reset: float | None = None) -> int:
    """The kiosk on this terminal, until staff type the word at the welcome screen."""
    if idle_reset is not None and not idle_reset >= 0:
        raise UserError(t("kiosk.bad_idle", value=idle_reset), where="--idle-reset", hint=t("kiosk.hint_idle"))
    if not terminal.can_prompt():
        raise UserError(t("kiosk.needs_terminal"), hint=t("kiosk.hint_terminal"))
    settings.ruleset  # noqa: B018 - load (and check) the rules before the first visitor arrives
    from prompt_toolkit.input import create_input
    from rich.console import Console

    from cmq_wizard.prompts import Prompter

    # One input for the whole session, so that the kiosk can tell a closed terminal from Ctrl-D.
    prompter = Prompter(input=create_input(sys.stdin), idle_timeout=idle_reset or None)  # 0: no idle reset
    console = Console(highlight=False)
    from cmq_wizard.record import open_record

    stream = open_record(record) if record is not None else None  # a regular file only, never a link
    try:
        with kiosk_terminal():
            return Kiosk(settings, prompter, console, record=stream).run()
    finally:
        if stream is not None:
            stream.close()
            terminal.note(t("kiosk.recorded", path=record))


@contextlib.contextmanager
def kiosk_terminal() -> Iterator[None]:
    """The terminal as a kiosk needs it, restored afterwards.

    The alternate screen (no scrollback: a visitor cannot scroll back to the previous visitor);
    no signal keys (Ctrl-C, Ctrl-\\ and Ctrl-Z arrive as keys, also between two prompts, instead
    of interrupting, quitting or suspending), no flow control (Ctrl-S would freeze the screen), no
    echo of keys pressed while a screen is drawn. SIGQUIT and SIGTSTP are ignored as well.
    """
    import signal
    import termios

    fd = sys.stdin.fileno()
    try:
        saved = termios.tcgetattr(fd)
    except (termios.error, OSError):
        saved = None
    if saved is not None:
        mode = list(saved)
        mode[0] &= ~(termios.IXON | termios.IXOFF)
        mode[3] &= ~(termios.ISIG | termios.ECHO | termios.ICANON | termios.IEXTEN)
        mode[6] = list(saved[6])
        mode[6][termios.VMIN], mode[6][termios.VTIME] = 1, 0
        termios.tcsetattr(fd, termios.TCSANOW, mode)
    handlers = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGQUIT, signal.SIGTSTP)}
    sys.stdout.write(ALT_SCREEN_ON)
    sys.stdout.flush()
    try:
        yield
    finally:
        sys.stdout.write(ALT_SCREEN_OFF)
        sys.stdout.flush()
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        if saved is not None:
            termios.tcsetattr(fd, termios.TCSANOW, saved)


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


def _word_rows(word: str) -> list[str] | None:
    """One word's six rows (accents, then the five rows of the letters), all the same width."""
    glyphs = [_glyph(c) for c in word]
    if any(g is None for g in glyphs):
        return None
    return [" ".join(g[0] if i == 0 else g[1][i - 1] for g in glyphs if g) for i in range(6)]


def render_lines(text: str, width: int) -> list[str] | None:
    """`text` in block letters, words wrapped to `width` columns; None if it cannot be drawn.

    Each line of words is a block of rows of one width (accents on the row above their letters);
    a blank line follows each block.
    """
    blocks = title_blocks(text, width)
    if blocks is None:
        return None
    return [line for rows in blocks for line in (*rows, "")]


def title_blocks(text: str, width: int, *, scale: float = 1) -> list[list[str]] | None:
    """`text` in block letters as blocks (one a line of words); every row of a block has its width.

    `scale` 2: each cell of the font drawn 2×2 (a big screen); 0.5: two rows of the font in one
    row of the screen (▀ ▄ █, a screen with few lines). None when a character is not in the font
    or a word is wider than `width`.
    """
    factor = 2 if scale == 2 else 1
    words: list[list[str]] = []
    for word in text.split():
        rows = _word_rows(word)
        if rows is None or factor * len(rows[1]) > width:
            return None
        words.append(rows)
    blocks: list[list[str]] = []
    current: list[str] | None = None
    for rows in words:
        if current is not None and factor * (len(current[1]) + 3 + len(rows[1])) <= width:
            current = [a + "   " + b for a, b in zip(current, rows, strict=True)]
            continue
        if current is not None:
            blocks.append(_block(current, scale))
        current = rows
    if current is not None:
        blocks.append(_block(current, scale))
    return blocks


def _block(rows: list[str], scale: float) -> list[str]:
    if not rows[0].strip():
        rows = rows[1:]  # no accent on this line: no empty row above it
    if scale == 2:
        return [row.replace("#", "██").replace(" ", "  ") for row in rows for _ in (1, 2)]
    if scale == 1:
        return [row.replace("#", "█") for row in rows]
    if len(rows) % 2:
        rows = [*rows, " " * len(rows[0])]
    cells = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
    return [
        "".join(cells[(a == "#", b == "#")] for a, b in zip(rows[y], rows[y + 1], strict=True))
        for y in range(0, len(rows), 2)
    ]


def _import_result_screen() -> None:
    from cmq_wizard.render import rich_, summary, view  # noqa: F401
