"""Renderers: each turns a result into one output format. None decides anything."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Format = Literal["rich", "text", "markdown", "json", "html"]
FORMATS: tuple[str, ...] = ("rich", "text", "markdown", "json", "html")
EXTENSIONS: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}


def format_for_path(path: Path) -> str | None:
    """The format an output file's extension asks for, if it names one."""
    return EXTENSIONS.get(path.suffix.lower())
