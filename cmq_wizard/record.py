"""The visit record of the kiosk (`demo --record FILE`): one JSON line a visit, appended safely.

- Only a regular file (or a new path) is accepted: a symbolic link, a device, a FIFO or a folder
  at the path is refused before anything is opened, and the file is opened with `O_NOFOLLOW`
  (a link swapped in between is refused too) and checked again once open.
- `O_APPEND`, and each visit is one `os.write` of one whole line: several kiosks appending to
  one file never interleave their lines (four concurrent writers lose none).
- A torn last line (a power cut in the middle of a write: no newline at the end) is left for
  `stats` to report with its number; the next visit starts on a new line.
- Each visit is `fsync`ed. A visit is minutes of a person's time and the write takes
  milliseconds; kiosk laptops are unplugged at the end of an info session, and without it the
  last visits can sit in the page cache and be lost when the power goes.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any, Protocol

from cmq_wizard.errors import UserError
from cmq_wizard.i18n import t

_FLAGS = os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY


def _refused(path: Path) -> UserError:
    return UserError(
        t("output.cannot_write", reason=t("record.not_regular")), where=str(path), hint=t("record.hint_regular")
    )


class LineSink(Protocol):
    """What the kiosk writes its visit lines to: a `RecordFile`, or a `StringIO` in tests."""

    def write(self, line: str, /) -> Any: ...

    def flush(self) -> Any: ...


class RecordFile:
    """An open record file; `write(line)` appends one whole line (it must end with a newline)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            info = None
        except OSError as exc:
            raise self._cannot(exc) from None
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise _refused(path)
        try:
            try:  # read too, to see whether the last line was torn
                self.fd = os.open(path, _FLAGS | os.O_RDWR, 0o666)
            except PermissionError:
                self.fd = os.open(path, _FLAGS | os.O_WRONLY, 0o666)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENXIO):  # a link, or a FIFO swapped in meanwhile
                raise _refused(path) from None
            raise self._cannot(exc) from None
        opened = os.fstat(self.fd)
        if not stat.S_ISREG(opened.st_mode):
            os.close(self.fd)
            raise _refused(path)
        os.set_blocking(self.fd, True)
        self._pending = b""
        try:
            torn = opened.st_size > 0 and os.pread(self.fd, 1, opened.st_size - 1) != b"\n"
        except OSError:  # a write-only file: its end cannot be seen
            torn = False
        if torn:
            self._pending = b"\n"  # the last visit was torn: this one starts on a new line

    def _cannot(self, exc: OSError) -> UserError:
        from cmq_wizard.output import cannot_write

        return cannot_write(self.path, exc)

    def write(self, line: str, /) -> None:
        """Append one line in one write, then fsync it."""
        data = self._pending + line.encode("utf-8")
        try:
            written = os.write(self.fd, data)
            if written != len(data):  # a full disk: the rest would be a torn line anyway
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            os.fsync(self.fd)
        except OSError as exc:
            raise self._cannot(exc) from None
        self._pending = b""

    def flush(self) -> None:
        """Nothing to do: every line is written and synced by `write`."""

    def close(self) -> None:
        os.close(self.fd)


def open_record(path: Path) -> RecordFile:
    return RecordFile(path)
