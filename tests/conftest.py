"""Shared fixtures: the shipped rule set, an engine, a CLI runner, and a scratch copy of the content."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cmq_wizard import i18n
from cmq_wizard.engine import Engine
from cmq_wizard.loader import load
from cmq_wizard.model import RuleSet

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
FAQ = ROOT / "faq.yaml"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The rule-set cache of the tests (and of the programs they start) stays out of ~/.cache."""
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if saved is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = saved


@pytest.fixture(autouse=True)
def _french_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts in French with no language, rules or FAQ override from the environment."""
    for var in ("CMQ_WIZARD_LANG", "CMQ_WIZARD_RULES", "CMQ_WIZARD_FAQ", "CMQ_WIZARD_DEBUG", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
    i18n.set_lang("fr")


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load(RULES, FAQ)


@pytest.fixture(scope="session")
def engine(ruleset: RuleSet) -> Engine:
    return Engine(ruleset)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def content_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of the shipped rules/ and faq.yaml, to break in tests."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    faq = tmp_path / "faq.yaml"
    shutil.copy(FAQ, faq)
    return rules, faq
