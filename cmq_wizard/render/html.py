"""A one-page, self-contained, printable HTML handout. Every piece of content is escaped."""

from __future__ import annotations

from html import escape

from cmq_wizard.i18n import t
from cmq_wizard.render.view import View, anchor
from cmq_wizard.typography import for_lang

COLOURS = {"eligible": "#1b7f3b", "conditional": "#9a6700", "not_eligible": "#b42318", "info": "#175cd3"}
SIGNS = {"eligible": "✔", "conditional": "?", "not_eligible": "✘", "info": "ℹ"}

CSS = """
@page { size: A4; margin: 12mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 10.5pt/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: #1d2939; max-width: 46em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 16pt; margin: 0 0 .1em; }
h2 { font-size: 11.5pt; margin: .9em 0 .35em; border-bottom: 1px solid #d0d5dd; padding-bottom: .1em; }
h3 { font-size: 10.5pt; margin: .6em 0 .2em; }
p, ul, ol { margin: .3em 0; }
ul, ol { padding-left: 1.4em; }
.meta { color: #475467; margin: 0 0 .8em; }
.verdict { border: 2px solid var(--c); border-left-width: 8px; border-radius: 6px; padding: .5em .9em; }
.verdict p { margin: 0; }
.verdict strong { color: var(--c); font-size: 14pt; letter-spacing: .02em; }
.verdict ul { margin: .3em 0 0; padding-left: 1.2em; }
.warning { background: #fffaeb; border: 1px solid #fec84b; padding: .4em .7em; border-radius: 4px; }
table.answers { border-collapse: collapse; width: 100%; }
table.answers th { text-align: left; font-weight: normal; color: #475467; width: 45%; padding: .15em 1em .15em 0;
                   vertical-align: top; }
table.answers td { font-weight: 600; padding: .15em 0; vertical-align: top; }
blockquote { margin: .2em 0 .5em; padding-left: .8em; border-left: 3px solid #d0d5dd; }
.aside { font-style: italic; color: #475467; }
.explain { font-size: 9pt; color: #475467; }
.source { display: block; font-size: 9pt; color: #475467; }
footer { margin-top: 1.2em; color: #475467; font-size: 8.5pt; border-top: 1px solid #d0d5dd; padding-top: .3em; }
@media print {
  body { font-size: 9pt; line-height: 1.3; margin: 0; max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; }
  blockquote, li, tr, .verdict { break-inside: avoid; }
}
"""


def render(view: View) -> str:
    def e(text: str) -> str:
        return escape(for_lang(text, view.lang))  # French spacing in the text, never in the markup

    colour = COLOURS[view.verdict]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(view.lang)}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(view.title)} — {e(view.verdict_label)}</title>",
        f"<style>{CSS}</style></head>",
        "<body>",
        f"<header><h1>{e(view.title)}</h1>",
        f'<p class="meta">{e(view.ruleset_name)} — {e(t("view.printed_on", date=view.date))}</p></header>',
    ]
    for warning in view.warnings:
        parts.append(f'<p class="warning">{e(t("view.warning_prefix"))} {e(warning)}</p>')
    parts.append(f'<section class="verdict" style="--c: {colour}">')
    parts.append(f"<p><strong>{SIGNS[view.verdict]} {e(view.verdict_label)}</strong> — {e(view.verdict_summary)}</p>")
    parts.append("<ul>" + "".join(f"<li>{e(o.title)}</li>" for o in view.outcomes) + "</ul></section>")
    if view.reasons:
        parts.append(f"<h2>{e(t('view.why'))}</h2><ul>" + "".join(f"<li>{e(r)}</li>" for r in view.reasons) + "</ul>")
    parts.append(f'<h2>{e(t("view.your_answers"))}</h2><table class="answers">')
    parts.extend(f'<tr><th scope="row">{e(q)}</th><td>{e(a)}</td></tr>' for q, a in view.answers)
    parts.append("</table>")
    if view.next_steps:
        items = []
        for i, step in enumerate(view.next_steps):
            sources = view.step_sources[i] if i < len(view.step_sources) else []
            links = " · ".join(f'<a href="#{e(anchor(eid))}">{e(q)}</a>' for eid, q in sources)
            source = f'<span class="source">{e(t("view.from_faq"))} {links}</span>' if sources else ""
            items.append(f"<li>{e(step)}{source}</li>")
        parts.append(f"<h2>{e(t('view.next_steps'))}</h2><ol>" + "".join(items) + "</ol>")
    if view.contacts:
        parts.append(f"<h2>{e(t('view.contacts'))}</h2><ul>")
        parts.extend(f"<li><strong>{e(n)}</strong>" + (f" ({e(h)})" if h else "") + "</li>" for n, h in view.contacts)
        parts.append("</ul>")
    parts.append(f"<h2>{e(t('view.faq'))}</h2>")
    for entry in view.faq:
        paragraphs = [p for p in entry.answer.split("\n\n") if p.strip()]
        heading = f'<h3 id="{e(anchor(entry.id))}">{e(entry.question)}</h3>'
        parts.append(heading + "<blockquote>" + "".join(f"<p>{e(p)}</p>" for p in paragraphs))
        if entry.aside:
            parts.append(f'<p class="aside">{e(entry.aside)}</p>')
        parts.append("</blockquote>")
    if view.explain:
        parts.append(
            f'<h2>{e(t("view.explain"))}</h2><ul class="explain">'
            + "".join(f"<li>{e(x)}</li>" for x in view.explain)
            + "</ul>"
        )
    parts.append(f"<footer>{e(view.source)}</footer>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
