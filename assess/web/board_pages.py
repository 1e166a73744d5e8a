"""Board assessments in the browser: creating one, its page (members' progress; for the chair, and for the
members once the chair shows it, the aggregation, the agenda and the board verdict), and its documents.

The work is done by `assess/web/boards.py` and, for the figures and the documents, by `assess compare`'s own
functions. The PDF is built in the background in the report builder's worker process, with its progress on a page, as
the report PDF is (assess/web/jobs.py): about 5 s for three fully answered members, 20 times the Markdown
(bench/board_pdf_bench.py), too long to hold a request open for.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from assess.assessments import Metadata, new_assessment, slug
from assess.comparison.model import STATUS_WORDS, BoardGate, Comparison
from assess.errors import AssessError
from assess.web import boards, jobs, workspace
from assess.web.boards import OpenedBoard
from assess.web.deps import CurrentUser, Database, Library
from assess.web.language import translator_of
from assess.web.pages import PERSPECTIVES, STAGES, render

router = APIRouter()
ABOUT = ("title", "organisation", "system", "stage", "perspective", "classification")


def opened_board(board: str, db: Database, user: CurrentUser) -> OpenedBoard:
    """The board a route names, if the user chairs it or is a member: resolved before any form is read."""
    return boards.open_board(db, user, board)


OpenBoard = Annotated[OpenedBoard, Depends(opened_board)]


def _choices(library: Library) -> list[Any]:
    found = []
    for fid in library.ids():
        try:
            found.append(library.load(fid))
        except AssessError:
            continue
    return found


def _new(request: Request, user: Any, library: Library, given: dict[str, Any], errors: dict[str, str],
         status: int = 200) -> HTMLResponse:
    context = {"user": user, "choices": _choices(library), "given": given, "errors": errors, "stages": STAGES,
               "perspectives": PERSPECTIVES}
    return render(request, "board_new.html", context, status=status)


@router.get("/boards/new", response_class=HTMLResponse)
def new_board_page(request: Request, user: CurrentUser, library: Library) -> HTMLResponse:
    return _new(request, user, library, {"frameworks": library.ids(), "perspective": "ethics-board"}, {})


@router.post("/boards/new", response_class=HTMLResponse)
async def create_board(request: Request, db: Database, user: CurrentUser, library: Library) -> Response:
    form = await request.form()
    given: dict[str, Any] = {k: str(form.get(k) or "").strip() for k in (*ABOUT, "members")}
    chosen = [str(v) for v in form.getlist("frameworks")]
    given["frameworks"] = chosen
    errors: dict[str, str] = {}
    for name in ("title", "organisation", "system"):
        if not given[name]:
            errors[name] = "This cannot be empty."
        elif len(given[name]) > 400:  # the member's name is added to the title of their copy
            errors[name] = "At most 400 characters."
    if not chosen:
        errors["frameworks"] = "Choose at least one framework."
    elif any(library.path(fid) is None for fid in chosen):
        errors["frameworks"] = "Choose frameworks from the list."
    members, missing = boards.find_members(db, re.split(r"[\s,;]+", given["members"]))
    if missing:
        errors["members"] = boards.UNKNOWN.format(names=", ".join(f"'{n}'" for n in missing))
    elif len(members) < boards.MINIMUM_MEMBERS:
        errors["members"] = boards.TOO_FEW.format(n=boards.MINIMUM_MEMBERS)
    if errors:
        return _new(request, user, library, given, errors, status=422)
    meta = Metadata(title=given["title"], organisation=given["organisation"], system=given["system"],
                    stage=given["stage"] or None, perspective=given["perspective"] or None,
                    classification=given["classification"] or None)
    template = new_assessment(meta, library.load_many(chosen), today=dt.date.today())
    board = boards.create_board(db, user, template, members)
    db.commit()
    return RedirectResponse(f"/b/{board.ref}", status_code=303)


def _aggregation(named: list[tuple[str, bytes]], library: Library, lang: str) -> dict[str, Any]:
    comparison = boards.compared(named, library, lang).comparison
    assert comparison.board is not None
    chosen = {f"{q.framework}.{q.question}": q.chosen_side for q in comparison.board.chosen}
    return {"c": comparison, "result": comparison.board.result, "agenda": [comparison.question(k) for k in
            comparison.board.agenda], "chosen": chosen, "gates": comparison.board.gates, "words": STATUS_WORDS,
            "gate_findings": _gate_findings(comparison)}


def _gate_findings(comparison: Comparison) -> list[tuple[list[str], list[BoardGate]]]:
    """The board's gates grouped by the finding they rest on, each group with the titles of its frameworks: a
    group of several gates is one fact, shown once (docs/framework-format.md, "Findings")."""
    assert comparison.board is not None
    groups: dict[str, list[BoardGate]] = {}
    for bg in comparison.board.gates:
        gate = bg.gate
        groups.setdefault(gate.finding or f"{gate.framework}.{gate.question}.{gate.option}", []).append(bg)
    return [([comparison.framework_title(f) for f in dict.fromkeys(bg.gate.framework for bg in members)], members)
            for members in groups.values()]


@router.get("/b/{board}", response_class=HTMLResponse)
async def board_page(request: Request, board: str, opened: OpenBoard, db: Database, user: CurrentUser,
                     library: Library) -> HTMLResponse:
    lang = translator_of(request).lang

    def gather() -> dict[str, Any]:
        context: dict[str, Any] = {"user": user, "opened": opened, "progress": boards.progress(db, opened.board,
                                                                                               library)}
        if opened.sees_aggregation:  # the engine's reasons in the page's language, as the page's own words are
            context.update(_aggregation(boards.sources(db, opened.board, library), library, lang))
        return context

    # Loading and scoring every member's copy is blocking work: off the event loop.
    return render(request, "board.html", await run_in_threadpool(gather))


@router.post("/b/{board}/shown")
async def board_shown(request: Request, board: str, opened: OpenBoard, db: Database) -> RedirectResponse:
    form = await request.form()
    boards.set_shown(opened, form.get("shown") == "yes")
    db.commit()
    return RedirectResponse(f"/b/{board}", status_code=303)


@router.get("/b/{board}/board.{extension}")
async def board_file(request: Request, board: str, extension: str, opened: OpenBoard, db: Database,
                     library: Library) -> Response:
    if extension not in boards.DOWNLOADS:
        raise workspace.NotFound(extension)
    if not opened.sees_aggregation:
        raise workspace.NotAllowed(boards.NOT_SHOWN)
    if extension == "pdf":  # built in the background, with its progress on a page of its own
        return RedirectResponse(f"/b/{board}/pdf", status_code=303)
    named = await run_in_threadpool(boards.sources, db, opened.board, library)
    data = await run_in_threadpool(boards.render_board, named, extension, _dirs(request))
    return _attachment(data, f"{slug(opened.board.title)}-board.{extension}")


def _dirs(request: Request) -> list[str]:
    return [str(d) for d in request.app.state.config.frameworks_dirs]


def _attachment(data: bytes, name: str) -> Response:
    media = boards.DOWNLOADS[name.rsplit(".", 1)[-1]]
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/b/{board}/pdf", response_class=HTMLResponse)
def pdf_page(request: Request, board: str, opened: OpenBoard, user: CurrentUser) -> HTMLResponse:
    if not opened.sees_aggregation:
        raise workspace.NotAllowed(boards.NOT_SHOWN)
    return render(request, "board_pdf.html", {"user": user, "opened": opened, "job": None})


@router.post("/b/{board}/pdf")
async def pdf_start(request: Request, board: str, opened: OpenBoard, db: Database, user: CurrentUser,
                    library: Library) -> RedirectResponse:
    if not opened.sees_aggregation:
        raise workspace.NotAllowed(boards.NOT_SHOWN)
    named = await run_in_threadpool(boards.sources, db, opened.board, library)
    job = boards.start_pdf(db, request.app.state.builder, opened, user, named, _dirs(request))
    return RedirectResponse(f"/b/{board}/pdf/{job.token}", status_code=303)


@router.get("/b/{board}/pdf/{token}", response_class=HTMLResponse)
def pdf_progress(request: Request, board: str, token: str, opened: OpenBoard, db: Database,
                 user: CurrentUser) -> HTMLResponse:
    if not opened.sees_aggregation:
        raise workspace.NotAllowed(boards.NOT_SHOWN)
    job = boards.find_pdf(db, opened.board, token)
    context = {"user": user, "opened": opened, "job": job, "stale": jobs.is_stale(job)}
    if request.headers.get("hx-request") == "true":
        return render(request, "_board_pdf_status.html", context)
    return render(request, "board_pdf.html", context)


@router.get("/b/{board}/pdf/{token}/file")
def pdf_file(board: str, token: str, opened: OpenBoard, db: Database) -> Response:
    if not opened.sees_aggregation:
        raise workspace.NotAllowed(boards.NOT_SHOWN)
    job = boards.find_pdf(db, opened.board, token)
    if job.status != "done" or job.data is None:
        raise workspace.NotFound(token)
    return _attachment(job.data, f"{slug(opened.board.title)}-board.pdf")
