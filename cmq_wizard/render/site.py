"""The static page (SPEC §10): the rule set compiled to a decision tree, embedded in one HTML file.

Python does all the deciding. `compile_tree` walks every reachable path (the walk `rules table`
makes) and asks the engine for the result of each, exactly as `cmq-wizard run` would; the page's
script only follows the tree, answer by answer, and shows what it finds at the leaf. It never
tests a condition, so the page and the CLI cannot disagree.

Every text is stored once in a string table and referred to by its index; each text of the
content is a pair of indexes (French, English). The page without JavaScript (the guidance as
nested lists and sections) holds the texts of the page's first language; the embedded table
leaves those out, and the script reads them back from that HTML before it replaces it.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from cmq_wizard import conditions, i18n, lint
from cmq_wizard.engine import Engine
from cmq_wizard.model import RuleSet, Text
from cmq_wizard.render.html import COLOURS, SIGNS
from cmq_wizard.render.view import plain
from cmq_wizard.typography import for_lang

ASSETS = Path(__file__).with_name("site_assets")
LANGUAGES = i18n.LANGUAGES

# The interface words the page needs, both languages (locale/messages.yaml).
UI_KEYS = (
    "site.progress",
    "site.back",
    "site.restart",
    "site.result",
    "site.change",
    "site.change_label",
    "site.previous_answer",
    "site.why",
    "explain.matched",
    "explain.deciding",
    "explain.answer",
    "explain.separator",
    "site.print",
    "site.switch",
    "site.switch_lang",
    "site.bad_link",
    "site.bad_question",
    "site.bad_value",
    "site.bad_lang",
    "site.ignored",
    "site.announce",
    "site.address",
    "view.your_answers",
    "view.next_steps",
    "view.contacts",
    "view.faq",
    "view.source",
)


class _Strings:
    """A table of unique strings; each string is written once and referred to by its index."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def ref(self, value: str) -> int:
        index = self._index.get(value)
        if index is None:
            index = self._index[value] = len(self.items)
            self.items.append(value)
        return index

    def text(self, text: Text | None, langs: tuple[str, ...]) -> list[int] | None:
        if text is None:
            return None
        return [self.ref(_content(text, lang)) for lang in langs]

    def each(self, make: Any, langs: tuple[str, ...]) -> list[int]:
        """A text made by `make(lang)` for each language (interface words)."""
        return [self.ref(make(lang)) for lang in langs]


def _content(text: Text, lang: str) -> str:
    """A text of the content in `lang`, as the page shows it (French spacing in French: a browser
    never breaks a line at a no-break space, so no line starts with « ? » or « : »)."""
    return for_lang(plain(text.get(lang)), lang)


def _in(lang: str, key: str, **fields: Any) -> str:
    """An interface string in `lang`, whatever the current language, set as `lang` sets it."""
    entry = i18n.catalogue()[key]
    text = entry.get(lang) or entry[i18n.DEFAULT_LANG]
    return for_lang(text.format(**fields) if fields else text, lang)


def page_languages(ruleset: RuleSet) -> tuple[str, ...]:
    return tuple(lang for lang in LANGUAGES if lang in ruleset.meta.languages) or (i18n.DEFAULT_LANG,)


def compile_tree(ruleset: RuleSet, langs: tuple[str, ...] = LANGUAGES) -> dict[str, Any]:
    """The whole rule set as data the page walks: questions, texts, and the result of every path.

    `t` is the tree: a question node is `[question index, [child for each choice, in order]]`,
    a leaf is the index of its result in `x`. Paths that end in the same result share it.
    """
    engine = Engine(ruleset)
    s = _Strings()
    prefixes: dict[lint.Prefix, Any] = {}
    paths = lint.walk(ruleset, tree=prefixes)
    q_index = {q.id: i for i, q in enumerate(ruleset.questions)}
    rule_index = {r.id: i for i, r in enumerate(ruleset.rules)}
    faq_index = {e.id: i for i, e in enumerate(ruleset.faq.entries)}
    contact_index = {c.id: i for i, c in enumerate(ruleset.meta.contacts)}

    results: list[list[Any]] = []
    result_of: dict[str, int] = {}
    leaf_of: dict[lint.Prefix, int] = {}
    for path in paths:
        result = engine.evaluate(path.answers)
        record = [
            result.verdict,
            [rule_index[r.id] for r in result.outcomes],
            [rule_index[r.id] for r in result.deciding],
            [faq_index[e.id] for e in result.faq],
            [s.text(step, langs) for step in result.next_steps],
            [contact_index[c.id] for c in result.contacts],
        ]
        key = json.dumps(record)
        if key not in result_of:
            result_of[key] = len(results)
            results.append(record)
        leaf_of[tuple(path.answers.items())] = result_of[key]

    def node(prefix: lint.Prefix) -> Any:
        if prefix in leaf_of:
            return leaf_of[prefix]
        question = ruleset.questions[prefixes[prefix]]
        return [q_index[question.id], [node((*prefix, (question.id, c.id))) for c in question.spec.choices]]

    def verdict_text(verdict: str) -> list[list[int] | None]:
        words = ruleset.meta.verdicts[verdict]  # type: ignore[index]
        return [s.text(words.label, langs), s.text(words.summary, langs)]

    source = ruleset.faq.source
    return {
        "L": list(langs),
        "u": {key: s.each(lambda lang, key=key: _in(lang, key), langs) for key in UI_KEYS if key != "view.source"}
        | {
            "view.source": s.each(
                lambda lang: _in(lang, "view.source", title=source.title.get(lang), updated=source.updated), langs
            )
        },
        "m": [s.text(ruleset.meta.title, langs), s.text(ruleset.meta.name, langs), s.text(ruleset.meta.tagline, langs)],
        "q": [
            [
                q.id,
                s.text(q.spec.text, langs),
                s.text(q.spec.help, langs),
                [[c.id, s.text(c.label, langs)] for c in q.spec.choices],
            ]
            for q in ruleset.questions
        ],
        "v": {verdict: [*verdict_text(verdict), SIGNS[verdict]] for verdict in ruleset.meta.verdicts},
        "r": [
            [
                r.id,
                r.spec.verdict,
                s.text(r.spec.title, langs),
                s.text(r.spec.reason, langs),
                sorted(q_index[q] for q in conditions.questions_of(r.when) if q in q_index),
            ]
            for r in ruleset.rules
        ],
        "f": [
            [e.id, s.text(e.question, langs), s.text(e.answer, langs), s.text(e.aside, langs)]
            for e in ruleset.faq.entries
        ],
        "c": [[c.id, s.text(c.name, langs), s.text(c.how, langs)] for c in ruleset.meta.contacts],
        "x": results,
        "t": node(()),
        "w": ruleset.meta.site_url,
        "s": s.items,
    }


def _compact(code: str) -> str:
    """The script without its indentation and its comment lines (a few kB less; nothing else changes)."""
    lines = (line.strip() for line in code.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith(("/*", "//", "*")))


def _script_json(data: Any) -> str:
    """JSON that cannot end the <script> element holding it, nor start a comment there."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(ruleset: RuleSet, lang: str) -> tuple[str, dict[str, Any]]:
    """The page, in `lang` first (the other language one click away); and the data it embeds."""
    langs = page_languages(ruleset)
    lang = lang if lang in langs else langs[0]
    data = compile_tree(ruleset, langs)
    data["l"] = lang
    static, in_static = static_page(ruleset, data, lang)
    page_data = {**data, "s": [0 if i in in_static else text for i, text in enumerate(data["s"])]}
    css = (ASSETS / "style.css").read_text(encoding="utf-8")
    js = _compact((ASSETS / "script.js").read_text(encoding="utf-8"))
    colours = "".join(f".v-{v}{{--c:{c}}}" for v, c in COLOURS.items())
    e = escape
    title = _content(ruleset.meta.title, lang)
    tagline = _content(ruleset.meta.tagline, lang) if ruleset.meta.tagline else ""
    return "".join(
        [
            "<!DOCTYPE html>\n",
            f'<html lang="{e(lang)}"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="description" content="{e(tagline)}">' if tagline else "",
            f"<title>{e(title)}</title><style>{css}{colours}</style></head><body>",
            f'<header><p class="org">{e(_content(ruleset.meta.name, lang))}</p><h1>{e(title)}</h1>',
            '<button type="button" id="lang" hidden></button></header><main id="main">',
            '<div id="app" hidden></div><div id="live" class="sr" aria-live="polite"></div>',
            static,
            "</main>",
            f"<footer><p>{e(_in(lang, 'view.source', title=ruleset.faq.source.title.get(lang), updated=ruleset.faq.source.updated))}</p></footer>",  # noqa: E501
            f'<script type="application/json" id="cmq-data">{_script_json(page_data)}</script>',
            f"<script>{js}</script></body></html>\n",
        ]
    ), data


def static_page(ruleset: RuleSet, data: dict[str, Any], lang: str) -> tuple[str, set[int]]:
    """The page without JavaScript: every path as nested lists, each leading to its result,
    then each result, each rule's guidance and each FAQ entry, as anchored sections (`#r3`,
    `#o-lycee-join`, `#faq-governance`).

    The first element that holds a text of the string table whole carries its index
    (`data-s="12"`): the script reads those texts from here, so the JSON need not repeat them.
    Returns the HTML and the indexes so marked.
    """
    e = escape
    at = data["L"].index(lang)
    strings: list[str] = data["s"]
    index = {text: i for i, text in enumerate(strings)}
    seen: set[int] = set()

    def mark(i: int, tag: str = "span", attrs: str = "") -> str:
        if i in seen:
            return f"<{tag}{attrs}>{e(strings[i])}</{tag}>" if tag != "span" or attrs else e(strings[i])
        seen.add(i)
        return f'<{tag}{attrs} data-s="{i}">{e(strings[i])}</{tag}>'

    def tx(pair: list[int] | None, tag: str = "span", attrs: str = "") -> str:
        return mark(pair[at], tag, attrs) if pair else ""

    def text(value: Text | None, tag: str = "span", attrs: str = "") -> str:
        return mark(index[_content(value, lang)], tag, attrs) if value is not None else ""

    questions, rules, faq, verdicts = data["q"], data["r"], data["f"], data["v"]

    def tree(node: Any) -> str:
        if isinstance(node, int):
            return " → " + tx(verdicts[data["x"][node][0]][0], "a", f' href="#r{node}"')
        question = questions[node[0]]
        items = "".join(
            f"<li>{tx(label)}{tree(child)}</li>" for (_, label), child in zip(question[3], node[1], strict=True)
        )
        return f"<ul><li>{tx(question[1])}<ul>{items}</ul></li></ul>"

    parts = [f'<div id="static"><p>{e(_in(lang, "site.nojs"))}</p>']
    parts.append(f'<h2>{e(_in(lang, "site.paths"))}</h2><nav class="paths">{tree(data["t"])}</nav>')
    parts.append(f'<h2>{e(_in(lang, "site.results"))}</h2><ol class="results">')
    for n, (verdict, outcomes, *_) in enumerate(data["x"]):
        links = _in(lang, "explain.separator").join(tx(rules[i][2], "a", f' href="#o-{rules[i][0]}"') for i in outcomes)
        label = e(_in(lang, "text.label", label="")).strip(" ")  # the colon, as the language writes it
        parts.append(f'<li id="r{n}" value="{n}">{tx(verdicts[verdict][0], "strong")}{label} {links}</li>')
    parts.append(f"</ol><h2>{e(_in(lang, 'site.outcomes'))}</h2>")
    for rule_id, verdict, title, reason, _ in rules:
        parts.append(f'<section id="o-{rule_id}" class="verdict v-{verdict}">{tx(title, "h3")}')
        parts.append(f"<p>{tx(verdicts[verdict][0], 'strong')}" + (f" — {tx(reason)}" if reason else "") + "</p>")
        rule = ruleset.rule_by_id[rule_id].spec
        if rule.next_steps:
            parts.append("<ol>" + "".join(text(step, "li") for step in rule.next_steps) + "</ol>")
        for contact_id in rule.contacts:
            contact = ruleset.contact_by_id[contact_id]
            parts.append(f"<p>{text(contact.name)}" + (f" ({text(contact.how)})" if contact.how else "") + "</p>")
        links = " ".join(text(ruleset.faq_by_id[fid].question, "a", f' href="#faq-{fid}"') for fid in rule.faq)
        parts.append(f"<p>{links}</p></section>")
    parts.append(f"<h2>{e(_in(lang, 'view.faq'))}</h2>")
    for entry_id, question, answer, aside in faq:
        answer_html = tx(answer, "p", ' class="pre"')
        parts.append(f'<section id="faq-{entry_id}">{tx(question, "h3")}{answer_html}')
        parts.append(tx(aside, "p", ' class="aside"') + "</section>")
    parts.append("</div>")
    return "".join(parts), seen
