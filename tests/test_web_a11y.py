"""The workspace as a disabled or keyboard-only person meets it, in a real browser (Debian's Chromium).

- axe-core (the copy axe-playwright-python ships) checks every page, in its ordinary states and with an
  error or a conflict shown: no serious or critical violation. The app's strict Content-Security-Policy
  stays in force: axe is evaluated through Playwright (the DevTools protocol), which a page's CSP does not
  govern, rather than by adding a <script> the CSP would rightly block, or by turning the CSP off.
- A whole framework's questionnaire is answered with the keyboard alone, and the answers are then read back
  from the JSON API.
- At 390 px no page scrolls sideways. With ASSESS_SCREENSHOTS=DIR set, each page is also photographed at
  1280 and 390 px wide into DIR, for a person to look at.

One `assess serve` for the module, started on an empty data directory, so the first-run page is real.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.needs import needs
from tests.test_web_browser import (
    CHROMIUM,
    PASSWORD,
    add_member,
    assess,
    fill_new_assessment,
    playwright,
    serving,
    sign_in,
)

pytestmark = needs("chromium")
axe_package = pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is not installed "
                                  "(pip install -e .[dev])")
AXE_SOURCE = (Path(axe_package.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
SERIOUS = {"serious", "critical"}
SHOTS = os.environ.get("ASSESS_SCREENSHOTS")


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    """(base URL, the one-time setup link, the data directory) of a workspace with no accounts yet."""
    data = tmp_path_factory.mktemp("workspace")
    with serving(data) as base:
        # the link is printed before the server listens, so it is in the log by now
        found = re.search(r"(/setup\?token=\S+)", (data / "serve.log").read_text(encoding="utf-8"))
        assert found, "assess serve printed no setup link"
        yield base, found.group(1), data


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        yield launched
        launched.close()


def axe_problems(page: Any) -> list[str]:
    """Serious and critical axe violations on the page as it is now, one line each."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)  # through the DevTools protocol: the page's CSP does not apply to it
    report = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in report["violations"]
        if v["impact"] in SERIOUS
    ]


class Tour:
    """Visits pages, and at each: axe, no sideways scroll at 390 px, and screenshots when asked for."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.problems: list[str] = []

    def check(self, page: Any, name: str) -> None:
        self.problems += [f"{name}: {p}" for p in axe_problems(page)]
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                self.problems.append(f"{name}: scrolls sideways at {width} px")
            if SHOTS:
                page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def test_every_page_has_no_serious_accessibility_problem(first_run: tuple[str, str, Path], browser: Any) -> None:
    base, setup, _ = first_run
    tour = Tour(browser)
    first = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    first.goto(base + setup)
    tour.check(first, "setup")
    first.fill("#username", "alice")
    first.fill("#password", PASSWORD)
    first.fill("#again", PASSWORD + " not the same")
    first.click("main form button[type=submit]")
    first.get_by_text("The two passwords differ.").wait_for()
    tour.check(first, "setup-error")
    first.fill("#password", PASSWORD)
    first.fill("#again", PASSWORD)
    first.click("main form button[type=submit]")
    first.wait_for_url(f"{base}/")

    stranger = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    stranger.goto(f"{base}/login")
    tour.check(stranger, "login")
    stranger.fill("#username", "nobody")
    stranger.fill("#password", "wrong password")
    stranger.press("#password", "Enter")
    stranger.get_by_text("do not match").wait_for()
    tour.check(stranger, "login-error")

    alice = first
    tour.check(alice, "list-empty")
    alice.goto(f"{base}/admin/users")
    alice.fill("#username", "bob")
    alice.fill("#display_name", "Bob")
    alice.fill("#password", PASSWORD)
    alice.click("form[action='/admin/users'] button[type=submit]")
    alice.wait_for_url(f"{base}/admin/users")
    tour.check(alice, "accounts")
    alice.goto(f"{base}/admin/users/bob")  # one account: reset its password, deactivate it
    tour.check(alice, "account")
    alice.fill("#password", "too short")
    alice.evaluate("document.querySelector(\"form[action$='/password']\").noValidate = true")
    alice.click("form[action$='/password'] button[type=submit]")
    alice.locator("#password-error").wait_for()
    tour.check(alice, "account-error")
    alice.goto(f"{base}/account/password")  # one's own password, asking for the current one
    tour.check(alice, "password")
    alice.fill("#current", "not the password")
    alice.fill("#password", "violet hedgerows at dusk")
    alice.fill("#again", "violet hedgerows at dusk")
    alice.click("main form button[type=submit]")
    alice.locator("#current-error").wait_for()
    tour.check(alice, "password-error")

    alice.goto(f"{base}/new")
    tour.check(alice, "new")
    alice.evaluate("document.querySelector(\"form[action='/new']\").noValidate = true")
    alice.click("form[action='/new'] button[type=submit]")
    alice.locator("#title-error").wait_for()
    # The long framework list pushes the fields at fault out of sight: a summary at the top links to each.
    assert alice.locator(".error-summary a[href=\"#title\"]").inner_text() == "Give a title."
    tour.check(alice, "new-errors")
    fill_new_assessment(alice, "Officer-monitoring pilot (Federation view)",
                        system="Workforce analytics over sickness, overtime and rota data")
    alice.click("form[action='/new'] button[type=submit]")
    alice.wait_for_url(re.compile(r".*/a/[^/]+$"))
    assessment = alice.url
    add_member(alice, "bob", "respondent")
    alice.wait_for_url(re.compile(r".*#members$"))
    tour.check(alice, "assessment")
    alice.goto(f"{assessment}/about")
    tour.check(alice, "about")
    # An imported file that claims an approval and a sign-off: shown as imported history on a draft.
    claimed = yaml.safe_load(alice.request.get(f"{assessment}/export.yaml").text())
    claimed["review"] = {"state": "approved", "steps": [{"from": "in_review", "to": "approved", "by": "rhea",
                                                         "at": "2026-11-02T09:00:00Z", "reason": "Fine"}]}
    claimed["sign_offs"] = [{"name": "A chief officer", "role": "Chair", "decision": "proceed", "date": "2026-11-03"}]
    alice.goto(f"{base}/")
    alice.set_input_files("form[action='/import'] input[type=file]", files=[{
        "name": "claimed.yaml", "mimeType": "application/yaml", "buffer": yaml.safe_dump(claimed).encode()}])
    alice.click("form[action='/import'] button[type=submit]")
    alice.locator("#imported").wait_for()
    tour.check(alice, "assessment-imported")
    alice.goto(f"{assessment}/sign-off")
    tour.check(alice, "sign-off")

    section = f"{assessment}/s/consultation/who"
    alice.goto(section)
    tour.check(alice, "section")
    engaged = alice.locator("#q-consultation--who_engaged")
    engaged.locator("input[value=staff_networks]").check()
    alice.locator("#saved-consultation--who_engaged").get_by_text("Saved at").wait_for()
    engaged.locator("input[value=dont_know]").check()
    alice.locator("#saved-consultation--who_engaged").get_by_text("cannot be ticked together").wait_for()
    tour.check(alice, "section-error")

    bob = sign_in(browser, base, "bob")
    alice.goto(section)
    bob.goto(section)
    key = "consultation--staff_association_no_duty"
    alice.locator(f"#q-{key} input[name=answer]").nth(0).check()
    alice.locator(f"#saved-{key}").get_by_text("Saved at").wait_for()
    bob.locator(f"#q-{key} input[name=answer]").nth(2).check()
    bob.locator(f"#saved-{key}").get_by_text("saved a different answer").wait_for()
    tour.check(bob, "section-conflict")

    alice.goto(f"{assessment}/history/consultation/staff_association_no_duty")
    tour.check(alice, "history")
    alice.goto(f"{assessment}/log")
    tour.check(alice, "log")
    alice.goto(f"{assessment}/q/consultation/staff_association_no_duty/discussion")
    tour.check(alice, "discussion")
    alice.get_by_label("Start a thread").fill("@bob which meeting was this?\nAnd when?")
    alice.get_by_role("button", name="Post").click()
    alice.locator("mark.mention").first.wait_for()
    tour.check(alice, "discussion-thread")
    alice.get_by_role("button", name="Post").click()  # empty: the browser's own check, then ours
    alice.evaluate("document.querySelector('#new-thread').required = false")
    alice.get_by_role("button", name="Post").click()
    alice.locator("#discussion-error").wait_for()
    tour.check(alice, "discussion-error")
    alice.goto(f"{base}/")
    tour.check(alice, "list")
    alice.goto(f"{base}/a/no-such-assessment")
    tour.check(alice, "not-found")
    assert tour.problems == [], "\n".join(tour.problems)


FOCUSED = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  const question = e.closest('section.question');
  return {tag: e.tagName.toLowerCase(), type: e.type || '', name: e.name || '', value: e.value || '', id: e.id,
          checked: !!e.checked, text: (e.innerText || '').trim(), question: question ? question.id.slice(2) : '',
          ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
}"""


class Keyboard:
    """Tab through a page as a keyboard user does, noting any control whose focus cannot be seen."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.unseen: list[str] = []

    def tab(self) -> dict[str, Any]:
        self.page.keyboard.press("Tab")
        now: dict[str, Any] = self.page.evaluate(FOCUSED)
        if now["tag"] != "body" and not now["ring"]:
            self.unseen.append(f"{self.page.url}: {now['tag']}#{now['id']} {now['text'][:40]}")
        return now

    def tab_to(self, wanted: Any, limit: int = 400) -> dict[str, Any]:
        for _ in range(limit):
            now = self.tab()
            if wanted(now):
                return now
        raise AssertionError(f"Tab never reached the control wanted on {self.page.url}")


def test_a_whole_questionnaire_with_the_keyboard_alone(first_run: tuple[str, str, Path], browser: Any) -> None:
    base, _, data = first_run
    made = assess("user", "add", "kay", data=data, stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    keys = Keyboard(page)
    page.goto(f"{base}/login")
    page.wait_for_function("document.activeElement.id === 'username'")  # it has the focus when the page opens
    page.keyboard.type("kay")
    keys.tab()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")

    keys.tab_to(lambda f: f["text"] == "Start a new assessment")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/new")
    typed = {"title": "Keyboard only", "organisation": "A police force", "system": "Workforce analytics"}
    while True:
        now = keys.tab()
        if now["name"] == "frameworks" and now["checked"] != (now["value"] == "consultation"):
            page.keyboard.press("Space")
        elif now["id"] in typed:
            page.keyboard.type(typed.pop(now["id"]))
        elif now["tag"] == "button" and now["text"] == "Start":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/a/[A-Za-z0-9_-]+$"))
    ref = page.url.rsplit("/", 1)[1]
    keys.tab_to(lambda f: "Who should have had a say" in f["text"])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/s/consultation/who$"))

    chosen: dict[str, Any] = {}
    for _ in range(10):  # sections; the consultation framework has four
        questions = page.locator("section.question:visible").count()
        while True:
            now = keys.tab()
            key = now["question"]
            if now["name"] == "answer" and key not in chosen:
                if now["type"] == "radio":
                    # Space takes the first option; an arrow moves to and takes the next, alternately.
                    page.keyboard.press("Space" if len(chosen) % 2 == 0 else "ArrowDown")
                    picked = page.evaluate(FOCUSED)
                    assert picked["checked"], picked
                    chosen[key] = picked["value"]
                else:
                    page.keyboard.press("Space")
                    chosen[key] = [page.evaluate(FOCUSED)["value"]]
                page.locator(f"#saved-{key}").get_by_text("Saved at").wait_for()
            if (now["tag"] == "a" and now["text"].endswith("→")) or now["tag"] == "body":
                break
        answered_here = [k for k in chosen if page.locator(f"#q-{k}").count()]
        assert len(answered_here) == questions, (page.url, answered_here)
        if now["tag"] == "body":
            break  # the last section: Tab ran off the end of the page
        left = page.url
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url, left=left: url != left)

    state = page.request.get(f"{base}/api/assessments/{ref}").json()
    saved = state["assessment"]["answers"]["consultation"]
    shown = [q for fw in state["result"]["frameworks"] for q in fw["questions"] if q["status"] != "hidden"]
    assert len(chosen) == len(shown) >= 8  # every question the answers left visible, answered by keyboard
    assert {k.split("--", 1)[1]: v for k, v in chosen.items()} == {k: a["answer"] for k, a in saved.items()}
    assert keys.unseen == [], keys.unseen
