"""`cmq-wizard rules check`: a copy of the shipped rules, broken in each way, gives the exact
message with its file:line, the id concerned and a hint; and the right exit code.

Expected lines are found in the broken files themselves (`line_of`), so that each assertion
names the line a person would open, independently of the loader's bookkeeping.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cmq_wizard import lint
from cmq_wizard.cli import app
from cmq_wizard.engine import Engine
from cmq_wizard.loader import load
from cmq_wizard.typography import french
from tests.bad_input_cases import choices

ROOT = Path(__file__).resolve().parent.parent


def check(runner: CliRunner, rules: Path, faq: Path, *extra: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [*extra, "--rules", str(rules), "--faq", str(faq), "rules", "check"])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not found exactly once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, text: str, after: str | None = None) -> int:
    """The 1-based line of the first line holding `text` (after the first line holding `after`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    if after is not None:
        start = next(i for i, line in enumerate(lines) if after in line) + 1
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


def drop_rule(path: Path, rule_id: str) -> None:
    """Remove one rule (its whole YAML item) from a rule file."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"  - id: {re.escape(rule_id)}\n.*?(?=\n  - id: |\n  # |\Z)", re.S)
    assert len(pattern.findall(text)) == 1
    path.write_text(pattern.sub("", text), encoding="utf-8")


# --- the shipped rule set ----------------------------------------------------------------------------


def test_the_shipped_rules_are_clean_with_no_warning(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules", "check"])
    assert result.exit_code == 0
    assert result.stdout == french("Aucun problème : 63 parcours, 22 règles, 9 questions, 9 entrées de FAQ.\n")


def test_clean_in_english(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--lang", "en", "rules", "check"])
    assert result.exit_code == 0
    assert result.stdout == "No problems: 63 paths, 22 rules, 9 questions, 9 FAQ entries.\n"


def test_clean_as_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules", "check", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "ok": True,
        "errors": 0,
        "warnings": 0,
        "paths": 63,
        "rules": 22,
        "questions": 9,
        "problems": [],
    }


def test_walk_agrees_with_the_engine_on_every_path() -> None:
    ruleset = load(ROOT / "rules", ROOT / "faq.yaml")
    engine = Engine(ruleset)
    walked = lint.walk(ruleset)
    assert [p.answers for p in walked] == list(engine.paths())
    for path in walked:
        result = engine.evaluate(path.answers)
        assert path.outcome_ids == [r.id for r in result.outcomes]
        assert path.verdict == result.verdict


# --- schema errors, duplicates and references (found by the loader, reported by check) --------------


def test_unknown_key_with_did_you_mean(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    join = rules / "join.yaml"
    edit(join, "    title:\n      fr: Le niveau de vos", "    titel:\n      fr: Le niveau de vos")
    result = check(runner, rules, faq)
    assert result.exit_code == 1
    assert result.stdout == french(
        f"{join}:{line_of(join, 'titel:')}: erreur [training-join-below-college] clé inconnue « titel »\n"
        "    Conseil : Vouliez-vous dire « title » ?\n"
        "1 erreur(s), 0 avertissement(s).\n"
    )


def test_wrong_value_type(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    propose = rules / "propose.yaml"
    edit(propose, "    verdict: not_eligible\n    title:", "    verdict: maybe\n    title:")
    result = check(runner, rules, faq)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        french(
            f"{propose}:{line_of(propose, 'verdict: maybe')}: erreur [propose-local-stake] "
            "valeur « maybe » non permise pour rules.1.verdict"
        ),
        french("    Conseil : valeurs permises : 'eligible', 'conditional', 'not_eligible' or 'info'."),
    ]


def test_duplicate_rule_id_names_both_places(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    guidance = rules / "guidance.yaml"
    edit(guidance, "  - id: lifelong-learning\n", "  - id: mobility\n")
    result = check(runner, rules, faq)
    assert result.exit_code == 1
    first = f"{guidance}:{line_of(guidance, '- id: mobility')}"
    second = line_of(guidance, "- id: mobility", after="- id: mobility-local-exchange")
    assert result.stdout.splitlines()[:2] == [
        french(f"{guidance}:{second}: erreur [mobility] règle « mobility » en double (déjà dans {first})"),
        french("    Conseil : chaque identifiant doit être unique : renommez l'un des deux."),
    ]


def test_duplicate_yaml_key(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    guidance = rules / "guidance.yaml"
    edit(
        guidance,
        "    when: {goal: lifelong_learning}\n",
        "    when: {goal: lifelong_learning}\n    when: {goal: join}\n",
    )
    result = check(runner, rules, faq)
    assert result.exit_code == 1
    first = line_of(guidance, "when: {goal: lifelong_learning}")
    assert result.stdout == french(
        f"{guidance}:{first + 1}: erreur clé « when » en double (déjà à la ligne {first})\n"
        "    Conseil : gardez une seule de ces deux clés.\n"
        "1 erreur(s), 0 avertissement(s).\n"
    )


def test_unknown_question_in_a_condition(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    join = rules / "join.yaml"
    edit(join, "when: {goal: join, profile: lycee}", "when: {goal: join, profil: lycee}")
    result = check(runner, rules, faq)
    assert result.exit_code == 1
    assert result.stdout == french(
        f"{join}:{line_of(join, 'profil: lycee')}: erreur [lycee-join] question inconnue « profil »\n"
        "    Conseil : Vouliez-vous dire « profile » ?\n"
        "1 erreur(s), 0 avertissement(s).\n"
    )


def test_unknown_choice_in_a_condition(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    join = rules / "join.yaml"
    edit(
        join,
        'when: {goal: join, profile: company, activity_in_theme: "no"}',
        'when: {goal: join, profile: company, activity_in_theme: "non"}',
    )
    result = check(runner, rules, faq)
    assert result.exit_code == 1
    line = line_of(join, 'activity_in_theme: "non"')
    assert result.stdout == french(
        f"{join}:{line}: erreur [company-join-out-of-theme] "
        "choix inconnu « non » pour la question « activity_in_theme »\n"
        "    Conseil : Vouliez-vous dire « no » ?\n"
        "1 erreur(s), 0 avertissement(s).\n"
    )


def test_unknown_faq_entry(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    guidance = rules / "guidance.yaml"
    edit(guidance, "faq: [lifelong-learning]", "faq: [lifelong-learnin]")
    result = check(runner, rules, faq)
    assert result.exit_code == 1
    assert result.stdout == french(
        f"{guidance}:{line_of(guidance, 'lifelong-learnin]')}: erreur [lifelong-learning] "
        "entrée de FAQ inconnue « lifelong-learnin »\n"
        "    Conseil : Vouliez-vous dire « lifelong-learning » ?\n"
        "1 erreur(s), 0 avertissement(s).\n"
    )


# --- paths -------------------------------------------------------------------------------------------


def test_a_path_no_rule_answers_is_printed_as_its_answers(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    drop_rule(rules / "join.yaml", "company-join-theme-unsure")
    result = check(runner, rules, faq)
    assert result.exit_code == 1
    questions = rules / "questions.yaml"
    unsure = line_of(questions, "- id: unsure", after="- id: activity_in_theme")
    assert result.stdout == french(
        f"{questions}:{unsure}: erreur [activity_in_theme=unsure] aucune règle ne couvre le parcours "
        "profile=company, goal=join, activity_in_theme=unsure\n"
        "    Conseil : ajoutez une règle dont la condition « when » couvre ces réponses, ou élargissez-en une.\n"
        "1 erreur(s), 0 avertissement(s).\n"
    )


NEW_RULE = """
  - id: propose-primary
    when: {goal: propose, learner_level: primary}
    verdict: info
    title: {fr: Jamais, en: Never, from: interface}
"""


def test_unreachable_rule_and_rule_without_example(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    propose = rules / "propose.yaml"
    propose.write_text(propose.read_text(encoding="utf-8") + NEW_RULE, encoding="utf-8")
    result = check(runner, rules, faq)
    assert result.exit_code == 1
    where = f"{propose}:{line_of(propose, '- id: propose-primary')}"
    assert result.stdout == french(
        f"{where}: erreur [propose-primary] la règle « propose-primary » ne s'applique sur aucun parcours possible\n"
        "    Conseil : vérifiez les choix que nomme sa condition « when » et les conditions ask_when des questions "
        "qu'elle lit (« cmq-wizard rules table » liste chaque parcours).\n"
        f"{where}: avertissement [propose-primary] aucun exemple ne fait intervenir la règle « propose-primary »\n"
        "    Conseil : ajoutez sous « examples: » des réponses où elle s'applique, avec le verdict et les résultats "
        "attendus.\n"
        "1 erreur(s), 1 avertissement(s).\n"
    )


def test_faq_entry_that_no_path_shows(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    guidance = rules / "guidance.yaml"
    edit(guidance, "faq: [lifelong-learning]", "faq: [governance]")
    # Its texts now come from the entry the rule shows (else each would be reported as well).
    guidance.write_text(
        guidance.read_text(encoding="utf-8").replace("from: [lifelong-learning]", "from: [governance]"), "utf-8"
    )
    result = check(runner, rules, faq)
    assert result.exit_code == 1
    assert result.stdout == french(
        f"{faq}:{line_of(faq, '- id: lifelong-learning')}: erreur [lifelong-learning] "
        "l'entrée de FAQ « lifelong-learning » n'est montrée sur aucun parcours\n"
        "    Conseil : citez-la dans la liste « faq » d'une règle qui s'applique, ou retirez-la.\n"
        "1 erreur(s), 0 avertissement(s).\n"
    )


UNUSED_QUESTION = """
  - id: favourite_colour
    ask_when: {goal: lifelong_learning}
    text: {fr: Votre couleur préférée ?, en: Your favourite colour?}
    choices:
      - id: red
        label: {fr: Rouge, en: Red}
      - id: blue
        label: {fr: Bleu, en: Blue}
"""


def test_a_question_whose_choices_no_rule_tells_apart(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    questions = rules / "questions.yaml"
    questions.write_text(questions.read_text(encoding="utf-8") + UNUSED_QUESTION, encoding="utf-8")
    edit(
        rules / "guidance.yaml",
        "{profile: institution, goal: lifelong_learning}",
        "{profile: institution, goal: lifelong_learning, favourite_colour: red}",
    )
    result = check(runner, rules, faq)
    assert result.exit_code == 0  # a warning alone keeps exit 0
    assert result.stdout == french(
        f"{questions}:{line_of(questions, '- id: favourite_colour')}: avertissement [favourite_colour] "
        "aucune règle ne distingue les choix de la question « favourite_colour » : chaque choix donne les mêmes "
        "résultats sur chaque parcours\n"
        "    Conseil : faites dépendre une règle (ou une question) de cette réponse, ou retirez la question.\n"
        "0 erreur(s), 1 avertissement(s).\n"
    )


def test_choices_merged_on_purpose_are_not_reported() -> None:
    """learner_level: four of its five choices lead to the same rule, on purpose; `primary` differs."""
    report = lint.check(ROOT / "rules", ROOT / "faq.yaml")
    assert report.problems == []
    assert report.paths is not None
    levels = {p.answers["learner_level"]: tuple(p.outcome_ids) for p in report.paths if "learner_level" in p.answers}
    assert len(set(levels.values())) == 3


def test_a_rule_with_no_necessary_test_is_still_found(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    edit(
        rules / "guidance.yaml",
        "    when: {goal: mobility}\n",
        "    when: {any: [{goal: mobility}, {not: {profile: [lycee, company, institution, training_body]}}]}\n",
    )
    result = check(runner, rules, faq)
    assert result.exit_code == 0
    assert result.stdout == french("Aucun problème : 63 parcours, 22 règles, 9 questions, 9 entrées de FAQ.\n")


# --- ask_when order -----------------------------------------------------------------------------------


def test_ask_when_that_depends_on_itself(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    questions = rules / "questions.yaml"
    edit(questions, "ask_when: {goal: mobility}", "ask_when: {goal: mobility, mobility_scope: local}")
    result = check(runner, rules, faq)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        french(
            f"{questions}:{line_of(questions, 'mobility_scope: local}')}: erreur [mobility_scope] "
            "la condition ask_when de la question « mobility_scope » dépend d'elle-même"
        ),
        french("    Conseil : une condition ask_when ne peut lire que des questions posées avant celle-ci."),
    ]


def test_ask_when_that_depends_on_a_later_question(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    questions = rules / "questions.yaml"
    edit(questions, "ask_when: {goal: propose}", "ask_when: {goal: propose, governance_role: member}")
    result = check(runner, rules, faq)
    assert result.exit_code == 1
    later = line_of(questions, "- id: governance_role")
    assert result.stdout.splitlines()[:2] == [
        french(
            f"{questions}:{line_of(questions, 'governance_role: member}')}: erreur [economic_stake] "
            "la condition ask_when de la question « economic_stake » dépend de « governance_role », "
            f"posée après elle ({questions}:{later})"
        ),
        french(
            "    Conseil : placez « governance_role » avant « economic_stake » dans questions.yaml, "
            "ou faites dépendre « economic_stake » de questions posées avant elle."
        ),
    ]


def test_ask_when_cycle(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    questions = rules / "questions.yaml"
    edit(questions, "ask_when: {goal: propose}", "ask_when: {goal: propose, mobility_scope: local}")
    edit(questions, "ask_when: {goal: mobility}", "ask_when: {goal: mobility, economic_stake: local}")
    result = check(runner, rules, faq)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        french(
            f"{questions}:{line_of(questions, 'mobility_scope: local}')}: erreur [economic_stake] "
            "cycle de conditions ask_when : economic_stake → mobility_scope → economic_stake"
        ),
        french("    Conseil : une question ne peut dépendre que de questions posées avant elle : rompez le cycle."),
    ]
    # The cycle is said once: not again as a dependency on a later question.
    assert "posée après elle" not in result.stdout


# --- examples ------------------------------------------------------------------------------------------


def test_example_with_the_wrong_verdict(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    propose = rules / "propose.yaml"
    edit(
        propose,
        "economic_stake: local}\n        verdict: not_eligible",
        "economic_stake: local}\n        verdict: eligible",
    )
    result = check(runner, rules, faq)
    assert result.exit_code == 1
    line = line_of(propose, "verdict: eligible", after="economic_stake: local}")
    assert result.stdout == french(
        f"{propose}:{line}: erreur [propose-local-stake] exemple 1 de la règle « propose-local-stake » : "
        "verdict attendu eligible, les règles donnent not_eligible\n"
        "    Conseil : corrigez l'exemple ou les règles ; « cmq-wizard run --set profile=training_body "
        "--set goal=propose --set economic_stake=local --explain » montre quelles règles s'appliquent et pourquoi.\n"
        "1 erreur(s), 0 avertissement(s).\n"
    )


def test_example_with_the_wrong_outcomes(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    join = rules / "join.yaml"
    edit(
        join,
        "outcomes: [training-join-any-status, training-join-early-college]",
        "outcomes: [training-join-any-status]",
    )
    result = check(runner, rules, faq)
    assert result.exit_code == 1
    line = line_of(join, "outcomes: [training-join-any-status]", after="- id: training-join-early-college")
    assert result.stdout.splitlines()[0] == french(
        f"{join}:{line}: erreur [training-join-early-college] exemple 1 de la règle « training-join-early-college » : "
        "résultats attendus [training-join-any-status], les règles donnent "
        "[training-join-any-status, training-join-early-college]"
    )


def test_example_that_stops_before_a_question(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    propose = rules / "propose.yaml"
    edit(propose, "{profile: lycee, goal: propose, economic_stake: unsure}", "{profile: lycee, goal: propose}")
    result = check(runner, rules, faq)
    assert result.exit_code == 1
    line = line_of(propose, "- answers: {profile: lycee, goal: propose}")
    assert result.stdout == french(
        f"{propose}:{line}: erreur [propose-unsure-stake] l'exemple 1 de la règle « propose-unsure-stake » "
        "s'arrête avant la question « economic_stake »\n"
        "    Conseil : ajoutez une réponse à « economic_stake » ; choix : regional, national, local, unsure.\n"
        # Its only example no longer runs, so nothing exercises the rule any more.
        f"{propose}:{line_of(propose, '- id: propose-unsure-stake')}: avertissement [propose-unsure-stake] "
        "aucun exemple ne fait intervenir la règle « propose-unsure-stake »\n"
        "    Conseil : ajoutez sous « examples: » des réponses où elle s'applique, avec le verdict et les résultats "
        "attendus.\n"
        "1 erreur(s), 1 avertissement(s).\n"
    )


def test_example_with_an_unknown_answer(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    propose = rules / "propose.yaml"
    edit(
        propose,
        "{profile: lycee, goal: propose, economic_stake: unsure}",
        "{profile: lycee, goal: propose, economic_stake: unsrue}",
    )
    result = check(runner, rules, faq)
    assert result.exit_code == 1
    line = line_of(propose, "economic_stake: unsrue}")
    assert result.stdout.splitlines()[:2] == [
        french(f"{propose}:{line}: erreur [propose-unsure-stake] réponse « unsrue » invalide pour « economic_stake »"),
        french("    Conseil : Vouliez-vous dire « unsure » ? " + choices("economic_stake")),
    ]


def test_a_rule_no_example_exercises_is_a_warning(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    guidance = rules / "guidance.yaml"
    edit(
        guidance,
        "    examples:\n"
        "      - answers: {profile: institution, goal: governance, governance_role: state_region_social_partner}\n"
        "        verdict: info\n        outcomes: [governance-quadripartite]\n",
        "",
    )
    result = check(runner, rules, faq)
    assert result.exit_code == 0
    assert result.stdout == french(
        f"{guidance}:{line_of(guidance, '- id: governance-quadripartite')}: avertissement [governance-quadripartite] "
        "aucun exemple ne fait intervenir la règle « governance-quadripartite »\n"
        "    Conseil : ajoutez sous « examples: » des réponses où elle s'applique, avec le verdict et les résultats "
        "attendus.\n"
        "0 erreur(s), 1 avertissement(s).\n"
    )


# --- English texts -------------------------------------------------------------------------------------------


def test_missing_english_texts_are_warnings(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    questions = rules / "questions.yaml"
    edit(questions, 'text: {fr: "Qui êtes-vous ?", en: "Who are you?"}', 'text: {fr: "Qui êtes-vous ?"}')
    edit(faq, "      en: Which training actors can join a CMQ?\n", "")
    edit(rules / "ruleset.yaml", "label: {fr: Éligible, en: Eligible}", "label: Éligible")
    result = check(runner, rules, faq, "--lang", "en")
    assert result.exit_code == 0
    profile_line = line_of(questions, 'text: {fr: "Qui')
    hint = "    Hint: add an 'en:' line beside 'fr:' (this rule set offers English: languages in ruleset.yaml)."
    ruleset = rules / "ruleset.yaml"
    assert result.stdout == (
        f"{ruleset}:{line_of(ruleset, 'label: Éligible')}: warning [eligible] verdict 'eligible': "
        "no English text for 'label'\n"
        f"{hint}\n"
        f"{questions}:{profile_line}: warning [profile] question 'profile': "
        "no English text for 'text'\n"
        f"{hint}\n"
        f"{faq}:{line_of(faq, 'question:', after='- id: training-actors')}: warning [training-actors] "
        "FAQ entry 'training-actors': no English text for 'question'\n"
        f"{hint}\n"
        "0 error(s), 3 warning(s).\n"
    )


def test_french_only_rule_set_needs_no_english(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    edit(rules / "ruleset.yaml", "languages: [fr, en]", "languages: [fr]")
    edit(rules / "questions.yaml", 'text: {fr: "Qui êtes-vous ?", en: "Who are you?"}', 'text: {fr: "Qui êtes-vous ?"}')
    result = check(runner, rules, faq)
    assert result.exit_code == 0
    assert result.stdout.startswith("Aucun problème")


# --- output for CI -----------------------------------------------------------------------------------------------


def test_problems_as_json(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    guidance = rules / "guidance.yaml"
    edit(guidance, "faq: [lifelong-learning]", "faq: [lifelong-learnin]")
    result = runner.invoke(app, ["--rules", str(rules), "--faq", str(faq), "rules", "check", "-f", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data == {
        "ok": False,
        "errors": 1,
        "warnings": 0,
        "paths": None,
        "rules": None,
        "questions": None,
        "problems": [
            {
                "severity": "error",
                "where": f"{guidance}:{line_of(guidance, 'lifelong-learnin]')}",
                "subject": "lifelong-learning",
                "message": "entrée de FAQ inconnue « lifelong-learnin »",
                "hint": "Vouliez-vous dire « lifelong-learning » ?",
            }
        ],
    }


def test_a_missing_rules_folder_is_a_problem_found(runner: CliRunner, tmp_path: Path) -> None:
    result = check(runner, tmp_path / "nowhere", ROOT / "faq.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{tmp_path / 'nowhere'}: erreur dossier de règles introuvable"


@pytest.mark.parametrize("command", ["graph", "table"])
def test_graph_and_table_refuse_a_broken_rule_set_with_exit_2(
    runner: CliRunner, content_copy: tuple[Path, Path], command: str
) -> None:
    rules, faq = content_copy
    guidance = rules / "guidance.yaml"
    edit(guidance, "faq: [lifelong-learning]", "faq: [lifelong-learnin]")
    result = runner.invoke(app, ["--rules", str(rules), "--faq", str(faq), "rules", command])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == french(
        f"Erreur : {guidance}:{line_of(guidance, 'lifelong-learnin]')}: entrée de FAQ inconnue « lifelong-learnin »"
    )
