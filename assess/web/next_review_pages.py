"""Re-assessment in the browser: "start the next review" from an assessment, and the page of what changed
since the review it follows (the work is in assess/web/next_review.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from assess.comparison.model import STATUS_WORDS
from assess.web import next_review, workspace
from assess.web.deps import CurrentUser, Database, Library, OpenAssessment
from assess.web.language import translator_of
from assess.web.pages import render
from assess.web.views import Workspace

router = APIRouter()


@router.post("/a/{ref}/next-review")
def start_next_review(ref: str, opened: OpenAssessment, db: Database, user: CurrentUser,
                      library: Library) -> RedirectResponse:
    row = next_review.start_next_review(db, opened, user, library, dt.date.today())
    db.commit()
    return RedirectResponse(f"/a/{row.ref}/changes", status_code=303)


@router.get("/a/{ref}/changes", response_class=HTMLResponse)
async def changes_page(request: Request, ref: str, opened: OpenAssessment, db: Database, user: CurrentUser,
                       library: Library) -> HTMLResponse:
    lang = translator_of(request).lang  # the engine's words (answers' labels) in the page's language

    def gather() -> dict[str, Any]:
        found = next_review.changes(db, user, opened, library, lang)
        if found is None:
            raise workspace.NotFound("changes")
        view = Workspace(workspace.load(db, opened.row, library))
        slots = [view.slot_index(fid, qid) for fid, qid in next_review.untouched(db, opened.row)]
        untouched = [view.question(i) for i in slots if i is not None]
        return {"user": user, "opened": opened, "changes": found, "step": found.step, "c": found.comparison,
                "untouched": untouched, "words": STATUS_WORDS}

    # Loading and scoring both reviews is blocking work: off the event loop.
    return render(request, "changes.html", await run_in_threadpool(gather))
