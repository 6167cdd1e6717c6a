"""`cmq-wizard batch`: many answer sets in, one SPEC §5 result a line out, bad records named."""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cmq_wizard.cli import app
from cmq_wizard.engine import Engine
from cmq_wizard.model import RuleSet
from cmq_wizard.render.json import result_dict
from cmq_wizard.typography import NNBSP, french
from tests.bad_input_cases import choices

COMPANY = "Entreprise ou acteur de la vie économique (association, fondation…)"
SUMMARY_3_OK = french("3 enregistrement(s) : Éligible : 3 ; 0 erreur(s).\n")


def batch(runner: CliRunner, *args: str, **kwargs: Any):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["batch", *args], **kwargs)


def records(text: str) -> list[dict[str, Any]]:
    lines = text.splitlines()
    assert all("\n" not in line and line.startswith('{"line":') for line in lines)  # compact, one a line
    return [json.loads(line) for line in lines]


def expected(engine: Engine, ruleset: RuleSet, line: int, answers: dict[str, str], lang: str = "fr") -> dict:
    """What `run --format json` says for these answers, plus the line."""
    return {"line": line, **result_dict(engine.evaluate(answers), ruleset, lang)}


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# --- the engine, record by record ------------------------------------------------------------------


def test_ten_thousand_records_give_what_the_engine_gives(
    runner: CliRunner, tmp_path: Path, engine: Engine, ruleset: RuleSet
) -> None:
    """Random complete answer sets drawn from every path, each answer written as a person might:
    the id, a French or English label, in capitals, without accents, a JSON boolean for yes/no;
    some with an answer to a question the path does not ask (kept out, with a warning)."""
    rnd = random.Random(20190215)
    paths = list(engine.paths())
    assert len(paths) > 20
    lines, wanted = [], []
    for n in range(1, 10_001):
        path = rnd.choice(paths)
        record: dict[str, Any] = {}
        for qid, cid in path.items():
            choice = next(c for c in ruleset.question_by_id[qid].spec.choices if c.id == cid)
            form = rnd.randrange(6)
            if cid in ("yes", "no") and form == 0:
                record[qid] = cid == "yes"
            else:
                record[qid] = [
                    cid,
                    cid.upper(),
                    choice.label.fr,
                    strip_accents(choice.label.fr).lower(),
                    (choice.label.en or choice.label.fr).upper(),
                    f"  {choice.label.fr}  ",
                ][form]
        warnings = []
        if rnd.random() < 0.1:
            off_path = [q for q in ruleset.questions if q.id not in path]
            extra = rnd.choice(off_path)
            record[extra.id] = rnd.choice(extra.spec.choices).id
            warnings = [f"la question « {extra.id} » n'est pas posée sur ce parcours ; réponse ignorée."]
        items = list(record.items())
        rnd.shuffle(items)
        lines.append(json.dumps(dict(items), ensure_ascii=rnd.random() < 0.5))
        want = {"line": n, **result_dict(engine.evaluate(path), ruleset, "fr", warnings=warnings)}
        wanted.append(want)
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"

    result = batch(runner, str(source), "--output", str(out))

    assert result.exit_code == 0, result.output
    got = records(out.read_text(encoding="utf-8"))
    assert len(got) == 10_000
    for one, want in zip(got, wanted, strict=True):
        assert one == want
    assert result.stderr.startswith(french("10000 enregistrement(s) : "))
    assert result.stderr.endswith(f"{NNBSP}; 0 erreur(s).\n")
    assert result.stdout == ""


def test_the_result_object_is_the_one_run_prints_plus_line(runner: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    answers.write_text('{"profile": "company", "goal": "join", "activity_in_theme": "unsure"}', encoding="utf-8")
    single = json.loads(runner.invoke(app, ["run", "-a", str(answers), "--format", "json", "--no-input"]).stdout)

    result = batch(runner, str(answers))

    assert result.exit_code == 0, result.output
    assert records(result.stdout) == [{"line": 1, **single}]
    assert result.stderr == french("1 enregistrement(s) : Sous conditions : 1 ; 0 erreur(s).\n")


# --- CSV -------------------------------------------------------------------------------------------------


def test_csv_with_labels_and_accents(runner: CliRunner, tmp_path: Path, engine: Engine, ruleset: RuleSet) -> None:
    source = tmp_path / "inscriptions.csv"
    source.write_text(
        "profile,goal,activity_in_theme,learner_level\n"
        f'"{COMPANY}",Intégrer un CMQ,Oui,\n'
        "Lycée général ou polyvalent,INTEGRER UN CMQ,,\n"
        '"Acteur de la formation (lycee professionnel, CFA, GRETA, universite, organisme de formation...)",'
        'join,,"COLLEGE, 6e – 5e"\n',
        encoding="utf-8",
    )

    result = batch(runner, str(source))

    assert result.exit_code == 0, result.output
    assert records(result.stdout) == [
        expected(engine, ruleset, 2, {"profile": "company", "goal": "join", "activity_in_theme": "yes"}),
        expected(engine, ruleset, 3, {"profile": "lycee", "goal": "join"}),
        expected(engine, ruleset, 4, {"profile": "training_body", "goal": "join", "learner_level": "college_early"}),
    ]
    assert result.stderr == SUMMARY_3_OK


def test_csv_with_semicolons_and_a_bom_as_a_spreadsheet_writes_it(
    runner: CliRunner, tmp_path: Path, engine: Engine, ruleset: RuleSet
) -> None:
    source = tmp_path / "export.csv"
    spreadsheet = "\ufeffprofile;goal;mobility_scope\r\nlycee;Organiser une mobilité (internationale ou non);LOCALE\r\n"
    source.write_bytes(spreadsheet.encode())

    result = batch(runner, str(source))

    assert result.exit_code == 0, result.output
    assert records(result.stdout) == [
        expected(engine, ruleset, 2, {"profile": "lycee", "goal": "mobility", "mobility_scope": "local"})
    ]


def test_csv_unknown_column_stops_before_any_record(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "export.csv"
    source.write_text("profil,goal\nlycee,join\n", encoding="utf-8")

    result = batch(runner, str(source))

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == french(
        f"Erreur : {source}:1: question inconnue « profil »\n"
        "  Conseil : Vouliez-vous dire « profile » ? La première ligne du CSV nomme les questions (identifiants) : "
        "profile, goal, economic_stake, learner_level, activity_in_theme, institution_kind, "
        "training_employment_link, mobility_scope, governance_role.\n"
    )


def test_csv_row_with_more_cells_than_columns(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "export.csv"
    source.write_text("profile,goal\nlycee,join,surplus\nlycee,join\n", encoding="utf-8")

    result = batch(runner, str(source))

    assert result.exit_code == 0
    got = records(result.stdout)
    assert got[0] == {"line": 2, "error": "3 cellules pour 2 colonnes d'en-tête"}
    assert got[1]["line"] == 3 and got[1]["verdict"] == "eligible"


# --- bad records -------------------------------------------------------------------------------------


BAD_IN_THE_MIDDLE = (
    '{"profile": "company", "goal": "join", "activity_in_theme": "yes"}\n'
    '{"profile": "company", "goal": "join"}\n'
    "{profile: lycee}\n"
    '{"profile": "lycee", "goal": "joinn"}\n'
    '{"profil": "lycee"}\n'
    "42\n"
    "\n"
    '{"profile": "lycee", "goal": "join", "economic_stake": "local"}\n'
)


def test_bad_records_in_the_middle_are_named_and_the_run_goes_on(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "mixed.jsonl"
    source.write_text(BAD_IN_THE_MIDDLE, encoding="utf-8")

    result = batch(runner, str(source))

    assert result.exit_code == 0
    got = records(result.stdout)
    assert [r["line"] for r in got] == [1, 2, 3, 4, 5, 6, 8]  # the blank line 7 is no record
    assert got[0]["verdict"] == "eligible"
    assert got[1] == {
        "line": 2,
        "error": "la question « activity_in_theme » (Votre activité relève-t-elle de la thématique du CMQ que vous "
        "visez ?) n'a pas de réponse",
        "hint": choices("activity_in_theme"),
    }
    assert got[2] == {
        "line": 3,
        "error": "JSON invalide : un nom entre guillemets doubles est attendu (colonne 2)",
    }
    assert got[3] == {
        "line": 4,
        "error": "réponse « joinn » invalide pour « goal »",
        "hint": "Vouliez-vous dire « join » ? " + choices("goal"),
    }
    assert got[4]["error"] == "question inconnue « profil »"
    assert got[4]["hint"].startswith("Vouliez-vous dire « profile » ? Questions : profile, goal, ")
    assert got[5] == {
        "line": 6,
        "error": "un objet JSON est attendu sur chaque ligne (question → réponse), pas un nombre",
        "hint": "écrivez un objet JSON par ligne, qui associe des questions (identifiants) à des réponses.",
    }
    # An answer the path does not ask is kept out of `answers`, and said in `warnings`.
    assert got[6]["answers"] == {"profile": "lycee", "goal": "join"}
    assert got[6]["warnings"] == ["la question « economic_stake » n'est pas posée sur ce parcours ; réponse ignorée."]
    assert result.stderr == french("7 enregistrement(s) : Éligible : 2 ; 5 erreur(s).\n")


def test_a_json_array_is_not_json_lines(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "export.json"
    source.write_text('[{"profile": "lycee", "goal": "join"}]\n', encoding="utf-8")

    result = batch(runner, str(source))

    assert result.exit_code == 2
    assert result.stderr == french(
        f"Erreur : {source}:1: un tableau JSON, pas du JSON Lines\n"
        "  Conseil : écrivez un objet JSON par ligne, qui associe des questions (identifiants) à des réponses.\n"
    )


def test_a_line_that_is_not_utf8_is_one_bad_record(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "latin1.jsonl"
    source.write_bytes(
        b'{"profile": "lycee", "goal": "join"}\n'
        + '{"profile": "Lycée", "goal": "join"}\n'.encode("latin-1")
        + b'{"profile": "lycee", "goal": "join"}\n'
    )

    result = batch(runner, str(source))

    got = records(result.stdout)
    assert [r.get("error") for r in got] == [None, "cette ligne n'est pas en UTF-8", None]
    assert got[1]["hint"].startswith("enregistrez le fichier en UTF-8")


# --- stdin, empty input ------------------------------------------------------------------------------


def test_stdin_json_lines(runner: CliRunner, engine: Engine, ruleset: RuleSet) -> None:
    result = batch(runner, "-", input='\n  {"profile": "lycee", "goal": "Join a CMQ"}\n')

    assert result.exit_code == 0, result.output
    assert records(result.stdout) == [expected(engine, ruleset, 2, {"profile": "lycee", "goal": "join"})]


def test_stdin_csv_is_told_from_its_first_character(runner: CliRunner, engine: Engine, ruleset: RuleSet) -> None:
    csv_text = "profile,goal,governance_role\ninstitution,Take part in the governance of a CMQ,member\n"
    result = batch(runner, "-", input=csv_text)

    assert result.exit_code == 0, result.output
    answers = {"profile": "institution", "goal": "governance", "governance_role": "member"}
    assert records(result.stdout) == [expected(engine, ruleset, 2, answers)]
    assert result.stderr == french("1 enregistrement(s) : Information : 1 ; 0 erreur(s).\n")


@pytest.mark.parametrize(("name", "text"), [("empty.jsonl", ""), ("empty.csv", ""), ("header.csv", "profile,goal\n")])
def test_an_empty_input_gives_no_record(runner: CliRunner, tmp_path: Path, name: str, text: str) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")

    result = batch(runner, str(source))

    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == french("0 enregistrement(s) : aucun résultat ; 0 erreur(s).\n")


def test_empty_stdin(runner: CliRunner) -> None:
    result = batch(runner, "-", input="")

    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == french("0 enregistrement(s) : aucun résultat ; 0 erreur(s).\n")


def test_english(runner: CliRunner, engine: Engine, ruleset: RuleSet) -> None:
    result = runner.invoke(app, ["--lang", "en", "batch", "-"], input='{"profile": "lycee", "goal": "join"}\n')

    assert records(result.stdout) == [expected(engine, ruleset, 1, {"profile": "lycee", "goal": "join"}, "en")]
    assert result.stderr == "1 record(s): Eligible: 1; 0 error(s).\n"


# --- --strict, --output ------------------------------------------------------------------------------


def test_strict_stops_at_the_first_bad_record(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "mixed.jsonl"
    source.write_text(BAD_IN_THE_MIDDLE, encoding="utf-8")

    result = batch(runner, str(source), "--strict")

    assert result.exit_code == 2
    assert [r["line"] for r in records(result.stdout)] == [1]
    assert result.stderr == french(
        f"Erreur : {source}:2: la question « activity_in_theme » (Votre activité relève-t-elle de la thématique "
        "du CMQ que vous visez ?) n'a pas de réponse\n"
        "  Conseil : " + choices("activity_in_theme") + " Corrigez cet enregistrement, ou relancez sans --strict "
        "pour traiter les autres.\n"
    )


def test_strict_with_output_leaves_nothing_behind(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "mixed.jsonl"
    source.write_text(BAD_IN_THE_MIDDLE, encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    kept = out_dir / "kept.jsonl"
    kept.write_text("earlier results\n", encoding="utf-8")

    new = batch(runner, str(source), "--strict", "--output", str(out_dir / "new.jsonl"))
    over = batch(runner, str(source), "--strict", "--output", str(kept))

    assert (new.exit_code, over.exit_code) == (2, 2)
    assert (new.stdout, over.stdout) == ("", "")
    assert sorted(p.name for p in out_dir.iterdir()) == ["kept.jsonl"]  # no target, no temporary file
    assert kept.read_text(encoding="utf-8") == "earlier results\n"


def test_output_is_the_same_lines_written_atomically(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "three.jsonl"
    source.write_text('{"profile": "lycee", "goal": "join"}\n' * 3, encoding="utf-8")
    out = tmp_path / "out" / "results.jsonl"
    out.parent.mkdir()

    to_stdout = batch(runner, str(source))
    to_file = batch(runner, str(source), "-o", str(out))

    assert to_file.exit_code == 0
    assert to_file.stdout == ""
    assert out.read_text(encoding="utf-8") == to_stdout.stdout
    assert len(records(to_stdout.stdout)) == 3
    assert [p.name for p in out.parent.iterdir()] == ["results.jsonl"]
    assert to_file.stderr == SUMMARY_3_OK


def test_output_in_a_missing_folder(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "one.jsonl"
    source.write_text('{"profile": "lycee", "goal": "join"}\n', encoding="utf-8")
    target = tmp_path / "nowhere" / "r.jsonl"

    result = batch(runner, str(source), "-o", str(target))

    assert result.exit_code == 2
    assert result.stderr == french(
        f"Erreur : {target}: impossible d'écrire le fichier : le dossier n'existe pas\n"
        "  Conseil : vérifiez que le dossier existe, qu'il est accessible en écriture et qu'il reste de la place.\n"
    )


def test_missing_input_file(runner: CliRunner, tmp_path: Path) -> None:
    result = batch(runner, str(tmp_path / "nope.jsonl"))

    assert result.exit_code == 2
    assert result.stderr == french(
        f"Erreur : {tmp_path / 'nope.jsonl'}: fichier de lot introuvable\n  Conseil : vérifiez le chemin indiqué.\n"
    )


# --- progress -----------------------------------------------------------------------------------------


def test_no_progress_bar_when_piped(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "many.jsonl"
    source.write_text('{"profile": "lycee", "goal": "join"}\n' * 3000, encoding="utf-8")

    result = batch(runner, str(source))

    assert result.stderr == french("3000 enregistrement(s) : Éligible : 3000 ; 0 erreur(s).\n")


@pytest.mark.pty
def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    source = tmp_path / "many.jsonl"
    source.write_text('{"profile": "lycee", "goal": "join"}\n' * 5000, encoding="utf-8")
    exe = shutil.which("cmq-wizard", path=os.path.dirname(sys.executable))
    assert exe is not None
    child = pexpect.spawn(
        "/bin/sh", ["-c", f"'{exe}' batch '{source}' > /dev/null"], encoding="utf-8", timeout=30, dimensions=(24, 100)
    )
    child.expect("░|█")  # the bar is drawn on stderr, which is the terminal
    child.expect_exact(french("5000 enregistrement(s) : Éligible : 5000 ; 0 erreur(s)."))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.pty
def test_no_bar_when_the_results_themselves_go_to_the_terminal(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    source = tmp_path / "some.jsonl"
    source.write_text('{"profile": "lycee", "goal": "join"}\n' * 600, encoding="utf-8")
    exe = shutil.which("cmq-wizard", path=os.path.dirname(sys.executable))
    assert exe is not None
    child = pexpect.spawn(exe, ["batch", str(source)], encoding="utf-8", timeout=30, dimensions=(24, 100))
    child.expect_exact(french("600 enregistrement(s) : Éligible : 600 ; 0 erreur(s)."))
    shown = child.before
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert shown.count('{"line":') == 600
    assert "░" not in shown and "█" not in shown


def test_a_line_read_again_is_answered_the_same_with_its_own_number(
    runner: CliRunner, tmp_path: Path, engine: Engine, ruleset: RuleSet
) -> None:
    """JSON lines typed the same way are answered once and remembered (a typo is not): each
    output line is still the one `run` gives, with the line's own number."""
    good = '{"profile": "Entreprise", "goal": "intégrer", "activity_in_theme": "oui"}\n'
    typo = '{"profile": "compagny", "goal": "join"}\n'
    source = tmp_path / "repeated.jsonl"
    source.write_text(good + typo + good + typo + good, encoding="utf-8")

    result = batch(runner, str(source))

    assert result.exit_code == 0, result.output
    got = records(result.stdout)
    answers = {"profile": "company", "goal": "join", "activity_in_theme": "yes"}
    assert [got[i] for i in (0, 2, 4)] == [expected(engine, ruleset, n, answers) for n in (1, 3, 5)]
    assert got[1] == {**got[3], "line": 2}
    assert got[1]["error"] == "réponse « compagny » invalide pour « profile »"
    assert got[1]["hint"].startswith("Vouliez-vous dire « company » ?")


def test_the_line_memory_is_bounded_and_holds_results_only(tmp_path: Path) -> None:
    from cmq_wizard.commands import batch as batch_cmd
    from cmq_wizard.settings import Settings

    evaluator = batch_cmd.Evaluator(Settings())
    for n in range(batch_cmd._LINE_MEMO_MAX + 100):
        raw = b'{"profile": "lycee", "goal": "join", "n": %d}\n' % n  # an unknown key: an error
        record = json.loads(raw)
        assert isinstance(evaluator.outcome(record, raw), batch_cmd.RecordError)
        raw = b'{"profile": "lycee", "goal": "join", "_version": "%d"}\n' % n
        assert evaluator.outcome(json.loads(raw), raw)[1] == "eligible"

    assert len(evaluator.lines) == batch_cmd._LINE_MEMO_MAX
    assert all(isinstance(outcome, tuple) for outcome in evaluator.lines.values())


def test_a_large_output_handed_to_the_disk_as_it_goes_is_whole(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--output` starts the disk's writeback every _WRITEBACK_EVERY bytes (so that the final
    fsync has little left to wait for): the file is still exactly what stdout gets."""
    from cmq_wizard import output

    monkeypatch.setattr(output, "_WRITEBACK_EVERY", 200)
    source = tmp_path / "in.jsonl"
    source.write_text('{"profile": "lycee", "goal": "join"}\n' * 50, encoding="utf-8")
    out = tmp_path / "out.jsonl"

    written = batch(runner, str(source), "--output", str(out))
    printed = batch(runner, str(source))

    assert written.exit_code == printed.exit_code == 0
    assert out.read_text(encoding="utf-8") == printed.stdout
    assert len(records(printed.stdout)) == 50
