"""Key sequences a person types, for prompts driven through pipe input or a pseudo-terminal."""

from __future__ import annotations

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"
CTRL_C = "\x03"
CTRL_D = "\x04"


def pick(n: int) -> str:
    """Move down `n` choices (separators are skipped by the prompt) and press Enter."""
    return DOWN * n + ENTER
