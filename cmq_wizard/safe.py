"""The one door for text that reaches a terminal: control characters made visible, echoes cut.

Data (answer files, CSV headers, rules, FAQ, kiosk records) may hold characters a terminal
obeys rather than shows: ESC starts a sequence that can clear the screen, retitle the window,
write the clipboard (OSC 52) or hide a link (OSC 8); C1 characters do the same on some
terminals; bidi overrides reorder what is read. Every such character is shown as a Python-
style escape, `\\x1b`, `\\x9b`, `\\u202e`: one notation for the three families (caret notation
`^[` has no form for C1 or bidi characters), unambiguous, and what a person can paste into
`printf` or Python to reproduce the data. Newline and tab are kept: they are layout.

Imports nothing of the program: every floor may use it.
"""

from __future__ import annotations

import re

ECHO_MAX = 80  # characters of a value echoed back in a message
ELLIPSIS = "…"

# C0 but newline and tab, DEL, C1, the bidi embeddings/overrides/isolates (and the Arabic letter
# mark), the line and paragraph separators some terminals break on.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def has_control(text: str) -> bool:
    """True when `text` holds a character `visible` would change."""
    return _UNSAFE.search(text) is not None


def first_control(text: str) -> tuple[int, str] | None:
    """(index, visible form) of the first unsafe character of `text`, if any."""
    found = _UNSAFE.search(text)
    return (found.start(), _shown(found)) if found else None


def visible(text: str) -> str:
    """`text` with every control character shown as an escape (`\\x1b`); newline and tab kept."""
    if _UNSAFE.search(text) is None:  # the common case costs one scan
        return text
    return _UNSAFE.sub(_shown, text)


def one_line(text: str) -> str:
    """`visible`, and newlines and tabs shown too: for a value echoed inside a sentence."""
    return visible(text).replace("\n", "\\n").replace("\t", "\\t")


def cut(text: str, limit: int = ECHO_MAX) -> str:
    """`text` cut to `limit` characters, the last being `…` when something was left out."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + ELLIPSIS


def echo(value: object, limit: int = ECHO_MAX) -> str:
    """A value from the data as it is echoed in a message: on one line, visible, cut to `limit`.

    Only the first `limit` characters are looked at: a 4 KB key or a 1 MB value costs nothing."""
    text = value if isinstance(value, str) else str(value)
    shown = one_line(text[:limit])
    if len(text) > limit or len(shown) > limit:
        return shown[: max(0, limit - 1)] + ELLIPSIS
    return shown


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_text(text: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`, which escapes C0 already) with DEL,
    C1 and bidi characters written as `\\u` escapes too: the same data, nothing a terminal obeys."""
    if _JSON_UNSAFE.search(text) is None:
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
