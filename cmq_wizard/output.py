"""Writing the files a person asks for (`--output`, `--save-answers`, `batch --output`).

What the target is decides how it is written, as `cp` and `curl -o` do:

- a regular file, or a path that does not exist yet: atomically, through a temporary file
  beside it renamed over it at the end, so that a failure leaves the old file whole. The new
  file gets the mode the umask gives (0644 under 022), narrowed by the old file's mode when one
  is replaced (a private 0600 handout stays private); set-uid, set-gid and sticky bits are never
  carried over, nor any permission the umask does not give;
- a character device (`/dev/null`, a terminal) or a FIFO: written straight into, never replaced;
- `-`: standard output;
- a symbolic link: written through to what it points to, by the rules above (a link to a regular
  file replaces that file atomically and keeps the link). A link is only followed where the
  kernel's `protected_symlinks` would follow it: not a link owned by someone else in a sticky,
  world-writable folder (`/tmp`), where it could aim a root run at any file. A dangling link is
  refused, rather than creating a file wherever it points;
- anything else (a directory, a block device, a socket) is refused with a message.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import IO

from cmq_wizard.errors import UserError
from cmq_wizard.i18n import t

STDOUT = "-"

# The failures a person can act on, said in the interface language rather than the system's.
_REASONS = {
    errno.ENOENT: "output.reason_no_folder",
    errno.ENOTDIR: "output.reason_no_folder",
    errno.EACCES: "output.reason_denied",
    errno.EPERM: "output.reason_denied",
    errno.EROFS: "output.reason_read_only",
    errno.ENOSPC: "output.reason_full",
    errno.EDQUOT: "output.reason_full",
    errno.EISDIR: "output.reason_is_dir",
    errno.ELOOP: "output.reason_link",
}


def cannot_write(path: Path, exc: OSError) -> UserError:
    key = _REASONS.get(exc.errno or 0)
    reason = t(key) if key else (exc.strerror or str(exc))
    return UserError(t("output.cannot_write", reason=reason), where=str(path), hint=t("output.hint_write"))


def _refuse(path: Path, key: str) -> UserError:
    return UserError(t("output.cannot_write", reason=t(key)), where=str(path), hint=t("output.hint_not_regular"))


def umask_mode() -> int:
    """The permissions a new file gets: 0666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _link_followable(link: Path, info: os.stat_result) -> bool:
    """The kernel's `protected_symlinks` rule: a link in a sticky, world-writable folder is followed
    only by its owner, or when it belongs to the folder's owner."""
    try:
        folder = os.stat(link.parent if str(link.parent) else ".")
    except OSError:
        return False
    sticky_shared = folder.st_mode & stat.S_ISVTX and folder.st_mode & stat.S_IWOTH
    return not sticky_shared or info.st_uid in (os.geteuid(), folder.st_uid)


def _resolve(path: Path) -> tuple[str, Path, os.stat_result | None]:
    """(how to write, where, what is there now): how is 'stdout', 'atomic' or 'straight'."""
    if str(path) == STDOUT:
        return "stdout", path, None
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return "atomic", path, None
    except OSError as exc:
        raise cannot_write(path, exc) from None
    if stat.S_ISLNK(info.st_mode):
        if not _link_followable(path, info):
            raise _refuse(path, "output.reason_foreign_link")
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise _refuse(path, "output.reason_dangling_link") from None
        except OSError as exc:
            raise cannot_write(path, exc) from None
        if stat.S_ISREG(info.st_mode):
            return "atomic", Path(os.path.realpath(path)), info
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return "atomic", path, info
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return "straight", path, info
    if stat.S_ISDIR(mode):
        raise cannot_write(path, IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR)))
    raise _refuse(path, "output.reason_not_regular")


_WRITEBACK_EVERY = 16 * 1024 * 1024  # bytes written between two nudges to the disk (large outputs only)


class Target:
    """An output being written: `stream` (binary), then `commit()` or `abort()`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp_name: str | None = None
        self._written = self._flushed = 0
        how, where, info = _resolve(path)
        self.how = how
        self.stream: IO[bytes]
        if how == "stdout":
            sys.stdout.flush()
            self.stream = getattr(sys.stdout, "buffer", None) or TextAsBytes(sys.stdout)  # type: ignore[assignment]
            return
        if not where.name:
            raise cannot_write(path, IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR)))
        try:
            if how == "straight":
                # No O_CREAT: what was checked is what is opened; no O_TRUNC (a device has no length).
                fd = os.open(where, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
                if not stat.S_ISCHR(os.fstat(fd).st_mode) and not stat.S_ISFIFO(os.fstat(fd).st_mode):
                    os.close(fd)
                    raise _refuse(path, "output.reason_not_regular")
                self.stream = os.fdopen(fd, "wb")
                return
            mode = umask_mode()
            if info is not None:
                mode &= stat.S_IMODE(info.st_mode)
            directory = where.parent if str(where.parent) else Path(".")
            fd, self.tmp_name = tempfile.mkstemp(prefix=f".{where.name}.", suffix=".tmp", dir=directory)
            self.final = where
            os.fchmod(fd, mode)
            self.stream = os.fdopen(fd, "wb")
        except OSError as exc:
            self.abort()
            raise cannot_write(path, exc) from None

    def write(self, data: bytes) -> None:
        try:
            self.stream.write(data)
            if self.how == "atomic":
                self._written += len(data)
                if self._written - self._flushed >= _WRITEBACK_EVERY:
                    self._start_writeback()
        except BrokenPipeError:
            raise
        except OSError as exc:
            if self.how == "stdout":
                raise
            raise cannot_write(self.path, exc) from None

    def _start_writeback(self) -> None:
        """Hand what is written so far to the disk now, without waiting (Linux starts the
        writeback of a range's dirty pages on POSIX_FADV_DONTNEED): the program's own work goes
        on meanwhile, and the fsync of `commit` finds little left to wait for."""
        self.stream.flush()
        with contextlib.suppress(OSError, AttributeError):
            os.posix_fadvise(self.stream.fileno(), self._flushed, 0, os.POSIX_FADV_DONTNEED)
        self._flushed = self._written

    def commit(self) -> None:
        try:
            self.stream.flush()
            if self.how == "atomic":
                os.fsync(self.stream.fileno())
                self.stream.close()
                assert self.tmp_name is not None
                os.replace(self.tmp_name, self.final)
                self.tmp_name = None
            elif self.how == "straight":
                self.stream.close()
        except BrokenPipeError:
            raise
        except OSError as exc:
            self.abort()
            raise cannot_write(self.path, exc) from None

    def abort(self) -> None:
        if self.how != "stdout" and hasattr(self, "stream"):
            with contextlib.suppress(OSError):
                self.stream.close()
        if self.tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp_name)
            self.tmp_name = None


class TextAsBytes:
    """A bytes face for a text stream that has no binary buffer."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, data: bytes) -> int:
        return self._stream.write(data.decode("utf-8"))

    def flush(self) -> None:
        self._stream.flush()


def write_atomic(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` by the rules of this module; on any failure a replaced file is
    untouched and no temporary file stays."""
    target = Target(path)
    try:
        target.write(text.encode("utf-8"))
        target.commit()
    except BaseException:
        target.abort()
        raise
