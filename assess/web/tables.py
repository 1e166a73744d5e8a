"""The workspace's database tables (SQLAlchemy 2, declarative with type annotations).

An assessment is stored as its head (everything in the file except the answers, as the JSON of the
`Assessment` model) plus one row per answered question, so two people answering different questions
never write the same row. Every change to an answer also appends a row to `answer_history`, which is
never updated or deleted: nothing is lost by editing. The schema itself is created and changed only
by the Alembic migrations in `assess/web/migrations/`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON, dt.datetime: DateTime()}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(300))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bumped when the password changes and at sign-out, so every session signed before stops working.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    # False: deactivated by an administrator; the account signs in no more and its sessions end at once.
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # The workspace's language this person chose (assess/web/language.py); None: the browser's.
    language: Mapped[str | None] = mapped_column(String(16), default=None)


class Setting(Base):
    """Small facts about the workspace itself, such as the hash of the one-time first-run link."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class LoginAttempt(Base):
    """Failed sign-ins, kept in the database so throttling holds across server processes."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    # Where the attempt came from (an IPv6 address by its /64 network): see accounts.py's throttling.
    address: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class AssessmentRow(Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The id in URLs: random, so that an address reveals nothing about how many assessments exist.
    ref: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    head: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Counts changes to the head: a change is written only over the version it was made on (optimistic
    # concurrency), so two owners editing "about" at once cannot silently overwrite each other.
    head_version: Mapped[int] = mapped_column(Integer, default=0)


class SignOffRow(Base):
    """One recorded sign-off (the `SignOff` model as JSON). A row of its own, appended and never changed:
    two decisions recorded at the same moment are both kept."""

    __tablename__ = "sign_offs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PlanEntryRow(Base):
    """The action plan's entry for one action (the `PlanEntry` model as JSON): a row per action, so an upload
    changes only the actions it names, and never the head an owner may be editing at the same moment."""

    __tablename__ = "plan_entries"
    __table_args__ = (UniqueConstraint("assessment_id", "framework_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    framework_id: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ImportedHistory(Base):
    """What an imported file claimed about decisions made elsewhere (its review, its sign-offs), kept to be
    read, never to count: the imported assessment starts as a draft of this workspace (web/imported.py)."""

    __tablename__ = "imported_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(255))  # the file's name, as uploaded (made safe to show)
    review: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    sign_offs: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    imported_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("assessment_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))


class AnswerRow(Base):
    """The current answer to one question; `revision` counts its changes, for conflict detection."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("assessment_id", "framework_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    framework_id: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # None: cleared
    revision: Mapped[int] = mapped_column(Integer, default=0)
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AnswerHistory(Base):
    """Every value an answer has had, with who set it, when and why. Append-only."""

    __tablename__ = "answer_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    framework_id: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    reason: Mapped[str] = mapped_column(String(40))  # edit, hidden, restore, import
    changed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)


class BuildJob:
    """A PDF being built in the background, and the built file (the columns a report's and a board's job
    share). Kept in the database, so that any server process can say how it is going and hand it over;
    the process that started it does the work."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    source_sha256: Mapped[str] = mapped_column(String(64))  # of the file(s) the PDF is built from
    status: Mapped[str] = mapped_column(String(12))  # running, done, failed
    data: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)


class ReportJob(BuildJob, Base):
    """An assessment's report PDF, built from its exported YAML (or bundle)."""

    __tablename__ = "report_jobs"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)


class Board(Base):
    """A board assessment: a chair, and members who each answer a copy of their own (`BoardMember`).
    `shown`: the chair has shown the aggregation to the members; until then only the chair sees it."""

    __tablename__ = "boards"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    chair_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    shown: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class BoardMember(Base):
    """One member of a board and the assessment that is their own copy (they are its only member)."""

    __tablename__ = "board_members"
    __table_args__ = (UniqueConstraint("board_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), unique=True)


class ReviewLink(Base):
    """An assessment started as the next review of another: the link back to the one it reviews."""

    __tablename__ = "review_links"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    previous_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)


class BoardJob(BuildJob, Base):
    """A board's PDF, built from the members' exported files (their hash is `source_sha256`, in order)."""

    __tablename__ = "board_jobs"

    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)


class ReviewStepRow(Base):
    """One change of an assessment's review state (draft, in_review, returned, approved). Append-only; the
    current state is also kept on a row of its own (`ReviewStatus`), changed only from the state it was read
    in, so that two reviewers acting at once cannot both succeed."""

    __tablename__ = "review_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    # Usernames as text, not user ids: an imported review names people of another workspace.
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class ReviewStatus(Base):
    """The review state of an assessment that has left draft (no row: draft)."""

    __tablename__ = "review_status"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[str] = mapped_column(String(20))


class ChallengeRow(Base):
    """A reviewer's challenge to one answer, open until withdrawn or accepted."""

    __tablename__ = "challenges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    framework_id: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default="open")
    # The answer's revision when challenged: a revised answer is one whose revision has moved since.
    answer_revision: Mapped[int] = mapped_column(Integer, default=0)
    closed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)


class ThreadRow(Base):
    """A comment thread on one question."""

    __tablename__ = "comment_threads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    framework_id: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[str] = mapped_column(String(64))
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
    resolved_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)


class PostRow(Base):
    """One message of a comment thread. Append-only."""

    __tablename__ = "comment_posts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("comment_threads.id", ondelete="CASCADE"), index=True)
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    text: Mapped[str] = mapped_column(Text)


class EvidenceBlob(Base):
    """The bytes of an evidence file attached to an answer of one assessment, stored once per assessment
    whatever the number of answers that reference it (answers name it by `sha256`). Kept in the database, so
    every server process can hand it out; never deleted by editing, so an answer's history can still name it."""

    __tablename__ = "evidence_files"
    __table_args__ = (UniqueConstraint("assessment_id", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))  # sanitised, as first uploaded
    media_type: Mapped[str] = mapped_column(String(100))  # as checked by content
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class OrganisationFramework(Base):
    """A framework an administrator uploaded in the browser: one row per version, never changed or deleted,
    so an assessment pinned to an old version keeps it, and every server process reads the same frameworks."""

    __tablename__ = "organisation_frameworks"
    __table_args__ = (UniqueConstraint("framework_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    framework_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(500))
    file_name: Mapped[str] = mapped_column(String(255))  # as uploaded, for the download
    source: Mapped[bytes] = mapped_column(LargeBinary)  # the YAML byte for byte, as validated
    source_sha256: Mapped[str] = mapped_column(String(64))
    framework_sha256: Mapped[str] = mapped_column(String(64))  # fingerprint.framework_sha256, as pins record it
    warnings: Mapped[str | None] = mapped_column(Text, nullable=True)  # one located warning a line
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
