"""The built wheel carries rules/ and faq.yaml: installed in a fresh virtual environment, it runs anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the wheel; its dependencies are borrowed from the test environment."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (work / "dist").glob("cmq_wizard-*.whl")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # Borrow typer, rich, questionary, PyYAML and pydantic; not the editable cmq_wizard (.pth files of a
    # directory added this way are not processed, so the source tree stays out of the way).
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    return env_dir


def test_the_wheel_runs_from_another_directory(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CMQ_WIZARD_")}
    result = subprocess.run(
        [
            installed / "bin" / "cmq-wizard",
            "run",
            "--set",
            "profile=lycee",
            "--set",
            "goal=join",
            "--format",
            "json",
            "--no-input",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdict"] == "eligible"


def test_the_wheel_uses_its_own_content(installed: Path, tmp_path: Path) -> None:
    code = "import cmq_wizard.settings as s; print(s.DEFAULT_RULES); print(s.DEFAULT_FAQ)"
    result = subprocess.run(
        [installed / "bin" / "python", "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    rules, faq = map(Path, result.stdout.split())
    assert installed in rules.parents and installed in faq.parents
    assert (rules / "questions.yaml").is_file() and faq.is_file()
