"""The kiosk as visitors and staff see it: a real pseudo-terminal, its bytes drawn by pyte.

pyte keeps the screen a person would see (characters, colours, the cursor); it answers the
cursor position requests prompt_toolkit makes, and counts every time the screen scrolls.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pyte
import pytest

from cmq_wizard.commands import demo as demo_cmd
from cmq_wizard.siteurl import page_url
from cmq_wizard.typography import french
from tests.conftest import FAQ, RULES
from tests.keys import CTRL_C, CTRL_D, DOWN, ENTER, UP

pytestmark = pytest.mark.pty

BIN = Path(sys.executable).parent / "cmq-wizard"
TITLE = "Assistant d'éligibilité CMQ"
TAGLINE = "Quelques questions"
SITE = "https://cmq.example.org/assistant/"
BLOCKS = "█▀▄"


class Screen(pyte.Screen):  # type: ignore[misc]
    """A pyte screen that answers the program's cursor position requests and counts scrolls."""

    def __init__(self, columns: int, lines: int) -> None:
        super().__init__(columns, lines)
        self.child: pexpect.spawn | None = None
        self.scrolls = 0

    def write_process_input(self, data: str) -> None:
        if self.child is not None:
            self.child.send(data)

    def index(self) -> None:
        if self.cursor.y == self.lines - 1:
            self.scrolls += 1
        super().index()


class Kiosk:
    """`cmq-wizard demo` in a pty of `columns`×`lines`."""

    def __init__(self, columns: int, lines: int, *args: str, cwd: Path) -> None:
        env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8"}
        for var in ("CMQ_WIZARD_LANG", "CMQ_WIZARD_RULES", "CMQ_WIZARD_FAQ", "NO_COLOR", "COLUMNS", "LINES"):
            env.pop(var, None)
        self.screen = Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.child = pexpect.spawn(str(BIN), list(args), cwd=str(cwd), env=env, dimensions=(lines, columns))
        self.screen.child = self.child

    def pump(self, seconds: float = 0.2) -> None:
        end = time.monotonic() + seconds
        while True:
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.05))
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                return
            if time.monotonic() > end:
                return

    def settle(self, quiet: float = 2.0, limit: float = 60) -> None:
        """Pump until nothing was drawn for `quiet` seconds (a storm of keys has been dealt with)."""
        end = time.monotonic() + limit
        last = time.monotonic()
        while time.monotonic() < end and time.monotonic() - last < quiet:
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.1))
                last = time.monotonic()
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                return

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait(self, what: str | Callable[[str], bool], timeout: float = 30) -> str:
        """Pump until the screen shows `what` (and nothing moved for a moment); returns the screen."""
        check = (lambda s: what in s) if isinstance(what, str) else what
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.2)
            if check(self.text()):
                before = self.text()
                self.pump(0.4)  # let the screen settle
                if self.text() == before or check(self.text()):
                    return self.text()
        raise AssertionError(f"not shown within {timeout} s: {what!r}; screen:\n{self.text()}")

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def press(self, keys: str, then: str | Callable[[str], bool]) -> str:
        self.send(keys)
        return self.wait(then)

    def quit(self) -> int:
        """The staff gesture: Ctrl-C at the welcome screen, the word, Enter."""
        self.to_welcome()
        self.press(CTRL_C, "quitter")
        self.send("quitter" + ENTER)
        self.child.expect(pexpect.EOF, timeout=30)
        self.child.close()
        assert self.child.exitstatus is not None
        return int(self.child.exitstatus)

    def to_welcome(self) -> None:
        """From the staff word prompt or the welcome screen, to the welcome screen."""
        for _ in range(5):  # Enter leaves the staff prompt (a second one if Ctrl-S started a search there)
            screen = self.wait(lambda s: "Appuyez sur Entrée" in s or "Fermer la borne" in s)
            if "Fermer la borne" not in screen:
                return
            self.send(ENTER)
            self.settle()
        raise AssertionError(f"the staff prompt stays: {self.text()}")

    def answer(self, question: str, downs: int) -> None:
        self.wait(question)
        self.send(DOWN * downs + ENTER)

    def visit(self, answers: list[tuple[str, int]], verdict: str) -> str:
        """From the welcome screen to the result; returns the result screen."""
        self.press(ENTER, french("Qui êtes-vous ?"))
        for question, downs in answers:
            self.answer(question, downs)
        return self.wait(lambda s: verdict in s and french("Et maintenant ?") in s)


WHO, WHAT = french("Qui êtes-vous ?"), french("Que souhaitez-vous faire ?")  # as the screen sets them
COMPANY_JOIN_YES = [(WHO, 2), (WHAT, 1), ("Votre activité relève", 0)]
LYCEE_MOBILITY_LOCAL = [(WHO, 1), (WHAT, 3), ("mobilité", 2)]
NEXT_VISITOR = UP + ENTER  # the last entry of the result's menu


def rows_with_blocks(screen: list[str]) -> list[list[tuple[int, str]]]:
    """The title's blocks of letters: runs of screen rows drawn with block characters."""
    blocks: list[list[tuple[int, str]]] = []
    previous = -2
    for y, row in enumerate(screen):
        if any(c in row for c in BLOCKS):
            if y != previous + 1:
                blocks.append([])
            blocks[-1].append((y, row.rstrip()))
            previous = y
    return blocks


@pytest.mark.parametrize(("columns", "lines"), [(80, 24), (200, 50)])
def test_the_title_is_one_block_with_accents_on_their_letters_and_one_press_enter_line(
    tmp_path: Path, columns: int, lines: int
) -> None:
    kiosk = Kiosk(columns, lines, "demo", cwd=tmp_path)
    screen = kiosk.wait("Appuyez sur Entrée").splitlines()
    drawn = rows_with_blocks(screen)
    assert drawn, "no block letters on the welcome screen"
    # Which size was chosen is the program's business; that its blocks are the font's, each laid
    # out with one left margin, is the test: a row centred on its own would be off by a column.
    candidates = [demo_cmd.title_blocks(TITLE, columns - 4, scale=scale) for scale in (2, 1, 0.5)]
    expected = next(c for c in candidates if c is not None and len(c) == len(drawn) and len(c[0]) == len(drawn[0]))
    for block, rows in zip(drawn, expected, strict=True):
        left = min(len(row) - len(row.lstrip()) for _, row in block)
        assert [row[left:] for _, row in block] == [r.rstrip() for r in rows]
        widths = {len(r) for r in rows}
        assert len(widths) == 1  # every row of the block is as wide as the others
    # The accents: the first row of a block with an accent holds only accents, each over a letter.
    accented = [block for block in drawn if "█" in block[0][1] and block[0][1].count("█") <= 8]
    assert accented, "no accent row found"
    for block in accented:
        (_, accents), (_, letters) = block[0], block[1]
        if "▀" in accents or "▄" in accents:
            continue  # half size: accents and letters share rows
        for x, char in enumerate(accents):
            if char == "█":
                assert x < len(letters) and letters[x] == "█", f"an accent at column {x} is over no letter"
    assert sum("Entrée" in row for row in screen) == 1  # what to press, said once
    assert sum(TAGLINE in row for row in screen) == 1
    assert kiosk.screen.scrolls == 0
    assert kiosk.quit() == 0


def test_at_60x20_the_title_is_plain_and_nothing_scrolls(tmp_path: Path) -> None:
    kiosk = Kiosk(60, 20, "demo", cwd=tmp_path)
    screen = kiosk.wait("Appuyez sur Entrée")
    assert TITLE.upper() in screen
    kiosk.visit(COMPANY_JOIN_YES, "ÉLIGIBLE")
    assert kiosk.screen.scrolls == 0
    kiosk.press(NEXT_VISITOR, "Appuyez sur Entrée")
    assert kiosk.quit() == 0


@pytest.mark.parametrize(("columns", "lines"), [(80, 24), (200, 50)])
def test_each_screen_starts_clean_the_result_fits_and_nothing_scrolls(tmp_path: Path, columns: int, lines: int) -> None:
    record = tmp_path / "visits.jsonl"
    kiosk = Kiosk(columns, lines, "demo", "--record", str(record), cwd=tmp_path)
    kiosk.wait("Appuyez sur Entrée")
    result = kiosk.visit(COMPANY_JOIN_YES, "ÉLIGIBLE")
    for shown in ("À faire", "Contact"):  # the verdict, the next steps and the contact, on one screen
        assert shown in result
    rows = result.splitlines()
    used = [row for row in rows[: next(i for i, r in enumerate(rows) if french("Et maintenant ?") in r)] if row.strip()]
    left = min(len(row) - len(row.lstrip()) for row in used)
    right = max(len(row) for row in used)
    assert right - left <= 100
    if columns == 200:
        assert left >= 45  # centred
    faq = kiosk.press(ENTER, "Ce que dit la FAQ")  # Enter: the FAQ text, not the next visitor
    assert "Quels acteurs de la vie économique" in faq
    assert "ÉLIGIBLE" not in faq  # a cleared screen
    kiosk.press(ENTER, "ÉLIGIBLE")
    kiosk.press(NEXT_VISITOR, "Appuyez sur Entrée")
    second = kiosk.press(ENTER, french("Qui êtes-vous ?"))
    assert "ÉLIGIBLE" not in second and "Entreprise" in second  # nothing of the previous visitor
    assert "Question 1 sur" in second  # the wizard's progress line, under the kiosk's cleared screen
    assert "Ctrl-C" not in second  # at the kiosk Ctrl-C goes back to the welcome: not offered as « quitter »
    kiosk.send(CTRL_C)
    kiosk.wait("Appuyez sur Entrée")
    assert kiosk.screen.scrolls == 0
    assert kiosk.quit() == 0
    assert [json.loads(line)["verdict"] for line in record.read_text(encoding="utf-8").splitlines()] == ["eligible"]


def test_ctrl_c_and_ctrl_d_storms_at_every_stage_leave_the_kiosk_running(tmp_path: Path) -> None:
    """Five Ctrl-C and three Ctrl-D at each stage; only the staff word ends it, with exit 0."""
    record = tmp_path / "visits.jsonl"
    kiosk = Kiosk(80, 24, "demo", "--record", str(record), cwd=tmp_path)
    storm = CTRL_C * 5 + CTRL_D * 3 + "\x1b" + "\x1c" + "\x1a" + "\x13"  # and Escape, Ctrl-\, Ctrl-Z, Ctrl-S

    def survive() -> None:
        kiosk.send(storm)
        kiosk.settle()
        assert kiosk.child.isalive(), "the kiosk ended"
        kiosk.to_welcome()

    kiosk.wait("Appuyez sur Entrée")
    survive()  # at the welcome screen
    kiosk.press(ENTER, french("Qui êtes-vous ?"))
    survive()  # at the first question
    kiosk.press(ENTER, french("Qui êtes-vous ?"))
    kiosk.answer(french("Qui êtes-vous ?"), 1)
    kiosk.wait(french("Que souhaitez-vous faire ?"))
    survive()  # in the middle of a visit
    kiosk.visit(LYCEE_MOBILITY_LOCAL, "INFORMATION")
    survive()  # on the result: the visit is over, and it was recorded
    kiosk.visit(COMPANY_JOIN_YES, "ÉLIGIBLE")
    kiosk.press(ENTER, "Ce que dit la FAQ")
    survive()  # on the FAQ text
    kiosk.press(CTRL_C, "Fermer la borne")
    survive()  # at the staff word
    kiosk.press(CTRL_C, "Fermer la borne")
    kiosk.send("non" + ENTER)  # not the word: back to the welcome
    kiosk.wait("Appuyez sur Entrée")
    assert kiosk.child.isalive()
    assert kiosk.quit() == 0
    visits = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    assert [v["verdict"] for v in visits] == ["info", "eligible"]  # every finished visit, no other
    assert visits[0]["answers"] == {"profile": "lycee", "goal": "mobility", "mobility_scope": "local"}


def test_idle_warns_a_key_resumes_the_visit_and_silence_resets(tmp_path: Path) -> None:
    record = tmp_path / "visits.jsonl"
    kiosk = Kiosk(80, 24, "demo", "--idle-reset", "2", "--record", str(record), cwd=tmp_path)
    kiosk.wait("Appuyez sur Entrée")
    kiosk.press(ENTER, french("Qui êtes-vous ?"))
    kiosk.answer(french("Qui êtes-vous ?"), 2)  # company
    kiosk.wait(french("Que souhaitez-vous faire ?"))
    warning = kiosk.wait(french("Toujours là ?"), timeout=30)
    first = int(re.search(r"dans (\d+) s", warning).group(1))  # type: ignore[union-attr]
    later = kiosk.wait(lambda s: (m := re.search(r"dans (\d+) s", s)) is not None and int(m.group(1)) < first)
    assert french("Toujours là ?") in later  # a visible countdown
    back = kiosk.press("x", french("Que souhaitez-vous faire ?"))  # any key: the visit goes on where it was
    assert "Toujours là" not in back
    assert "Question 2 sur" in back  # the question's screen drawn again, its progress line included
    kiosk.send(DOWN + ENTER)  # join: the first answer (company) was kept
    kiosk.answer("Votre activité relève", 0)
    kiosk.wait(lambda s: "ÉLIGIBLE" in s and french("Et maintenant ?") in s)
    kiosk.wait(french("Toujours là ?"), timeout=30)  # the result stays, then the warning
    kiosk.wait("Appuyez sur Entrée", timeout=40)  # silence: the welcome screen
    assert kiosk.screen.scrolls == 0
    assert kiosk.quit() == 0
    (visit,) = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    assert visit["answers"] == {"profile": "company", "goal": "join", "activity_in_theme": "yes"}


def _rules_with_site(tmp_path: Path) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    path = rules / "ruleset.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f'site_url: "{SITE}"\n', encoding="utf-8")
    return rules


def decode_screen_qr(screen: Screen) -> str:
    """Rebuild the picture a phone sees from the cells (glyph, colours) and decode it."""
    import zxingcpp

    light = {"white", "brightwhite"}
    cells = [(y, x) for y in range(screen.lines) for x in range(screen.columns) if screen.buffer[y][x].bg in light]
    assert cells, "no QR code on the screen"
    top, bottom = min(y for y, _ in cells), max(y for y, _ in cells)
    left, right = min(x for _, x in cells), max(x for _, x in cells)
    modules: list[list[int]] = []
    for y in range(top, bottom + 1):
        upper, lower = [], []
        for x in range(left, right + 1):
            char = screen.buffer[y][x]
            ink = 0 if char.fg == "black" else 255  # the glyph's colour
            paper = 255 if char.bg in light else 0
            upper.append(ink if char.data in "█▀" else paper)
            lower.append(ink if char.data in "█▄" else paper)
        modules += [upper, lower]
    scale = 6
    pixels = bytes(v for row in modules for _ in range(scale) for v in row for _ in range(scale))
    image = memoryview(pixels).cast("B", (len(modules) * scale, len(modules[0]) * scale))
    found = zxingcpp.read_barcodes(image, try_invert=False)
    assert found, "the QR code does not decode"
    return str(found[0].text)


def test_the_qr_code_opens_the_page_with_the_answers_at_200x50_and_80x24(tmp_path: Path) -> None:
    rules = _rules_with_site(tmp_path)
    expected = page_url(SITE, {"profile": "company", "goal": "join", "activity_in_theme": "yes"})
    big = Kiosk(200, 50, "--rules", str(rules), "demo", cwd=tmp_path)
    big.wait("Appuyez sur Entrée")
    big.visit(COMPANY_JOIN_YES, "ÉLIGIBLE")  # beside the result on a big screen
    assert decode_screen_qr(big.screen) == expected
    assert big.screen.scrolls == 0
    big.press(NEXT_VISITOR, "Appuyez sur Entrée")
    assert big.quit() == 0

    small = Kiosk(80, 24, "--rules", str(rules), "demo", cwd=tmp_path)
    small.wait("Appuyez sur Entrée")
    result = small.visit(COMPANY_JOIN_YES, "ÉLIGIBLE")
    assert "Emporter la réponse (QR code)" in result  # one key away on a small screen
    small.press(DOWN * 2 + ENTER, "Scannez avec votre téléphone")
    assert decode_screen_qr(small.screen) == expected
    small.press("x", french("Et maintenant ?"))
    assert small.screen.scrolls == 0
    small.press(NEXT_VISITOR, "Appuyez sur Entrée")
    assert small.quit() == 0


def test_without_site_url_there_is_no_qr_code(tmp_path: Path) -> None:
    kiosk = Kiosk(200, 50, "--faq", str(FAQ), "demo", cwd=tmp_path)
    kiosk.wait("Appuyez sur Entrée")
    result = kiosk.visit(COMPANY_JOIN_YES, "ÉLIGIBLE")
    assert "QR" not in result
    assert not any(kiosk.screen.buffer[y][x].bg == "brightwhite" for y in range(50) for x in range(200))
    kiosk.press(NEXT_VISITOR, "Appuyez sur Entrée")
    assert kiosk.quit() == 0
