"""An imported file's decisions are history from elsewhere, never decisions made here.

A file can say anything: that a reviewer approved it, that someone signed it off. So an import keeps what
the file claims (its review state, steps and challenges, its sign-offs) as imported history, shown as such
with the file it came from and who imported it, and the new assessment starts as a draft of this workspace:
only review steps and sign-offs taken here count for approval, sign-off and signing. The answers, the action
plan and the comment threads are imported as they are (answers are what the import is for; they are
reviewed here like any others).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.evidence_files import safe_name
from assess.model import Assessment, Review, SignOff
from assess.web.tables import AssessmentRow, ImportedHistory, User


def keep(db: Session, row: AssessmentRow, user: User, assessment: Assessment, source: str) -> None:
    """Record what `assessment`, read from the file `source`, claims was decided, if it claims anything."""
    claimed_review = assessment.review
    if claimed_review is not None and not (claimed_review.state.value == "draft" and not claimed_review.steps
                                           and not claimed_review.challenges):
        review_data: dict[str, Any] | None = claimed_review.model_dump(mode="json", by_alias=True,
                                                                       exclude_none=True)
    else:
        review_data = None
    sign_offs = [s.model_dump(mode="json", exclude_none=True) for s in assessment.sign_offs] or None
    if review_data is None and sign_offs is None:
        return
    db.add(ImportedHistory(assessment_id=row.id, source=safe_name(source)[:255], review=review_data,
                           sign_offs=sign_offs, imported_by=user.id))


def without_decisions(assessment: Assessment) -> Assessment:
    """The assessment as this workspace starts it: no review, no sign-off."""
    return assessment.model_copy(update={"review": None, "sign_offs": []})


@dataclass(frozen=True)
class Claims:
    """One import's claims, as a page shows them."""

    source: str
    imported_by: str
    imported_at: Any
    review: Review | None
    sign_offs: list[SignOff]


def history(db: Session, row: AssessmentRow) -> list[Claims]:
    found = db.execute(select(ImportedHistory, User.display_name).join(User, User.id == ImportedHistory.imported_by)
                       .where(ImportedHistory.assessment_id == row.id).order_by(ImportedHistory.id))
    return [Claims(h.source, name, h.imported_at, Review.model_validate(h.review) if h.review else None,
                   [SignOff.model_validate(s) for s in h.sign_offs or []]) for h, name in found]
