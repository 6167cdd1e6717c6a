"""What every measure of the bench shares: children, wall time, peak memory, interleaving, the table.

Not part of the test suite; nothing here is imported by cmq_wizard.
"""

from __future__ import annotations

import math
import os
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FLOOR = HERE / "floor"
PY = sys.executable


def cmq_wizard() -> list[str]:
    """The installed console script beside this Python, else `python -m cmq_wizard`."""
    script = Path(PY).with_name("cmq-wizard")
    return [str(script)] if script.exists() else [PY, "-m", "cmq_wizard"]


def child_env(work: Path, **extra: str) -> dict[str, str]:
    """The environment of every child: private bytecode and cache folders, French, a plain xterm."""
    drop = ("PYTHONDONTWRITEBYTECODE", "CMQ_WIZARD_NO_CACHE", "CMQ_WIZARD_RULES", "CMQ_WIZARD_FAQ", "NO_COLOR")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        PYTHONPYCACHEPREFIX=str(work / "pycache"),
        XDG_CACHE_HOME=str(work / "cache"),
        CMQ_WIZARD_LANG="fr",
        TERM="xterm",
        LANG=os.environ.get("LANG", "C.UTF-8"),
    )
    env.update(extra)
    return env


def timed(
    cmd: list[str],
    env: dict[str, str],
    stdin: Path | None = None,
    stdout: Path | None = None,
    check: bool = True,
    cpu: list[float] | None = None,
    timeout: float | None = None,
) -> float:
    """Wall time of one run, whole process (start-up included); its CPU time (user + system)
    appended to `cpu` when given, a figure the load of a shared machine disturbs less.
    Over `timeout` seconds the run is killed and `math.inf` returned."""
    with open(stdin or os.devnull, "rb") as inp, open(stdout or os.devnull, "wb") as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        if not run_child(cmd, env, inp, out, check, timeout):
            return math.inf
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if cpu is not None:
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        return wall


def run_child(cmd: list[str], env: dict[str, str], stdin: Any, stdout: Any, check: bool, timeout: float | None) -> bool:
    """Run `cmd` in its own process group; False when it was stopped at `timeout` (group killed)."""
    proc = subprocess.Popen(cmd, env=env, stdin=stdin, stdout=stdout, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return False
    if check and code != 0:
        raise subprocess.CalledProcessError(code, cmd)
    return True


def peak_kb(
    cmd: list[str],
    env: dict[str, str],
    stdin: Path | None = None,
    stdout: Path | None = None,
    timeout: float | None = None,
) -> float:
    """Peak resident memory (KB) of one run, as the kernel accounts it for that process
    (`math.inf` when stopped at `timeout`)."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        with open(stdin or os.devnull, "rb") as inp, open(stdout or os.devnull, "wb") as out:
            if not run_child(measured(cmd, Path(rss.name)), env, inp, out, True, timeout):
                return math.inf
        return int(Path(rss.name).read_text(encoding="utf-8").split()[-1])


def measured(cmd: list[str], rss_file: Path) -> list[str]:
    """`cmd` run under a small process that writes its peak memory (KB) to `rss_file`.

    The measuring process must be small: a child's peak memory counts the process it was
    forked from, until it execs. GNU time is a small C program; else a bare Python wrapper.
    """
    gnu_time = shutil.which("time", path="/usr/bin:/bin")
    if gnu_time:
        return [gnu_time, "-q", "-f", "%M", "-o", str(rss_file), *cmd]
    return [PY, "-S", str(HERE / "run.py"), "--peak-of", str(rss_file), "--", *cmd]


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


def interleave(rounds: int, *runs: Callable[[], float | None]) -> list[list[float]]:
    """Run each measure once a round, in an order drawn at random each round, so that the load
    of the machine weighs on all alike. A run that returns None (nothing measured) is left out."""
    into: list[list[float]] = [[] for _ in runs]
    for _ in range(rounds):
        order = list(range(len(runs)))
        random.shuffle(order)
        for i in order:
            value = runs[i]()
            if value is not None:
                into[i].append(value)
    return into


def spread(values: list[float]) -> float:
    """Interquartile range as a fraction of the median (min–max range for fewer than 4 values)."""
    if not values:
        return float("nan")
    mid = statistics.median(values)
    if len(values) >= 4:
        q1, _, q3 = statistics.quantiles(values, n=4)
        width = q3 - q1
    else:
        width = max(values) - min(values)
    return width / mid if mid else float("nan")


@dataclass
class Row:
    name: str
    floor: list[float]
    ours: list[float]
    unit: str  # "s", "ms", "MB" (values in KB), "kB" (values in bytes)
    budget: float | None = None
    note: str = ""  # a line shown instead of figures (a measure skipped, and why)
    limit: float | None = None  # an absolute budget, in the unit shown (no floor: a page's size)
    failed: bool = False  # with a note: a budget missed without figures (a run over its time cap)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ours) / statistics.median(self.floor)

    @property
    def ok(self) -> str:
        if self.note:
            return "NO" if self.failed else ""
        if self.limit is not None:
            return "yes" if statistics.median(self.ours) * _SCALE[self.unit] <= self.limit else "NO"
        if self.budget is None:
            return ""
        return "yes" if self.ratio <= self.budget else "NO"


_SCALE = {"s": 1.0, "ms": 1000.0, "MB": 1 / 1024, "kB": 1 / 1000}


def show(value: float, unit: str) -> str:
    return f"{value * _SCALE[unit]:9.3f} {unit:2}"


def table(rows: list[Row]) -> tuple[str, int]:
    """The table of rows, and how many budgets were missed."""
    header = f"{'measure':54} {'floor':>12} {'cmq-wizard':>12} {'spread':>9} {'ratio':>6} {'budget':>7}  ok"
    lines = [header, "-" * len(header)]
    missed = 0
    for row in rows:
        if row.note:
            missed += row.failed
            lines.append(f"{row.name:54} {row.note}" + ("  NO" if row.failed else ""))
            continue
        missed += row.ok == "NO"
        budget = f"≤{row.budget:.2f}" if row.budget is not None else ""
        if row.limit is not None:
            budget = f"≤{row.limit:g}{row.unit}"
        floor = show(statistics.median(row.floor), row.unit) if row.floor else " " * 12
        spreads = (
            f"{spread(row.floor) * 100:3.0f}/{spread(row.ours) * 100:<3.0f}%"
            if row.floor
            else (f"{spread(row.ours) * 100:7.0f}%")
        )
        ratio = f"{row.ratio:6.2f}" if row.floor else " " * 6
        lines.append(
            f"{row.name:54} {floor} {show(statistics.median(row.ours), row.unit)} "
            f"{spreads:>9} {ratio} {budget:>7}  {row.ok}"
        )
    return "\n".join(lines), missed
