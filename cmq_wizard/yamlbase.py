"""The YAML library's safe loader (libyaml's C one when present), and nothing else.

The bottom floor under `i18n` and `yamlio`: it imports nothing of the program, so that the
interface catalogue can be read without the rule-set reader (no import circle).
"""

from __future__ import annotations

from typing import Any

import yaml

try:
    from yaml import CSafeLoader as BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as BaseLoader  # type: ignore[assignment]

__all__ = ["STAMP", "BaseLoader", "load_plain"]

STAMP = f"pyyaml {yaml.__version__} {BaseLoader.__name__}"  # what a parse depends on, for cache keys


def load_plain(data: bytes | str) -> Any:
    """Load one of the program's own, trusted data files (no line tracking, safe loader)."""
    return yaml.load(data, Loader=BaseLoader)
