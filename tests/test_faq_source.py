"""The French FAQ in faq.yaml is the source's, word for word (whitespace aside).

The source is kept in tests/data/faq-cmq-bfc.txt, a copy of the regional FAQ (15/02/2019).
"""

from __future__ import annotations

import re

import pytest

from cmq_wizard.model import RuleSet
from tests.conftest import DATA

SOURCE = (DATA / "faq-cmq-bfc.txt").read_text(encoding="utf-8")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def source_entries() -> list[tuple[str, str, str | None]]:
    """(question, answer, aside) for each entry of the source, page breaks rejoined."""
    body = SOURCE.split("Date de dernière mise à jour")[0]
    entries = []
    for chunk in body.split("Question : ")[1:]:
        question, _, rest = chunk.partition("\n")
        aside = None
        joke = re.search(r"\(Joke\)\s*(.+)", rest)
        if joke:
            aside = squash(joke.group(0))  # the source's marker « (Joke) » is kept with the remark
            rest = rest[: joke.start()]
        entries.append((squash(question), squash(rest), aside))
    return entries


def test_the_source_has_nine_entries_and_a_date() -> None:
    assert len(source_entries()) == 9
    assert "Date de dernière mise à jour : 15/02/2019" in SOURCE


def test_faq_yaml_records_the_source_date(ruleset: RuleSet) -> None:
    assert ruleset.faq.source.updated == "15/02/2019"


@pytest.mark.parametrize("index", range(9))
def test_each_french_entry_is_the_source_word_for_word(ruleset: RuleSet, index: int) -> None:
    question, answer, aside = source_entries()[index]
    by_question = {squash(e.question.fr): e for e in ruleset.faq.entries}
    assert question in by_question, f"no faq.yaml entry has the source question {question!r}"
    entry = by_question[question]
    assert squash(entry.answer.fr) == answer
    assert (squash(entry.aside.fr) if entry.aside else None) == aside


def test_faq_yaml_holds_nothing_but_the_source_entries(ruleset: RuleSet) -> None:
    assert len(ruleset.faq.entries) == 9
    assert {squash(e.question.fr) for e in ruleset.faq.entries} == {q for q, _, _ in source_entries()}


def test_governance_keeps_the_sources_aside(ruleset: RuleSet) -> None:
    entry = ruleset.faq_by_id["governance"]
    assert entry.aside is not None
    assert entry.aside.fr == "(Joke) Il n'y a donc pas de cinquième élément ?"


def test_every_entry_has_an_english_translation(ruleset: RuleSet) -> None:
    for entry in ruleset.faq.entries:
        assert entry.question.en and entry.answer.en, entry.id
