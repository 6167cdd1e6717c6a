"""`cmq-wizard rules check | graph | table | stamp`: the rule set as a product its editors can trust."""

from __future__ import annotations

import csv
import io
import itertools
import json
from typing import Any

from cmq_wizard import lint, terminal
from cmq_wizard.errors import EXIT_OK, EXIT_PROBLEMS
from cmq_wizard.i18n import t
from cmq_wizard.model import RuleSet
from cmq_wizard.safe import json_text
from cmq_wizard.settings import Settings

# Colours of the verdicts in graphs (fill, border, text): green, amber, red, blue.
VERDICT_COLOURS = {
    "eligible": ("#d4edda", "#1e7b34", "#0b3d17"),
    "conditional": ("#fff3cd", "#b8860b", "#5c4400"),
    "not_eligible": ("#f8d7da", "#b02a37", "#58151c"),
    "info": ("#d9ecf7", "#1f6f9f", "#0c3550"),
}
QUESTION_COLOURS = ("#f4f4f4", "#555555", "#222222")


# --- check -------------------------------------------------------------------------------------


def check(settings: Settings, fmt: str = "text") -> int:
    """Every problem of the rule set and the FAQ; exit 1 when there is an error (warnings: 0)."""
    report = lint.check(settings.rules_dir, settings.faq_path)
    (terminal.say if fmt == "text" else terminal.write)(render_check(report, fmt))
    return EXIT_PROBLEMS if report.errors else EXIT_OK


def render_check(report: lint.Report, fmt: str) -> str:
    rs = report.ruleset
    if fmt == "json":
        data: dict[str, Any] = {
            "ok": not report.errors,
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "paths": len(report.paths) if report.paths is not None else None,
            "rules": len(rs.rules) if rs else None,
            "questions": len(rs.questions) if rs else None,
            "problems": [p.as_dict() for p in report.problems],
        }
        return json_text(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
    severity = {"error": t("lint.error"), "warning": t("lint.warning")}
    lines = []
    for p in report.problems:
        subject = f" [{p.subject}]" if p.subject else ""
        lines.append(f"{p.where}: {severity[p.severity]}{subject} {p.message}")
        if p.hint:
            lines.append(f"    {t('text.label', label=t('error.hint_prefix'))} {p.hint}")
    if report.problems:
        lines.append(t("lint.summary", errors=len(report.errors), warnings=len(report.warnings)))
    elif rs is not None and report.paths is not None:
        lines.append(
            t(
                "lint.clean",
                paths=len(report.paths),
                rules=len(rs.rules),
                questions=len(rs.questions),
                faq=len(rs.faq.entries),
            )
        )
    return "\n".join(lines) + "\n"


# --- stamp -------------------------------------------------------------------------------------


def stamp(settings: Settings) -> int:
    """Record that the texts derived from each FAQ entry were reviewed against its current text."""
    from cmq_wizard import provenance

    done = provenance.stamp(settings.rules_dir, settings.faq_path)
    if not done.written:
        terminal.say(t("stamp.unchanged", path=done.path) + "\n")
        return EXIT_OK
    if done.first:
        lines = [t("stamp.first", path=done.path, count=len(done.changed))]
    else:
        lines = [t("stamp.recorded", path=done.path, entries=", ".join(done.changed) or "-")]
    if done.removed:
        lines.append(t("stamp.removed", entries=", ".join(done.removed)))
    terminal.say("\n".join(lines) + "\n")
    return EXIT_OK


# --- table -------------------------------------------------------------------------------------


def table(settings: Settings, fmt: str = "text") -> int:
    """Every reachable path with its verdict and outcome ids."""
    ruleset = settings.ruleset
    terminal.write(render_table(ruleset, lint.walk(ruleset), fmt))
    return EXIT_OK


def render_table(ruleset: RuleSet, paths: list[lint.PathResult], fmt: str) -> str:
    if fmt == "json":
        records = [{"answers": p.answers, "verdict": p.verdict, "outcomes": p.outcome_ids} for p in paths]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        question_ids = [q.id for q in ruleset.questions]
        writer.writerow([*question_ids, "verdict", "outcomes"])
        for p in paths:
            writer.writerow([*(p.answers.get(q, "") for q in question_ids), p.verdict or "", " ".join(p.outcome_ids)])
        return buffer.getvalue()
    header = ["#", t("table.answers"), t("table.verdict"), t("table.outcomes")]
    rows = [
        [str(n), " ".join(f"{k}={v}" for k, v in p.answers.items()), p.verdict or "-", " ".join(p.outcome_ids) or "-"]
        for n, p in enumerate(paths, 1)
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].rjust(widths[0]), row[1].ljust(widths[1]), row[2].ljust(widths[2]), row[3]]
        lines.append("  ".join(cells).rstrip())
    lines.append(t("table.count", count=len(paths)))
    return "\n".join(lines) + "\n"


# --- graph -------------------------------------------------------------------------------------


def graph(settings: Settings, fmt: str = "mermaid") -> int:
    """The decision flow: questions, the choices between them, and the outcomes they lead to."""
    ruleset = settings.ruleset
    flow = Flow(ruleset, lint.walk(ruleset))
    terminal.write(flow.dot(settings.lang) if fmt == "dot" else flow.mermaid(settings.lang))
    return EXIT_OK


class Flow:
    """The graph of every path. A question leads, by its choices, to the question asked next; an
    outcome hangs from the latest question on the path that its rule reads (where it is decided).
    An edge without choices means: whatever the answer. When where an edge leads also depends on
    an earlier answer, the edge says which (`join · profile=lycee`)."""

    def __init__(self, ruleset: RuleSet, paths: list[lint.PathResult]) -> None:
        from cmq_wizard.conditions import questions_of

        self.ruleset = ruleset
        reads = {"q:" + q.id: questions_of(q.ask_when) for q in ruleset.questions}
        reads.update({"r:" + r.id: questions_of(r.when) for r in ruleset.rules})
        # The answers that hold on every path through a question: implied there, never repeated.
        fixed: dict[str, set[tuple[str, str]]] = {}
        for path in paths:
            items = set(path.answers.items())
            for question in path.answers:
                fixed[question] = fixed[question] & items if question in fixed else set(items)
        self.edges: dict[tuple[str, str], tuple[set[str], set[tuple[tuple[str, str], ...]]]] = {}

        def add(src: str, dst: str, answers: dict[str, str]) -> None:
            choices, contexts = self.edges.setdefault((src, dst), (set(), set()))
            choices.add(answers[src])
            contexts.add(
                tuple((k, v) for k, v in answers.items() if k != src and k in reads[dst] and (k, v) not in fixed[src])
            )

        used_rules: set[str] = set()
        for path in paths:
            order = list(path.answers)
            for src, following in itertools.pairwise(order):
                add(src, "q:" + following, path.answers)
            for rule in path.outcomes:
                deciding = [q for q in order if q in reads["r:" + rule.id]] or order
                if deciding:
                    add(deciding[-1], "r:" + rule.id, path.answers)
                    used_rules.add(rule.id)
        asked = {q for q, _ in self.edges} | {dst[2:] for _, dst in self.edges if dst.startswith("q:")}
        self.questions = [q for q in ruleset.questions if q.id in asked]
        self.rules = [r for r in ruleset.rules if r.id in used_rules]
        self.node = {"q:" + q.id: f"q{i}" for i, q in enumerate(self.questions)}
        self.node.update({"r:" + r.id: f"r{i}" for i, r in enumerate(self.rules)})

    def _label(self, question_id: str, choices: set[str], contexts: set[tuple[tuple[str, str], ...]]) -> str:
        spec = self.ruleset.question_by_id[question_id].spec
        parts = []
        if len(choices) < len(spec.choices):
            parts.append(", ".join(c.id for c in spec.choices if c.id in choices))
        shown = [", ".join(f"{k}={v}" for k, v in context) for context in contexts if context]
        if shown and len(shown) == len(contexts):
            parts.append(" / ".join(sorted(shown)))
        return " · ".join(parts)

    def _edges(self) -> list[tuple[str, str, str]]:
        return [
            (self.node["q:" + src], self.node[dst], self._label(src, choices, contexts))
            for (src, dst), (choices, contexts) in self.edges.items()
        ]

    def _verdict_word(self, verdict: str, lang: str) -> str:
        words = self.ruleset.meta.verdicts.get(verdict)  # type: ignore[call-overload]
        return words.label.get(lang) if words is not None else verdict

    def mermaid(self, lang: str) -> str:
        def text(value: str) -> str:
            return value.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")

        lines = ["flowchart TD"]
        for q in self.questions:
            lines.append(f'    {self.node["q:" + q.id]}{{{{"{q.id}<br/>{text(q.spec.text.get(lang))}"}}}}')
        for r in self.rules:
            word = text(self._verdict_word(r.spec.verdict, lang))
            lines.append(f'    {self.node["r:" + r.id]}["{r.id}<br/>{word}"]')
        for src, dst, label in self._edges():
            lines.append(f'    {src} -->|"{text(label)}"| {dst}' if label else f"    {src} --> {dst}")
        fill, stroke, colour = QUESTION_COLOURS
        lines.append(f"    classDef question fill:{fill},stroke:{stroke},color:{colour}")
        lines.append("    class " + ",".join(self.node["q:" + q.id] for q in self.questions) + " question")
        for verdict, (fill, stroke, colour) in VERDICT_COLOURS.items():
            members = [self.node["r:" + r.id] for r in self.rules if r.spec.verdict == verdict]
            if members:
                lines.append(f"    classDef {verdict} fill:{fill},stroke:{stroke},color:{colour}")
                lines.append(f"    class {','.join(members)} {verdict}")
        return "\n".join(lines) + "\n"

    def dot(self, lang: str) -> str:
        def quoted(value: str) -> str:
            return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

        lines = [
            "digraph rules {",
            "    rankdir=TB;",
            '    node [fontname="Helvetica", fontsize=11];',
            '    edge [fontname="Helvetica", fontsize=10];',
        ]
        fill, stroke, colour = QUESTION_COLOURS
        for q in self.questions:
            label = quoted(f"{q.id}\n{q.spec.text.get(lang)}").replace("\n", "\\n")
            lines.append(
                f'    {self.node["q:" + q.id]} [shape=box, style="rounded,filled", '
                f'fillcolor="{fill}", color="{stroke}", fontcolor="{colour}", label={label}];'
            )
        for r in self.rules:
            fill, stroke, colour = VERDICT_COLOURS[r.spec.verdict]
            label = quoted(f"{r.id}\n{self._verdict_word(r.spec.verdict, lang)}").replace("\n", "\\n")
            lines.append(
                f"    {self.node['r:' + r.id]} [shape=box, style=filled, "
                f'fillcolor="{fill}", color="{stroke}", fontcolor="{colour}", label={label}];'
            )
        for src, dst, label in self._edges():
            lines.append(f"    {src} -> {dst} [label={quoted(label)}];" if label else f"    {src} -> {dst};")
        lines.append("}")
        return "\n".join(lines) + "\n"
