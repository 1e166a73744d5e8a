"""Assessments in the database: who may see them, and reading, answering, importing and exporting them.

Everything a page or an API route does to an assessment goes through here, and everything here goes
through the same engine as the command line: answers are checked with `checks.answer_problem`, which
questions show is decided by `assess.questionnaire.Questionnaire` (and so by scoring's own `when` rules), and an
assessment is rebuilt as the same `Assessment` model that `assess score` reads from a file.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from assess.app.importing import assessment_from_bytes
from assess.app.saving import assessment_yaml
from assess.loading import FrameworkLibrary
from assess.model import Answer, Assessment, Framework, ReviewState
from assess.questionnaire import Questionnaire
from assess.web import imported, pgwrite, records, review
from assess.web.scorecache import CachedQuestionnaire
from assess.web.tables import AnswerHistory, AnswerRow, AssessmentRow, Membership, ReviewStatus, User, utcnow


class Role(StrEnum):
    owner = "owner"
    respondent = "respondent"
    reviewer = "reviewer"
    viewer = "viewer"
    decision_maker = "decision-maker"  # reads everything and records sign-offs (web/signoff_pages.py); answers nothing


ANSWERING_ROLES = frozenset({Role.owner, Role.respondent})
FROZEN_MESSAGE = review.MESSAGES["frozen"]


class NotFound(Exception):
    """No such assessment, or the user is not a member of it: the two look the same from outside."""


class NotAllowed(Exception):
    """A member whose role does not allow this."""


class Frozen(NotAllowed):
    """The assessment is approved: its answers, and what it is about, no longer change."""


@dataclass(frozen=True)
class Opened:
    row: AssessmentRow
    role: Role
    review_state: ReviewState = ReviewState.draft  # see assess/web/review.py for the rules

    @property
    def can_answer(self) -> bool:
        return self.role in ANSWERING_ROLES

    @property
    def is_approved(self) -> bool:
        """Approved, and so frozen: every answer-changing route refuses (`refuse_if_frozen`)."""
        return review.is_approved(self.review_state)

    @property
    def can_change_answers(self) -> bool:
        return self.can_answer and not self.is_approved

    @property
    def can_manage(self) -> bool:
        return self.role is Role.owner


@dataclass
class Loaded:
    """An assessment as the engine sees it, with each answer's revision for conflict checks.

    `assessment` is the record: the answers to the questions shown, which every way out (pages' standing,
    exports, bundles, reports, the API, sign-off hashes, the next review) reads. The answers to questions
    hidden by a `when` stay in their rows, unchanged, and are `kept` apart: they come back when their
    question shows again (assess/questionnaire.py holds the rule, for the terminal questionnaire too)."""

    assessment: Assessment
    frameworks: dict[str, Framework]
    revisions: dict[tuple[str, str], int] = field(default_factory=dict)
    kept: dict[str, dict[str, Answer]] = field(default_factory=dict)
    # The questionnaire `load` built to tell the two apart, reused by the page or the save that follows.
    questionnaire: Questionnaire | None = None

    def working(self) -> Assessment:
        """The record with the kept answers back in it: what a questionnaire over it starts from."""
        if not self.kept:
            return self.assessment
        answers = {fid: dict(given) for fid, given in self.assessment.answers.items()}
        for fid, given in self.kept.items():
            answers.setdefault(fid, {}).update(given)
        return self.assessment.model_copy(update={"answers": answers})


@dataclass(frozen=True)
class Saved:
    revision: int
    hidden: list[tuple[str, str]]  # answered questions the change hid: their answers are kept, off the record
    # The questionnaire as the change left it, already scored: the reply's new standing comes from it,
    # so a save scores the assessment once before and once after the change, and never loads it again.
    questionnaire: Questionnaire | None = None


@dataclass(frozen=True)
class Conflict:
    """Someone else saved this answer since the page was loaded: nothing was written."""

    theirs: Answer | None
    revision: int
    by: str


def open_assessment(db: Session, user: User, ref: str) -> Opened:
    found = open_as(db, user.id, ref)
    if found is None:
        raise NotFound(ref)
    return found[0]


def open_as(db: Session, user_id: int, ref: str) -> tuple[Opened, User] | None:
    """The assessment and the user whose id a session cookie names, in one query, if they are a member: what
    every assessment route starts with. None when they are not (or no such user exists): the caller then
    decides between "sign in" and "not found" as `open_assessment` and the sign-in check do."""
    found = db.execute(
        select(AssessmentRow, Membership.role, ReviewStatus.state, User)
        .join(Membership, Membership.assessment_id == AssessmentRow.id)
        .join(User, User.id == Membership.user_id)
        .outerjoin(ReviewStatus, ReviewStatus.assessment_id == AssessmentRow.id)
        .where(AssessmentRow.ref == ref, Membership.user_id == user_id)
    ).first()
    if found is None:
        return None
    return Opened(found[0], Role(found[1]), ReviewState(found[2] or ReviewState.draft)), found[3]


def refuse_if_frozen(opened: Opened) -> None:
    """Every change to answers (or to what the assessment is about) goes through here first."""
    if opened.is_approved:
        raise Frozen(FROZEN_MESSAGE)


def assessments_of(db: Session, user: User) -> list[Opened]:
    rows = db.execute(
        select(AssessmentRow, Membership.role, ReviewStatus.state)
        .join(Membership, Membership.assessment_id == AssessmentRow.id)
        .outerjoin(ReviewStatus, ReviewStatus.assessment_id == AssessmentRow.id)
        .where(Membership.user_id == user.id)
        .order_by(AssessmentRow.updated_at.desc(), AssessmentRow.id.desc())
    ).all()
    return [Opened(row, Role(role), ReviewState(state or ReviewState.draft)) for row, role, state in rows]


# What the head leaves to tables of their own, so that writing the head never overwrites one made meanwhile:
# the review and comments (review.py), the sign-offs and the action plan (records.py).
NOT_IN_HEAD = frozenset({"answers", "review", "comments", "sign_offs", "action_plan"})


def head_of(assessment: Assessment) -> dict[str, Any]:
    """Everything in the file that is not in a table of its own (`NOT_IN_HEAD`), as JSON."""
    return assessment.model_dump(mode="json", by_alias=True, exclude=set(NOT_IN_HEAD), exclude_none=True)


def answer_data(answer: Answer) -> dict[str, Any]:
    return answer.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


def create(db: Session, user: User, assessment: Assessment, reason: str = "create",
           source: str | None = None) -> AssessmentRow:
    """A new assessment owned by `user`, with any answers and action plan it already carries. `source`: the
    name of the file it was imported from; what that file claims was decided elsewhere (its review state and
    steps, its challenges, its sign-offs) is kept as imported history, and the assessment starts as a draft
    (imported.py)."""
    row = AssessmentRow(
        ref=secrets.token_urlsafe(12), title=assessment.title, head=head_of(assessment), created_by=user.id
    )
    db.add(row)
    db.flush()
    db.add(Membership(assessment_id=row.id, user_id=user.id, role=Role.owner.value))
    for fid, answers in assessment.answers.items():
        for qid, answer in answers.items():
            data = answer_data(answer)
            db.add(
                AnswerRow(
                    assessment_id=row.id, framework_id=fid, question_id=qid, data=data, revision=1, updated_by=user.id
                )
            )
            db.add(
                AnswerHistory(
                    assessment_id=row.id,
                    framework_id=fid,
                    question_id=qid,
                    revision=1,
                    data=data,
                    reason=reason,
                    changed_by=user.id,
                )
            )
    db.flush()
    records.add_plan(db, row.id, user, assessment.action_plan or {})
    if source is not None:
        imported.keep(db, row, user, assessment, source)
        assessment = imported.without_decisions(assessment)
    else:
        for entry in assessment.sign_offs:
            records.add_sign_off(db, row.id, None, entry)
    review.restore(db, row, assessment)  # the comment threads (and the review of a file that is not an import)
    return row


def load(db: Session, row: AssessmentRow, library: FrameworkLibrary, *, discussion: bool = True) -> Loaded:
    """The assessment as the engine sees it. `discussion` False leaves out its review and comment threads
    (four more queries) and its sign-offs and action plan, for the save path: scoring and the answers' hash never
    read them."""
    answers: dict[str, dict[str, Any]] = {}
    revisions: dict[tuple[str, str], int] = {}
    # Plain columns, not ORM objects: this runs on every page and every save, and nothing here is changed.
    found = db.execute(
        select(AnswerRow.framework_id, AnswerRow.question_id, AnswerRow.revision, AnswerRow.data).where(
            AnswerRow.assessment_id == row.id
        )
    )
    for fid, qid, revision, data in found:
        revisions[(fid, qid)] = revision
        if data is not None:
            answers.setdefault(fid, {})[qid] = data
    talk = {**review.file_keys(db, row), **records.file_keys(db, row.id)} if discussion else {}
    whole = Assessment.model_validate({**row.head, "answers": answers, **talk})
    frameworks = library.load_pinned(whole.frameworks)
    # Which answers are on record is the questionnaire's rule; its score is kept (scorecache), so the page or
    # the save that builds the same questionnaire next does not score it again.
    questionnaire = CachedQuestionnaire(whole, frameworks)
    return Loaded(questionnaire.assessment(), frameworks, revisions, questionnaire.kept(), questionnaire)


class StaleHead(Exception):
    """The head changed since the version a change was made on: nothing was written."""


def update_head(db: Session, opened: Opened, assessment: Assessment, base_version: int | None = None) -> None:
    """Write what the assessment is about, only over the version the change was made on (`base_version`: the
    one the form showed; None: the one read in this request). Raises StaleHead when someone changed it since."""
    if not opened.can_manage:
        raise NotAllowed("only an owner can change what the assessment is about")
    refuse_if_frozen(opened)
    expected = opened.row.head_version if base_version is None else base_version
    done = db.execute(
        update(AssessmentRow)
        .where(AssessmentRow.id == opened.row.id, AssessmentRow.head_version == expected)
        .values(head=head_of(assessment), title=assessment.title, head_version=expected + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleHead(opened.row.ref)


def save_answer(
    db: Session,
    opened: Opened,
    user: User,
    library: FrameworkLibrary,
    framework_id: str,
    question_id: str,
    answer: Answer | None,
    base_revision: int | None,
    loaded: Loaded | None = None,
    questionnaire: Questionnaire | None = None,
) -> Saved | Conflict:
    """Record one answer (None clears it). `base_revision` is the revision the person was looking at;
    when someone else has saved since, nothing is written and the other value comes back instead.

    A caller that has already loaded the assessment in this transaction (and perhaps built its
    questionnaire) passes them, so they are not built again; on a save both are brought up to date
    (answers and revisions), so the caller can show the new state without reading it back."""
    if not opened.can_answer:
        raise NotAllowed("your role on this assessment does not allow answering")
    refuse_if_frozen(opened)
    if loaded is None:
        loaded = load(db, opened.row, library, discussion=False)
        questionnaire = None
    current = loaded.revisions.get((framework_id, question_id), 0)
    if base_revision is not None and base_revision != current:
        return _conflict(db, opened.row.id, framework_id, question_id)
    if questionnaire is None:
        questionnaire = loaded.questionnaire or CachedQuestionnaire(loaded.working(), loaded.frameworks)
    index = next((s.index for s in questionnaire.slots if s.key == (framework_id, question_id)), None)
    if index is None:
        raise NotFound(f"{framework_id}.{question_id}")
    change = questionnaire.set_answer(index, answer)
    # Everything computed before the first write: from it to the commit, other writers wait.
    questionnaire.result()  # the reply's standing, scored here, before the first write
    after = questionnaire.assessment()
    data = None if answer is None else answer_data(answer)
    revision = _write(db, opened.row.id, user, framework_id, question_id, data, current, "edit", touch=True)
    if revision is None:
        return _conflict(db, opened.row.id, framework_id, question_id)
    # The answers the change hid are left in their rows as they are (their history untouched): they are
    # off the record while hidden, and back as they were when the question shows again.
    if not _on_postgres(db):  # on PostgreSQL the time of the change was written with the answer
        opened.row.updated_at = utcnow()
    loaded.revisions[(framework_id, question_id)] = revision
    loaded.assessment = after
    loaded.kept = questionnaire.kept()
    return Saved(revision, [slot.key for slot in change.hidden], questionnaire)


def _write(
    db: Session,
    assessment_id: int,
    user: User,
    fid: str,
    qid: str,
    data: dict[str, Any] | None,
    expected: int,
    reason: str,
    detail: str | None = None,
    touch: bool = False,
) -> int | None:
    """Set one answer row if its revision is still `expected`; the new revision, or None if it moved.
    `touch`: on PostgreSQL, also set the assessment's time of last change, in the same statement."""
    revision = expected + 1
    if _on_postgres(db):
        written = pgwrite.write_answer(db, assessment_id, user.id, fid, qid, data, expected, reason, detail,
                                       utcnow(), touch)
        return revision if written else None
    if expected == 0:
        # One statement, not a savepoint around an insert (three round trips to the database): a row that
        # someone else inserted first is left alone, and counts as their answer having come first.
        row = {"assessment_id": assessment_id, "framework_id": fid, "question_id": qid, "data": data,
               "revision": revision, "updated_by": user.id, "updated_at": utcnow()}
        if not _insert_if_absent(db, row):
            return None
    else:
        done = db.execute(
            update(AnswerRow)
            .where(
                AnswerRow.assessment_id == assessment_id,
                AnswerRow.framework_id == fid,
                AnswerRow.question_id == qid,
                AnswerRow.revision == expected,
            )
            .values(data=data, revision=revision, updated_by=user.id, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if done.rowcount != 1:  # type: ignore[attr-defined]
            return None
    db.add(
        AnswerHistory(
            assessment_id=assessment_id,
            framework_id=fid,
            question_id=qid,
            revision=revision,
            data=data,
            reason=reason,
            changed_by=user.id,
            detail=detail,
        )
    )
    return revision


def _on_postgres(db: Session) -> bool:
    return db.get_bind().dialect.name == "postgresql"


def _insert_if_absent(db: Session, row: dict[str, Any]) -> bool:
    """Insert an answer row unless one for its question exists; True if inserted (SQLite)."""
    from sqlalchemy.dialects.sqlite import insert

    statement = insert(AnswerRow).values(**row).on_conflict_do_nothing(
        index_elements=["assessment_id", "framework_id", "question_id"]).returning(AnswerRow.id)
    return db.execute(statement).scalar() is not None


def _conflict(db: Session, assessment_id: int, fid: str, qid: str) -> Conflict:
    row = db.scalar(
        select(AnswerRow).where(
            AnswerRow.assessment_id == assessment_id, AnswerRow.framework_id == fid, AnswerRow.question_id == qid
        )
    )
    if row is None:
        return Conflict(None, 0, "")
    by = db.get(User, row.updated_by)
    theirs = Answer.model_validate(row.data) if row.data is not None else None
    return Conflict(theirs, row.revision, by.display_name if by else "")


def history(
    db: Session,
    row: AssessmentRow,
    fid: str | None = None,
    qid: str | None = None,
) -> list[tuple[AnswerHistory, str]]:
    """Changes, newest first, with the display name of who made each."""
    query = (
        select(AnswerHistory, User.display_name)
        .join(User, User.id == AnswerHistory.changed_by)
        .where(AnswerHistory.assessment_id == row.id)
    )
    if fid is not None and qid is not None:
        query = query.where(AnswerHistory.framework_id == fid, AnswerHistory.question_id == qid)
    return [(h, name) for h, name in db.execute(query.order_by(AnswerHistory.id.desc()))]


def parse_upload(raw: bytes, name: str, library: FrameworkLibrary) -> tuple[Assessment, Mapping[str, Framework]]:
    """An uploaded assessment YAML, through the same safe reader and checks as `assess validate`."""
    return assessment_from_bytes(raw, name, library)


def export_yaml(loaded: Loaded) -> str:
    return assessment_yaml(loaded.assessment)


def add_member(db: Session, opened: Opened, user: User, role: Role) -> None:
    if not opened.can_manage:
        raise NotAllowed("only an owner can add members")
    existing = db.scalar(
        select(Membership).where(Membership.assessment_id == opened.row.id, Membership.user_id == user.id)
    )
    if existing is None:
        db.add(Membership(assessment_id=opened.row.id, user_id=user.id, role=role.value))
    else:
        existing.role = role.value


def remove_member(db: Session, opened: Opened, member: User, by: User) -> bool:
    """Take `member` off the assessment (never oneself, so an assessment always keeps the owner who acts);
    False when they are not a member or are `by`. Their answers and history stay, as the record of who did
    what; the assessment is simply not found for them from their next request."""
    if not opened.can_manage:
        raise NotAllowed("only an owner can remove members")
    if member.id == by.id:
        return False
    done = db.execute(delete(Membership).where(Membership.assessment_id == opened.row.id,
                                               Membership.user_id == member.id)
                      .execution_options(synchronize_session=False))
    return bool(done.rowcount)  # type: ignore[attr-defined]


def members(db: Session, row: AssessmentRow) -> list[tuple[User, Role]]:
    found = db.execute(
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.assessment_id == row.id)
        .order_by(User.display_name)
    )
    return [(user, Role(role)) for user, role in found]
