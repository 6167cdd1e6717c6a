"""Rules at the speed of the parser: load + validate against a bare CSafeLoader parse, and the
`rules check` curve.

    python bench/ruleload.py RULES_DIR FAQ --rounds 7     # child mode: prints JSON timings

In child mode, one process interleaves, round after round (order drawn at random), two things
on the same files, read from disk each time:
- `loader.load(rules_dir, faq)`: what a run does on a cache miss (read, parse, validate, compile);
- `yaml.load(bytes, Loader=yaml.CSafeLoader)` of each of those files: the bare parse.
A first call of each is made before timing (imports, pydantic's validators built on first use):
the start-up is measured by the cold scripted run, not here.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def rule_set_files(rules_dir: Path, faq: Path) -> list[Path]:
    from cmq_wizard.loader import QUESTIONS_FILE, RULESET_FILE, rule_files

    return [rules_dir / RULESET_FILE, rules_dir / QUESTIONS_FILE, faq, *rule_files(rules_dir)]


def child(rules_dir: Path, faq: Path, rounds: int) -> dict[str, list[float]]:
    import os

    import yaml

    from cmq_wizard import loader

    os.environ["CMQ_WIZARD_NO_CACHE"] = "1"  # every load a miss: read, parse, validate, compile
    loader.MAX_RULES_BYTES = 1 << 30  # the 10,000-rule set weighs more than the 10 MB cap: see uncapped.py
    files = rule_set_files(rules_dir, faq)

    def bare() -> None:
        for path in files:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

    def ours() -> None:
        loader.load(rules_dir, faq)

    runs = {"parse": bare, "load": ours}
    for run in runs.values():
        run()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        names = list(runs)
        random.shuffle(names)
        for name in names:
            start = time.perf_counter()
            runs[name]()
            times[name].append(time.perf_counter() - start)
    return times


def load_vs_parse(rules_dir: Path, faq: Path, rounds: int, env: dict[str, str]) -> dict[str, list[float]]:
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), str(rules_dir), str(faq), "--rounds", str(rounds)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, list[float]] = json.loads(done.stdout)
    return result


def generated(base: Path, n_rules: int) -> tuple[Path, Path, int, int]:
    """A generated rule set of `n_rules` rules (100 questions, 3 choices): (rules dir, FAQ,
    reachable paths, matches = the (rule, path) pairs where the rule holds = rules × paths/rule).

    Made by `generate_ruleset.write` (deterministic), kept under `base` keyed on its code."""
    import hashlib

    from generate_ruleset import write

    code = hashlib.blake2b((HERE / "generate_ruleset.py").read_bytes(), digest_size=6).hexdigest()
    folder = base / f"r{n_rules}-{code}"
    counts = folder / "counts.json"
    if counts.exists():
        paths, matches = json.loads(counts.read_text(encoding="utf-8"))
        return folder / "rules", folder / "faq.yaml", paths, matches
    rules_dir, faq, paths = write(folder, n_rules, 100, 3)
    matches = count_matches(rules_dir, faq)
    counts.write_text(json.dumps([paths, matches]), encoding="utf-8")
    return rules_dir, faq, paths, matches


def count_matches(rules_dir: Path, faq: Path) -> int:
    """How many (rule, path) pairs hold: every rule tested on every reachable path."""
    from cmq_wizard import loader
    from cmq_wizard.engine import Engine

    cap = loader.MAX_RULES_BYTES
    loader.MAX_RULES_BYTES = 1 << 30
    try:
        ruleset = loader.load(rules_dir, faq)
    finally:
        loader.MAX_RULES_BYTES = cap
    paths = list(Engine(ruleset).paths())
    return sum(1 for path in paths for rule in ruleset.rules if rule.when.test(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rules_dir", type=Path)
    parser.add_argument("faq", type=Path)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(child(args.rules_dir, args.faq, args.rounds)))


if __name__ == "__main__":
    main()
