"""Facts about the terminal, and the plain channels to it (stdout for results, stderr for notes)."""

from __future__ import annotations

import os
import shutil
import sys

from cmq_wizard.errors import UserError
from cmq_wizard.i18n import t


def is_tty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def can_prompt() -> bool:
    """True when a person can answer prompts: stdin and stdout are both a terminal."""
    return is_tty(sys.stdin) and is_tty(sys.stdout) and os.environ.get("TERM") != "dumb"


def wants_colour() -> bool:
    return is_tty(sys.stdout) and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def width() -> int:
    """The width to lay text out to: the terminal's, between 40 and 100 columns; 80 when piped."""
    if not is_tty(sys.stdout):
        return 80
    return max(40, min(100, shutil.get_terminal_size((80, 24)).columns))


def write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def note(text: str) -> None:
    """A line for the person, on stderr, so that stdout stays clean for the result."""
    print(text, file=sys.stderr)


def warn(text: str) -> None:
    note(f"{t('view.warning_prefix')} {text}")


def report(error: UserError) -> None:
    """A user error as one line, then how to fix it."""
    note(f"{t('error.prefix')} : {error}" if _fr() else f"{t('error.prefix')}: {error}")
    if error.hint:
        note(f"  {t('error.hint_prefix')} : {error.hint}" if _fr() else f"  {t('error.hint_prefix')}: {error.hint}")


def _fr() -> bool:
    from cmq_wizard.i18n import get_lang

    return get_lang() == "fr"
