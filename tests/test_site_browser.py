"""The static page in a real browser (Debian's Chromium driven by Playwright): it gives, on every
path and in both languages, what `cmq-wizard run --format json` gives; it is navigable by keyboard,
accessible (axe-core), prints on one A4 page, and asks nothing of the network.

One browser for the module; the page is built once, from the shipped rule set, by the command itself.
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cmq_wizard.cli import app
from cmq_wizard.engine import Engine
from cmq_wizard.model import RuleSet
from cmq_wizard.render import json as json_render
from cmq_wizard.render.view import plain as plain_text
from cmq_wizard.siteurl import page_url
from cmq_wizard.typography import for_lang, french
from tests.conftest import ROOT

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
GUILD = ROOT / "examples" / "guilde-lune"

# What the page shows of a result, read from the page itself.
READ_RESULT = """async () => {
  let box;
  while (!(box = document.querySelector('section[data-verdict]'))) await new Promise((r) => setTimeout(r, 5));
  const texts = (sel) => [...document.querySelectorAll(sel)].map((e) => e.innerText);
  return {
    verdict: box.dataset.verdict,
    heading: box.querySelector('h2').innerText,
    outcomes: [...box.querySelectorAll('[data-outcome]')].map((e) => e.dataset.outcome),
    titles: texts('[data-outcome]'),
    reasons: texts('.reasons li'),
    steps: texts('ol.steps li'),
    contacts: texts('ul.contacts li strong'),
    faq: [...document.querySelectorAll('blockquote[data-faq]')].map((e) => [e.dataset.faq, e.innerText]),
    faq_questions: [...document.querySelectorAll('blockquote[data-faq]')]
      .map((e) => e.previousElementSibling.innerText),
    lang: document.documentElement.lang,
    hash: location.hash,
  };
}"""


def squash(text: str) -> str:
    return " ".join(text.split())


def build_site(out: Path, *args: str) -> Path:
    result = CliRunner().invoke(app, [*args, "site", str(out)])
    assert result.exit_code == 0, result.output
    return out / "index.html"


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("chromium is needed in CI (.ci/run installs it)")
        pytest.skip("chromium is not installed")
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Visit:
    """One page in its own browser context, with every request it makes and every script error."""

    def __init__(self, browser: Any, **context: Any) -> None:
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, url: str) -> Any:
        self.page.goto(url)
        return self.page

    def close(self) -> None:
        assert self.errors == []
        self.context.close()


@pytest.fixture
def visit(browser: Any) -> Iterator[Visit]:
    v = Visit(browser)
    yield v
    v.close()


def expected(engine: Engine, ruleset: RuleSet, answers: dict[str, str], lang: str) -> dict[str, Any]:
    """What `cmq-wizard run --format json` says for these answers (the same function, in-process)."""
    return json_render.result_dict(engine.evaluate(answers), ruleset, lang)


def shown_equals_cli(shown: dict[str, Any], want: dict[str, Any], ruleset: RuleSet, lang: str) -> None:
    """The page shows what the JSON says, set as the language sets it (French spacing in French)."""

    def plain(text: str) -> str:
        return for_lang(plain_text(text), lang)

    assert shown["lang"] == lang
    assert shown["verdict"] == want["verdict"]
    label = ruleset.meta.verdicts[want["verdict"]].label.get(lang)  # type: ignore[index]
    assert shown["heading"].endswith(label)
    assert shown["outcomes"] == [o["id"] for o in want["outcomes"]]
    assert shown["titles"] == [plain(o["title"]) for o in want["outcomes"]]
    deciding = [o for o in want["outcomes"] if o["verdict"] == want["verdict"] and o["reason"]]
    assert shown["reasons"] == [plain(o["reason"]) for o in deciding]
    assert shown["steps"] == [plain(step) for step in want["next_steps"]]
    assert shown["contacts"] == [plain(c["name"]) for c in want["contacts"]]
    assert [fid for fid, _ in shown["faq"]] == [f["id"] for f in want["faq"]]
    assert shown["faq_questions"] == [plain(f["question"]) for f in want["faq"]]
    for (_, text), entry in zip(shown["faq"], want["faq"], strict=True):
        words = plain(entry["answer"]) + (" " + plain(entry["aside"]) if entry["aside"] else "")
        assert squash(text) == squash(words)  # word for word


def question_on_screen(page: Any, qid: str) -> Any:
    return page.wait_for_selector(f'fieldset[data-question="{qid}"]')


def click_answer(page: Any, qid: str, cid: str) -> None:
    """A real mouse click on the choice, once it is on screen. (Playwright's wait for the element to
    stand still is skipped: nothing on this page moves, and it costs two frames a click.)"""
    page.click(f'fieldset[data-question="{qid}"] button[data-choice="{cid}"]', force=True, no_wait_after=True)


def result_on_screen(page: Any) -> dict[str, Any]:
    """What the result on screen says (waiting for it: one round trip to the browser)."""
    return page.evaluate(READ_RESULT)  # type: ignore[no-any-return]


# --- Every path, by clicking, equal to the CLI ----------------------------------------------------------------


def walk_every_path(page: Any, engine: Engine, ruleset: RuleSet, lang: str) -> int:
    """Depth first, as a person trying every answer would: answer, read the result, « Retour »
    as far back as the next path differs, answer again. Each click names the question it
    expects on screen, so a click can never land on the screen before."""
    previous: list[tuple[str, str]] = []
    count = 0
    for answers in engine.paths():
        steps = list(answers.items())
        common = 0
        while common < min(len(steps), len(previous)) and steps[common] == previous[common]:
            common += 1
        for back in range(len(previous), common, -1):  # from the result, back to the first difference
            if back < len(previous):
                question_on_screen(page, previous[back][0])  # the last « Retour » has been followed
            page.click("button.back", force=True, no_wait_after=True)
        for qid, cid in steps[common:]:
            click_answer(page, qid, cid)
        shown = result_on_screen(page)
        shown_equals_cli(shown, expected(engine, ruleset, answers, lang), ruleset, lang)
        assert shown["hash"].startswith("#" + "&".join(f"{q}={c}" for q, c in steps))
        previous = steps
        count += 1
    return count


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_path_clicked_gives_what_the_cli_gives(
    visit: Visit, page_file: Path, engine: Engine, ruleset: RuleSet, lang: str
) -> None:
    page = visit.open(page_file.as_uri())
    if lang == "en":
        page.click("#lang")
        assert page.inner_text("#lang") == "Français"
    assert walk_every_path(page, engine, ruleset, lang) == 63


# --- Navigation ---------------------------------------------------------------------------------------------


def test_back_keeps_the_earlier_answer_marked_and_progress_counts_the_path(visit: Visit, page_file: Path) -> None:
    page = visit.open(page_file.as_uri())
    assert "Question 1 sur 4" in question_on_screen(page, "profile").inner_text()
    click_answer(page, "profile", "company")
    click_answer(page, "goal", "join")
    assert "Question 3 sur 3" in question_on_screen(page, "activity_in_theme").inner_text()
    page.click("button.back")
    goal = question_on_screen(page, "goal")
    assert "Question 2 sur 3" in goal.inner_text()  # a company can be asked 3 questions at most
    marked = goal.query_selector('button[aria-current="true"]')
    assert marked.get_attribute("data-choice") == "join"
    assert "votre réponse précédente" in marked.inner_text()
    assert page.evaluate("document.activeElement.id") == "question"
    assert page.evaluate("location.hash") == "#profile=company"
    page.click("button.restart")
    question_on_screen(page, "profile")
    assert page.query_selector('button[aria-current="true"]') is None


def test_change_an_answer_from_the_recap_then_carry_on(visit: Visit, page_file: Path) -> None:
    page = visit.open(page_file.as_uri() + "#profile=company&goal=join&activity_in_theme=no")
    assert result_on_screen(page)["verdict"] == "not_eligible"
    page.click('button.change[data-question="profile"]')
    profile = question_on_screen(page, "profile")
    assert profile.query_selector('button[aria-current="true"]').get_attribute("data-choice") == "company"
    click_answer(page, "profile", "training_body")
    # The later answer still asked stays marked; the one this path no longer asks is dropped.
    goal = question_on_screen(page, "goal")
    assert goal.query_selector('button[aria-current="true"]').get_attribute("data-choice") == "join"
    click_answer(page, "goal", "join")
    question_on_screen(page, "learner_level")
    click_answer(page, "learner_level", "primary")
    assert result_on_screen(page)["outcomes"] == ["training-join-below-college"]
    assert page.evaluate("location.hash") == "#profile=training_body&goal=join&learner_level=primary"
    change = page.query_selector('button.change[data-question="goal"]')
    assert change.get_attribute("aria-label") == french("Modifier la réponse à « Que souhaitez-vous faire ? »")


def test_the_browser_back_button_goes_back_one_question(visit: Visit, page_file: Path) -> None:
    page = visit.open(page_file.as_uri())
    click_answer(page, "profile", "institution")
    click_answer(page, "goal", "join")
    click_answer(page, "institution_kind", "economic")
    click_answer(page, "training_employment_link", "no")
    assert result_on_screen(page)["verdict"] == "conditional"
    page.go_back()
    question_on_screen(page, "training_employment_link")
    assert page.evaluate("document.activeElement.id") == "question"
    page.go_back()
    question_on_screen(page, "institution_kind")
    page.go_forward()
    question_on_screen(page, "training_employment_link")


def test_a_link_made_by_the_kiosk_opens_on_its_result(
    visit: Visit, page_file: Path, engine: Engine, ruleset: RuleSet
) -> None:
    """The kiosk's QR code holds `siteurl.page_url(site_url, answers)`: the page reads exactly that."""
    for answers in ({"profile": "institution", "goal": "join", "institution_kind": "other",
                     "training_employment_link": "no"}, {"profile": "lycee", "goal": "mobility",
                     "mobility_scope": "local"}):  # fmt: skip
        page = visit.open(page_url(page_file.as_uri(), answers))
        shown_equals_cli(result_on_screen(page), expected(engine, ruleset, answers, "fr"), ruleset, "fr")
        assert page.query_selector("[role=alert]") is None


def test_a_shared_link_opens_on_its_result_in_its_language(
    visit: Visit, page_file: Path, engine: Engine, ruleset: RuleSet
) -> None:
    answers = {"profile": "company", "goal": "join", "activity_in_theme": "no"}
    page = visit.open(page_file.as_uri() + "#profile=company&goal=join&activity_in_theme=no&lang=en")
    shown = result_on_screen(page)
    shown_equals_cli(shown, expected(engine, ruleset, answers, "en"), ruleset, "en")
    assert page.query_selector("[role=alert]") is None
    assert page.title().startswith("Not eligible")
    assert page.inner_text("h1") == ruleset.meta.title.en


def test_a_link_to_a_question_in_the_middle_starts_there(visit: Visit, page_file: Path) -> None:
    page = visit.open(page_file.as_uri() + "#profile=lycee")
    assert "Question 2 sur 3" in question_on_screen(page, "goal").inner_text()


def test_a_bad_link_says_what_is_wrong_and_starts_at_the_first_question_missing(visit: Visit, page_file: Path) -> None:
    page = visit.open(page_file.as_uri() + "#profile=company&colour=red&goal=jion&activity_in_theme=no")
    question_on_screen(page, "goal")
    alert = page.inner_text("[role=alert]")
    assert "Ce lien contient des réponses que la page ne reconnaît pas" in alert
    assert french("question inconnue « colour »") in alert
    assert french("« jion » n'est pas un choix de « Que souhaitez-vous faire ? » (choix : propose, join,") in alert
    assert page.evaluate("location.hash") == "#profile=company"
    click_answer(page, "goal", "join")  # the rest of the link's answers are kept, pre-selected
    marked = question_on_screen(page, "activity_in_theme").query_selector('button[aria-current="true"]')
    assert marked.get_attribute("data-choice") == "no"
    assert page.query_selector("[role=alert]") is None


def test_a_link_naming_what_every_object_has_is_only_unknown(visit: Visit, page_file: Path) -> None:
    page = visit.open(page_file.as_uri() + "#__proto__=x&constructor=y&toString=%7Bquestion%7D&profile=%7Bvalue%7D")
    question_on_screen(page, "profile")
    alert = page.inner_text("[role=alert]")
    for name in ("__proto__", "constructor", "toString"):
        assert french(f"question inconnue « {name} »") in alert
    assert french("« {value} » n'est pas un choix de « Qui êtes-vous ? »") in alert  # placeholders filled once


def test_an_answer_the_path_does_not_ask_is_reported_and_ignored(
    visit: Visit, page_file: Path, ruleset: RuleSet
) -> None:
    page = visit.open(page_file.as_uri() + "#profile=lycee&goal=join&economic_stake=local&lang=xx")
    assert result_on_screen(page)["verdict"] == "eligible"
    alert = page.inner_text("[role=alert]")
    text = ruleset.question_by_id["economic_stake"].spec.text.fr
    assert french(f"la question « {text} » n'est pas posée sur ce parcours ; réponse ignorée") in alert
    assert french("langue inconnue « xx »") in alert


# --- Keyboard, focus, and what assistive technology is told -----------------------------------------------------


def test_one_path_by_keyboard_alone_focus_on_each_new_question(visit: Visit, page_file: Path) -> None:
    page = visit.open(page_file.as_uri())

    def tab_to(choice: str) -> None:
        for _ in range(12):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.dataset.choice") == choice:
                return
        raise AssertionError(f"Tab never reached {choice}")

    tab_to("company")
    page.keyboard.press("Enter")
    page.wait_for_selector('fieldset[data-question="goal"]')
    assert page.evaluate("document.activeElement.id") == "question"
    assert french("Que souhaitez-vous faire ?") in page.evaluate("document.activeElement.innerText")
    tab_to("join")
    page.keyboard.press("Space")
    page.wait_for_selector('fieldset[data-question="activity_in_theme"]')
    assert "thématique" in page.evaluate("document.activeElement.innerText")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # the focus is visible
    tab_to("unsure")
    page.keyboard.press("Enter")
    page.wait_for_selector("section[data-verdict]")
    assert page.evaluate("document.activeElement.id") == "result"
    page.wait_for_function("document.getElementById('live').textContent.length > 0")
    assert page.inner_text("#live").startswith(french("Résultat : Sous conditions."))


AXE_STATES = {
    "first-question": "",
    "follow-up": "profile=institution&goal=join&institution_kind=economic",
    "eligible": "profile=lycee&goal=join",
    "conditional": "profile=company&goal=join&activity_in_theme=unsure",
    "not_eligible": "profile=training_body&goal=join&learner_level=primary",
    "info": "profile=company&goal=governance&governance_role=member",
    "bad-link": "profile=nobody",
}


AXE_AT_320 = ("first-question", "not_eligible")


@pytest.mark.parametrize("width", [1024, 320])
def test_axe_finds_no_violation(browser: Any, page_file: Path, width: int) -> None:
    """axe-core (bundled with axe-playwright-python: nothing is downloaded), every rule it runs by
    default (WCAG 2.0/2.1 A and AA, and best practices), in both languages: every state above on a
    desktop, and at 320 px wide the first question and the longest kind of result."""
    from axe_playwright_python.sync_playwright import Axe

    v = Visit(browser, viewport={"width": width, "height": 800})
    page = v.open(page_file.as_uri())
    page.evaluate(Axe().axe_script)  # once: the states below change the fragment, not the page
    found = {}
    states = [(name, fragment) for name, fragment in AXE_STATES.items() if width > 320 or name in AXE_AT_320]
    for lang in ("fr", "en"):
        for name, fragment in states:
            page.evaluate("(f) => { location.hash = f; }", "&".join(filter(None, [fragment, f"lang={lang}"])))
            page.wait_for_function("(l) => document.documentElement.lang === l", arg=lang)
            if name not in ("first-question", "follow-up", "bad-link"):
                assert result_on_screen(page)["verdict"] == name
                page.click("details.why summary")  # *Pourquoi ?* open, checked too
            else:
                page.wait_for_selector("fieldset")
            violations = page.evaluate("axe.run({resultTypes: ['violations']})")["violations"]
            found[f"{lang}/{name}"] = [f"{x['id']}: {[n['target'] for n in x['nodes']]}" for x in violations]
    v.close()
    assert found == {key: [] for key in found} and len(found) == 2 * len(states)


def test_320_pixels_and_200_percent_zoom_need_no_sideways_scrolling(browser: Any, page_file: Path) -> None:
    for viewport, scale in (({"width": 320, "height": 640}, 1), ({"width": 640, "height": 480}, 2)):
        v = Visit(browser, viewport=viewport, device_scale_factor=scale)
        page = v.open(page_file.as_uri() + "#profile=institution&goal=join&institution_kind=economic")
        if scale == 2:  # 200 % zoom: a 1280 px window shows what a 640 px one does, twice as large
            page.evaluate("document.body.style.zoom = '2'")
        question_on_screen(page, "training_employment_link")
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        page.goto(page.url + "&training_employment_link=no")
        result_on_screen(page)
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        v.close()


# --- Print, network, file://, server, no JavaScript ------------------------------------------------------------


def longest(engine: Engine, ruleset: RuleSet, lang: str) -> dict[str, str]:
    def size(answers: dict[str, str]) -> int:
        data = expected(engine, ruleset, answers, lang)
        return len(str(data["faq"])) + len(str(data["next_steps"])) + len(str(data["outcomes"]))

    return max(engine.paths(), key=size)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_longest_result_prints_on_one_a4_page(
    visit: Visit, page_file: Path, engine: Engine, ruleset: RuleSet, lang: str
) -> None:
    answers = longest(engine, ruleset, lang)
    fragment = "#" + "&".join(f"{q}={c}" for q, c in answers.items()) + ("&lang=en" if lang == "en" else "")
    page = visit.open(page_file.as_uri() + fragment)
    result_on_screen(page)
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)) == 1
    assert re.search(rb"/MediaBox \[0 0 59[45](\.\d+)? 84[12]", pdf)  # A4 in points
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        import subprocess

        text = subprocess.run([pdftotext, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        verdict = expected(engine, ruleset, answers, lang)["verdict"]
        assert ruleset.meta.verdicts[verdict].label.get(lang) in text
        assert ("Source :" if lang == "fr" else "Source:") in text  # the last line made it onto the page
        assert ("Recommencer" if lang == "fr" else "Start again") not in text  # no buttons on paper


def test_no_request_but_the_page_no_cookie_no_storage(visit: Visit, page_file: Path) -> None:
    page = visit.open(page_file.as_uri())
    click_answer(page, "profile", "company")
    click_answer(page, "goal", "project")
    result_on_screen(page)
    page.click("#lang")
    result_on_screen(page)
    assert [url.split("#")[0] for url in visit.requests] == [page_file.as_uri()]
    assert visit.context.cookies() == []
    assert page.evaluate("[document.cookie, localStorage.length, sessionStorage.length]") == ["", 0, 0]


def test_served_over_http_it_works_the_same(visit: Visit, page_file: Path) -> None:
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(page_file.parent))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined,method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        page = visit.open(url + "#profile=lycee&goal=join")
        assert result_on_screen(page)["verdict"] == "eligible"
        assert [request.split("#")[0] for request in visit.requests] == [url]
    finally:
        server.shutdown()
        server.server_close()


def test_without_javascript_every_path_leads_to_its_result(browser: Any, page_file: Path, engine: Engine) -> None:
    v = Visit(browser, java_script_enabled=False)
    page = v.open(page_file.as_uri())
    assert page.is_visible("#static") and not page.is_visible("#app")
    leaves = page.eval_on_selector_all(".paths a", "links => links.map((a) => a.getAttribute('href'))")
    assert len(leaves) == len(list(engine.paths())) == 63
    for target in set(leaves):
        links = page.eval_on_selector_all(f"{target} a", "links => links.map((a) => a.getAttribute('href'))")
        assert links and all(page.query_selector(link) for link in links), target
    text = page.inner_text("#static")
    assert "Vis ma Vie" in text and "Il n'y a donc pas de cinquième élément" in text
    v.close()


def test_the_fictional_guild_plays_in_the_browser(visit: Visit, tmp_path: Path) -> None:
    from cmq_wizard.loader import load

    guild = load(GUILD / "rules", GUILD / "faq.yaml")
    index = build_site(tmp_path, "--rules", str(GUILD / "rules"), "--faq", str(GUILD / "faq.yaml"))
    page = visit.open(index.as_uri())
    assert walk_every_path(page, Engine(guild), guild, "fr") == len(list(Engine(guild).paths()))


def test_content_cannot_break_out_of_the_page(browser: Any, tmp_path: Path, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    hostile = "</script><script>document.title='pwned'</script><img src=x onerror=alert(1)> & R&D"
    text = faq.read_text(encoding="utf-8")
    start = "        La première étape est de vérifier"
    text = text.replace(start, f"        {hostile} {start.strip()}")
    faq.write_text(text, encoding="utf-8")
    stamped = CliRunner().invoke(app, ["--rules", str(rules), "--faq", str(faq), "rules", "stamp"])  # reviewed
    assert stamped.exit_code == 0, stamped.output
    index = build_site(tmp_path / "out", "--rules", str(rules), "--faq", str(faq))
    v = Visit(browser)
    page = v.open(index.as_uri() + "#profile=company&goal=propose&economic_stake=regional")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    shown = result_on_screen(page)
    assert hostile in shown["faq"][0][1]
    assert page.title() != "pwned" and dialogs == [] and page.query_selector("img") is None
    assert [url.split("#")[0] for url in v.requests] == [index.as_uri()]
    v.close()


def test_with_site_url_the_result_gives_its_own_address(
    visit: Visit, tmp_path: Path, content_copy: tuple[Path, Path]
) -> None:
    rules, faq = content_copy
    meta = rules / "ruleset.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "site_url: https://example.org/cmq/\n", encoding="utf-8")
    index = build_site(tmp_path / "out", "--rules", str(rules), "--faq", str(faq))
    answers = {"profile": "company", "goal": "join", "activity_in_theme": "unsure"}
    page = visit.open(page_url(index.as_uri(), answers))
    result_on_screen(page)
    address = french("Adresse de ce résultat : ") + page_url("https://example.org/cmq/", answers)
    assert page.inner_text(".address") == address
    pdf = page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)) == 1
