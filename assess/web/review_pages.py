"""The review in the workspace: submitting, returning and approving an assessment; challenging answers; and
comment threads on questions. The rules are in `review.py`; these routes check membership (through
`OpenAssessment`: 404 to a non-member), call it, and show the outcome or the refusal with its message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from assess.model import ChallengeStatus, ReviewState
from assess.scoring import answer_label
from assess.web import review, workspace
from assess.web.deps import CurrentUser, Database, Library, OpenAssessment
from assess.web.pages import MAX_ROW_ID, render
from assess.web.tables import ChallengeRow, Membership, User
from assess.web.views import Workspace

router = APIRouter()
OptionalText = Annotated[str | None, Form()]


# ------------------------------------------------------------------ what the pages show


def members_by_username(db: Session, opened: workspace.Opened) -> dict[str, str]:
    """username -> display name, for every member of the assessment."""
    found = db.execute(select(User.username, User.display_name).join(Membership, Membership.user_id == User.id)
                       .where(Membership.assessment_id == opened.row.id))
    return {username: name for username, name in found}


@dataclass
class ChallengeView:
    row: ChallengeRow
    number: str
    ask: str
    section_id: str
    revised: bool


def page_context(db: Session, opened: workspace.Opened, user: User, view: Workspace) -> dict[str, Any]:
    """What the assessment's page shows of the review: its state and timeline, what is challenged, the open
    threads, and where the reader is mentioned. Added to the page's context by `pages._assessment`."""
    names = members_by_username(db, opened)
    challenged = [_challenge_view(db, opened, view, c) for c in review.open_challenges(db, opened.row)]
    open_threads = [t for t in review.threads(db, opened.row) if not t.row.resolved]
    members = set(names)
    # (framework, question, anchor on the discussion page, who, what): comments, and challenges' reasons.
    mentioned = [
        (t.row.framework_id, t.row.question_id, f"thread-{t.row.id}", post.by, post.text, post.id)
        for t in review.threads(db, opened.row) for post in t.posts
        if user.username in review.mentions(post.text, members)
    ] + [
        (c.framework_id, c.question_id, "main", c.by, c.reason, 0) for c in review.challenges(db, opened.row)
        if user.username in review.mentions(c.reason, members)
    ]
    return {
        "review_state": opened.review_state,
        "review_label": review.STATE_LABELS[opened.review_state],
        "review_steps": review.steps(db, opened.row),
        "challenged": [c for c in challenged if c is not None],
        "open_threads": [(t, _question_words(view, t.row.framework_id, t.row.question_id)) for t in open_threads],
        "mentioned": [(fid, qid, anchor, by, text, _question_words(view, fid, qid))
                      for fid, qid, anchor, by, text, _ in mentioned],
        "names": names,
        "can_submit": opened.role.value in {"owner", "respondent"}
        and opened.review_state in (ReviewState.draft, ReviewState.returned),
        "can_decide": opened.role.value == "reviewer" and opened.review_state is ReviewState.in_review,
        "STATE_LABELS": review.STATE_LABELS,
    }


def _question_words(view: Workspace, framework_id: str, question_id: str) -> tuple[str, str, str]:
    """(number, question, section id) of a question the assessment asks, or placeholders if it no longer does."""
    index = view.slot_index(framework_id, question_id)
    if index is None:
        return ("", f"{framework_id}.{question_id}", "")
    slot = view.questionnaire.slots[index]
    return (view.numbers.get(slot.key, ""), slot.question.ask, slot.section.id)


def _challenge_view(db: Session, opened: workspace.Opened, view: Workspace, row: ChallengeRow) -> ChallengeView | None:
    number, ask, section_id = _question_words(view, row.framework_id, row.question_id)
    return ChallengeView(row, number, ask, section_id, review.revised_since(db, opened.row, row))


def question_marks(opened: workspace.Opened, framework_id: str, question_id: str) -> dict[str, Any]:
    """Beside a question on its section page: its open challenge, if any, and how many threads are open.
    Called from the question template, in the request's own database session."""
    db = object_session(opened.row)
    if db is None:  # pragma: no cover - an opened row always belongs to the request's session
        return {"challenges": [], "open_threads": 0, "threads": 0}
    found = review.challenges(db, opened.row, framework_id, question_id)
    open_ones = [c for c in found if c.status == ChallengeStatus.open.value]
    threads = review.threads(db, opened.row, framework_id, question_id)
    return {
        "challenges": [(c, review.revised_since(db, opened.row, c)) for c in open_ones],
        "open_threads": sum(1 for t in threads if not t.row.resolved),
        "threads": len(threads),
    }


def _refused(request: Request, user: User, opened: workspace.Opened, exc: review.ReviewError, back: str) -> Response:
    context = {"user": user, "title": "Not done", "message": str(exc), "back": back, "opened": opened}
    return render(request, "review_refused.html", context, status=exc.status)


# ------------------------------------------------------------------ review states


def _move(request: Request, db: Session, user: User, opened: workspace.Opened, to: ReviewState,
          reason: str | None) -> Response:
    ref = opened.row.ref
    try:
        review.move(db, opened.row, opened.role.value, user, to, reason)
    except review.ReviewError as exc:
        db.rollback()
        return _refused(request, user, opened, exc, f"/a/{ref}#review")
    db.commit()
    return RedirectResponse(f"/a/{ref}#review", status_code=303)


@router.post("/a/{ref}/review/submit")
def submit(request: Request, ref: str, opened: OpenAssessment, db: Database, user: CurrentUser,
           reason: OptionalText = None) -> Response:
    return _move(request, db, user, opened, ReviewState.in_review, reason)


@router.post("/a/{ref}/review/return")
def send_back(request: Request, ref: str, opened: OpenAssessment, db: Database, user: CurrentUser,
              reason: OptionalText = None) -> Response:
    return _move(request, db, user, opened, ReviewState.returned, reason)


@router.post("/a/{ref}/review/approve")
def approve(request: Request, ref: str, opened: OpenAssessment, db: Database, user: CurrentUser,
            reason: OptionalText = None) -> Response:
    return _move(request, db, user, opened, ReviewState.approved, reason)


# ------------------------------------------------------------------ one question's discussion


def _slot(view: Workspace, framework_id: str, question_id: str) -> int:
    index = view.slot_index(framework_id, question_id)
    if index is None:
        raise workspace.NotFound(question_id)
    return index


@router.get("/a/{ref}/q/{framework_id}/{question_id}/discussion", response_class=HTMLResponse)
def discussion(request: Request, ref: str, opened: OpenAssessment, framework_id: str, question_id: str,
               db: Database, user: CurrentUser, library: Library) -> HTMLResponse:
    return _discussion(request, db, user, opened, library, framework_id, question_id)


def _discussion(request: Request, db: Session, user: User, opened: workspace.Opened, library: Any,
                framework_id: str, question_id: str, error: str | None = None, given: str = "",
                status: int = 200) -> HTMLResponse:
    view = Workspace(workspace.load(db, opened.row, library))
    index = _slot(view, framework_id, question_id)
    q = view.question(index)
    answer = view.questionnaire.answer(index)
    names = members_by_username(db, opened)
    found = review.challenges(db, opened.row, framework_id, question_id)
    context = {
        "user": user,
        "opened": opened,
        "assessment": view.loaded.assessment,
        "q": q,
        "answer_words": (answer_label(q.question, answer.answer) if answer is not None else None) or "Not answered",
        "answer_note": answer.note if answer is not None else None,
        "challenges": [(c, review.revised_since(db, opened.row, c)) for c in found],
        "threads": review.threads(db, opened.row, framework_id, question_id),
        "names": names,
        "members": set(names),
        "segments": review.segments,
        "can_comment": review.can_comment(opened.role.value),
        "can_challenge": opened.role.value == "reviewer" and opened.review_state is ReviewState.in_review
        and not any(c.status == ChallengeStatus.open.value for c in found),
        "is_reviewer": opened.role.value == "reviewer",
        "error": error,
        "given": given,
    }
    return render(request, "discussion.html", context, status=status)


def _after(request: Request, db: Session, user: User, opened: workspace.Opened, library: Any, framework_id: str,
           question_id: str, action: Any, given: str = "") -> Response:
    """Run one discussion action; back to the discussion page, or the page again with the refusal."""
    try:
        action()
    except review.ReviewError as exc:
        db.rollback()
        return _discussion(request, db, user, opened, library, framework_id, question_id, str(exc), given,
                           exc.status)
    db.commit()
    return RedirectResponse(f"/a/{opened.row.ref}/q/{framework_id}/{question_id}/discussion", status_code=303)


@router.post("/a/{ref}/q/{framework_id}/{question_id}/comments")
def start_thread(request: Request, ref: str, opened: OpenAssessment, framework_id: str, question_id: str,
                 db: Database, user: CurrentUser, library: Library, text: OptionalText = None) -> Response:
    _slot(Workspace(workspace.load(db, opened.row, library)), framework_id, question_id)
    return _after(request, db, user, opened, library, framework_id, question_id,
                  lambda: review.start_thread(db, opened.row, opened.role.value, user, framework_id, question_id,
                                              text), text or "")


@router.post("/a/{ref}/q/{framework_id}/{question_id}/challenge")
def raise_challenge(request: Request, ref: str, opened: OpenAssessment, framework_id: str, question_id: str,
                    db: Database, user: CurrentUser, library: Library, reason: OptionalText = None) -> Response:
    _slot(Workspace(workspace.load(db, opened.row, library)), framework_id, question_id)
    return _after(request, db, user, opened, library, framework_id, question_id,
                  lambda: review.challenge(db, opened.row, opened.role.value, user, framework_id, question_id,
                                           reason), reason or "")


def _thread(db: Session, opened: workspace.Opened, thread_id: int) -> Any:
    found = review.thread_of(db, opened.row, thread_id) if 0 < thread_id <= MAX_ROW_ID else None
    if found is None:
        raise workspace.NotFound(str(thread_id))
    return found


@router.post("/a/{ref}/threads/{thread_id}/reply")
def reply(request: Request, ref: str, opened: OpenAssessment, thread_id: int, db: Database, user: CurrentUser,
          library: Library, text: OptionalText = None) -> Response:
    thread = _thread(db, opened, thread_id)
    return _after(request, db, user, opened, library, thread.framework_id, thread.question_id,
                  lambda: review.reply(db, opened.row, opened.role.value, user, thread, text), text or "")


@router.post("/a/{ref}/threads/{thread_id}/resolve")
def resolve(request: Request, ref: str, opened: OpenAssessment, thread_id: int, db: Database, user: CurrentUser,
            library: Library) -> Response:
    thread = _thread(db, opened, thread_id)
    return _after(request, db, user, opened, library, thread.framework_id, thread.question_id,
                  lambda: review.set_resolved(db, opened.row, opened.role.value, user, thread, True))


@router.post("/a/{ref}/threads/{thread_id}/reopen")
def reopen(request: Request, ref: str, opened: OpenAssessment, thread_id: int, db: Database, user: CurrentUser,
           library: Library) -> Response:
    thread = _thread(db, opened, thread_id)
    return _after(request, db, user, opened, library, thread.framework_id, thread.question_id,
                  lambda: review.set_resolved(db, opened.row, opened.role.value, user, thread, False))


def _close(request: Request, db: Session, user: User, opened: workspace.Opened, library: Any, challenge_id: int,
           outcome: ChallengeStatus) -> Response:
    found = db.scalar(select(ChallengeRow).where(ChallengeRow.id == challenge_id,
                                                 ChallengeRow.assessment_id == opened.row.id)) \
        if 0 < challenge_id <= MAX_ROW_ID else None
    if found is None:
        raise workspace.NotFound(str(challenge_id))
    return _after(request, db, user, opened, library, found.framework_id, found.question_id,
                  lambda: review.close_challenge(db, opened.row, opened.role.value, user, challenge_id, outcome))


@router.post("/a/{ref}/challenges/{challenge_id}/withdraw")
def withdraw(request: Request, ref: str, opened: OpenAssessment, challenge_id: int, db: Database,
             user: CurrentUser, library: Library) -> Response:
    return _close(request, db, user, opened, library, challenge_id, ChallengeStatus.withdrawn)


@router.post("/a/{ref}/challenges/{challenge_id}/accept")
def accept(request: Request, ref: str, opened: OpenAssessment, challenge_id: int, db: Database,
           user: CurrentUser, library: Library) -> Response:
    return _close(request, db, user, opened, library, challenge_id, ChallengeStatus.accepted)
