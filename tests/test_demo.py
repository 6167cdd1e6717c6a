"""The info-session kiosk (`demo`), driven through prompt_toolkit pipe input."""

from __future__ import annotations

import gc
import io
import json
import os
import resource
import time
import tracemalloc
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput
from rich.console import Console
from typer.testing import CliRunner

from cmq_wizard import i18n, prompts
from cmq_wizard.cli import app
from cmq_wizard.commands import demo as demo_cmd
from cmq_wizard.settings import Settings
from cmq_wizard.typography import french
from tests.conftest import FAQ, RULES
from tests.keys import CTRL_C, CTRL_D, ENTER, UP, pick

START = ENTER
SWITCH_LANG = pick(1)
NEXT_VISITOR = UP + ENTER  # the last entry of the result's menu; Enter alone never ends a visit
QUIT = CTRL_C + "quitter" + ENTER  # the staff gesture, at the welcome screen
# Three visitors: company / join / yes (eligible); lycee / mobility / local (info);
# training body / join / primary (not eligible).
VISITS = [
    (pick(2) + pick(1) + pick(0), "eligible", {"profile": "company", "goal": "join", "activity_in_theme": "yes"}),
    (pick(1) + pick(3) + pick(2), "info", {"profile": "lycee", "goal": "mobility", "mobility_scope": "local"}),
    (
        pick(0) + pick(1) + pick(0),
        "not_eligible",
        {"profile": "training_body", "goal": "join", "learner_level": "primary"},
    ),
]


def kiosk(
    inp: PipeInput, record: io.StringIO | None = None, idle: float | None = None, warning: float = 0.5
) -> tuple[demo_cmd.Kiosk, io.StringIO]:
    screen = io.StringIO()
    settings = Settings(rules_dir=RULES, faq_path=FAQ)
    prompter = prompts.Prompter(input=inp, output=DummyOutput(), idle_timeout=idle)
    console = Console(file=screen, width=100, height=40, force_terminal=False, highlight=False)
    return demo_cmd.Kiosk(settings, prompter, console, record=record, warning=warning), screen


def run(booth: demo_cmd.Kiosk, inp: PipeInput, limit: float = 60) -> int:
    """`booth.run()`, failing (instead of hanging) when the keys sent do not lead to the staff word."""
    import threading

    done: list[int] = []
    thread = threading.Thread(target=lambda: done.append(booth.run()), daemon=True)
    thread.start()
    thread.join(limit)
    if not done:
        inp.close()  # the kiosk stops when its input is gone
        thread.join(30)
        pytest.fail("the kiosk was still running after the last key: the staff word was not taken")
    return done[0]


def test_two_visitors_recorded_then_the_staff_word_quits() -> None:
    record = io.StringIO()
    with create_pipe_input() as inp:
        inp.send_text(START + VISITS[0][0] + NEXT_VISITOR + START + VISITS[2][0] + NEXT_VISITOR + QUIT)
        booth, screen = kiosk(inp, record)
        assert run(booth, inp) == 0
    lines = [json.loads(line) for line in record.getvalue().splitlines()]
    assert [(line["answers"], line["verdict"]) for line in lines] == [
        (VISITS[0][2], "eligible"),
        (VISITS[2][2], "not_eligible"),
    ]
    assert lines[0]["outcomes"] == ["company-join-in-theme"]
    assert all(set(line) == {"timestamp", "answers", "verdict", "outcomes"} for line in lines)
    assert time.time() - 60 < __import__("datetime").datetime.fromisoformat(lines[0]["timestamp"]).timestamp()
    shown = screen.getvalue()
    assert shown.count("Quelques questions, puis une réponse") >= 3  # before each visitor, and after the last
    assert "█" in shown  # the title in block letters


def test_ctrl_c_during_a_visit_returns_to_the_welcome_and_records_nothing() -> None:
    record = io.StringIO()
    with create_pipe_input() as inp:
        inp.send_text(START + pick(2) + CTRL_C + START + VISITS[1][0] + NEXT_VISITOR + QUIT)
        booth, _ = kiosk(inp, record)
        assert run(booth, inp) == 0
    assert [json.loads(line)["answers"] for line in record.getvalue().splitlines()] == [VISITS[1][2]]


def test_a_visitor_can_change_an_answer_before_leaving() -> None:
    record = io.StringIO()
    with create_pipe_input() as inp:
        # company / join / yes, then « Modifier une réponse » → activity_in_theme → no, next visitor.
        inp.send_text(START + VISITS[0][0] + pick(1) + pick(2) + pick(1) + NEXT_VISITOR + QUIT)
        booth, _ = kiosk(inp, record)
        run(booth, inp)
    (line,) = record.getvalue().splitlines()
    assert json.loads(line)["answers"]["activity_in_theme"] == "no"
    assert json.loads(line)["verdict"] == "not_eligible"


def test_the_welcome_screen_switches_language_and_the_next_visitor_gets_it_back() -> None:
    with create_pipe_input() as inp:
        inp.send_text(SWITCH_LANG + START + VISITS[1][0] + NEXT_VISITOR + QUIT)
        booth, screen = kiosk(inp)
        run(booth, inp)
    shown = screen.getvalue()
    english = shown.index("A few questions, then an answer")  # the welcome screen, in English
    assert "INFORMATION" in shown.upper()
    assert "CMQ eligibility wizard" in shown[english:]  # the visit was in English
    assert shown.rindex("Quelques questions, puis une réponse") > shown.rindex("CMQ eligibility wizard")
    assert i18n.get_lang() == "fr"


def test_idle_reset_warns_then_returns_to_the_welcome_screen() -> None:
    with create_pipe_input() as inp:
        booth, screen = kiosk(inp, idle=0.3, warning=0.3)
        inp.send_text(START + pick(2))
        assert booth.welcome() is True
        assert booth.visit() is None  # nobody touched a key after the first answer: the visit ends
        assert french("Toujours là ?") in screen.getvalue()  # but not before a warning
        inp.send_text(CTRL_C)
        assert booth.welcome() is False


def test_at_the_welcome_anything_but_the_staff_word_goes_back_to_the_welcome() -> None:
    record = io.StringIO()
    with create_pipe_input() as inp:
        inp.send_text(
            CTRL_C + "oui" + ENTER  # a visitor's guess
            + CTRL_D + ENTER  # Ctrl-D asks too; Enter alone goes back
            + CTRL_C + CTRL_C  # Ctrl-C at the word goes back
            + CTRL_D + CTRL_D  # and so does Ctrl-D
            + "\x1b" + "xyz"  # Escape and random keys on the welcome screen's menu: nothing
            + START + VISITS[1][0] + NEXT_VISITOR
            + CTRL_C + "QUIT " + ENTER  # the word, in either language, any case
        )  # fmt: skip
        booth, screen = kiosk(inp, record)
        assert run(booth, inp) == 0
    assert len(record.getvalue().splitlines()) == 1  # the visit after all those keys happened
    assert screen.getvalue().count("Quelques questions, puis une réponse") >= 6


def test_stray_enters_on_the_result_never_end_the_visit() -> None:
    record = io.StringIO()
    with create_pipe_input() as inp:
        inp.send_text(START + VISITS[0][0] + ENTER * 10 + NEXT_VISITOR + QUIT)
        booth, screen = kiosk(inp, record)
        assert run(booth, inp) == 0
    assert len(record.getvalue().splitlines()) == 1
    shown = screen.getvalue()
    # Enter opens the FAQ text, Enter again comes back to the result: the result was shown six times.
    assert shown.count("ÉLIGIBLE") == 6
    assert "Quels acteurs de la vie économique peuvent intégrer un CMQ" in shown


def test_the_result_fits_its_screen_and_is_at_most_100_columns() -> None:
    with create_pipe_input() as inp:
        inp.send_text(START + VISITS[0][0])
        screen = io.StringIO()
        settings = Settings(rules_dir=RULES, faq_path=FAQ)
        prompter = prompts.Prompter(input=inp, output=DummyOutput())
        console = Console(file=screen, width=200, height=50, force_terminal=False, highlight=False)
        booth = demo_cmd.Kiosk(settings, prompter, console)
        assert booth.welcome()
        inp.send_text(NEXT_VISITOR)
        booth.visit()
    result = screen.getvalue()[screen.getvalue().rindex("Assistant d'éligibilité CMQ") :]
    lines = [line for line in result.splitlines() if line.strip()]
    assert "✔ ÉLIGIBLE" in lines[1]
    margins = {len(line) - len(line.lstrip()) for line in lines[1:]}  # [0]: cut at the title itself
    assert min(margins) == 50  # centred: (200 - 100) / 2
    assert max(len(line.rstrip()) for line in lines) <= 150


def test_record_line_holds_only_timestamp_answers_verdict_outcomes(engine) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    result = engine.evaluate({"profile": "company", "goal": "project"})
    line = demo_cmd.record_line(result, datetime(2026, 11, 29, 9, 30, tzinfo=UTC))
    assert line == (
        '{"timestamp":"2026-11-29T09:30:00+00:00","answers":{"profile":"company","goal":"project"},'
        '"verdict":"info","outcomes":["company-project"]}\n'
    )


def test_block_letters_wrap_and_fall_back() -> None:
    lines = demo_cmd.render_lines("Assistant d'éligibilité CMQ", 72)
    assert lines is not None and max(len(line) for line in lines) <= 72
    assert len([line for line in lines if not line]) == 3  # three lines of letters
    assert demo_cmd.render_lines("名前", 72) is None  # a character the font lacks: plain text instead
    assert demo_cmd.render_lines("ASSISTANT", 10) is None  # too narrow for one word


def test_demo_needs_a_terminal(runner: CliRunner) -> None:
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        french("Erreur : le mode borne a besoin d'un terminal"),
        french(
            "  Conseil : lancez « cmq-wizard demo » dans un terminal ; "
            "pour des réponses en lot, voyez « cmq-wizard batch »."
        ),
    ]


def test_demo_refuses_a_negative_idle_reset_and_takes_0_for_never(runner: CliRunner) -> None:
    result = runner.invoke(app, ["demo", "--idle-reset", "-5"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == french(
        "Erreur : --idle-reset: --idle-reset attend un nombre de secondes positif ou 0, pas -5.0"
    )
    result = runner.invoke(app, ["demo", "--idle-reset", "0"])
    assert "le mode borne a besoin d'un terminal" in result.stderr  # 0 was taken: the next check speaks


def test_demo_help_tells_staff_how_to_leave_and_how_to_turn_idle_reset_off(runner: CliRunner) -> None:
    shown = " ".join(runner.invoke(app, ["demo", "--help"], terminal_width=200).stdout.split())
    # split() takes the non-breaking spaces of French for spaces too
    assert "Ctrl-C à l'accueil puis le mot « quitter »" in shown
    assert "Toujours là ?" in shown and "0 : jamais" in shown


# --- Soak: hundreds of visits, memory stays flat --------------------------------------------------


@pytest.fixture
def _slow_only_when_asked(request: pytest.FixtureRequest) -> None:
    """The soak runs only with `-m slow`: the normal suite's share of the kiosk stays at tens of visits."""
    if "slow" not in (request.config.getoption("-m") or ""):
        pytest.skip("soak: run with -m slow (or bench/kiosk_soak.py for 1,000 visits through a pty)")


@pytest.mark.usefixtures("_slow_only_when_asked")
@pytest.mark.slow  # 0.2 to 0.3 s a visit: questionary builds three prompt_toolkit applications a prompt
def test_500_visits_do_not_grow_memory(tmp_path: Path) -> None:
    """500 visitors in a row, and memory stays flat: the number of live objects and the peak
    resident size do not move between visit 100 and visit 500, and what the last 20 visits leave
    allocated (tracemalloc, on only for them: it slows prompt_toolkit down tenfold) is next to nothing.
    """
    record_path = tmp_path / "visits.jsonl"
    with (
        create_pipe_input() as inp,
        open(os.devnull, "w", encoding="utf-8") as sink,
        record_path.open("a", encoding="utf-8") as record,
    ):
        settings = Settings(rules_dir=RULES, faq_path=FAQ)
        prompter = prompts.Prompter(input=inp, output=DummyOutput())
        booth = demo_cmd.Kiosk(settings, prompter, Console(file=sink, width=100), record=record)

        def visits(start: int, stop: int) -> None:
            for i in range(start, stop):
                keys, _, _ = VISITS[i % len(VISITS)]
                inp.send_text(START + keys + NEXT_VISITOR)
                assert booth.welcome()
                assert booth.visit() is not None

        def live_objects() -> int:
            gc.collect()
            return len(gc.get_objects())

        visits(0, 100)
        objects_100, peak_rss_100 = live_objects(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        visits(100, 480)
        objects_480, peak_rss_480 = live_objects(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        try:
            visits(480, 500)
            gc.collect()
            held, window_peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert len(record_path.read_text(encoding="utf-8").splitlines()) == 500
    print(
        f"\nlive objects after 100 visits {objects_100}, after 480 {objects_480}; peak RSS {peak_rss_100} kB, "
        f"{peak_rss_480} kB; the last 20 visits hold {held} B (their peak {window_peak} B)"
    )
    assert objects_480 - objects_100 < 200  # no per-visit accumulation (a leak would add ~thousands)
    assert peak_rss_480 - peak_rss_100 < 4_000  # kB
    assert held < 64_000  # bounded caches filling up, not a leak (the prompt_toolkit one held 23 kB a visit)


# --- The QR code ------------------------------------------------------------------------------------------


def _decode(text: str) -> str:
    """Decode a QR code drawn in half blocks (dark glyph halves on a light cell), as a phone would."""
    import zxingcpp

    modules: list[list[int]] = []
    for row in text.split("\n"):
        modules.append([0 if c in "█▀" else 255 for c in row])
        modules.append([0 if c in "█▄" else 255 for c in row])
    scale = 4
    pixels = bytes(v for row in modules for _ in range(scale) for v in row for _ in range(scale))
    found = zxingcpp.read_barcodes(
        memoryview(pixels).cast("B", (len(modules) * scale, len(modules[0]) * scale)), try_invert=False
    )
    assert found, "does not decode"
    return str(found[0].text)


def test_every_path_s_qr_code_decodes_and_fits_80x24(engine) -> None:  # type: ignore[no-untyped-def]
    from cmq_wizard.siteurl import page_url

    site = "https://www.example-campus-bfc.org/assistant/"  # 45 characters: the longest the README promises
    paths = list(engine.paths())
    assert len(paths) > 20
    for answers in paths:
        url = page_url(site, engine.evaluate(answers).answers)
        rows, columns = demo_cmd.qr_size(url)
        assert rows <= 23 and columns <= 80, (url, rows, columns)  # alone on an 80×24 screen, with its caption
        code = demo_cmd.qr_text(url)
        assert len(code.plain.split("\n")) == rows
        assert _decode(code.plain) == url
        assert {span.style for span in code.spans} == {"black on bright_white"}


def test_wait_key_takes_any_key_and_gives_up_when_left_alone() -> None:
    with create_pipe_input() as inp:
        prompter = prompts.Prompter(input=inp, output=DummyOutput())
        inp.send_text("x")
        assert demo_cmd.wait_key(prompter, None) is True  # the QR code screen: any key goes back
        inp.send_text(CTRL_C)
        assert demo_cmd.wait_key(prompter, 5) is True  # « Toujours là ? »: even Ctrl-C says "still here"
        assert demo_cmd.wait_key(prompter, 0.2) is False  # the countdown ran out
        assert demo_cmd.wait_key(prompter, None, limit=0.2) is False  # the QR code left alone
