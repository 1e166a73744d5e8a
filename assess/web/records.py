"""The records of an assessment that several people add to, each kept as rows of their own rather than inside
the assessment's head: sign-offs (appended, never changed: two recorded at once are both kept) and the action
plan's entries (one row per action: an upload changes only the actions it names, and never what an owner is
editing on the "about" page at the same moment)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.model import PlanEntry, SignOff
from assess.web.tables import PlanEntryRow, SignOffRow, User, utcnow


def add_sign_off(db: Session, assessment_id: int, user: User | None, entry: SignOff) -> None:
    db.add(SignOffRow(assessment_id=assessment_id, data=entry.model_dump(mode="json", exclude_none=True),
                      recorded_by=user.id if user is not None else None, recorded_at=utcnow()))


def add_plan(db: Session, assessment_id: int, user: User, plan: Mapping[str, Mapping[str, PlanEntry]]) -> None:
    """Set the entries `plan` names (insert or replace, each in one statement), leaving every other as it is."""
    for fid, entries in plan.items():
        for qid, entry in entries.items():
            _upsert(db, {"assessment_id": assessment_id, "framework_id": fid, "question_id": qid,
                         "data": entry.model_dump(mode="json", exclude_none=True), "updated_by": user.id,
                         "updated_at": utcnow()})


def _upsert(db: Session, values: dict[str, Any]) -> None:
    if db.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        pg = pg_insert(PlanEntryRow).values(**values)
        db.execute(pg.on_conflict_do_update(
            index_elements=["assessment_id", "framework_id", "question_id"],
            set_={"data": pg.excluded.data, "updated_by": pg.excluded.updated_by,
                  "updated_at": pg.excluded.updated_at}))
        return
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    lite = sqlite_insert(PlanEntryRow).values(**values)
    db.execute(lite.on_conflict_do_update(
        index_elements=["assessment_id", "framework_id", "question_id"],
        set_={"data": lite.excluded.data, "updated_by": lite.excluded.updated_by,
              "updated_at": lite.excluded.updated_at}))


def file_keys(db: Session, assessment_id: int) -> dict[str, Any]:
    """The assessment file's `sign_offs` and `action_plan`, as JSON (absent when there are none)."""
    keys: dict[str, Any] = {}
    decided = list(db.scalars(select(SignOffRow.data).where(SignOffRow.assessment_id == assessment_id)
                              .order_by(SignOffRow.id)))
    if decided:
        keys["sign_offs"] = decided
    plan: dict[str, dict[str, Any]] = {}
    for fid, qid, data in db.execute(select(PlanEntryRow.framework_id, PlanEntryRow.question_id, PlanEntryRow.data)
                                     .where(PlanEntryRow.assessment_id == assessment_id)
                                     .order_by(PlanEntryRow.id)):
        plan.setdefault(fid, {})[qid] = data
    if plan:
        keys["action_plan"] = plan
    return keys
