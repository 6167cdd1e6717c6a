"""End to end in a real pseudo-terminal, typed as a person would (pexpect)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from enum import StrEnum
from pathlib import Path

import pexpect
import pytest

from cmq_wizard.typography import french

pytestmark = pytest.mark.pty

BIN = Path(sys.executable).parent / "cmq-wizard"


class Key(StrEnum):
    DOWN = "\x1b[B"
    UP = "\x1b[A"
    ENTER = "\r"
    CTRL_C = "\x03"


def spawn(*args: str, cwd: Path) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "COLUMNS": "100", "LINES": "40"}
    for var in ("CMQ_WIZARD_LANG", "CMQ_WIZARD_RULES", "CMQ_WIZARD_FAQ", "NO_COLOR"):
        env.pop(var, None)
    child = pexpect.spawn(
        str(BIN), list(args), cwd=str(cwd), env=env, encoding="utf-8", timeout=20, dimensions=(40, 100)
    )
    return child


def choose(child: pexpect.spawn, question: str, downs: int) -> None:
    child.expect_exact(question)
    child.expect_exact("(flèches ou chiffre, puis Entrée)")
    child.send(Key.DOWN * downs + Key.ENTER)


def test_a_full_consultation_that_goes_back(tmp_path: Path) -> None:
    child = spawn(cwd=tmp_path)
    choose(child, french("Qui êtes-vous ?"), 2)  # company
    choose(child, french("Que souhaitez-vous faire ?"), 0)  # propose
    child.expect_exact("À quel enjeu économique")
    child.expect_exact("← Retour")
    child.send(Key.DOWN * 4 + Key.ENTER)  # the four stakes, then « ← Retour »
    choose(child, french("Que souhaitez-vous faire ?"), 1)  # « propose » is pre-selected: one down is « join »
    choose(child, "Votre activité relève-t-elle", 0)  # yes
    child.expect_exact("ÉLIGIBLE")
    child.expect_exact(french("Et maintenant ?"))
    child.expect_exact("6) Quitter")
    child.send("6" + Key.ENTER)  # Quitter, by its number
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "")


def test_ctrl_c_ends_with_130_and_no_traceback(tmp_path: Path) -> None:
    child = spawn("run", cwd=tmp_path)
    choose(child, french("Qui êtes-vous ?"), 1)
    child.expect_exact(french("Que souhaitez-vous faire ?"))
    child.send(Key.CTRL_C)
    child.expect_exact("Interrompu.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or "")


def test_the_kiosk_for_two_visitors_then_stats(tmp_path: Path) -> None:
    record = tmp_path / "visits.jsonl"
    child = spawn("demo", "--record", str(record), cwd=tmp_path)
    for profile, goal, follow_up in ((2, 1, 1), (1, 3, 2)):  # company/join/no; lycee/mobility/local
        child.expect_exact("Appuyez sur Entrée")
        child.send(Key.ENTER)
        choose(child, french("Qui êtes-vous ?"), profile)
        choose(child, french("Que souhaitez-vous faire ?"), goal)
        child.expect_exact("?")
        child.expect_exact("(flèches ou chiffre, puis Entrée)")
        child.send(Key.DOWN * follow_up + Key.ENTER)
        child.expect_exact("Visiteur suivant")
        child.send(Key.UP + Key.ENTER)  # the last entry: Enter alone would open the FAQ text
    child.expect_exact("Appuyez sur Entrée")
    child.send(Key.CTRL_C)
    child.expect_exact("quitter")
    child.send("quitter" + Key.ENTER)  # the staff word
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    visits = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    assert [(v["answers"], v["verdict"]) for v in visits] == [
        ({"profile": "company", "goal": "join", "activity_in_theme": "no"}, "not_eligible"),
        ({"profile": "lycee", "goal": "mobility", "mobility_scope": "local"}, "info"),
    ]
    stats = subprocess.run([str(BIN), "stats", str(record)], capture_output=True, text=True, check=False)
    assert stats.returncode == 0
    assert stats.stdout.splitlines()[1].startswith("2 visite(s), du ")
    assert "Non éligible" in stats.stdout and "1 (50\u00a0%)" in stats.stdout
    assert stats.stderr == ""
