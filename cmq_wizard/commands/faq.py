"""`cmq-wizard faq list | show ID | search TERMS`."""

from __future__ import annotations

import textwrap

from cmq_wizard import terminal
from cmq_wizard.answers import fold
from cmq_wizard.errors import UserError
from cmq_wizard.i18n import t
from cmq_wizard.loader import did_you_mean
from cmq_wizard.model import FaqEntry
from cmq_wizard.render.view import plain
from cmq_wizard.settings import Settings
from cmq_wizard.typography import for_lang


def _entry_text(entry: FaqEntry, lang: str, width: int) -> str:
    def fill(text: str, indent: str = "") -> str:
        # Set the French way before wrapping: a non-breaking space is never a place to break.
        return textwrap.fill(for_lang(plain(text), lang), width, initial_indent=indent, subsequent_indent=indent)

    lines = [entry.id, "=" * len(entry.id), "", fill(entry.question.get(lang)), "", fill(entry.answer.get(lang), "  ")]
    if entry.aside is not None:
        lines += ["", fill(entry.aside.get(lang), "  ")]
    return "\n".join(lines) + "\n"


def faq_list(settings: Settings) -> int:
    entries = settings.ruleset.faq.entries
    pad = max(len(e.id) for e in entries)
    for entry in entries:
        terminal.say(f"{entry.id.ljust(pad)}  {plain(entry.question.get(settings.lang))}\n")
    return 0


def faq_show(settings: Settings, entry_id: str) -> int:
    by_id = settings.ruleset.faq_by_id
    entry = by_id.get(entry_id)
    if entry is None:
        hint = did_you_mean(entry_id, by_id)
        raise UserError(
            t("faq.unknown", id=entry_id), where="faq show", hint=(hint + " " if hint else "") + t("faq.hint_list")
        )
    terminal.say(_entry_text(entry, settings.lang, terminal.width()))
    return 0


def search(settings: Settings, terms: list[str]) -> list[FaqEntry]:
    """Entries holding every term, in question, answer or aside, ignoring case and accents."""
    words = [fold(term) for term in terms if fold(term)]
    found = []
    for entry in settings.ruleset.faq.entries:
        texts = [entry.question, entry.answer] + ([entry.aside] if entry.aside else [])
        haystack = " ".join(fold(text.fr) + " " + fold(text.en or "") for text in texts)
        if all(word in haystack for word in words):
            found.append(entry)
    return found


def faq_search(settings: Settings, terms: list[str]) -> int:
    shown = " ".join(terms)
    found = search(settings, terms)
    if not found:
        terminal.say(t("faq.no_match", terms=shown) + "\n")
        return 0
    terminal.say(t("faq.matches", count=len(found), terms=shown) + "\n\n")
    width = terminal.width()
    terminal.say("\n".join(_entry_text(entry, settings.lang, width) for entry in found))
    return 0
