"""French typography in what the program prints: a non-breaking space before ? ! ; : and inside
« », so that no line ever starts with one of these marks. Applied at render time: the source
texts (faq.yaml, rules/) keep their ordinary spaces, and English output is untouched."""

from __future__ import annotations

import html
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from cmq_wizard import i18n
from cmq_wizard.engine import Engine
from cmq_wizard.model import RuleSet
from cmq_wizard.render import html as html_render
from cmq_wizard.render import markdown, text, view
from cmq_wizard.typography import NBSP, NNBSP, french

ROOT = Path(__file__).resolve().parent.parent
MARKS = "?!;:"
# An ordinary space (or a line break) before a mark, or inside guillemets.
_BAD_SPACE = re.compile(r"[ \t][?!;]|[ \t]:(?=\s|$)|«[ \t\n]|[ \t\n]»", re.MULTILINE)
# A line (after its indentation) that starts with a mark or a closing guillemet.
_BAD_START = re.compile(r"^[ \t]*[?!;:»]", re.MULTILINE)


def visible_html(page: str) -> str:
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def outputs(ruleset: RuleSet, answers: dict[str, str], lang: str) -> dict[str, str]:
    i18n.set_lang(lang)
    try:
        result = Engine(ruleset).evaluate(answers, explain=True)
        shown = view.build(result, ruleset, lang, explain=True, warnings=["un avertissement : exemple ?"])
        found = {f"text-{w}": text.render(shown, w) for w in (60, 80, 100)}
        found["markdown"] = markdown.render(shown)
        found["html"] = visible_html(html_render.render(shown))
        return found
    finally:
        i18n.set_lang("fr")


def paths(ruleset: RuleSet) -> list[dict[str, str]]:
    return list(Engine(ruleset).paths())


def test_french_spacing_of_one_sentence() -> None:
    assert french("Qui êtes-vous ? Voir « ici » : oui ; non !") == (
        f"Qui êtes-vous{NNBSP}? Voir «{NBSP}ici{NBSP}»{NBSP}: oui{NNBSP}; non{NNBSP}!"
    )
    assert french("«ici»") == f"«{NBSP}ici{NBSP}»"
    # Addresses, times and markup are left alone: no ordinary space before their marks.
    assert french("https://example.org/a?b=c 14:30 **Oui** — x") == "https://example.org/a?b=c 14:30 **Oui** — x"


def test_every_french_output_of_every_path_is_spaced_the_french_way(ruleset: RuleSet) -> None:
    checked = 0
    for answers in paths(ruleset):
        for name, shown in outputs(ruleset, answers, "fr").items():
            body = shown
            if name == "markdown":
                body = re.sub(r"^---$", "", body, flags=re.MULTILINE)
            bad = [body[max(0, m.start() - 30) : m.end() + 5] for m in _BAD_SPACE.finditer(body)]
            assert bad == [], (name, answers, bad)
            if name.startswith("text"):
                starts = [line for line in body.splitlines() if _BAD_START.match(line)]
                assert starts == [], (name, answers, starts)
                width = int(name.split("-")[1])
                assert all(len(line) <= width for line in body.splitlines() if " " in line.strip()), name
            checked += 1
    assert checked == 5 * len(paths(ruleset))


@pytest.mark.parametrize("width", [60, 80, 100])
def test_a_line_never_starts_with_a_mark_even_at_every_width(ruleset: RuleSet, width: int) -> None:
    """Each text output, laid out at many widths near the given one: no line starts with ? ! ; : »."""
    answers = paths(ruleset)[0]
    i18n.set_lang("fr")
    result = Engine(ruleset).evaluate(answers, explain=True)
    shown = view.build(result, ruleset, "fr", explain=True)
    for w in range(width - 10, width + 1):
        body = text.render(shown, w)
        assert [line for line in body.splitlines() if _BAD_START.match(line)] == [], w


def test_english_output_is_untouched(ruleset: RuleSet) -> None:
    for answers in paths(ruleset)[:10]:
        for name, shown in outputs(ruleset, answers, "en").items():
            assert NBSP not in shown and NNBSP not in shown, name


def test_the_rich_view_is_spaced_too(ruleset: RuleSet) -> None:
    from rich.console import Console

    from cmq_wizard.render import rich_

    result = Engine(ruleset).evaluate(paths(ruleset)[0], explain=True)
    out = StringIO()
    rich_.render(view.build(result, ruleset, "fr", explain=True), Console(file=out, width=80, color_system=None))
    flat = " ".join(line.strip("│ ") for line in out.getvalue().splitlines())
    assert re.search(r"\w[ \t][?!;]", flat) is None
    assert NBSP in out.getvalue() or NNBSP in out.getvalue()


def test_the_source_texts_keep_their_ordinary_spaces(ruleset: RuleSet) -> None:
    """faq.yaml is word for word the source FAQ: the spacing is added when printing, not stored."""
    source = (ROOT / "faq.yaml").read_text(encoding="utf-8")
    assert NBSP not in source and NNBSP not in source
    assert " ?" in source
    entries: list[Any] = list(ruleset.faq.entries.values()) if isinstance(ruleset.faq.entries, dict) else []
    assert all(NBSP not in e.question.fr for e in entries)


def test_french_spacing_is_set_once_and_leaves_tags_and_links_alone() -> None:
    once = french("Voir « nous contacter » : oui ? Non ; et !")
    assert french(once) == once  # text set twice (a view, then its screen) is set once
    assert french("étiquette YAML « !foo » refusée") == f"étiquette YAML «{NBSP}!foo{NBSP}» refusée"
    assert french("[Que faire ?](#faq)") == f"[Que faire{NNBSP}?](#faq)"
    assert french("a ?! b") == f"a{NNBSP}?! b"


@pytest.mark.parametrize("width", [60, 80, 100])
def test_the_rich_screen_of_every_path_never_starts_a_line_with_a_mark(ruleset: RuleSet, width: int) -> None:
    """The arrow-key result screen (rich): at 60, 80 and 100 columns, no line of any path starts
    with ? ! ; : or », and no ordinary space stands before one of them."""
    from rich.console import Console

    from cmq_wizard.render import rich_

    for answers in paths(ruleset):
        result = Engine(ruleset).evaluate(answers, explain=True)
        out = StringIO()
        console = Console(file=out, width=width, color_system=None, legacy_windows=False)
        shown = view.build(result, ruleset, "fr", explain=True)
        rich_.render(shown, console)
        signs = tuple(f"{s[shown.verdict]} {shown.verdict_label.upper()}" for s in (rich_.SIGNS, rich_.ASCII_SIGNS))
        lines = [line.strip("│╭╮╰╯─ ") for line in out.getvalue().splitlines()]
        lines = [line for line in lines if not line.startswith(signs)]  # the verdict's own sign
        assert [line for line in lines if _BAD_START.match(line)] == [], (width, answers)
        bad = [m.group() for line in lines for m in re.finditer(r"\w[ \t][?!;]|«[ \t]|[ \t]»", line)]
        assert bad == [], (width, answers, bad)
        assert all(len(line) <= width for line in out.getvalue().splitlines()), (width, answers)
