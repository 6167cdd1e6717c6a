"""The interactive wizard, driven through prompt_toolkit pipe input as a person would type."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput

from cmq_wizard import prompts
from cmq_wizard.commands import run as run_cmd
from cmq_wizard.engine import Engine
from cmq_wizard.render.view import plain
from cmq_wizard.settings import Settings
from tests.conftest import FAQ, RULES
from tests.keys import CTRL_C, CTRL_D, DOWN, ENTER, UP, pick


# Positions in the menus, as shown: the choices of the question, then « ← Retour », « Recommencer ».
def back(n_choices: int) -> str:
    return pick(n_choices)


def restart(n_choices: int) -> str:
    return pick(n_choices + 1)


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as inp:
        yield inp


class Recorder(prompts.Prompter):
    """A prompter that also keeps what each select offered and pre-selected, to assert on it."""

    def __init__(self, inp: PipeInput) -> None:
        super().__init__(input=inp, output=DummyOutput())
        self.asked: list[tuple[str, list[str], str | None]] = []

    def select(self, message, choices, default=None):  # type: ignore[no-untyped-def]
        self.asked.append((message, [c[1] for c in choices if c is not None], default))
        return super().select(message, choices, default)


def q(engine: Engine, qid: str) -> str:
    """The French text of a question, as the prompt shows it."""
    return engine.ruleset.question_by_id[qid].spec.text.fr


def feed(inp: PipeInput, *keys: str) -> None:
    inp.send_text("".join(keys))
    inp.close()  # once the keys run out, the prompt ends with EOFError instead of waiting forever


def test_plain_walk_asks_only_the_path(engine: Engine, pipe: PipeInput) -> None:
    feed(pipe, pick(2), pick(1), pick(0))  # company, join, activity in theme: yes
    asker = Recorder(pipe)
    answers = prompts.complete(engine, {}, asker)
    assert answers == {"profile": "company", "goal": "join", "activity_in_theme": "yes"}
    assert [a[0] for a in asker.asked] == [
        q(engine, "profile"),
        q(engine, "goal"),
        q(engine, "activity_in_theme"),
    ]
    # The first question offers no Retour; the next ones do, and Recommencer.
    assert prompts.BACK not in asker.asked[0][1]
    assert asker.asked[1][1][-2:] == [prompts.BACK, prompts.RESTART]


def test_back_preselects_the_earlier_answer(engine: Engine, pipe: PipeInput) -> None:
    # company, join, then « ← Retour » at activity_in_theme: back at goal with « join » pre-selected;
    # Enter keeps it, and activity_in_theme is asked again.
    feed(pipe, pick(2), pick(1), back(3), ENTER, pick(1))
    asker = Recorder(pipe)
    answers = prompts.complete(engine, {}, asker)
    assert answers == {"profile": "company", "goal": "join", "activity_in_theme": "no"}
    assert asker.asked[3][0] == q(engine, "goal")
    assert asker.asked[3][2] == "join"
    assert asker.asked[4][2] is None  # its answer was taken back with Retour from the question itself


def test_back_twice_then_forward_preselects_each_earlier_answer(engine: Engine, pipe: PipeInput) -> None:
    # At goal, « join » (2nd) is pre-selected: « ← Retour » is 5 further down.
    feed(pipe, pick(2), pick(1), back(3), pick(5), ENTER, ENTER, pick(2))
    asker = Recorder(pipe)
    answers = prompts.complete(engine, {}, asker)
    assert [(message, default) for message, _, default in asker.asked[3:6]] == [
        (q(engine, "goal"), "join"),
        (q(engine, "profile"), "company"),
        (q(engine, "goal"), "join"),
    ]
    assert answers == {"profile": "company", "goal": "join", "activity_in_theme": "unsure"}


def test_a_changed_path_drops_the_answers_it_no_longer_asks(engine: Engine, pipe: PipeInput) -> None:
    # company / join / unsure; back to activity, back to goal, change join → propose.
    # activity_in_theme is not on the new path: it must not come back, even by going back to join.
    feed(
        pipe,
        pick(2),
        pick(1),
        pick(2),  # → result would be complete; instead we start from edit below
    )
    answers = prompts.complete(engine, {}, Recorder(pipe))
    assert answers["activity_in_theme"] == "unsure"
    with create_pipe_input() as inp:
        # Modifier une réponse: pick « goal » (2nd line of the recap), choose propose (UP from join),
        # then economic_stake: Retour to goal, choose join again: activity_in_theme is asked afresh.
        feed(inp, pick(1), UP + ENTER, back(4), DOWN + ENTER, ENTER)
        asker = Recorder(inp)
        changed = prompts.edit(engine, answers, asker)
    assert [q for q, _, _ in asker.asked] == [
        "Quelle réponse modifier ?",
        q(engine, "goal"),
        q(engine, "economic_stake"),
        q(engine, "goal"),
        q(engine, "activity_in_theme"),
    ]
    assert asker.asked[1][2] == "join"  # the question picked shows its answer pre-selected
    assert asker.asked[4][2] is None  # the dropped answer (unsure) is not pre-selected
    assert changed == {"profile": "company", "goal": "join", "activity_in_theme": "yes"}


def test_restart_clears_everything(engine: Engine, pipe: PipeInput) -> None:
    feed(pipe, pick(2), pick(1), restart(3), pick(1), pick(4))  # … Recommencer, lycee, lifelong_learning
    asker = Recorder(pipe)
    answers = prompts.complete(engine, {}, asker)
    assert answers == {"profile": "lycee", "goal": "lifelong_learning"}
    assert asker.asked[3][0] == q(engine, "profile")
    assert asker.asked[3][2] is None
    assert prompts.BACK not in asker.asked[3][1]


def test_given_answers_are_kept_and_back_reaches_them(engine: Engine, pipe: PipeInput) -> None:
    feed(pipe, back(6), UP + ENTER, ENTER, ENTER)  # goal: Retour → profile (given: lycee) → training_body
    asker = Recorder(pipe)
    answers = prompts.complete(engine, {"profile": "lycee"}, asker)
    assert asker.asked[0][0] == q(engine, "goal")
    assert asker.asked[1] == (q(engine, "profile"), ["training_body", "lycee", "company", "institution"], "lycee")
    assert answers == {"profile": "training_body", "goal": "propose", "economic_stake": "regional"}


@pytest.mark.parametrize("key", [CTRL_C, CTRL_D])
def test_ctrl_c_and_ctrl_d_end_the_wizard(engine: Engine, pipe: PipeInput, key: str) -> None:
    feed(pipe, pick(2), key)
    expected = KeyboardInterrupt if key == CTRL_C else EOFError
    with pytest.raises(expected):
        prompts.complete(engine, {}, Recorder(pipe))


def test_idle_timeout_raises_idle(engine: Engine, pipe: PipeInput) -> None:
    asker = prompts.Prompter(input=pipe, output=DummyOutput(), idle_timeout=0.2)
    with pytest.raises(prompts.Idle):
        prompts.complete(engine, {}, asker)


# --- The whole consultation: run's interactive branch and its menu ---------------------------------


class Screen(prompts.Prompter):
    """An arrow-key prompter on pipe input that keeps, as text, every screen the flow shows."""

    def __init__(self, inp: PipeInput) -> None:
        super().__init__(input=inp, output=DummyOutput())
        self.screens: list[str] = []

    def show(self, lines, *, clear=True):  # type: ignore[no-untyped-def]
        self.screens.append("\n".join("".join(text for _, text in line) for line in lines))
        super().show(lines, clear=clear)


def consult(keys: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], **kwargs: object) -> tuple[int, str, str]:
    """One interactive consultation; returns the exit code, what the screens showed (lines rejoined), stderr."""
    settings = Settings(rules_dir=RULES, faq_path=FAQ)
    kwargs.setdefault("fmt", "text")
    with create_pipe_input() as inp:
        feed(inp, keys)
        screen = Screen(inp)
        code = run_cmd.interactive(settings, {}, prompter=screen, **kwargs)  # type: ignore[arg-type]
    out, err = capsys.readouterr()
    assert out == ""  # everything went through the prompter's screen
    return code, " ".join(" ".join(screen.screens).split()), " ".join(err.split())


MENU_FAQ, MENU_WHY, MENU_EDIT, MENU_SAVE, MENU_RESTART, MENU_QUIT = (pick(i) for i in range(6))


def test_result_then_quit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = consult(pick(0) + pick(1) + pick(0) + MENU_QUIT, tmp_path, capsys)  # training, join, primary
    assert code == 0
    assert "✘ NON ÉLIGIBLE Telle que décrite" in out
    assert "Pourquoi : Selon la FAQ, le niveau minimal des apprenants en formation initiale doit être le collège" in out


def test_modify_an_answer_from_the_recap(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # training_body / join / primary → not eligible; Modifier une réponse → learner_level (3rd) →
    # lycee_or_higher → eligible; quit.
    keys = pick(0) + pick(1) + pick(0) + MENU_EDIT + pick(2) + DOWN * 3 + ENTER + MENU_QUIT
    code, out, _ = consult(keys, tmp_path, capsys)
    assert code == 0
    first, second = out.split("✔ ÉLIGIBLE", 1)
    assert "✘ NON ÉLIGIBLE" in first
    assert "Question 3 sur 3" in first.rsplit("NON ÉLIGIBLE", 1)[1]  # the question asked again, on its own screen
    assert "NON ÉLIGIBLE" not in second


def test_why_says_it_in_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = consult(pick(2) + pick(1) + pick(1) + MENU_WHY + ENTER + MENU_QUIT, tmp_path, capsys)
    assert code == 0
    why = out.split("Comment ce résultat a été obtenu")[1]
    assert "Votre activité ne relève pas de la thématique de ce CMQ (Non éligible, décide du verdict)" in why
    assert "Que souhaitez-vous faire ? Intégrer un CMQ" in why
    assert "activity_in_theme" not in why and "goal" not in why


def test_read_the_faq_word_for_word(tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: Engine) -> None:
    code, out, _ = consult(pick(2) + pick(1) + pick(1) + MENU_FAQ + ENTER + MENU_QUIT, tmp_path, capsys)
    assert code == 0
    answer = plain(engine.ruleset.faq_by_id["economic-actors"].answer.fr)
    assert " ".join(answer.split()) in out


def test_save_a_handout_with_the_default_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    keys = pick(1) + pick(3) + pick(0) + MENU_SAVE + pick(1) + ENTER + MENU_QUIT  # lycee, mobility, international
    code, out, _ = consult(keys, tmp_path, capsys)
    assert code == 0
    saved = list(tmp_path.glob("*.html"))
    assert [p.name[: len("resultat-cmq-lycee-mobility-")] for p in saved] == ["resultat-cmq-lycee-mobility-"]
    assert f"Résultat enregistré dans {saved[0].name}" in out
    assert "<!DOCTYPE html>" in saved[0].read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".*.tmp"))


def test_save_markdown_to_a_typed_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mine.md"
    erase = "\x7f" * 120  # backspace over the proposed name
    keys = pick(1) + pick(4) + MENU_SAVE + pick(0) + erase + str(target) + ENTER + MENU_QUIT
    code, _, _ = consult(keys, tmp_path, capsys)
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("# Assistant d'éligibilité CMQ")


def test_restart_from_the_menu(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keys = pick(1) + pick(4) + MENU_RESTART + pick(2) + pick(2) + MENU_QUIT  # lycee/ftlv, then company/project
    code, out, _ = consult(keys, tmp_path, capsys)
    assert code == 0
    assert out.count("ℹ INFORMATION") == 2


def test_ctrl_c_at_the_menu_interrupts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(KeyboardInterrupt):
        consult(pick(1) + pick(4) + CTRL_C, tmp_path, capsys)


def test_output_and_save_answers_hold_the_last_result(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file, answers_file = tmp_path / "r.json", tmp_path / "a.yaml"
    keys = pick(1) + pick(4) + MENU_RESTART + pick(2) + pick(2) + MENU_QUIT
    consult(keys, tmp_path, capsys, output=out_file, save_answers_to=answers_file, fmt=None)
    assert '"goal": "project"' in out_file.read_text(encoding="utf-8")
    assert "goal: project" in answers_file.read_text(encoding="utf-8")


def test_default_handout_name_never_overwrites(tmp_path: Path, engine: Engine) -> None:
    result = engine.evaluate({"profile": "company", "goal": "project"})
    first = run_cmd.default_handout_name(result, "markdown", tmp_path)
    first.write_text("x")
    second = run_cmd.default_handout_name(result, "markdown", tmp_path)
    assert first.name.startswith("resultat-cmq-company-project-") and first.suffix == ".md"
    assert second.stem == first.stem + "-2"


# --- Saving never destroys a file ---------------------------------------------------------------------------

ERASE = "\x7f" * 120  # backspace over the proposed name


def test_an_existing_file_is_left_byte_identical_unless_confirmed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "README.md"
    target.write_bytes(b"# the project's own README\n")
    # Enregistrer → Markdown → README.md → « replace? » Enter (No) → back at the name: erase it → Enter (go back).
    keys = pick(1) + pick(4) + MENU_SAVE + pick(0) + ERASE + str(target) + ENTER + ENTER + ERASE + ENTER + MENU_QUIT
    code, out, _ = consult(keys, tmp_path, capsys)
    assert code == 0
    assert target.read_bytes() == b"# the project's own README\n"
    assert "existe déjà. Le remplacer ?" not in out  # asked by the prompt itself, not printed
    # Now say yes (« Oui », the second entry of the Non / Oui menu): it is replaced.
    keys = pick(1) + pick(4) + MENU_SAVE + pick(0) + ERASE + str(target) + ENTER + pick(1) + MENU_QUIT
    code, out, _ = consult(keys, tmp_path, capsys)
    assert target.read_text(encoding="utf-8").startswith("# Assistant d'éligibilité CMQ")
    assert f"Résultat enregistré dans {target}" in out


def test_the_format_follows_a_typed_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "fiche.html"
    keys = pick(1) + pick(4) + MENU_SAVE + pick(0) + ERASE + str(target) + ENTER + MENU_QUIT  # Markdown chosen
    code, out, _ = consult(keys, tmp_path, capsys)
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "Extension .html : le document sera au format html." in out


def test_the_extension_follows_the_format_and_an_unknown_one_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typed = [str(tmp_path / "fiche.pdf"), str(tmp_path / "fiche")]
    keys = pick(1) + pick(4) + MENU_SAVE + pick(1) + ERASE + typed[0] + ENTER + ERASE + typed[1] + ENTER + MENU_QUIT
    code, out, _ = consult(keys, tmp_path, capsys)
    assert code == 0
    assert "L'extension .pdf n'est pas un format que l'assistant sait écrire" in out
    assert not (tmp_path / "fiche.pdf").exists()
    assert (tmp_path / "fiche.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_work_while_reading_runs_once_the_prompt_is_up_and_waits_for_a_quick_key(pipe: PipeInput) -> None:
    """`while_reading`: done during a prompt, READING_DELAY after it starts (the screen is drawn,
    the person reads); a key pressed sooner leaves it for the next prompt, nothing is lost."""
    import threading
    import time

    done: list[float] = []
    asker = prompts.Prompter(input=pipe, output=DummyOutput())
    choices = [("Un", "one"), ("Deux", "two")]

    prompts.while_reading(lambda: done.append(time.monotonic()))
    pipe.send_text(ENTER)  # a quick key: the prompt ends before the work's time
    assert asker.select("Quoi ?", choices) == "one"
    assert done == []

    started = time.monotonic()
    threading.Timer(3 * prompts.READING_DELAY, pipe.send_text, args=(ENTER,)).start()
    assert asker.select("Quoi ?", choices) == "one"
    assert len(done) == 1 and done[0] - started >= prompts.READING_DELAY
    assert prompts._reading_work == []
