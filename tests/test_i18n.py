"""The interface catalogue: every key in French and English, every key the code uses exists.

The code is read with `ast`, not run: a call `t("key", ...)` (or yamlio's `_msg("key")`) with a
literal key must name a catalogue key; a key held in a variable counts as used when its literal
appears anywhere in the code (`key = "explain.deciding" if ... else "explain.matched"`).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from cmq_wizard import i18n, yamlio
from cmq_wizard.i18n import check_catalogue, placeholders, t

PACKAGE = Path(i18n.__file__).resolve().parent
TRANSLATORS = {"t", "_msg"}


def catalogue() -> dict[str, dict[str, str]]:
    # Read the file itself (not a cached copy), so that a key added a moment ago is seen.
    return yamlio.load_plain(i18n.CATALOGUE_PATH)


def code_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def scan() -> tuple[dict[str, list[str]], list[str], set[str]]:
    """(literal keys passed to t(), with where; calls whose key is not a literal; every str literal)."""
    used: dict[str, list[str]] = {}
    dynamic: list[str] = []
    literals: set[str] = set()
    for path in code_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = path.relative_to(PACKAGE.parent)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name not in TRANSLATORS:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                used.setdefault(first.value, []).append(f"{where}:{node.lineno}")
            elif not isinstance(first, ast.Name):
                # A key in a variable is fine when its value is a literal (checked below); one built
                # at run time (f-string, concatenation, call) escapes every check.
                dynamic.append(f"{where}:{node.lineno}: {ast.unparse(first)}")
    return used, dynamic, literals


def test_every_key_has_a_french_and_an_english_text_with_the_same_fields() -> None:
    entries = catalogue()
    assert len(entries) > 100
    assert check_catalogue(entries) == []


def test_the_check_fails_when_a_language_is_missing_empty_or_its_fields_differ() -> None:
    broken = {
        "ok.key": {"fr": "Bonjour {name}", "en": "Hello {name}"},
        "no.en": {"fr": "Seulement en français"},
        "empty.fr": {"fr": "  ", "en": "English only"},
        "fields.differ": {"fr": "{count} visite(s)", "en": "{n} visit(s)"},
        "not.mapping": "just a string",
        "extra.lang": {"fr": "Oui", "en": "Yes", "de": "Ja"},
    }
    assert check_catalogue(broken) == [
        "no.en: no en text",
        "empty.fr: no fr text",
        "fields.differ: en fields ['n'] differ from fr ['count']",
        "not.mapping: a mapping of languages to texts is expected, not 'just a string'",
        "extra.lang: unknown language(s) de",
    ]


def test_placeholders_are_the_format_fields() -> None:
    assert placeholders("{what} trop volumineux ({size} ; au plus {limit})") == {"what", "size", "limit"}
    assert placeholders("no field") == frozenset()


def test_every_key_the_code_uses_is_in_the_catalogue() -> None:
    used, _, _ = scan()
    assert len(used) > 50  # the scanner does find the calls
    missing = {key: where for key, where in used.items() if key not in catalogue()}
    assert missing == {}


def test_keys_are_never_built_at_run_time() -> None:
    """A key built at run time (an f-string, a concatenation) escapes the check above."""
    _, dynamic, _ = scan()
    assert dynamic == []


def test_keys_held_in_variables_are_in_the_catalogue_too() -> None:
    """`key = "explain.deciding" if … else "explain.matched"`, or a table of keys (output.py):
    every literal of the code shaped like a key of a catalogue namespace must be a key."""
    _, _, literals = scan()
    entries = catalogue()
    namespaces = {key.split(".")[0] for key in entries}
    shaped = {s for s in literals if re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", s) and s.split(".")[0] in namespaces}
    not_keys = sorted(s for s in shaped - set(entries) if not s.endswith((".yaml", ".py", ".json", ".md")))
    assert {"explain.matched", "explain.deciding"} <= shaped
    assert not_keys == []


def test_no_key_is_unused() -> None:
    """A key that no code mentions is dead text (or the code builds its name: make it literal)."""
    _, _, literals = scan()
    unused = sorted(key for key in catalogue() if key not in literals)
    assert unused == []


def test_t_fills_fields_in_the_current_language_and_french_is_the_default() -> None:
    assert i18n.get_lang() == "fr"
    assert t("output.saved", path="a.md") == "Résultat enregistré dans a.md"
    i18n.set_lang("en")
    assert t("output.saved", path="a.md") == "Result saved to a.md"
    i18n.set_lang("xx")  # an unknown language falls back to French
    assert i18n.get_lang() == "fr"


def test_an_unknown_key_is_an_error_not_a_silent_blank() -> None:
    with pytest.raises(KeyError):
        t("no.such.key")


def test_no_key_is_in_the_catalogue_twice() -> None:
    """A key written twice silently hides its first text (YAML keeps the last one)."""
    import yaml

    path = Path(__file__).resolve().parent.parent / "cmq_wizard" / "locale" / "messages.yaml"
    node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    seen: dict[str, int] = {}
    twice = []
    for key, _ in node.value:
        if key.value in seen:
            twice.append(f"{key.value}: lines {seen[key.value]} and {key.start_mark.line + 1}")
        seen.setdefault(key.value, key.start_mark.line + 1)
    assert twice == []


def test_the_compiled_catalogue_is_the_yaml() -> None:
    """locale/messages.json, which the program reads, is messages.yaml compiled: after an edit of
    the YAML, `python -m cmq_wizard.i18n` writes it again."""
    assert i18n.CATALOGUE_PATH.read_text(encoding="utf-8") == i18n.compiled(), (
        "messages.json is out of date: run python -m cmq_wizard.i18n"
    )
    assert i18n.main(["--check"]) == 0
