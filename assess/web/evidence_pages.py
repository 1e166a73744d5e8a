"""Evidence files on the workspace's pages: uploaded onto an answer, removed from it, handed back as downloads,
and the assessment exported as a bundle with its files.

A download is never shown by the browser as a page: it is an attachment, with `nosniff` and a sandboxing
Content-Security-Policy, under the name sanitised for the header (assess/evidence_files.py).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from jinja2 import Environment

from assess.assessments import slug
from assess.errors import AssessError
from assess.evidence_files import (
    DOWNLOAD_HEADERS,
    MAX_FILE_BYTES,
    check_file,
    content_disposition,
    kind_name,
    safe_name,
    size_label,
)
from assess.web import evidence, workspace
from assess.web.deps import CurrentUser, Database, Library, OpenAssessment
from assess.web.pages import _section
from assess.web.tables import User
from assess.web.views import Workspace

router = APIRouter()

CONFLICT = "Someone changed this answer at the same moment, so the file was not added or removed. Try again."


NO_FILE = "Choose a file to upload."


@router.post("/a/{ref}/files/{framework_id}/{question_id}")
async def upload(request: Request, ref: str, opened: OpenAssessment, framework_id: str, question_id: str,
                 db: Database, user: CurrentUser, library: Library,
                 file: Annotated[UploadFile | None, File()] = None) -> Response:
    if not opened.can_answer:
        raise workspace.NotAllowed(evidence.NOT_ANSWERING)
    # Refused before the upload is read: an approved assessment's answers, and so their files, are frozen.
    workspace.refuse_if_frozen(opened)
    if file is None:
        return _problem(request, user, opened, library, db, framework_id, question_id, NO_FILE)
    name = file.filename or "file"
    data = await file.read(MAX_FILE_BYTES + 1)
    try:
        checked = check_file(data, name)
        outcome = evidence.attach(db, opened, user, library, framework_id, question_id, checked, safe_name(name))
    except AssessError as exc:
        db.rollback()
        return _problem(request, user, opened, library, db, framework_id, question_id,
                        f"{safe_name(name)}: " + "; ".join(_message(d.message, d.hint) for d in exc.diagnostics))
    return _done(request, user, opened, library, db, framework_id, question_id, outcome)


@router.post("/a/{ref}/files/{framework_id}/{question_id}/{sha256}/remove")
def remove(request: Request, ref: str, opened: OpenAssessment, framework_id: str, question_id: str, sha256: str,
           db: Database, user: CurrentUser, library: Library) -> Response:
    if opened.can_answer:
        workspace.refuse_if_frozen(opened)
    outcome = evidence.detach(db, opened, user, library, framework_id, question_id, sha256)
    return _done(request, user, opened, library, db, framework_id, question_id, outcome)


@router.get("/a/{ref}/files/{sha256}")
def download(ref: str, sha256: str, opened: OpenAssessment, db: Database) -> Response:
    blob = evidence.find(db, opened.row.id, sha256)
    if blob is None:
        raise workspace.NotFound(sha256)
    return Response(bytes(blob.data), media_type=blob.media_type,
                    headers={"Content-Disposition": content_disposition(blob.name), **DOWNLOAD_HEADERS})


@router.get("/a/{ref}/export.zip")
def export_bundle(ref: str, opened: OpenAssessment, db: Database, library: Library) -> Response:
    loaded = workspace.load(db, opened.row, library)
    name = f"{slug(opened.row.title) or 'assessment'}.zip"
    return Response(evidence.export_bundle(db, opened.row, loaded), media_type="application/zip",
                    headers={"Content-Disposition": content_disposition(name), **DOWNLOAD_HEADERS})


def install_filters(env: Environment) -> None:
    """The words a page shows for a file: its sanitised name, its kind, its size."""
    env.filters["evidence_name"] = safe_name
    env.filters["evidence_kind"] = kind_name
    env.filters["evidence_size"] = size_label


def _message(message: str, hint: str | None) -> str:
    return f"{message} ({hint})" if hint else message


def _done(request: Request, user: User, opened: workspace.Opened, library: Library, db: Database,
          framework_id: str, question_id: str, outcome: workspace.Saved | workspace.Conflict) -> Response:
    if isinstance(outcome, workspace.Conflict):
        db.rollback()
        return _problem(request, user, opened, library, db, framework_id, question_id, CONFLICT, status=409)
    db.commit()
    view = Workspace(workspace.load(db, opened.row, library))
    index = view.slot_index(framework_id, question_id)
    section = view.questionnaire.slots[index].section.id if index is not None else ""
    return RedirectResponse(f"/a/{opened.row.ref}/s/{framework_id}/{section}#files-{framework_id}--{question_id}",
                            status_code=303)


def _problem(request: Request, user: User, opened: workspace.Opened, library: Library, db: Database,
             framework_id: str, question_id: str, message: str, status: int = 422) -> Response:
    """The question's section again, with the message beside its files."""
    view = Workspace(workspace.load(db, opened.row, library))
    index = view.slot_index(framework_id, question_id)
    if index is None:
        raise workspace.NotFound(question_id)
    slot = view.questionnaire.slots[index]
    questions = view.section(framework_id, slot.section.id) or []
    for q in questions:
        if q.question.id == question_id:
            q.errors = {**q.errors, "files": message}
    return _section(request, user, opened, view, framework_id, slot.section.id, questions, status)
