"""Markdown handouts (`--format markdown`, `.md`)."""

from __future__ import annotations

import re

from cmq_wizard.i18n import t
from cmq_wizard.render.view import View, anchor
from cmq_wizard.typography import for_lang

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def esc(text: str) -> str:
    """Markdown-escape content so that it shows as written."""
    return _SPECIAL.sub(r"\\\1", text)


def render(view: View) -> str:
    out = [f"# {esc(view.title)}", ""]
    for warning in view.warnings:
        out += [f"> {t('view.warning_prefix')} {esc(warning)}", ""]
    out += [f"**{esc(view.verdict_label)}** — {esc(view.verdict_summary)}", ""]
    out += [f"- {esc(o.title)}" for o in view.outcomes] + [""]
    if view.reasons:
        out += [f"## {t('view.why')}", ""] + [f"- {esc(r)}" for r in view.reasons] + [""]
    out += [f"## {t('view.your_answers')}", ""]
    out += [f"- {esc(q)} **{esc(a)}**" for q, a in view.answers] + [""]
    if view.next_steps:
        out += [f"## {t('view.next_steps')}", ""]
        for i, step in enumerate(view.next_steps, 1):
            out.append(f"{i}. {esc(step)}")
            links = " · ".join(f"[{esc(q)}](#{anchor(e)})" for e, q in _sources(view, i - 1))
            if links:
                out.append(f"   - {t('view.from_faq')} {links}")
        out.append("")
    if view.contacts:
        out += [f"## {t('view.contacts')}", ""]
        out += [f"- {esc(n)}" + (f" ({esc(h)})" if h else "") for n, h in view.contacts] + [""]
    out += [f"## {t('view.faq')}", ""]
    for entry in view.faq:
        out += [f'<a id="{anchor(entry.id)}"></a>', "", f"### {esc(entry.question)}", "", esc(entry.answer), ""]
        if entry.aside:
            out += [f"*{esc(entry.aside)}*", ""]
    if view.explain:
        out += [f"## {t('view.explain')}", ""] + [f"- {esc(line)}" for line in view.explain] + [""]
    out += ["---", "", f"{esc(view.source)} — {t('view.printed_on', date=view.date)}", ""]
    return for_lang("\n".join(out), view.lang)


def _sources(view: View, index: int) -> list[tuple[str, str]]:
    return view.step_sources[index] if index < len(view.step_sources) else []
