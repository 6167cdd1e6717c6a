"""Imports only where used: a scripted run never loads the prompt library nor rich."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("questionary", "prompt_toolkit", "rich")

PROBE = """
import json, sys
from cmq_wizard.cli import app
try:
    app(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
""".replace("HEAVY", repr(HEAVY))


def probe(tmp_path: Path, *args: str, stdin: str = "") -> dict[str, object]:
    """Run the CLI in a fresh interpreter; say its exit code and which heavy modules it loaded."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert isinstance(report, dict)
    return report


def test_scripted_run_json_imports_neither_prompts_nor_rich(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("profile: company\ngoal: join\nactivity_in_theme: yes\n", encoding="utf-8")

    report = probe(tmp_path, "run", "--answers", str(answers), "--format", "json", "--no-input")

    assert report == {"code": 0, "heavy": []}


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_other_scripted_formats_do_not_need_them_either(tmp_path: Path, fmt: str) -> None:
    report = probe(tmp_path, "run", "-s", "profile=lycee", "-s", "goal=join", "--no-input", "--format", fmt)

    assert report == {"code": 0, "heavy": []}


def test_batch_imports_neither(tmp_path: Path) -> None:
    report = probe(tmp_path, "batch", "-", stdin='{"profile": "lycee", "goal": "join"}\n')

    assert report == {"code": 0, "heavy": []}


def test_the_probe_does_see_an_import(tmp_path: Path) -> None:
    """The check above can fail: the wizard itself does load the prompt library."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys, cmq_wizard.prompts, questionary; print('questionary' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "True"


# --- main() builds only the command asked for: everything a user sees stays the same ------------------

WHOLE_APP = "import sys; from cmq_wizard.cli import app; app(sys.argv[1:], prog_name='cmq-wizard')"
MAIN = "import sys; from cmq_wizard.cli import main; sys.argv[0] = 'cmq-wizard'; main()"


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--lang", "en", "--debug"],
        ["--rules"],
        ["--help"],
        ["run", "--help"],
        ["--lang", "en", "batch", "--help"],
        ["--lang=en", "--debug", "faq", "--help"],
        ["runn"],
        ["--lang", "xx", "run"],
        ["run", "--no-such-option"],
        ["faq", "show", "nope"],
        ["--rules", "nowhere", "run", "--no-input"],
        ["rules", "table", "--format", "json"],
    ],
)
def test_main_says_what_the_whole_app_says(tmp_path: Path, args: list[str]) -> None:
    def run(code: str) -> tuple[int, str, str]:
        env = {**os.environ, "COLUMNS": "100", "CMQ_WIZARD_LANG": "fr"}
        done = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=tmp_path, env=env, check=False
        )
        return done.returncode, done.stdout, done.stderr

    assert run(MAIN) == run(WHOLE_APP)


def test_main_registers_only_the_command_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    from cmq_wizard import cli

    monkeypatch.setattr(cli.app, "registered_commands", list(cli.app.registered_commands))
    monkeypatch.setattr(cli.app, "registered_groups", list(cli.app.registered_groups))
    cli._only_the_command_asked(["--lang", "en", "--rules=x", "batch", "-"])

    assert [c.callback.__name__ for c in cli.app.registered_commands if c.callback] == ["batch"]
    assert cli.app.registered_groups == []


MODULES = """
import json, sys
from cmq_wizard.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(m.__file__ for n, m in sys.modules.items() if n.startswith("cmq_wizard") and m.__file__)),
      file=sys.stderr)
"""


def test_the_scripted_path_makes_no_dataclass_and_evals_no_annotation(tmp_path: Path) -> None:
    """What keeps a scripted run's start cheap (SPEC §8): no module it loads makes a dataclass
    (about half a millisecond each, their methods compiled at every start), and the modules whose
    annotations typer and pydantic read keep them as objects, not strings to eval."""
    answers = tmp_path / "a.yaml"
    answers.write_text("profile: company\ngoal: join\nactivity_in_theme: yes\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", MODULES, "run", "--answers", str(answers), "--format", "json", "--no-input"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=True,
    )
    files = [Path(f) for f in json.loads(done.stderr.strip().splitlines()[-1])]
    names = {f.stem for f in files}
    assert {"cli", "model", "conditions", "engine", "answers", "loader", "settings"} <= names
    assert [f.name for f in files if "@dataclass" in f.read_text(encoding="utf-8")] == []
    for read_by_libraries in ("cli", "model"):
        source = next(f for f in files if f.stem == read_by_libraries).read_text(encoding="utf-8")
        assert "\nfrom __future__ import annotations\n" not in source
