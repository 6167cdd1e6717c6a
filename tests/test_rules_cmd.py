"""`cmq-wizard rules table` and `rules graph`: every path against the committed snapshot and
SPEC §4, each format, and the graph that the README embeds."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cmq_wizard.cli import app

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "data" / "paths-snapshot.txt"


def spec_verdict(answers: dict[str, str], *, before_issue_14: bool = False) -> str:
    """SPEC §4's verdict column, written out from the SPEC (not from rules/); with issue 14's
    correction (an institution that is neither economic nor territorial is not covered by the
    FAQ's « Tous ces acteurs »: conditional), unless `before_issue_14`."""
    goal, profile = answers["goal"], answers["profile"]
    if goal == "propose":
        return {"regional": "eligible", "national": "eligible", "local": "not_eligible", "unsure": "conditional"}[
            answers["economic_stake"]
        ]
    if goal == "join":
        if profile == "training_body":
            return "not_eligible" if answers["learner_level"] == "primary" else "eligible"
        if profile == "lycee":
            return "eligible"
        if profile == "company":
            return {"yes": "eligible", "no": "not_eligible", "unsure": "conditional"}[answers["activity_in_theme"]]
        if answers["institution_kind"] == "other" and not before_issue_14:
            return "conditional"
        return {"yes": "eligible", "no": "conditional"}[answers["training_employment_link"]]
    return "info"  # project, mobility, lifelong_learning, governance


def table(runner: CliRunner, fmt: str) -> str:
    result = runner.invoke(app, ["rules", "table", "--format", fmt])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_table_is_the_committed_snapshot(runner: CliRunner) -> None:
    assert table(runner, "text") == SNAPSHOT.read_text(encoding="utf-8"), (
        "behaviour changed: review the diff, then `cmq-wizard rules table > tests/data/paths-snapshot.txt`"
    )


def test_the_snapshot_agrees_with_spec_section_4() -> None:
    lines = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    assert lines[-1] == "63 parcours"
    rows = [re.split(r"\s{2,}", line.strip()) for line in lines[1:-1]]
    assert len(rows) == 63
    assert [row[0] for row in rows] == [str(n) for n in range(1, 64)]
    for number, answers_text, verdict, _outcomes in rows:
        answers = dict(pair.split("=") for pair in answers_text.split())
        assert verdict == spec_verdict(answers), f"path {number}: {answers_text}"


def test_issue_14_changed_one_row_only() -> None:
    """Of the 63 paths, only institution / other / link yes changed verdict (eligible → conditional)."""
    rows = [re.split(r"\s{2,}", line.strip()) for line in SNAPSHOT.read_text(encoding="utf-8").splitlines()[1:-1]]
    changed = []
    for _number, answers_text, verdict, _outcomes in rows:
        answers = dict(pair.split("=") for pair in answers_text.split())
        if verdict != spec_verdict(answers, before_issue_14=True):
            changed.append((answers_text, verdict))
    assert changed == [
        ("profile=institution goal=join institution_kind=other training_employment_link=yes", "conditional")
    ]


def test_json_csv_and_text_tell_the_same_paths(runner: CliRunner) -> None:
    records = json.loads(table(runner, "json"))
    assert len(records) == 63
    assert records[0] == {
        "answers": {"profile": "training_body", "goal": "propose", "economic_stake": "regional"},
        "verdict": "eligible",
        "outcomes": ["propose-regional-stake"],
    }
    for record in records:
        assert record["verdict"] == spec_verdict(record["answers"])
    rows = list(csv.DictReader(io.StringIO(table(runner, "csv"))))
    assert len(rows) == 63
    for row, record in zip(rows, records, strict=True):
        assert {k: v for k, v in row.items() if k not in ("verdict", "outcomes") and v} == record["answers"]
        assert row["verdict"] == record["verdict"]
        assert row["outcomes"].split() == record["outcomes"]
    text_rows = [re.split(r"\s{2,}", line.strip()) for line in table(runner, "text").splitlines()[1:-1]]
    assert [row[3].split() for row in text_rows] == [r["outcomes"] for r in records]


def test_the_table_in_english(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--lang", "en", "rules", "table"])
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["#", "answers", "verdict", "outcomes"]
    assert lines[-1] == "63 paths"


def test_an_unknown_table_format_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules", "table", "--format", "xml"])
    assert result.exit_code == 2
    assert "xml" in result.stderr


# --- graph ------------------------------------------------------------------------------------------------


def test_the_readme_embeds_the_current_mermaid_graph(runner: CliRunner) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", readme, re.S)
    assert len(blocks) == 1, "the README has one ```mermaid block: the graph of the rules"
    result = runner.invoke(app, ["rules", "graph"])
    assert result.exit_code == 0
    assert blocks[0] == result.stdout, "regenerate the README's block with `cmq-wizard rules graph`"


def test_mermaid_graph_tells_verdicts_apart_by_colour_and_label(runner: CliRunner) -> None:
    out = runner.invoke(app, ["rules", "graph", "--format", "mermaid"]).stdout
    lines = out.splitlines()
    assert lines[0] == "flowchart TD"
    assert '    q0{{"profile<br/>Qui êtes-vous ?"}}' in lines
    node = {m.group(2): m.group(1) for m in re.finditer(r'^    (r\d+)\["([a-z0-9-]+)<br/>', out, re.M)}
    assert len(node) == 22  # every rule is on some path
    assert f'    {node["propose-local-stake"]}["propose-local-stake<br/>Non éligible"]' in lines
    assert f'    {node["company-join-theme-unsure"]}["company-join-theme-unsure<br/>Sous conditions"]' in lines
    assert f'    {node["lycee-join"]}["lycee-join<br/>Éligible"]' in lines
    assert f'    {node["mobility"]}["mobility<br/>Information"]' in lines
    classes = {m.group(2): set(m.group(1).split(",")) for m in re.finditer(r"^    class (\S+) (\w+)$", out, re.M)}
    assert node["propose-local-stake"] in classes["not_eligible"]
    assert node["company-join-theme-unsure"] in classes["conditional"]
    assert node["lycee-join"] in classes["eligible"]
    assert node["mobility"] in classes["info"]
    fills = {m.group(1): m.group(2) for m in re.finditer(r"^    classDef (\w+) fill:(#\w+)", out, re.M)}
    assert len(set(fills.values())) == 5  # four verdicts and the questions, five colours
    # Choices lead on; a choice that leads somewhere only after an earlier answer says which.
    assert '    q1 -->|"propose"| q2' in lines
    assert f'    q1 -->|"join · profile=lycee"| {node["lycee-join"]}' in lines
    assert "    q0 --> q1" in lines  # whatever the profile, the goal comes next


def test_dot_graph(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--lang", "en", "rules", "graph", "--format", "dot"])
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("digraph rules {\n") and out.endswith("}\n")
    assert 'label="profile\\nWho are you?"' in out
    line = next(line for line in out.splitlines() if '"propose-local-stake\\nNot eligible"' in line)
    assert 'fillcolor="#f8d7da"' in line
    assert '    q1 -> q2 [label="propose"];' in out


@pytest.mark.parametrize("command", ["check", "graph", "table"])
def test_each_rules_command_has_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, ["rules", command, "--help"])
    assert result.exit_code == 0
    assert "--format" in result.stdout
