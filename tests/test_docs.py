"""Meta-tests: every command has help text and is documented in the README, with both set-up commands."""

from __future__ import annotations

import re

import pytest
import typer.main

from cmq_wizard.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_paths() -> list[tuple[str, ...]]:
    root = typer.main.get_command(app)
    paths = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        if sub:
            paths.extend((name, child) for child in sub)
        else:
            paths.append((name,))
    return sorted(paths)


def test_the_commands_of_the_spec_all_exist() -> None:
    assert command_paths() == [
        ("batch",),
        ("demo",),
        ("faq", "list"),
        ("faq", "search"),
        ("faq", "show"),
        ("rules", "check"),
        ("rules", "graph"),
        ("rules", "stamp"),
        ("rules", "table"),
        ("run",),
        ("site",),
        ("stats",),
    ]


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_every_command_has_help_and_is_in_the_readme_commands_table(path: tuple[str, ...]) -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    assert "Utilisation\u00a0: cmq-wizard " + " ".join(path) in result.stdout
    table = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    assert f"`cmq-wizard {' '.join(path)}" in table or f"`{path[-1]} " in table or f"/ `{path[0]} {path[1]}" in table


def test_the_readme_gives_the_two_set_up_commands_and_ci_runs_the_test_one() -> None:
    start = re.search(r"# install what is needed and start the wizard\n(.+)\n", README)
    test = re.search(r"# install what is needed and run every test\n(.+)\n", README)
    assert start and test
    assert start.group(1).endswith("cmq-wizard")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test.group(1) in ci.splitlines()
