"""What a person feels at the keyboard, through a pseudo-terminal: key → screen redrawn.

A latency is the time from writing a key to the pty until the LAST byte of the redraw it causes:
after the key, output is read until the expected text is on screen (the next question, the
result's menu), then until the screen stays quiet for `QUIET` seconds; the time of the last
byte read is the end. Readiness is always detected on text, never on fixed sleeps, so that
screens being rewritten on other branches (kiosk, plain mode) are followed as long as their
texts are those of the rule set and of the interface catalogue. The harness answers the
terminal's cursor-position requests (ESC [6n) as a terminal would.

Measured, each against its floor, sessions interleaved (order drawn at random each round):
- arrow-key mode (`cmq-wizard run`): Down → redraw, Enter → next question (floor: bare
  questionary selects, `floor/floor_keys.py`); last Enter → result and its menu (floor: the
  ten-line typer app of `floor/floor_result.py`: the same three selects, the same result text
  printed with rich, the same menu);
- plain mode (`cmq-wizard --plain run`), when the option exists: an answer typed + Enter →
  next question, last answer → result and menu (floor: `floor/floor_plain.py`, input() lines);
- the kiosk (`cmq-wizard demo`) at visit 1 and at visit N (1,000 by default): the same keys,
  within one kiosk process driven through N-1 visits first.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import FLOOR, PY, ROOT, Row, cmq_wizard, interleave

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"
CTRL_C = "\x03"
QUIET = 0.3  # seconds without output that mark the end of a redraw
TIMEOUT = 30.0
ROWS, COLS = 40, 120
PATH = {"profile": "company", "goal": "join", "activity_in_theme": "yes"}


class NotReady(Exception):
    """The expected text did not show within the timeout."""


class Session:
    """One program on a pseudo-terminal."""

    def __init__(self, cmd: list[str], env: dict[str, str]) -> None:
        from ptyprocess import PtyProcess

        self.proc = PtyProcess.spawn(cmd, env=env, dimensions=(ROWS, COLS))
        self.fd = self.proc.fd
        self.buf = b""
        self.last = 0.0

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], max(0.0, wait))
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b""
        if not data:
            raise NotReady("the program ended")
        self.last = time.perf_counter()
        if b"\x1b[6n" in data:  # cursor position request: answer as a terminal does
            os.write(self.fd, b"\x1b[1;1R")
        self.buf += data
        return True

    def wait_for(self, text: str, timeout: float = TIMEOUT) -> None:
        """Read until `text` is on screen (its first 24 characters); drop the output up to it."""
        needle = text[:24].encode()
        deadline = time.perf_counter() + timeout
        while needle not in self.buf:
            if not self._read(deadline - time.perf_counter()) and time.perf_counter() >= deadline:
                raise NotReady(f"{text[:40]!r} not shown within {timeout:.0f} s")
        self.buf = self.buf[self.buf.index(needle) + len(needle) :]

    def settle(self, quiet: float = QUIET) -> None:
        while self._read(quiet):
            pass

    def key(self, keys: str, until: str | None = None, quiet: float = QUIET) -> float:
        """Seconds from `keys` written to the last byte of the redraw they cause."""
        self.settle(quiet)
        self.buf = b""
        start = time.perf_counter()
        os.write(self.fd, keys.encode())
        if until is not None:
            self.wait_for(until)
        elif not self._read(TIMEOUT):
            raise NotReady("no redraw after the key")
        self.settle(quiet)
        return self.last - start

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.send(CTRL_C)
        self.proc.terminate(force=True)
        self.proc.close(force=True)


def spec(work: Path, env: dict[str, str], lang: str = "fr") -> Path:
    """The path's questions, choices and menu as the wizard shows them, and its result text."""
    import sys

    sys.path.insert(0, str(ROOT))
    from cmq_wizard import i18n
    from cmq_wizard.i18n import t
    from cmq_wizard.settings import Settings
    from cmq_wizard.typography import for_lang

    def shown(text: str) -> str:  # as the wizard shows it (French spacing in French): the floors show the same
        return for_lang(text, lang)

    i18n.set_lang(lang)
    engine = Settings(lang=lang).engine
    questions: list[dict[str, Any]] = []
    confirmed: dict[str, str] = {}
    for qid, cid in PATH.items():
        question = engine.next_question(confirmed)
        assert question is not None and question.id == qid, (question, qid)
        labels: list[str | None] = [shown(c.label.get(lang)) for c in question.spec.choices]
        if confirmed:
            labels += [None, shown(t("wizard.back")), shown(t("wizard.restart"))]
        downs = [c.id for c in question.spec.choices].index(cid)
        questions.append(
            {"id": qid, "choice": cid, "text": shown(question.spec.text.get(lang)), "choices": labels, "downs": downs}
        )
        confirmed[qid] = cid
    answers = work / "path.yaml"
    answers.write_text("".join(f"{k}: {v}\n" for k, v in PATH.items()), encoding="utf-8")
    result = subprocess.run(
        [*cmq_wizard(), "run", "--answers", str(answers), "--format", "text", "--no-input"],
        env={**env, "COLUMNS": str(COLS)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data = {
        "questions": questions,
        "instruction": shown(t("prompt.instruction")),
        "result": result,
        "menu": {
            "title": shown(t("menu.title")),
            "choices": [shown(t(key)) for key in ("menu.edit", "menu.save", "menu.restart", "menu.quit")],
        },
        "welcome": shown(t("kiosk.press_enter")),
        "next_visitor": shown(t("kiosk.next_visitor")),
    }
    out = work / "path-spec.json"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


def has_option(args: list[str], option: str, env: dict[str, str]) -> bool:
    """Whether `cmq-wizard ARGS --help` lists `option`."""
    done = subprocess.run([*cmq_wizard(), *args, "--help"], env=env, capture_output=True, text=True, check=False)
    return option in done.stdout


def _walk(session: Session, data: dict[str, Any], plain: bool) -> dict[str, list[float]]:
    """Answer the path's questions with keys, timing each; end on the result's menu."""
    got: dict[str, list[float]] = {"down": [], "enter": [], "result": []}
    questions = data["questions"]
    session.wait_for(questions[0]["text"])
    for n, question in enumerate(questions):
        last = n == len(questions) - 1
        until = data["menu"]["title"] if last else questions[n + 1]["text"]
        if plain:
            elapsed = session.key(question["choice"] + ENTER, until)
        else:
            for _ in range(question["downs"]):
                got["down"].append(session.key(DOWN))
            elapsed = session.key(ENTER, until)
        got["result" if last else "enter"].append(elapsed)
    return got


def wizard_session(cmd: list[str], env: dict[str, str], data: dict[str, Any], plain: bool = False) -> dict[str, float]:
    """One consultation from spawn to the result's menu: the median of each kind of key."""
    session = Session(cmd, env)
    try:
        got = _walk(session, data, plain)
    finally:
        session.close()
    return {k: statistics.median(v) for k, v in got.items() if v}


class Kiosk:
    """One kiosk process, visitor after visitor."""

    def __init__(self, env: dict[str, str], data: dict[str, Any]) -> None:
        self.data = data
        self.session = Session([*cmq_wizard(), "demo"], env)
        self.visits = 0

    def _start_visit(self) -> float:
        self.session.wait_for(self.data["welcome"])
        self.visits += 1
        return self.session.key(ENTER, self.data["questions"][0]["text"])

    def _end_visit(self) -> None:
        """Pick « Visiteur suivant » in the result's menu, wherever it is: first (Enter), or last
        (Up wraps round to it, then Enter), as the menu shown on screen orders it."""
        session = self.session
        labels = [self.data["next_visitor"].encode(), self.data["menu"]["choices"][0].encode()]
        deadline = time.perf_counter() + TIMEOUT
        while not all(label in session.buf for label in labels):
            if not session._read(deadline - time.perf_counter()) and time.perf_counter() >= deadline:
                raise NotReady("the kiosk's menu did not show « Visiteur suivant »")
        first = session.buf.index(labels[0]) < session.buf.index(labels[1])
        session.buf = b""
        session.send(ENTER if first else UP + ENTER)

    def skip(self, visits: int) -> None:
        """Go through `visits` visits as fast as the screens come (keys sent on their text)."""
        questions = self.data["questions"]
        for _ in range(visits):
            self.session.wait_for(self.data["welcome"])
            self.visits += 1
            self.session.send(ENTER)
            for question in questions:
                self.session.wait_for(question["text"])
                self.session.send(DOWN * question["downs"] + ENTER)
            self.session.wait_for(self.data["menu"]["title"])
            self._end_visit()

    def measured_visit(self) -> dict[str, float]:
        start = self._start_visit()
        session = self.session
        got: dict[str, list[float]] = {"down": [], "enter": [], "result": [], "start": [start]}
        questions = self.data["questions"]
        for n, question in enumerate(questions):
            last = n == len(questions) - 1
            for _ in range(question["downs"]):
                got["down"].append(session.key(DOWN))
            until = self.data["menu"]["title"] if last else questions[n + 1]["text"]
            got["result" if last else "enter"].append(session.key(ENTER, until))
        self._end_visit()
        return {k: statistics.median(v) for k, v in got.items() if v}

    def close(self) -> None:
        self.session.close()


def _collect(
    rounds: int, floors: list[Callable[[], dict[str, float]]], ours: Callable[[], dict[str, float]]
) -> tuple[list[dict[str, float]], ...]:
    results: list[list[dict[str, float]]] = [[] for _ in range(len(floors) + 1)]
    runs = [*floors, ours]

    def into(i: int) -> Callable[[], None]:
        def go() -> None:
            results[i].append(runs[i]())

        return go

    interleave(rounds, *[into(i) for i in range(len(runs))])  # type: ignore[arg-type]
    return tuple(results)


def _rows(
    prefix: str,
    keys: list[dict[str, float]],
    result: list[dict[str, float]],
    ours: list[dict[str, float]],
    budgets: dict[str, float],
    plain: bool = False,
) -> list[Row]:
    rows: list[Row] = []
    if not plain:
        rows.append(
            Row(f"{prefix}Down → redraw", [k["down"] for k in keys], [o["down"] for o in ours], "ms", budgets["key"])
        )
    label = "answer + Enter → next question" if plain else "Enter → next question"
    rows.append(Row(f"{prefix}{label}", [k["enter"] for k in keys], [o["enter"] for o in ours], "ms", budgets["key"]))
    rows.append(
        Row(
            f"{prefix}last Enter → result + menu",
            [r["result"] for r in result],
            [o["result"] for o in ours],
            "ms",
            budgets["result"],
        )
    )
    return rows


def measure(
    work: Path,
    env: dict[str, str],
    rounds: int,
    kiosk_visit: int,
    budgets: dict[str, float],
    log: Callable[[str], None],
) -> list[Row]:
    spec_file = spec(work, env)
    data = json.loads(spec_file.read_text(encoding="utf-8"))
    floor_keys = [PY, str(FLOOR / "floor_keys.py"), str(spec_file)]
    floor_result = [PY, str(FLOOR / "floor_result.py"), str(spec_file)]
    floor_plain = [PY, str(FLOOR / "floor_plain.py"), str(spec_file)]
    ours = [*cmq_wizard(), "run"]
    for cmd in (floor_keys, floor_result, ours):  # bytecode compiled, rule set cached
        wizard_session(cmd, env, data)

    def keys() -> dict[str, float]:
        return wizard_session(floor_keys, env, data)

    def result() -> dict[str, float]:
        return wizard_session(floor_result, env, data)

    rows: list[Row] = []
    log("keystrokes: arrow-key mode")
    k, r, o = _collect(rounds, [keys, result], lambda: wizard_session(ours, env, data))
    rows += _rows("keys (arrows): ", k, r, o, budgets)

    if has_option([], "--plain", env):
        log("keystrokes: plain mode")
        plain_ours = [*cmq_wizard(), "--plain", "run"]
        try:
            wizard_session(plain_ours, env, data, plain=True)
            p, o = _collect(
                rounds,
                [lambda: wizard_session(floor_plain, env, data, plain=True)],
                lambda: wizard_session(plain_ours, env, data, plain=True),
            )
            rows += _rows("keys (plain): ", p, p, o, budgets, plain=True)
        except NotReady as exc:
            rows.append(Row("keys (plain)", [], [], "ms", note=f"not measured: {exc}"))
    else:
        absent = "not available: `cmq-wizard --plain` does not exist on this branch"
        rows.append(Row("keys (plain)", [], [], "ms", note=absent))

    if not has_option(["demo"], "--record", env):
        rows.append(Row("kiosk", [], [], "ms", note="not available: no `cmq-wizard demo`"))
        return rows
    log(f"keystrokes: kiosk at visit 1 and at visit {kiosk_visit}")
    kiosk = Kiosk(env, data)
    try:
        k, r, o = _collect(1, [keys, result], kiosk.measured_visit)
        # visit 1 is one sample; more first visits need more kiosks: one per round
        for _ in range(rounds - 1):
            fresh = Kiosk(env, data)
            try:
                k2, r2, o2 = _collect(1, [keys, result], fresh.measured_visit)
            finally:
                fresh.close()
            k, r, o = k + k2, r + r2, o + o2
        rows += _rows("kiosk visit 1: ", k, r, o, budgets)
        start = Row("kiosk visit 1: welcome Enter → question", [x["enter"] for x in k], [x["start"] for x in o], "ms")
        start.budget = budgets["key"]
        rows.append(start)
        started = time.perf_counter()
        kiosk.skip(kiosk_visit - 1 - kiosk.visits)
        log(f"  {kiosk.visits} visits done in {time.perf_counter() - started:.0f} s")
        k, r, o = _collect(rounds, [keys, result], kiosk.measured_visit)
        rows += _rows(f"kiosk visit {kiosk_visit:,}: ", k, r, o, budgets)
    except NotReady as exc:
        rows.append(Row("kiosk", [], [], "ms", note=f"not measured: kiosk screen not ready ({exc})"))
    finally:
        kiosk.close()
    return rows
