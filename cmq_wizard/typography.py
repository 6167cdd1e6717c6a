"""French typography at render time: a non-breaking space before ? ! ; : and inside « ».

French sets a thin non-breaking space (U+202F) before ? ! ; and a non-breaking space (U+00A0)
before : and inside guillemets, so that a line never starts with one of these marks. The
content (rules, faq.yaml) is written with ordinary spaces and stays word for word as its source;
every renderer passes its French text through `french()` just before laying it out. English is
left as it is.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from cmq_wizard.render.view import View

_T = TypeVar("_T")

NBSP = "\u00a0"
NNBSP = "\u202f"

# An ordinary space (or several) after a word and before a high mark that ends it (so "« !foo »",
# a YAML tag, is left alone); a guillemet's inner space, or none.
_BEFORE_HIGH = re.compile(r"(?<=[^\s«])[ \t]+([?!;])(?!\w)")
_BEFORE_COLON = re.compile(r"[ \t]+:(?=\s|$)")
_AFTER_OPEN = re.compile(r"«[ \t\u00a0\u202f]*")  # a space already set is set once, not twice
_BEFORE_CLOSE = re.compile(r"[ \t\u00a0\u202f]*»")


def french(text: str) -> str:
    """`text` with French spacing: U+202F before ? ! ;, U+00A0 before : and inside « »."""
    if not text:
        return text
    text = _BEFORE_HIGH.sub(NNBSP + r"\1", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _AFTER_OPEN.sub("«" + NBSP, text)
    return _BEFORE_CLOSE.sub(NBSP + "»", text)


def for_lang(text: str, lang: str) -> str:
    """`french(text)` in French, `text` untouched in any other language."""
    return french(text) if lang == "fr" else text


def shown(text: str) -> str:
    """`text` set as the language of the interface sets it (`for_lang` with the language shown):
    what every door to the person (notes and errors, prompts, screens) passes its words through."""
    from cmq_wizard.i18n import get_lang

    return french(text) if get_lang() == "fr" else text


def _deep(value: _T) -> _T:
    if isinstance(value, str):
        return french(value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [_deep(v) for v in value]  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_deep(v) for v in value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields: dict[str, Any] = {f.name: _deep(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **fields)
    return value


def typeset(view: View) -> View:
    """A French result view with every text spaced the French way (ids and codes have no spaces
    before a mark, so they come out as they were); any other language's view as it is."""
    if view.lang != "fr":
        return view
    return _deep(view)


def wrap(text: str, width: int, first: str = "", indent: str = "", lang: str | None = None) -> list[str]:
    """`text` wrapped between words; a word longer than the line is never broken.

    French text (`lang`, else the language shown) is set the French way first: its non-breaking
    spaces keep each mark with its word (« nous contacter », `thématique :`), and stay in the lines.
    `first` and `indent` are taken as they are. (Here, not in `render.summary`: the prompts wrap
    every question with it, long before a result is shown.)
    """
    import textwrap

    from cmq_wizard.i18n import get_lang

    set_ = for_lang(text, lang or get_lang())
    return textwrap.wrap(
        set_,
        max(10, width),
        initial_indent=first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]
