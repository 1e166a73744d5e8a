"""The organisation's own frameworks: administrators upload a framework YAML, see every version stored, and
download any of them back. A framework uploaded here is offered beside the built-in ones everywhere in the
workspace (see `org_frameworks.WorkspaceLibrary`).

Uploading is for administrators only: a framework is offered to everyone in the workspace and decides how
their assessments are scored, so it is the organisation's decision, not one assessment owner's.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from assess.errors import AssessError
from assess.loading import FrameworkLibrary
from assess.web import org_frameworks, workspace
from assess.web.deps import Administrator, Database, Library
from assess.web.pages import render
from assess.web.tables import User

router = APIRouter()

# The words this module puts on the page.
REUPLOAD = "Nothing was stored. Your file {name} is no longer selected: fix it, then choose it again."
STORED = "Stored {fid} version {version}. It is now offered when an assessment is started or added to."
UNCHANGED = "Version {version} of {fid} was already stored exactly as in this file: nothing changed."


def _context(db: Session, user: User, library: FrameworkLibrary, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "user": user, "stored": org_frameworks.listed(db), "max_mib": org_frameworks.MAX_BYTES // (1024 * 1024),
        "from_files": [fid for fid in library.ids()
                       if not isinstance(library, org_frameworks.WorkspaceLibrary) or library.file_path(fid)],
        "errors": [], "warnings": [], "file_name": None, "notice": None,
    }
    context.update(extra)
    return context


@router.get("/admin/frameworks", response_class=HTMLResponse)
def frameworks_page(request: Request, db: Database, user: Administrator, library: Library,
                    stored: str = "", version: str = "", same: str = "") -> HTMLResponse:
    notice = None
    if stored and version:
        found = org_frameworks.find(db, stored, version)
        if found is not None:
            template = UNCHANGED if same else STORED
            notice = template.format(fid=found.framework_id, version=found.version)
            warnings = found.warnings.splitlines() if found.warnings else []
            return render(request, "frameworks.html", _context(db, user, library, notice=notice, warnings=warnings))
    return render(request, "frameworks.html", _context(db, user, library))


@router.post("/admin/frameworks", response_class=HTMLResponse)
async def upload_framework(request: Request, db: Database, user: Administrator, library: Library,
                           file: Annotated[UploadFile, File()]) -> Response:
    name = file.filename or "upload.yaml"
    raw = await file.read(org_frameworks.MAX_BYTES + 1)
    checked = org_frameworks.check_upload(raw, name, library)
    errors = [str(d) for d in checked.errors]
    new = False
    if not errors:
        try:
            row, new = org_frameworks.store(db, user, checked, raw, name)
        except AssessError as exc:
            errors = [str(d) for d in exc.diagnostics]
    if errors:
        db.rollback()
        context = _context(db, user, library, errors=errors, warnings=[str(d) for d in checked.warnings],
                           file_name=name, notice=REUPLOAD.format(name=name))
        return render(request, "frameworks.html", context, status=422)
    db.commit()
    query = {"stored": row.framework_id, "version": row.version, **({} if new else {"same": "1"})}
    return RedirectResponse(f"/admin/frameworks?{urlencode(query)}", status_code=303)


@router.get("/admin/frameworks/{framework_id}/{version}")
def download_framework(framework_id: str, version: str, db: Database, user: Administrator) -> Response:
    row = org_frameworks.find(db, framework_id, version)
    if row is None:
        raise workspace.NotFound(framework_id)
    # Named by its id, as the command line wants it, so the file can be used with `--frameworks` as it is.
    return Response(row.source, media_type="application/yaml",
                    headers={"Content-Disposition": f'attachment; filename="{row.framework_id}.yaml"'})
