"""Writing files: always atomically (a temporary file beside the target, then a rename)."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from cmq_wizard.errors import UserError
from cmq_wizard.i18n import t

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
}


def cannot_write(path: Path, exc: OSError) -> UserError:
    key = _REASONS.get(exc.errno or 0)
    reason = t(key) if key else (exc.strerror or str(exc))
    return UserError(t("output.cannot_write", reason=reason), where=str(path), hint=t("output.hint_write"))


def _mode_for(path: Path) -> int:
    """The permissions a new file gets (0666 less the umask), or those of the file being replaced."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path`; on any failure the target is untouched and no temp file stays."""
    if path.is_dir() or not path.name:
        raise cannot_write(path, IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR)))
    directory = path.parent if str(path.parent) else Path(".")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fchmod(stream.fileno(), _mode_for(path))
            os.fsync(stream.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        raise cannot_write(path, exc) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
