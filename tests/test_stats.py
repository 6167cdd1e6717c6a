"""`cmq-wizard stats FILE`: a demo record tallied as tables and terminal bar charts."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from cmq_wizard.cli import app
from cmq_wizard.commands import stats as stats_cmd
from cmq_wizard.typography import french

RECORD = """\
{"timestamp":"2026-11-29T09:00:00+01:00","answers":{"profile":"company","goal":"join","activity_in_theme":"yes"},"verdict":"eligible","outcomes":["company-join-in-theme"]}
{"timestamp":"2026-11-29T09:10:00+01:00","answers":{"profile":"lycee","goal":"mobility","mobility_scope":"local"},"verdict":"info","outcomes":["mobility"]}
not json at all
{"timestamp":"2026-11-29T11:40:00+01:00","answers":{"profile":"company","goal":"join","activity_in_theme":"no"},"verdict":"not_eligible","outcomes":["company-join-out-of-theme"]}

{"timestamp":"yesterday","answers":{},"verdict":"info","outcomes":[]}
{"timestamp":"2026-11-28T16:05:00+01:00","answers":{"profile":"company","goal":"join"},"verdict":"maybe","outcomes":[]}
["a list"]
{"timestamp":"2026-11-28T17:30:00+01:00","answers":{"profile":"institution","goal":"governance","governance_role":"member"},"verdict":"info","outcomes":["governance"]}
"""


def stats(runner: CliRunner, tmp_path: Path, text: str, *args: str) -> tuple[int, str, str]:
    record = tmp_path / "visits.jsonl"
    record.write_text(text, encoding="utf-8")
    result = runner.invoke(app, [*args, "stats", str(record)])
    return result.exit_code, result.stdout, result.stderr


def row(out: str, label: str) -> list[str]:
    """The cells of the table row that starts with `label`."""
    line = next(line for line in out.splitlines() if line.startswith(f"│ {label}"))
    return [cell.strip() for cell in line.strip("│").split("│")]


def test_counts_period_table_and_bars(runner: CliRunner, tmp_path: Path) -> None:
    code, out, err = stats(runner, tmp_path, RECORD)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Statistiques de la démo"
    assert lines[1] == "4 visite(s), du 28/11/2026 17:30 au 29/11/2026 11:40"
    assert lines[2] == "4 ligne(s) ignorée(s)"
    assert french("Qui êtes-vous ? × Que souhaitez-vous faire ?") in out
    # Columns: training body, lycée, company, institution, total.
    assert row(out, "Intégrer un CMQ") == ["Intégrer un CMQ", "·", "·", "2", "·", "2"]
    assert row(out, "Organiser une") == ["Organiser une", "·", "1", "·", "·", "1"]
    assert row(out, "Proposer un CMQ") == ["Proposer un CMQ", "·", "·", "·", "·", "0"]
    assert row(out, "Total") == ["Total", "0", "1", "2", "1", "4"]
    bar_lines = re.findall(r"^(\S[^█▏\n]*?) ([█▏]+) (\d+ \(\d+\xa0%\))$", out, re.M)
    bars = {label.strip(): (len(bar), count) for label, bar, count in bar_lines}
    assert bars["Non éligible"][1] == "1 (25\xa0%)"
    assert bars["Information"][1] == "2 (50\xa0%)"
    assert bars["Sous conditions"] == (1, "0 (0\xa0%)")
    assert abs(bars["Information"][0] - 2 * bars["Éligible"][0]) <= 1  # bar length follows the count
    assert err.splitlines() == [
        french(f"{tmp_path / 'visits.jsonl'}:3: ligne ignorée : JSON invalide : une valeur est attendue (colonne 1)"),
        french(f"{tmp_path / 'visits.jsonl'}:6: ligne ignorée : horodatage invalide « yesterday »"),
        french(f"{tmp_path / 'visits.jsonl'}:7: ligne ignorée : verdict inconnu « maybe »"),
        french(
            f"{tmp_path / 'visits.jsonl'}:8: ligne ignorée : une visite est un objet avec timestamp, answers, verdict "
            "et outcomes"
        ),
    ]


def test_in_english(runner: CliRunner, tmp_path: Path) -> None:
    code, out, _ = stats(runner, tmp_path, RECORD, "--lang", "en")
    assert code == 0
    assert out.splitlines()[1] == "4 visit(s), from 2026-11-28 17:30 to 2026-11-29 11:40"
    assert row(out, "Join a CMQ")[-1] == "2"
    assert re.search(r"^Not eligible +█+ 1 \(25%\)$", out, re.M)


def test_an_empty_record(runner: CliRunner, tmp_path: Path) -> None:
    code, out, err = stats(runner, tmp_path, "\n")
    assert (code, out, err) == (0, "Statistiques de la démo\nAucune visite enregistrée.\n", "")


def test_a_missing_record_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["stats", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == french(
        f"Erreur : {tmp_path / 'nope.jsonl'}: enregistrement de démo introuvable"
    )


def test_unknown_choice_ids_are_counted_under_their_id(tmp_path: Path) -> None:
    line = '{"timestamp":"2026-01-01T10:00:00","answers":{"profile":"school","goal":"join"},"verdict":"info"}'
    tally = stats_cmd.tally(line, ("profile", "goal"))
    assert tally.visits == 1
    assert tally.pairs == {("school", "join"): 1}
