"""The review of an assessment and the discussion of its answers, in the database.

The rules, in one place (docs/workspace.md says the same for users):

- States: draft -> in_review -> returned (with a reason) or approved; returned -> in_review again.
  An owner or a respondent submits (draft or returned -> in_review); only a reviewer returns (a reason is
  required) or approves. Approval is final here: it freezes the answers (`is_approved`); starting the next
  review from an approved version is a re-assessment, a new assessment.
- A reviewer challenges an answer while the assessment is in review, with a required reason; one open
  challenge per question. The reviewer closes it by withdrawing it (the answer stands) or by accepting the
  answer once it has been revised since the challenge (its revision moved). An assessment with an open
  challenge cannot be approved.
- Owners, respondents and reviewers comment (start threads, reply, resolve and reopen them); viewers read.
  `@username` of a member mentions them. Comments never change answers, so they go on after approval.

Every step is recorded with who, when and why. People are recorded by username, as text, so that a review
imported from another workspace keeps its names.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assess.model import (
    MAX_REMARK,
    Assessment,
    Challenge,
    ChallengeStatus,
    Post,
    Review,
    ReviewState,
    ReviewStep,
    Thread,
)
from assess.web.tables import (
    AnswerRow,
    AssessmentRow,
    ChallengeRow,
    PostRow,
    ReviewStatus,
    ReviewStepRow,
    ThreadRow,
    User,
    utcnow,
)

MAX_TEXT = MAX_REMARK  # characters in a comment or a reason: the file format's limit (assess/model.py)

# Every message a page shows from here, in one place (plain English: the message ids for translation).
MESSAGES = {
    "submit_role": "Only an owner or a respondent can submit the assessment for review.",
    "review_role": "Only a reviewer can approve or return the assessment.",
    "challenge_role": "Only a reviewer can challenge an answer.",
    "comment_role": "Viewers can read the discussion but not take part in it.",
    "illegal": "The assessment is {state}: it cannot be {action} now.",
    "reason_needed": "Say why: a reason is required.",
    "too_long": f"At most {MAX_TEXT} characters.",
    "text_needed": "Write something first.",
    "open_challenges": "{count} challenged answer(s) are still open: withdraw them or accept the revised answers "
    "before approving.",
    "moved": "Someone changed the review state meanwhile; look at the page again.",
    "frozen": "This assessment was approved, so its answers are frozen and cannot be changed. Start a new "
    "assessment from it (a re-assessment) to change them.",
    "already_challenged": "This answer is already challenged; add to the discussion instead.",
    "challenge_state": "Answers can be challenged only while the assessment is in review.",
    "not_open": "This challenge is already closed.",
    "not_revised": "The answer has not been revised since it was challenged: withdraw the challenge, or wait for "
    "the respondent to revise it.",
}

STATE_LABELS = {
    ReviewState.draft: "draft",
    ReviewState.in_review: "in review",
    ReviewState.returned: "returned",
    ReviewState.approved: "approved",
}

# (from, to) -> (the action's name in messages, the roles that may take it)
TRANSITIONS: dict[tuple[ReviewState, ReviewState], tuple[str, frozenset[str]]] = {
    (ReviewState.draft, ReviewState.in_review): ("submitted", frozenset({"owner", "respondent"})),
    (ReviewState.returned, ReviewState.in_review): ("submitted", frozenset({"owner", "respondent"})),
    (ReviewState.in_review, ReviewState.returned): ("returned", frozenset({"reviewer"})),
    (ReviewState.in_review, ReviewState.approved): ("approved", frozenset({"reviewer"})),
}
COMMENTING_ROLES = frozenset({"owner", "respondent", "reviewer"})
MENTION = re.compile(r"(?<![\w@.])@([a-z0-9][a-z0-9._-]{1,63})", re.IGNORECASE)


class ReviewError(Exception):
    """A step the rules refuse, with the message to show (the page answers 409, or 403 for a role)."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


def is_approved(state: ReviewState | str) -> bool:
    """Whether an assessment in this review state is approved, and so frozen. `Opened.review_state` gives
    the state of an opened assessment; `state_of(db, row)` that of any assessment row."""
    return ReviewState(state) is ReviewState.approved


def state_of(db: Session, row: AssessmentRow) -> ReviewState:
    found = db.scalar(select(ReviewStatus.state).where(ReviewStatus.assessment_id == row.id))
    return ReviewState(found) if found else ReviewState.draft


def checked_text(text: str | None, *, required_message: str = MESSAGES["text_needed"]) -> str:
    """A comment or reason as given, or the message saying what is wrong with it."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise ReviewError(required_message, 422)
    if len(cleaned) > MAX_TEXT:
        raise ReviewError(MESSAGES["too_long"], 422)
    return cleaned


# ------------------------------------------------------------------ review states


def move(db: Session, row: AssessmentRow, role: str, user: User, to: ReviewState, reason: str | None) -> None:
    """Take one step of the review, if the rules allow it from the state the assessment is in now."""
    # The role first: whoever may never take this step is told so, whatever the state.
    if not any(role in roles for (_, target), (_, roles) in TRANSITIONS.items() if target is to):
        raise ReviewError(MESSAGES["submit_role" if to is ReviewState.in_review else "review_role"], 403)
    current = state_of(db, row)
    if (current, to) not in TRANSITIONS:
        action = {ReviewState.in_review: "submitted", ReviewState.returned: "returned",
                  ReviewState.approved: "approved"}.get(to, to.value)
        raise ReviewError(MESSAGES["illegal"].format(state=STATE_LABELS[current], action=action))
    if to is ReviewState.returned:
        reason = checked_text(reason, required_message=MESSAGES["reason_needed"])
    elif reason is not None:
        reason = reason.strip() or None
        if reason is not None and len(reason) > MAX_TEXT:
            raise ReviewError(MESSAGES["too_long"], 422)
    if to is ReviewState.approved:
        still_open = len(open_challenges(db, row))
        if still_open:
            raise ReviewError(MESSAGES["open_challenges"].format(count=still_open))
    _set_state(db, row, current, to)
    db.add(ReviewStepRow(assessment_id=row.id, from_state=current.value, to_state=to.value, by=user.username,
                         at=utcnow(), reason=reason))
    row.updated_at = utcnow()


def _set_state(db: Session, row: AssessmentRow, current: ReviewState, to: ReviewState) -> None:
    """Change the state only from the one it was read in: of two people acting at once, one succeeds."""
    if current is ReviewState.draft:
        try:
            with db.begin_nested():
                db.add(ReviewStatus(assessment_id=row.id, state=to.value))
        except IntegrityError:
            raise ReviewError(MESSAGES["moved"]) from None
        return
    done = db.execute(
        update(ReviewStatus)
        .where(ReviewStatus.assessment_id == row.id, ReviewStatus.state == current.value)
        .values(state=to.value)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise ReviewError(MESSAGES["moved"])


def steps(db: Session, row: AssessmentRow) -> list[ReviewStepRow]:
    return list(db.scalars(select(ReviewStepRow).where(ReviewStepRow.assessment_id == row.id)
                           .order_by(ReviewStepRow.id)))


# ------------------------------------------------------------------ challenges


def challenges(db: Session, row: AssessmentRow, framework_id: str | None = None,
               question_id: str | None = None) -> list[ChallengeRow]:
    query = select(ChallengeRow).where(ChallengeRow.assessment_id == row.id)
    if framework_id is not None:
        query = query.where(ChallengeRow.framework_id == framework_id, ChallengeRow.question_id == question_id)
    return list(db.scalars(query.order_by(ChallengeRow.id)))


def open_challenges(db: Session, row: AssessmentRow) -> list[ChallengeRow]:
    return [c for c in challenges(db, row) if c.status == ChallengeStatus.open.value]


def answer_revision(db: Session, row: AssessmentRow, framework_id: str, question_id: str) -> int:
    found = db.scalar(select(AnswerRow.revision).where(
        AnswerRow.assessment_id == row.id, AnswerRow.framework_id == framework_id,
        AnswerRow.question_id == question_id))
    return found or 0


def revised_since(db: Session, row: AssessmentRow, challenge: ChallengeRow) -> bool:
    return answer_revision(db, row, challenge.framework_id, challenge.question_id) != challenge.answer_revision


def challenge(db: Session, row: AssessmentRow, role: str, user: User, framework_id: str, question_id: str,
              reason: str | None) -> ChallengeRow:
    if role != "reviewer":
        raise ReviewError(MESSAGES["challenge_role"], 403)
    if state_of(db, row) is not ReviewState.in_review:
        raise ReviewError(MESSAGES["challenge_state"])
    text = checked_text(reason, required_message=MESSAGES["reason_needed"])
    if any(c.status == ChallengeStatus.open.value for c in challenges(db, row, framework_id, question_id)):
        raise ReviewError(MESSAGES["already_challenged"])
    made = ChallengeRow(assessment_id=row.id, framework_id=framework_id, question_id=question_id, reason=text,
                        by=user.username, at=utcnow(), status=ChallengeStatus.open.value,
                        answer_revision=answer_revision(db, row, framework_id, question_id))
    db.add(made)
    row.updated_at = utcnow()
    return made


def close_challenge(db: Session, row: AssessmentRow, role: str, user: User, challenge_id: int,
                    outcome: ChallengeStatus) -> ChallengeRow | None:
    """Withdraw or accept a challenge; None when the assessment has no such challenge."""
    found = db.scalar(select(ChallengeRow).where(ChallengeRow.id == challenge_id,
                                                 ChallengeRow.assessment_id == row.id))
    if found is None:
        return None
    if role != "reviewer":
        raise ReviewError(MESSAGES["challenge_role"], 403)
    if found.status != ChallengeStatus.open.value:
        raise ReviewError(MESSAGES["not_open"])
    if outcome is ChallengeStatus.accepted and not revised_since(db, row, found):
        raise ReviewError(MESSAGES["not_revised"])
    found.status, found.closed_by, found.closed_at = outcome.value, user.username, utcnow()
    row.updated_at = utcnow()
    return found


# ------------------------------------------------------------------ comments


def can_comment(role: str) -> bool:
    return role in COMMENTING_ROLES


def _commenter(role: str) -> None:
    if not can_comment(role):
        raise ReviewError(MESSAGES["comment_role"], 403)


def start_thread(db: Session, row: AssessmentRow, role: str, user: User, framework_id: str, question_id: str,
                 text: str | None) -> ThreadRow:
    _commenter(role)
    body = checked_text(text)
    thread = ThreadRow(assessment_id=row.id, framework_id=framework_id, question_id=question_id, resolved=False)
    db.add(thread)
    db.flush()
    db.add(PostRow(thread_id=thread.id, by=user.username, at=utcnow(), text=body))
    row.updated_at = utcnow()
    return thread


def thread_of(db: Session, row: AssessmentRow, thread_id: int) -> ThreadRow | None:
    return db.scalar(select(ThreadRow).where(ThreadRow.id == thread_id, ThreadRow.assessment_id == row.id))


def reply(db: Session, row: AssessmentRow, role: str, user: User, thread: ThreadRow, text: str | None) -> None:
    _commenter(role)
    db.add(PostRow(thread_id=thread.id, by=user.username, at=utcnow(), text=checked_text(text)))
    row.updated_at = utcnow()


def set_resolved(db: Session, row: AssessmentRow, role: str, user: User, thread: ThreadRow, resolved: bool) -> None:
    _commenter(role)
    thread.resolved = resolved
    thread.resolved_by, thread.resolved_at = (user.username, utcnow()) if resolved else (None, None)
    row.updated_at = utcnow()


@dataclass
class ThreadView:
    row: ThreadRow
    posts: list[PostRow]


def threads(db: Session, row: AssessmentRow, framework_id: str | None = None,
            question_id: str | None = None) -> list[ThreadView]:
    query = select(ThreadRow).where(ThreadRow.assessment_id == row.id)
    if framework_id is not None:
        query = query.where(ThreadRow.framework_id == framework_id, ThreadRow.question_id == question_id)
    found = list(db.scalars(query.order_by(ThreadRow.id)))
    posts: dict[int, list[PostRow]] = {t.id: [] for t in found}
    if found:
        for post in db.scalars(select(PostRow).where(PostRow.thread_id.in_(list(posts))).order_by(PostRow.id)):
            posts[post.thread_id].append(post)
    return [ThreadView(t, posts[t.id]) for t in found]


def mentions(text: str, members: set[str]) -> set[str]:
    """The members' usernames that `text` names as @username."""
    return {m.group(1).lower() for m in MENTION.finditer(text) if m.group(1).lower() in members}


def segments(text: str, members: set[str]) -> list[tuple[str, bool]]:
    """The text in pieces, each marked True where it mentions a member: what a page highlights."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for found in MENTION.finditer(text):
        if found.group(1).lower() not in members:
            continue
        if found.start() > at:
            pieces.append((text[at:found.start()], False))
        pieces.append((found.group(0), True))
        at = found.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


# ------------------------------------------------------------------ the file's `review:` and `comments:`


def _aware(when: dt.datetime) -> dt.datetime:
    return when.replace(tzinfo=dt.UTC)


def _stored(when: dt.datetime) -> dt.datetime:
    """A time from a file as the database keeps it: UTC, without the offset (a time without one is UTC)."""
    return when.astimezone(dt.UTC).replace(tzinfo=None) if when.tzinfo else when


def file_keys(db: Session, row: AssessmentRow) -> dict[str, object]:
    """The assessment's `review` and `comments`, as the file holds them (empty when there are none)."""
    state = state_of(db, row)
    found_steps = steps(db, row)
    found_challenges = challenges(db, row)
    keys: dict[str, object] = {}
    if state is not ReviewState.draft or found_steps or found_challenges:
        keys["review"] = Review(
            state=state,
            steps=[ReviewStep.model_validate({"from": s.from_state, "to": s.to_state, "by": s.by, "at": _aware(s.at),
                                              "reason": s.reason}) for s in found_steps],
            challenges=[Challenge(framework=c.framework_id, question=c.question_id, reason=c.reason, by=c.by,
                                  at=_aware(c.at), status=ChallengeStatus(c.status), closed_by=c.closed_by,
                                  closed_at=_aware(c.closed_at) if c.closed_at else None)
                        for c in found_challenges],
        )
    found_threads = threads(db, row)
    if found_threads:
        keys["comments"] = [
            Thread(framework=t.row.framework_id, question=t.row.question_id, resolved=t.row.resolved,
                   resolved_by=t.row.resolved_by, resolved_at=_aware(t.row.resolved_at) if t.row.resolved_at else None,
                   posts=[Post(by=p.by, at=_aware(p.at), text=p.text) for p in t.posts])
            for t in found_threads
        ]
    return keys


def restore(db: Session, row: AssessmentRow, assessment: Assessment) -> None:
    """Write an imported file's review and comments into the tables of the new assessment `row`."""
    review = assessment.review
    if review is not None:
        if review.state is not ReviewState.draft:
            db.add(ReviewStatus(assessment_id=row.id, state=review.state.value))
        for step in review.steps:
            db.add(ReviewStepRow(assessment_id=row.id, from_state=step.from_.value, to_state=step.to.value,
                                 by=step.by, at=_stored(step.at), reason=step.reason))
        for made in review.challenges:
            db.add(ChallengeRow(
                assessment_id=row.id, framework_id=made.framework, question_id=made.question, reason=made.reason,
                by=made.by, at=_stored(made.at), status=made.status.value, closed_by=made.closed_by,
                closed_at=_stored(made.closed_at) if made.closed_at else None,
                answer_revision=1 if made.question in assessment.answers.get(made.framework, {}) else 0))
    for discussed in assessment.comments:
        thread = ThreadRow(assessment_id=row.id, framework_id=discussed.framework, question_id=discussed.question,
                           resolved=discussed.resolved, resolved_by=discussed.resolved_by,
                           resolved_at=_stored(discussed.resolved_at) if discussed.resolved_at else None)
        db.add(thread)
        db.flush()
        for post in discussed.posts:
            db.add(PostRow(thread_id=thread.id, by=post.by, at=_stored(post.at), text=post.text))
    db.flush()
