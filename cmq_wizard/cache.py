"""A dumb store of bytes kept between runs, under the user's cache folder. Knows nothing of rules.

Callers hand it a kind, a key (a hash of everything the value depends on: the bytes that were
read and the code that reads them) and the bytes to keep, and get those bytes back for the
same kind and key. What the bytes mean is the callers' business: they store plain data (JSON),
never anything that can run code when read back (no pickle).

Nothing read from it is trusted blindly:
- the folder (`$XDG_CACHE_HOME/cmq-wizard`, else `~/.cache/cmq-wizard`) must be a real folder,
  not a link, owned by this user and writable by nobody else; otherwise no cache is used;
- an entry is opened with `O_NOFOLLOW | O_NONBLOCK` (a link is refused, a FIFO never blocks)
  and used only when it is a regular file of this user's, writable by nobody else, with one
  link (not a hard link to a file elsewhere), of a bounded size, that starts with the magic
  line, its full key and the checksum of the rest (a torn or flipped entry is never half-used).
  Anything else is a miss, and the entry is rebuilt;
- with no home (HOME unset and no passwd entry) and no absolute XDG_CACHE_HOME, there is no
  cache at all, rather than a literal `./~/.cache` folder in the current one.

`CMQ_WIZARD_NO_CACHE=1` turns it off. Any failure to read or write is silent: it is only a
speed-up.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from pathlib import Path

MAX_ENTRY_BYTES = 8 * 1024 * 1024  # a parsed rule file is tens of KB
_MAGIC = b"cmq-wizard-cache-2\n"
_SUM = 32  # hex digits of the payload's checksum on the header's second line
_KEEP = 32  # entries kept per kind
_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def enabled() -> bool:
    return not os.environ.get("CMQ_WIZARD_NO_CACHE")


def _home() -> str | None:
    home = os.environ.get("HOME")
    if not home:
        try:
            import pwd

            home = pwd.getpwuid(os.getuid()).pw_dir
        except (KeyError, ImportError):
            return None
    return home if os.path.isabs(home) else None


def cache_dir() -> Path | None:
    """The cache folder, or None when there is no place for one."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):  # the XDG rule: a relative path is ignored
        home = _home()
        if home is None:
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "cmq-wizard"


def key(*parts: bytes | str) -> str:
    """A key for the cache from everything a value depends on."""
    digest = hashlib.blake2b(digest_size=32)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def _name(kind: str, entry_key: str) -> str:
    return f"{kind}-{entry_key[:32]}"


def _private(info: os.stat_result, *, folder: bool) -> bool:
    """This user's, writable by nobody else; a folder, or a regular file with a single link."""
    if info.st_uid != os.geteuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    if folder:
        return stat.S_ISDIR(info.st_mode)
    return stat.S_ISREG(info.st_mode) and info.st_nlink == 1


def _open_folder() -> tuple[int, Path] | None:
    folder = cache_dir()
    if folder is None or not enabled():
        return None
    try:
        fd = os.open(folder, _FOLDER)
    except OSError:
        return None
    try:
        if _private(os.fstat(fd), folder=True):
            return fd, folder
    except OSError:
        pass
    os.close(fd)
    return None


def get(kind: str, entry_key: str) -> bytes | None:
    """The bytes stored under `kind` and `entry_key`, or None (a miss, or an entry not trusted)."""
    opened = _open_folder()
    if opened is None:
        return None
    folder_fd = opened[0]
    header = _MAGIC + entry_key.encode() + b"\n"
    try:
        fd = os.open(_name(kind, entry_key), _READ, dir_fd=folder_fd)
        try:
            info = os.fstat(fd)
            limit = len(header) + _SUM + 1 + MAX_ENTRY_BYTES
            if not _private(info, folder=False) or info.st_size > limit:
                return None
            chunks, size = [], 0
            while size <= limit:
                chunk = os.read(fd, min(1 << 20, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(fd)
    except OSError:
        return None
    finally:
        os.close(folder_fd)
    data = b"".join(chunks)
    if size > limit or not data.startswith(header):
        return None
    checksum, payload = data[len(header) : len(header) + _SUM], data[len(header) + _SUM + 1 :]
    if data[len(header) + _SUM : len(header) + _SUM + 1] != b"\n" or checksum != _checksum(payload):
        return None
    return payload


def _checksum(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=_SUM // 2).hexdigest().encode()


def put(kind: str, entry_key: str, payload: bytes) -> None:
    """Store `payload` (atomically: a temporary file, then a rename); any failure is ignored."""
    if len(payload) > MAX_ENTRY_BYTES:
        return
    folder = cache_dir()
    if folder is None or not enabled():
        return
    with contextlib.suppress(OSError):
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
    opened = _open_folder()
    if opened is None:
        return
    folder_fd = opened[0]
    tmp_name = None
    try:
        fd, tmp_path = tempfile.mkstemp(prefix=f".{kind}.", suffix=".tmp", dir=folder)
        tmp_name = os.path.basename(tmp_path)
        with os.fdopen(fd, "wb") as stream:
            stream.write(_MAGIC + entry_key.encode() + b"\n" + _checksum(payload) + b"\n" + payload)
        os.replace(tmp_name, _name(kind, entry_key), src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
        tmp_name = None
        _prune(folder_fd, kind)
    except OSError:
        pass
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name, dir_fd=folder_fd)
        os.close(folder_fd)


def _prune(folder_fd: int, kind: str) -> None:
    """Keep the most recently written entries of a kind (edited rule files make new ones)."""
    dated = []
    for name in os.listdir(folder_fd):
        if name.startswith(f"{kind}-"):
            with contextlib.suppress(OSError):
                dated.append((os.stat(name, dir_fd=folder_fd, follow_symlinks=False).st_mtime_ns, name))
    for _, name in sorted(dated, reverse=True)[_KEEP:]:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=folder_fd)
