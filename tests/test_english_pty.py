"""The interactive wizard in English, in a real pseudo-terminal: what a person sees and types.

Keys are sent as a terminal sends them (arrow escape sequences, Enter as CR); the checks are on
the words on screen (question texts, choice labels, the verdict), never on internal structure.
"""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from .test_english import french_left

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.pty

ROOT = Path(__file__).resolve().parent.parent
DOWN, UP, ENTER = "\x1b[B", "\x1b[A", "\r"
_ESCAPES = re.compile(r"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|[@-Z\\-_])")


def spawn(*args: str, env: dict[str, str] | None = None) -> Any:
    base = {k: v for k, v in os.environ.items() if not k.startswith("CMQ_WIZARD_")}
    base.update(TERM="xterm", LANG="C.UTF-8", LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8", **(env or {}))
    return pexpect.spawn(
        sys.executable,
        ["-m", "cmq_wizard", *args],
        env=base,
        dimensions=(30, 100),
        encoding="utf-8",
        timeout=20,
        cwd=str(ROOT),
    )


def screen_text(raw: str) -> str:
    """What was drawn, without the terminal's control sequences."""
    return _ESCAPES.sub("", raw).replace("\r", "")


def keys(child: Any, *sequence: str) -> None:
    for key in sequence:
        child.send(key)


def test_a_company_joins_a_cmq_in_english_with_arrow_keys() -> None:
    child = spawn("--lang", "en")
    seen = []
    try:
        child.expect("Who are you\\?")
        child.expect("Institutional actor")  # the last choice is drawn: the list is complete
        seen.append(child.before)
        keys(child, DOWN, DOWN, ENTER)  # Training actor → General lycée → Company
        child.expect("What would you like to do\\?")
        child.expect("Take part in the governance of a CMQ")
        seen.append(child.before)
        keys(child, DOWN, ENTER)  # Propose → Join
        child.expect("Is your activity within the theme of the CMQ you have in mind\\?")
        child.expect("I am not sure")
        seen.append(child.before)
        keys(child, ENTER)  # Yes
        child.expect("ELIGIBLE")
        child.expect("What next\\?")
        seen.append(child.before)
        child.expect("Quit")
        keys(child, "6", ENTER)  # Quit, by its number
        child.expect(pexpect.EOF)
        seen.append(child.before)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    shown = screen_text("".join(seen))
    assert "Company or economic actor" in shown
    assert "Join a CMQ" in shown
    assert "What you want to do matches what the FAQ provides for." in shown
    assert "NOT ELIGIBLE" not in shown
    assert french_left(shown.replace("»", " ")) == []  # » is questionary's pointer


def test_the_environment_variable_starts_the_wizard_in_english_and_back_is_offered() -> None:
    child = spawn(env={"CMQ_WIZARD_LANG": "en"})
    try:
        child.expect("Who are you\\?")
        child.expect("Institutional actor")
        keys(child, UP, ENTER)  # from the first choice, up wraps to the last: Institutional actor
        child.expect("What would you like to do\\?")
        child.expect("Start again")  # after the first question: back and start again are offered
        before = screen_text(child.before)
        child.sendcontrol("c")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert "Back" in before
    assert "Retour" not in before and "Recommencer" not in before
    assert child.exitstatus == 130


def test_the_kiosk_switches_to_english_from_its_welcome_screen() -> None:
    child = spawn("demo")
    child.logfile_read = transcript = io.StringIO()
    try:
        child.expect("Appuyez sur Entrée")
        child.expect("English")  # the switch, under Commencer
        keys(child, DOWN, ENTER)
        child.expect("A few questions, then an answer, the FAQ texts and your next steps.")
        child.expect("Press Enter")
        child.expect("Français")  # the way back, named in its own language
        keys(child, ENTER)  # Start
        child.expect("Who are you\\?")
        child.expect("Institutional actor")
        shown = transcript.getvalue()
        tagline = shown.index("A few questions, then an answer")
        welcome = screen_text(shown[shown.rindex("\x1b[2J", 0, tagline) :])  # from the English welcome's clear
        child.sendcontrol("c")  # at a question: back to the welcome screen
        child.expect("Start|Commencer")
        child.sendcontrol("c")  # at the welcome screen: the staff word is asked
        child.expect("quit")
        child.send("quit\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert "Start" in welcome and "Commencer" not in welcome
    assert "Campus des Métiers et des Qualifications (CMQ) of Bourgogne-Franche-Comté" in welcome
    assert french_left(welcome.replace("»", " ")) == []
