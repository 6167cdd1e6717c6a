"""Every bad input gets one message, the exact one, and exit code 2; never a traceback.

The cases live in tests/bad_input_cases.py; docs/bad-input.md is generated from them
(`CMQ_WIZARD_WRITE_DOCS=1 pytest tests/test_bad_input.py` rewrites it) and kept in sync here.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cmq_wizard import i18n
from cmq_wizard.cli import app
from cmq_wizard.typography import french
from tests.bad_input_cases import CASES, Case

ROOT = Path(__file__).resolve().parent.parent
_BAD_SPACE = re.compile(r"\S[ \t][?!;](?!\w)|\S[ \t]:(?=\s|$)|«[ \t]|[ \t]»", re.MULTILINE)
DOC = ROOT / "docs" / "bad-input.md"


def run_case(case: Case, folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    shutil.copytree(ROOT / "rules", folder / "rules")
    shutil.copy(ROOT / "faq.yaml", folder / "faq.yaml")
    for name, (old, new) in case.edits.items():
        text = (folder / name).read_text(encoding="utf-8")
        assert old in text, f"{case.id}: the edit no longer applies to {name}"
        (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    for name, data in case.files.items():
        (folder / name).write_bytes(data)
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(app, list(case.args))
    i18n.set_lang("fr")
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_gets_its_message(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, stdout, stderr = run_case(case, tmp_path, monkeypatch)
    assert "Traceback" not in stderr + stdout
    assert stderr.rstrip("\n") == french(case.stderr)
    if not stderr.startswith("Error"):  # French: no ordinary space before ? ! ; : nor inside « »
        assert _BAD_SPACE.findall(stderr) == [], stderr
    assert code == case.exit
    assert stdout == ""


def test_output_is_never_half_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failing `--output` leaves the folder as it was: no target, no temporary file."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    result = CliRunner().invoke(app, ["run", "--set", "profile=lycee", "--set", "goal=join", "--output", "out"])
    assert result.exit_code == 2
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["out"]


def test_a_fifo_is_read_up_to_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A named pipe that never ends (`--answers <(yes)`) is cut at 1 MB with a message, not read forever."""
    fifo = tmp_path / "answers.fifo"
    os.mkfifo(fifo)
    stop = threading.Event()

    def writer() -> None:
        try:
            with open(fifo, "wb") as stream:
                while not stop.is_set():
                    stream.write(b"# " + b"x" * 65_000 + b"\n")
        except BrokenPipeError:
            pass

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["run", "--answers", "answers.fifo", "--no-input"])
    stop.set()
    thread.join(timeout=5)
    assert result.exit_code == 2
    assert result.stderr == french(
        "Erreur : answers.fifo: fichier de réponses trop volumineux (plus de 1.0 MB)\n"
        "  Conseil : découpez le fichier, ou vérifiez qu'il s'agit du bon fichier.\n"
    )


def test_an_unreadable_file_is_said_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000 does not stop root (the tests run as root here): simulate the refusal instead."""
    (tmp_path / "a.yaml").write_text("profile: company\n", encoding="utf-8")
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "a.yaml":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refuse)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["run", "--answers", "a.yaml", "--no-input"])
    assert result.exit_code == 2
    assert result.stderr == french(
        "Erreur : a.yaml: fichier de réponses illisible (permission refusée)\n"
        "  Conseil : vérifiez les droits de lecture du fichier.\n"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file anyway")
def test_chmod_000_file_is_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.yaml").write_text("profile: company\n", encoding="utf-8")
    (tmp_path / "a.yaml").chmod(0)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["run", "--answers", "a.yaml", "--no-input"])
    assert result.exit_code == 2
    assert result.stderr.startswith(french("Erreur : a.yaml: fichier de réponses illisible (permission refusée)\n"))


# --- The table in docs/ -------------------------------------------------------------------


def _cell(text: str) -> str:
    text = text if len(text) <= 400 else text[:397] + "..."
    return text.replace("|", "\\|").replace("\n", "<br>")


def doc_text() -> str:
    lines = [
        "# Bad input, and what it gets",
        "",
        "Every bad input tried by the tests, the command, the exit code and the exact message on stderr.",
        "Generated from `tests/bad_input_cases.py`; `tests/test_bad_input.py` fails when this page and",
        "the cases disagree (`CMQ_WIZARD_WRITE_DOCS=1 pytest tests/test_bad_input.py` rewrites it).",
        "Paths are relative to the folder the command runs in. The fuzz tests (`tests/test_fuzz.py`) add",
        "thousands of random answer files, answer mappings and rule-set mutations: none gets a traceback.",
        "",
        "| bad input | command | exit | message |",
        "|---|---|---|---|",
    ]
    for case in CASES:
        command = " ".join(a if a and " " not in a else repr(a) for a in ("cmq-wizard", *case.args))
        lines.append(f"| {_cell(case.what)} | `{_cell(command)}` | {case.exit} | {_cell(french(case.stderr))} |")
    return "\n".join(lines) + "\n"


def test_the_doc_table_is_in_sync_with_the_cases() -> None:
    expected = doc_text()
    if os.environ.get("CMQ_WIZARD_WRITE_DOCS") == "1":
        DOC.write_text(expected, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == expected


def test_every_case_is_in_the_doc_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert len(CASES) >= 60
    for case in CASES:
        assert f"| {_cell(case.what)} |" in text
