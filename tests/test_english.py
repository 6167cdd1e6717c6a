"""English (`--lang en`, `CMQ_WIZARD_LANG=en`): every path, every format, every help, the errors.

What a person sees is checked, as they would see it (the CLI, or a subprocess for `--help`,
whose texts are chosen when the program starts). "No French left" is checked by a detector:
French function words, elisions, accented letters and French spacing before `?`/`!`/`;`,
once the French terms kept on purpose (proper nouns, institutions, with their gloss) are
taken out. The detector is itself tested on the French output, so that it cannot pass vacuously.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from cmq_wizard import i18n
from cmq_wizard.answers import Resolver, fold
from cmq_wizard.cli import app
from cmq_wizard.engine import Engine
from cmq_wizard.model import RuleSet
from cmq_wizard.typography import french
from tests.bad_input_cases import choices

ROOT = Path(__file__).resolve().parent.parent

# French terms kept in the English texts on purpose (SPEC §1: proper nouns and institutions,
# glossed where needed). Longest first, so that a long term is taken out before a part of it.
KEPT = [
    r"Campus des Métiers et des Qualifications",
    r"Directeur/trice Opérationnel\(le\)",
    r"Directeurs? Opérationnels?",
    r"Directeurs? de Campus",
    r"Plate-Formes? Technologiques?",
    r"Formation Tout au Long de la Vie",
    r"communautés d'agglomérations",
    r"missions? locales?(?: de l'emploi)?",
    r"Bourgogne[- ]Franche-Comté",
    r"Vis ma Vie",
    r"nous contacter",
    r"quadri-partisme",
    r"Rectorat",
    r"collèges?",
    r"lycées?",
    r"Français",  # the kiosk's language switch names French in French
]
_KEPT = re.compile("|".join(f"(?:{k})" for k in KEPT), re.IGNORECASE)
FRENCH_WORDS = "le la les des du un une est sont pour avec votre vos vous nous et ou au aux dans sur qui que pas ne"
FRENCH_WORDS += " ce cette ces il elle de mais sans leur leurs été peut doit êtes avez souhaitez fichier réponse"
_FRENCH = re.compile(
    r"(?<![\w-])(?:" + "|".join(FRENCH_WORDS.split()) + r")(?![\w-])"  # a French word, standing alone
    r"|(?<![\w-])(?:qu|[cdjlmnst])['’](?=\w)"  # an elision: l'emploi, d'un, qu'il
    r"|[éèêëàâîïôûùüçœÉÈÊÀÂÎÔÛÇŒ«»]",  # accents and French quotation marks
    re.IGNORECASE,
)
# French spacing before ? ! ; (looked for within a line: a verdict sign "?" may start one).
_FRENCH_SPACING = re.compile(r"[^\W\d_)][ \u00a0\u202f][?!;](?=\s|$)", re.MULTILINE)


def french_left(text: str) -> list[str]:
    """What looks French in `text`, once the kept terms are taken out (each with a little context).

    Lines are joined first (a kept term may be wrapped over two lines, or two lines of a box)."""
    unboxed = re.sub(r"[\u2500-\u257f]", " ", text)
    bare = _KEPT.sub(" ", " ".join(unboxed.split()))
    found = [bare[max(0, m.start() - 25) : m.end() + 25] for m in _FRENCH.finditer(bare)]
    return found + [m.group() for m in _FRENCH_SPACING.finditer(_KEPT.sub(" ", unboxed))]


def visible_html(page: str) -> str:
    """The text of an HTML page as a reader sees it: no style sheet, no tags, entities decoded."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def human_texts(result: dict[str, Any]) -> list[str]:
    """The texts of a JSON result meant for people (not its ids, verdicts or language code)."""
    texts: list[str] = []
    for outcome in result["outcomes"]:
        texts += [outcome["title"], outcome["reason"] or "", *outcome["next_steps"]]
    for entry in result["faq"]:
        texts += [entry["question"], entry["answer"], entry["aside"] or ""]
    for contact in result["contacts"]:
        texts += [contact["name"], contact["how"] or ""]
    texts += result["next_steps"] + result.get("warnings", [])
    return [text for text in texts if text]


def sets(path: dict[str, str]) -> list[str]:
    return [arg for qid, cid in path.items() for arg in ("--set", f"{qid}={cid}")]


def invoke(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(app, list(args), env=env)


@pytest.fixture(autouse=True)
def _back_to_french() -> Any:
    yield
    i18n.set_lang("fr")


PATHS = list(Engine(__import__("cmq_wizard.loader").loader.load(ROOT / "rules", ROOT / "faq.yaml")).paths())


def path_id(path: dict[str, str]) -> str:
    return "-".join(path.values())


# --- The detector itself ----------------------------------------------------------------------


def test_the_detector_sees_french_and_lets_english_and_kept_terms_through() -> None:
    assert french_left("Contact the Directeur/trice Opérationnel(le) of the collège, in Bourgogne Franche-Comté.") == []
    kept = "the “Vis ma Vie” exchange; the mission locale de l'emploi; Formation Tout au Long de la Vie"
    assert french_left(kept) == []
    assert french_left("Employers' representatives. Don't worry: Fr or en? Yes!") == []
    assert french_left("sans-serif; un-numbered") == []
    assert len(french_left(french("Qui êtes-vous ?"))) == 3  # "qui", the accent, and the space before "?"
    assert french_left("Contact the director pour the CMQ")  # one French word is enough
    assert french_left("the world of l'emploi")
    assert french_left("le niveau")


@pytest.mark.parametrize("path", PATHS[::7], ids=path_id)
def test_the_detector_finds_french_in_every_french_result(path: dict[str, str]) -> None:
    result = invoke("run", *sets(path), "--no-input", "--format", "text")
    assert result.exit_code == 0, result.output
    assert len(french_left(result.stdout)) > 10


# --- Content: every text has its English --------------------------------------------------------


def test_every_content_text_has_an_english_version(ruleset: RuleSet) -> None:
    texts: list[tuple[str, Any]] = [("ruleset.name", ruleset.meta.name), ("ruleset.title", ruleset.meta.title)]
    texts += [(f"verdict {v}", t.label) for v, t in ruleset.meta.verdicts.items()]
    texts += [(f"verdict {v} summary", t.summary) for v, t in ruleset.meta.verdicts.items()]
    texts += [(f"contact {c.id}", c.name) for c in ruleset.meta.contacts]
    texts += [(f"contact {c.id} how", c.how) for c in ruleset.meta.contacts if c.how]
    for q in ruleset.questions:
        texts += [(f"question {q.id}", q.spec.text)] + [(f"{q.id}={c.id}", c.label) for c in q.spec.choices]
    for r in ruleset.rules:
        texts += [(f"rule {r.id} title", r.spec.title)] + (
            [(f"rule {r.id} reason", r.spec.reason)] if r.spec.reason else []
        )
        texts += [(f"rule {r.id} step {i}", s) for i, s in enumerate(r.spec.next_steps, 1)]
    for e in ruleset.faq.entries:
        texts += [(f"faq {e.id} question", e.question), (f"faq {e.id} answer", e.answer)]
        texts += [(f"faq {e.id} aside", e.aside)] if e.aside else []
    texts.append(("faq source", ruleset.faq.source.title))
    assert [where for where, text in texts if not text.en] == []
    assert {where: french_left(text.en) for where, text in texts if french_left(text.en)} == {}


def test_the_first_question_in_english_reads_who_are_you(ruleset: RuleSet) -> None:
    assert ruleset.questions[0].spec.text.get("en") == "Who are you?"
    assert ruleset.questions[1].spec.text.get("en") == "What would you like to do?"


# --- All 63 paths, in English, in every format ---------------------------------------------------


def test_there_are_63_paths() -> None:
    assert len(PATHS) == 63


@pytest.mark.parametrize("path", PATHS, ids=path_id)
def test_each_path_in_english_has_the_french_verdict_and_no_french_left(path: dict[str, str], ruleset: RuleSet) -> None:
    french = invoke("run", *sets(path), "--no-input", "--format", "json")
    english = invoke("--lang", "en", "run", *sets(path), "--no-input", "--format", "json")
    assert french.exit_code == english.exit_code == 0, english.output
    fr, en = json.loads(french.stdout), json.loads(english.stdout)
    assert (en["lang"], fr["lang"]) == ("en", "fr")
    # The same decision: verdict, rules, FAQ entries, contacts, number of steps.
    assert en["verdict"] == fr["verdict"]
    assert [o["id"] for o in en["outcomes"]] == [o["id"] for o in fr["outcomes"]]
    assert [e["id"] for e in en["faq"]] == [e["id"] for e in fr["faq"]]
    assert [c["id"] for c in en["contacts"]] == [c["id"] for c in fr["contacts"]]
    assert len(en["next_steps"]) == len(fr["next_steps"])
    # Said in English: each text is the rule's or the entry's English text, with no French left.
    for outcome in en["outcomes"]:
        assert outcome["title"] == ruleset.rule_by_id[outcome["id"]].spec.title.en
    for entry in en["faq"]:
        assert entry["answer"] == ruleset.faq_by_id[entry["id"]].answer.en
    assert {t: french_left(t) for t in human_texts(en) if french_left(t)} == {}

    verdict = ruleset.meta.verdicts[en["verdict"]]  # type: ignore[index]
    for fmt in ("text", "markdown", "html"):
        shown = invoke("--lang", "en", "run", *sets(path), "--no-input", "--format", fmt, "--explain")
        assert shown.exit_code == 0, shown.output
        page = visible_html(shown.stdout) if fmt == "html" else shown.stdout
        assert french_left(page) == [], f"{fmt}: French left"
        flat = " ".join(page.split())
        assert verdict.label.en in flat or verdict.label.en.upper() in flat
        assert verdict.summary.en in flat
        if verdict.label.fr != verdict.label.en:
            assert verdict.label.fr not in flat and verdict.label.fr.upper() not in flat
        if fmt == "text":
            for outcome in en["outcomes"]:
                assert outcome["title"] in flat
            for qid, cid in path.items():
                question = ruleset.question_by_id[qid]
                label = next(c.label.en for c in question.spec.choices if c.id == cid)
                assert f"{question.spec.text.en} {label}" in flat


@pytest.mark.parametrize("path", PATHS[::9], ids=path_id)
def test_the_rich_view_in_english_has_no_french(path: dict[str, str], ruleset: RuleSet) -> None:
    from rich.console import Console

    from cmq_wizard.render import rich_, view

    i18n.set_lang("en")
    result = Engine(ruleset).evaluate(path, explain=True)
    out = io.StringIO()
    rich_.render(view.build(result, ruleset, "en", explain=True), Console(file=out, width=100, color_system=None))
    assert "What the FAQ says" in out.getvalue()
    assert french_left(out.getvalue()) == []


def test_the_environment_variable_gives_english_too() -> None:
    path = ["--set", "profile=lycee", "--set", "goal=join", "--no-input", "--format", "text"]
    result = invoke("run", *path, env={"CMQ_WIZARD_LANG": "en"})
    assert result.exit_code == 0
    assert "[OK] ELIGIBLE: What you want to do matches what the FAQ provides for." in result.stdout
    assert french_left(result.stdout) == []
    assert "ÉLIGIBLE" in invoke("run", *path).stdout  # French stays the default


# --- The FAQ commands --------------------------------------------------------------------------


def test_faq_list_show_and_search_in_english(ruleset: RuleSet) -> None:
    listed = invoke("--lang", "en", "faq", "list")
    assert listed.exit_code == 0
    assert re.search(r"^propose-cmq +I would like to propose a CMQ\. What should I do\?$", listed.stdout, re.M)
    assert french_left(listed.stdout) == []
    for entry in ruleset.faq.entries:
        shown = invoke("--lang", "en", "faq", "show", entry.id)
        assert shown.exit_code == 0
        assert french_left(shown.stdout) == [], entry.id
    found = invoke("--lang", "en", "faq", "search", "mobility")
    assert found.stdout.startswith("Matches for 'mobility': 1\n")
    assert french_left(found.stdout) == []
    nothing = invoke("--lang", "en", "faq", "search", "zzz")
    assert nothing.stdout == "No entry contains 'zzz'.\n"


# --- The help of every command ------------------------------------------------------------------


def command_paths() -> list[list[str]]:
    """Every command and subcommand of the program, as the words that call it."""
    found: list[list[str]] = [[]]

    def walk(command: Any, words: list[str]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            found.append([*words, name])
            walk(sub, [*words, name])

    walk(typer.main.get_command(app), [])
    return found


COMMANDS = command_paths()


def help_of(words: list[str], *, flag: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CMQ_WIZARD_")}
    env.update(PYTHONIOENCODING="utf-8", COLUMNS="100")
    args = [sys.executable, "-m", "cmq_wizard"]
    if flag:
        args += ["--lang", "en"]
    else:
        env["CMQ_WIZARD_LANG"] = "en"
    return subprocess.run([*args, *words, "--help"], capture_output=True, text=True, env=env, timeout=60, cwd=ROOT)


def test_every_command_is_found() -> None:
    names = {" ".join(words) for words in COMMANDS}
    assert {"", "run", "faq", "faq list", "faq show", "faq search", "rules"} <= names


@pytest.mark.parametrize("words", COMMANDS, ids=lambda w: " ".join(w) or "cmq-wizard")
@pytest.mark.parametrize("flag", [True, False], ids=["--lang-en", "CMQ_WIZARD_LANG"])
def test_the_help_of_every_command_is_in_english(words: list[str], flag: bool) -> None:
    shown = help_of(words, flag=flag)
    assert shown.returncode == 0, shown.stderr
    assert shown.stderr == ""
    assert "Usage:" in shown.stdout
    assert french_left(shown.stdout) == []


def test_the_help_says_the_catalogue_s_english_and_the_french_is_french() -> None:
    english = help_of(["run"], flag=True).stdout
    flat = " ".join(english.split())
    assert i18n.catalogue()["help.run"]["en"] in flat
    assert i18n.catalogue()["help.no_input"]["en"] in flat
    env = {k: v for k, v in os.environ.items() if not k.startswith("CMQ_WIZARD_")}
    french = subprocess.run(
        [sys.executable, "-m", "cmq_wizard", "run", "--help"], capture_output=True, text=True, env=env, cwd=ROOT
    ).stdout
    assert i18n.catalogue()["help.run"]["fr"] in " ".join(french.split())
    assert french_left(french)  # the detector would see French here


# --- Errors in English ----------------------------------------------------------------------------


def error_of(tmp_path: Path, content: str, *extra: str, env: dict[str, str] | None = None) -> tuple[str, Path]:
    answers = tmp_path / "answers.yaml"
    answers.write_text(content, encoding="utf-8")
    args = ["run", "--answers", str(answers), "--no-input", "--format", "json", *extra]
    result = invoke(*(args if env else ["--lang", "en", *args]), env=env)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert french_left(result.stderr) == [], result.stderr
    return result.stderr, answers


def test_a_bad_answer_value_is_explained_in_english(tmp_path: Path) -> None:
    stderr, path = error_of(tmp_path, "profile: company\ngoal: jion\n")
    assert stderr == (
        f"Error: {path}:2: invalid answer 'jion' for 'goal'\n"
        "  Hint: Did you mean 'join'? " + choices("goal", "en") + "\n"
    )


def test_an_unknown_question_is_explained_in_english_with_the_environment_variable(tmp_path: Path) -> None:
    stderr, path = error_of(tmp_path, "profil: company\n", env={"CMQ_WIZARD_LANG": "en"})
    assert stderr.startswith(f"Error: {path}:1: unknown question 'profil'\n  Hint: Did you mean 'profile'? Questions: ")


def test_a_missing_answer_is_explained_in_english(tmp_path: Path) -> None:
    stderr, _ = error_of(tmp_path, "profile: company\n")
    assert stderr.startswith("Error: ")
    assert "question 'goal' (What would you like to do?)" in stderr
    assert "\n  Hint: " in stderr
    assert choices("goal", "en") in stderr


def test_broken_yaml_and_a_missing_file_are_explained_in_english(tmp_path: Path) -> None:
    stderr, path = error_of(tmp_path, "profile: [company\n")
    assert stderr.startswith(f"Error: {path}")
    assert "invalid YAML" in stderr
    assert "  Hint: fix the syntax there (indentation, colons, quotes).\n" in stderr
    missing = invoke("--lang", "en", "run", "--answers", str(tmp_path / "nope.yaml"), "--no-input")
    assert missing.exit_code == 2
    assert missing.stderr == f"Error: {tmp_path / 'nope.yaml'}: answer file not found\n  Hint: check the path given.\n"


def test_the_same_error_in_french_is_in_french(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("profile: company\ngoal: jion\n", encoding="utf-8")
    result = invoke("run", "--answers", str(answers), "--no-input")
    assert result.stderr.startswith(
        french(f"Erreur : {answers}:2: réponse « jion » invalide pour « goal »\n  Conseil : ")
    )


# --- Answer files accept labels in either language, whatever --lang says ----------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_label_in_either_language_names_its_choice(ruleset: RuleSet, lang: str) -> None:
    i18n.set_lang(lang)
    resolver = Resolver(ruleset)
    checked = 0
    for question in ruleset.questions:
        for choice in question.spec.choices:
            assert choice.label.en is not None
            for label in (choice.label.fr, choice.label.en):
                for typed in (label, label.upper(), fold(label)):  # as written, shouted, no accents
                    assert resolver.choice_id(question, typed) == choice.id, (question.id, typed)
                    checked += 1
    assert checked == 6 * sum(len(q.spec.choices) for q in ruleset.questions)


ANSWERS_FR = "profile: Entreprise ou acteur de la vie économique (association, fondation…)\ngoal: integrer un cmq\n"
ANSWERS_EN = "profile: Company or economic actor (association, foundation…)\ngoal: JOIN A CMQ\nactivity_in_theme: Yes\n"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_answer_file_in_french_or_english_works_in_either_language(tmp_path: Path, lang: str) -> None:
    french = tmp_path / "fr.yaml"
    french.write_text(ANSWERS_FR + "activity_in_theme: Je ne sais pas\n", encoding="utf-8")
    english = tmp_path / "en.yaml"
    english.write_text(ANSWERS_EN, encoding="utf-8")
    for path, verdict in ((french, "conditional"), (english, "eligible")):
        result = invoke("--lang", lang, "run", "--answers", str(path), "--no-input", "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["answers"]["goal"] == "join"
        assert data["answers"]["profile"] == "company"
        assert (data["verdict"], data["lang"]) == (verdict, lang)


def test_set_takes_a_label_in_the_other_language() -> None:
    result = invoke(
        "--lang", "en", "run", "--set", "profile=Lycée général ou polyvalent", "--set", "goal=Intégrer un CMQ",
        "--no-input", "--format", "text",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Who are you? General or multi-purpose lycée (upper secondary school)" in result.stdout


# --- The other commands' output ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["rules", "check"],
        ["rules", "table"],
        ["rules", "table", "--format", "json"],
        ["rules", "graph"],
        ["rules", "graph", "--format", "dot"],
    ],
    ids=" ".join,
)
def test_rules_commands_in_english_have_no_french(args: list[str]) -> None:
    result = invoke("--lang", "en", *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    assert french_left(result.stdout) == []


def test_rules_check_says_clean_in_english() -> None:
    result = invoke("--lang", "en", "rules", "check")
    assert result.stdout.startswith("No problems: 63 paths, ")


def test_batch_in_english_gives_english_results() -> None:
    lines = "\n".join(json.dumps(path) for path in PATHS) + "\n"
    result = CliRunner().invoke(app, ["--lang", "en", "batch", "-"], input=lines)
    assert result.exit_code == 0, result.output
    results = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(results) == 63
    assert {r["lang"] for r in results} == {"en"}
    assert {t: french_left(t) for r in results for t in human_texts(r) if french_left(t)} == {}
    assert french_left(result.stderr) == []
