"""The command line's own words (help pages, usage errors) in the language shown, and nothing else.

Every command and subcommand, in French and in English: its `--help` at 80 columns, and its
usage errors (an unknown option, a missing argument, a bad choice). Each fails on a word of the
other language's interface, and on a Python type name or a placeholder in braces. Then the
global options after the command (`run --lang en`, `run --rules DIR`, `faq --lang en list`).
Run in subprocesses: the help texts are read once, when the program starts, in its language.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from cmq_wizard import i18n
from cmq_wizard.cli import app
from cmq_wizard.typography import french
from tests.test_english import COMMANDS, french_left

ROOT = Path(__file__).resolve().parent.parent

# Words of click's and typer's English interface, and our English metavars: none in French mode.
ENGLISH_WORDS = [
    "Usage", "Error", "Hint", "Show", "this", "message", "exit", "required", "default", "env var", "Commands",
    "Install", "Try", "No such", "Missing", "Invalid", "Did you mean", "Possible", "unexpected", "Aborted", "Value",
    "FILE", "VALUE", "FOLDER", "SECONDS", "COMMAND", "ARGS", "WORD", "INPUT", "the", "and", "for", "is", "not", "of",
    "to", "an", "one", "or", "with", "current", "commands", "value",
]  # fmt: skip
_ENGLISH = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in ENGLISH_WORDS) + r")(?![\w-])")
# Python types and typer's placeholders: <str>, <list[str]>, <path>, {FILE}, {terms}.
_PYTHON = re.compile(r"<[a-z_]+(?:\[[a-z_]+\])?>|\blist\[|\{[A-Za-z_]+\}|\b(?:str|int|float|bool|Path)\b")
PRODUCT = "Campus des Métiers et des Qualifications"


def english_left(text: str) -> list[str]:
    """The English words of `text` (option names, env var names and the commands' own names aside)."""
    bare = re.sub(r"(?<![\w])--?[\w-]+|CMQ_WIZARD_\w+|cmq-wizard", " ", text)
    return [bare[max(0, m.start() - 20) : m.end() + 20] for m in _ENGLISH.finditer(bare)]


def python_left(text: str) -> list[str]:
    return [m.group() for m in _PYTHON.finditer(text)]


def cli(*args: str, lang: str = "fr", columns: int = 80) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CMQ_WIZARD_")}
    env.update(PYTHONIOENCODING="utf-8", COLUMNS=str(columns), CMQ_WIZARD_LANG=lang)
    return subprocess.run(
        [str(Path(sys.executable).with_name("cmq-wizard")), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=ROOT,
    )


def other_language(text: str, lang: str) -> list[str]:
    if lang == "fr":
        return english_left(text)
    return french_left(text.replace(PRODUCT, " "))


# A bad choice for the commands that have one; every command gets an unknown option.
BAD_CHOICE = {"run": ["--format", "pdf"], "rules check": ["--format", "pdf"], "rules graph": ["--format", "pdf"],
              "rules table": ["--format", "pdf"], "": ["--lang", "xx", "faq", "list"]}  # fmt: skip
# A command called without its argument.
MISSING = {"stats": [], "batch": [], "faq show": [], "faq search": []}


@pytest.mark.parametrize("words", COMMANDS, ids=lambda w: " ".join(w) or "cmq-wizard")
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_help_and_usage_errors_speak_one_language(words: list[str], lang: str) -> None:
    shown = cli(*words, "--help", lang=lang)
    assert (shown.returncode, shown.stderr) == (0, "")
    page = shown.stdout
    assert page.startswith("Utilisation\u00a0: cmq-wizard" if lang == "fr" else "Usage: cmq-wizard")
    assert other_language(page, lang) == [], page
    assert python_left(page) == [], page
    assert max(len(line) for line in page.splitlines()) <= 80
    # The one-line summary of each subcommand is whole in the list of commands.
    flat = " ".join(page.split())
    for key, entry in i18n.catalogue().items():
        if key.startswith("help.") and entry[lang] in flat:
            break
    else:
        pytest.fail("no help text of the catalogue in the page")

    errors = [cli(*words, "--no-such-option", lang=lang)]
    name = " ".join(words)
    if name in BAD_CHOICE:
        errors.append(cli(*words, *BAD_CHOICE[name], lang=lang))
    if name in MISSING:
        errors.append(cli(*words, lang=lang))
    for error in errors:
        assert error.returncode == 2, error.stderr
        assert error.stdout == ""
        assert "Traceback" not in error.stderr
        assert error.stderr.startswith(french("Erreur : ") if lang == "fr" else "Error: "), error.stderr
        assert other_language(error.stderr, lang) == [], error.stderr
        assert python_left(error.stderr) == [], error.stderr


def test_the_command_list_shows_each_summary_whole() -> None:
    page = " ".join(cli("--help").stdout.split())
    for key in ("help.run", "help.demo", "help.batch", "help.stats", "help.faq", "help.rules"):
        assert " ".join(i18n.catalogue()[key]["fr"].split()) in page
    assert "..." not in page.split("Commandes", 1)[1]


@pytest.mark.parametrize(("lang", "expected"), [("fr", "-s, --set ID=VALEUR"), ("en", "-s, --set ID=VALUE")])
def test_metavars_are_in_the_language_shown(lang: str, expected: str) -> None:
    page = cli("run", "--help", lang=lang).stdout
    assert expected in page
    assert ("-a, --answers FICHIER" if lang == "fr" else "-a, --answers FILE") in page
    stats = cli("stats", "--help", lang=lang).stdout
    assert stats.splitlines()[0] == ("Utilisation\u00a0: cmq-wizard stats [OPTIONS] FICHIER" if lang == "fr"
                                     else "Usage: cmq-wizard stats [OPTIONS] FILE")  # fmt: skip


def test_usage_errors_in_english() -> None:
    unknown = cli("run", "--formt", "json", lang="en")
    assert unknown.stderr == (
        "Error: unknown option '--formt'\n"
        "  Hint: Did you mean '--format'? 'cmq-wizard run --help' describes the options.\n"
    )
    missing = cli("stats", lang="en")
    assert missing.stderr == "Error: argument FILE is missing\n  Hint: Usage: cmq-wizard stats [OPTIONS] FILE\n"
    choice = cli("rules", "table", "--format", "xml", lang="en")
    assert choice.stderr == "Error: invalid value 'xml' for '--format'\n  Hint: Possible values: text, json, csv.\n"


# --- Global options after the command -------------------------------------------------------------

OK = ["--set", "profile=lycee", "--set", "goal=join", "--no-input", "--format", "text"]


def test_lang_after_the_command() -> None:
    done = cli("run", "--lang", "en", *OK)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("CMQ eligibility wizard\n")
    assert "Your answers" in done.stdout


def test_lang_after_the_command_in_process(runner: CliRunner) -> None:
    result = runner.invoke(app, ["run", "--lang=en", *OK])
    assert result.exit_code == 0, result.stderr
    assert "Your answers" in result.stdout


def test_faq_lang_after_the_group_and_after_the_subcommand() -> None:
    for args in (["faq", "--lang", "en", "list"], ["faq", "list", "--lang", "en"], ["--lang", "en", "faq", "list"]):
        done = cli(*args)
        assert (done.returncode, done.stderr) == (0, ""), args
        assert "What" in done.stdout or "Which" in done.stdout
        assert french_left(done.stdout.replace(PRODUCT, " ")) == [], args


def test_rules_after_the_command(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    done = cli("run", "--rules", str(missing), *OK)
    assert done.returncode == 2
    assert done.stderr.startswith(french(f"Erreur : {missing}: dossier de règles introuvable\n"))


def test_an_option_of_the_command_keeps_its_value() -> None:
    """`--set --lang` gives --set the value « --lang » (and says it is not ID=VALEUR): not a global option."""
    done = cli("run", "--set", "--lang", "--no-input")
    assert done.returncode == 2
    assert done.stderr.startswith(french("Erreur : --set: --set attend ID=VALEUR, pas « --lang »"))


def test_after_a_double_dash_nothing_moves() -> None:
    done = cli("faq", "search", "--", "--lang")
    assert done.returncode == 0
    assert done.stdout == french("Aucune entrée ne contient « --lang ».\n")


def test_the_same_option_twice_with_two_values_is_a_usage_error() -> None:
    done = cli("--lang", "fr", "run", "--lang", "en", *OK)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "Error: option '--lang' is given twice with different values (fr, then en)\n"
        "  Hint: give '--lang' only once, before or after the command.\n"
    )
    same = cli("--lang", "en", "run", "--lang", "en", *OK)
    assert same.returncode == 0


def test_the_environment_variables_still_work() -> None:
    done = cli("run", *OK, lang="en")
    assert done.returncode == 0
    assert "Your answers" in done.stdout


# --- Small messages ------------------------------------------------------------------------------


def test_a_closed_pipe_after_stats_ends_quietly(tmp_path: Path) -> None:
    """`stats v.jsonl | head -1`: the rest of the output has nowhere to go; no message, status 0."""
    record = tmp_path / "v.jsonl"
    visit = '{"timestamp": "2026-01-01T10:00:00", "answers": {"profile": "lycee", "goal": "join"}, '
    record.write_text((visit + '"verdict": "eligible", "outcomes": []}\n') * 50, encoding="utf-8")
    script = f"{Path(sys.executable).with_name('cmq-wizard')} stats {record} | head -1; exit ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "Statistiques de la démo\n"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_bad_stats_line_is_told_whole_with_its_number(tmp_path: Path, lang: str) -> None:
    record = tmp_path / "v.jsonl"
    good = '{"timestamp": "2026-01-01T10:00:00", "answers": {"profile": "lycee"}, "verdict": "info", "outcomes": []}'
    record.write_text(good + '\n{"timestamp": "2026-01-01\n', encoding="utf-8")
    done = cli("stats", str(record), lang=lang)
    assert done.returncode == 0
    assert done.stderr == (
        french(
            f"{record}:2: ligne ignorée : JSON invalide : un texte entre guillemets n'est pas refermé (colonne 15)\n"
        )
        if lang == "fr"
        else f"{record}:2: line skipped: invalid JSON: a quoted text is not closed (column 15)\n"
    )


def test_libyaml_s_nesting_limit_is_said_in_french(tmp_path: Path) -> None:
    deep = tmp_path / "a.yaml"
    deep.write_text("profile: " + "[" * 2000 + "]" * 2000 + "\n", encoding="utf-8")
    done = cli("run", "--answers", str(deep), "--no-input")
    assert done.returncode == 2
    assert done.stderr.splitlines()[0].endswith(french(": YAML invalide : imbrication trop profonde"))
    assert english_left(done.stderr.replace(str(deep), "")) == []


def test_an_unknown_reference_agrees_with_its_kind(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    """« contact inconnu », « entrée de FAQ inconnue », « question inconnue »: one message a kind."""
    rules, faq = content_copy
    join = rules / "join.yaml"
    text = join.read_text(encoding="utf-8")
    contact = re.search(r"contacts: \[(\w[\w-]*)", text)
    assert contact is not None
    join.write_text(text.replace(f"contacts: [{contact.group(1)}", "contacts: [nobody", 1), encoding="utf-8")
    result = runner.invoke(app, ["--rules", str(rules), "--faq", str(faq), "rules", "check"])
    assert french("contact inconnu « nobody »") in result.stdout
    assert french("inconnue « nobody »") not in result.stdout


def test_hoisting_is_generic_over_the_root_options() -> None:
    """Any option of the root callback works after the command — a flag such as --plain included —
    without a list of names to keep up to date (the same classes as the program's)."""
    from cmq_wizard.cli import _Group
    from cmq_wizard.cliformat import Command

    seen: dict[str, object] = {}
    demo = typer.Typer(cls=_Group, rich_markup_mode=None)

    @demo.callback()
    def root(
        plain: Annotated[bool, typer.Option("--plain", envvar="DEMO_PLAIN")] = False,
        level: Annotated[int, typer.Option("--level")] = 0,
    ) -> None:
        seen.update(plain=plain, level=level)

    @demo.command(cls=Command)
    def go(count: Annotated[int, typer.Option("--count")] = 1) -> None:
        seen["count"] = count

    @demo.command(cls=Command)
    def other() -> None:  # a second command, so that `go` is a subcommand
        pass

    result = CliRunner().invoke(demo, ["go", "--count", "3", "--plain", "--level=2"])
    assert result.exit_code == 0, result.stderr
    assert seen == {"plain": True, "level": 2, "count": 3}
    twice = CliRunner().invoke(demo, ["--level", "1", "go", "--level", "2"])
    assert twice.exit_code == 2
    assert french("« --level » est donnée deux fois avec des valeurs différentes (1, puis 2)") in twice.stderr


def test_the_fast_start_knows_every_root_option() -> None:
    from cmq_wizard.cli import _global_options

    found = _global_options()
    assert {k: found[k] for k in ("--rules", "--faq", "--lang", "--debug")} == {
        "--rules": True,
        "--faq": True,
        "--lang": True,
        "--debug": False,
    }


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_install_completion_says_what_it_did_in_the_language_shown(tmp_path: Path, lang: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CMQ_WIZARD_")}
    env.update(HOME=str(tmp_path), SHELL="/bin/bash", CMQ_WIZARD_LANG=lang, PYTHONIOENCODING="utf-8")
    done = subprocess.run(
        [str(Path(sys.executable).with_name("cmq-wizard")), "--install-completion"],
        capture_output=True, text=True, env=env, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    script = tmp_path / ".bash_completions" / "cmq-wizard.sh"
    assert script.is_file()
    assert done.stdout == (
        french(f"Complétion bash installée dans {script} ; elle prendra effet au prochain terminal ouvert.\n")
        if lang == "fr"
        else f"bash completion installed in {script}; it takes effect in the next terminal you open.\n"
    )
