"""The PDF report in the workspace: asked for, built in the background with its progress on the page, and
handed over when it is ready. Every other format is quick enough to render on request (pages.report)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from assess.assessments import slug
from assess.bundle import file_refs
from assess.web import jobs, workspace
from assess.web.deps import CurrentUser, Database, Library, OpenAssessment
from assess.web.evidence import export_bundle
from assess.web.org_frameworks import WorkspaceLibrary
from assess.web.pages import render

router = APIRouter()


def _builder(request: Request) -> jobs.Builder:
    found: jobs.Builder = request.app.state.builder
    return found


@router.get("/a/{ref}/pdf", response_class=HTMLResponse)
def pdf_page(request: Request, ref: str, opened: OpenAssessment, user: CurrentUser) -> HTMLResponse:
    return render(request, "pdf.html", {"user": user, "opened": opened, "job": None})


@router.post("/a/{ref}/pdf")
def pdf_start(request: Request, ref: str, opened: OpenAssessment, db: Database, user: CurrentUser,
              library: Library) -> RedirectResponse:
    loaded = workspace.load(db, opened.row, library)
    source = workspace.export_yaml(loaded).encode("utf-8")
    name = f"{slug(opened.row.title)}.yaml"
    if file_refs(loaded.assessment):  # the files go in with the YAML, as a bundle, and so into the PDF
        source, name = export_bundle(db, opened.row, loaded), f"{slug(opened.row.title)}.zip"
    uploaded = library.uploaded_sources(loaded.assessment.frameworks) if isinstance(library, WorkspaceLibrary) else {}
    job = _builder(request).start(db, opened.row.id, user.id, source, name, uploaded)
    return RedirectResponse(f"/a/{ref}/pdf/{job.token}", status_code=303)


@router.get("/a/{ref}/pdf/{token}", response_class=HTMLResponse)
def pdf_progress(request: Request, ref: str, token: str, opened: OpenAssessment, db: Database,
                 user: CurrentUser) -> HTMLResponse:
    job = jobs.find(db, opened.row.id, token)
    if job is None:
        raise workspace.NotFound(token)
    context = {"user": user, "opened": opened, "job": job, "stale": jobs.is_stale(job)}
    if request.headers.get("hx-request") == "true":
        return render(request, "_pdf_status.html", context)
    return render(request, "pdf.html", context)


@router.get("/a/{ref}/pdf/{token}/file")
def pdf_file(ref: str, token: str, opened: OpenAssessment, db: Database) -> Response:
    job = jobs.find(db, opened.row.id, token)
    if job is None or job.status != "done" or job.data is None:
        raise workspace.NotFound(token)
    name = f"{slug(opened.row.title)}.pdf"
    return Response(job.data, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
