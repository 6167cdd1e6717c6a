"""Speed and memory of cmq-wizard against the floor of its stack (SPEC §8), in one run.

    .venv/bin/python bench/run.py            # every figure (about 90 minutes on 2 busy cores)
    .venv/bin/python bench/run.py --quick    # fewer rounds, 100,000 records, kiosk at visit 50
    .venv/bin/python bench/run.py --only scripted,keys   # some sections only

Each measure runs the floor and cmq-wizard in alternation (the order drawn at random each
round), so that the load of the machine weighs on both alike; the table gives medians, their
spread (interquartile range over the median, floor/ours), their ratio and the budget. Exit
status 1 when a budget is missed. Not part of the test suite. Sections:

- scripted: `cmq-wizard run --answers F --format json --no-input` against `floor/floor_scripted.py`
  (typer + PyYAML's CSafeLoader + json): warm (the rule set cached by an earlier run) ≤1.10×,
  and cold (each run with its own empty XDG_CACHE_HOME: no cache entry at all) ≤1.20×;
- first: time from spawn until the first question's text is on a pseudo-terminal, against
  `floor/floor_select.py` (typer + one questionary select);
- keys: keystroke latencies through a pty (pty_latency.py): arrow keys, plain mode, kiosk at
  visit 1 and visit N; keystroke ≤1.25× a bare questionary select, result ≤1.25× a ten-line app;
- batch: `cmq-wizard batch` of realistic sheets (sheets.py: the 63 paths, label variants, 1 % bad
  records, 5 % distinct typos), 1,000,000 records, with --output to a file and to stdout, against
  `floor/floor_batch.py` (the JSON Lines round trip inside the ten-line typer app) ≤1.0×;
- memory: peak memory of each against its floor ≤1.25×, and batch at 1M records ≤1.05× at 100k;
- rules: load + validate ≤1.3× a bare CSafeLoader parse of the same files, at 1,000 and 10,000
  generated rules (ruleload.py); the `rules check` curve at 1k, 2k, 5k and 10k rules;
- site: the static page's size for the CMQ rules (≤80 kB) and the 1,000-rule set, when the
  `site` command exists.

Children run with bytecode caching on (in a private pycache folder), and with a private
cache folder for cmq-wizard's compiled rule set, warmed by a first run as a user's would be.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    FLOOR,
    HERE,
    PY,
    Row,
    child_env,
    cmq_wizard,
    interleave,
    peak_kb,
    peak_of,
    table,
    timed,
)

FIRST_QUESTION = "Qui êtes-vous\u202f?"  # as the wizard shows it: French spacing (the floor shows the same)
BUDGETS = {
    "warm": 1.10,
    "cold": 1.20,
    "first": 1.25,
    "key": 1.25,
    "result": 1.25,
    "batch": 1.0,
    "memory": 1.25,
    "flat": 1.05,
    "load": 1.3,
    "page_kb": 80.0,
}
BATCH_CAP = 20  # a batch run slower than 20 times the floor is stopped (the budget is 1.0)
SECTIONS = ("scripted", "first", "keys", "batch", "memory", "rules", "site")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def first_question(cmd: list[str], env: dict[str, str], rss_file: Path | None = None) -> float:
    """Seconds from spawn until the first question's text is on the pseudo-terminal."""
    import pexpect
    from harness import measured

    if rss_file is not None:
        cmd = measured(cmd, rss_file)
    start = time.perf_counter()
    child = pexpect.spawn(cmd[0], cmd[1:], env=env, encoding="utf-8", timeout=30, dimensions=(24, 80))
    child.expect_exact(FIRST_QUESTION)
    elapsed = time.perf_counter() - start
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    return elapsed


class Bench:
    def __init__(self, work: Path, quick: bool, records: int, kiosk_visit: int, sets: Path) -> None:
        self.work = work
        self.quick = quick
        self.records = records
        self.kiosk_visit = kiosk_visit
        self.sets = sets
        self.env = child_env(work)
        self.rows: list[Row] = []
        self.curve: list[str] = []
        self.rounds = (
            {"time": 7, "first": 5, "keys": 3, "batch": 2, "memory": 3, "load": 3, "check": 2}
            if quick
            else {"time": 21, "first": 11, "keys": 7, "batch": 3, "memory": 3, "load": 7, "check": 2}
        )
        self.answers = work / "answers.yaml"
        self.answers.write_text("profile: company\ngoal: join\nactivity_in_theme: yes\n", encoding="utf-8")
        self.floor_scripted = [PY, str(FLOOR / "floor_scripted.py"), str(self.answers)]
        self.ours_scripted = [*cmq_wizard(), "run", "--answers", str(self.answers), "--format", "json", "--no-input"]
        self.floor_select = [PY, str(FLOOR / "floor_select.py"), "--question", FIRST_QUESTION]
        self.ours_wizard = [*cmq_wizard(), "run"]
        self._jsonl: dict[int, Path] = {}
        self.batch_cap = 3600.0
        self.rule_sizes = (1000, 2000, 5000, 10000)

    # --- 1. scripted run, warm and cold ------------------------------------------------------------
    def scripted(self) -> None:
        log("scripted run: warm and cold")
        timed(self.floor_scripted, self.env)
        timed(self.ours_scripted, self.env)  # the warm cache entry

        cpu: tuple[list[float], list[float], list[float]] = ([], [], [])

        def cold() -> float:
            empty = Path(tempfile.mkdtemp(prefix="cold-", dir=self.work))
            try:
                return timed(self.ours_scripted, {**self.env, "XDG_CACHE_HOME": str(empty)}, cpu=cpu[2])
            finally:
                shutil.rmtree(empty, ignore_errors=True)

        floor, warm, cold_runs = interleave(
            self.rounds["time"],
            lambda: timed(self.floor_scripted, self.env, cpu=cpu[0]),
            lambda: timed(self.ours_scripted, self.env, cpu=cpu[1]),
            cold,
        )
        self.rows.append(Row("scripted run, warm (rule set cached)", floor, warm, "s", BUDGETS["warm"]))
        self.rows.append(Row("scripted run, cold (empty cache folder)", floor, cold_runs, "s", BUDGETS["cold"]))
        self.rows.append(Row("  info: CPU time, warm", cpu[0], cpu[1], "s"))
        self.rows.append(Row("  info: CPU time, cold", cpu[0], cpu[2], "s"))

    # --- first question ------------------------------------------------------------------------------
    def first(self) -> None:
        log("first question on a pty")
        first_question(self.floor_select, self.env)
        first_question(self.ours_wizard, self.env)
        a, b = interleave(
            self.rounds["first"],
            lambda: first_question(self.floor_select, self.env),
            lambda: first_question(self.ours_wizard, self.env),
        )
        self.rows.append(Row("first question shown (pty)", a, b, "s", BUDGETS["first"]))

    # --- 2. keystrokes ---------------------------------------------------------------------------------
    def keys(self) -> None:
        import pty_latency

        self.rows += pty_latency.measure(self.work, self.env, self.rounds["keys"], self.kiosk_visit, BUDGETS, log)

    # --- 3. a million records --------------------------------------------------------------------------
    def jsonl(self, count: int) -> Path:
        if count not in self._jsonl:
            import sheets

            largest = max(self.records, count)
            big = self.sets / f"sheets-{largest}.jsonl"
            if not big.exists():
                log(f"writing {largest:,} answer sheets")
                tmp = big.with_suffix(".tmp")
                counts = sheets.write(tmp, largest)
                tmp.rename(big)
                log(f"  {counts}")
            if count == largest:
                self._jsonl[count] = big
            else:
                part = self.work / f"sheets-{count}.jsonl"
                sheets.head(big, part, count)
                self._jsonl[count] = part
        return self._jsonl[count]

    def batch(self) -> None:
        n = self.records
        jsonl = self.jsonl(n)
        out = self.work / "out.jsonl"
        floor = [PY, str(FLOOR / "floor_batch.py"), str(jsonl)]
        to_file = [*cmq_wizard(), "batch", str(jsonl), "--output", str(out)]
        to_stdout = [*cmq_wizard(), "batch", str(jsonl)]
        roundtrip = [PY, str(HERE / "roundtrip.py")]
        log(f"batch of {n:,} records")
        # A run that takes more than CAP times the floor is stopped: the budget is missed anyway.
        cap = max(30.0, BATCH_CAP * timed(floor, self.env, stdout=out))
        a, b, c, d = interleave(
            self.rounds["batch"],
            lambda: timed(floor, self.env, stdout=out),
            lambda: timed(to_file, self.env, timeout=cap),
            lambda: timed(to_stdout, self.env, stdout=out, timeout=cap),
            lambda: timed(roundtrip, self.env, stdin=jsonl, stdout=out),
        )
        for name, ours in ((f"batch {n:,} → --output file", b), (f"batch {n:,} → stdout (to a file)", c)):
            self.rows.append(capped(Row(name, a, ours, "s", BUDGETS["batch"]), cap))
        self.rows.append(capped(Row("  info: batch → stdout vs bare round trip", d, c, "s"), cap))
        self.batch_cap = cap

    # --- memory ------------------------------------------------------------------------------------------
    def memory(self) -> None:
        env = self.env
        log("peak memory")
        a, b = interleave(
            self.rounds["memory"], lambda: peak_kb(self.floor_scripted, env), lambda: peak_kb(self.ours_scripted, env)
        )
        self.rows.append(Row("peak memory, scripted run", a, b, "MB", BUDGETS["memory"]))
        rss_floor, rss_ours = self.work / "rss-floor", self.work / "rss-ours"

        def pty_peak(cmd: list[str], rss: Path) -> float:
            first_question(cmd, env, rss)
            return float(rss.read_text(encoding="utf-8").split()[-1])

        a, b = interleave(
            self.rounds["memory"],
            lambda: pty_peak(self.floor_select, rss_floor),
            lambda: pty_peak(self.ours_wizard, rss_ours),
        )
        self.rows.append(Row("peak memory, first question", a, b, "MB", BUDGETS["memory"]))
        n, small = self.records, self.records // 10
        big, part = self.jsonl(n), self.jsonl(small)
        out = self.work / "out.jsonl"
        floor = [PY, str(FLOOR / "floor_batch.py"), str(big)]
        ours_big = [*cmq_wizard(), "batch", str(big)]
        ours_small = [*cmq_wizard(), "batch", str(part)]
        a, b, c = interleave(
            self.rounds["memory"],
            lambda: peak_kb(floor, env, stdout=out),
            lambda: peak_kb(ours_big, env, stdout=out, timeout=self.batch_cap),
            lambda: peak_kb(ours_small, env, stdout=out, timeout=self.batch_cap),
        )
        cap = self.batch_cap
        self.rows.append(capped(Row(f"peak memory, batch {n:,} (typer floor)", a, b, "MB", BUDGETS["memory"]), cap))
        self.rows.append(
            capped(Row(f"peak memory, batch {n:,} vs {small:,} (floor col.)", c, b, "MB", BUDGETS["flat"]), cap)
        )

    # --- 4. rules ----------------------------------------------------------------------------------------
    def rules(self) -> None:
        import ruleload

        sizes = self.rule_sizes
        made: dict[int, tuple[Path, Path, int, int]] = {}
        for n in sizes:
            started = time.perf_counter()
            made[n] = ruleload.generated(self.sets, n)
            log(f"rule set of {n:,} rules ready ({time.perf_counter() - started:.1f} s)")
        for n in sorted({sizes[0], sizes[-1]}):
            rules_dir, faq, _, _ = made[n]
            log(f"load + validate vs bare parse, {n:,} rules")
            rounds = self.rounds["load"] if n == sizes[0] else 2  # a 10,000-rule load takes many seconds
            times = ruleload.load_vs_parse(rules_dir, faq, rounds, self.env)
            name = f"rules load+validate, {n:,} rules (vs parse)"
            self.rows.append(Row(name, times["parse"], times["load"], "s", BUDGETS["load"]))
        largest = made[sizes[-1]]
        weight = sum(p.stat().st_size for p in largest[0].glob("*.yaml")) + largest[1].stat().st_size
        if weight > 10e6:
            note = f"{weight / 1e6:.1f} MB of YAML: over the loader's 10 MB cap, measured with the cap lifted"
            self.rows.append(Row(f"  note: {sizes[-1]:,} rules", [], [], "s", note=note))
        # the `rules check` curve
        uncapped = [PY, str(HERE / "uncapped.py")]
        runs = {n: [*uncapped, "--rules", str(made[n][0]), "--faq", str(made[n][1]), "rules", "check"] for n in sizes}
        log("rules check curve")
        # Every size does the same work: read, parse, validate, check. With the cache, the small
        # sets would be read from it and the large ones (an entry is at most 8 MB) parsed.
        env = {**self.env, "CMQ_WIZARD_NO_CACHE": "1"}
        for cmd in runs.values():
            timed(cmd, env)
        start_up = [*uncapped, "--version"]
        got = interleave(
            self.rounds["check"],
            *[lambda cmd=cmd: timed(cmd, env) for cmd in runs.values()],
            lambda: timed(start_up, env),
        )
        base = statistics.median(got[-1])
        xs = [made[n][3] for n in sizes]
        ys = [statistics.median(g) - base for g in got[:-1]]
        mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
        covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
        slope = covariance / sum((x - mean_x) ** 2 for x in xs)
        inter = mean_y - slope * mean_x
        self.curve = [
            "`rules check`, no cache (generated sets, 100 questions; start-up = `--version` of the same wrapper, "
            f"{base:.3f} s, subtracted):",
            f"{'rules':>7} {'paths':>6} {'paths/rule':>10} {'rules×paths/rule':>17} {'time':>9} {'less start-up':>13} "
            f"{'µs per pair':>11} {'line fit':>9}",
        ]
        for n, g, x, y in zip(sizes, got[:-1], xs, ys, strict=True):
            fit = inter + slope * x
            self.curve.append(
                f"{n:>7,} {made[n][2]:>6} {x / n:>10.2f} {x:>17,} {statistics.median(g):>8.3f}s {y:>12.3f}s "
                f"{y / x * 1e6:>11.1f} {fit:>8.3f}s"
            )
        self.curve.append(f"line fit: {inter:.3f} s + {slope * 1e6:.1f} µs × (rules × paths/rule)")

    # --- 5. the static page --------------------------------------------------------------------------------
    def site(self) -> None:
        import ruleload

        done = subprocess.run([*cmq_wizard(), "--help"], env=self.env, capture_output=True, text=True, check=False)
        if " site " not in done.stdout and "\n  site" not in done.stdout and "│ site" not in done.stdout:
            absent = "not available: no `cmq-wizard site` on this branch"
            self.rows.append(Row("static page", [], [], "kB", note=absent))
            return
        log("static page size")
        rules_1k, faq_1k, _, _ = ruleload.generated(self.sets, 1000)
        for name, extra, limit in (
            ("static page, CMQ rules", [], BUDGETS["page_kb"]),
            ("static page, 1,000 rules", ["--rules", str(rules_1k), "--faq", str(faq_1k)], None),
        ):
            size, how = page_size([*cmq_wizard(), *extra], self.env, self.work / f"site-{len(extra)}")
            if size is None:
                self.rows.append(Row(name, [], [], "kB", note=f"not measured: {how}"))
            else:
                self.rows.append(Row(name, [], [float(size)], "kB", limit=limit))


def capped(row: Row, cap: float) -> Row:
    """A row whose runs were stopped at the time cap: no figures, the budget missed."""
    stopped = sum(math.isinf(v) for v in row.ours)
    if not stopped:
        return row
    floor = f"; floor {statistics.median(row.floor):.2f} s" if row.unit == "s" and row.floor else ""
    row.note = f"{stopped}/{len(row.ours)} run(s) stopped at the cap of {cap:.0f} s{floor}"
    row.failed = row.budget is not None
    return row


def page_size(base: list[str], env: dict[str, str], out: Path) -> tuple[int | None, str]:
    """Bytes written by `cmq-wizard site` (every file it writes), trying a folder then a file."""
    help_text = subprocess.run([*base, "site", "--help"], env=env, capture_output=True, text=True, check=False).stdout
    option = ["--output"] if "--output" in help_text else []
    for target in (out, out / "index.html"):
        shutil.rmtree(out, ignore_errors=True)
        if target != out:
            out.mkdir(parents=True)
        command = [*base, "site", *option, str(target)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode == 0 and out.exists():
            files = [p for p in out.rglob("*") if p.is_file()] if out.is_dir() else [out]
            if files:
                return sum(p.stat().st_size for p in files), ""
    return None, f"`site` failed: {(done.stderr or done.stdout).strip()[:80]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, 100,000 records, kiosk at visit 50")
    parser.add_argument("--records", type=int, help="answer sets in the batch (1,000,000; quick 100,000)")
    parser.add_argument("--kiosk-visit", type=int, help="the late kiosk visit measured (1,000; quick 50)")
    parser.add_argument("--batch-rounds", type=int, help="rounds of the batch and memory sections (3; quick 2)")
    parser.add_argument("--rule-sizes", help="rule counts of the rules check curve (1000,2000,5000,10000)")
    parser.add_argument("--only", help=f"comma-separated sections among {', '.join(SECTIONS)}")
    parser.add_argument(
        "--sets",
        type=Path,
        default=Path(tempfile.gettempdir()) / "cmq-bench-sets",
        help="where generated rule sets and sheets are kept between runs (deterministic)",
    )
    parser.add_argument("--peak-of", help=argparse.SUPPRESS)
    parser.add_argument("cmd", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peak_of:
        return peak_of(args.peak_of, args.cmd)
    only = SECTIONS if not args.only else tuple(s.strip() for s in args.only.split(","))
    unknown = [s for s in only if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose among {', '.join(SECTIONS)}")
    records = args.records or (100_000 if args.quick else 1_000_000)
    kiosk_visit = args.kiosk_visit or (50 if args.quick else 1000)
    args.sets.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="cmq-bench-"))
    started = time.perf_counter()
    try:
        bench = Bench(work, args.quick, records, kiosk_visit, args.sets)
        if args.rule_sizes:
            bench.rule_sizes = tuple(sorted(int(n) for n in args.rule_sizes.split(",")))
        if args.batch_rounds:
            bench.rounds["batch"] = bench.rounds["memory"] = args.batch_rounds
        for section in SECTIONS:
            if section in only:
                shown = len(bench.rows)
                try:
                    getattr(bench, section)()
                    if len(bench.rows) > shown:  # each section's figures as soon as they are known
                        log(f"{section}:\n" + table(bench.rows[shown:])[0])
                except Exception as exc:  # one section failing leaves the others' figures
                    log(f"section {section} failed: {exc!r}")
                    bench.rows.append(Row(section, [], [], "s", note=f"section failed: {exc!r}"[:90], failed=True))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"cmq-wizard bench — Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPU(s), "
        f"{platform.system()} {platform.release()}, load average {os.getloadavg()[0]:.1f}"
    )
    took = time.perf_counter() - started
    print(f"rounds: {json.dumps(bench.rounds)}; medians; floor and cmq-wizard interleaved; {took:.0f} s in all")
    print("spread: interquartile range / median (min–max for fewer than 4 values), floor/cmq-wizard")
    print()
    text, missed = table(bench.rows)
    print(text)
    if bench.curve:
        print()
        print("\n".join(bench.curve))
    print()
    print("all budgets met" if not missed else f"{missed} budget(s) missed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
