"""Nothing a person types or chooses in the workspace is lost without being told (issue 24, items 1-4), in a
real browser (Debian's Chromium through Playwright):

- arrowing through a controlling question's options (↓ ↓ ↑ ↑) leaves every answer that depends on it;
- leaving the page 200 ms after typing a note keeps the note (and the page warns before leaving);
- a save that is refused, or never arrives, is said beside the question and what was typed stays;
- a reviewer's page shows the answers as text, with no form to change them (axe-clean at 1280 and 390 px,
  photographed into ASSESS_SCREENSHOTS when it is set);
- the next review of an assessment with an evidence file serves the file, exports it and builds its PDF.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import evidence_support as make
from tests import waiting
from tests.needs import needs
from tests.test_web_a11y import SHOTS, axe_problems
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

expect = playwright.expect
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LONG = 300_000  # ms: the PDF is built in the background, on a machine that may be busy


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("workspace")
    for name in ("alice", "rhea", "remy"):
        made = assess("user", "add", name, data=data, stdin=PASSWORD + "\n")
        assert made.returncode == 0, made.stderr
    with serving(data, "--frameworks", str(FIXTURES / "core" / "frameworks"),
                 "--frameworks", str(FIXTURES / "branching")) as base:
        yield base


@pytest.fixture(autouse=True)
def patient() -> Iterator[None]:
    """Every `expect` waits up to a minute (a loaded machine), and the default is put back afterwards."""
    expect.set_options(timeout=60_000)
    try:
        yield
    finally:
        expect.set_options(timeout=5_000)  # Playwright's own default


def start(page: Any, server: str, title: str, framework: str, section: str) -> tuple[str, str]:
    """A new assessment of one framework; returns its address and its reference, and opens `section`."""
    page.goto(f"{server}/new")
    fill_new_assessment(page, title, (framework,))
    page.click("form[action='/new'] button[type=submit]")
    page.wait_for_url("**/a/*")
    assessment = page.url.split("#")[0]
    page.click(f"a[href$='/s/{framework}/{section}']")
    page.wait_for_url(f"**/s/{framework}/{section}")  # loaded, htmx with it
    return assessment, assessment.rsplit("/", 1)[-1]


def until(found: Callable[[], bool], what: str) -> None:
    """Wait for the server to say something (never a measure of speed: the limit is generous)."""
    waiting.until(lambda: True if found() else None, what)


def answers(page: Any, ref: str) -> dict[str, Any]:
    """The assessment as the server holds it now (the JSON API, as the page's person)."""
    origin = page.url.split("/a/")[0].split("/login")[0].rstrip("/")
    state = page.request.get(f"{origin}/api/assessments/{ref}")
    assert state.ok, state.status
    found: dict[str, Any] = state.json()
    return found


def console_errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def test_arrowing_through_a_controlling_question_leaves_every_dependent_answer(server: str, browser: Any) -> None:
    page = sign_in(browser, server, "alice")
    errors = console_errors(page)
    _, ref = start(page, server, "Arrowing through options", "branching", "use")
    key = "branching--personal_data"
    page.locator(f"#q-{key} input[value=yes_directly]").check()
    expect(page.locator(f"#rev-{key}")).to_have_value("1")
    # Four questions show on "Yes directly"; each is answered, one with a note too.
    chosen = {"lawful_basis": "recorded", "dpia": "yes", "minimised": "4"}
    for qid, value in chosen.items():
        page.locator(f"#q-branching--{qid} input[value='{value}']").check()
        expect(page.locator(f"#rev-branching--{qid}")).to_have_value("1")
    page.locator("#a-branching--retention").fill("Six months after the pilot ends")
    expect(page.locator("#rev-branching--retention")).to_have_value("1")
    lawful = page.locator("#q-branching--lawful_basis")
    lawful.get_by_text("Note, evidence and how sure you are").click()
    lawful.locator("textarea[name=note]").fill("Public task, recorded in the DPIA")
    expect(page.locator("#rev-branching--lawful_basis")).to_have_value("2")

    # A keyboard user moves through the options and back, ending where they began: each move is a change.
    page.locator(f"#q-{key} input[value=yes_directly]").focus()
    for press in ("ArrowDown", "ArrowDown", "ArrowUp", "ArrowUp"):
        page.keyboard.press(press)
    expect(page.locator(f"#q-{key} input[value=yes_directly]")).to_be_checked()

    def settled() -> bool:  # the last move saved: at least one save away and one back
        state = answers(page, ref)
        given = state["assessment"]["answers"]["branching"]["personal_data"]["answer"]
        return bool(given == "yes_directly" and state["revisions"]["branching.personal_data"] >= 3)

    until(settled, "the last option chosen to be saved")
    saved = answers(page, ref)["assessment"]["answers"]["branching"]
    assert {qid: saved[qid]["answer"] for qid in ("lawful_basis", "dpia", "minimised", "retention")} == {
        "lawful_basis": "recorded", "dpia": "yes", "minimised": 4, "retention": "Six months after the pilot ends"}
    assert saved["lawful_basis"]["note"] == "Public task, recorded in the DPIA"

    # And the page, loaded again, shows every one of them.
    page.reload()
    for qid, value in chosen.items():
        expect(page.locator(f"#q-branching--{qid} input[value='{value}']")).to_be_checked()
    expect(page.locator("#a-branching--retention")).to_have_value("Six months after the pilot ends")
    expect(lawful.locator("textarea[name=note]")).to_have_value("Public task, recorded in the DPIA")
    assert errors == []


def test_leaving_200_ms_after_typing_keeps_the_note(server: str, browser: Any) -> None:
    page = sign_in(browser, server, "alice")
    assessment, ref = start(page, server, "Leaving at once", "mini", "aim")
    dialogs: list[str] = []

    def leave_anyway(dialog: Any) -> None:  # the person is warned, and chooses to leave
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", leave_anyway)
    question = page.locator("#q-mini--objective")
    question.get_by_text("Note, evidence and how sure you are").click()
    question.locator("textarea[name=note]").click()
    note = "Revised: the committee minutes of 3 June state the objective"
    page.keyboard.type(note)
    page.wait_for_timeout(200)  # well inside the pause the page waits for before saving what is typed
    page.click(f"main a[href='/a/{ref}']")  # back to the assessment, by its link
    page.wait_for_url(assessment)

    def kept() -> bool:
        given = answers(page, ref)["assessment"]["answers"].get("mini", {}).get("objective", {})
        return bool(given.get("note") == note)

    until(kept, "the note typed just before leaving")
    page.goto(f"{assessment}/s/mini/aim")
    expect(question.locator("textarea[name=note]")).to_have_value(note)
    assert dialogs == ["beforeunload"]  # and the person was warned, as a save was still pending


def test_a_refused_or_lost_save_is_said_beside_the_question(server: str, browser: Any) -> None:
    page = sign_in(browser, server, "alice")
    start(page, server, "Refused saves", "mini", "aim")
    question = page.locator("#q-mini--objective")
    question.get_by_text("Note, evidence and how sure you are").click()
    note = question.locator("textarea[name=note]")

    page.route("**/answer/mini/objective", lambda route: route.fulfill(status=403, body="Forbidden"))
    note.fill("Typed while the server refuses")
    status = page.locator("#saved-mini--objective")
    expect(status).to_contain_text("Not saved: the workspace refused this change")
    expect(note).to_have_value("Typed while the server refuses")

    page.unroute("**/answer/mini/objective")
    page.route("**/answer/mini/objective", lambda route: route.abort())
    note.fill("Typed while the network is down")
    expect(status).to_contain_text("Not saved: the workspace could not be reached")
    expect(note).to_have_value("Typed while the network is down")

    page.unroute("**/answer/mini/objective")  # back online: the next change is saved, and says so
    note.fill("Typed once the network is back")
    expect(status).to_contain_text("Saved at")


def test_a_reviewers_page_offers_no_editable_answer(server: str, browser: Any) -> None:
    alice = sign_in(browser, server, "alice")
    assessment, ref = start(alice, server, "Read-only for reviewers", "mini", "aim")
    objective = alice.locator("#q-mini--objective")
    objective.locator("input[value=specific]").check()
    objective.get_by_text("Note, evidence and how sure you are").click()
    objective.locator("textarea[name=note]").fill("Stated in the pilot's terms of reference")
    expect(alice.locator("#rev-mini--objective")).to_have_value("2")
    alice.locator("#q-mini--link input[value=asserted]").check()
    expect(alice.locator("#rev-mini--link")).to_have_value("1")
    alice.goto(assessment)
    add_member(alice, "rhea", "reviewer")
    alice.wait_for_url("**#members")

    rhea = sign_in(browser, server, "rhea")
    rhea.goto(f"{assessment}/s/mini/aim")
    main = rhea.locator("main")
    expect(main.locator("section.question")).to_have_count(2)
    for editable in ("form[data-saves]", "input[name=answer]", "textarea", "select", "button[type=submit]"):
        expect(main.locator(editable)).to_have_count(0)
    given = rhea.locator("#q-mini--objective")
    expect(given).to_contain_text("Specific and written")
    expect(given).to_contain_text("Stated in the pilot's terms of reference")
    expect(rhea.locator("#q-mini--link")).to_contain_text("Asserted only")
    link = given.get_by_role("link", name="Challenge or comment on this answer")
    expect(link).to_have_attribute("href", f"/a/{ref}/q/mini/objective/discussion")

    problems = axe_problems(rhea)
    for width in (1280, 390):
        rhea.set_viewport_size({"width": width, "height": 900})
        assert not rhea.evaluate("document.documentElement.scrollWidth > window.innerWidth"), width
        if SHOTS:
            rhea.screenshot(path=str(Path(SHOTS) / f"section-readonly-{width}.png"), full_page=True)
    assert problems == []

    # In French, every word of the read-only page is French.
    rhea.set_viewport_size({"width": 1280, "height": 900})
    rhea.locator("form.language-switch button[lang=fr]").click()
    expect(given.get_by_role("link", name="Contester ou commenter cette réponse")).to_be_visible()
    expect(given).to_contain_text("Réponse")
    expect(rhea.locator("#q-mini--link")).to_contain_text("Historique")
    if SHOTS:
        rhea.screenshot(path=str(Path(SHOTS) / "section-readonly-fr-1280.png"), full_page=True)


def test_the_next_review_carries_its_evidence_file_into_the_file_the_bundle_and_the_pdf(
        server: str, browser: Any, tmp_path: Path) -> None:
    alice = sign_in(browser, server, "alice")
    assessment, _ = start(alice, server, "Evidence carried over", "mini", "aim")
    alice.locator("#q-mini--objective input[value=specific]").check()
    expect(alice.locator("#rev-mini--objective")).to_have_value("1")
    data = make.pdf()
    alice.set_input_files("#file-mini--objective", {"name": "Terms of reference.pdf",
                                                    "mimeType": "application/pdf", "buffer": data})
    alice.locator("#files-mini--objective button[type=submit]", has_text="Upload").click()
    alice.wait_for_url("**/s/mini/aim#files-mini--objective")
    alice.goto(assessment)
    add_member(alice, "remy", "reviewer")  # a reviewer of its own: another test changes rhea's language
    alice.wait_for_url("**#members")
    alice.get_by_role("button", name="Submit for review").click()
    expect(alice.locator(".review-state")).to_have_text("in review")
    remy = sign_in(browser, server, "remy")
    remy.goto(assessment)
    remy.get_by_role("button", name="Approve and freeze the answers").click()
    expect(remy.locator(".review-state")).to_have_text("approved")

    alice.goto(assessment)
    alice.get_by_role("button", name="Start the next review").click()
    alice.wait_for_url("**/changes")
    alice.click("main .meta a >> nth=0")  # to the new review itself
    alice.wait_for_url("**/a/*")
    following = alice.url.split("#")[0]
    assert following != assessment

    # The file downloads from the new review, byte for byte.
    alice.goto(f"{following}/s/mini/aim")
    listed = alice.locator("#files-mini--objective a", has_text="Terms of reference.pdf")
    with alice.expect_download() as caught:
        listed.click()
    assert Path(caught.value.path()).read_bytes() == data

    # The bundle holds it.
    bundle = alice.request.get(f"{following}/export.zip")  # an absolute address
    assert bundle.ok, bundle.status
    with zipfile.ZipFile(io.BytesIO(bundle.body())) as archive:
        held = [name for name in archive.namelist() if name.startswith("files/")]
        assert len(held) == 1 and archive.read(held[0]) == data

    # The PDF builds.
    alice.goto(f"{following}/pdf")
    alice.get_by_role("button", name="Build the PDF report").click()
    ready = alice.get_by_role("link", name="Download the report (PDF)")
    expect(ready).to_be_visible(timeout=LONG)
    with alice.expect_download(timeout=LONG) as caught:
        ready.click()
    built = tmp_path / "review-2.pdf"
    caught.value.save_as(built)
    out = tmp_path / "files"
    extracted = subprocess.run([sys.executable, "-m", "assess", "extract", str(built), "-o", str(tmp_path / "a.yaml"),
                                "--files", str(out)], capture_output=True, text=True, check=False)
    assert extracted.returncode == 0, extracted.stderr
    assert [f.read_bytes() for f in out.iterdir()] == [data]  # the evidence file travels inside the PDF
