"""Realistic answer sheets for `cmq-wizard batch`, as a person's spreadsheet export would hold them.

    python bench/sheets.py OUT.jsonl [--records 1000000] [--seed 7] [--csv]

- every reachable path of the shipped rules (63 of them), drawn at random;
- each answer written as people write it: the choice id, the French label with and without its
  accents, the English label, in capitals or in lower case, JSON booleans for yes/no;
- 1 % bad records: a cut line, a line that is not an object, an answer missing, a number for an
  answer, an unknown question;
- 5 % typos, each one distinct (one letter dropped, doubled, swapped or replaced in a label), so
  that every value cache of the batch meets a stream of values it has never seen.

Reads the rule set through cmq_wizard (paths, labels); writes JSON Lines (or CSV with --csv).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BAD_SHARE = 0.01
TYPO_SHARE = 0.05
LETTERS = "abcdefghijklmnopqrstuvwxyzéè"


def unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def variants(cid: str, fr: str, en: str | None) -> list[object]:
    """The ways people write one choice, duplicates kept so that common ways weigh more."""
    out: list[object] = [cid, cid, fr, fr, unaccented(fr), unaccented(fr).lower(), fr.upper()]
    if en:
        out += [en, en.lower()]
    if cid in ("yes", "no"):
        out += [cid == "yes"] * 3
    return out


def typo(rng: random.Random, text: str) -> str:
    """`text` with one slip of the finger."""
    if len(text) < 2:
        return text + rng.choice(LETTERS)
    i = rng.randrange(len(text) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    if kind == 2:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice(LETTERS) + text[i + 1 :]


def shape() -> tuple[list[dict[str, str]], dict[tuple[str, str], list[object]], dict[tuple[str, str], list[str]]]:
    """The paths of the shipped rules, and for each (question, choice) its ways and its labels."""
    sys.path.insert(0, str(ROOT))
    from cmq_wizard.settings import Settings

    settings = Settings()
    paths = [dict(p) for p in settings.engine.paths()]
    ways: dict[tuple[str, str], list[object]] = {}
    labels: dict[tuple[str, str], list[str]] = {}
    for question in settings.ruleset.questions:
        for choice in question.spec.choices:
            fr, en = choice.label.fr, choice.label.en
            ways[question.id, choice.id] = variants(choice.id, fr, en)
            labels[question.id, choice.id] = [x for x in (fr, en, unaccented(fr)) if x]
    return paths, ways, labels


def write(out: Path, count: int, seed: int = 7, as_csv: bool = False) -> dict[str, int]:
    """Write `count` records to `out`; return how many of each kind were written."""
    rng = random.Random(seed)
    paths, ways, labels = shape()
    order: list[str] = []
    for path in paths:
        for qid in path:
            if qid not in order:
                order.append(qid)
    seen_typos: set[str] = set()
    counts = {"records": 0, "bad": 0, "typos": 0, "paths": len(paths)}
    with open(out, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream) if as_csv else None
        if writer is not None:
            writer.writerow(order)
        for _ in range(count):
            path = rng.choice(paths)
            record: dict[str, object] = {qid: rng.choice(ways[qid, cid]) for qid, cid in path.items()}
            r = rng.random()
            raw: str | None = None
            if r < BAD_SHARE:
                counts["bad"] += 1
                kind = rng.randrange(5)
                qid = rng.choice(list(record))
                if kind == 0:
                    raw = json.dumps(record, ensure_ascii=False)[: rng.randrange(2, 20)]  # cut line
                elif kind == 1:
                    raw = json.dumps(list(record.values()), ensure_ascii=False)  # not an object
                elif kind == 2:
                    del record[qid]  # an answer missing
                elif kind == 3:
                    record[qid] = rng.randrange(10, 99)  # a number for an answer
                else:
                    record[qid + "e"] = record.pop(qid)  # a misspelt question
            elif r < BAD_SHARE + TYPO_SHARE:
                counts["typos"] += 1
                qid = rng.choice(list(record))
                base = rng.choice(labels[qid, path[qid]])
                slip = typo(rng, base)
                for _ in range(50):  # distinct typos: every one is new to the batch
                    if slip not in seen_typos and slip != base:
                        break
                    slip = typo(rng, typo(rng, base))
                seen_typos.add(slip)
                record[qid] = slip
            counts["records"] += 1
            if writer is not None:
                if raw is not None:
                    stream.write(raw.replace("\n", " ") + "\n")
                else:
                    writer.writerow(["" if record.get(q) is None else _cell(record[q]) for q in order])
            else:
                stream.write((raw if raw is not None else json.dumps(record, ensure_ascii=False)) + "\n")
    return counts


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value)


def head(src: Path, dst: Path, count: int) -> None:
    """The first `count` lines of `src` (the same mixture, fewer records)."""
    with open(src, "rb") as inp, open(dst, "wb") as out:
        for n, line in enumerate(inp):
            if n >= count:
                break
            out.write(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--csv", action="store_true", help="CSV with a header row instead of JSON Lines")
    args = parser.parse_args()
    counts = write(args.out, args.records, args.seed, args.csv)
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
