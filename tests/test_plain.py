"""Plain mode end to end, typed through a real pty with TERM=dumb and no flag: not one escape byte."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

from cmq_wizard.typography import french

pytestmark = pytest.mark.pty

BIN = Path(sys.executable).parent / "cmq-wizard"
PROMPT = "ou le début d'un texte)"


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CMQ_WIZARD_")}
    env.update(TERM="dumb", LANG="C.UTF-8", LC_ALL="C.UTF-8", NO_COLOR="")
    env.pop("NO_COLOR")
    child = pexpect.spawn(str(BIN), list(args), cwd=str(tmp_path), env=env, timeout=60, dimensions=(24, 80))
    child.logfile_read = open(tmp_path / "transcript", "wb")  # noqa: SIM115 - closed with the child
    return child


def answer(child: pexpect.spawn, typed: str, after: str = PROMPT) -> None:
    child.expect_exact(after.encode())
    child.sendline(typed.encode())


def test_a_whole_consultation_typed_in_plain_mode(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_bytes(b"# mine\n")
    child = spawn(tmp_path)
    child.expect_exact("Assistant d'éligibilité CMQ · 2 à 4 questions · Ctrl-C pour quitter".encode())
    child.expect_exact(b"Question 1 sur 2 \xc3\xa0 4")
    answer(child, "3")  # a number: Entreprise
    answer(child, "pro")  # ambiguous: Proposer, projet
    child.expect_exact(french("« pro » correspond à plusieurs choix").encode())
    answer(child, "integrer")  # a label without its accent
    child.expect_exact(b"Question 3 sur 3")
    answer(child, "r")  # back to the goal, then a prefix
    child.expect_exact(french("Que souhaitez-vous faire ?").encode())
    answer(child, "intég")
    answer(child, "je ne")  # Je ne sais pas
    child.expect_exact(b"! SOUS CONDITIONS")
    answer(child, "2")  # Pourquoi ?
    child.expect_exact(french("parce que vous avez répondu : Qui êtes-vous ? Entreprise").encode())
    answer(child, "")  # Enter: back to the result
    answer(child, "modifier")  # Modifier une réponse
    answer(child, "3")  # the third answer
    answer(child, "oui")
    child.expect_exact("✔ ÉLIGIBLE".encode())
    answer(child, "enregistrer")
    answer(child, "1")  # Markdown
    answer(child, "README.md", after="Nom du fichier")
    child.expect_exact(b"existe d")
    child.sendline(b"")  # default: No
    answer(child, "fiche", after="Nom du fichier")
    child.expect_exact(b"fiche.md")
    answer(child, "quitter")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    stream = (tmp_path / "transcript").read_bytes()
    assert b"\x1b" not in stream
    assert readme.read_bytes() == b"# mine\n"
    assert (tmp_path / "fiche.md").read_text(encoding="utf-8").startswith("# Assistant d'éligibilité CMQ")


@pytest.mark.parametrize("key", [b"\x04", b"\x03"])
def test_ctrl_d_and_ctrl_c_end_with_130(tmp_path: Path, key: bytes) -> None:
    child = spawn(tmp_path, "--plain")
    child.expect_exact(PROMPT.encode())
    child.send(key)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert b"\x1b" not in (tmp_path / "transcript").read_bytes()


def test_a_piped_stdout_is_named_as_such(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CMQ_WIZARD_")}
    env.update(TERM="xterm", LANG="C.UTF-8")
    child = pexpect.spawn("/bin/sh", ["-c", f"'{BIN}' run | cat; exit 0"], cwd=str(tmp_path), env=env, timeout=60)
    child.expect(pexpect.EOF)
    shown = " ".join(child.before.decode().split())
    assert "la sortie standard n'est pas un terminal (redirigée vers un tube ou un fichier)" in shown
    assert "cmq-wizard run --output resultat.md" in shown
    assert "l'entrée n'est pas un terminal" not in shown


def test_a_choice_id_is_taken_as_set_takes_it() -> None:
    """`company` or `training_body` typed at a question names that choice, as `--set` does; in
    a menu (not a question) its inner value names nothing."""
    from cmq_wizard.prompts import BACK, _resolve

    keyed = [("1", ("Acteur de la formation", "training_body")), ("2", ("Entreprise", "company")), ("r", ("←", BACK))]
    assert _resolve("company", keyed, ids=True) == ("company", "")
    assert _resolve("Training_Body", keyed, ids=True) == ("training_body", "")
    assert _resolve("back", keyed, ids=True)[0] is None
    menu = [("1", ("Lire la FAQ", "faq")), ("2", ("Pourquoi ?", "why"))]
    assert _resolve("why", menu)[0] is None
    assert _resolve("pourquoi", menu) == ("why", "")
