"""Evidence files in the workspace: uploaded on an answer, downloaded safely, removed (kept in the history),
kept when the answer's form is saved, who may do what, and bundles exported and imported."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import yaml
from fastapi import FastAPI

from assess.evidence_files import sha256_of
from assess.report.extract_files import evidence_in_report
from tests import evidence_support as make
from tests.web_support import Person, built_pdf

QUESTION = "/a/{ref}/files/mini/objective"


def _upload(person: Person, ref: str, name: str, data: bytes, content_type: str = "application/octet-stream"):  # type: ignore[no-untyped-def]
    person.page(f"/a/{ref}/s/mini/aim")
    return person.post(QUESTION.format(ref=ref), files={"file": (name, data, content_type)})


def _answer(person: Person, ref: str) -> dict[str, Any]:
    exported = yaml.safe_load(person.client.get(f"/a/{ref}/export.yaml").content)
    found: dict[str, Any] = exported.get("answers", {}).get("mini", {}).get("objective", {})
    return found


def test_a_file_uploaded_on_an_answer_is_listed_and_downloaded_as_an_attachment(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    data = make.pdf()
    response = _upload(alice, ref, "Minutes\u202e.pdf", data, "text/html")  # what the browser claims is ignored
    assert response.status_code == 303 and "#files-mini--objective" in response.headers["location"]
    answer = _answer(alice, ref)
    assert answer["files"] == [{"sha256": sha256_of(data), "name": "Minutes.pdf", "media_type": "application/pdf",
                                "size": len(data)}]
    page = alice.page(f"/a/{ref}/s/mini/aim")
    assert f"/a/{ref}/files/{sha256_of(data)}" in page and "Minutes.pdf" in page and "PDF document" in page
    download = alice.client.get(f"/a/{ref}/files/{sha256_of(data)}")
    assert download.status_code == 200 and download.content == data
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"].startswith('attachment; filename="Minutes.pdf"')
    assert download.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in download.headers["content-security-policy"]


def test_a_refused_file_is_named_beside_the_upload_and_nothing_is_stored(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    response = _upload(alice, ref, "photo.pdf", make.png(), "application/pdf")
    assert response.status_code == 422
    assert "the content is a PNG image, not a PDF document" in response.text
    assert _answer(alice, ref) == {}
    assert alice.client.get(f"/a/{ref}/files/{sha256_of(make.png())}").status_code == 404
    assert _upload(alice, ref, "page.html", make.HTML, "text/html").status_code == 422


def test_saving_the_answer_form_keeps_the_files(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    _upload(alice, ref, "absence.csv", make.CSV)
    revision = str(_revision(alice, ref))
    saved = alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "general", "note": "See the table",
                                                          "revision": revision})
    assert saved.status_code == 303
    answer = _answer(alice, ref)
    assert answer["answer"] == "general" and answer["note"] == "See the table"
    assert [f["name"] for f in answer["files"]] == ["absence.csv"]


def _revision(person: Person, ref: str) -> int:
    state = person.client.get(f"/api/assessments/{ref}").json()
    revision: int = state["revisions"]["mini.objective"] if "revisions" in state else 0
    return revision


def test_a_removed_file_leaves_the_answer_and_stays_in_the_history(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    data = make.pdf()
    _upload(alice, ref, "minutes.pdf", data)
    alice.page(f"/a/{ref}/s/mini/aim")
    removed = alice.post(f"{QUESTION.format(ref=ref)}/{sha256_of(data)}/remove")
    assert removed.status_code == 303
    assert _answer(alice, ref) == {}
    history = alice.page(f"/a/{ref}/history/mini/objective")
    rows = history.split("<tbody>", 1)[1].split("</tr>")[:-1]
    assert len(rows) == 2  # newest first: the removal, then the upload
    assert "minutes.pdf" not in rows[0] and "minutes.pdf" in rows[1]
    assert alice.client.get(f"/a/{ref}/files/{sha256_of(data)}").content == data  # still there for the history


def test_a_viewer_downloads_but_cannot_upload_or_remove(app: FastAPI, alice: Person, bob: Person) -> None:
    ref = alice.start(["mini"])
    data = make.pdf()
    _upload(alice, ref, "minutes.pdf", data)
    alice.post(f"/a/{ref}/members", {"username": "bob", "role": "viewer"})
    page = bob.page(f"/a/{ref}/s/mini/aim")
    assert "minutes.pdf" in page and 'enctype="multipart/form-data"' not in page and "/remove" not in page
    assert bob.client.get(f"/a/{ref}/files/{sha256_of(data)}").content == data
    assert _upload(bob, ref, "other.txt", b"hello").status_code == 403
    assert bob.post(f"{QUESTION.format(ref=ref)}/{sha256_of(data)}/remove").status_code == 403
    assert len(_answer(alice, ref)["files"]) == 1


def test_a_respondent_can_upload(app: FastAPI, alice: Person, bob: Person) -> None:
    ref = alice.start(["mini"])
    alice.post(f"/a/{ref}/members", {"username": "bob", "role": "respondent"})
    assert _upload(bob, ref, "photo.png", make.png()).status_code == 303


def test_a_non_member_cannot_fetch_a_file_even_knowing_its_hash(app: FastAPI, alice: Person, bob: Person) -> None:
    ref = alice.start(["mini"])
    data = make.pdf()
    _upload(alice, ref, "minutes.pdf", data)
    assert bob.client.get(f"/a/{ref}/files/{sha256_of(data)}").status_code == 404
    other = bob.start(["mini"])  # bob's own assessment does not hold alice's file
    assert bob.client.get(f"/a/{other}/files/{sha256_of(data)}").status_code == 404


def test_the_api_refuses_an_answer_naming_a_file_not_uploaded(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    ghost = {"sha256": "0" * 64, "name": "x.pdf", "media_type": "application/pdf", "size": 3}
    response = alice.client.put(f"/api/assessments/{ref}/answers/mini/objective",
                                json={"answer": {"answer": "general", "files": [ghost]}},
                                headers={"X-CSRF-Token": alice.token})
    assert response.status_code == 422 and "not stored in this assessment" in response.json()["problem"]


def test_a_bundle_round_trips_through_import(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    _upload(alice, ref, "minutes.pdf", make.pdf())
    _upload(alice, ref, "photo.png", make.png())
    first = alice.client.get(f"/a/{ref}/export.zip")
    assert first.status_code == 200 and first.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(first.content)) as archive:
        assert sorted(archive.namelist()) == sorted(["assessment.yaml", f"files/{sha256_of(make.pdf())}",
                                                     f"files/{sha256_of(make.png())}"])
    alice.page("/")
    imported = alice.post("/import", files={"file": ("pilot.zip", first.content, "application/zip")})
    assert imported.status_code == 303, imported.text[:500]
    new_ref = imported.headers["location"].rsplit("/", 1)[-1]
    second = alice.client.get(f"/a/{new_ref}/export.zip")
    assert second.content == first.content  # the same YAML and the same files, byte for byte


def test_a_plain_yaml_naming_files_is_refused_on_import(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    _upload(alice, ref, "minutes.pdf", make.pdf())
    text = alice.client.get(f"/a/{ref}/export.yaml").content
    alice.page("/")
    refused = alice.post("/import", files={"file": ("pilot.yaml", text, "application/yaml")})
    assert refused.status_code == 422 and "import the bundle (.zip)" in refused.text


def test_a_tampered_bundle_is_refused_on_import(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    data = make.pdf()
    _upload(alice, ref, "minutes.pdf", data)
    bundle = alice.client.get(f"/a/{ref}/export.zip").content
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bundle)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != "assessment.yaml":
                continue  # the file is left out
            target.writestr(info, source.read(info))
    alice.page("/")
    refused = alice.post("/import", files={"file": ("pilot.zip", out.getvalue(), "application/zip")})
    assert refused.status_code == 422
    assert f"pilot.zip: files/{sha256_of(data)}:1:1: error: missing" in refused.text


def test_the_workspace_pdf_carries_the_files(app: FastAPI, alice: Person, tmp_path: Path) -> None:
    ref = alice.start(["mini"], title="Pilot review")
    data = make.pdf()
    _upload(alice, ref, "minutes.pdf", data)
    started = alice.post(f"/a/{ref}/pdf")
    assert started.status_code == 303
    progress = started.headers["location"]
    status = built_pdf(alice, progress)
    assert "The PDF is ready" in status, status
    link = re.search(r'href="([^"]+/file)"', status)
    assert link is not None
    report = tmp_path / "pilot-review.pdf"
    report.write_bytes(alice.client.get(link.group(1)).content)
    found = evidence_in_report(report)
    assert [(ref_.name, content) for ref_, content in found.files] == [("minutes.pdf", data)]
    assert found.missing == [] and b"minutes.pdf" in found.yaml


def test_the_next_review_carries_the_evidence_files_of_its_answers(app: FastAPI, alice: Person) -> None:
    from tests.web_support import approve

    ref = alice.start(["mini"])
    data = make.pdf()
    assert _upload(alice, ref, "Terms of reference.pdf", data).status_code == 303
    approve(app, alice, ref)
    alice.page(f"/a/{ref}")
    started = alice.post(f"/a/{ref}/next-review")
    assert started.status_code == 303, started.text[:300]
    alice.page(started.headers["location"])
    with app.state.sessions() as db:
        from sqlalchemy import select

        from assess.web.next_review import next_of
        from assess.web.tables import AssessmentRow

        earlier = db.scalar(select(AssessmentRow).where(AssessmentRow.ref == ref))
        assert earlier is not None
        following = next_of(db, earlier)[0].ref
    sha = sha256_of(data)
    assert _answer(alice, following)["files"][0]["sha256"] == sha
    download = alice.client.get(f"/a/{following}/files/{sha}")
    assert download.status_code == 200 and download.content == data
    bundle = alice.client.get(f"/a/{following}/export.zip")
    with zipfile.ZipFile(io.BytesIO(bundle.content)) as archive:
        assert archive.read(f"files/{sha}") == data
