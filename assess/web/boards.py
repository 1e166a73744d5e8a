"""Board assessments in the workspace: a chair, several members, and each member's own copy.

What a board needs, and so what this module does:

- The chair creates the board, choosing the subject and frameworks once; each member gets an assessment of
  their own with that subject and those frameworks, in which they are the only member, as a respondent (so
  nobody can change the subject or frameworks of one copy and leave the others behind). The chair is not a
  member of the copies: nobody, the chair included, reads one member's answers in their copy.
- The board page shows everyone each member's progress (counts only). The aggregation (the board rule of
  `assess compare --mode board`: lower median per question, every gate kept with who raised it), the agenda
  (the questions where members diverge most) and the board verdict are the chair's until the chair shows them
  to the members, for the meeting; the chair can hide them again.
- Every figure comes from the application layer's comparison (`app.rendering.compare_documents`) over the
  members' exported assessments, the very files `assess compare --mode board` would read, so the page, the
  downloads and the board PDF agree with it.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from assess.app.documents import Source
from assess.app.library import open_library
from assess.app.rendering import Compared, compare_documents, render_comparison
from assess.assessments import slug
from assess.loading import FrameworkLibrary
from assess.model import Assessment
from assess.web import jobs, workspace
from assess.web.tables import AssessmentRow, Board, BoardJob, BoardMember, Membership, User
from assess.web.views import Workspace

MINIMUM_MEMBERS = 2  # the board rule compares two or more assessments
DOWNLOADS = {"json": "application/json", "md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
             "pdf": "application/pdf"}

# The words this module puts on pages, in one place.
ONLY_CHAIR = "only the chair can change the board"
NOT_SHOWN = "the chair has not shown the aggregation to the members yet"
TOO_FEW = "Name at least {n} members: the board rule needs two or more answers to compare."
UNKNOWN = "There is no account called {names}. An administrator can create it."


@dataclass(frozen=True)
class OpenedBoard:
    board: Board
    is_chair: bool
    own_copy: AssessmentRow | None  # the user's own copy, when they are a member

    @property
    def sees_aggregation(self) -> bool:
        return self.is_chair or self.board.shown


@dataclass(frozen=True)
class MemberProgress:
    name: str
    answered: int
    visible: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.visible) if self.visible else 100


def open_board(db: Session, user: User, ref: str) -> OpenedBoard:
    """The board a route names, if the user chairs it or is a member; else NotFound (the two look alike)."""
    board = db.scalar(select(Board).where(Board.ref == ref))
    if board is None:
        raise workspace.NotFound(ref)
    copy = db.scalar(select(AssessmentRow).join(BoardMember, BoardMember.assessment_id == AssessmentRow.id)
                     .where(BoardMember.board_id == board.id, BoardMember.user_id == user.id))
    if board.chair_id != user.id and copy is None:
        raise workspace.NotFound(ref)
    return OpenedBoard(board, board.chair_id == user.id, copy)


def boards_of(db: Session, user: User) -> list[OpenedBoard]:
    found = db.scalars(select(Board).outerjoin(BoardMember, BoardMember.board_id == Board.id)
                       .where(or_(Board.chair_id == user.id, BoardMember.user_id == user.id))
                       .order_by(Board.id.desc()).distinct())
    return [open_board(db, user, board.ref) for board in found]


def board_of_copy(db: Session, assessment_id: int) -> Board | None:
    """The board an assessment is a member's copy for, if any (for the link back from the copy)."""
    return db.scalar(select(Board).join(BoardMember, BoardMember.board_id == Board.id)
                     .where(BoardMember.assessment_id == assessment_id))


def create_board(db: Session, chair: User, template: Assessment, members: Sequence[User]) -> Board:
    """The board and one copy of `template` per member, titled and signed with the member's name."""
    board = Board(ref=secrets.token_urlsafe(12), title=template.title, chair_id=chair.id, shown=False)
    db.add(board)
    db.flush()
    for member in members:
        copy = template.model_copy(update={
            "title": f"{template.title}: {member.display_name}",
            "respondent": template.respondent.model_copy(update={"name": member.display_name}),
        })
        row = workspace.create(db, member, copy)
        # A respondent, not an owner: the board's subject and frameworks are the chair's to set, once for all.
        db.execute(update(Membership).where(Membership.assessment_id == row.id, Membership.user_id == member.id)
                   .values(role=workspace.Role.respondent.value).execution_options(synchronize_session=False))
        db.add(BoardMember(board_id=board.id, user_id=member.id, assessment_id=row.id))
    db.flush()
    return board


def find_members(db: Session, names: Sequence[str]) -> tuple[list[User], list[str]]:
    """The accounts named (each once, in the order given), and the names no account has."""
    found: list[User] = []
    missing: list[str] = []
    for name in dict.fromkeys(n.strip().lower() for n in names if n.strip()):
        user = db.scalar(select(User).where(User.username == name))
        if user is None:
            missing.append(name)
        elif user not in found:
            found.append(user)
    return found, missing


def copies(db: Session, board: Board) -> list[tuple[User, AssessmentRow]]:
    """Each member and their copy, in the order they were named."""
    rows = db.execute(select(User, AssessmentRow).join(BoardMember, BoardMember.user_id == User.id)
                      .join(AssessmentRow, AssessmentRow.id == BoardMember.assessment_id)
                      .where(BoardMember.board_id == board.id).order_by(BoardMember.id))
    return [(user, row) for user, row in rows]


def progress(db: Session, board: Board, library: FrameworkLibrary) -> list[MemberProgress]:
    found = []
    for user, row in copies(db, board):
        answered, visible = Workspace(workspace.load(db, row, library)).questionnaire.progress()
        found.append(MemberProgress(user.display_name, answered, visible))
    return found


def sources(db: Session, board: Board, library: FrameworkLibrary) -> list[tuple[str, bytes]]:
    """Each member's exported assessment, named as its download from the assessment's page names it."""
    found = []
    for _user, row in copies(db, board):
        text = workspace.export_yaml(workspace.load(db, row, library))
        found.append((f"{slug(row.title)}.yaml", text.encode("utf-8")))
    return found


def start_pdf(db: Session, builder: jobs.Builder, opened: OpenedBoard, user: User, named: Sequence[tuple[str, bytes]],
              frameworks_dirs: Sequence[str]) -> BoardJob:
    """A build of the board PDF for these files: the one already running or done for them, else a new one."""
    digest = hashlib.sha256()
    for name, raw in named:
        digest.update(hashlib.sha256(name.encode("utf-8")).digest() + hashlib.sha256(raw).digest())
    existing = db.scalar(select(BoardJob).where(
        BoardJob.board_id == opened.board.id, BoardJob.source_sha256 == digest.hexdigest(),
        BoardJob.status.in_(("running", "done"))).order_by(BoardJob.id.desc()))
    if existing is not None and not jobs.is_stale(existing):
        return existing
    job = BoardJob(token=secrets.token_urlsafe(16), board_id=opened.board.id, source_sha256=digest.hexdigest(),
                   status="running", created_by=user.id)
    db.add(job)
    db.commit()
    builder.run(BoardJob, job.id, render_board, list(named), "pdf", list(frameworks_dirs))
    return job


def find_pdf(db: Session, board: Board, token: str) -> BoardJob:
    job = db.scalar(select(BoardJob).where(BoardJob.board_id == board.id, BoardJob.token == token))
    if job is None:
        raise workspace.NotFound(token)
    return job


def set_shown(opened: OpenedBoard, shown: bool) -> None:
    if not opened.is_chair:
        raise workspace.NotAllowed(ONLY_CHAIR)
    opened.board.shown = shown


# --------------------------------------------------------------------------- the comparison, as compare makes it


def compared(named: Sequence[tuple[str, bytes]], library: FrameworkLibrary, lang: str | None = None) -> Compared:
    """`assess compare --mode board` over these files, each read, checked and scored as the file of its name
    would be, the engine's sentences in `lang` (the page's language)."""
    from assess import __version__

    return compare_documents([Source(name, raw) for name, raw in named], library, "board",
                             tool_version=__version__, lang=lang)


def render_board(named: Sequence[tuple[str, bytes]], fmt: str, frameworks_dirs: Sequence[str]) -> bytes:
    """The board document in `fmt` (json, md, html, pdf) with the shipped templates, as `assess compare --mode
    board --format FMT` writes it. Runs in the background worker for the PDF, so everything is passed by value."""
    library = open_library(frameworks_dirs)
    return render_comparison(compared(named, library), fmt).data
