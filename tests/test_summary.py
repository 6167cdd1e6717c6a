"""The one-screen summary (render/summary.py) on every path, in both languages, at 80 and 60 columns."""

from __future__ import annotations

import re

import pytest

from cmq_wizard import i18n
from cmq_wizard.engine import Engine
from cmq_wizard.model import RuleSet
from cmq_wizard.render import summary
from cmq_wizard.render import view as view_mod

SIZES = [(80, 16), (60, 12)]  # the screen less the menu under the summary


def _words(text: str) -> set[str]:
    return set(text.split())


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_path_fits_with_its_verdict_and_first_step(
    engine: Engine, ruleset: RuleSet, lang: str, width: int, height: int
) -> None:
    i18n.set_lang(lang)
    for answers in engine.paths():
        view = view_mod.build(engine.evaluate(answers), ruleset, lang)
        lines = summary.lines(view, width, height)
        text = summary.plain(lines)
        assert len(lines) <= height, answers
        assert all(len(line) <= width for line in text.splitlines()), answers
        assert view.verdict_label.upper() in text.splitlines()[0], answers
        if view.next_steps:
            first_words = view.next_steps[0].split()[:4]
            assert " ".join(first_words) in re.sub(r"\s+", " ", text), answers
        for reason in view.reasons:
            assert " ".join(reason.split()[:3]) in re.sub(r"\s+", " ", text), answers
        # Every word shown is a whole word of what the view says (or a sign, a label, « … »).
        source = " ".join(
            [view.verdict_label.upper(), view.verdict_summary, *view.reasons, *view.next_steps]
            + [f"{n} ({h})" if h else n for n, h in view.contacts]
            + [i18n.t("summary.why"), i18n.t("summary.steps"), i18n.t("summary.contact"), ":"]
            + [f"{i}." for i in range(1, 10)]
            + list(summary.SIGNS.values())
            + [summary.ELLIPSIS]
        )
        allowed = _words(source) | {f"{w}:" for w in _words(source)}
        shown = summary.words_of(lines)
        assert not [w for w in shown if w not in allowed], (answers, [w for w in shown if w not in allowed])


def test_a_conditional_verdict_is_not_marked_with_the_prompts_question_mark(engine: Engine, ruleset: RuleSet) -> None:
    answers = {"profile": "company", "goal": "join", "activity_in_theme": "unsure"}
    view = view_mod.build(engine.evaluate(answers), ruleset, "fr")
    first = summary.plain(summary.lines(view, 80, 16)).splitlines()[0]
    assert first == "! SOUS CONDITIONS"


def test_french_quotes_stay_with_their_words() -> None:
    """The guillemets and the marks keep their no-break spaces on screen: never a line starting with one."""
    nbsp, nnbsp = "\u00a0", "\u202f"
    assert summary.wrap("onglet « nous contacter » du site", 12, lang="fr") == [
        "onglet",
        f"«{nbsp}nous",
        f"contacter{nbsp}»",
        "du site",
    ]
    assert summary.wrap("Et maintenant ? Rien : fin", 15, lang="fr") == [f"Et maintenant{nnbsp}?", f"Rien{nbsp}: fin"]
    assert summary.wrap("What now? Nothing: end", 9, lang="en") == ["What now?", "Nothing:", "end"]


def test_a_cut_text_ends_on_a_whole_word_and_an_ellipsis(engine: Engine, ruleset: RuleSet) -> None:
    answers = {"profile": "training_body", "goal": "project"}
    view = view_mod.build(engine.evaluate(answers), ruleset, "fr")
    text = summary.plain(summary.lines(view, 60, 6))
    cut = [line for line in text.splitlines() if line.endswith(" …")]
    assert cut
    whole = _words(" ".join([*view.next_steps, *[f"{n} ({h})" for n, h in view.contacts]]))
    assert all(line[:-2].split()[-1] in whole for line in cut)
