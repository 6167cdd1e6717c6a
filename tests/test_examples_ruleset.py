"""The fictional rule set of examples/ (the Guilde des Bibliothécaires de Lune): it passes
`rules check` and gives its own results through every command, by options or environment.
That proves the engine holds no CMQ-specific code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cmq_wizard.cli import app
from cmq_wizard.typography import french

ROOT = Path(__file__).resolve().parent.parent
GUILD = ROOT / "examples" / "guilde-lune"
OPTIONS = ["--rules", str(GUILD / "rules"), "--faq", str(GUILD / "faq.yaml")]

# Written out from the guild's rules in words: borrowing at full moon is granted, never at new
# moon, a traveller borrows against a pledge; joining takes a sponsor unless already an archivist.
EXPECTED = {
    "role=apprentice request=borrow moon_phase=full": ("eligible", ["borrow-full-moon"]),
    "role=apprentice request=borrow moon_phase=new": ("not_eligible", ["borrow-new-moon"]),
    "role=apprentice request=join sponsor=yes": ("eligible", ["join-sponsored"]),
    "role=apprentice request=join sponsor=no": ("conditional", ["join-unsponsored"]),
    "role=apprentice request=lost": ("info", ["lost-book"]),
    "role=archivist request=borrow moon_phase=full": ("eligible", ["borrow-full-moon"]),
    "role=archivist request=borrow moon_phase=new": ("not_eligible", ["borrow-new-moon"]),
    "role=archivist request=join": ("info", ["join-archivist"]),
    "role=archivist request=lost": ("info", ["lost-book"]),
    "role=traveller request=borrow moon_phase=full": ("conditional", ["borrow-full-moon", "traveller-deposit"]),
    "role=traveller request=borrow moon_phase=new": ("not_eligible", ["borrow-new-moon", "traveller-deposit"]),
    "role=traveller request=join sponsor=yes": ("eligible", ["join-sponsored"]),
    "role=traveller request=join sponsor=no": ("conditional", ["join-unsponsored"]),
    "role=traveller request=lost": ("info", ["lost-book"]),
}


def test_the_guild_passes_rules_check(runner: CliRunner) -> None:
    result = runner.invoke(app, [*OPTIONS, "rules", "check"])
    assert result.exit_code == 0
    assert result.stdout == french("Aucun problème : 14 parcours, 7 règles, 4 questions, 3 entrées de FAQ.\n")


def test_the_guild_passes_rules_check_from_the_environment(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMQ_WIZARD_RULES", str(GUILD / "rules"))
    monkeypatch.setenv("CMQ_WIZARD_FAQ", str(GUILD / "faq.yaml"))
    result = runner.invoke(app, ["--lang", "en", "rules", "check"])
    assert result.exit_code == 0
    assert result.stdout == "No problems: 14 paths, 7 rules, 4 questions, 3 FAQ entries.\n"


def test_every_path_of_the_guild(runner: CliRunner) -> None:
    result = runner.invoke(app, [*OPTIONS, "rules", "table", "--format", "json"])
    assert result.exit_code == 0
    table = {
        " ".join(f"{k}={v}" for k, v in row["answers"].items()): (row["verdict"], row["outcomes"])
        for row in json.loads(result.stdout)
    }
    assert table == EXPECTED


def test_a_run_on_the_guild(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMQ_WIZARD_RULES", str(GUILD / "rules"))
    monkeypatch.setenv("CMQ_WIZARD_FAQ", str(GUILD / "faq.yaml"))
    result = runner.invoke(
        app,
        ["run", "--set", "role=Voyageur de passage", "--set", "request=borrow", "--set", "moon_phase=pleine lune",
         "--no-input", "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["verdict"] == "conditional"
    assert [o["id"] for o in data["outcomes"]] == ["borrow-full-moon", "traveller-deposit"]
    assert [f["id"] for f in data["faq"]] == ["borrowing"]
    assert data["contacts"] == [
        {
            "id": "head-librarian",
            "name": "Grand Bibliothécaire de Lune",
            "how": "au pupitre d'argent de la salle des Marées",
        }
    ]


def test_a_cmq_question_is_unknown_to_the_guild(runner: CliRunner) -> None:
    result = runner.invoke(app, [*OPTIONS, "run", "--set", "profile=company", "--no-input"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == french("Erreur : --set profile: question inconnue « profile »")


def test_faq_list_of_the_guild(runner: CliRunner) -> None:
    result = runner.invoke(app, [*OPTIONS, "faq", "list"])
    assert result.exit_code == 0
    assert result.stdout == french(
        "borrowing   Quand puis-je emprunter un grimoire ?\n"
        "membership  Comment rejoindre la Guilde ?\n"
        "lost-books  J'ai perdu un livre. Que faire ?\n"
    )


def test_faq_search_in_the_guild(runner: CliRunner) -> None:
    result = runner.invoke(app, [*OPTIONS, "--lang", "en", "faq", "search", "maree"])
    assert result.exit_code == 0
    assert "lost-books" in result.stdout
    assert "borrowing" not in result.stdout
    assert "membership" not in result.stdout


def test_graph_of_the_guild_colours_its_verdicts(runner: CliRunner) -> None:
    result = runner.invoke(app, [*OPTIONS, "rules", "graph"])
    assert result.exit_code == 0
    assert '    r1["borrow-new-moon<br/>Refusé"]' in result.stdout
    assert "    class r1 not_eligible" in result.stdout
    assert '    q1 -->|"borrow"| q2' in result.stdout


def test_replaying_answers_saved_under_another_version_warns(runner: CliRunner, tmp_path: Path) -> None:
    """--save-answers records the rule set's version; a later version of the rules warns on replay."""
    saved = tmp_path / "mine.yaml"
    first = runner.invoke(
        app,
        [*OPTIONS, "run", "-s", "role=archivist", "-s", "request=join", "--no-input", "-f", "json",
         "--save-answers", str(saved)],
    )  # fmt: skip
    assert first.exit_code == 0, first.stderr
    assert saved.read_text(encoding="utf-8") == "_version: '1.0'\nrole: archivist\nrequest: join\n"

    same = runner.invoke(app, [*OPTIONS, "run", "-a", str(saved), "--no-input", "-f", "json"])
    assert same.exit_code == 0
    assert same.stderr == ""

    newer = tmp_path / "guild"
    shutil.copytree(GUILD, newer)
    ruleset = newer / "rules" / "ruleset.yaml"
    ruleset.write_text(ruleset.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.1"'), "utf-8")
    replay = runner.invoke(
        app,
        ["--rules", str(newer / "rules"), "--faq", str(newer / "faq.yaml"), "run", "-a", str(saved), "--no-input",
         "-f", "json"],
    )  # fmt: skip
    assert replay.exit_code == 0
    assert replay.stderr == french(
        f"Attention : {saved}:1 : réponses faites avec la version 1.0 des règles (actuelle : 1.1) ; "
        "les questions ont pu changer.\n"
    )
    assert json.loads(replay.stdout)["verdict"] == json.loads(first.stdout)["verdict"] == "info"
