"""The next review of an assessment: started from it with the answers carried over, linked back to it, and
what changed since, by the review-to-review comparison of `assess compare --mode reviews`.

The new assessment has the same subject, frameworks, respondent and action plan; its date is the day it is
started, its `review_of` names the earlier one's title (how `assess compare` orders reviews), and every
member of the earlier one is a member again with the same role. Each answer is written with the history
reason `carried over` at revision 1, so an answer still at revision 1 has not been touched since.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.app.documents import Parsed
from assess.app.rendering import compare_documents
from assess.assessments import slug
from assess.comparison.model import Comparison, ReviewStep
from assess.loading import FrameworkLibrary
from assess.web import workspace
from assess.web.tables import AnswerRow, AssessmentRow, Membership, ReviewLink, User

CARRIED_OVER = "carried over"  # the history reason of an answer copied from the earlier review

# The words this module puts on pages, in one place.
ONLY_OWNER = "only an owner can start the next review"
NOT_YET = "the next review can be started from an approved version only"


def may_start_next_review(opened: workspace.Opened) -> bool:
    """Whether this version may be the start of the next review: only an approved version is, so that each
    review starts from answers a reviewer accepted."""
    return opened.is_approved


def next_title(title: str) -> str:
    """'Pilot' -> 'Pilot (review 2)' -> 'Pilot (review 3)'."""
    found = re.fullmatch(r"(.*) \(review (\d+)\)", title)
    if found:
        return f"{found.group(1)} (review {int(found.group(2)) + 1})"
    return f"{title} (review 2)"


def start_next_review(db: Session, opened: workspace.Opened, user: User, library: FrameworkLibrary,
                      today: dt.date) -> AssessmentRow:
    if not opened.can_manage:
        raise workspace.NotAllowed(ONLY_OWNER)
    if not may_start_next_review(opened):
        raise workspace.NotAllowed(NOT_YET)
    started = next_of(db, opened.row)
    if started:  # a version has one next review: a second click (or an old tab) goes to the one started
        return started[0]
    earlier = workspace.load(db, opened.row, library).assessment
    # The next review starts as a draft of its own: the earlier one's review steps, discussion and
    # decisions stay with the version they were about.
    later = earlier.model_copy(update={"title": next_title(earlier.title), "date": today,
                                       "review_of": earlier.title, "review": None, "comments": [],
                                       "sign_offs": []})
    row = workspace.create(db, user, later, reason=CARRIED_OVER)
    from assess.web.evidence import carry_over  # evidence files go with the answers that name them

    carry_over(db, opened.row.id, row.id, later)
    for member_id, role in db.execute(select(Membership.user_id, Membership.role)
                                      .where(Membership.assessment_id == opened.row.id)):
        if member_id != user.id:
            db.add(Membership(assessment_id=row.id, user_id=member_id, role=role))
    db.add(ReviewLink(assessment_id=row.id, previous_id=opened.row.id))
    db.flush()
    return row


def previous_of(db: Session, row: AssessmentRow) -> AssessmentRow | None:
    link = db.get(ReviewLink, row.id)
    return db.get(AssessmentRow, link.previous_id) if link is not None else None


def next_of(db: Session, row: AssessmentRow) -> list[AssessmentRow]:
    return list(db.scalars(select(AssessmentRow).join(ReviewLink, ReviewLink.assessment_id == AssessmentRow.id)
                           .where(ReviewLink.previous_id == row.id).order_by(AssessmentRow.id)))


def untouched(db: Session, row: AssessmentRow) -> list[tuple[str, str]]:
    """The answers carried over that nobody has changed since (still at their first revision)."""
    if db.get(ReviewLink, row.id) is None:
        return []
    return [(fid, qid) for fid, qid in db.execute(
        select(AnswerRow.framework_id, AnswerRow.question_id)
        .where(AnswerRow.assessment_id == row.id, AnswerRow.revision == 1, AnswerRow.data.is_not(None))
        .order_by(AnswerRow.id))]


@dataclass(frozen=True)
class Changes:
    previous: AssessmentRow
    comparison: Comparison
    step: ReviewStep


def _document(loaded: workspace.Loaded, title: str) -> Parsed:
    """The assessment as `assess compare` would read its export: named and holding the bytes as its download."""
    source = workspace.export_yaml(loaded).encode("utf-8")
    return Parsed(f"{slug(title)}.yaml", source, loaded.assessment, loaded.frameworks)


def changes(db: Session, user: User, opened: workspace.Opened, library: FrameworkLibrary,
            lang: str | None = None) -> Changes | None:
    """What changed since the review this one follows (None: it follows none), the engine's words (answers'
    labels) in `lang`. The earlier one is opened as the user, so someone who is not a member of it meets
    NotFound, as they would opening it."""
    from assess import __version__

    previous = previous_of(db, opened.row)
    if previous is None:
        return None
    earlier = workspace.open_assessment(db, user, previous.ref)
    documents = [_document(workspace.load(db, earlier.row, library), earlier.row.title),
                 _document(workspace.load(db, opened.row, library), opened.row.title)]
    # The two are linked as reviews of one another by the workspace, not by their subject, which an owner may
    # have renamed since: a different subject is no reason to refuse (`--ignore-subject`).
    comparison = compare_documents(documents, library, "reviews", ignore_subject=True,
                                   tool_version=__version__, lang=lang).comparison
    return Changes(previous, comparison, comparison.reviews[0])


def links(db: Session, opened: workspace.Opened) -> dict[str, object]:
    """What the assessment's page shows about its reviews: the one it follows, those that follow it, and
    whether this user may start the next one here."""
    later = next_of(db, opened.row)
    return {"previous_review": previous_of(db, opened.row), "next_reviews": later,
            "may_start_next": opened.can_manage and may_start_next_review(opened) and not later}
