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
        _catalogue = load_catalogue(CATALOGUE_PATH)
    return _catalogue


def load_catalogue(path: Path) -> dict[str, dict[str, str]]:
    """The catalogue file, parsed; kept in the byte cache as JSON by the hash of what was read."""
    import json

    from cmq_wizard import cache, yamlbase

    data = path.read_bytes()
    entry_key = cache.key("messages", yamlbase.STAMP, data)
    stored = cache.get("messages", entry_key) if cache.enabled() else None
    if stored is not None:
        try:
            value = json.loads(stored)
        except ValueError:
            value = None
        if isinstance(value, dict):
            return value
    parsed: dict[str, dict[str, str]] = yamlbase.load_plain(data)
    cache.put("messages", entry_key, json.dumps(parsed, ensure_ascii=False).encode("utf-8"))
    return parsed


def t(key: str, /, **fields: Any) -> str:
    """The interface string `key` in the current language, with `fields` filled in."""
    entry = catalogue()[key]
    text = entry.get(_lang) or entry[DEFAULT_LANG]
    return text.format(**fields) if fields else text


def sentences(*parts: str) -> str:
    """Hints said one after the other: the empty ones left out, each after the first starting
    with a capital (a catalogue hint starts in lower case, to follow « Conseil : » alone)."""
    said = [p.strip() for p in parts if p and p.strip()]
    return " ".join([said[0], *(p[:1].upper() + p[1:] for p in said[1:])]) if said else ""


def placeholders(text: str) -> frozenset[str]:
    """The `{name}` fields of a catalogue text."""
    from string import Formatter

    return frozenset(name for _, name, _, _ in Formatter().parse(text) if name)


def check_catalogue(entries: dict[str, Any]) -> list[str]:
    """Every fault of a catalogue, one line each: a key without a text in one of the languages,
    a text that is not a non-empty string, or languages that disagree on the `{fields}`."""
    problems = []
    for key, entry in entries.items():
        if not isinstance(entry, dict):
            problems.append(f"{key}: a mapping of languages to texts is expected, not {entry!r}")
            continue
        texts = {}
        for lang in LANGUAGES:
            text = entry.get(lang)
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{key}: no {lang} text")
            else:
                texts[lang] = text
        extra = sorted(set(entry) - set(LANGUAGES), key=str)
        if extra:
            problems.append(f"{key}: unknown language(s) {', '.join(map(str, extra))}")
        if len(texts) == len(LANGUAGES):
            expected = placeholders(texts[DEFAULT_LANG])
            for lang, text in texts.items():
                if placeholders(text) != expected:
                    found = sorted(placeholders(text))
                    problems.append(f"{key}: {lang} fields {found} differ from {DEFAULT_LANG} {sorted(expected)}")
    return problems
