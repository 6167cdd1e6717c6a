"""Benchmark of `cmq-wizard rules check` (SPEC §8): a generated rule set of 1,000 rules and 100
questions must be checked in under one second, and the cost must grow no faster than the number
of reachable paths. Not a unit test: run it by hand, on a quiet machine.

    python bench/rules_check_bench.py [--runs 5]

It prints, as medians of interleaved runs:
- the whole command, `cmq-wizard --rules … --faq … rules check`, in a fresh process (wall time);
- inside one process: loading and validating the files (`loader.collect`), then the checks of
  `lint.py` alone (walking every path, examples, texts);
- the checks alone on sets with 1×, 2×, 4× and 8× as many paths (same 1,000 rules), as time per
  path: flat when the cost grows with the paths, not with paths × rules;
- for comparison, the naive way: every rule tested on every path.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generate_ruleset import write  # noqa: E402

from cmq_wizard import lint, loader  # noqa: E402


def measure(runs: int, fn: Callable[[], object]) -> tuple[float, float]:
    """Medians of wall time and of this process's CPU time (steadier on a busy machine)."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def child_run(command: list[str]) -> tuple[float, float, int]:
    """Wall and CPU time (user + system) of a fresh process, and its exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description="rules check benchmark")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = args.runs
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        rules_dir, faq, paths = write(base / "x1", 1000, 100, 3)
        report = lint.check(rules_dir, faq)
        assert report.problems == [], report.problems[:3]
        print(f"generated: 1000 rules, 100 questions, {paths} reachable paths; rules check: clean")

        command = [sys.executable, "-m", "cmq_wizard", "--rules", str(rules_dir), "--faq", str(faq), "rules", "check"]
        floor = [sys.executable, "-c", "import typer, pydantic, yaml"]
        whole: list[tuple[float, float]] = []
        start_up: list[tuple[float, float]] = []
        for _ in range(runs):  # interleaved
            wall, cpu, code = child_run(command)
            assert code == 0
            whole.append((wall, cpu))
            wall, cpu, code = child_run(floor)
            start_up.append((wall, cpu))

        def med(pairs: list[tuple[float, float]], i: int) -> float:
            return statistics.median(p[i] for p in pairs)

        total = med(whole, 1)
        verdict = "OK" if total < 1 else "OVER"
        print(f"whole command, fresh process: {med(whole, 0):.3f} s wall, {total:.3f} s CPU  {verdict} (< 1 s)")
        print(f"  of which start-up (python + typer, pydantic, yaml imports): {med(start_up, 1):.3f} s CPU")

        ruleset, problems = loader.collect(rules_dir, faq)
        load = measure(runs, lambda: loader.collect(rules_dir, faq))
        checks = measure(runs, lambda: lint.inspect(ruleset, problems))
        print(f"  load + validate (loader.collect): {load[0]:.3f} s wall, {load[1]:.3f} s CPU")
        print(f"  checks of lint.py (lint.inspect): {checks[0]:.3f} s wall, {checks[1]:.3f} s CPU")

        print("\nscaling: same 1000 rules and 100 questions, more paths (lint.inspect, CPU):")
        print(f"{'paths':>7} {'checks':>9} {'per path':>10} {'naive: every rule on every path':>33}")
        for factor in (1, 2, 4, 8):
            rdir, ffile, n_paths = write(base / f"s{factor}", 1000, 100, 3 * factor)
            rs, found = loader.collect(rdir, ffile)
            assert rs is not None and not found
            _, cpu = measure(runs, lambda rs=rs: lint.inspect(rs))
            walked = lint.walk(rs)
            _, naive = measure(
                max(1, runs // 2),
                lambda rs=rs, walked=walked: [[r for r in rs.rules if r.when.test(p.answers)] for p in walked],
            )
            print(f"{n_paths:>7} {cpu:>8.3f}s {cpu / n_paths * 1e6:>8.0f}µs {naive:>32.3f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
