"""Evidence files in a real browser: a file chosen on an answer, uploaded, listed, and downloaded byte for byte;
a file whose content is not what its name says is refused beside the upload. Uses the shared steps of
tests/test_web_browser.py (its server and browser fixtures start a workspace of this module's own)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests import evidence_support as make
from tests.test_web_browser import browser, fill_new_assessment, playwright, pytestmark, server, sign_in  # noqa: F401

expect = playwright.expect


def test_a_file_is_uploaded_on_an_answer_and_downloaded(server: str, browser: Any) -> None:  # noqa: F811
    page = sign_in(browser, server, "alice")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{server}/new")
    fill_new_assessment(page, "Rota analytics (evidence)", ("mini",))
    page.click("form[action='/new'] button[type=submit]")
    page.click("a[href$='/s/mini/aim']")
    page.wait_for_url("**/s/mini/aim")

    data = make.pdf()
    page.set_input_files("#file-mini--objective", {"name": "Staff association minutes.pdf",
                                                   "mimeType": "application/pdf", "buffer": data})
    page.locator("#files-mini--objective button[type=submit]", has_text="Upload").click()
    page.wait_for_url("**/s/mini/aim#files-mini--objective")
    link = page.locator("#files-mini--objective a", has_text="Staff association minutes.pdf")
    expect(link).to_be_visible()
    expect(page.locator("#files-mini--objective")).to_contain_text("PDF document")

    with page.expect_download() as caught:
        link.click()
    download = caught.value
    assert download.suggested_filename == "Staff association minutes.pdf"
    assert Path(download.path()).read_bytes() == data
    assert problems == []

    # A PNG under a PDF's name is refused, said beside the upload, and the list is as it was.
    page.set_input_files("#file-mini--objective", {"name": "scan.pdf", "mimeType": "application/pdf",
                                                   "buffer": make.png()})
    page.locator("#files-mini--objective button[type=submit]", has_text="Upload").click()
    expect(page.locator("#err-files-mini--objective")).to_contain_text("the content is a PNG image")
    expect(page.locator("#files-mini--objective li")).to_have_count(1)
