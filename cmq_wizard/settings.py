"""What every command shares: where the content is, the language, and the loaded rule set."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cmq_wizard.engine import Engine
    from cmq_wizard.model import RuleSet

_PACKAGE = Path(__file__).resolve().parent


def content_root() -> Path:
    """Where the shipped `rules/` and `faq.yaml` are: inside the installed wheel, or the source tree."""
    installed = _PACKAGE / "content"
    return installed if installed.is_dir() else _PACKAGE.parent


DEFAULT_RULES = content_root() / "rules"
DEFAULT_FAQ = content_root() / "faq.yaml"


class Settings:
    """What the global options chose; the rule set and its engine, made on first use.
    (A plain class: a dataclass would compile its methods at every start, SPEC §8.)"""

    def __init__(
        self,
        rules_dir: Path = DEFAULT_RULES,
        faq_path: Path = DEFAULT_FAQ,
        lang: str = "fr",
        debug: bool = False,
        plain: bool = False,
    ) -> None:
        self.rules_dir = rules_dir
        self.faq_path = faq_path
        self.lang = lang
        self.debug = debug
        self.plain = plain

    @property
    def plain_mode(self) -> bool:
        """Plain mode (numbered lines, typed answers): asked for, or a terminal that cannot do more."""
        import os

        return self.plain or os.environ.get("TERM") == "dumb"

    @cached_property
    def ruleset(self) -> RuleSet:
        """The rule set, loaded and validated on first use (a bad one is a UserError)."""
        from cmq_wizard import loader

        return loader.load(self.rules_dir, self.faq_path)

    @cached_property
    def engine(self) -> Engine:
        from cmq_wizard.engine import Engine

        return Engine(self.ruleset)
