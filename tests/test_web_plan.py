"""The action plan in the workspace: download it, fill it in as a board secretary would after the meeting,
upload it, and see the owners, dates and statuses on the page and in the exported file."""

from __future__ import annotations

import io

import yaml
from fastapi import FastAPI
from openpyxl import load_workbook

from tests.web_support import Person


def test_a_filled_in_plan_comes_back_into_the_workspace(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}/s/mini/aim")
    alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "general", "revision": "0"})
    alice.post(f"/a/{ref}/answer/mini/link", {"answer": "asserted", "revision": "0"})
    page = alice.page(f"/a/{ref}/plan")
    assert "Name the specific problem." in page and "Validate it." in page
    download = alice.client.get(f"/a/{ref}/plan.xlsx")
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(download.content))
    sheet = book.active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    owner, due, status = header.index("Owner") + 1, header.index("Due") + 1, header.index("Status") + 1
    sheet.cell(row=2, column=owner, value="Head of Professional Standards")
    sheet.cell(row=2, column=due, value="2027-01-31")
    sheet.cell(row=2, column=status, value="in progress")
    filled = io.BytesIO()
    book.save(filled)
    upload = {"file": ("plan.xlsx", filled.getvalue(), "application/octet-stream")}
    uploaded = alice.post(f"/a/{ref}/plan", files=upload)
    assert uploaded.status_code == 303, uploaded.text[:600]
    page = alice.page(f"/a/{ref}/plan")
    assert "Head of Professional Standards" in page and "2027-01-31" in page and "in progress" in page
    exported = yaml.safe_load(alice.client.get(f"/a/{ref}/export.yaml").content)
    entries = [e for per in exported["action_plan"].values() for e in per.values()]
    assert entries == [{"owner": "Head of Professional Standards", "due": "2027-01-31", "status": "in progress"}]


def test_a_bad_cell_is_named_beside_the_upload_and_nothing_changes(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}/s/mini/aim")
    alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "general", "revision": "0"})
    csv = alice.client.get(f"/a/{ref}/plan.csv").content.decode("utf-8-sig").splitlines()
    cells = csv[1].split(",")
    cells[-2] = "next Tuesday"  # the Due column
    csv[1] = ",".join(cells)
    alice.page(f"/a/{ref}/plan")
    response = alice.post(f"/a/{ref}/plan", files={"file": ("plan.csv", "\r\n".join(csv).encode(), "text/csv")})
    assert response.status_code == 422
    assert "plan.csv:2:" in response.text and "is not a date" in response.text
    assert "action_plan" not in yaml.safe_load(alice.client.get(f"/a/{ref}/export.yaml").content)


def test_a_viewer_reads_the_plan_but_cannot_change_it(app: FastAPI, alice: Person, bob: Person) -> None:
    ref = alice.start(["mini"])
    alice.post(f"/a/{ref}/members", {"username": "bob", "role": "viewer"})
    page = bob.page(f"/a/{ref}/plan")
    assert 'action="/a/' not in page.split("<table", 1)[0].split("</h1>", 1)[1]  # no upload form for a viewer
    refused = bob.post(f"/a/{ref}/plan", files={"file": ("plan.csv", b"#,Question\r\n", "text/csv")})
    assert refused.status_code == 403


def test_the_plan_page_words_the_engine_s_recommendations_in_the_page_s_language(app: FastAPI,
                                                                                   alice: Person) -> None:
    """A question with no advice of its own gets the engine's: in French on a French page. The spreadsheet is
    `assess actions export`'s, in English."""
    import html

    from assess.i18n import translator

    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}/s/mini/aim")
    alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "general", "revision": "0"})
    alice.post(f"/a/{ref}/answer/mini/link", {"answer": "dont_know", "revision": "0"})
    ask = "Is there evidence the measure serves the objective?"
    english = "Find and record the evidence needed to answer: {ask}"
    assert english.format(ask=ask) in html.unescape(alice.page(f"/a/{ref}/plan"))
    alice.client.headers["Accept-Language"] = "fr"
    page = html.unescape(alice.page(f"/a/{ref}/plan"))
    assert '<html lang="fr"' in page
    assert translator("fr")(english, ask=ask) in page and english.format(ask=ask) not in page
    assert english.format(ask=ask).encode() in alice.client.get(f"/a/{ref}/plan.csv").content
