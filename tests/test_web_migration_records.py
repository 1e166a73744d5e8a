"""Migration 0009 moves the sign-offs and action plans that lived inside each assessment's head into rows of
their own, on SQLite and PostgreSQL, and what the workspace then shows is what was there before."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from assess.web.db import MIGRATIONS, make_engine
from assess.web.tables import AssessmentRow, PlanEntryRow, SignOffRow


def _upgrade(engine: sa.Engine, to: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, to)


SIGN_OFF = {"name": "Bob", "role": "Chair", "decision": "proceed", "date": "2026-11-30"}
HEAD = {"schema": "assess/assessment@1", "title": "Pilot", "subject": {"organisation": "A force", "system": "S"},
        "frameworks": {"mini": {"version": "1.0.0"}}, "sign_offs": [SIGN_OFF],
        "action_plan": {"mini": {"objective": {"owner": "Head of Standards", "status": "open"}}}}


def test_sign_offs_and_plan_entries_move_out_of_the_head(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        _upgrade(engine, "0008")
        now = dt.datetime(2026, 12, 1, 12, 0)
        with engine.begin() as connection:
            connection.execute(sa.text("INSERT INTO users (id, username, display_name, password_hash, is_admin, "
                                       "session_epoch, created_at) VALUES (1, 'bob', 'Bob', 'x', false, 0, :t)"),
                               {"t": now})
            assessments = sa.table("assessments", sa.column("id"), sa.column("ref"), sa.column("title"),
                                   sa.column("head", sa.JSON), sa.column("created_by"), sa.column("created_at"),
                                   sa.column("updated_at"))
            connection.execute(assessments.insert().values(id=1, ref="r1", title="Pilot", head=HEAD, created_by=1,
                                                           created_at=now, updated_at=now))
        _upgrade(engine, "head")
        with engine.connect() as connection:
            head = connection.execute(sa.select(AssessmentRow.head)).scalar_one()
            assert "sign_offs" not in head and "action_plan" not in head and head["title"] == "Pilot"
            assert connection.execute(sa.select(SignOffRow.data)).scalars().all() == [SIGN_OFF]
            plan = connection.execute(sa.select(PlanEntryRow.framework_id, PlanEntryRow.question_id,
                                                PlanEntryRow.data)).all()
            assert [tuple(row) for row in plan] == [("mini", "objective", {"owner": "Head of Standards",
                                                                           "status": "open"})]
            assert connection.execute(sa.select(AssessmentRow.head_version)).scalar_one() == 0
    finally:
        engine.dispose()
