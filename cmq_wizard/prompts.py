"""The one door to questionary: every prompt the program shows is asked from here."""

from __future__ import annotations

from collections.abc import Mapping

from cmq_wizard.engine import Engine
from cmq_wizard.i18n import get_lang, t


def complete(engine: Engine, answers: Mapping[str, str]) -> dict[str, str]:
    """Ask, one select after another, every question the answers leave open on the path."""
    import questionary

    lang = get_lang()
    answers = engine.prune(answers)
    while (question := engine.next_question(answers)) is not None:
        choices = [questionary.Choice(c.label.get(lang), value=c.id) for c in question.spec.choices]
        picked = questionary.select(
            question.spec.text.get(lang), choices=choices, instruction=t("prompt.instruction")
        ).unsafe_ask()
        answers = {**answers, question.id: picked}
    return answers
