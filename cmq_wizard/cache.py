"""What every run would otherwise rebuild the same way: kept in the user's cache between runs.

Loading a rule set means parsing six YAML files and validating them with pydantic, and every
command reads the interface catalogue; the results depend only on the bytes of those files
and on this program's code. So they are kept under the user cache dir
(`$XDG_CACHE_HOME/cmq-wizard`, else `~/.cache/cmq-wizard`): the validated `RuleSet` pickled,
the catalogue marshalled. Each entry carries a key hashed from the files' paths and contents,
the program's version, Python's and pydantic's, and the size and mtime of the modules whose
code shapes the result; an entry whose key does not match is never used, so a stale entry is
never trusted. A rule set with errors is never cached (`loader.load` raises before anything is
written, so its file:line messages come out exactly as without a cache). Any problem with the
cache (unreadable, unwritable, corrupt) falls back silently to a normal load.

`CMQ_WIZARD_NO_CACHE=1` turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmq_wizard import __version__

if TYPE_CHECKING:
    from cmq_wizard.model import RuleSet

_MAGIC = b"cmq-wizard-cache-1\n"
# The modules whose classes a cached rule set holds, or whose code decides what it becomes.
_RULESET_CODE = ("model.py", "conditions.py", "loader.py", "yamlio.py", "cache.py")
_CATALOGUE_CODE = ("yamlio.py", "cache.py")
_KEEP = 8  # entries kept per kind


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cmq-wizard"


def _enabled() -> bool:
    return not os.environ.get("CMQ_WIZARD_NO_CACHE")


def _key(kind: str, files: list[Path], code: tuple[str, ...], extra: str = "") -> tuple[str, str] | None:
    """(entry name, content key) for these files; None when one cannot be read."""
    where = hashlib.blake2b(digest_size=16)
    where.update(f"{kind}\0{Path.cwd()}\0".encode())
    what = hashlib.blake2b(digest_size=32)
    what.update(f"{__version__}\0{sys.version}\0{extra}\0".encode())
    try:
        here = Path(__file__).parent
        for name in code:
            stat = (here / name).stat()
            what.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
        for path in files:
            where.update(f"{path}\0".encode())
            data = path.read_bytes()
            what.update(f"{path}\0{len(data)}\0".encode())
            what.update(data)
    except (OSError, ValueError):
        return None
    return f"{kind}-{where.hexdigest()}", what.hexdigest()


def _read(name: str, key: str, loads: Callable[[bytes], Any]) -> Any:
    """The value of a matching entry, or None on a miss or any problem."""
    try:
        with open(cache_dir() / name, "rb") as stream:
            if not _trusted(os.fstat(stream.fileno())):
                return None
            if stream.readline() != _MAGIC or stream.readline().rstrip(b"\n") != key.encode():
                return None
            return loads(stream.read())
    except Exception:  # a missing, corrupt or foreign entry is a miss, whatever it raises
        return None


def _trusted(stat: os.stat_result) -> bool:
    """Only an entry this user wrote, that nobody else can write, is unpickled."""
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def _write(name: str, key: str, payload: bytes) -> None:
    """Store an entry atomically (a temporary file, then a rename); any failure is ignored."""
    tmp_name = None
    try:
        folder = cache_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as stream:
            stream.write(_MAGIC + key.encode() + b"\n" + payload)
        os.replace(tmp_name, folder / name)
        tmp_name = None
        _prune(folder, name.partition("-")[0])
    except Exception:  # the cache is only an optimisation: it never fails a run
        pass
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _prune(folder: Path, kind: str) -> None:
    """Keep the most recently written entries of a kind (tests and other regions make new ones)."""
    entries = sorted(folder.glob(f"{kind}-*"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[_KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()


def load_ruleset(rules_dir: Path, faq_path: Path) -> RuleSet:
    """The validated rule set: from the cache when its entry matches, else loaded, then cached."""
    from cmq_wizard.model import RuleSet

    key = None
    if _enabled():
        import pydantic

        from cmq_wizard.loader import QUESTIONS_FILE, RULESET_FILE, rule_files

        try:
            files = [rules_dir / RULESET_FILE, rules_dir / QUESTIONS_FILE, faq_path, *rule_files(rules_dir)]
        except OSError:
            files = []
        key = _key("ruleset", files, _RULESET_CODE, pydantic.VERSION) if files else None
    if key is not None:
        cached = _read(key[0], key[1], pickle.loads)
        if isinstance(cached, RuleSet):
            return cached
    from cmq_wizard import loader

    ruleset = loader.load(rules_dir, faq_path)
    if key is not None:
        _write(key[0], key[1], pickle.dumps(ruleset, protocol=pickle.HIGHEST_PROTOCOL))
    return ruleset


def load_catalogue(path: Path) -> dict[str, dict[str, str]]:
    """The interface catalogue (`locale/messages.yaml`), from the cache when its entry matches."""
    key = _key("messages", [path], _CATALOGUE_CODE) if _enabled() else None
    if key is not None:
        cached = _read(key[0], key[1], marshal.loads)
        if isinstance(cached, dict):
            return cached
    from cmq_wizard import yamlio

    catalogue: dict[str, dict[str, str]] = yamlio.load_plain(path)
    if key is not None:
        with contextlib.suppress(ValueError):
            _write(key[0], key[1], marshal.dumps(catalogue))
    return catalogue
