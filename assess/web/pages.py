"""The workspace's pages: server-rendered HTML, with htmx for saving as you go.

Every page works without JavaScript (plain form posts and redirects); with it, htmx saves each answer
as it changes and swaps in only what changed. Every route that names an assessment opens it through
`workspace.open_assessment`, which answers 404 to anyone who is not a member.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from assess import labels
from assess.assessments import Metadata, new_assessment
from assess.bundle import MAX_BUNDLE_BYTES
from assess.errors import AssessError
from assess.i18n import N_, Translator
from assess.loading import FrameworkLibrary
from assess.model import MAX_SHORT_TEXT, Answer, Assessment, Confidence, Question
from assess.scoring import answer_label
from assess.signoff import decision_words
from assess.web import accounts, boards, imported, next_review, workspace
from assess.web.answer_form import FormInput, form_input, parse
from assess.web.deps import CurrentUser, Database, Library, OpenAssessment, administrator
from assess.web.evidence import import_upload, keep_files
from assess.web.language import translator_of
from assess.web.reports import REPORT_FORMATS, render_report
from assess.web.sign_in_sessions import forget, remember
from assess.web.tables import User
from assess.web.views import QuestionView, Workspace

router = APIRouter()
STAGES = [("", "Not stated"), *labels.STAGES.items()]
# The same words every output uses for whose view an assessment gives (assess/labels.py).
PERSPECTIVES = [("", "Not stated"), *labels.PERSPECTIVES.items()]
CONFIDENCE = [(c.value, c.value.capitalize()) for c in Confidence]
MAX_ROW_ID = 2**31 - 1  # the largest id an INTEGER column holds on PostgreSQL (SQLite holds more)

Text = Annotated[str, Form()]
OptionalText = Annotated[str | None, Form()]


def _templates(request: Request) -> Jinja2Templates:
    found: Jinja2Templates = request.app.state.templates
    return found


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    return _templates(request).TemplateResponse(request, name, context, status_code=status)


# ------------------------------------------------------------------ signing in


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", {"user": None, "next": _local(next), "username": "", "error": None})


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, db: Database, username: Text, password: Text, next: Text = "/") -> Response:
    address = accounts.address_key(request.client.host if request.client else None)
    outcome = accounts.sign_in(db, username, password, address)
    db.commit()
    if outcome.user is None:
        tr = translator_of(request)
        error = (
            tr("Too many failed attempts from where you are. Wait 15 minutes and try again.")
            if outcome.throttled
            else tr("That username and password do not match an account.")
        )
        context = {"user": None, "next": _local(next), "username": username, "error": error}
        return render(request, "login.html", context, status=429 if outcome.throttled else 401)
    remember(request, outcome.user)
    db.commit()  # the language chosen before signing in, kept in the account
    return RedirectResponse(_local(next), status_code=303)


@router.post("/logout")
def logout(request: Request, db: Database) -> RedirectResponse:
    forget(request, db)
    db.commit()
    return RedirectResponse("/login", status_code=303)


def _local(target: str) -> str:
    """Only a path on this site: never an open redirect to somewhere else."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@router.get("/setup", response_class=HTMLResponse)
def setup_page(request: Request, db: Database, token: str = "") -> HTMLResponse:
    """The first run: whoever holds the link `assess serve` printed creates the first administrator."""
    if not accounts.setup_token_valid(db, token):
        raise workspace.NotFound("setup")
    return render(request, "setup.html", {"user": None, "token": token, "given": {}, "errors": {}})


@router.post("/setup", response_class=HTMLResponse)
def setup(request: Request, db: Database, token: Text, username: Text, password: Text, again: Text,
          display_name: OptionalText = None) -> Response:
    if not accounts.setup_token_valid(db, token):
        raise workspace.NotFound("setup")
    given = {"username": username, "display_name": display_name or ""}
    errors: dict[str, str] = {}
    if password != again:
        errors["again"] = translator_of(request)("The two passwords differ.")
    else:
        try:
            user = accounts.finish_setup(db, username, password, display_name, token)
        except accounts.SetupUsed:
            db.rollback()  # someone used the link at the same moment, and made the administrator
            raise workspace.NotFound("setup") from None
        except accounts.AccountError as exc:
            db.rollback()  # the link's token with it: it can be used again
            errors[exc.field] = str(exc)
    if errors:
        context = {"user": None, "token": token, "given": given, "errors": errors}
        return render(request, "setup.html", context, status=422)
    db.commit()
    remember(request, user)
    db.commit()  # the language chosen before, kept in the account
    return RedirectResponse("/", status_code=303)


# ------------------------------------------------------------------ the list, and starting one


@router.get("/", response_class=HTMLResponse)
def home(request: Request, db: Database, user: CurrentUser) -> HTMLResponse:
    return render(
        request, "home.html", {"user": user, "items": workspace.assessments_of(db, user), "import_errors": [],
                               "boards": boards.boards_of(db, user)}
    )


@router.get("/new", response_class=HTMLResponse)
def new_page(request: Request, user: CurrentUser, library: Library) -> HTMLResponse:
    return render(request, "new.html", _new_context(user, library, {}, {"frameworks": library.ids()}))


def _too_long(given: dict[str, Any], tr: Translator) -> dict[str, str]:
    """The fields of the new-assessment and about forms longer than the file format allows (assess/model.py)."""
    return {name: tr("At most {count} characters.", count=MAX_SHORT_TEXT) for name, value in given.items()
            if isinstance(value, str) and len(value) > MAX_SHORT_TEXT}


def _new_context(user: User, library: Any, errors: dict[str, str], given: dict[str, Any]) -> dict[str, Any]:
    choices = []
    for fid in library.ids():
        try:
            framework = library.load(fid)
        except AssessError:
            continue
        choices.append(framework)
    return {
        "user": user,
        "choices": choices,
        "errors": errors,
        "given": given,
        "stages": STAGES,
        "perspectives": PERSPECTIVES,
    }


@router.post("/new", response_class=HTMLResponse)
async def create(request: Request, db: Database, user: CurrentUser, library: Library) -> Response:
    form = await request.form()
    given: dict[str, Any] = {
        k: str(form.get(k) or "").strip()
        for k in ("title", "organisation", "system", "stage", "perspective", "respondent", "classification")
    }
    chosen = [str(v) for v in form.getlist("frameworks")]
    given["frameworks"] = chosen
    errors: dict[str, str] = {}
    tr = translator_of(request)
    for name, missing in (("title", tr("Give a title.")), ("organisation", tr("Give the organisation.")),
                          ("system", tr("Give the system."))):
        if not given[name]:
            errors[name] = missing
    errors.update(_too_long(given, tr))
    if not chosen:
        errors["frameworks"] = tr("Choose at least one framework.")
    unknown = [fid for fid in chosen if library.path(fid) is None]
    if unknown:
        errors["frameworks"] = tr("Unknown framework: {names}.", names=", ".join(unknown))
    if errors:
        return render(request, "new.html", _new_context(user, library, errors, given), status=422)
    frameworks = library.load_many(chosen)
    meta = Metadata(
        title=given["title"],
        organisation=given["organisation"],
        system=given["system"],
        stage=given["stage"] or None,
        perspective=given["perspective"] or None,
        classification=given["classification"] or None,
    )
    assessment = new_assessment(meta, frameworks, today=dt.date.today())
    if given["respondent"]:
        respondent = assessment.respondent.model_copy(update={"name": given["respondent"]})
        assessment = assessment.model_copy(update={"respondent": respondent})
    row = workspace.create(db, user, assessment)
    db.commit()
    return RedirectResponse(f"/a/{row.ref}", status_code=303)


@router.post("/import", response_class=HTMLResponse)
async def import_file(
    request: Request, db: Database, user: CurrentUser, library: Library, file: Annotated[UploadFile, File()]
) -> Response:
    name = file.filename or "upload.yaml"
    raw = await file.read(MAX_BUNDLE_BYTES + 1)  # a bundle (.zip) may carry files; a YAML file is capped lower
    try:
        if len(raw) > MAX_BUNDLE_BYTES:
            raise AssessError.at(name, f"file is larger than {MAX_BUNDLE_BYTES // (1024 * 1024)} MiB")
        row = import_upload(db, user, raw, name, library)
    except AssessError as exc:
        db.rollback()
        context = {
            "user": user,
            "items": workspace.assessments_of(db, user),
            "import_errors": [str(d) for d in exc.diagnostics],
        }
        return render(request, "home.html", context, status=422)
    db.commit()
    return RedirectResponse(f"/a/{row.ref}", status_code=303)


# ------------------------------------------------------------------ one assessment


@router.get("/a/{ref}", response_class=HTMLResponse)
def assessment_page(
    request: Request, ref: str, opened: OpenAssessment, db: Database, user: CurrentUser, library: Library
) -> HTMLResponse:
    return _assessment(request, db, user, opened, library)


def _assessment(request: Request, db: Database, user: User, opened: workspace.Opened, library: Library,
                member_error: str | None = None, member_given: str = "") -> HTMLResponse:
    """The assessment's page; with `member_error`, shown beside the add-member field it concerns."""
    from assess.web.review_pages import page_context  # the review's part of the page (review_pages.py)

    view = Workspace(workspace.load(db, opened.row, library))
    context = {"user": user, "opened": opened, "assessment": view.loaded.assessment, "overview": view.overview(),
               "members": workspace.members(db, opened.row), "formats": REPORT_FORMATS,
               "roles": list(workspace.Role), "member_error": member_error, "member_given": member_given,
               **next_review.links(db, opened), "board_of_copy": boards.board_of_copy(db, opened.row.id),
               **page_context(db, opened, user, view), "imported_claims": imported.history(db, opened.row),
               "decision_words": decision_words}
    return render(request, "assessment.html", context, status=422 if member_error else 200)


@router.get("/a/{ref}/about", response_class=HTMLResponse)
def about_page(
    request: Request, ref: str, opened: OpenAssessment, db: Database, user: CurrentUser, library: Library
) -> HTMLResponse:
    if not opened.can_manage:
        raise workspace.NotAllowed(N_("only an owner can change what the assessment is about"))
    assessment = workspace.load(db, opened.row, library).assessment
    return render(
        request,
        "about.html",
        {
            "user": user,
            "opened": opened,
            "given": _about_fields(assessment),
            "errors": {},
            "conflict": None,
            "stages": STAGES,
            "perspectives": PERSPECTIVES,
            "addable": _addable(library, assessment),
            "version": opened.row.head_version,
        },
    )


def _addable(library: Library, assessment: Assessment) -> list[Any]:
    """The library's frameworks this assessment does not use yet, that load cleanly."""
    found = []
    for fid in library.ids():
        if fid in assessment.frameworks:
            continue
        try:
            found.append(library.load(fid))
        except AssessError:
            continue
    return found


@router.post("/a/{ref}/frameworks")
async def add_frameworks(
    request: Request, ref: str, opened: OpenAssessment, db: Database, library: Library
) -> RedirectResponse:
    """Frameworks chosen at the start can be added to later; answers already given stay as they are."""
    if not opened.can_manage:
        raise workspace.NotAllowed(N_("only an owner can change which frameworks the assessment uses"))
    workspace.refuse_if_frozen(opened)
    form = await request.form()
    chosen = [str(v) for v in form.getlist("frameworks") if library.path(str(v)) is not None]
    current = workspace.load(db, opened.row, library).assessment
    new = [fid for fid in chosen if fid not in current.frameworks]
    if new:
        from assess.assessments import add_frameworks as pin_frameworks

        try:
            workspace.update_head(db, opened, pin_frameworks(current, library.load_many(new)))
        except workspace.StaleHead:
            db.rollback()
            raise HTTPException(409, N_("Someone else changed this assessment at the same moment: nothing was "
                                        "added. Open it again and add the frameworks once more.")) from None
        db.commit()
    return RedirectResponse(f"/a/{ref}", status_code=303)


def _about_fields(assessment: Assessment) -> dict[str, str]:
    return {
        "title": assessment.title,
        "organisation": assessment.subject.organisation,
        "system": assessment.subject.system,
        "stage": assessment.subject.stage or "",
        "perspective": assessment.respondent.perspective or "",
        "respondent": assessment.respondent.name or "",
        "classification": assessment.classification or "",
        "date": assessment.date.isoformat() if assessment.date else "",
    }


@router.post("/a/{ref}/about", response_class=HTMLResponse)
async def about_save(
    request: Request, ref: str, opened: OpenAssessment, db: Database, user: CurrentUser, library: Library
) -> Response:
    if not opened.can_manage:
        raise workspace.NotAllowed(N_("only an owner can change what the assessment is about"))
    workspace.refuse_if_frozen(opened)
    form = await request.form()
    given = {
        k: str(form.get(k) or "").strip()
        for k in ("title", "organisation", "system", "stage", "perspective", "respondent", "classification", "date")
    }
    errors: dict[str, str] = {}
    tr = translator_of(request)
    for name in ("title", "organisation", "system"):
        if not given[name]:
            errors[name] = tr("This cannot be empty.")
    errors.update(_too_long(given, tr))
    date: dt.date | None = None
    if given["date"]:
        try:
            date = dt.date.fromisoformat(given["date"])
        except ValueError:
            errors["date"] = tr("Give the date as YYYY-MM-DD, such as 2026-05-21.")
    version_text = str(form.get("version") or "")
    base = int(version_text) if version_text.isdigit() and len(version_text) < 10 else None
    if errors:
        return _about_again(request, user, opened, given, errors, None, base, 422)
    current = workspace.load(db, opened.row, library).assessment
    changed = current.model_copy(
        update={
            "title": given["title"],
            "classification": given["classification"] or None,
            "date": date,
            "subject": current.subject.model_copy(
                update={
                    "organisation": given["organisation"],
                    "system": given["system"],
                    "stage": given["stage"] or None,
                }
            ),
            "respondent": current.respondent.model_copy(
                update={"name": given["respondent"] or None, "perspective": given["perspective"] or None}
            ),
        }
    )
    try:
        workspace.update_head(db, opened, Assessment.model_validate(changed.model_dump(by_alias=True)), base)
    except workspace.StaleHead:
        # Someone changed it since this form was shown: nothing is written over their change. Said at the top,
        # with everything typed kept and the form now based on their version, so saving again is a choice.
        db.rollback()
        db.refresh(opened.row)
        message = tr("Someone else changed what this assessment is about while you were editing. Your changes "
                     "are still in the form and have not been saved: save again to put them over theirs, or "
                     "open the assessment to see theirs.")
        return _about_again(request, user, opened, given, {}, message, opened.row.head_version, 409)
    db.commit()
    return RedirectResponse(f"/a/{ref}", status_code=303)


def _about_again(request: Request, user: User, opened: workspace.Opened, given: dict[str, str],
                 errors: dict[str, str], conflict: str | None, version: int | None, status: int) -> HTMLResponse:
    """The about page again, with what was typed, beside the errors or the conflict that stopped it."""
    return render(request, "about.html", {"user": user, "opened": opened, "given": given, "errors": errors,
                                          "conflict": conflict, "stages": STAGES, "perspectives": PERSPECTIVES,
                                          "addable": [],  # shown again to be put right, without the adding form
                                          "version": version if version is not None else opened.row.head_version},
                  status=status)


@router.get("/a/{ref}/s/{framework_id}/{section_id}", response_class=HTMLResponse)
def section_page(
    request: Request,
    ref: str,
    opened: OpenAssessment,
    framework_id: str,
    section_id: str,
    db: Database,
    user: CurrentUser,
    library: Library,
) -> HTMLResponse:
    view = Workspace(workspace.load(db, opened.row, library))
    questions = view.section(framework_id, section_id)
    if questions is None:
        raise workspace.NotFound(section_id)
    return _section(request, user, opened, view, framework_id, section_id, questions)


def _section(
    request: Request,
    user: User,
    opened: workspace.Opened,
    view: Workspace,
    framework_id: str,
    section_id: str,
    questions: list[QuestionView],
    status: int = 200,
) -> HTMLResponse:
    before, after = view.neighbours(framework_id, section_id)
    return render(
        request,
        "section.html",
        {
            "user": user,
            "opened": opened,
            "assessment": view.loaded.assessment,
            "questions": questions,
            "section": questions[0].section,
            "framework": questions[0].framework,
            "overview": view.overview(),
            "before": before,
            "after": after,
            "confidence": CONFIDENCE,
        },
        status=status,
    )


@router.post("/a/{ref}/answer/{framework_id}/{question_id}", response_class=HTMLResponse)
async def save_answer(
    request: Request,
    ref: str,
    opened: OpenAssessment,
    framework_id: str,
    question_id: str,
    db: Database,
    user: CurrentUser,
    library: Library,
) -> Response:
    form = await request.form()
    given = form_input(
        [str(v) for v in form.getlist("answer")],
        _field(form, "note"),
        _field(form, "evidence"),
        _field(form, "confidence"),
        _field(form, "not_applicable"),
    )
    revision_text = _field(form, "revision") or "0"
    base = int(revision_text) if revision_text.isdigit() else 0
    htmx = request.headers.get("hx-request") == "true"
    # The database and the scoring are blocking work: off the event loop, so that other requests
    # (and other saves' commits, which wait on the disk) go on meanwhile.
    return await run_in_threadpool(
        _save_answer, request, ref, opened, framework_id, question_id, db, user, library, given, base, htmx
    )


def _save_answer(
    request: Request,
    ref: str,
    opened: workspace.Opened,
    framework_id: str,
    question_id: str,
    db: Session,
    user: User,
    library: FrameworkLibrary,
    given: FormInput,
    base: int,
    htmx: bool,
) -> Response:
    if not opened.can_answer:
        raise workspace.NotAllowed("your role on this assessment does not allow answering")
    if htmx and opened.is_approved:  # said beside the question, where the change was made
        frozen = Workspace(workspace.load(db, opened.row, library))
        at = frozen.slot_index(framework_id, question_id)
        if at is None:
            raise workspace.NotFound(question_id)
        return _answer_problem(request, user, opened, frozen, at, given, {"answer": workspace.FROZEN_MESSAGE},
                               None, htmx, 403)
    workspace.refuse_if_frozen(opened)  # even an unchanged answer: the page says plainly that it is frozen
    view = Workspace(workspace.load(db, opened.row, library, discussion=False))
    index = view.slot_index(framework_id, question_id)
    if index is None:
        raise workspace.NotFound(question_id)
    slot = view.questionnaire.slots[index]
    parsed = parse(slot.question, given)
    if parsed.errors:
        return _answer_problem(request, user, opened, view, index, given, parsed.errors, None, htmx, 422)
    before = view.questionnaire.answer(index)
    parsed.answer = keep_files(parsed.answer, before)  # the form does not carry the answer's evidence files
    was_visible = [view.questionnaire.is_visible(i) for i in range(len(view.questionnaire.slots))]
    if parsed.answer == before and base == view.loaded.revisions.get(slot.key, 0):
        outcome: workspace.Saved | workspace.Conflict = workspace.Saved(base, [], view.questionnaire)
    else:
        outcome = workspace.save_answer(
            db, opened, user, library, framework_id, question_id, parsed.answer, base, view.loaded, view.questionnaire
        )
    if isinstance(outcome, workspace.Conflict):
        db.rollback()
        # As it now stands, without our change.
        view = Workspace(workspace.load(db, opened.row, library, discussion=False))
        tr = translator_of(request)
        message = tr(
            "{who} saved a different answer to this question while you were working: {theirs}. Your answer is "
            "still on the page and has not been saved: save it over theirs, or reload to take theirs.",
            who=outcome.by or tr("Someone"), theirs=_described(slot.question, outcome.theirs),
        )
        view.loaded.revisions[slot.key] = outcome.revision
        return _answer_problem(request, user, opened, view, index, given, {}, message, htmx, 409)
    db.commit()
    if not htmx:
        return RedirectResponse(
            f"/a/{ref}/s/{framework_id}/{slot.section.id}#q-{framework_id}--{question_id}", status_code=303
        )
    # The reply shows the state the save left, scored once inside the save: nothing is read back.
    fresh = Workspace(view.loaded, outcome.questionnaire)
    changed = [
        fresh.question(i)
        for i in range(len(fresh.questionnaire.slots))
        if fresh.questionnaire.slots[i].section.id == slot.section.id
        and fresh.questionnaire.slots[i].framework.id == framework_id
        and i != index
        and fresh.questionnaire.is_visible(i) != was_visible[i]
    ]
    hidden = [
        fresh.numbers[key] + " " + (fresh.loaded.frameworks[key[0]].question(key[1]) or slot.question).ask
        for key in outcome.hidden
    ]
    return render(
        request,
        "_saved.html",
        {
            "user": user,
            "opened": opened,
            "q": fresh.question(index),
            "changed": changed,
            "hidden": hidden,
            "overview": fresh.overview(),
            "saved_at": dt.datetime.now().strftime("%H:%M:%S"),
            "confidence": CONFIDENCE,
            "assessment": fresh.loaded.assessment,
        },
    )


def _field(form: Any, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


def _described(question: Question, answer: Answer | None) -> str:
    """An answer in the words the report uses for it (scoring.answer_label)."""
    if answer is not None and answer.answer is None and answer.not_applicable is not None:
        return f"not applicable ({answer.not_applicable})"
    return (answer_label(question, answer.answer) if answer is not None else None) or "no answer"


def _answer_problem(
    request: Request,
    user: User,
    opened: workspace.Opened,
    view: Workspace,
    index: int,
    given: Any,
    errors: dict[str, str],
    message: str | None,
    htmx: bool,
    status: int,
) -> HTMLResponse:
    question = view.question(index)
    question.given, question.errors, question.message = given, errors, message
    if htmx:  # shown beside the question; the header tells the page's script (static/saving.js) that nothing
        # was saved: "no" while what was typed can still be saved, "frozen" when no change can be (approved)
        shown = render(request, "_problem.html", {"q": question, "opened": opened}, status=200)
        shown.headers["X-Assess-Saved"] = "frozen" if status == 403 else "no"
        return shown
    questions = view.section(question.framework.id, question.section.id) or [question]
    questions = [question if q.key == question.key else q for q in questions]
    return _section(request, user, opened, view, question.framework.id, question.section.id, questions, status)


@router.get("/a/{ref}/history/{framework_id}/{question_id}", response_class=HTMLResponse)
def question_history(
    request: Request,
    ref: str,
    opened: OpenAssessment,
    framework_id: str,
    question_id: str,
    db: Database,
    user: CurrentUser,
    library: Library,
) -> HTMLResponse:
    view = Workspace(workspace.load(db, opened.row, library))
    index = view.slot_index(framework_id, question_id)
    if index is None:
        raise workspace.NotFound(question_id)
    changes = workspace.history(db, opened.row, framework_id, question_id)
    return render(
        request,
        "history.html",
        {"user": user, "opened": opened, "q": view.question(index), "changes": changes, "describe": _describe_data},
    )


def _describe_data(question: Question, data: dict[str, Any] | None) -> str:
    if data is None:
        return "cleared"
    if data.get("answer") is None and data.get("not_applicable") is not None:
        return f"not applicable ({data['not_applicable']})"
    return answer_label(question, data.get("answer")) or "no answer"


@router.post("/a/{ref}/history/{framework_id}/{question_id}/{change_id}/restore")
def restore(
    request: Request,
    ref: str,
    opened: OpenAssessment,
    framework_id: str,
    question_id: str,
    change_id: int,
    db: Database,
    user: CurrentUser,
    library: Library,
) -> Response:
    from assess.web.tables import AnswerHistory

    if not 0 < change_id <= MAX_ROW_ID:  # an id no row can have: not found, not a database error
        raise workspace.NotFound(str(change_id))
    change = db.scalar(
        select(AnswerHistory).where(
            AnswerHistory.id == change_id,
            AnswerHistory.assessment_id == opened.row.id,
            AnswerHistory.framework_id == framework_id,
            AnswerHistory.question_id == question_id,
        )
    )
    if change is None:
        raise workspace.NotFound(str(change_id))
    answer = Answer.model_validate(change.data) if change.data is not None else None
    outcome = workspace.save_answer(db, opened, user, library, framework_id, question_id, answer, None)
    if isinstance(outcome, workspace.Conflict):  # pragma: no cover - no base revision, so none to conflict with
        db.rollback()
    else:
        db.commit()
    return RedirectResponse(f"/a/{ref}/history/{framework_id}/{question_id}", status_code=303)


@router.get("/a/{ref}/log", response_class=HTMLResponse)
def change_log(
    request: Request, ref: str, opened: OpenAssessment, db: Database, user: CurrentUser, library: Library
) -> HTMLResponse:
    view = Workspace(workspace.load(db, opened.row, library))
    return render(
        request,
        "log.html",
        {
            "user": user,
            "opened": opened,
            "changes": workspace.history(db, opened.row),
            "view": view,
            "describe": _describe_data,
        },
    )


@router.get("/a/{ref}/export.yaml")
def export(ref: str, opened: OpenAssessment, db: Database, user: CurrentUser, library: Library) -> Response:
    text = workspace.export_yaml(workspace.load(db, opened.row, library))
    return Response(
        text.encode("utf-8"),
        media_type="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{_file_stem(opened)}.yaml"'},
    )


def _file_stem(opened: workspace.Opened) -> str:
    from assess.assessments import slug

    return slug(opened.row.title) or "assessment"


@router.get("/a/{ref}/report.{extension}")
async def report(
    request: Request, ref: str, opened: OpenAssessment, extension: str, db: Database, user: CurrentUser,
    library: Library,
) -> Response:
    if extension not in REPORT_FORMATS:
        raise workspace.NotFound(extension)
    if extension == "pdf":  # built in the background, with its progress on a page of its own
        return RedirectResponse(f"/a/{ref}/pdf", status_code=303)
    loaded = workspace.load(db, opened.row, library)
    from starlette.concurrency import run_in_threadpool

    stem = _file_stem(opened)
    lang = translator_of(request).lang  # the report in the page's language, as `assess report --lang`
    data, media_type = await run_in_threadpool(render_report, loaded, extension, f"{stem}.yaml", lang)
    return Response(
        data, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{stem}.{extension}"'}
    )


@router.post("/a/{ref}/members", response_class=HTMLResponse)
def add_member(
    request: Request,
    ref: str,
    opened: OpenAssessment,
    db: Database,
    user: CurrentUser,
    library: Library,
    username: Text,
    role: Text,
) -> Response:
    if not opened.can_manage:
        raise workspace.NotAllowed(N_("only an owner can add members"))
    member = db.scalar(select(User).where(User.username == accounts.normalise_username(username)))
    error = None
    tr = translator_of(request)
    if member is None:
        error = tr("There is no account called '{name}'. An administrator can create it.",
                   name=username.strip())
    elif role not in {r.value for r in workspace.Role}:
        error = tr("Choose a role from the list.")
    elif member.id == user.id:
        error = tr("You cannot change your own role.")
    if error is not None:
        return _assessment(request, db, user, opened, library, error, username)
    assert member is not None
    workspace.add_member(db, opened, member, workspace.Role(role))
    db.commit()
    return RedirectResponse(f"/a/{ref}#members", status_code=303)


@router.post("/a/{ref}/members/remove", response_class=HTMLResponse)
def remove_member(request: Request, ref: str, opened: OpenAssessment, db: Database, user: CurrentUser,
                  library: Library, username: Text) -> Response:
    """An owner takes a member off the assessment: from their very next request it is not found for them."""
    if not opened.can_manage:
        raise workspace.NotAllowed(N_("only an owner can remove members"))
    member = db.scalar(select(User).where(User.username == accounts.normalise_username(username)))
    tr = translator_of(request)
    if member is None or not workspace.remove_member(db, opened, member, user):
        error = (tr("You cannot remove yourself: another owner can.") if member is not None and member.id == user.id
                 else tr("'{name}' is not a member of this assessment.", name=username.strip()))
        return _assessment(request, db, user, opened, library, error, username)
    db.commit()
    return RedirectResponse(f"/a/{ref}#members", status_code=303)


# ------------------------------------------------------------------ administration


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, db: Database, user: CurrentUser) -> HTMLResponse:
    _admin(user)
    return render(
        request,
        "users.html",
        {"user": user, "users": db.scalars(select(User).order_by(User.username)), "errors": {}, "given": {}},
    )


@router.post("/admin/users", response_class=HTMLResponse, dependencies=[Depends(administrator)])
def create_user(
    request: Request,
    db: Database,
    user: CurrentUser,
    username: Text,
    password: Text,
    display_name: OptionalText = None,
    admin: OptionalText = None,
) -> Response:
    _admin(user)
    try:
        accounts.create_user(db, username, password, display_name=display_name, admin=admin == "on")
    except accounts.AccountError as exc:
        db.rollback()
        return render(
            request,
            "users.html",
            {
                "user": user,
                "users": db.scalars(select(User).order_by(User.username)),
                "errors": {exc.field: str(exc)},
                "given": {"username": username, "display_name": display_name or ""},
            },
            status=422,
        )
    db.commit()
    return RedirectResponse("/admin/users", status_code=303)


def _admin(user: User) -> None:
    if not user.is_admin:
        raise workspace.NotFound("admin")
