"""The one door to questionary: every prompt the program shows is asked from here.

questionary has no native "back" (its issue #81), so the wizard loop below owns navigation:
it keeps the answers confirmed so far (a prefix of the path) and, for the questions ahead,
the earlier answers that are shown pre-selected; an answer that a changed path no longer asks
is dropped (`Engine.prune`), never silently reused.

Every prompt goes through `Prompter`, which takes prompt_toolkit's `input` / `output` so that
tests can drive it with `create_pipe_input()` and `DummyOutput()`. Ctrl-C raises
KeyboardInterrupt, Ctrl-D EOFError; with an idle timeout, `Idle` when nobody pressed a key.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from cmq_wizard.engine import Engine
from cmq_wizard.i18n import get_lang, t
from cmq_wizard.typography import shown, wrap

# Menu values that cannot be mistaken for a choice id (ids start with a lower-case letter).
BACK = ":back"
RESTART = ":restart"
EDIT = ":edit"
SAVE = ":save"
QUIT = ":quit"
FAQ = ":faq"
WHY = ":why"
MORE = ":more"
NEXT_VISITOR = ":next"
START = ":start"
SWITCH_LANG = ":lang"
CANCEL = ":cancel"

# A choice: (label, value) or (label, value, description). The description is the long text
# (a full label, a whole answer) shown under the list for the highlighted choice.
Option = tuple[str, str] | tuple[str, str, str | None]
# A line of text to show: (style, text) segments, as `render/summary.py` makes them.
Line = list[tuple[str, str]]

# The lines the result menu takes under the summary: its question, six entries, one spare.
MENU_HEIGHT = 8

STYLE_RULES = {
    "verdict.eligible": "bold ansigreen",
    "verdict.conditional": "bold ansiyellow",
    "verdict.not_eligible": "bold ansired",
    "verdict.info": "bold ansicyan",
    "label": "bold",
    "dim": "ansibrightblack",
    "description": "italic",
}


class Idle(Exception):
    """Nobody pressed a key for the prompter's idle timeout."""


def _wrap(text: str, width: int, first: str = "", indent: str = "") -> list[str]:
    return wrap(text, width, first, indent)


def description_of(option: Option) -> str | None:
    return option[2] if len(option) > 2 else None


@dataclass
class Prompter:
    """Asks one prompt at a time, with arrow keys. `input`/`output` are prompt_toolkit's (None: the terminal).

    Each screen starts clean (`show` erases it), so an old result never stays above a new one.
    """

    input: Any = None
    output: Any = None
    idle_timeout: float | None = None
    # The kiosk's hooks: `before_prompt` draws the screen a prompt goes under (it is called again
    # when the prompt is shown again); `on_idle`, when the idle time has passed, says whether the
    # person is still there (True: the same prompt again, where it was; False: `Idle` is raised).
    before_prompt: Callable[[], None] | None = None
    on_idle: Callable[[], bool] | None = None
    plain = False
    _extra: dict[str, Any] = field(default_factory=dict, repr=False)
    # With `before_prompt`, what `show` was given waits here and is drawn under the hook's screen.
    _screen: list[Line] = field(default_factory=list, repr=False)

    def _out(self) -> Any:
        if self.output is None:
            from prompt_toolkit.output import create_output

            self.output = create_output()
        return self.output

    def _io(self) -> dict[str, Any]:
        io: dict[str, Any] = {"output": self._out()}
        if self.input is not None:
            io["input"] = self.input
        return io

    def size(self) -> tuple[int, int]:
        """Columns and rows of the screen."""
        size = self._out().get_size()
        return max(20, size.columns), max(5, size.rows)

    def show(self, lines: Sequence[Line], *, clear: bool = True) -> None:
        """Show `lines` on a cleared screen (or under what is there).

        With a `before_prompt` hook (the kiosk), the hook draws each screen just before the prompt:
        the lines are kept and drawn under what it draws, again each time the prompt is shown.
        """
        if self.before_prompt is not None:
            self._screen = [*([] if clear else self._screen), *lines]
            return
        self._print(lines, clear=clear)

    def _print(self, lines: Sequence[Line], *, clear: bool) -> None:
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText
        from prompt_toolkit.styles import Style

        out = self._out()
        if clear:
            out.erase_screen()
            out.cursor_goto(0, 0)
            out.flush()
        if lines:
            segments: list[tuple[str, str]] = []
            for line in lines:
                segments += [(f"class:{style}" if style else "", shown(text)) for style, text in line]
                segments.append(("", "\n"))
            print_formatted_text(
                FormattedText(segments[:-1]),
                output=out,
                style=Style.from_dict(STYLE_RULES),
                include_default_pygments_style=False,
            )

    def select(
        self,
        message: str,
        choices: Sequence[Option | None],
        default: str | None = None,
        instruction: str | None = None,
    ) -> str:
        """One choice among options (None draws a separator); returns its value.

        Typing a choice's number moves to it (questionary's shortcuts); Enter picks it.
        `instruction` replaces the usual one (the kiosk's welcome says what to press only once).
        """
        import questionary

        width = self.size()[0]
        items: list[Any] = []
        for c in choices:
            if c is None:
                items.append(questionary.Separator(" "))
                continue
            title = "\n      ".join(_wrap(c[0], width - 6))
            description = description_of(c)
            items.append(
                questionary.Choice(title, value=c[1], description=description if description != c[0] else None)
            )
        values = {c[1] for c in choices if c is not None}
        instruction = shown(t("prompt.instruction") if instruction is None else instruction)
        lines = _wrap(message, width - 1, "? ", "  ")
        if len(lines[-1]) + 1 + len(instruction) > width - 1:
            instruction = "\n  " + instruction
        question = questionary.select(
            "\n".join(lines)[2:],
            choices=items,
            default=default if default in values else None,
            instruction=instruction,
            use_shortcuts=True,
            use_jk_keys=False,
            **self._io(),
        )
        _describe_below(question.application, width)
        return str(self._run(question.application))

    def text(self, message: str, default: str = "") -> str:
        import questionary

        question = questionary.text(shown(message), default=default, **self._io())
        return str(self._run(question.application))

    def confirm(self, message: str) -> bool:
        """A yes/no question whose answer is No unless the person says yes: a menu of the two, No
        first (questionary's own confirm says "(y/N)" and "Yes" whatever the language)."""
        return self.select(message, [(t("confirm.no"), "no"), (t("confirm.yes"), "yes")], default="no") == "yes"

    def _run(self, app: Any) -> Any:
        """Run one prompt: Ctrl-D ends like Ctrl-C (EOFError), and the idle timer watches keys."""
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
        from prompt_toolkit.keys import Keys

        extra = KeyBindings()

        @extra.add(Keys.ControlD, eager=True)
        def _eof(event: Any) -> None:
            event.app.exit(exception=EOFError, style="class:aborting")

        @extra.add("c-s", eager=True)
        @extra.add("c-r", eager=True)
        @extra.add("c-z", eager=True)
        @extra.add("c-\\", eager=True)
        def _nothing(event: Any) -> None:
            """No history search in a menu, no control character typed into an answer."""

        app.key_bindings = merge_key_bindings([app.key_bindings, extra]) if app.key_bindings else extra
        try:
            while True:
                if self.before_prompt is not None:
                    self.before_prompt()
                    if self._screen:
                        self._print(self._screen, clear=False)
                try:
                    return self._run_app(app)
                except Idle:
                    if self.on_idle is None or not self.on_idle():
                        raise
        finally:
            self._screen = []  # what was shown belonged to this prompt's screen only
            _forget_filter_caches()

    def _run_app(self, app: Any) -> Any:
        timeout = self.idle_timeout
        if not timeout:
            return app.run(pre_run=lambda: _start_reading_work(app))
        last_key = [time.monotonic()]

        def _pressed(_: Any) -> None:
            last_key[0] = time.monotonic()

        async def _watch() -> None:
            while True:
                left = last_key[0] + timeout - time.monotonic()
                if left <= 0:
                    if not app.is_done:
                        app.exit(exception=Idle())
                    return
                await asyncio.sleep(min(left, 0.5))

        def _start() -> None:
            app.key_processor.before_key_press += _pressed
            app.create_background_task(_watch())
            _start_reading_work(app)

        return app.run(pre_run=_start)


# Work to do while the person reads the next prompt (see `while_reading`).
_reading_work: list[Callable[[], object]] = []
READING_DELAY = 0.15  # seconds after a prompt starts: its screen is drawn, no key is pressed yet


def while_reading(work: Callable[[], object]) -> None:
    """Do `work` during the next prompt, once its screen is drawn and while the person reads it:
    the imports a later screen needs, say, so that no key ever waits for them (SPEC §8). Work a
    quick key leaves undone waits for the prompt after; a failure is ignored (the same import is
    then simply made where it is needed)."""
    _reading_work.append(work)


def _do_reading_work() -> None:
    while _reading_work:
        work = _reading_work.pop(0)
        with contextlib.suppress(Exception):
            work()


def _start_reading_work(app: Any) -> None:
    if not _reading_work:
        return

    async def later() -> None:
        await asyncio.sleep(READING_DELAY)
        _do_reading_work()

    app.create_background_task(later())


def _describe_below(app: Any, width: int) -> None:
    """Show the highlighted choice's description under the list, wrapped between words.

    questionary cuts it at the edge of the screen and prefixes an English « Description: ».
    """
    from questionary.prompts.common import InquirerControl

    for window in app.layout.find_all_windows():
        control = window.content
        if isinstance(control, InquirerControl):
            control.show_description = False
            tokens = control.text

            def _with_description(control: Any = control, tokens: Any = tokens) -> Any:
                out = list(tokens())
                description = control.get_pointed_at().description
                if description:
                    for line in _wrap(description, width - 1, "  ", "  "):
                        out += [("", "\n"), ("class:instruction", line)]
                return out

            control.text = _with_description


class PlainPrompter(Prompter):
    """Plain mode: each question printed once as numbered lines; the person types, then Enter.

    For screen readers, braille displays, serial lines, Emacs' shell and `TERM=dumb`: linear
    output only, no cursor movement, no colour, not one escape byte. A number, a label or a
    unique beginning of one (case and accents optional) picks a choice; `r` goes back, `0`
    starts again. Ctrl-C and Ctrl-D end as in the arrow-key mode.
    """

    plain = True

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None, width: int | None = None) -> None:
        super().__init__()
        self.stdin = stdin
        self.stdout = stdout
        self.width = width

    def _streams(self) -> tuple[TextIO, TextIO]:
        import sys

        return self.stdin or sys.stdin, self.stdout or sys.stdout

    def size(self) -> tuple[int, int]:
        import shutil

        return self.width or max(40, min(100, shutil.get_terminal_size((80, 24)).columns)), 10_000

    def _say(self, text: str = "") -> None:
        out = self._streams()[1]
        out.write(shown(text) + "\n")
        out.flush()

    def show(self, lines: Sequence[Line], *, clear: bool = True) -> None:
        if clear:
            self._say()
        for line in lines:
            self._say("".join(text for _, text in line).rstrip())

    def _read(self, prompt: str) -> str:
        stdin, out = self._streams()
        out.write(shown(prompt))
        out.flush()
        _do_reading_work()  # the prompt is on screen; the person is reading it
        line = stdin.readline()
        if not line:
            self._say()
            raise EOFError
        return line.strip()

    def select(
        self,
        message: str,
        choices: Sequence[Option | None],
        default: str | None = None,
        instruction: str | None = None,
    ) -> str:
        width = self.size()[0]
        question = _is_question(choices)
        keyed: list[tuple[str, Option]] = []
        n = 0
        for c in choices:
            if c is None:
                continue
            if c[1] in (BACK, CANCEL):
                keyed.append(("r", c))
            elif c[1] == RESTART and question:
                keyed.append(("0", c))
            else:
                n += 1
                keyed.append((str(n), c))
        self._say()
        for line in _wrap(message, width):
            self._say(line)
        for key, c in keyed:
            full = description_of(c) or c[0]
            for line in _wrap(full, width, f"  {key}. ", " " * (len(key) + 4)):
                self._say(line)
        by_value = {c[1]: key for key, c in keyed}
        default_key = by_value.get(default) if default else None
        keys = [t("plain.range", last=n)] if n > 1 else ["1"] if n else []
        keys += [key for key, _ in keyed if not key.isdigit() or key == "0"]
        hint = t("plain.hint", keys=", ".join(keys))
        prompt = f"{hint}{f' [{default_key}]' if default_key else ''}{t('plain.prompt_end')}"
        while True:
            typed = self._read(prompt)
            if not typed and default_key:
                typed = default_key
            picked, problem = _resolve(typed, keyed, ids=question)
            if picked is not None:
                return picked
            self._say(problem)

    def text(self, message: str, default: str = "") -> str:
        typed = self._read(f"{message}{f' [{default}]' if default else ''} ")
        return typed or default

    def confirm(self, message: str) -> bool:
        typed = self._read(f"{message} {t('plain.yes_no')} ")
        from cmq_wizard.answers import fold

        return fold(typed) in (fold(t("plain.yes")), "y", "yes", "o", "oui")


def _is_question(choices: Sequence[Option | None]) -> bool:
    return any(c is not None and not c[1].startswith(":") for c in choices)


def _word_starts(label: str, wanted: str) -> bool:
    return any(word.startswith(wanted) for word in re.findall(r"\w+", label))


def _resolve(typed: str, keyed: Sequence[tuple[str, Option]], *, ids: bool = False) -> tuple[str | None, str]:
    """The value that typed text names: a key, a label, or a unique beginning of a label or of one
    of its words; with `ids` (a question's choices), also the choice's id, as `--set` takes it."""
    from cmq_wizard.answers import fold

    if not typed:
        return None, t("plain.empty")
    for key, c in keyed:
        if typed.lower() == key:
            return c[1], ""
    wanted = fold(typed)
    names = {
        c[1]: [
            fold(c[0]),
            fold(description_of(c) or c[0]),
            *((fold(c[1]),) if ids and not c[1].startswith(":") else ()),
        ]
        for _, c in keyed
    }
    exact = [value for value, labels in names.items() if wanted in labels]
    if len(exact) == 1:
        return exact[0], ""
    # As answers.py does for --set: a prefix of a whole label wins over a prefix of one of its words.
    found = [value for value, labels in names.items() if any(label.startswith(wanted) for label in labels)]
    if not found:
        found = [value for value, labels in names.items() if any(_word_starts(label, wanted) for label in labels)]
    if len(found) == 1:
        return found[0], ""
    if found:
        shown = ", ".join(f"{key}. {c[0]}" for key, c in keyed if c[1] in found)
        return None, t("plain.ambiguous", typed=typed, choices=shown)
    return None, t("plain.unknown", typed=typed, last=sum(1 for k, _ in keyed if k.isdigit() and k != "0"))


_global_filters: tuple[int, list[Any]] = (0, [])


def _forget_filter_caches() -> None:
    """Empty the memo caches of prompt_toolkit's global filters once a prompt is over.

    Each global filter (`buffer_has_focus`, `vi_mode`…) memoises every filter it was combined
    with, and those hold the finished prompt's session: a kiosk would keep every prompt it ever
    showed (prompt_toolkit issues #1688 and #1835). The caches only save time; emptying them
    between prompts is safe.
    """
    import sys

    from prompt_toolkit.filters.base import Filter

    global _global_filters
    if _global_filters[0] != len(sys.modules):  # find them again only when modules were imported
        found = [
            value
            for name, module in list(sys.modules.items())
            if name.startswith("prompt_toolkit") and module is not None
            for value in list(vars(module).values())
            if isinstance(value, Filter)
        ]
        _global_filters = (len(sys.modules), found)
    for value in _global_filters[1]:
        for item in (value, value._invert_result):
            if item is not None:
                item._and_cache.clear()
                item._or_cache.clear()


# --- The wizard ------------------------------------------------------------------------------------------


def intro(engine: Engine, *, notes: Sequence[str] = (), quit_hint: bool = True) -> list[Line]:
    """The line before the first question: the title, how many questions, how to leave."""
    lang = get_lang()
    low, high = engine.question_count({})
    count = t("wizard.count_one", n=low) if low == high else t("wizard.count_range", low=low, high=high)
    head = [("label", engine.ruleset.meta.title.get(lang)), ("", f" · {count}")]
    if quit_hint:
        head.append(("", f" · {t('wizard.quit_hint')}"))
    return [head, *[[("dim", note)] for note in notes]]


def progress(engine: Engine, answers: Mapping[str, str]) -> str:
    """« Question 2 sur 4 », « Question 2 sur 3 ou 4 »: where the person is on the path."""
    low, high = engine.question_count(answers)
    n = len(engine.prune(answers)) + 1
    if low == high:
        return t("wizard.progress", n=n, total=high)
    if high == low + 1:
        return t("wizard.progress_or", n=n, low=low, high=high)
    return t("wizard.progress_range", n=n, low=low, high=high)


def _fit(lines: list[Line], width: int) -> list[Line]:
    """Lines of one segment style each, wrapped between words to `width`."""
    out: list[Line] = []
    for line in lines:
        text = "".join(seg for _, seg in line)
        style = line[0][0] if len(line) == 1 else ""
        if len(text) <= width:
            out.append(line)
        else:
            indent = " " * (len(text) - len(text.lstrip("• ")))
            out += [[(style, part)] for part in _wrap(text, width, "", indent)]
    return out


def complete(
    engine: Engine,
    answers: Mapping[str, str],
    prompter: Prompter | None = None,
    *,
    ahead: Mapping[str, str] | None = None,
    notes: Sequence[str] = (),
    quit_hint: bool = True,
) -> dict[str, str]:
    """Ask every question the answers leave open on the path, with « Retour » and « Recommencer ».

    `answers` are taken as confirmed; `ahead` holds earlier answers to questions still to be
    asked, shown pre-selected. Each question comes on a clean screen under the title line,
    with its progress (« Question 2 sur 4 »); `notes` are said once, on the first screen.
    Returns complete answers, in the order of the path.
    """
    prompter = prompter or Prompter()
    lang = get_lang()
    confirmed = engine.prune(answers)
    pending = dict(ahead or {})
    first = True
    head = intro(engine, notes=notes, quit_hint=quit_hint)
    while (question := engine.next_question(confirmed)) is not None:
        width = prompter.size()[0]
        screen = head if first else head[:1]
        if prompter.plain and not first:
            screen = []
        prompter.show(_fit([*screen, [], [("label", progress(engine, confirmed))]], width))
        first = False
        choices: list[Option | None] = [(c.menu_label(lang), c.id, c.label.get(lang)) for c in question.spec.choices]
        if confirmed:
            choices += [None, (t("wizard.back"), BACK), (t("wizard.restart"), RESTART)]
        picked = prompter.select(question.spec.text.get(lang), choices, default=pending.get(question.id))
        if picked == BACK:
            previous = list(confirmed)[-1]
            pending[previous] = confirmed.pop(previous)
        elif picked == RESTART:
            confirmed, pending = {}, {}
        else:
            pending.pop(question.id, None)
            confirmed = engine.prune({**confirmed, question.id: picked})
        pending = _still_asked(engine, confirmed, pending)
    return confirmed


def _still_asked(engine: Engine, confirmed: Mapping[str, str], pending: Mapping[str, str]) -> dict[str, str]:
    """The earlier answers that the path, as it now stands, still asks for; the others are dropped."""
    kept = engine.prune({**confirmed, **pending})
    return {qid: value for qid, value in pending.items() if kept.get(qid) == value and qid not in confirmed}


def recap(engine: Engine, answers: Mapping[str, str]) -> list[Option]:
    """The answers as menu entries: « Profil : Entreprise », the whole question and answer below."""
    lang = get_lang()
    entries: list[Option] = []
    for qid, cid in answers.items():
        spec = engine.ruleset.question_by_id[qid].spec
        choice = next((c for c in spec.choices if c.id == cid), None)
        short = choice.menu_label(lang) if choice else cid
        full = choice.label.get(lang) if choice else cid
        name = spec.short.get(lang) if spec.short else spec.text.get(lang)
        entries.append((f"{t('text.label', label=name)} {short}", qid, f"{spec.text.get(lang)} {full}"))
    return entries


def edit(
    engine: Engine, answers: Mapping[str, str], prompter: Prompter | None = None, *, quit_hint: bool = True
) -> dict[str, str] | None:
    """« Modifier une réponse »: pick a question from a recap, then carry on from there.

    The picked question and those after it are asked again, their earlier answers pre-selected.
    Returns the new complete answers, or None when the person went back to the result.
    """
    prompter = prompter or Prompter()
    prompter.show([])
    choices: list[Option | None] = [*recap(engine, answers), None, (t("menu.back_to_result"), CANCEL)]
    picked = prompter.select(t("menu.pick_answer"), choices)
    if picked == CANCEL:
        return None
    order = list(answers)
    cut = order.index(picked)
    before = {qid: answers[qid] for qid in order[:cut]}
    after = {qid: answers[qid] for qid in order[cut:]}
    return complete(engine, before, prompter, ahead=after, quit_hint=quit_hint)


def after_result(prompter: Prompter | None = None, *, kiosk: bool = False) -> str:
    """The menu under a result: FAQ, WHY, EDIT, SAVE, RESTART, QUIT (kiosk: NEXT_VISITOR, EDIT)."""
    prompter = prompter or Prompter()
    if kiosk:
        choices: list[Option | None] = [(t("kiosk.next_visitor"), NEXT_VISITOR), (t("menu.edit"), EDIT)]
    else:
        choices = [
            (t("menu.faq"), FAQ),
            (t("menu.why"), WHY),
            (t("menu.edit"), EDIT),
            (t("menu.save"), SAVE),
            (t("menu.restart"), RESTART),
            (t("menu.quit"), QUIT),
        ]
    return prompter.select(t("menu.title"), choices)


def page(prompter: Prompter, lines: Sequence[Line]) -> None:
    """Long text (the FAQ, the explanation) on cleared screens, a screenful at a time, then back."""
    width, height = prompter.size()
    body = _fit(list(lines), width)
    per_page = max(3, height - 5)
    chunks = [body[i : i + per_page] for i in range(0, len(body), per_page)] or [[]]
    for i, chunk in enumerate(chunks):
        prompter.show(chunk)
        choices: list[Option | None] = [(t("menu.back_to_result"), CANCEL)]
        if i + 1 < len(chunks):
            choices.insert(0, (t("page.more", n=i + 2, total=len(chunks)), MORE))
        title = t("page.title", n=i + 1, total=len(chunks)) if len(chunks) > 1 else t("page.end")
        if prompter.select(title, choices, default=choices[0][1]) != MORE:  # type: ignore[index]
            return


EXTENSION_OF = {"markdown": ".md", "html": ".html", "text": ".txt", "json": ".json"}


def save_dialog(prompter: Prompter, default_name: Callable[[str], object]) -> tuple[str, str] | None:
    """Ask the handout's format, then its file name. `default_name(fmt)` proposes one.

    The extension and the format always agree: a name without an extension gets the format's,
    a name with another known extension takes that format (and says so), an extension that
    cannot be written is refused. An existing file is replaced only if the person says yes
    (default: no). Returns (format, path), or None when the person went back.
    """
    from pathlib import Path

    from cmq_wizard.render import EXTENSIONS

    fmt = prompter.select(
        t("save.format"),
        [(t("save.markdown"), "markdown"), (t("save.html"), "html"), None, (t("menu.back_to_result"), CANCEL)],
    )
    if fmt == CANCEL:
        return None
    proposed = str(default_name(fmt))
    while True:
        typed = prompter.text(t("save.path"), default=proposed).strip()
        if not typed:
            return None
        path = Path(typed).expanduser()
        suffix = path.suffix.lower()
        if not suffix:
            path = path.with_name(path.name + EXTENSION_OF[fmt])
        elif suffix not in EXTENSIONS:
            prompter.show([[("", t("save.bad_extension", ext=suffix, allowed=", ".join(EXTENSIONS)))]], clear=False)
            proposed = str(Path(typed).with_suffix(EXTENSION_OF[fmt]))
            continue
        elif EXTENSIONS[suffix] != fmt:
            fmt = EXTENSIONS[suffix]
            prompter.show([[("", t("save.format_from_extension", ext=suffix, format=fmt))]], clear=False)
        if path.is_dir():
            prompter.show([[("", t("save.is_dir", path=path))]], clear=False)
            continue
        if path.exists() and not prompter.confirm(t("save.overwrite", path=path)):
            proposed = str(path)
            continue
        return fmt, str(path)


def welcome(prompter: Prompter) -> str:
    """The kiosk's prompt under the welcome screen: START, or SWITCH_LANG."""
    choices: list[Option | None] = [(t("kiosk.start"), START), (t("kiosk.switch_lang"), SWITCH_LANG)]
    return prompter.select(t("kiosk.press_enter"), choices, instruction=" ")  # what to press, said once
