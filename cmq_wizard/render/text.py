"""Plain text: for pipes, `NO_COLOR`, `TERM=dumb` and `.txt` handouts. No colour, no markup."""

from __future__ import annotations

import textwrap

from cmq_wizard.i18n import t
from cmq_wizard.render.view import View
from cmq_wizard.typography import for_lang

MARKS = {"eligible": "[OK]", "conditional": "[?]", "not_eligible": "[X]", "info": "[i]"}


def render(view: View, width: int = 80) -> str:
    width = max(30, width)
    out: list[str] = []

    def para(text: str, indent: str = "", first: str | None = None) -> None:
        out.append(
            textwrap.fill(
                for_lang(text, view.lang),  # French spacing: its non-breaking spaces are never a break
                width,
                initial_indent=for_lang(first, view.lang) if first is not None else indent,
                subsequent_indent=indent,
                break_on_hyphens=False,
            )
        )

    def heading(text: str) -> None:
        text = for_lang(text, view.lang)
        out.extend(["", text, "-" * min(len(text), width)])

    out.append(for_lang(view.title, view.lang))
    out.append("=" * min(len(view.title), width))
    for warning in view.warnings:
        para(warning, "  ", t("view.warning_prefix") + " ")
    out.append("")
    para(
        f"{MARKS[view.verdict]} {view.verdict_label.upper()} : {view.verdict_summary}"
        if view.lang == "fr"
        else f"{MARKS[view.verdict]} {view.verdict_label.upper()}: {view.verdict_summary}",
        "    ",
    )
    for outcome in view.outcomes:
        para(outcome.title, "    ", "  - ")
    if view.reasons:
        heading(t("view.why"))
        for reason in view.reasons:
            para(reason, "    ", "  - ")
    heading(t("view.your_answers"))
    for question, answer in view.answers:
        para(f"{question} {answer}", "    ", "  - ")
    if view.next_steps:
        heading(t("view.next_steps"))
        for i, step in enumerate(view.next_steps, 1):
            para(step, "     ", f"  {i}. ")
            sources = view.step_sources[i - 1] if view.explain and i <= len(view.step_sources) else []
            if sources:  # --explain: where each step comes from
                quoted = [t("view.quoted", text=q) for _, q in sources]
                para(f"{t('view.from_faq')} {' · '.join(quoted)}", "       ")
    if view.contacts:
        heading(t("view.contacts"))
        for name, how in view.contacts:
            para(f"{name} ({how})" if how else name, "    ", "  - ")
    heading(t("view.faq"))
    for entry in view.faq:
        out.append("")
        para(f"« {entry.question} »" if view.lang == "fr" else f"“{entry.question}”", "  ", "  ")
        para(entry.answer, "    ")
        if entry.aside:
            para(entry.aside, "    ")  # the source's own remark, with its own marker « (Joke) »
    if view.explain:
        heading(t("view.explain"))
        for line in view.explain:
            para(line, "    ", "  - ")
    out.append("")
    para(view.source)
    return "\n".join(out) + "\n"
