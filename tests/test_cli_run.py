"""`cmq-wizard run` and `faq` through typer's CliRunner: each option, each error and its exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cmq_wizard import __version__
from cmq_wizard.cli import app
from cmq_wizard.typography import french
from tests.bad_input_cases import choices

COMPANY_JOIN = ["-s", "profile=company", "-s", "goal=join", "-s", "activity_in_theme=yes"]
COMPANY_OUT_OF_THEME = ["-s", "profile=company", "-s", "goal=join", "-s", "activity_in_theme=no"]


def run(runner: CliRunner, *args: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), **kwargs)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- answers: files, --set, ids and labels -------------------------------------------------------


def test_yaml_answer_file_to_json(runner: CliRunner, tmp_path: Path) -> None:
    answers = write(tmp_path / "a.yaml", "profile: company\ngoal: join\nactivity_in_theme: yes\n")
    result = run(runner, "run", "--answers", str(answers), "--format", "json", "--no-input")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["answers"] == {"profile": "company", "goal": "join", "activity_in_theme": "yes"}
    assert data["verdict"] == "eligible"
    assert [o["id"] for o in data["outcomes"]] == ["company-join-in-theme"]
    assert data["outcomes"][0]["faq"] == ["economic-actors"]
    assert [f["id"] for f in data["faq"]] == ["economic-actors"]
    assert data["faq"][0]["question"] == "Quels acteurs de la vie économique peuvent intégrer un CMQ ?"
    assert data["next_steps"] == data["outcomes"][0]["next_steps"]
    assert data["lang"] == "fr"
    assert "trace" not in data
    assert result.stderr == ""


def test_json_answer_file(runner: CliRunner, tmp_path: Path) -> None:
    answers = write(tmp_path / "a.json", '{"profile": "lycee", "goal": "join"}')
    result = run(runner, "run", "-a", str(answers), "-f", "json", "--no-input")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"] == "eligible"


def test_set_overrides_the_file(runner: CliRunner, tmp_path: Path) -> None:
    answers = write(tmp_path / "a.yaml", "profile: company\ngoal: join\nactivity_in_theme: yes\n")
    result = run(runner, "run", "-a", str(answers), "--set", "activity_in_theme=no", "-f", "json", "--no-input")
    assert json.loads(result.stdout)["verdict"] == "not_eligible"


@pytest.mark.parametrize(
    "value",
    [
        "Entreprise ou acteur de la vie économique (association, fondation…)",
        "ENTREPRISE OU ACTEUR DE LA VIE ECONOMIQUE (ASSOCIATION, FONDATION…)",
        "Company or economic actor (association, foundation…)",
        "company",
        "Company",
    ],
)
def test_values_by_label_in_either_language_any_case_any_accents(runner: CliRunner, value: str) -> None:
    result = run(
        runner,
        "run",
        "-s",
        f"profile={value}",
        "-s",
        "goal=Intégrer un CMQ",
        "-s",
        "activity_in_theme=Oui",
        "-f",
        "json",
        "--no-input",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answers"] == {"profile": "company", "goal": "join", "activity_in_theme": "yes"}


def test_yaml_booleans_mean_yes_and_no(runner: CliRunner, tmp_path: Path) -> None:
    answers = write(
        tmp_path / "a.yaml",
        "profile: institution\ngoal: join\ninstitution_kind: economic\ntraining_employment_link: no\n",
    )
    result = run(runner, "run", "-a", str(answers), "-f", "json", "--no-input")
    data = json.loads(result.stdout)
    assert data["answers"]["training_employment_link"] == "no"
    assert data["verdict"] == "conditional"


# --- errors ------------------------------------------------------------------------------------------


def test_missing_answer_without_a_terminal_names_the_question_and_choices(runner: CliRunner) -> None:
    result = run(runner, "run", "-s", "profile=company", "-s", "goal=propose", "--no-input")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert (
        french(
            "la question « economic_stake » (À quel enjeu économique votre proposition répond-elle ?) "
            "n'a pas de réponse"
        )
        in result.stderr
    )
    assert (
        french("  Conseil : donnez-la avec --set economic_stake=… ou dans un fichier de réponses (--answers). ")
        + french(choices("economic_stake"))
        in result.stderr
    )
    assert "Traceback" not in result.output


def test_unknown_question_names_file_line_and_closest(runner: CliRunner, tmp_path: Path) -> None:
    answers = write(tmp_path / "a.yaml", "profile: company\nobjectif: join\n")
    result = run(runner, "run", "-a", str(answers), "--no-input")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == french(f"Erreur : {answers}:2: question inconnue « objectif »")
    assert french("Questions : profile, goal, economic_stake") in result.stderr


def test_unknown_question_did_you_mean(runner: CliRunner, tmp_path: Path) -> None:
    answers = write(tmp_path / "a.yaml", "profil: company\n")
    result = run(runner, "run", "-a", str(answers), "--no-input")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1].startswith(french("  Conseil : Vouliez-vous dire « profile » ?"))


def test_invalid_value_lists_allowed_values_and_closest(runner: CliRunner, tmp_path: Path) -> None:
    answers = write(tmp_path / "a.yaml", "profile: compagny\n")
    result = run(runner, "run", "-a", str(answers), "--no-input")
    assert result.exit_code == 2
    assert result.stderr == french(
        f"Erreur : {answers}:1: réponse « compagny » invalide pour « profile »\n"
        "  Conseil : Vouliez-vous dire « company » ? Réponses possibles, par libellé ou par identifiant (le début d'un "
        "mot suffit) : « Acteur de la formation » (training_body), « Lycée général ou polyvalent » (lycee), "
        "« Entreprise ou acteur de la vie économique » (company), « Acteur institutionnel » (institution).\n"
    )


def test_bad_set_syntax(runner: CliRunner) -> None:
    result = run(runner, "run", "--set", "profile", "--no-input")
    assert result.exit_code == 2
    assert result.stderr == french(
        "Erreur : --set: --set attend ID=VALEUR, pas « profile »\n  Conseil : par exemple : --set profile=company\n"
    )


def test_answer_file_not_found(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "run", "-a", str(tmp_path / "nope.yaml"), "--no-input")
    assert result.exit_code == 2
    assert result.stderr.startswith(french(f"Erreur : {tmp_path / 'nope.yaml'}: fichier de réponses introuvable\n"))


def test_malformed_yaml_gives_line_and_column(runner: CliRunner, tmp_path: Path) -> None:
    answers = write(tmp_path / "a.yaml", "profile: company\ngoal: [join\n")
    result = run(runner, "run", "-a", str(answers), "--no-input")
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(french(f"Erreur : {answers}:3:1: YAML invalide :"))


def test_answer_file_that_is_not_a_mapping(runner: CliRunner, tmp_path: Path) -> None:
    answers = write(tmp_path / "a.yaml", "- profile\n- company\n")
    result = run(runner, "run", "-a", str(answers), "--no-input")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == french(
        f"Erreur : {answers}:1: un fichier de réponses doit associer des questions à des réponses"
    )


def test_answer_to_a_question_this_path_never_asks_is_a_warning(runner: CliRunner) -> None:
    result = run(
        runner,
        "run",
        "-s",
        "profile=lycee",
        "-s",
        "goal=join",
        "-s",
        "mobility_scope=local",
        "-f",
        "json",
        "--no-input",
    )
    assert result.exit_code == 0
    assert result.stderr == french(
        "Attention : --set mobility_scope : la question « mobility_scope » n'est pas posée sur "
        "ce parcours ; réponse ignorée.\n"
    )
    data = json.loads(result.stdout)
    assert "mobility_scope" not in data["answers"]
    assert data["warnings"]


def test_bad_rule_file_exits_2_with_file_and_line(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    path = rules / "join.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("    verdict: not_eligible\n", "    verdict: nope\n", 1),
        encoding="utf-8",
    )
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "verdict: nope" in text)
    result = run(runner, "--rules", str(rules), "--faq", str(faq), "run", *COMPANY_JOIN, "--no-input")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == french(
        f"Erreur : {path}:{line}: valeur « nope » non permise pour rules.0.verdict"
    )
    assert french("valeurs permises : 'eligible', 'conditional', 'not_eligible' or 'info'.") in result.stderr


# --- formats and outputs --------------------------------------------------------------------------------


def test_text_is_the_default_when_piped(runner: CliRunner) -> None:
    result = run(runner, "run", *COMPANY_JOIN, "--no-input")
    assert result.exit_code == 0
    assert result.stdout.startswith("Assistant d'éligibilité CMQ\n")
    assert "[OK] ÉLIGIBLE\u00a0: Votre démarche correspond" in result.stdout
    assert "\x1b[" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_markdown_format(runner: CliRunner) -> None:
    result = run(runner, "run", *COMPANY_JOIN, "--no-input", "--format", "markdown")
    assert result.stdout.startswith("# Assistant d'éligibilité CMQ\n")
    assert "## Prochaines étapes" in result.stdout
    assert "**Éligible**" in result.stdout


def test_rich_format_says_the_verdict_in_words(runner: CliRunner) -> None:
    result = run(runner, "run", *COMPANY_JOIN, "--no-input", "--format", "rich")
    assert result.exit_code == 0
    assert "ÉLIGIBLE" in result.stdout
    assert "Prochaines étapes" in result.stdout


@pytest.mark.parametrize(
    ("name", "start"),
    [("out.md", "# Assistant"), ("out.html", "<!DOCTYPE html>"), ("out.json", "{"), ("out.txt", "Assistant")],
)
def test_output_picks_the_format_from_the_extension(runner: CliRunner, tmp_path: Path, name: str, start: str) -> None:
    target = tmp_path / name
    result = run(runner, "run", *COMPANY_JOIN, "--no-input", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"Résultat enregistré dans {target}\n"
    assert target.read_text(encoding="utf-8").startswith(start)
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left behind


def test_a_format_that_disagrees_with_the_extension_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    result = run(runner, "run", *COMPANY_JOIN, "--no-input", "--output", str(target), "--format", "json")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == french(
        f"Erreur : --output: --output {target} est un fichier markdown, mais --format demande json"
    )
    assert not target.exists()


@pytest.mark.parametrize("name", ["out.pdf", "out.docx", "résultat.PDF"])
def test_an_extension_it_cannot_write_is_a_usage_error_listing_those_it_can(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    result = run(runner, "run", *COMPANY_JOIN, "--output", str(target))
    assert result.exit_code == 2
    first, hint = result.stderr.splitlines()[:2]
    assert first == french(
        f"Erreur : --output: --output : l'extension « {target.suffix.lower()} » n'est pas un format"
        " que l'assistant sait écrire"
    )
    assert hint == french(
        "  Conseil : extensions possibles : .md, .markdown, .json, .html, .htm, .txt"
        " (sans extension : texte, ou le --format donné)."
    )
    assert not target.exists()


def test_the_format_and_extension_agree(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = run(runner, "run", *COMPANY_JOIN, "--output", str(target), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["verdict"] == "eligible"


def test_output_into_a_missing_folder(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.md"
    result = run(runner, "run", *COMPANY_JOIN, "--no-input", "--output", str(target))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(french(f"Erreur : {target}: impossible d'écrire le fichier"))
    assert not target.parent.exists()


def test_save_answers_then_replay(runner: CliRunner, tmp_path: Path) -> None:
    saved = tmp_path / "mine.yaml"
    first = run(
        runner,
        "run",
        "-s",
        "profile=Lycée général ou polyvalent",
        "-s",
        "goal=join",
        "--no-input",
        "-f",
        "json",
        "--save-answers",
        str(saved),
    )
    assert first.exit_code == 0
    text = saved.read_text(encoding="utf-8")
    assert text == "_version: 2026.11.1\nprofile: lycee\ngoal: join\n"
    replay = run(runner, "run", "-a", str(saved), "--no-input", "-f", "json")
    assert json.loads(replay.stdout) == json.loads(first.stdout)
    assert replay.stderr == ""


def test_replaying_answers_of_another_version_warns(runner: CliRunner, tmp_path: Path) -> None:
    answers = write(tmp_path / "old.yaml", '_version: "2019.1"\nprofile: lycee\ngoal: join\n')
    result = run(runner, "run", "-a", str(answers), "--no-input", "-f", "json")
    assert result.exit_code == 0
    assert result.stderr == french(
        f"Attention : {answers}:1 : réponses faites avec la version 2019.1 des règles "
        "(actuelle : 2026.11.1) ; les questions ont pu changer.\n"
    )


def test_explain_adds_a_trace_to_json(runner: CliRunner) -> None:
    result = run(
        runner,
        "run",
        *COMPANY_OUT_OF_THEME,
        "--no-input",
        "-f",
        "json",
        "--explain",
    )
    data = json.loads(result.stdout)
    matched = [entry["rule"] for entry in data["trace"] if entry["matched"]]
    assert matched == ["company-join-out-of-theme"]
    failed = next(entry for entry in data["trace"] if entry["rule"] == "company-join-in-theme")
    assert failed["held"] is False


def test_explain_in_text_names_the_deciding_rule(runner: CliRunner) -> None:
    result = run(
        runner,
        "run",
        *COMPANY_OUT_OF_THEME,
        "--no-input",
        "--explain",
    )
    assert "Comment ce résultat a été obtenu" in result.stdout
    flat = " ".join(result.stdout.split())
    # In words: the rule's title, its verdict, then the questions and the answers as the person saw them.
    assert (
        "Votre activité ne relève pas de la thématique de ce CMQ (Non éligible, décide du verdict), parce que vous"
        " avez répondu : Qui êtes-vous ? Entreprise ou acteur de la vie économique (association, fondation…) ;"
        " Que souhaitez-vous faire ? Intégrer un CMQ ; Votre activité relève-t-elle de la thématique du CMQ que"
        " vous visez ? Non"
    ) in flat  # split() takes the non-breaking spaces of French for spaces too
    assert "company-join-out-of-theme" not in flat and "activity_in_theme" not in flat


# --- global options -----------------------------------------------------------------------------------------


def test_lang_en(runner: CliRunner) -> None:
    result = run(runner, "--lang", "en", "run", *COMPANY_JOIN, "--no-input", "-f", "json")
    data = json.loads(result.stdout)
    assert data["lang"] == "en"
    assert data["faq"][0]["question"] == "Which economic actors can join a CMQ?"


def test_lang_from_the_environment(runner: CliRunner) -> None:
    result = run(runner, "run", *COMPANY_JOIN, "--no-input", env={"CMQ_WIZARD_LANG": "en"})
    assert "ELIGIBLE" in result.stdout and "Next steps" in result.stdout


def test_rules_and_faq_from_the_environment(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    (rules / "ruleset.yaml").write_text(
        (rules / "ruleset.yaml").read_text(encoding="utf-8").replace("Assistant d'éligibilité CMQ", "Autre région"),
        encoding="utf-8",
    )
    result = run(
        runner, "run", *COMPANY_JOIN, "--no-input", env={"CMQ_WIZARD_RULES": str(rules), "CMQ_WIZARD_FAQ": str(faq)}
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("Autre région\n")


def test_missing_rules_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "--rules", str(tmp_path / "none"), "run", *COMPANY_JOIN, "--no-input")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == french(f"Erreur : {tmp_path / 'none'}: dossier de règles introuvable")


def test_version(runner: CliRunner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout == f"cmq-wizard {__version__}\n"


def test_unknown_option_is_a_usage_error(runner: CliRunner) -> None:
    result = run(runner, "run", "--colour")
    assert result.exit_code == 2
    assert "--colour" in result.output


# --- faq ----------------------------------------------------------------------------------------------------------


def test_faq_list(runner: CliRunner) -> None:
    result = run(runner, "faq", "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 9
    assert lines[0].startswith("propose-cmq ")
    assert lines[0].endswith(french("Je souhaite proposer un CMQ. Que dois-je faire ?"))


def test_faq_show(runner: CliRunner) -> None:
    result = run(runner, "faq", "show", "governance")
    assert result.exit_code == 0
    assert "Un CMQ relève de trois éléments de gouvernance." in result.stdout
    assert french("(Joke) Il n'y a donc pas de cinquième élément ?") in result.stdout  # the source's own marker


def test_faq_show_unknown(runner: CliRunner) -> None:
    result = run(runner, "faq", "show", "gouvernance")
    assert result.exit_code == 2
    assert result.stderr == french(
        "Erreur : faq show: entrée de FAQ inconnue « gouvernance »\n"
        "  Conseil : Vouliez-vous dire « governance » ? « cmq-wizard faq list » donne les "
        "identifiants.\n"
    )


@pytest.mark.parametrize("terms", [["mobilite"], ["MOBILITÉ"], ["Vis", "ma", "vie"]])
def test_faq_search_ignores_case_and_accents(runner: CliRunner, terms: list[str]) -> None:
    result = run(runner, "faq", "search", *terms)
    assert result.exit_code == 0
    assert result.stdout.startswith(french(f"1 entrée(s) pour « {' '.join(terms)} »"))
    assert "mobility" in result.stdout


def test_faq_search_without_match(runner: CliRunner) -> None:
    result = run(runner, "faq", "search", "licorne")
    assert result.exit_code == 0
    assert result.stdout == french("Aucune entrée ne contient « licorne ».\n")


def test_a_missing_key_in_a_rule_file(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    path = rules / "guidance.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: company-project\n")
    line = text[:start].count("\n") + 1
    path.write_text(text.replace("    verdict: info\n", "", 1), encoding="utf-8")
    result = run(runner, "--rules", str(rules), "--faq", str(faq), "run", *COMPANY_JOIN, "--no-input")
    assert result.exit_code == 2
    assert result.stderr == french(
        f"Erreur : {path}:{line}: clé obligatoire « verdict » absente\n  Conseil : ajoutez la clé « verdict ».\n"
    )


def test_a_misspelt_key_is_one_problem_not_two(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    path = rules / "guidance.yaml"
    text = path.read_text(encoding="utf-8").replace("    verdict: info\n", "    verdit: info\n", 1)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    verdit: info") + 1
    result = run(runner, "--rules", str(rules), "--faq", str(faq), "run", *COMPANY_JOIN, "--no-input")
    assert result.exit_code == 2
    assert result.stderr == french(
        f"Erreur : {path}:{line}: clé inconnue « verdit »\n  Conseil : Vouliez-vous dire « verdict » ?\n"
    )
