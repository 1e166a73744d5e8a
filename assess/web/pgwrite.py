"""A saved answer on PostgreSQL in one statement: the answer row, its line in the history and the assessment's
time of last change, each a round trip of its own otherwise.

The answer is written only if its revision is still the one the person saw (or, for a first answer, if no one
has answered first); the history line and the new time are written only if it was, in the same statement, so
they stand or fall together and the transaction commits all or none of them. SQLite has no data-modifying
`WITH`, and no round trips to save: `workspace._write` keeps its plain statements there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import exists, insert, literal, select, update
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.orm import Session

from assess.web.tables import AnswerHistory, AnswerRow, AssessmentRow

_HISTORY_COLUMNS = ["assessment_id", "framework_id", "question_id", "revision", "data", "reason", "changed_by",
                    "changed_at", "detail"]


def write_answer(db: Session, assessment_id: int, user_id: int, fid: str, qid: str, data: dict[str, Any] | None,
                 expected: int, reason: str, detail: str | None, now: dt.datetime, touch: bool) -> bool:
    """True if the answer was written (with its history line, and with `touch` the assessment's time)."""
    revision = expected + 1
    values = {"data": data, "revision": revision, "updated_by": user_id, "updated_at": now}
    if expected == 0:
        changed = (upsert(AnswerRow)
                   .values(assessment_id=assessment_id, framework_id=fid, question_id=qid, **values)
                   .on_conflict_do_nothing(index_elements=["assessment_id", "framework_id", "question_id"])
                   .returning(AnswerRow.id).cte("changed"))
    else:
        changed = (update(AnswerRow)
                   .where(AnswerRow.assessment_id == assessment_id, AnswerRow.framework_id == fid,
                          AnswerRow.question_id == qid, AnswerRow.revision == expected)
                   .values(**values)
                   .returning(AnswerRow.id).cte("changed"))
    columns = AnswerHistory.__table__.c
    line = select(
        literal(assessment_id, columns.assessment_id.type), literal(fid, columns.framework_id.type),
        literal(qid, columns.question_id.type), literal(revision, columns.revision.type),
        literal(data, columns.data.type), literal(reason, columns.reason.type),
        literal(user_id, columns.changed_by.type), literal(now, columns.changed_at.type),
        literal(detail, columns.detail.type),
    ).select_from(changed)
    statement = insert(AnswerHistory).from_select(_HISTORY_COLUMNS, line).returning(AnswerHistory.id)
    statement = statement.add_cte(changed)
    if touch:
        touched = (update(AssessmentRow)
                   .where(AssessmentRow.id == assessment_id, exists(select(changed.c.id)))
                   .values(updated_at=now)
                   .cte("touched"))
        statement = statement.add_cte(touched)
    return db.execute(statement).scalar() is not None
