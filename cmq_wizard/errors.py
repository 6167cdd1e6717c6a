"""The one family of errors a user can act on, and the exit codes they map to."""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class UserError(Exception):
    """A problem the user can fix: what is wrong, where, and how to fix it (exit code 2)."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def location(file: object, line: int | None = None, column: int | None = None) -> str:
    """`file:line:column`, leaving out what is not known."""
    where = str(file)
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    return where
