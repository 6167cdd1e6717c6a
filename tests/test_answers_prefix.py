"""Forgiving answers: a unique prefix of a label, or of one of its words, names its choice, in
`--set`, in answer files and in batch; a prefix that fits several choices is refused with the list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cmq_wizard import i18n
from cmq_wizard.answers import Given, Resolver
from cmq_wizard.cli import app
from cmq_wizard.errors import UserError
from cmq_wizard.model import RuleSet
from cmq_wizard.typography import french
from tests.bad_input_cases import choices

# (question, as typed, the choice it names)
NAMED = [
    ("profile", "entreprise", "company"),  # the first word of the French label
    ("profile", "Entr", "company"),  # a prefix of it, any case
    ("profile", "ÉCONOMIQUE", "company"),  # a later word, accents added
    ("profile", "vie econ", "company"),  # the start of a later run of words
    ("profile", "institutionnel", "institution"),  # the second word of « Acteur institutionnel »
    ("profile", "lyc", "lycee"),  # the start of a label beats a later word (« … (lycée professionnel »)
    ("profile", "training", "training_body"),  # the first word of the English label, and of the id
    ("goal", "integrer", "join"),  # the first word, without its accent
    ("goal", "gouv", "governance"),
    ("goal", "lifelong", "lifelong_learning"),
    ("activity_in_theme", "oui", "yes"),
    ("activity_in_theme", "je ne sais", "unsure"),
    ("mobility_scope", "inter", "international"),
]


@pytest.mark.parametrize(("qid", "typed", "choice"), NAMED)
def test_a_unique_prefix_names_its_choice(ruleset: RuleSet, qid: str, typed: str, choice: str) -> None:
    resolver = Resolver(ruleset)
    assert resolver.choice_id(ruleset.question_by_id[qid], typed) == choice


def test_an_exact_id_or_label_comes_before_any_prefix(ruleset: RuleSet) -> None:
    """« ne » is a word of « Je ne sais pas » (unsure), but « n » and « no » start « Non » / « No »."""
    resolver = Resolver(ruleset)
    theme = ruleset.question_by_id["activity_in_theme"]
    assert resolver.choice_id(theme, "no") == "no"
    assert resolver.choice_id(theme, "n") == "no"
    assert resolver.choice_id(theme, "ne") == "unsure"
    # « nation » starts National only: a word is matched from its start, never from its middle.
    scope = ruleset.question_by_id["mobility_scope"]
    assert resolver.choice_id(scope, "nation") == "national"


def test_an_ambiguous_prefix_names_no_choice(ruleset: RuleSet) -> None:
    resolver = Resolver(ruleset)
    profile = ruleset.question_by_id["profile"]
    match = resolver.match(profile, "acteur")
    assert match.choice is None
    # Two labels start with « Acteur »; the company's has it later on, and a label's start comes first.
    assert match.candidates == ("training_body", "institution")
    assert resolver.match(profile, "de").candidates == ("training_body", "company", "institution")
    assert resolver.choice_id(profile, "") is None
    assert resolver.match(profile, "zzz").candidates == ()


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_set_with_the_first_word_of_a_french_label(runner: CliRunner) -> None:
    code, out, err = run(
        runner, "run", "--set", "profile=entreprise", "--set", "goal=intégrer", "--set", "activity_in_theme=oui",
        "--no-input", "--format", "json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert json.loads(out)["answers"] == {"profile": "company", "goal": "join", "activity_in_theme": "yes"}


def test_an_answer_file_with_prefixes_and_words(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("profile: Lycée\ngoal: proposer\neconomic_stake: régional\n", encoding="utf-8")
    code, out, err = run(runner, "run", "--answers", str(path), "--no-input", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["answers"] == {"profile": "lycee", "goal": "propose", "economic_stake": "regional"}


def test_batch_records_with_prefixes(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    records = [
        {"profile": "entreprise", "goal": "intégrer", "activity_in_theme": "oui"},
        {"profile": "company", "goal": "join", "activity_in_theme": "yes"},
        {"profile": "acteur", "goal": "join"},
        {"profile": "entreprise", "goal": "intégrer", "activity_in_theme": "oui"},  # a second time: the cache
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    _, out, _ = run(runner, "batch", str(path))  # one record is refused: its error is on its line
    got = [json.loads(line) for line in out.splitlines()]
    assert got[0]["answers"] == got[1]["answers"] == got[3]["answers"]
    assert got[0]["verdict"] == got[1]["verdict"] == got[3]["verdict"]
    assert got[2]["error"].startswith("« acteur » peut désigner plusieurs réponses à « profile » : ")
    assert got[2]["hint"] == "ajoutez quelques lettres, ou donnez l'identifiant."
    csv = tmp_path / "in.csv"
    csv.write_text("profile,goal,activity_in_theme\nEntreprise,Intégrer,Oui\n", encoding="utf-8")
    code, out, err = run(runner, "batch", str(csv))
    assert (code, err) == (0, french("1 enregistrement(s) : Éligible : 1 ; 0 erreur(s).\n"))
    assert json.loads(out.splitlines()[0])["answers"] == got[1]["answers"]


def test_an_ambiguous_prefix_is_an_error_listing_the_candidates(runner: CliRunner) -> None:
    code, out, err = run(runner, "run", "--set", "profile=acteur", "--no-input")
    assert code == 2
    assert out == ""
    assert err == french(
        "Erreur : --set profile: « acteur » peut désigner plusieurs réponses à « profile » : "
        "« Acteur de la formation » (training_body) ou « Acteur institutionnel » (institution)\n"
        "  Conseil : ajoutez quelques lettres, ou donnez l'identifiant.\n"
    )


def test_an_ambiguous_prefix_in_an_answer_file_in_english(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("profile: company\ngoal: pro\n", encoding="utf-8")
    code, out, err = run(runner, "--lang", "en", "run", "--answers", str(path), "--no-input")
    assert (code, out) == (2, "")
    assert err == (
        f"Error: {path}:2: 'pro' may mean several answers to 'goal': 'Propose a CMQ' (propose) or "
        "'Project with a company involving pupils' (project)\n"
        "  Hint: add a few letters, or give the id.\n"
    )


def test_an_unknown_answer_lists_labels_and_ids_in_the_language_shown(ruleset: RuleSet) -> None:
    resolver = Resolver(ruleset)
    for lang in ("fr", "en"):
        i18n.set_lang(lang)
        with pytest.raises(UserError) as caught:
            resolver.resolve(Given(values={"goal": "xyz"}, where={"goal": "--set goal"}))
        assert caught.value.hint == choices("goal", lang)
    i18n.set_lang("fr")
