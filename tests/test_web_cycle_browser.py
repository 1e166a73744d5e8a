"""Issue #13's acceptance test: one assessment's whole cycle in a real browser, by four people.

The owner (alice) creates the assessment and adds a respondent (bob), a reviewer (carol) and a decision-maker
(dave). Bob drafts answers, with a note and evidence, and submits them; carol challenges two answers and returns
the assessment; bob revises both and resubmits; carol accepts them and approves, which freezes the answers. Dave
records a decision with a condition and an accepted risk; the PDF is built, the signed PDF downloaded and checked
with `assess verify` against the test authority's root, and refused once one byte is changed. Alice then starts
the next review from the approved version; bob changes one answer in it and the "what changed since" page lists
that change. `assess serve` runs as a user starts it, with a signing key. With ASSESS_SCREENSHOTS=DIR set, the
assessment's page (returned, approved) and the sign-off page are kept at 1280 and 390 pixels wide in DIR."""

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
from tests.signing_support import PASSWORD as KEY_PASSWORD
from tests.signing_support import Authority, make_authority
from tests.test_web_browser import (
    PASSWORD,
    add_member,
    assess,
    browser,
    fill_new_assessment,
    serving,
    sign_in,
)

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e .[dev])")
pytestmark = needs("chromium")
__all__ = ["browser"]  # the shared Chromium fixture, used here under its own name

SHOTS = os.environ.get("ASSESS_SCREENSHOTS")
LONG = 300_000  # ms: the PDF is built in the background, on a machine that may be busy
GATE = "gate:consultation/formative_stage"


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Authority:
    return make_authority(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, authority: Authority) -> Iterator[str]:
    """A workspace with four accounts, started with the organisation's signing key."""
    data = tmp_path_factory.mktemp("workspace")
    for name in ("alice", "bob", "carol", "dave"):
        made = assess("user", "add", name, data=data, stdin=PASSWORD + "\n")
        assert made.returncode == 0, made.stderr
    with serving(data, "--signing-key", str(authority.p12),
                 env={"ASSESS_SIGNING_KEY_PASSWORD": KEY_PASSWORD.decode()}) as base:
        yield base


@pytest.fixture
def patient() -> Iterator[None]:
    """Every `expect` waits up to a minute (a loaded machine), and the default is put back afterwards."""
    playwright.expect.set_options(timeout=60_000)
    try:
        yield
    finally:
        playwright.expect.set_options(timeout=5_000)  # Playwright's own default


def look(page: Any, name: str) -> None:
    """The page at both widths: nothing scrolls sideways; photographed where asked."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), (name, width)
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"cycle-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def answer(page: Any, question: str, value: str, revision: int) -> None:
    """Choose an option on the question's section page; wait until the save has given its new revision."""
    key = f"consultation--{question}"
    page.locator(f"#q-{key} input[value={value}]").check()
    playwright.expect(page.locator(f"#rev-{key}")).to_have_value(str(revision))


def explain(page: Any, question: str, note: str, evidence: str, revision: int) -> None:
    """Write a note and an evidence line under an answer; each is saved as it is typed."""
    key = f"consultation--{question}"
    block = page.locator(f"#q-{key}")
    block.get_by_text("Note, evidence and how sure you are").click()
    block.locator("textarea[name=note]").fill(note)
    playwright.expect(page.locator(f"#rev-{key}")).to_have_value(str(revision))
    block.locator("textarea[name=evidence]").fill(evidence)
    playwright.expect(page.locator(f"#rev-{key}")).to_have_value(str(revision + 1))


def discuss(page: Any, assessment: str, question: str) -> None:
    page.goto(f"{assessment}/q/consultation/{question}/discussion")


def verify(pdf: Path, root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assess", "verify", str(pdf), "--trust", str(root)],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.usefixtures("patient")
def test_one_assessment_goes_round_the_whole_cycle(server: str, browser: Any, authority: Authority,
                                                   tmp_path: Path) -> None:
    expect = playwright.expect
    errors: list[str] = []

    # 1. The owner creates the assessment and adds the three other people, each in their role.
    alice = sign_in(browser, server, "alice")
    alice.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    alice.goto(f"{server}/new")
    fill_new_assessment(alice, "Officer-monitoring pilot")
    alice.click("form[action='/new'] button[type=submit]")
    alice.wait_for_url(re.compile(r".*/a/[^/#]+$"))
    assessment = alice.url
    for name, role in (("bob", "respondent"), ("carol", "reviewer"), ("dave", "decision-maker")):
        add_member(alice, name, role)
        alice.wait_for_url(re.compile(r".*#members$"))
    members = alice.locator("#members + ul")
    for line in ("(bob): respondent", "(carol): reviewer", "(dave): decision-maker"):
        expect(members).to_contain_text(line)

    # 2. The respondent drafts answers, with a note and evidence, and submits them for review.
    bob = sign_in(browser, server, "bob")
    bob.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    bob.goto(assessment)
    bob.click("a[href$='/s/consultation/who']")
    bob.wait_for_url("**/s/consultation/who")
    answer(bob, "duty_identified", "assumed_none", 1)
    answer(bob, "staff_association_no_duty", "informal_briefing", 1)
    explain(bob, "staff_association_no_duty", "The branch secretary was briefed in March.",
            "Email from the project sponsor to the branch, 14 March", 2)
    bob.goto(f"{assessment}/s/consultation/fairness")
    answer(bob, "formative_stage", "decision_already_made", 1)  # shown after a briefing: a gate, left standing
    bob.goto(assessment)
    expect(bob.locator(".review-state")).to_have_text("draft")
    bob.get_by_label("A note for the reviewer").fill("First draft for the ethics board.")
    bob.get_by_role("button", name="Submit for review").click()
    expect(bob.locator(".review-state")).to_have_text("in review")

    # 3. The reviewer challenges two answers, with reasons, and returns the assessment with a reason.
    carol = sign_in(browser, server, "carol")
    carol.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    reasons = {"duty_identified": "Was legal advice taken on the duty to consult?",
               "staff_association_no_duty": "A briefing is not consultation: show the committee minutes."}
    for question, reason in reasons.items():
        discuss(carol, assessment, question)
        carol.get_by_label("Challenge this answer").fill(reason)
        carol.get_by_role("button", name="Challenge the answer").click()
        expect(carol.get_by_text(reason).first).to_be_visible()
    carol.goto(assessment)
    carol.get_by_label("Why are you returning it?").fill("Two answers need more than an assumption.")
    carol.get_by_role("button", name="Return to the respondent").click()
    expect(carol.locator(".review-state")).to_have_text("returned")

    # 4. The respondent sees what to revisit, revises both answers and resubmits.
    bob.goto(assessment)
    revisit = bob.locator(".challenges")
    for reason in reasons.values():
        expect(revisit).to_contain_text(reason)
    expect(bob.locator(".timeline")).to_contain_text("Two answers need more than an assumption.")
    look(bob, "returned")
    bob.click("a[href$='/s/consultation/who']")
    bob.wait_for_url("**/s/consultation/who")
    expect(bob.locator("#challenge-consultation--duty_identified")).to_contain_text("Was legal advice taken")
    answer(bob, "duty_identified", "no_duty_with_advice", 2)
    answer(bob, "staff_association_no_duty", "formal_consultation", 4)
    bob.goto(assessment)
    expect(bob.locator(".challenges")).to_contain_text("Revised since: waiting for the reviewer")
    bob.get_by_role("button", name="Submit for review").click()
    expect(bob.locator(".review-state")).to_have_text("in review")

    # The reviewer accepts both revised answers, from the list on the assessment's page, and approves.
    for question in reasons:
        carol.goto(assessment)
        carol.click(f".challenges a[href$='/{question}/discussion']")
        carol.get_by_role("button", name="Accept the revised answer").click()
        expect(carol.locator(".challenge-accepted")).to_be_visible()
    carol.goto(assessment)
    expect(carol.locator(".challenges")).to_have_count(0)
    carol.get_by_label("A note on the approval").fill("Approved for the board's decision.")
    carol.get_by_role("button", name="Approve and freeze the answers").click()
    expect(carol.locator(".review-state")).to_have_text("approved")
    expect(carol.locator("#review")).to_contain_text("the answers are frozen")
    expect(carol.locator(".timeline li")).to_have_count(4)
    look(carol, "approved")

    # The answers are frozen: the section page says so, a save is refused, and the answer stays as approved.
    bob.goto(f"{assessment}/s/consultation/who")
    expect(bob.locator("p.meta")).to_contain_text("approved: the answers are frozen")
    bob.locator("#q-consultation--staff_association_no_duty input[value=not_told]").check()
    expect(bob.locator("#saved-consultation--staff_association_no_duty")).to_contain_text("answers are frozen")
    bob.reload()
    staff = bob.locator("#q-consultation--staff_association_no_duty")
    expect(staff.locator("input[value=formal_consultation]")).to_be_checked()
    expect(staff.locator("textarea[name=note]")).to_have_value("The branch secretary was briefed in March.")
    expect(staff.locator("textarea[name=evidence]")).to_have_value("Email from the project sponsor to the branch, "
                                                                   "14 March")

    # 5. The decision-maker records "proceed with conditions", with a condition, and accepts a listed risk.
    dave = sign_in(browser, server, "dave")
    dave.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    dave.goto(assessment)
    expect(dave.locator("#decision-status")).to_contain_text("approved, waiting for a decision")
    dave.locator("#decision-status a").click()
    dave.wait_for_url("**/sign-off")
    # Nine questions are still unanswered: the verdict the decision is taken on says it is provisional.
    expect(dave.locator("#provisional")).to_contain_text("not every question is answered")
    dave.fill("#sign-role", "Chair, ethics board")
    dave.get_by_label("Proceed with conditions").check()
    dave.fill("#sign-conditions", "Consult the staff association before any extension")
    dave.locator(f"input[name=accepted][value='{GATE}']").check()
    dave.fill("#sign-date", "2026-11-30")
    dave.get_by_role("button", name="Record the decision").click()
    recorded = dave.locator("#sign-offs")
    expect(recorded).to_contain_text("dave, Chair, ethics board: Proceed with conditions, 2026-11-30")
    expect(recorded).to_contain_text("Consult the staff association before any extension")
    expect(recorded.locator(".accepted-risks li")).to_have_text(
        f"{GATE}: Engagement on a decision already made cannot be at a formative stage, so the first Gunning "
        "requirement is not met.")  # the risk in words, as it was offered
    look(dave, "sign-off")

    # 6. The PDF is built in the background; the signed PDF verifies, and not once one byte is changed.
    dave.get_by_role("link", name="the PDF report").click()
    dave.get_by_role("button", name="Build the PDF report").click()
    signed_link = dave.get_by_role("link", name="Download signed PDF")
    expect(signed_link).to_be_visible(timeout=LONG)
    with dave.expect_download(timeout=LONG) as download:
        signed_link.click()
    signed = tmp_path / "signed.pdf"
    download.value.save_as(signed)
    if SHOTS:
        (Path(SHOTS) / "cycle-signed.pdf").write_bytes(signed.read_bytes())
    checked = verify(signed, authority.root_pem)
    assert checked.returncode == 0, checked.stderr
    assert "dave (Chair, ethics board): Proceed with conditions, 2026-11-30" in checked.stdout, checked.stdout
    data = bytearray(signed.read_bytes())
    data[data.index(b"stream") + 20] ^= 0x01  # a byte inside the first stream: covered by the signature
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(bytes(data))
    refused = verify(damaged, authority.root_pem)
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1, (refused.returncode, refused.stderr)

    # 7. The owner starts the next review from the approved version: a draft, with the same members.
    alice.goto(assessment)
    expect(alice.locator("#decision-status")).to_contain_text("1 decision recorded.")
    alice.get_by_role("button", name="Start the next review").click()
    alice.wait_for_url("**/changes")
    expect(alice.locator("main")).to_contain_text("No answer has changed")
    alice.click("main .meta a >> nth=0")  # to the new review itself
    alice.wait_for_url(re.compile(r".*/a/[^/#]+$"))
    following = alice.url
    assert following != assessment
    expect(alice.locator(".review-state")).to_have_text("draft")
    expect(alice.locator("#review")).not_to_contain_text("the answers are frozen")
    expect(alice.locator("#decision-status")).to_have_count(0)  # nothing to decide on a draft
    # The approved version now leads to it, and starts no second one: a version has one next review.
    alice.goto(assessment)
    expect(alice.get_by_role("link", name="Officer-monitoring pilot (review 2)")).to_have_attribute(
        "href", following.removeprefix(server))
    expect(alice.get_by_role("button", name="Start the next review")).to_have_count(0)

    # The respondent finds it on the home page, changes one answer, and the change is listed.
    bob.goto(server)
    bob.get_by_role("link", name="Officer-monitoring pilot (review 2)").click()
    bob.wait_for_url(following)
    bob.click("a[href$='/s/consultation/fairness']")
    bob.wait_for_url("**/s/consultation/fairness")
    answer(bob, "formative_stage", "before_design_fixed", 2)
    bob.goto(following)
    bob.get_by_role("link", name="what changed since").click()
    bob.wait_for_url("**/changes")
    rows = bob.locator("table.changes tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("after the decision to deploy was in substance made")
    expect(rows.first).to_contain_text("Before supplier, design and data choices were made")
    expect(rows.first).to_contain_text("Better")
    assert errors == [], errors
