"""A day at the stand: 1,000 visits to `cmq-wizard demo` through a pseudo-terminal.

    .venv/bin/python bench/kiosk_soak.py                 # 1,000 visits (about half an hour)
    .venv/bin/python bench/kiosk_soak.py --visits 60     # a quick look

One kiosk process for the whole run, at 80×24, with `--record` and `--idle-reset 5`. The visits
cycle through three paths (eligible, information, not eligible); among them, every 10th visit
switches to English first; every 25th is abandoned mid-way with a storm of five Ctrl-C and
three Ctrl-D (it must not end the kiosk, and is not recorded); every 100th (the 50th, 150th…) is left alone on
its result until « Toujours là ? » counts down to the welcome screen (recorded: it reached a
result), and one of those first gets a key that cancels the countdown.

Measured: the kiosk's resident memory (VmRSS, /proc) at visit 100 and at the end; the time
a plain visit takes over the first 50 and over the last 50; and the record file: one valid
line a finished visit, in order, with the answers given, nothing lost or corrupted.
Exit status 1 when the record is wrong, memory grows by more than 10 MB after visit 100, or
visits get more than 50 % slower. Not part of the test suite (tests/test_demo.py and
tests/test_kiosk_pty.py cover the same paths over a few visits).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pexpect

from cmq_wizard.loader import load

_ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = {q.id: q.spec.text for q in load(_ROOT / "rules", _ROOT / "faq.yaml").questions}

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "cmq-wizard"
ENTER, DOWN, UP, CTRL_C, CTRL_D = "\r", "\x1b[B", "\x1b[A", "\x03", "\x04"
CPR_REQUEST, CPR_ANSWER = "\x1b[6n", "\x1b[1;1R"  # where is the cursor? (the answer needs not be true)
MENU = {"fr": "Et maintenant ?", "en": "What next?"}
WELCOME = {"fr": "Appuyez sur Entrée", "en": "Press Enter"}
# (downs for each question, expected answers, verdict)
PATHS = [
    ((2, 1, 0), {"profile": "company", "goal": "join", "activity_in_theme": "yes"}, "eligible"),
    ((1, 3, 2), {"profile": "lycee", "goal": "mobility", "mobility_scope": "local"}, "info"),
    ((0, 1, 0), {"profile": "training_body", "goal": "join", "learner_level": "primary"}, "not_eligible"),
]


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Soak:
    def __init__(self, record: Path, columns: int, lines: int) -> None:
        env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8"}
        for var in ("CMQ_WIZARD_LANG", "CMQ_WIZARD_RULES", "CMQ_WIZARD_FAQ", "NO_COLOR"):
            env.pop(var, None)
        self.child = pexpect.spawn(
            str(BIN),
            ["demo", "--record", str(record), "--idle-reset", "5"],
            cwd=str(ROOT),
            env=env,
            encoding="utf-8",
            timeout=60,
            dimensions=(lines, columns),
        )
        self.expected: list[dict[str, str]] = []
        self.storm_every, self.idle_every = 25, 100

    def expect(self, text: str, timeout: float = 60) -> None:
        """Read until `text`, answering the cursor position requests on the way, as a terminal does."""
        while self.child.expect_exact([text, CPR_REQUEST], timeout=timeout) == 1:
            self.child.send(CPR_ANSWER)

    def settle(self, quiet: float = 1.5) -> str:
        """Read until nothing comes for `quiet` seconds; returns what came."""
        seen = []
        while True:
            try:
                seen.append(self.child.read_nonblocking(65536, timeout=quiet))
                self.child.send(CPR_ANSWER * seen[-1].count(CPR_REQUEST))
            except pexpect.TIMEOUT:
                return "".join(seen)

    def answer_all(self, path: tuple[int, ...], answers: dict[str, str], lang: str) -> None:
        for downs, qid in zip(path, answers, strict=True):
            self.expect(QUESTIONS[qid].get(lang))  # a long question wraps its instruction: expect its text
            self.child.send(DOWN * downs + ENTER)
        self.expect(MENU[lang])

    def visit(self, n: int) -> str:
        """Visit `n` (from 0); returns its kind."""
        path, answers, _ = PATHS[n % len(PATHS)]
        lang = "fr"
        self.expect(WELCOME["fr"])
        if n % 10 == 9:
            self.child.send(DOWN + ENTER)  # English
            self.expect(WELCOME["en"])
            lang = "en"
        self.child.send(ENTER)
        if n % self.storm_every == self.storm_every - 1:
            self.expect(QUESTIONS["profile"].get(lang))
            self.child.send(DOWN * path[0] + ENTER)
            self.expect(QUESTIONS["goal"].get(lang))
            self.child.send(CTRL_C * 5 + CTRL_D * 3)
            for _ in range(5):  # the storm ends on the welcome screen or at the staff word: Enter leaves it
                seen = self.settle()
                if seen.rfind("Fermer la borne") <= seen.rfind(WELCOME["fr"]):
                    break
                self.child.send(ENTER)
            self.child.send(UP + DOWN)  # redraw the welcome for the next visit's expect
            return "storm"
        self.answer_all(path, answers, lang)
        self.expected.append(answers)
        if n % self.idle_every == self.idle_every // 2:  # (not a multiple of the storms' period)
            warning = "Toujours là ?" if lang == "fr" else "Still there?"
            self.expect(warning, timeout=60)
            if n % (2 * self.idle_every) == self.idle_every // 2:
                self.child.send("x")  # a key: back to the result
                self.expect(MENU[lang])
                self.expect(warning, timeout=60)
            self.expect(WELCOME["fr"], timeout=60)
            self.child.send(UP + DOWN)  # redraw the welcome for the next visit's expect
            return "idle"
        self.child.send(UP + ENTER)  # « Visiteur suivant »
        return "plain"

    def quit(self) -> int:
        self.expect(WELCOME["fr"])
        self.child.send(CTRL_C)
        self.expect("Fermer la borne")
        self.child.send("quitter" + ENTER)
        self.child.expect(pexpect.EOF, timeout=60)
        self.child.close()
        return int(self.child.exitstatus or 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--visits", type=int, default=1000)
    parser.add_argument("--storm-every", type=int, default=25)
    parser.add_argument("--idle-every", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kiosk-soak-") as tmp:
        record = Path(tmp) / "visits.jsonl"
        soak = Soak(record, 80, 24)
        soak.storm_every, soak.idle_every = args.storm_every, args.idle_every
        times: list[tuple[str, float]] = []
        rss_100 = 0
        started = time.monotonic()
        for n in range(args.visits):
            t0 = time.monotonic()
            try:
                kind = soak.visit(n)
            except pexpect.TIMEOUT:
                clears = soak.child.before.count("\x1b[2J")
                print(f"visit {n + 1}: stuck after {clears} clears; the last bytes: {soak.child.before[-600:]!r}")
                return 1
            times.append((kind, time.monotonic() - t0))
            if n + 1 == min(100, args.visits):
                rss_100 = rss_kb(soak.child.pid)
            if (n + 1) % 100 == 0:
                print(
                    f"{n + 1} visits, {time.monotonic() - started:.0f} s, RSS {rss_kb(soak.child.pid)} kB", flush=True
                )
        soak.settle(0.5)
        rss_end = rss_kb(soak.child.pid)
        status = soak.quit()
        lines = record.read_text(encoding="utf-8").splitlines()
    plain = [t for kind, t in times if kind == "plain"]
    first, last = statistics.median(plain[:50]), statistics.median(plain[-50:])
    bad = []
    for i, line in enumerate(lines, 1):
        try:
            data = json.loads(line)
            assert set(data) == {"timestamp", "answers", "verdict", "outcomes"}
        except (ValueError, AssertionError):
            bad.append(i)
    answers = [json.loads(line)["answers"] for i, line in enumerate(lines, 1) if i not in bad]
    kinds = {k: sum(1 for kind, _ in times if kind == k) for k in ("plain", "storm", "idle")}
    print(
        f"visits: {args.visits} ({kinds['plain']} plain, {kinds['storm']} Ctrl-C storms, {kinds['idle']} idle resets,"
        f" {sum(1 for n in range(args.visits) if n % 10 == 9)} in English)"
    )
    print(f"wall time: {time.monotonic() - started:.0f} s; exit status after the staff word: {status}")
    print(f"RSS at visit 100: {rss_100} kB; at the end: {rss_end} kB ({rss_end - rss_100:+d} kB)")
    print(f"a plain visit (median): {first * 1000:.0f} ms over the first 50, {last * 1000:.0f} ms over the last 50")
    print(
        f"record: {len(lines)} lines for {len(soak.expected)} finished visits; {len(bad)} bad; "
        f"answers {'in order and exact' if answers == soak.expected else 'WRONG'}"
    )
    ok = status == 0 and not bad and answers == soak.expected and rss_end - rss_100 < 10_000 and last < first * 1.5
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
