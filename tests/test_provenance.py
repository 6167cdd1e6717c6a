"""Issue 14: every text the project wrote says which FAQ entry it comes from, `rules check` notices
when the FAQ changes under it, and `rules stamp` records the review.

The texts expected to be named are found from the rule files themselves (their `from:` lists),
and each `where` is checked against the line a person would open.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cmq_wizard import provenance, yamlio
from cmq_wizard.cli import app
from cmq_wizard.engine import Engine
from cmq_wizard.loader import load
from cmq_wizard.model import RuleSet
from cmq_wizard.typography import french

ENTRY_IDS = [
    "propose-cmq",
    "training-actors",
    "economic-actors",
    "institutional-actors",
    "company-project",
    "lycee-general",
    "lifelong-learning",
    "governance",
    "mobility",
]


def cli(runner: CliRunner, rules: Path, faq: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--rules", str(rules), "--faq", str(faq), *args])


def check_json(runner: CliRunner, rules: Path, faq: Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = cli(runner, rules, faq, "rules", "check", "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def edit_one_word(faq: Path, entry_id: str) -> tuple[str, str]:
    """Change one word of the French answer of `entry_id` in `faq`; return (old word, new word)."""
    data = yamlio.load(faq, max_bytes=yamlio.MB, what="faq")
    index = next(i for i, e in enumerate(data["entries"]) if e["id"] == entry_id)
    answer_line = yamlio.line_of(data, ("entries", index, "answer", "fr"))
    assert answer_line is not None
    lines = faq.read_text(encoding="utf-8").splitlines(keepends=True)
    # The folded French answer starts on the line after `fr: >-`.
    first = answer_line if lines[answer_line - 1].rstrip().endswith(">-") else answer_line - 1
    word = re.search(r"[A-Za-zÀ-ÿ]{5,}", lines[first]).group()  # type: ignore[union-attr]
    lines[first] = lines[first].replace(word, word + "s", 1)
    faq.write_text("".join(lines), encoding="utf-8")
    return word, word + "s"


def texts_citing(rules: Path, entry_id: str) -> set[tuple[str, str]]:
    """(subject, file:line) of every text whose `from:` names `entry_id`, read from the YAML files."""
    found = set()
    for path in sorted(rules.glob("*.yaml")):
        doc = yamlio.load(path, max_bytes=yamlio.MB, what="rules")
        if path.name == "ruleset.yaml":
            for verdict, words in doc["verdicts"].items():
                if entry_id in (words["summary"].get("from") or []):
                    found.add((verdict, f"{path}:{yamlio.line_of(doc, ('verdicts', verdict, 'summary'))}"))
            for i, contact in enumerate(doc.get("contacts", [])):
                if entry_id in (contact.get("from") or []):
                    found.add((contact["id"], f"{path}:{yamlio.line_of(doc, ('contacts', i))}"))
            continue
        for i, rule in enumerate(doc.get("rules", []) if isinstance(doc, dict) else []):
            texts = [("title", rule["title"]), ("reason", rule.get("reason"))]
            texts += [(k, step) for k, step in enumerate(rule.get("next_steps", []))]
            for name, text in texts:
                if isinstance(text, dict) and entry_id in (text.get("from") or []):
                    loc = ("rules", i, "next_steps", name) if isinstance(name, int) else ("rules", i, name)
                    found.add((rule["id"], f"{path}:{yamlio.line_of(doc, loc)}"))
    return found


# --- the shipped rules ---------------------------------------------------------------------------------------


def test_the_shipped_rules_are_stamped_and_check_clean(runner: CliRunner, ruleset: RuleSet) -> None:
    assert [e.id for e in ruleset.faq.entries] == ENTRY_IDS  # the drift test below edits each of them
    assert ruleset.meta.reviewed == provenance.fingerprints(ruleset)
    result = runner.invoke(app, ["rules", "check"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Aucun problème")


def test_every_text_of_the_shipped_rules_has_provenance_and_cites_an_entry_it_shows(ruleset: RuleSet) -> None:
    entries = set(ruleset.faq_by_id)
    cited = set()
    for rule in ruleset.rules:
        spec = rule.spec
        texts = [spec.title, *([spec.reason] if spec.reason else []), *spec.next_steps]
        for text in texts:
            # Every rule text is derived from the FAQ (none is mere interface wording)...
            assert text.sources, f"{rule.id}: {text.fr!r} has no FAQ provenance"
            # ...and from an entry that the rule shows, so that the handout can link to it.
            assert set(text.sources) <= set(spec.faq), f"{rule.id}: {text.fr!r} cites {text.sources}"
            cited.update(text.sources)
    for words in ruleset.meta.verdicts.values():
        assert words.summary.from_ is not None
    for contact in ruleset.meta.contacts:
        assert contact.sources and set(contact.sources) <= entries, contact.id
    assert cited == entries  # every entry is the source of some guidance


def test_every_restrictive_path_names_someone_to_ask_from_the_faqs_contacts(engine: Engine) -> None:
    restrictive = 0
    for answers in engine.paths():
        result = engine.evaluate(answers)
        if result.verdict in ("not_eligible", "conditional"):
            restrictive += 1
            assert result.contacts, answers
            for contact in result.contacts:
                assert contact.sources, contact.id  # a contact the FAQ gives
    assert restrictive == 15  # propose local/unsure × 4 profiles, primary, company no/unsure, institution 4


def test_institution_other_with_a_link_is_conditional_with_its_reason(engine: Engine) -> None:
    answers = {"profile": "institution", "goal": "join", "institution_kind": "other", "training_employment_link": "yes"}
    result = engine.evaluate(answers)
    assert result.verdict == "conditional"
    assert [r.id for r in result.outcomes] == ["institution-kind-other"]
    reason = result.outcomes[0].spec.reason
    assert reason is not None and reason.sources == ("institutional-actors",)
    assert "représentants du monde économique ou des représentants territoriaux" in reason.fr
    assert [c.id for c in result.contacts] == ["operational-director"]
    # Economic and territorial representatives with a link stay eligible.
    for kind in ("economic", "territorial"):
        assert engine.evaluate({**answers, "institution_kind": kind}).verdict == "eligible"


# --- drift: one word of each FAQ entry ---------------------------------------------------------------------


@pytest.mark.parametrize("entry_id", ENTRY_IDS)
def test_one_changed_word_names_exactly_the_texts_derived_from_that_entry_until_stamped(
    runner: CliRunner, content_copy: tuple[Path, Path], entry_id: str
) -> None:
    rules, faq = content_copy
    ruleset_before = (rules / "ruleset.yaml").read_text(encoding="utf-8")
    expected = texts_citing(rules, entry_id)
    assert expected, f"no text cites {entry_id}"
    edit_one_word(faq, entry_id)

    code, report = check_json(runner, rules, faq)
    assert code == 1
    named = {(p["subject"], p["where"]) for p in report["problems"]}
    assert named == expected
    assert report["errors"] == len(expected) and report["warnings"] == 0
    entry_line = load(rules, faq).origins[("faq", entry_id)]
    for problem in report["problems"]:
        assert problem["message"].endswith(f"« {entry_id} », dont le texte français a changé depuis la dernière "
                                           f"relecture ({entry_line})")  # fmt: skip
        assert "cmq-wizard rules stamp" in problem["hint"]
    # The rule ids are named in the text report too, each once per text.
    text = cli(runner, rules, faq, "rules", "check").stdout
    assert sorted(re.findall(r"^\S+: erreur \[([^\]]+)\]", text, re.M)) == sorted(subject for subject, _ in expected)

    stamped = cli(runner, rules, faq, "rules", "stamp")
    assert stamped.exit_code == 0
    assert stamped.stdout == french(f"Relecture enregistrée dans {rules / 'ruleset.yaml'} : {entry_id}.\n")
    after = (rules / "ruleset.yaml").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(ruleset_before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert len(changed) == 1 and changed[0][0].startswith(f"  {entry_id}: ")  # one fingerprint, nothing else

    clean = cli(runner, rules, faq, "rules", "check")
    assert clean.exit_code == 0
    assert clean.stdout.startswith("Aucun problème")


def test_rewrapping_a_faq_paragraph_is_not_a_change(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    text = faq.read_text(encoding="utf-8")
    old = "économique\n        régional voire national."
    assert text.count(old) == 1
    faq.write_text(text.replace(old, "économique régional\n        voire national."), encoding="utf-8")
    assert cli(runner, rules, faq, "rules", "check").exit_code == 0


def test_a_changed_english_translation_is_not_drift(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    text = faq.read_text(encoding="utf-8")
    faq.write_text(text.replace("en: So there is no fifth element?", "en: No fifth element, then?"), encoding="utf-8")
    assert cli(runner, rules, faq, "rules", "check").exit_code == 0


def test_a_never_stamped_rule_set_gets_one_clear_first_message(
    runner: CliRunner, content_copy: tuple[Path, Path]
) -> None:
    rules, faq = content_copy
    ruleset = rules / "ruleset.yaml"
    text = ruleset.read_text(encoding="utf-8")
    unstamped = text[: text.index("\n# The last review")]
    ruleset.write_text(unstamped, encoding="utf-8")
    result = cli(runner, rules, faq, "rules", "check")
    assert result.exit_code == 1
    assert result.stdout == french(
        f"{ruleset}: erreur ce jeu de règles n'a jamais été relu face à sa FAQ : aucune empreinte « reviewed » "
        "n'est enregistrée\n"
        "    Conseil : relisez chaque texte face aux entrées de FAQ qu'il cite (« from »), puis lancez "
        "« cmq-wizard rules stamp ».\n"
        "1 erreur(s), 0 avertissement(s).\n"
    )
    english = cli(runner, rules, faq, "--lang", "en", "rules", "stamp")
    assert english.exit_code == 0
    assert english.stdout == f"First review recorded in {ruleset}: 9 FAQ entries.\n"
    assert ruleset.read_text(encoding="utf-8") == text  # the same block, comment included, as shipped
    again = cli(runner, rules, faq, "rules", "stamp")
    assert again.stdout == french(
        f"Rien n'a changé dans la FAQ depuis la dernière relecture ; {ruleset} n'est pas modifié.\n"
    )


def test_stamp_rewrites_only_its_block_wherever_it_is(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    """A `reviewed:` block moved between other keys, with comments around: only its lines change."""
    rules, faq = content_copy
    ruleset = rules / "ruleset.yaml"
    text = ruleset.read_text(encoding="utf-8")
    start = text.index("\n# The last review")
    block = text[start:]
    moved = text[:start] + "\n"
    moved = moved.replace("\nverdicts:", block.replace("propose-cmq", "old-entry") + "\n# Verdicts, kept\nverdicts:")
    ruleset.write_text(moved, encoding="utf-8")
    code, report = check_json(runner, rules, faq)
    assert code == 1
    assert {p["subject"] for p in report["problems"]} >= {"old-entry"}
    result = cli(runner, rules, faq, "rules", "stamp")
    assert result.exit_code == 0
    assert french("Entrées retirées de la relecture (plus dans la FAQ) : old-entry.") in result.stdout
    after = ruleset.read_text(encoding="utf-8")
    assert after == moved.replace('  old-entry: "', '  propose-cmq: "')
    assert cli(runner, rules, faq, "rules", "check").exit_code == 0


# --- what check says about provenance -------------------------------------------------------------------------


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_text_without_provenance_is_reported_with_its_line(
    runner: CliRunner, content_copy: tuple[Path, Path]
) -> None:
    rules, faq = content_copy
    guidance = rules / "guidance.yaml"
    text = guidance.read_text(encoding="utf-8")
    old = "pour qu'il vous aiguille vers le bon interlocuteur.\n"
    start = text.index(old)
    end = text.index("        from: [company-project]\n", start)
    guidance.write_text(text[:end] + text[end + len("        from: [company-project]\n") :], encoding="utf-8")
    result = cli(runner, rules, faq, "rules", "check")
    assert result.exit_code == 1
    line = line_of(guidance, "- fr: Rapprochez-vous du Directeur Opérationnel")
    assert result.stdout == french(
        f"{guidance}:{line}: erreur [company-project] texte sans provenance (next_steps[3])\n"
        "    Conseil : ajoutez à côté de « fr: » la ligne « from: [id-d-entree-de-faq] » (les entrées de FAQ dont il "
        "est tiré), ou « from: interface » pour une formule d'interface qui ne dit rien de la FAQ.\n"
        "1 erreur(s), 0 avertissement(s).\n"
    )


def test_an_unknown_or_unshown_source_is_reported(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    guidance = rules / "guidance.yaml"
    text = guidance.read_text(encoding="utf-8")
    text = text.replace("      from: [lifelong-learning]\n", "      from: [lifelong-learnin]\n", 1)
    text = text.replace("        from: [lifelong-learning]\n", "        from: [mobility]\n", 1)
    guidance.write_text(text, encoding="utf-8")
    result = cli(runner, rules, faq, "rules", "check")
    assert result.exit_code == 1
    title = line_of(guidance, "fr: Un CMQ met en relation") - 1
    step = line_of(guidance, "- fr: Selon la FAQ, un CMQ a pour objectif")
    assert result.stdout == french(
        f"{guidance}:{title}: erreur [lifelong-learning] title : provenance inconnue, entrée de FAQ "
        "« lifelong-learnin »\n"
        "    Conseil : Vouliez-vous dire « lifelong-learning » ?\n"
        f"{guidance}:{step}: erreur [lifelong-learning] next_steps[1] : tiré de l'entrée de FAQ « mobility », "
        "que la règle « lifelong-learning » ne montre pas\n"
        "    Conseil : ajoutez « mobility » à la liste « faq » de la règle (le document doit montrer la source de "
        "chaque texte), ou corrigez « from ».\n"
        "2 erreur(s), 0 avertissement(s).\n"
    )


def test_a_restrictive_rule_that_names_nobody_is_reported(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    propose = rules / "propose.yaml"
    text = propose.read_text(encoding="utf-8")
    start = text.index("  - id: propose-local-stake")
    end = text.index("    contacts: [regional-coordinator]\n", start)
    propose.write_text(text[:end] + text[end + len("    contacts: [regional-coordinator]\n") :], encoding="utf-8")
    result = cli(runner, rules, faq, "rules", "check")
    assert result.exit_code == 1
    assert result.stdout == french(
        f"{propose}:{line_of(propose, '- id: propose-local-stake')}: erreur [propose-local-stake] la règle "
        "« propose-local-stake » donne le verdict not_eligible (par exemple pour profile=training_body, "
        "goal=propose, economic_stake=local) sans nommer personne à qui s'adresser\n"
        "    Conseil : ajoutez à la règle « contacts: [...] », parmi les contacts que donne la FAQ "
        "(regional-coordinator, operational-director, pft-animator).\n"
        "1 erreur(s), 0 avertissement(s).\n"
    )


def test_a_malformed_from_is_one_message(runner: CliRunner, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    guidance = rules / "guidance.yaml"
    text = guidance.read_text(encoding="utf-8")
    guidance.write_text(text.replace("      from: [mobility]\n", "      from: mobility\n", 1), encoding="utf-8")
    result = cli(runner, rules, faq, "rules", "check")
    assert result.exit_code == 1
    line = line_of(guidance, "from: mobility")
    assert result.stdout == french(
        f"{guidance}:{line}: erreur [mobility] provenance « from » invalide : « mobility »\n"
        "    Conseil : écrivez « from: [id-d-entree-de-faq, …] » (les entrées dont le texte est tiré) ou "
        "« from: interface ».\n"
        "1 erreur(s), 0 avertissement(s).\n"
    )


# --- the handouts show where each next step comes from ---------------------------------------------------------

COMPANY_NO = ["run", "-s", "profile=company", "-s", "goal=join", "-s", "activity_in_theme=no", "--no-input"]


def test_markdown_links_each_next_step_to_its_entry_in_the_document(runner: CliRunner, ruleset: RuleSet) -> None:
    result = runner.invoke(app, [*COMPANY_NO, "--format", "markdown"])
    assert result.exit_code == 0
    out = result.stdout
    question = ruleset.faq_by_id["economic-actors"].question.fr
    step = ruleset.rule_by_id["company-join-out-of-theme"].spec.next_steps[0].fr
    assert french(f"1. {step}\n   - D'après la FAQ : [{question}](#faq-economic-actors)\n") in out
    assert '<a id="faq-economic-actors"></a>\n\n### Quels acteurs' in out


def test_explain_shows_the_source_under_each_step_in_text(runner: CliRunner) -> None:
    result = runner.invoke(app, [*COMPANY_NO, "--format", "text", "--explain"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    step = next(i for i, line in enumerate(lines) if line.startswith("  1. Selon la FAQ, le plus simple"))
    source = next(i for i, line in enumerate(lines) if "D'après la FAQ" in line)
    assert source == step + 2 and lines[source].startswith(french("       D'après la FAQ : « Quels acteurs"))
    assert " ".join(" ".join(lines[source:]).split()).startswith(  # split() takes NBSPs for spaces
        "D'après la FAQ : « Quels acteurs de la vie économique peuvent intégrer un CMQ ? »"
    )
    plain = runner.invoke(app, [*COMPANY_NO, "--format", "text"])
    assert "D'après la FAQ" not in plain.stdout  # without --explain, the text handout stays as it was


def test_explain_in_english_and_rich(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--lang", "en", *COMPANY_NO, "--format", "rich", "--explain"])
    assert result.exit_code == 0
    assert "From the FAQ: “Which economic actors can join a CMQ?”" in " ".join(result.stdout.split())


def test_json_adds_the_sources_and_renames_nothing(runner: CliRunner) -> None:
    result = runner.invoke(app, [*COMPANY_NO, "--format", "json"])
    data = json.loads(result.stdout)
    assert {"answers", "verdict", "outcomes", "faq", "next_steps", "lang"} <= set(data)
    assert data["next_step_sources"] == [["economic-actors"]]
    assert len(data["next_step_sources"]) == len(data["next_steps"])
    outcome = data["outcomes"][0]
    assert {"id", "verdict", "title", "faq", "next_steps"} <= set(outcome)
    assert outcome["provenance"] == {
        "title": ["economic-actors"],
        "reason": ["economic-actors"],
        "next_steps": [["economic-actors"]],
    }
