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
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cmq_wizard.engine import Engine
from cmq_wizard.i18n import get_lang, t

# Menu values that cannot be mistaken for a choice id (ids start with a lower-case letter).
BACK = ":back"
RESTART = ":restart"
EDIT = ":edit"
SAVE = ":save"
QUIT = ":quit"
NEXT_VISITOR = ":next"
START = ":start"
SWITCH_LANG = ":lang"
CANCEL = ":cancel"


class Idle(Exception):
    """Nobody pressed a key for the prompter's idle timeout."""


@dataclass
class Prompter:
    """Asks one prompt at a time. `input`/`output` are prompt_toolkit's (None: the terminal)."""

    input: Any = None
    output: Any = None
    idle_timeout: float | None = None
    # The kiosk's hooks: `before_prompt` draws the screen a prompt goes under (it is called again
    # when the prompt is shown again); `on_idle`, when the idle time has passed, says whether the
    # person is still there (True: the same prompt again, where it was; False: `Idle` is raised).
    before_prompt: Callable[[], None] | None = None
    on_idle: Callable[[], bool] | None = None
    _extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def _io(self) -> dict[str, Any]:
        io: dict[str, Any] = {}
        if self.input is not None:
            io["input"] = self.input
        if self.output is not None:
            io["output"] = self.output
        return io

    def select(
        self,
        message: str,
        choices: Sequence[tuple[str, str] | None],
        default: str | None = None,
        instruction: str | None = None,
    ) -> str:
        """One choice among `(label, value)` pairs (None draws a separator); returns its value."""
        import questionary

        items: list[Any] = [
            questionary.Separator(" ") if c is None else questionary.Choice(c[0], value=c[1]) for c in choices
        ]
        values = {c[1] for c in choices if c is not None}
        question = questionary.select(
            message,
            choices=items,
            default=default if default in values else None,
            instruction=t("prompt.instruction") if instruction is None else instruction,
            **self._io(),
        )
        return str(self._run(question.application))

    def text(self, message: str, default: str = "") -> str:
        import questionary

        question = questionary.text(message, default=default, **self._io())
        return str(self._run(question.application))

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
                try:
                    return self._run_app(app)
                except Idle:
                    if self.on_idle is None or not self.on_idle():
                        raise
        finally:
            _forget_filter_caches()

    def _run_app(self, app: Any) -> Any:
        timeout = self.idle_timeout
        if not timeout:
            return app.run()
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

        return app.run(pre_run=_start)


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


def complete(
    engine: Engine,
    answers: Mapping[str, str],
    prompter: Prompter | None = None,
    *,
    ahead: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Ask every question the answers leave open on the path, with « Retour » and « Recommencer ».

    `answers` are taken as confirmed; `ahead` holds earlier answers to questions still to be
    asked, shown pre-selected. Returns complete answers, in the order of the path.
    """
    prompter = prompter or Prompter()
    lang = get_lang()
    confirmed = engine.prune(answers)
    pending = dict(ahead or {})
    while (question := engine.next_question(confirmed)) is not None:
        choices: list[tuple[str, str] | None] = [(c.label.get(lang), c.id) for c in question.spec.choices]
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


def edit(engine: Engine, answers: Mapping[str, str], prompter: Prompter | None = None) -> dict[str, str] | None:
    """« Modifier une réponse »: pick a question from a recap, then carry on from there.

    The picked question and those after it are asked again, their earlier answers pre-selected.
    Returns the new complete answers, or None when the person went back to the result.
    """
    prompter = prompter or Prompter()
    lang = get_lang()
    recap: list[tuple[str, str] | None] = []
    for qid, cid in answers.items():
        question = engine.ruleset.question_by_id[qid]
        label = next((c.label.get(lang) for c in question.spec.choices if c.id == cid), cid)
        recap.append((f"{question.spec.text.get(lang)} {label}", qid))
    recap += [None, (t("menu.back_to_result"), CANCEL)]
    picked = prompter.select(t("menu.pick_answer"), recap)
    if picked == CANCEL:
        return None
    order = list(answers)
    cut = order.index(picked)
    before = {qid: answers[qid] for qid in order[:cut]}
    after = {qid: answers[qid] for qid in order[cut:]}
    return complete(engine, before, prompter, ahead=after)


def after_result(prompter: Prompter | None = None, *, kiosk: bool = False) -> str:
    """The menu under a result: one of EDIT, SAVE, RESTART, QUIT (kiosk: NEXT_VISITOR, EDIT)."""
    prompter = prompter or Prompter()
    if kiosk:
        choices: list[tuple[str, str] | None] = [(t("kiosk.next_visitor"), NEXT_VISITOR), (t("menu.edit"), EDIT)]
    else:
        choices = [
            (t("menu.edit"), EDIT),
            (t("menu.save"), SAVE),
            (t("menu.restart"), RESTART),
            (t("menu.quit"), QUIT),
        ]
    return prompter.select(t("menu.title"), choices)


def save_dialog(prompter: Prompter, default_name: Callable[[str], object]) -> tuple[str, str] | None:
    """Ask the handout's format, then its file name. `default_name(fmt)` proposes one.

    Returns (format, path), or None when the person went back.
    """
    fmt = prompter.select(
        t("save.format"),
        [(t("save.markdown"), "markdown"), (t("save.html"), "html"), None, (t("menu.back_to_result"), CANCEL)],
    )
    if fmt == CANCEL:
        return None
    path = prompter.text(t("save.path"), default=str(default_name(fmt))).strip()
    return (fmt, path) if path else None


def welcome(prompter: Prompter) -> str:
    """The kiosk's prompt under the welcome screen: START, or SWITCH_LANG."""
    choices: list[tuple[str, str] | None] = [(t("kiosk.start"), START), (t("kiosk.switch_lang"), SWITCH_LANG)]
    return prompter.select(t("kiosk.press_enter"), choices, instruction=" ")  # what to press, said once
