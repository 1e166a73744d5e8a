"""The workspace in a real browser: `assess serve` started as a user starts it, driven through Debian's
Chromium with Playwright (headless; `--no-sandbox` because the tests run as root)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from tests import waiting
from tests.needs import CHROMIUM, needs

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e .[dev])")
pytestmark = needs("chromium")

PASSWORD = "correct horse battery"


def assess(*args: str, data: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assess", *args, "--data", str(data)], input=stdin, text=True,
                          capture_output=True, timeout=120, check=False)


@contextlib.contextmanager
def serving(data: Path, *options: str, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """`assess serve` on `data` and a port of its own (tests/waiting.py), started as a user starts it; yields
    its address once it listens, and stops it afterwards. What it prints goes to `data`/serve.log."""
    with waiting.serve(["--data", str(data)], data / "serve.log", *options,
                       env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}) as (_, base):
        yield base


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("workspace")
    for name in ("alice", "bob"):
        made = assess("user", "add", name, data=data, stdin=PASSWORD + "\n")
        assert made.returncode == 0, made.stderr
    frameworks = Path(__file__).resolve().parent / "fixtures" / "core" / "frameworks"
    with serving(data, "--frameworks", str(frameworks)) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        yield launched
        launched.close()


def sign_in(browser: Any, base: str, name: str, width: int = 1280) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("#username", name)
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_url(f"{base}/")
    return page


def fill_new_assessment(page: Any, title: str, frameworks: tuple[str, ...] = ("consultation",),
                        system: str = "Workforce analytics") -> None:
    """On the new-assessment page: tick only `frameworks`, fill in what it is about (not yet submitted)."""
    for box in page.locator("input[name=frameworks]").all():
        box.uncheck()
    for fid in frameworks:
        page.check(f"#fw-{fid}")
    page.fill("#title", title)
    page.fill("#organisation", "A police force")
    page.fill("#system", system)


def add_member(page: Any, username: str, role: str) -> None:
    """On an assessment's page, as its owner."""
    page.fill("#member-username", username)
    page.select_option("#member-role", role)
    page.click("#members ~ form button[type=submit]")


def test_a_union_representative_answers_in_the_browser(server: str, browser: Any, tmp_path: Path) -> None:
    page = sign_in(browser, server, "alice")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{server}/new")
    fill_new_assessment(page, "Officer-monitoring pilot (Federation view)", ("consultation", "mini"))
    page.select_option("#perspective", "staff-association")
    page.click("form[action='/new'] button[type=submit]")
    assessment_url = page.url
    page.click("a[href$='/s/consultation/who']")
    page.wait_for_url("**/s/consultation/who")  # loaded, htmx with it: a change made before is never sent

    # Choose an option with the keyboard, then write a note: each is saved as it is made.
    question = page.locator("#q-consultation--staff_association_no_duty")
    question.locator("input[name=answer]").nth(3).focus()
    page.keyboard.press("Space")
    saved = page.locator("#saved-consultation--staff_association_no_duty")
    saved.get_by_text("Saved at").wait_for()
    question.get_by_text("Note, evidence and how sure you are").click()
    question.locator("textarea[name=note]").fill("The branch learned of it from an internal alert.")
    playwright.expect(page.locator("#rev-consultation--staff_association_no_duty")).to_have_value("2")
    assert "1 of" in page.inner_text("#status")

    # A `when` condition: the follow-up question appears and disappears without a reload.
    page.goto(assessment_url)
    page.click("a[href$='/s/mini/aim']")
    page.wait_for_url("**/s/mini/aim")
    follow_up = page.locator("#q-mini--link")
    objective = page.locator("#q-mini--objective")
    objective.get_by_label("Specific and written").check()
    follow_up.wait_for(state="visible")
    follow_up.get_by_label("Asserted only").check()
    page.locator("#saved-mini--link").get_by_text("Saved at").wait_for()
    objective.locator("input[value=none]").check()
    follow_up.wait_for(state="hidden")
    assert "hides 1 question answered before" in objective.inner_text()

    # Everything survives a reload.
    page.reload()
    assert objective.locator("input[value=none]").is_checked()
    page.goto(f"{assessment_url}/s/consultation/who")
    staff = page.locator("#q-consultation--staff_association_no_duty")
    assert staff.locator("input[name=answer]").nth(3).is_checked()
    assert staff.locator("textarea[name=note]").input_value() == "The branch learned of it from an internal alert."

    # The file and the report come away.
    page.goto(assessment_url)
    with page.expect_download() as download:
        page.click("text=The assessment file (YAML)")
    exported = tmp_path / "export.yaml"
    download.value.save_as(exported)
    mini = Path(__file__).resolve().parent / "fixtures" / "core" / "frameworks"
    checked = subprocess.run([sys.executable, "-m", "assess", "score", str(exported), "--frameworks", str(mini)],
                             capture_output=True, text=True,
                             check=False)
    assert checked.returncode == 0, checked.stderr
    assert "Consultation" in checked.stdout
    assert problems == [], problems
    for width in (1280, 390):
        narrow = sign_in(browser, server, "alice", width)
        narrow.goto(assessment_url)
        overflow = narrow.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"the page scrolls sideways at {width} px"
        shots = os.environ.get("ASSESS_SCREENSHOTS")
        if shots:
            narrow.screenshot(path=str(Path(shots) / f"assessment-{width}.png"), full_page=True)


def test_two_people_at_once_see_the_conflict_and_choose(server: str, browser: Any) -> None:
    alice = sign_in(browser, server, "alice")
    alice.goto(f"{server}/new")
    fill_new_assessment(alice, "Shared review")
    alice.click("form[action='/new'] button[type=submit]")
    add_member(alice, "bob", "respondent")
    section = alice.url.split("#")[0] + "/s/consultation/who"
    bob = sign_in(browser, server, "bob")
    alice.goto(section)
    bob.goto(section)
    key = "consultation--staff_association_no_duty"
    alice.locator(f"#q-{key} input[name=answer]").nth(0).check()
    alice.locator(f"#saved-{key}").get_by_text("Saved at").wait_for()
    bob.locator(f"#q-{key} input[name=answer]").nth(2).check()
    conflict = bob.locator(f"#saved-{key}")
    conflict.get_by_text("Alice saved a different answer").wait_for()
    assert "Formally consulted" in conflict.inner_text()  # their value is shown
    conflict.get_by_role("button", name="Save mine over theirs").click()
    conflict.get_by_text("Saved at").wait_for()
    alice.reload()
    assert alice.locator(f"#q-{key} input[name=answer]").nth(2).is_checked()


def test_the_workspace_needs_no_file_from_elsewhere() -> None:
    # Every script and stylesheet is served by the workspace itself: nothing from a CDN.
    templates = Path(__file__).resolve().parent.parent / "assess" / "web" / "templates"
    for template in templates.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, template.name
