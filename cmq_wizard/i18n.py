"""Interface strings: one catalogue (`locale/messages.yaml`), French first, English second.

Content (questions, rules, FAQ) carries its own translations; this catalogue holds only what
the program itself says: prompts, menus, headings and error messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

LANGUAGES = ("fr", "en")
DEFAULT_LANG = "fr"
CATALOGUE_PATH = Path(__file__).with_name("locale") / "messages.yaml"

_lang = DEFAULT_LANG
_catalogue: dict[str, dict[str, str]] | None = None


def set_lang(lang: str) -> None:
    global _lang
    _lang = lang if lang in LANGUAGES else DEFAULT_LANG


def get_lang() -> str:
    return _lang


def catalogue() -> dict[str, dict[str, str]]:
    global _catalogue
    if _catalogue is None:
        from cmq_wizard import yamlio

        _catalogue = cache.load_catalogue(CATALOGUE_PATH)
    return _catalogue


def t(key: str, /, **fields: Any) -> str:
    """The interface string `key` in the current language, with `fields` filled in."""
    entry = catalogue()[key]
    text = entry.get(_lang) or entry[DEFAULT_LANG]
    return text.format(**fields) if fields else text
