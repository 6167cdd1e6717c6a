"""The world around the program: no UTF-8, narrow or dumb terminals, closed pipes and streams,
full disks, internal errors. Real subprocesses where the operating system is the point."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cmq_wizard import output
from cmq_wizard.cli import app
from cmq_wizard.typography import french
from tests.bad_input_cases import choices

ROOT = Path(__file__).resolve().parent.parent
OK = ["--set", "profile=lycee", "--set", "goal=join", "--no-input"]
HINT_INTERNAL = french(
    "  Conseil : relancez avec --debug (ou CMQ_WIZARD_DEBUG=1) pour voir le détail, et signalez-le.\n"
)


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CMQ_WIZARD_", "PYTHONIOENCODING", "LC_"))}
    base.pop("NO_COLOR", None)
    base.update(extra)
    return base


def cli(*args: str, shell: str | None = None, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m cmq_wizard ARGS` (or a shell line using $CMQ) in a real process."""
    kwargs.setdefault("env", env())
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    kwargs.setdefault("capture_output", True)
    if shell is not None:
        command = f"{sys.executable} -m cmq_wizard"
        return subprocess.run(  # type: ignore[call-overload,no-any-return]
            ["bash", "-c", shell.replace("$CMQ", command)], timeout=60, cwd=ROOT, **kwargs
        )
    return subprocess.run(  # type: ignore[call-overload,no-any-return]
        [sys.executable, "-m", "cmq_wizard", *args], timeout=60, cwd=ROOT, **kwargs
    )


# --- No UTF-8 --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_lang_c_into_a_pipe_writes_utf8(fmt: str) -> None:
    """LANG=C, LC_ALL=C, PYTHONUTF8=0: the result into a pipe is still whole, in UTF-8 (as the formats promise)."""
    done = cli("run", *OK, "--format", fmt, env=env(LANG="C", LC_ALL="C", PYTHONUTF8="0"))
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert done.stderr == b""
    assert "é" in done.stdout.decode("utf-8")


def test_lang_c_error_message_on_a_pipe_is_utf8() -> None:
    done = cli("run", "--set", "profile=lyceee", "--no-input", env=env(LC_ALL="C", PYTHONUTF8="0"))
    assert done.returncode == 2
    assert done.stderr.decode("utf-8") == (
        french(
            "Erreur : --set profile: réponse « lyceee » invalide pour « profile »\n"
            "  Conseil : Vouliez-vous dire « lycee » ? " + choices("profile") + "\n"
        )
    )


@pytest.mark.pty
def test_lang_c_on_a_terminal_drops_accents_rather_than_crash() -> None:
    """On a terminal that cannot show UTF-8, « é » becomes « e » and « « » » becomes « << »."""
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "cmq_wizard", "run", "--set", "profile=lyceee", "--no-input"],
        env=env(LC_ALL="C", PYTHONUTF8="0", TERM="xterm"),
        cwd=str(ROOT),
        timeout=30,
        dimensions=(24, 100),
    )
    child.expect(pexpect.EOF)
    child.close()
    text = child.before.decode("ascii")  # every byte is ASCII, or this raises
    assert "Erreur : --set profile: reponse << lyceee >> invalide pour << profile >>" in text
    assert child.exitstatus == 2


@pytest.mark.pty
def test_lang_c_rich_result_on_a_terminal() -> None:
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "cmq_wizard", "run", *OK],
        env=env(LC_ALL="C", PYTHONUTF8="0", TERM="xterm"),
        cwd=str(ROOT),
        timeout=30,
        dimensions=(24, 100),
    )
    child.expect(pexpect.EOF)
    child.close()
    text = child.before.decode("ascii")
    assert "[OK] ELIGIBLE" in text
    assert "Vos reponses" in text
    assert child.exitstatus == 0


# --- Narrow and dumb terminals, NO_COLOR --------------------------------------------------


@pytest.mark.pty
@pytest.mark.parametrize(
    ("extra", "colour"),
    [({"TERM": "dumb"}, False), ({"TERM": "xterm", "NO_COLOR": "1"}, False), ({"TERM": "xterm"}, True)],
)
def test_colour_only_where_wanted(extra: dict[str, str], colour: bool) -> None:
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "cmq_wizard", "run", *OK],
        env=env(**extra),
        cwd=str(ROOT),
        timeout=30,
        dimensions=(24, 100),
    )
    child.expect(pexpect.EOF)
    child.close()
    text = child.before.decode("utf-8")
    assert child.exitstatus == 0
    assert ("\x1b[" in text) is colour
    assert "ÉLIGIBLE" in text


@pytest.mark.pty
def test_forty_columns() -> None:
    """A 40-column terminal: every line fits, nothing is cut."""
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "cmq_wizard", "run", *OK, "--format", "text"],
        env=env(TERM="xterm", COLUMNS="40"),
        cwd=str(ROOT),
        timeout=30,
        dimensions=(24, 40),
    )
    child.expect(pexpect.EOF)
    child.close()
    lines = child.before.decode("utf-8").replace("\r\n", "\n").splitlines()
    assert child.exitstatus == 0
    assert max(len(line) for line in lines) <= 40
    assert "Un lycée général ou polyvalent peut" in lines[4] + " " + lines[5]


def test_columns_40_when_piped_keeps_text_whole() -> None:
    done = cli("run", *OK, "--format", "text", env=env(COLUMNS="40"))
    assert done.returncode == 0
    assert "Assistant d'éligibilité CMQ" in done.stdout.decode("utf-8")


# --- Closed and broken streams ----------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "$CMQ faq list | head -1",
        "$CMQ run --set profile=lycee --set goal=join --no-input | head -1",
        "$CMQ run --set profile=lycee --set goal=join --no-input --format json | head -c 1",
        "$CMQ faq show mobility | head -1",
        "$CMQ --help | head -1",
    ],
)
def test_stdout_into_a_closed_pipe(line: str) -> None:
    """`| head -1`: no BrokenPipe traceback, no « Exception ignored », exit 0."""
    done = cli(shell=f"set -o pipefail; {line}")
    assert done.stderr == b""
    assert done.returncode == 0
    assert done.stdout


def test_stdout_into_a_closed_pipe_with_a_large_output() -> None:
    """The pipe closes while much is still to come (search prints every entry)."""
    done = cli(shell="set -o pipefail; for i in 1 2 3; do $CMQ faq search cmq | head -c 1 >/dev/null; done")
    assert done.stderr == b""
    assert done.returncode == 0


def test_closed_stdout() -> None:
    done = cli(shell="$CMQ faq list >&-")
    assert done.returncode == 2
    assert done.stderr.decode("utf-8") == french(
        "Erreur : stdout: impossible d'écrire sur la sortie standard : Bad file descriptor\n"
        "  Conseil : vérifiez où la sortie est redirigée (disque plein, fichier fermé), ou utilisez --output FICHIER.\n"
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["faq", "list"], ["run", *OK, "--format", "json"]])
def test_stdout_on_a_full_disk(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = cli(*args, capture_output=False, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert done.stderr.decode("utf-8") == french(
        "Erreur : stdout: impossible d'écrire sur la sortie standard : No space left on device\n"
        "  Conseil : vérifiez où la sortie est redirigée (disque plein, fichier fermé), ou utilisez --output FICHIER.\n"
    )


def test_closed_stderr_keeps_stdout_clean() -> None:
    done = cli(shell="$CMQ faq show nope 2>&-")
    assert done.returncode == 2
    assert done.stdout == b""


@pytest.mark.parametrize("redirect", ["</dev/null", "<&-"])
def test_closed_stdin_asks_nothing(redirect: str) -> None:
    done = cli(shell=f"$CMQ run --set profile=lycee {redirect}")
    assert done.returncode == 2
    err = done.stderr.decode("utf-8")
    assert err.startswith(french("Erreur : "))
    assert french("« goal »") in err
    assert "Traceback" not in err


def test_closed_stdin_with_every_answer_gives_the_result() -> None:
    done = cli(shell="$CMQ run --set profile=lycee --set goal=join --format json <&-")
    assert done.returncode == 0
    assert b'"verdict": "eligible"' in done.stdout


# --- Writing --output: never half a file ------------------------------------------------------


def test_full_disk_while_writing_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC in the middle of the write: the old file is untouched and no temporary file stays."""
    target = tmp_path / "result.md"
    target.write_text("the previous result\n", encoding="utf-8")
    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output.os, "fsync", full)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["run", *OK, "--output", "result.md"])
    monkeypatch.setattr(output.os, "fsync", real_fsync)
    assert result.exit_code == 2
    assert result.stderr == french(
        "Erreur : result.md: impossible d'écrire le fichier : plus de place sur le disque\n"
        "  Conseil : vérifiez que le dossier existe, qu'il est accessible en écriture et qu'il reste de la place.\n"
    )
    assert target.read_text(encoding="utf-8") == "the previous result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.md"]


def test_full_disk_at_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src: object, dst: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(output.os, "replace", refuse)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["--lang", "en", "run", *OK, "--output", "r.html"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: r.html: cannot write the file: read-only file system\n"
        "  Hint: check that the folder exists, that it is writable and that there is space left.\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_output_file_gets_normal_permissions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A handout is readable by others like any new file (the temporary file's 0600 is not kept)."""
    monkeypatch.chdir(tmp_path)
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(app, ["run", *OK, "--output", "r.md"])
    finally:
        os.umask(old)
    assert result.exit_code == 0
    assert (tmp_path / "r.md").stat().st_mode & 0o777 == 0o644


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro").chmod(0o555)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["run", *OK, "--output", "ro/r.md"])
    assert result.exit_code == 2
    assert result.stderr.startswith(french("Erreur : ro/r.md: impossible d'écrire le fichier : permission refusée\n"))


def test_read_only_folder_even_for_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """/sys refuses writes even to root: a real read-only place."""
    if not os.access("/sys", os.F_OK):
        pytest.skip("no /sys")
    result = CliRunner().invoke(app, ["run", *OK, "--output", "/sys/cmq-result.md"])
    assert result.exit_code == 2
    assert result.stderr.startswith(french("Erreur : /sys/cmq-result.md: impossible d'écrire le fichier : "))
    assert not Path("/sys/cmq-result.md").exists()


# --- Internal errors: one line, exit 70; the traceback only with --debug -------------------

BOOM = (
    "import sys; from cmq_wizard import engine\n"
    "def boom(*a, **k): raise RuntimeError('boom\\nsecond line')\n"
    "engine.Engine.evaluate = boom\n"
    "from cmq_wizard.cli import main\n"
    "sys.argv = ['cmq-wizard', *sys.argv[1:]]\n"
    "main()\n"
)


def boom(monkeypatch: pytest.MonkeyPatch) -> None:
    from cmq_wizard import engine

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(engine.Engine, "evaluate", fail)


def test_internal_error_is_one_line_and_exit_70(monkeypatch: pytest.MonkeyPatch) -> None:
    boom(monkeypatch)
    result = CliRunner().invoke(app, ["run", *OK])
    assert result.exit_code == 70
    assert result.stderr == french("Erreur : erreur interne inattendue (RuntimeError) : boom\n") + HINT_INTERNAL


@pytest.mark.parametrize("how", [["--debug"], ["env"]])
def test_internal_error_traceback_with_debug(how: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    boom(monkeypatch)
    if how == ["env"]:
        monkeypatch.setenv("CMQ_WIZARD_DEBUG", "1")
        how = []
    result = CliRunner().invoke(app, [*how, "run", *OK])
    assert result.exit_code == 70
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert "RuntimeError: boom\nsecond line\n" in result.stderr
    assert result.stderr.endswith(french("Erreur : erreur interne inattendue (RuntimeError) : boom\n") + HINT_INTERNAL)


@pytest.mark.parametrize(
    ("args", "extra", "traceback"), [([], {}, False), (["--debug"], {}, True), ([], {"CMQ_WIZARD_DEBUG": "1"}, True)]
)
def test_internal_error_in_a_real_process(args: list[str], extra: dict[str, str], traceback: bool) -> None:
    done = subprocess.run(
        [sys.executable, "-c", BOOM, *args, "run", *OK],
        capture_output=True,
        timeout=60,
        cwd=ROOT,
        env=env(**extra),
        stdin=subprocess.DEVNULL,
    )
    err = done.stderr.decode("utf-8")
    assert done.returncode == 70
    assert ("Traceback (most recent call last)" in err) is traceback
    assert err.endswith(french("Erreur : erreur interne inattendue (RuntimeError) : boom\n") + HINT_INTERNAL)


def test_ctrl_c_is_130(monkeypatch: pytest.MonkeyPatch) -> None:
    from cmq_wizard import engine

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(engine.Engine, "evaluate", interrupt)
    result = CliRunner().invoke(app, ["run", *OK])
    assert result.exit_code == 130
    assert result.stderr == "\nInterrompu.\n"
