"""Writing files: always atomically (a temporary file beside the target, then a rename)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from cmq_wizard.errors import UserError
from cmq_wizard.i18n import t


def write_atomic(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path`; on any failure the target is untouched and no temp file stays."""
    directory = path.parent if str(path.parent) else Path(".")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        raise UserError(
            t("output.cannot_write", reason=exc.strerror or exc), where=str(path), hint=t("output.hint_write")
        ) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
