"""Interface strings: one catalogue, French first, English second.

Content (questions, rules, FAQ) carries its own translations; this catalogue holds only what
the program itself says: prompts, menus, headings and error messages.

People edit `locale/messages.yaml` (comments, sections). The program reads `locale/messages.json`,
the same entries compiled from it, as gettext compiles a `.po` into a `.mo`: JSON decodes in a
fraction of a millisecond where parsing the YAML takes several at every start (SPEC §8). After
an edit of the YAML:

    python -m cmq_wizard.i18n            # writes locale/messages.json
    python -m cmq_wizard.i18n --check    # exit 1 when it differs from the YAML (a test runs this)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

LANGUAGES = ("fr", "en")
DEFAULT_LANG = "fr"
SOURCE_PATH = Path(__file__).with_name("locale") / "messages.yaml"
CATALOGUE_PATH = SOURCE_PATH.with_suffix(".json")

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
        import json

        _catalogue = json.loads(CATALOGUE_PATH.read_bytes())
    return _catalogue


def compiled(source: Path = SOURCE_PATH) -> str:
    """The text of `messages.json` for the YAML catalogue `source`: one entry a line, in the
    YAML's order, so that a change reads as a one-line diff."""
    import json

    from cmq_wizard import yamlbase

    entries: dict[str, dict[str, str]] = yamlbase.load_plain(source.read_bytes())
    lines = [f"{json.dumps(key)}: {json.dumps(entry, ensure_ascii=False)}" for key, entry in entries.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


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


def main(argv: list[str] | None = None) -> int:
    """`python -m cmq_wizard.i18n [--check]`: write `messages.json` from the YAML, or check it."""
    check = "--check" in (sys.argv[1:] if argv is None else argv)
    text = compiled()
    current = CATALOGUE_PATH.read_text(encoding="utf-8") if CATALOGUE_PATH.exists() else None
    if current == text:
        return 0
    if not check:
        from cmq_wizard.output import write_atomic

        write_atomic(CATALOGUE_PATH, text)
    print(f"{CATALOGUE_PATH}: {'out of date (python -m cmq_wizard.i18n)' if check else 'written'}")
    return 1 if check else 0


if __name__ == "__main__":
    raise SystemExit(main())
