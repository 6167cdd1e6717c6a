"""`cmq-wizard site OUT_DIR`: what it writes, what it refuses, and the tree the page walks.

The page itself is tried in a real browser in test_site_browser.py; here, without a browser, the
compiled tree is followed in Python for every path and compared with the engine.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cmq_wizard.cli import app
from cmq_wizard.engine import Engine
from cmq_wizard.model import RuleSet
from cmq_wizard.render import site as site_render
from cmq_wizard.typography import for_lang, french

BUDGET = 80_000  # bytes, uncompressed, for the CMQ rules (SPEC §8)


def embedded(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="cmq-data">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def follow(data: dict[str, Any], answers: dict[str, str]) -> list[Any]:
    """The result record the page reaches for these answers, walking the tree as its script does."""
    node = data["t"]
    while not isinstance(node, int):
        question = data["q"][node[0]]
        node = node[1][[c[0] for c in question[3]].index(answers[question[0]])]
    return data["x"][node]  # type: ignore[no-any-return]


def test_site_writes_one_self_contained_page_within_budget(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "public" / "cmq"
    result = runner.invoke(app, ["site", str(out)])
    assert result.exit_code == 0, result.output
    page = out / "index.html"
    html = page.read_text(encoding="utf-8")
    size = page.stat().st_size
    assert french(f"Page écrite : {page} ({size} octets ; 63 parcours,") in result.stderr
    assert result.stdout == ""
    assert size <= BUDGET, size
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    lowered = html.lower()
    for external in ("<link", " src=", "url(", "@import", "http://", "https://", "cookie", "fetch(", "xmlhttprequest"):
        assert external not in lowered, external
    assert re.findall(r'href="([^"]*)"', html) and all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', html))
    assert html.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert html.count("<script") == 2 and "@page{size:A4" in html and "@media print" in html


def test_the_tree_gives_the_engine_result_on_every_path(ruleset: RuleSet, engine: Engine) -> None:
    data = site_render.compile_tree(ruleset)
    rules = [r[0] for r in data["r"]]
    strings = data["s"]
    count = 0
    for answers in engine.paths():
        result = engine.evaluate(answers)
        verdict, outcomes, deciding, faq, steps, contacts = follow(data, answers)
        assert verdict == result.verdict
        assert [rules[i] for i in outcomes] == [r.id for r in result.outcomes]
        assert [rules[i] for i in deciding] == [r.id for r in result.deciding]
        assert [data["f"][i][0] for i in faq] == [e.id for e in result.faq]
        assert [data["c"][i][0] for i in contacts] == [c.id for c in result.contacts]
        for lang_at, lang in enumerate(data["L"]):
            # The page sets French the French way (typography.for_lang) when it is built.
            assert [strings[s[lang_at]] for s in steps] == [for_lang(s.get(lang), lang) for s in result.next_steps]
        count += 1
    assert count == 63
    assert len(data["x"]) < count  # paths with the same result share it


def test_every_text_is_written_once(ruleset: RuleSet) -> None:
    data = site_render.compile_tree(ruleset)
    assert len(data["s"]) == len(set(data["s"]))
    html, _ = site_render.render(ruleset, "fr")
    faq_answer = ruleset.faq_by_id["economic-actors"].answer.en
    assert faq_answer is not None
    assert html.count(json.dumps(faq_answer, ensure_ascii=False)[1:-1][:60]) == 1


def test_the_page_in_english_first(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--lang", "en", "site", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Page written: " in result.stderr
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "Without JavaScript, here is every path of questions" in html
    assert embedded(html)["l"] == "en"


def test_a_rule_set_with_errors_gives_the_rules_check_problems_and_writes_nothing(
    runner: CliRunner, tmp_path: Path, content_copy: tuple[Path, Path]
) -> None:
    rules, faq = content_copy
    join = rules / "join.yaml"
    text = join.read_text(encoding="utf-8")
    join.write_text(text.replace("faq: [training-actors]", "faq: [training-actorz]", 1), encoding="utf-8")
    line = next(n for n, row in enumerate(join.read_text(encoding="utf-8").splitlines(), 1) if "training-actorz" in row)
    out = tmp_path / "out"
    result = runner.invoke(app, ["--rules", str(rules), "--faq", str(faq), "site", str(out)])
    assert result.exit_code == 2
    assert f"{join}:{line}: " in result.stderr and "training-actorz" in result.stderr
    assert "training-actors" in result.stderr  # the closest match, as `rules check` gives it
    assert french(f"Erreur : {rules}: le jeu de règles a 1 erreur(s) : la page n'est pas écrite") in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_out_dir_that_is_a_file_is_refused_in_one_message(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["site", str(target)])
    assert result.exit_code == 2
    assert result.stderr.startswith(french(f"Erreur : {target}: ce n'est pas un dossier : la page n'est pas écrite\n"))
    assert "Traceback" not in result.output
    assert target.read_text(encoding="utf-8") == "x"


def test_the_page_is_replaced_whole(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("old", encoding="utf-8")
    assert runner.invoke(app, ["site", str(tmp_path)]).exit_code == 0
    assert (tmp_path / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]  # no temporary file left


@pytest.mark.parametrize("hostile", ["</script><script>alert(1)</script>", "<!-- x", "]]> & <b>"])
def test_embedded_data_cannot_close_its_script(ruleset: RuleSet, hostile: str) -> None:
    text = site_render._script_json({"s": [hostile]})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"s": [hostile]}


def test_site_loads_neither_rich_nor_the_prompt_library(tmp_path: Path) -> None:
    from tests.test_imports import probe

    assert probe(tmp_path, "site", str(tmp_path / "out")) == {"code": 0, "heavy": []}
    assert (tmp_path / "out" / "index.html").is_file()


def test_a_rule_set_in_french_only_makes_a_page_in_french_only(
    runner: CliRunner, tmp_path: Path, content_copy: tuple[Path, Path]
) -> None:
    rules, faq = content_copy
    meta = rules / "ruleset.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("languages: [fr, en]", "languages: [fr]"), "utf-8")
    result = runner.invoke(app, ["--lang", "en", "--rules", str(rules), "--faq", str(faq), "site", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = embedded((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert data["L"] == ["fr"] and data["l"] == "fr"  # the script hides the language switch then
    assert all(len(pair) == 1 for _, pair, *_ in data["q"])
