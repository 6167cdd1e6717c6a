"""Facts about the terminal, and the plain channels to it (stdout for results, stderr for notes)."""

from __future__ import annotations

import codecs
import errno
import io
import os
import shutil
import sys
import unicodedata
from typing import Any

from cmq_wizard.errors import UserError
from cmq_wizard.i18n import t
from cmq_wizard.safe import visible
from cmq_wizard.typography import shown

# What a terminal without UTF-8 shows for the typographic characters of the French texts.
_ASCII = {"«": "<<", "»": ">>", "’": "'", "‘": "'", "“": '"', "”": '"', "…": "...", "–": "-", "—": "-",
          "\u00a0": " ", "\u202f": " ", "✔": "[OK]", "✘": "[X]", "ℹ": "[i]", "•": "*", "œ": "oe", "Œ": "OE",
          "←": "<-", "→": "->"}  # fmt: skip


def _plain_letters(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: an accented letter loses its accent, a quote becomes ASCII, else `?`."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start : error.end]:
        if char in _ASCII:
            out.append(_ASCII[char])
            continue
        bare = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        out.append(bare if bare.isascii() and bare else "?")
    return "".join(out), error.end


codecs.register_error("cmq_plain", _plain_letters)


class _ClosedStream(io.TextIOBase):
    """Stands for a standard output that was closed before the program started."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def writable(self) -> bool:
        return True


def setup_streams() -> None:
    """Make stdout and stderr safe on a terminal or locale without UTF-8 (`LANG=C`).

    Into a file or a pipe the output is UTF-8, as the formats promise (JSON, Markdown, HTML);
    on a terminal that cannot show UTF-8, accents are dropped and quotes made ASCII, rather
    than the program crashing on the first « é ».
    """
    if sys.stderr is None:  # `2>&-`: notes go nowhere, rather than into the result on stdout
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:  # `>&-`: writing the result fails with a message, as in `ls >&-`
        sys.stdout = _ClosedStream()
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding in ("utf-8", "utf8") or not isinstance(stream, io.TextIOWrapper):
            continue
        try:
            if is_tty(stream):
                stream.reconfigure(errors="cmq_plain")
            else:
                stream.reconfigure(encoding="utf-8")
        except (ValueError, OSError):  # a closed or detached stream: nothing will be written to it
            pass


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
    """Write to stdout, control characters made visible (`cmq_wizard.safe`); a closed pipe
    (`| head -1`) is left to the caller, any other failure is a UserError."""
    try:
        sys.stdout.write(visible(text))
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise stdout_error(exc) from None


def say(text: str) -> None:
    """Words for a person on stdout (a report, a message, a FAQ entry; not data such as JSON,
    CSV or a graph): set as the language shown sets them, then written as `write` does."""
    write(shown(text))


def rich_console(**options: Any) -> Any:
    """A rich Console whose closed pipe (`| head -1`) ends the program quietly with status 0, as
    every other output of the program does (rich's own default exits with status 1)."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    return _Console(**options)


def stdout_error(exc: OSError) -> UserError:
    """Standard output cannot be written (closed, or a full disk behind `>`)."""
    return UserError(
        t("output.stdout_failed", reason=exc.strerror or exc), where="stdout", hint=t("output.hint_stdout")
    )


def note(text: str) -> None:
    """A line for the person, on stderr, so that stdout stays clean for the result.

    Every note, warning and error goes through here: set as the language shown sets them
    (French spacing in French), control characters made visible."""
    print(visible(shown(text)), file=sys.stderr)


def warn(text: str) -> None:
    note(f"{t('view.warning_prefix')} {text}")


def report(error: UserError) -> None:
    """A user error as one line, then how to fix it."""
    note(f"{t('text.label', label=t('error.prefix'))} {error}")
    if error.hint:
        note(f"  {t('text.label', label=t('error.hint_prefix'))} {error.hint}")
