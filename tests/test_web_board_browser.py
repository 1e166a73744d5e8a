"""A board and a re-assessment in a real browser, against `assess serve` started as a user starts it.

The chair creates a board of three members; each answers their own copy differently; the chair's page shows
the aggregation and the agenda; the board PDF downloaded from the page reads (pdftotext) exactly as the one
`assess compare --mode board` writes over the members' exported files. Then the next review of an assessment
is started, an answer changed, and the change is listed. ASSESS_SCREENSHOTS=DIR keeps the pages at 1280 and
390 pixels wide."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.needs import needs
from tests.test_web_browser import assess, browser, serving, sign_in

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e .[dev])")
pytestmark = needs("chromium", "pdftotext")
__all__ = ["browser"]  # the shared Chromium fixture, used here under its own name

PASSWORD = "correct horse battery"
MINI = Path(__file__).resolve().parent / "fixtures" / "core" / "frameworks"
MEMBERS = {"carol": ("specific", "Specific and written"), "dave": ("general", "General"), "erin": ("none", "None")}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("workspace")
    for name in ("alice", *MEMBERS):
        made = assess("user", "add", name, data=data, stdin=PASSWORD + "\n")
        assert made.returncode == 0, made.stderr
    with serving(data, "--frameworks", str(MINI)) as base:
        yield base


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True,
                          timeout=60)
    return done.stdout


def look(browser: Any, base: str, url: str, name: str) -> None:
    """The page at both widths: nothing scrolls sideways; kept as a screenshot where asked."""
    for width in (1280, 390):
        page = sign_in(browser, base, "alice", width)
        page.goto(url)
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), (name, width)
        shots = os.environ.get("ASSESS_SCREENSHOTS")
        if shots:
            page.screenshot(path=str(Path(shots) / f"{name}-{width}.png"), full_page=True)
        page.context.close()


def test_a_board_meets_and_a_review_follows(server: str, browser: Any, tmp_path: Path) -> None:
    chair = sign_in(browser, server, "alice")
    problems: list[str] = []
    chair.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    chair.click("text=Start a board assessment")
    for box in chair.locator("input[name=frameworks]").all():
        box.uncheck()
    chair.check("#fw-mini")
    chair.fill("#title", "Pilot ethics board")
    chair.fill("#organisation", "A police force")
    chair.fill("#system", "Workforce analytics")
    chair.fill("#members", "carol, dave, erin")
    chair.click("form[action='/boards/new'] button[type=submit]")
    chair.wait_for_url("**/b/*")
    board_url = chair.url
    playwright.expect(chair.locator("#progress + .table-scroll")).to_contain_text("0 of 9")

    # Each member answers their own copy, from the board's page, as they would.
    exported: list[str] = []
    for name, (value, _label) in MEMBERS.items():
        member = sign_in(browser, server, name)
        member.click("#boards ~ ul a[href^='/b/']")
        assert "has not shown" in member.inner_text("main")
        member.click("text=Answer your own copy")
        member.click("a[href$='/s/mini/aim']")
        member.wait_for_url("**/s/mini/aim")
        member.locator(f"#q-mini--objective input[value={value}]").check()
        member.locator("#saved-mini--objective").get_by_text("Saved at").wait_for()
        member.go_back()
        with member.expect_download() as download:
            member.click("text=The assessment file (YAML)")
        exported.append(download.value.suggested_filename)
        download.value.save_as(tmp_path / download.value.suggested_filename)
        member.context.close()

    # The chair's page: the aggregation, and the agenda led by the question they disagree on.
    chair.reload()
    agenda = chair.locator("table.agenda tbody tr").first
    for _value, label in MEMBERS.values():
        playwright.expect(agenda).to_contain_text(label)
    playwright.expect(agenda.locator("td").last).to_have_text("General")  # the lower median
    playwright.expect(chair.locator("#gates + ul")).to_contain_text(re.compile("erin", re.IGNORECASE))
    playwright.expect(chair.locator(".verdict-panel .verdict")).to_have_text("Pause and remediate")

    # The board PDF is the command line's.
    chair.click("text=The board document (PDF)")
    chair.click("text=Build the board PDF")
    ready = chair.get_by_text("Download the board document (PDF)")
    ready.wait_for(timeout=300_000)  # built in the background; the page follows its progress
    with chair.expect_download() as download:
        ready.click()
    served = tmp_path / "served.pdf"
    download.value.save_as(served)
    made = subprocess.run([sys.executable, "-m", "assess", "compare", *exported, "--mode", "board", "-o", "cli.pdf",
                           "--frameworks", str(MINI)], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          check=False)
    assert made.returncode == 0, made.stderr
    text = pdf_text(served)
    assert "Board view" in text and "General" in text
    assert text == pdf_text(tmp_path / "cli.pdf")
    look(browser, server, board_url, "board")
    chair.goto(board_url)

    # The next review of an assessment: answers carried over, one changed, and the change listed.
    chair.goto(f"{server}/new")
    for box in chair.locator("input[name=frameworks]").all():
        box.uncheck()
    chair.check("#fw-mini")
    chair.fill("#title", "Officer-monitoring pilot")
    chair.fill("#organisation", "A police force")
    chair.fill("#system", "Workforce analytics")
    chair.click("form[action='/new'] button[type=submit]")
    chair.click("a[href$='/s/mini/aim']")
    chair.wait_for_url("**/s/mini/aim")
    chair.locator("#q-mini--objective input[value=general]").check()
    chair.locator("#saved-mini--objective").get_by_text("Saved at").wait_for()
    chair.go_back()
    # Only an approved version starts the next review: carol reviews it and approves.
    assessment_url = chair.url
    chair.fill("#member-username", "carol")
    chair.select_option("#member-role", "reviewer")
    chair.click("form[action$='/members'] button[type=submit]")
    chair.click("form[action$='/review/submit'] button[type=submit]")
    reviewer = sign_in(browser, server, "carol")
    reviewer.goto(assessment_url)
    reviewer.click("form[action$='/review/approve'] button[type=submit]")
    reviewer.context.close()
    chair.goto(assessment_url)
    chair.click("text=Start the next review")
    chair.wait_for_url("**/changes")
    playwright.expect(chair.locator("main")).to_contain_text("No answer has changed")
    chair.click("main .meta a >> nth=0")  # to the new review itself
    chair.click("a[href$='/s/mini/aim']")
    chair.wait_for_url("**/s/mini/aim")
    playwright.expect(chair.locator("#q-mini--objective input[value=general]")).to_be_checked()
    chair.locator("#q-mini--objective input[value=specific]").check()
    chair.locator("#saved-mini--objective").get_by_text("Saved at").wait_for()
    chair.go_back()
    chair.click("text=what changed since")
    changes = chair.locator("table.changes tbody tr").first
    playwright.expect(changes).to_contain_text("General")
    playwright.expect(changes).to_contain_text("Specific and written")
    playwright.expect(changes).to_contain_text("Better")
    look(browser, server, chair.url, "changes")
    assert problems == [], problems
