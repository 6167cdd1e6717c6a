"""What a person sees, on a virtual terminal of 80×24 and 60×20, on every one of the 63 paths.

The wizard runs with its real prompts (prompt_toolkit's VT100 output, the bytes a terminal
gets) and those bytes are played onto a pyte screen, a VT emulator of that size. Each prompt's
last drawing before the answer is kept: what was on screen when the person had to choose.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pyte
import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from cmq_wizard import i18n, prompts
from cmq_wizard.commands import run as run_cmd
from cmq_wizard.engine import Engine
from cmq_wizard.model import RuleSet
from cmq_wizard.render import view as view_mod
from cmq_wizard.settings import Settings
from cmq_wizard.typography import french
from tests.conftest import FAQ, RULES
from tests.keys import ENTER

SIZES = [(80, 24), (60, 20)]


class _Sink(io.StringIO):
    """The terminal's side of the wire: every string written goes onto the pyte screen."""

    def __init__(self, stream: pyte.Stream) -> None:
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.feed(text)
        return len(text)


class Terminal(prompts.Prompter):
    """The arrow-key prompter, drawing on a pyte screen; keeps what each prompt showed.

    Keys are typed one prompt at a time, once that prompt is drawn, as a person would; when
    they run out, the input closes (the prompt then ends with EOFError).
    """

    def __init__(self, inp: Any, width: int, height: int, keys: list[str]) -> None:
        self.screen = pyte.Screen(width, height)
        stream = pyte.Stream(self.screen)
        size = Size(rows=height, columns=width)
        output = Vt100_Output(_Sink(stream), lambda: size, term="xterm-256color", enable_cpr=False)
        super().__init__(input=inp, output=output)
        self.keys = list(keys)
        self.seen: list[tuple[str, list[str]]] = []  # (prompt message, screen lines)
        self._message = ""

    def select(self, message, choices, default=None):  # type: ignore[no-untyped-def]
        self._message = message
        return super().select(message, choices, default)

    def _run_app(self, app: Any) -> Any:
        drawn: list[list[str]] = []

        def _typed(_: Any) -> None:
            if app.is_done or drawn:
                return
            drawn.append([line.rstrip() for line in self.screen.display])
            if self.keys:
                self.input.send_text(self.keys.pop(0))
            else:
                self.input.close()

        app.after_render += _typed
        try:
            return super()._run_app(app)
        finally:
            self.seen.append((self._message, drawn[0] if drawn else []))


def consult(
    answers: dict[str, str], engine: Engine, lang: str, width: int, height: int, extra: tuple[str, ...] = ()
) -> Terminal:
    """Answer each question by typing its number then Enter; then the `extra` keys, prompt by prompt."""
    i18n.set_lang(lang)
    keys = []
    for qid, cid in answers.items():
        choices = [c.id for c in engine.ruleset.question_by_id[qid].spec.choices]
        keys.append(str(choices.index(cid) + 1) + ENTER)
    settings = Settings(rules_dir=RULES, faq_path=FAQ, lang=lang)
    with create_pipe_input() as inp:
        term = Terminal(inp, width, height, [*keys, *extra])
        with pytest.raises(EOFError):
            run_cmd.interactive(settings, {}, prompter=term)
    return term


def _paths(engine: Engine) -> Iterator[dict[str, str]]:
    yield from engine.paths()


def _vocabulary(ruleset: RuleSet, lang: str) -> set[str]:
    """Every whole word the wizard may show: content, interface strings, signs, numbers."""
    texts: list[str] = []
    for q in ruleset.questions:
        texts += [q.spec.text.get(lang), *(q.spec.short.get(lang) for _ in [0] if q.spec.short)]
        for c in q.spec.choices:
            texts += [c.label.get(lang), c.menu_label(lang)]
    for r in ruleset.rules:
        texts += [r.spec.title.get(lang), *(s.get(lang) for s in r.spec.next_steps)]
        if r.spec.reason:
            texts.append(r.spec.reason.get(lang))
    for v in ruleset.meta.verdicts.values():
        texts += [v.label.get(lang), v.label.get(lang).upper(), v.summary.get(lang)]
    for c in ruleset.meta.contacts:
        texts += [c.name.get(lang), c.how.get(lang) if c.how else ""]
    texts += [ruleset.meta.title.get(lang)]
    texts += [text.get(lang) or "" for text in i18n.catalogue().values()]  # type: ignore[attr-defined]
    words = {_bare(w) for text in texts for w in re.split(r"[\s{}]+", view_mod.plain(text))}
    return words | {str(n) for n in range(10)} | set("»·✔✘ℹ!…:;?") | {""}


def _bare(word: str) -> str:
    """A word without the punctuation around it: « (contact » and « contact » are the same word."""
    return word.strip("()[]«»\"'“”.,;:!?…")


def _cut_words(screen: list[str], vocabulary: set[str]) -> list[str]:
    """The words on screen that are no whole word of anything the wizard says: cut ones."""
    return [w for line in screen for w in line.split() if _bare(w) not in vocabulary]


def at_the_menu(answers: dict[str, str], lang: str, width: int, height: int) -> Terminal:
    """The result of complete answers (as after the last question), up to its menu."""
    settings = Settings(rules_dir=RULES, faq_path=FAQ, lang=lang)
    with create_pipe_input() as inp:
        term = Terminal(inp, width, height, [])
        with pytest.raises(EOFError):
            run_cmd.interactive(settings, dict(answers), prompter=term)
    return term


def at_the_question(engine: Engine, answers: dict[str, str], width: int, height: int) -> Terminal:
    """The screen of the next question after `answers`."""
    with create_pipe_input() as inp:
        term = Terminal(inp, width, height, [])
        with pytest.raises(EOFError):
            prompts.complete(engine, answers, term)
    return term


@pytest.fixture(autouse=True)
def _key_bindings_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """prompt_toolkit builds its default key bindings anew for every prompt (most of a prompt's
    start-up time); they hold no state, so the screen tests build them once."""
    from functools import cache

    import prompt_toolkit.application.application as application

    monkeypatch.setattr(application, "load_key_bindings", cache(application.load_key_bindings))
    monkeypatch.setattr(application, "load_page_navigation_bindings", cache(application.load_page_navigation_bindings))


@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda v: str(v))
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_path_shows_the_verdict_and_first_step_with_the_menu(
    engine: Engine, ruleset: RuleSet, lang: str, width: int, height: int
) -> None:
    i18n.set_lang(lang)
    vocabulary = _vocabulary(ruleset, lang)
    count = 0
    for answers in _paths(engine):
        term = at_the_menu(answers, lang, width, height)
        view = view_mod.build(engine.evaluate(answers), ruleset, lang)
        [(menu_message, screen)] = term.seen
        assert menu_message == i18n.t("menu.title")
        shown = "\n".join(screen)
        flat = " ".join(shown.split())
        # The verdict word, its reason(s), the start of the next steps and the whole menu, together.
        assert view.verdict_label.upper() in screen[0], (answers, shown)
        assert "?" not in screen[0], "the verdict is not marked with the prompt's « ? »"
        for reason in view.reasons:
            assert " ".join(reason.split()[:3]) in flat, (answers, shown)
        if view.next_steps:
            assert " ".join(view.next_steps[0].split()[:3]) in flat, (answers, shown)
        for entry in ("menu.faq", "menu.why", "menu.edit", "menu.save", "menu.restart", "menu.quit"):
            assert french(i18n.t(entry)) in shown, (answers, shown)
        cut = _cut_words(screen, vocabulary)
        assert not cut, (answers, cut, shown)
        count += 1
    assert count == 63


@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda v: str(v))
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_question_on_every_path_shows_its_progress_and_whole_labels(
    engine: Engine, ruleset: RuleSet, lang: str, width: int, height: int
) -> None:
    i18n.set_lang(lang)
    vocabulary = _vocabulary(ruleset, lang)
    prefixes = {tuple(list(path.items())[:n]) for path in engine.paths() for n in range(len(path))}
    for prefix in sorted(prefixes):
        answers = dict(prefix)
        question = engine.next_question(answers)
        assert question is not None
        [(message, screen)] = at_the_question(engine, answers, width, height).seen
        assert message == question.spec.text.get(lang)
        text = "\n".join(screen)
        _, high = engine.question_count(answers)
        assert re.search(rf"^Question {len(answers) + 1} (sur|of) (\d+ (ou|or|à|to) )?{high}$", text, re.M), text
        assert ruleset.meta.title.get(lang) in text and "Ctrl-C" in text
        for choice in question.spec.choices:
            assert re.search(rf"\d\) {re.escape(choice.menu_label(lang))}$", text, re.M), (choice.id, text)
        cut = _cut_words(screen, vocabulary)
        assert not cut, (answers, cut, text)
    assert len(prefixes) > 20


def test_why_on_screen_is_in_words(engine: Engine, ruleset: RuleSet) -> None:
    answers = {"profile": "training_body", "goal": "join", "learner_level": "adults_only"}
    term = consult(answers, engine, "fr", 80, 24, extra=("2" + ENTER,))  # « Pourquoi ? »
    message, screen = term.seen[-1]
    assert message == i18n.t("page.end")
    shown = " ".join(" ".join(screen).split())
    assert "parce que vous avez répondu : Qui êtes-vous ? Acteur de la formation" in shown  # split() took the NBSPs
    assert "learner_level" not in shown and "adults_only" not in shown and "=" not in shown


def test_change_an_answer_shows_whole_answers_and_no_stale_result(engine: Engine) -> None:
    answers = {"profile": "company", "goal": "join", "activity_in_theme": "unsure"}
    # Modifier une réponse → the third answer → « Oui »: the new verdict alone on the screen.
    term = consult(answers, engine, "fr", 60, 20, extra=("3" + ENTER, "3" + ENTER, "1" + ENTER))
    recap = next(screen for message, screen in term.seen if message == i18n.t("menu.pick_answer"))
    recap_text = "\n".join(recap)
    # prompt_toolkit draws a U+00A0 as a space (Char.display_mappings); the lines were wrapped before.
    assert "1) Profil : Entreprise ou acteur de la vie économique" in recap_text
    assert "3) Activité dans la thématique : Je ne sais pas" in recap_text
    final = "\n".join(term.seen[-1][1])
    assert "✔ ÉLIGIBLE" in final and "SOUS CONDITIONS" not in final
