"""Generate a large, clean rule set for the `rules check` benchmark (SPEC §8).

    python bench/generate_ruleset.py OUT_DIR [--rules 1000] [--questions 100] [--choices 3]

Shape: two top questions (`area`, `role`) and follow-ups, each asked for one (area, role) pair
with `--choices` choices; so the number of reachable paths is about follow-ups × choices. The
rules mix every form of the condition language: one rule per follow-up choice (so that every
path is answered), one per area, and the rest `question: [choices]` lists, `not`, and a few
`any` (rules with no necessary test, which the index cannot narrow). Every rule carries an
example whose expected verdict and outcomes are computed here, by testing every rule on every
path (the slow, obvious way). The result passes `rules check` with no problem at all.
"""

from __future__ import annotations

import argparse
import math
import random
from pathlib import Path
from typing import Any

VERDICTS = ["eligible", "conditional", "not_eligible", "info"]
ORDER = ["not_eligible", "conditional", "eligible", "info"]


def _text(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


def _holds(cond: dict[str, Any], answers: dict[str, str]) -> bool:
    """The condition language, evaluated naively (independent of cmq_wizard.conditions)."""
    for key, value in cond.items():
        if key == "all":
            ok = all(_holds(c, answers) for c in value)
        elif key == "any":
            ok = any(_holds(c, answers) for c in value)
        elif key == "not":
            ok = not _holds(value, answers)
        else:
            ok = answers.get(key) in (value if isinstance(value, list) else [value])
        if not ok:
            return False
    return True


def _source(faq: list[str]) -> Any:
    """A text's `from`: the rule's FAQ entries (a fresh list, so that YAML writes no alias), or
    `interface`."""
    return list(faq) or "interface"


def generate(n_rules: int = 1000, n_questions: int = 100, n_choices: int = 3, seed: int = 4) -> dict[str, Any]:
    """The files of the rule set, as data: {'ruleset': …, 'questions': …, 'rules': …, 'faq': …}."""
    rng = random.Random(seed)
    n_follow = n_questions - 2
    n_roles = max(2, int(math.sqrt(n_follow / 2)))
    n_areas = math.ceil(n_follow / n_roles)
    areas = [f"a{i}" for i in range(n_areas)]
    roles = [f"r{j}" for j in range(n_roles)]
    choices = [f"c{c}" for c in range(n_choices)]
    pairs = [(a, r) for a in areas for r in roles][:n_follow]

    questions: list[dict[str, Any]] = [
        {
            "id": "area",
            "text": _text("Quel domaine ?", "Which area?"),
            "choices": [{"id": a, "label": _text(f"Domaine {a}", f"Area {a}")} for a in areas],
        },
        {
            "id": "role",
            "text": _text("Quel rôle ?", "Which role?"),
            "choices": [{"id": r, "label": _text(f"Rôle {r}", f"Role {r}")} for r in roles],
        },
    ]
    follow: list[tuple[str, str, str]] = []
    for k, (a, r) in enumerate(pairs):
        qid = f"f{k}"
        follow.append((qid, a, r))
        questions.append(
            {
                "id": qid,
                "ask_when": {"area": a, "role": r},
                "text": _text(f"Question {k} ?", f"Question {k}?"),
                "choices": [{"id": c, "label": _text(f"Choix {c}", f"Choice {c}")} for c in choices],
            }
        )

    conditions: list[dict[str, Any]] = []
    for qid, a, r in follow:
        for c in choices:
            conditions.append({"area": a, "role": r, qid: c})
    conditions += [{"area": a} for a in areas]
    while len(conditions) < n_rules:
        qid, a, r = rng.choice(follow)
        kind = rng.random()
        if kind < 0.45:
            conditions.append({"role": r, qid: rng.sample(choices, max(1, n_choices - 1))})
        elif kind < 0.9:
            conditions.append({"area": a, "role": r, "not": {qid: rng.choice(choices)}})
        else:  # no necessary test: tested on every path
            other, _, _ = rng.choice(follow)
            conditions.append({"any": [{qid: rng.choice(choices)}, {other: rng.choice(choices)}]})
    conditions = conditions[:n_rules]

    paths: list[dict[str, str]] = []
    asked = {(a, r): qid for qid, a, r in follow}
    for a in areas:
        for r in roles:
            qid = asked.get((a, r))
            if qid is None:
                paths.append({"area": a, "role": r})
            else:
                paths.extend({"area": a, "role": r, qid: c} for c in choices)

    rules: list[dict[str, Any]] = []
    for n, cond in enumerate(conditions):
        area = cond.get("area")
        faq = [f"faq-{area}"] if isinstance(area, str) and set(cond) == {"area"} else []
        verdict = VERDICTS[n % 4] if n >= n_follow * n_choices else VERDICTS[n % 3]
        rules.append(
            {
                "id": f"rule-{n}",
                "when": cond,
                "verdict": verdict,
                "title": {**_text(f"Règle {n}", f"Rule {n}"), "from": _source(faq)},
                "reason": {**_text(f"Parce que {n}.", f"Because {n}."), "from": _source(faq)},
                "faq": faq,
                "next_steps": [{**_text(f"Étape {n}.", f"Step {n}."), "from": _source(faq)}],
                # A restrictive verdict names someone to ask.
                "contacts": ["desk"] if verdict in ("not_eligible", "conditional") else [],
            }
        )
    matched = [[r for r in rules if _holds(r["when"], p)] for p in paths]
    for rule in rules:
        k = next(i for i, found in enumerate(matched) if rule in found)
        outcomes = matched[k]
        rule["examples"] = [
            {
                "answers": dict(paths[k]),
                "verdict": min((r["verdict"] for r in outcomes), key=ORDER.index),
                "outcomes": [r["id"] for r in outcomes],
            }
        ]

    verdict_words = {
        v: {"label": _text(v, v), "summary": {**_text(f"Verdict {v}.", f"Verdict {v}."), "from": "interface"}}
        for v in VERDICTS
    }
    return {
        "ruleset": {
            "version": "bench-1",
            "name": _text("Jeu de règles généré", "Generated rule set"),
            "title": _text("Banc d'essai", "Benchmark"),
            "languages": ["fr", "en"],
            "verdicts": verdict_words,
            "contacts": [{"id": "desk", "from": "interface", "name": _text("Accueil", "Front desk")}],
        },
        "questions": {"questions": questions},
        "rules": {"rules": rules},
        "faq": {
            "source": {"title": _text("FAQ générée", "Generated FAQ"), "updated": "2026"},
            "entries": [
                {"id": f"faq-{a}", "question": _text(f"Et {a} ?", f"What of {a}?"), "answer": _text("Oui.", "Yes.")}
                for a in areas
            ],
        },
        "paths": len(paths),
    }


def write(out: Path, n_rules: int = 1000, n_questions: int = 100, n_choices: int = 3) -> tuple[Path, Path, int]:
    """Write the rule set under `out` as block YAML; return (rules dir, FAQ file, path count)."""
    from cmq_wizard.model import FaqEntry
    from cmq_wizard.provenance import fingerprint
    from cmq_wizard.yamlio import dump

    data = generate(n_rules, n_questions, n_choices)
    # Reviewed as generated: the fingerprints `cmq-wizard rules stamp` would record.
    entries = data["faq"]["entries"]
    data["ruleset"]["reviewed"] = {e["id"]: fingerprint(FaqEntry.model_validate(e)) for e in entries}
    rules_dir = out / "rules"
    rules_dir.mkdir(parents=True, exist_ok=True)
    for name in ("ruleset", "questions", "rules"):
        (rules_dir / f"{name}.yaml").write_text(dump(data[name]), "utf-8")
    faq = out / "faq.yaml"
    faq.write_text(dump(data["faq"]), "utf-8")
    return rules_dir, faq, int(data["paths"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rules", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--choices", type=int, default=3)
    args = parser.parse_args()
    rules_dir, faq, paths = write(args.out, args.rules, args.questions, args.choices)
    print(f"{rules_dir} and {faq}: {args.rules} rules, {args.questions} questions, {paths} paths")


if __name__ == "__main__":
    main()
