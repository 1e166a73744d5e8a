"""The action plan in the workspace: every action with its owner, due date and status; the plan as a
spreadsheet to fill in after the meeting; and the filled-in spreadsheet read back, with each bad cell named.

The same functions as `assess actions export` and `assess actions import` do the work (the application
layer's `rendering.action_plan` and `saving.filled_plan`, over assess/plan.py), so a plan filled in from the
workspace and one filled in from the command line are the same plan. The page's recommendations are in its
language; the spreadsheet is the command line's, in English.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from assess.app.documents import Source
from assess.app.rendering import action_plan, plan_spreadsheet
from assess.app.saving import filled_plan
from assess.errors import AssessError
from assess.plan import FORMATS, MAX_BYTES
from assess.web import records, workspace
from assess.web.deps import CurrentUser, Database, Library, OpenAssessment
from assess.web.language import translator_of
from assess.web.pages import render
from assess.web.tables import utcnow
from assess.web.workspace import Loaded, NotAllowed

router = APIRouter()
MEDIA = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".csv": "text/csv"}


def _context(request: Request, loaded: Loaded) -> dict[str, Any]:
    # The engine's sentences (recommendations it words itself) in the page's language, as its own words are.
    return {"rows": action_plan(loaded.frameworks, loaded.assessment, translator_of(request).lang)}


@router.get("/a/{ref}/plan", response_class=HTMLResponse)
def plan_page(request: Request, ref: str, opened: OpenAssessment, db: Database, user: CurrentUser,
              library: Library) -> HTMLResponse:
    loaded = workspace.load(db, opened.row, library)
    return render(request, "plan.html", {"user": user, "opened": opened, "assessment": loaded.assessment,
                                         "errors": [], **_context(request, loaded)})


@router.get("/a/{ref}/plan.{extension}")
def plan_file(ref: str, extension: str, opened: OpenAssessment, db: Database, library: Library) -> Response:
    suffix = f".{extension}"
    if suffix not in FORMATS:
        raise workspace.NotFound(extension)
    loaded = workspace.load(db, opened.row, library)
    data = plan_spreadsheet(loaded.frameworks, loaded.assessment, suffix).data  # `assess actions export`'s
    from assess.assessments import slug

    name = f"{slug(opened.row.title)}-action-plan{suffix}"
    return Response(data, media_type=MEDIA[suffix], headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/a/{ref}/plan", response_class=HTMLResponse)
async def plan_upload(request: Request, ref: str, opened: OpenAssessment, db: Database, user: CurrentUser,
                      library: Library, file: Annotated[UploadFile, File()]) -> Response:
    if not opened.can_answer:
        raise NotAllowed("your role on this assessment does not allow changing the action plan")
    name = PurePath(file.filename or "plan.xlsx").name
    data = await file.read(MAX_BYTES + 1)
    loaded = workspace.load(db, opened.row, library)
    try:
        plan = filled_plan(Source(name, data), loaded.frameworks)  # read as `assess actions import` reads it
    except AssessError as exc:
        context = {"user": user, "opened": opened, "assessment": loaded.assessment,
                   "errors": [str(d) for d in exc.diagnostics], **_context(request, loaded)}
        return render(request, "plan.html", context, status=422)
    # Each action's entry is a row of its own, set in one statement: the entries the file names change, every
    # other stays (the rule of app.saving.merged_plan, for a file), and what an owner changes meanwhile on the
    # "about" page is another row altogether.
    records.add_plan(db, opened.row.id, user, plan)
    opened.row.updated_at = utcnow()
    db.commit()
    return RedirectResponse(f"/a/{ref}/plan", status_code=303)
