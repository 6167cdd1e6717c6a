"""A representative set of consultations through a real pty, as a person types, drawn by pyte.

The program runs as itself (`cmq-wizard`), on a pseudo-terminal of 80×24 or 60×20; its bytes
are played onto a pyte screen of the same size and the screen is read when the menu is drawn.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pyte
import pytest

from cmq_wizard.typography import french

pytestmark = pytest.mark.pty

BIN = Path(sys.executable).parent / "cmq-wizard"

# (language, columns, rows, numbers typed, verdict word, words of the first next step)
CASES = [
    ("fr", 80, 24, "322", "NON ÉLIGIBLE", "Selon la FAQ, le plus simple"),
    ("fr", 60, 20, "4232", "SOUS CONDITIONS", "La FAQ ne dit pas"),
    ("en", 80, 24, "123", "ELIGIBLE", "According to the FAQ"),
    ("en", 60, 20, "33", "INFORMATION", None),
]


def run_to_menu(lang: str, cols: int, rows: int, numbers: str, tmp_path: Path) -> tuple[pexpect.spawn, pyte.Screen]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CMQ_WIZARD_")}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    child = pexpect.spawn(str(BIN), ["--lang", lang], cwd=str(tmp_path), env=env, timeout=60, dimensions=(rows, cols))
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    menu_last = b"6) Quitter" if lang == "fr" else b"6) Quit"
    for n in numbers:
        child.expect_exact(b"Enter" if lang == "en" else b"Entr\xc3\xa9e")
        stream.feed(child.before + child.after)
        child.send(n + "\r")
    child.expect_exact(menu_last)
    stream.feed(child.before + child.after)
    return child, screen


@pytest.mark.parametrize(("lang", "cols", "rows", "numbers", "verdict", "step"), CASES)
def test_the_verdict_and_menu_share_the_screen(
    tmp_path: Path, lang: str, cols: int, rows: int, numbers: str, verdict: str, step: str | None
) -> None:
    child, screen = run_to_menu(lang, cols, rows, numbers, tmp_path)
    shown = "\n".join(line.rstrip() for line in screen.display)
    try:
        child.send("6\r")  # Quitter / Quit, by its number
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    assert verdict in screen.display[0], shown
    if step:
        assert step in " ".join(shown.split()), shown
    assert (french("Et maintenant ?") if lang == "fr" else "What next?") in shown
    assert all(len(line.rstrip()) <= cols for line in screen.display)


def test_why_then_start_again_leaves_no_stale_result(tmp_path: Path) -> None:
    child, screen = run_to_menu("fr", 80, 24, "322", tmp_path)  # company, join, no: not eligible
    stream = pyte.ByteStream(screen)
    try:
        child.send("2\r")  # Pourquoi ?
        child.expect_exact("Retour au résultat".encode())
        stream.feed(child.before + child.after)
        why = " ".join(" ".join(screen.display).split())
        child.send("\r")
        child.expect_exact(b"6) Quitter")
        child.send("5\r")  # Recommencer
        child.expect_exact(b"Question 1 sur 2")
        child.expect_exact(b"4) Acteur institutionnel")
        stream.feed(child.before + child.after)
        restarted = "\n".join(screen.display)
        child.sendcontrol("c")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert "parce que vous avez répondu : Qui êtes-vous ? Entreprise" in why
    assert "activity_in_theme" not in why
    assert "NON ÉLIGIBLE" not in restarted and "Pourquoi" not in restarted
    assert child.exitstatus == 130
