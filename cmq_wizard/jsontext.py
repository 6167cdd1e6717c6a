"""The json module's error messages, told in the language shown and whole.

`json.JSONDecodeError.msg` is an English fragment ("Unterminated string starting at"); the
position it stands for is given apart (line, column). This says the same as a whole phrase.
"""

from __future__ import annotations

import json

from cmq_wizard.i18n import t

# The start of each message of the json module (CPython 3.11 to 3.13), and what it means.
_KNOWN = (
    ("Expecting value", "json.expecting_value"),
    ("Expecting property name", "json.expecting_name"),
    ("Expecting ':' delimiter", "json.expecting_colon"),
    ("Expecting ',' delimiter", "json.expecting_comma"),
    ("Unterminated string", "json.unterminated_string"),
    ("Invalid control character", "json.control_character"),
    ("Invalid \\uXXXX escape", "json.bad_escape"),
    ("Invalid \\escape", "json.bad_escape"),
    ("Extra data", "json.extra_data"),
    ("Illegal trailing comma", "json.trailing_comma"),
)


def problem(exc: json.JSONDecodeError) -> str:
    """What is wrong, as a phrase of the language shown (without the position)."""
    for start, key in _KNOWN:
        if exc.msg.startswith(start):
            return t(key)
    return t("json.other")
