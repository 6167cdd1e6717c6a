"""The page address with the answers (the kiosk's QR code; the static page reads the same format)."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from cmq_wizard.errors import UserError
from cmq_wizard.loader import load
from cmq_wizard.siteurl import page_url
from tests.conftest import FAQ, RULES


def test_answers_go_in_the_fragment_in_question_order_ids_only() -> None:
    answers = {"profile": "company", "goal": "join", "activity_in_theme": "yes"}
    url = page_url("https://example.org/cmq/", answers)
    assert url == "https://example.org/cmq/#profile=company&goal=join&activity_in_theme=yes"
    assert parse_qsl(urlsplit(url).fragment) == list(answers.items())


def test_values_are_url_encoded_and_an_earlier_fragment_replaced() -> None:
    url = page_url("https://example.org/p#old", {"a b": "x&y=z", "c": "é"})
    assert url == "https://example.org/p#a%20b=x%26y%3Dz&c=%C3%A9"
    assert parse_qsl(urlsplit(url).fragment) == [("a b", "x&y=z"), ("c", "é")]


def _with_site_url(tmp_path: Path, value: str) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    path = rules / "ruleset.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"site_url: {value}\n", encoding="utf-8")
    return rules


def test_the_rule_set_may_name_the_page(tmp_path: Path) -> None:
    assert load(RULES, FAQ).meta.site_url is None  # the FAQ gives no address for the page
    assert load(_with_site_url(tmp_path, "https://example.org/cmq/"), FAQ).meta.site_url == "https://example.org/cmq/"


@pytest.mark.parametrize("value", ["ftp://example.org/", "https://example.org/#x", "example.org"])
def test_a_site_url_that_is_not_a_web_address_is_refused(tmp_path: Path, value: str) -> None:
    with pytest.raises(UserError) as caught:
        load(_with_site_url(tmp_path, f'"{value}"'), FAQ)
    assert "site_url" in str(caught.value)
