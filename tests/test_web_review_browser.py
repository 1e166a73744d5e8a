"""A review in a real browser: the respondent drafts and submits, the reviewer challenges two answers and
returns the assessment, the respondent sees what to revisit and revises, the reviewer accepts and approves,
and the answers are then frozen. The pages met on the way are checked with axe; with ASSESS_SCREENSHOTS=DIR
set, the assessment's page (challenges, timeline) is photographed at 1280 and 390 px wide into DIR."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.needs import needs
from tests.test_web_browser import CHROMIUM, PASSWORD, add_member, assess, fill_new_assessment, serving, sign_in

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e .[dev])")
pytestmark = needs("chromium")
SHOTS = os.environ.get("ASSESS_SCREENSHOTS")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A workspace with three accounts: alice (who owns it), bob (respondent), carol (reviewer)."""
    data = tmp_path_factory.mktemp("workspace")
    for name in ("alice", "bob", "carol"):
        made = assess("user", "add", name, data=data, stdin=PASSWORD + "\n")
        assert made.returncode == 0, made.stderr
    with serving(data) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        yield launched
        launched.close()


def axe_problems(page: Any) -> list[str]:
    from tests.test_web_a11y import axe_problems as check

    return [f"{page.url}: {p}" for p in check(page)]


def shoot(page: Any, name: str) -> None:
    if not SHOTS:
        return
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def choose(page: Any, question: str, value: str) -> None:
    """Answer a question on its section page, and wait for the save."""
    key = f"consultation--{question}"
    page.locator(f"#q-{key} input[value={value}]").check()
    page.locator(f"#saved-{key}").get_by_text("Saved at").wait_for()


def challenge(page: Any, assessment: str, question: str, reason: str) -> None:
    page.goto(f"{assessment}/q/consultation/{question}/discussion")
    page.get_by_label("Challenge this answer").fill(reason)
    page.get_by_role("button", name="Challenge the answer").click()
    page.get_by_text(reason).first.wait_for()


def test_a_review_from_draft_to_approval_in_the_browser(server: str, browser: Any) -> None:
    expect = playwright.expect
    problems: list[str] = []
    alice = sign_in(browser, server, "alice")
    alice.goto(f"{server}/new")
    fill_new_assessment(alice, "Officer-monitoring pilot (Federation view)")
    alice.click("form[action='/new'] button[type=submit]")
    alice.wait_for_url(re.compile(r".*/a/[^/]+$"))
    assessment = alice.url
    add_member(alice, "bob", "respondent")
    alice.wait_for_url(re.compile(r".*#members$"))
    add_member(alice, "carol", "reviewer")
    alice.wait_for_url(re.compile(r".*#members$"))

    # The respondent drafts two answers and submits the assessment for review.
    bob = sign_in(browser, server, "bob")
    bob.goto(f"{assessment}/s/consultation/who")
    choose(bob, "duty_identified", "dont_know")
    choose(bob, "staff_association_no_duty", "informal_briefing")
    bob.goto(assessment)
    bob.get_by_label("A note for the reviewer").fill("First draft, ready for the board.")
    bob.get_by_role("button", name="Submit for review").click()
    expect(bob.locator(".review-state")).to_have_text("in review")

    # The reviewer challenges two answers, with reasons, and returns the assessment.
    carol = sign_in(browser, server, "carol")
    challenge(carol, assessment, "duty_identified", "Which duty applies? Cite the regulation.")
    problems += axe_problems(carol)
    challenge(carol, assessment, "staff_association_no_duty", "A briefing is not consultation: @bob say who was asked.")
    carol.goto(assessment)
    carol.get_by_role("button", name="Approve and freeze the answers").click()
    expect(carol.get_by_role("alert")).to_contain_text("still open")
    carol.goto(assessment)
    carol.get_by_label("Why are you returning it?").fill("Two answers need evidence; see the challenges.")
    carol.get_by_role("button", name="Return to the respondent").click()
    expect(carol.locator(".review-state")).to_have_text("returned")

    # The respondent sees what to revisit, on the assessment's page and beside the questions, and revises.
    bob.goto(assessment)
    revisit = bob.locator(".challenges")
    expect(revisit).to_contain_text("Which duty applies? Cite the regulation.")
    expect(revisit).to_contain_text("A briefing is not consultation")
    expect(bob.get_by_role("heading", name="Mentions you")).to_be_visible()
    expect(bob.locator(".timeline")).to_contain_text("Two answers need evidence")
    problems += axe_problems(bob)
    shoot(bob, "review-returned")
    bob.goto(f"{assessment}/s/consultation/who")
    expect(bob.locator("#challenge-consultation--staff_association_no_duty")).to_contain_text("A briefing is not")
    choose(bob, "staff_association_no_duty", "formal_consultation")
    bob.goto(f"{assessment}/q/consultation/duty_identified/discussion")
    bob.get_by_label("Start a thread").fill("@carol the duty is under the 2003 regulations; answer kept.")
    bob.get_by_role("button", name="Post").click()
    expect(bob.locator("mark.mention")).to_have_text("@carol")
    problems += axe_problems(bob)
    bob.goto(assessment)
    bob.get_by_role("button", name="Submit for review").click()
    expect(bob.locator(".review-state")).to_have_text("in review")

    # The reviewer accepts the revised answer, withdraws the other challenge, and approves.
    carol.goto(f"{assessment}/q/consultation/staff_association_no_duty/discussion")
    carol.get_by_role("button", name="Accept the revised answer").click()
    expect(carol.locator(".challenge-accepted")).to_be_visible()
    carol.goto(f"{assessment}/q/consultation/duty_identified/discussion")
    expect(carol.get_by_role("button", name="Accept the revised answer")).to_have_count(0)  # not revised
    carol.get_by_role("button", name="Withdraw the challenge").click()
    expect(carol.locator(".challenge-withdrawn")).to_be_visible()
    carol.goto(assessment)
    carol.get_by_label("A note on the approval").fill("Approved at the May board.")
    carol.get_by_role("button", name="Approve and freeze the answers").click()
    expect(carol.locator(".review-state")).to_have_text("approved")
    expect(carol.locator(".timeline li")).to_have_count(4)
    problems += axe_problems(carol)
    shoot(carol, "review-approved")

    # The answers are frozen: a change is refused with the reason, and the answer stays as it was.
    bob.goto(f"{assessment}/s/consultation/who")
    expect(bob.locator("p.meta")).to_contain_text("approved: the answers are frozen")
    bob.locator("#q-consultation--staff_association_no_duty input[value=not_told]").check()
    expect(bob.locator("#saved-consultation--staff_association_no_duty")).to_contain_text("answers are frozen")
    bob.goto(f"{assessment}/s/consultation/who")
    expect(bob.locator("#q-consultation--staff_association_no_duty input[value=formal_consultation]")).to_be_checked()
    assert problems == [], "\n".join(problems)
