"""Speed and memory of cmq-wizard against the floor of its stack (SPEC §8), in one run.

    .venv/bin/python bench/run.py            # the figures quoted in the README
    .venv/bin/python bench/run.py --quick    # fewer rounds, for a quick look

Each measure runs the floor and cmq-wizard in alternation (the order drawn at random each
round), so that the load of the machine weighs on both alike; the table gives medians and
their ratio. Exit status 1 when a budget is missed. Not part of the test suite.

- scripted run: `cmq-wizard run --answers F --format json --no-input` against
  `floor/floor_scripted.py` (typer + PyYAML's CSafeLoader + json);
- first question: time from spawn until the first question's text is on a pseudo-terminal,
  against `floor/floor_select.py` (typer + one questionary select);
- batch: `cmq-wizard batch` of 100,000 answer sets against `roundtrip.py` (json.loads and
  json.dumps of each line, nothing else);
- peak memory (ru_maxrss of the child) of each against its floor; for batch, against
  `floor/floor_batch.py` (the same round trip in the ten-line typer app: the stack's memory),
  the bare round trip's being shown for information.

Children run with bytecode caching on (in a private pycache folder), and with a private
cache folder for cmq-wizard's compiled rule set, warmed by a first run as a user's would be.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FLOOR = HERE / "floor"
PY = sys.executable
FIRST_QUESTION = "Qui êtes-vous ?"
BUDGETS = {"time": 1.25, "first": 1.25, "batch": 3.0, "memory": 1.25}


def cmq_wizard() -> list[str]:
    """The installed console script beside this Python, else `python -m cmq_wizard`."""
    script = Path(PY).with_name("cmq-wizard")
    return [str(script)] if script.exists() else [PY, "-m", "cmq_wizard"]


def child_env(work: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "CMQ_WIZARD_NO_CACHE")}
    env.update(
        PYTHONPYCACHEPREFIX=str(work / "pycache"),
        XDG_CACHE_HOME=str(work / "cache"),
        CMQ_WIZARD_LANG="fr",
        TERM="xterm",
        LANG=os.environ.get("LANG", "C.UTF-8"),
    )
    env.update(extra)
    return env


def timed(cmd: list[str], env: dict[str, str], stdin: Path | None = None, stdout: Path | None = None) -> float:
    """Wall time of one run, whole process (start-up included)."""
    with open(stdin or os.devnull, "rb") as inp, open(stdout or os.devnull, "wb") as out:
        start = time.perf_counter()
        subprocess.run(cmd, env=env, stdin=inp, stdout=out, stderr=subprocess.DEVNULL, check=True)
        return time.perf_counter() - start


def peak_kb(cmd: list[str], env: dict[str, str], stdin: Path | None = None, stdout: Path | None = None) -> int:
    """Peak resident memory (KB) of one run, as the kernel accounts it for that process."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        with open(stdin or os.devnull, "rb") as inp, open(stdout or os.devnull, "wb") as out:
            subprocess.run(
                measured(cmd, Path(rss.name)), env=env, stdin=inp, stdout=out, stderr=subprocess.DEVNULL, check=True
            )
        return int(Path(rss.name).read_text(encoding="utf-8").split()[-1])


def measured(cmd: list[str], rss_file: Path) -> list[str]:
    """`cmd` run under a small process that writes its peak memory (KB) to `rss_file`.

    The measuring process must be small: a child's peak memory counts the process it was
    forked from, until it execs. GNU time is a small C program; else a bare Python wrapper.
    """
    gnu_time = shutil.which("time", path="/usr/bin:/bin")
    if gnu_time:
        return [gnu_time, "-q", "-f", "%M", "-o", str(rss_file), *cmd]
    return [PY, "-S", str(Path(__file__).resolve()), "--peak-of", str(rss_file), "--", *cmd]


def first_question(cmd: list[str], env: dict[str, str], rss_file: Path | None = None) -> float:
    """Seconds from spawn until the first question's text is on the pseudo-terminal."""
    import pexpect

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


def peak_of(rss_file: str, cmd: list[str]) -> int:
    """Wrapper mode: run `cmd` on this terminal, then write its peak memory (KB) to `rss_file`."""
    proc = subprocess.Popen(cmd)
    while True:
        try:
            _, status, usage = os.wait4(proc.pid, 0)
            break
        except InterruptedError:  # pragma: no cover
            continue
        except KeyboardInterrupt:  # Ctrl-C reaches both: wait for the child to finish
            continue
    Path(rss_file).write_text(str(usage.ru_maxrss), encoding="utf-8")
    return os.waitstatus_to_exitcode(status)


def interleave(rounds: int, floor: Callable[[], float], ours: Callable[[], float]) -> tuple[list[float], list[float]]:
    a: list[float] = []
    b: list[float] = []
    for _ in range(rounds):
        pair = [(floor, a), (ours, b)]
        random.shuffle(pair)
        for run, into in pair:
            into.append(run())
    return a, b


def answer_sets(path: Path, count: int) -> None:
    """`count` answer sets drawn from every path of the shipped rules, answers written as people
    write them (ids, French and English labels, capitals, JSON booleans for yes/no)."""
    sys.path.insert(0, str(ROOT))
    from cmq_wizard.settings import Settings

    settings = Settings()
    rng = random.Random(5)
    paths = list(settings.engine.paths())
    by_id = settings.ruleset.question_by_id
    with open(path, "w", encoding="utf-8") as out:
        for _ in range(count):
            record: dict[str, object] = {}
            for qid, cid in rng.choice(paths).items():
                choice = next(c for c in by_id[qid].spec.choices if c.id == cid)
                r = rng.random()
                if cid in ("yes", "no") and r < 0.3:
                    record[qid] = cid == "yes"
                elif r < 0.5:
                    record[qid] = cid
                elif r < 0.75:
                    record[qid] = choice.label.fr
                else:
                    record[qid] = (choice.label.en or choice.label.fr).upper()
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--records", type=int, default=100_000, help="answer sets in the batch (100000)")
    parser.add_argument("--peak-of", help=argparse.SUPPRESS)
    parser.add_argument("--answer-sets", help=argparse.SUPPRESS)
    parser.add_argument("cmd", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peak_of:
        return peak_of(args.peak_of, args.cmd)
    if args.answer_sets:
        answer_sets(Path(args.answer_sets), int(args.cmd[0]))
        return 0

    rounds = (
        {"time": 7, "first": 5, "batch": 3, "memory": 3}
        if args.quick
        else {
            "time": 21,
            "first": 11,
            "batch": 7,
            "memory": 5,
        }
    )
    work = Path(tempfile.mkdtemp(prefix="cmq-bench-"))
    try:
        return measure(work, rounds, args.records)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(work: Path, rounds: dict[str, int], records: int) -> int:
    env = child_env(work)
    cold_env = child_env(work, CMQ_WIZARD_NO_CACHE="1")
    answers = work / "answers.yaml"
    answers.write_text("profile: company\ngoal: join\nactivity_in_theme: yes\n", encoding="utf-8")
    jsonl = work / "answers.jsonl"
    subprocess.run([PY, str(Path(__file__).resolve()), "--answer-sets", str(jsonl), str(records)], check=True)
    out = work / "out.jsonl"

    floor_scripted = [PY, str(FLOOR / "floor_scripted.py"), str(answers)]
    ours_scripted = [*cmq_wizard(), "run", "--answers", str(answers), "--format", "json", "--no-input"]
    floor_select = [PY, str(FLOOR / "floor_select.py"), "--question", FIRST_QUESTION]
    ours_wizard = [*cmq_wizard(), "run"]
    roundtrip = [PY, str(HERE / "roundtrip.py")]
    floor_batch = [PY, str(FLOOR / "floor_batch.py"), str(jsonl)]
    ours_batch = [*cmq_wizard(), "batch", str(jsonl)]

    # Warm-up: bytecode compiled, the rule set compiled into the cache, as on a user's machine.
    for cmd in (floor_scripted, ours_scripted, floor_batch):
        timed(cmd, env, stdout=out)
    timed(ours_batch, env, stdout=out)
    timed(roundtrip, env, stdin=jsonl, stdout=out)
    first_question(floor_select, env)
    first_question(ours_wizard, env)

    rows: list[tuple[str, float, float, str, float | None]] = []

    def row(name: str, floor: list[float], ours: list[float], unit: str, budget: float | None) -> None:
        rows.append((name, statistics.median(floor), statistics.median(ours), unit, budget))

    # 1. scripted run
    a, b = interleave(rounds["time"], lambda: timed(floor_scripted, env), lambda: timed(ours_scripted, env))
    row("scripted run (run --format json)", a, b, "s", BUDGETS["time"])
    # 2. first question on a pseudo-terminal
    a, b = interleave(
        rounds["first"], lambda: first_question(floor_select, env), lambda: first_question(ours_wizard, env)
    )
    row("first question shown (pty)", a, b, "s", BUDGETS["first"])
    # 3. batch
    a, b = interleave(
        rounds["batch"],
        lambda: timed(roundtrip, env, stdin=jsonl, stdout=out),
        lambda: timed(ours_batch, env, stdout=out),
    )
    row(f"batch of {records:,} answer sets", a, b, "s", BUDGETS["batch"])
    # 4. peak memory
    a, b = interleave(rounds["memory"], lambda: peak_kb(floor_scripted, env), lambda: peak_kb(ours_scripted, env))
    row("peak memory, scripted run", a, b, "MB", BUDGETS["memory"])
    rss_floor, rss_ours = work / "rss-floor", work / "rss-ours"

    def pty_peak(cmd: list[str], rss: Path) -> float:
        first_question(cmd, env, rss)
        return float(rss.read_text(encoding="utf-8").split()[-1])

    a, b = interleave(
        rounds["memory"], lambda: pty_peak(floor_select, rss_floor), lambda: pty_peak(ours_wizard, rss_ours)
    )
    row("peak memory, first question", a, b, "MB", BUDGETS["memory"])
    a, b = interleave(
        rounds["memory"], lambda: peak_kb(floor_batch, env, stdout=out), lambda: peak_kb(ours_batch, env, stdout=out)
    )
    row("peak memory, batch (typer floor)", a, b, "MB", BUDGETS["memory"])
    # For information: the batch against the bare round trip (no stack at all), and a cold cache.
    bare = [peak_kb(roundtrip, env, stdin=jsonl, stdout=out) for _ in range(rounds["memory"])]
    row("  info: peak memory, batch vs bare", bare, b, "MB", None)
    a, b = interleave(rounds["memory"], lambda: timed(floor_scripted, env), lambda: timed(ours_scripted, cold_env))
    row("  info: scripted run, no rule cache", a, b, "s", None)

    print(
        f"cmq-wizard bench — Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPU(s), "
        f"{platform.system()} {platform.release()}"
    )
    print(f"rounds: {rounds}; medians; floor and cmq-wizard interleaved")
    print()
    header = f"{'measure':38} {'floor':>10} {'cmq-wizard':>11} {'ratio':>6} {'budget':>7}  ok"
    print(header)
    print("-" * len(header))
    missed = 0
    for name, floor, ours, unit, budget in rows:
        scale = 1 / 1024 if unit == "MB" else 1
        ratio = ours / floor
        ok = "" if budget is None else ("yes" if ratio <= budget else "NO")
        missed += ok == "NO"
        shown_budget = f"≤{budget:.2f}" if budget is not None else ""
        print(
            f"{name:38} {floor * scale:8.3f} {unit:2}{ours * scale:8.3f} {unit:2} {ratio:6.2f} {shown_budget:>7}  {ok}"
        )
    print()
    print("all budgets met" if not missed else f"{missed} budget(s) missed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
