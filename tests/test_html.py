"""The HTML handout: self-contained, escaped, complete, and one printed A4 page."""

from __future__ import annotations

import html as html_module
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cmq_wizard.cli import app
from cmq_wizard.commands import run as run_cmd
from cmq_wizard.engine import Engine
from cmq_wizard.render.view import plain
from cmq_wizard.settings import Settings
from tests.conftest import FAQ, RULES

LONGEST_HINT = "institution"  # a sanity check on the path picked below, not the way it is picked


def handout(runner: CliRunner, tmp_path: Path, *args: str) -> str:
    out = tmp_path / "handout.html"
    result = runner.invoke(app, [*args, "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def visible_text(html: str) -> str:
    body = html.split("</style>", 1)[1]
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_faq_content_with_script_and_ampersand_is_shown_escaped(
    runner: CliRunner, tmp_path: Path, content_copy: tuple[Path, Path]
) -> None:
    rules, faq = content_copy
    text = faq.read_text(encoding="utf-8")
    hostile = 'Attention <script>alert("x")</script> & <b>gras</b> R&D.'
    text = text.replace(
        "      fr: Je souhaite proposer un CMQ. Que dois-je faire ?",
        f"      fr: 'Je souhaite proposer un CMQ & <i>vite</i> ?'\n      # {hostile}",
    )
    text = text.replace(
        "        La première étape est de vérifier", f"        {hostile} La première étape est de vérifier"
    )
    faq.write_text(text, encoding="utf-8")
    html = handout(runner, tmp_path, "--rules", str(rules), "--faq", str(faq), "run", "-s", "goal=propose",
                   "-s", "profile=company", "-s", "economic_stake=regional")  # fmt: skip
    assert "<script" not in html.lower() and "<b>" not in html and "<i>" not in html
    assert "Attention &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;gras&lt;/b&gt; R&amp;D." in html
    assert '<h3 id="faq-propose-cmq">Je souhaite proposer un CMQ &amp; &lt;i&gt;vite&lt;/i&gt;\u202f?</h3>' in html
    # Every & in the page starts an entity: nothing is left raw.
    assert not re.search(r"&(?!(amp|lt|gt|quot|#x27);)", html)


def test_the_handout_is_self_contained_and_printable(runner: CliRunner, tmp_path: Path) -> None:
    html = handout(runner, tmp_path, "run", "-s", "profile=company", "-s", "goal=project")
    lowered = html.lower()
    for external in ("<script", "<link", "src=", "url(", "@import", "http://", "https://"):
        assert external not in lowered, external
    # The only links lead inside the document: from a next step to the FAQ entry it comes from.
    targets = re.findall(r'href="([^"]*)"', html)
    assert targets, "each next step links to its FAQ entry"
    for target in targets:
        assert target.startswith("#") and f'id="{target[1:]}"' in html, target
    assert "@page { size: A4;" in html
    assert "@media print" in html
    assert html.startswith('<!DOCTYPE html>\n<html lang="fr">')


def test_the_handout_says_everything_a_person_takes_away(runner: CliRunner, tmp_path: Path, engine: Engine) -> None:
    html = handout(
        runner, tmp_path, "run", "-s", "profile=company", "-s", "goal=join", "-s", "activity_in_theme=unsure"
    )
    text = visible_text(html)
    from datetime import date

    assert f"édité le {date.today():%d/%m/%Y}" in text
    assert "Vos réponses Qui êtes-vous ? Entreprise ou acteur de la vie économique (association, fondation…)" in text
    summary = engine.ruleset.meta.verdicts["conditional"].summary.fr
    assert f"? Sous conditions — {summary}" in text
    faq_answer = plain(engine.ruleset.faq_by_id["economic-actors"].answer.fr)  # "[words](#)" links keep the words
    assert " ".join(faq_answer.split()) in text
    assert "(Voir l'onglet nous contacter)." in text
    assert "Prochaines étapes" in text and "Contacts Directeur/trice Opérationnel(le) du CMQ" in text
    # Under each next step, the FAQ entry it comes from (its question).
    assert "D'après la FAQ : Quels acteurs de la vie économique peuvent intégrer un CMQ ?" in text
    assert text.endswith("mise à jour du 15/02/2019.")


def test_explain_names_the_deciding_condition(runner: CliRunner, tmp_path: Path) -> None:
    html = handout(runner, tmp_path, "run", "-s", "profile=company", "-s", "goal=join", "-s", "activity_in_theme=no",
                   "--explain")  # fmt: skip
    text = visible_text(html)
    assert "Comment ce résultat a été obtenu" in text
    words = r"\(Non éligible, décide du verdict\), parce que vous avez répondu : [^•]*visez \? Non"
    assert re.search(words, text), text


def test_markdown_handout_from_the_extension(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = runner.invoke(app, ["run", "-s", "profile=lycee", "-s", "goal=join", "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Assistant d'éligibilité CMQ\n\n**Éligible** — ")


# --- Printed through headless Chromium ------------------------------------------------------------------


def longest_path(settings: Settings) -> dict[str, str]:
    """The path whose handout holds the most text (with --explain): the hardest to fit on a page."""

    def size(answers: dict[str, str]) -> int:
        result = settings.engine.evaluate(answers, explain=True)
        return len(visible_text(run_cmd.render(settings, result, "html", explain=True, warnings=[])))

    return max(settings.engine.paths(), key=size)


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is needed in CI (.ci/run installs it)")
        pytest.skip(f"{name} is not installed")
    return found


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_longest_handout_prints_on_one_a4_page(tmp_path: Path, lang: str) -> None:
    chromium = tool("chromium")
    pdftotext = tool("pdftotext")
    settings = Settings(rules_dir=RULES, faq_path=FAQ, lang=lang)
    from cmq_wizard import i18n

    i18n.set_lang(lang)
    answers = longest_path(settings)
    assert answers["profile"] == LONGEST_HINT
    result = settings.engine.evaluate(answers, explain=True)
    page = tmp_path / "handout.html"
    page.write_text(run_cmd.render(settings, result, "html", explain=True, warnings=[]), encoding="utf-8")
    pdf = tmp_path / "handout.pdf"
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert pdf.exists(), run.stderr[-2000:]
    data = pdf.read_bytes()
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)) == 1
    assert b"/MediaBox [0 0 594.95996 841.91998]" in data or b"/MediaBox [0 0 595" in data  # A4 in points
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    verdict = settings.ruleset.meta.verdicts[result.verdict].label.get(lang)  # type: ignore[index]
    assert verdict in text
    assert ("Source :" if lang == "fr" else "Source:") in text  # the last line made it onto the page
