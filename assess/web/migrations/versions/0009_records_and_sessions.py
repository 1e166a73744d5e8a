"""Records two people can change without losing either change, imports that stay history, sessions that end.

- `sign_offs` and `plan_entries`: a sign-off and an action's plan entry are rows of their own (they were
  lists inside the assessment's head, read, changed and written whole, so two changes at once lost one);
  the head keeps what the owner edits on the "about" page, with `head_version` for optimistic concurrency.
- `imported_history`: the review and sign-offs an imported file claimed, kept as history from elsewhere.
- `users.is_active`: an account an administrator deactivated stops at its very next request.
- `login_attempts.address`: failed sign-ins counted by address as well as by username.

Existing assessments' sign-offs and plan entries are moved out of their heads into the new tables.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, which SQLite does in place: a batch would copy each table, which its foreign keys
    # (memberships, answers... pointing at users and assessments) refuse once there are rows.
    op.add_column("users", sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true()))
    op.add_column("login_attempts", sa.Column("address", sa.String(64), nullable=True))
    op.create_index("ix_login_attempts_address", "login_attempts", ["address"])
    op.add_column("assessments", sa.Column("head_version", sa.Integer, nullable=False, server_default="0"))
    sign_offs = op.create_table(
        "sign_offs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("recorded_by", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
    )
    plan_entries = op.create_table(
        "plan_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("framework_id", sa.String(64), nullable=False),
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("updated_by", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("assessment_id", "framework_id", "question_id"),
    )
    op.create_table(
        "imported_history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("source", sa.String(255), nullable=False),
        sa.Column("review", sa.JSON, nullable=True),
        sa.Column("sign_offs", sa.JSON, nullable=True),
        sa.Column("imported_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("imported_at", sa.DateTime, nullable=False),
    )
    _move_records_out_of_heads(sign_offs, plan_entries)


def _move_records_out_of_heads(sign_offs: sa.Table, plan_entries: sa.Table) -> None:
    assessments = sa.table("assessments", sa.column("id", sa.Integer), sa.column("head", sa.JSON),
                           sa.column("updated_at", sa.DateTime))
    connection = op.get_bind()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for row_id, head, updated_at in connection.execute(sa.select(assessments)).all():
        if not isinstance(head, dict) or ("sign_offs" not in head and "action_plan" not in head):
            continue
        kept: dict[str, Any] = dict(head)
        for entry in kept.pop("sign_offs", None) or []:
            connection.execute(sign_offs.insert().values(assessment_id=row_id, data=entry, recorded_by=None,
                                                         recorded_at=updated_at or now))
        for fid, entries in (kept.pop("action_plan", None) or {}).items():
            for qid, entry in entries.items():
                connection.execute(plan_entries.insert().values(
                    assessment_id=row_id, framework_id=fid, question_id=qid, data=entry, updated_by=None,
                    updated_at=updated_at or now))
        connection.execute(sa.update(assessments).where(assessments.c.id == row_id).values(head=kept))


def downgrade() -> None:
    _move_records_back_into_heads()
    op.drop_table("imported_history")
    op.drop_table("plan_entries")
    op.drop_table("sign_offs")
    with op.batch_alter_table("assessments") as batch:
        batch.drop_column("head_version")
    with op.batch_alter_table("login_attempts") as batch:
        batch.drop_index("ix_login_attempts_address")
        batch.drop_column("address")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("is_active")


def _move_records_back_into_heads() -> None:
    connection = op.get_bind()
    assessments = sa.table("assessments", sa.column("id", sa.Integer), sa.column("head", sa.JSON))
    sign_offs = sa.table("sign_offs", sa.column("id", sa.Integer), sa.column("assessment_id", sa.Integer),
                         sa.column("data", sa.JSON))
    plan_entries = sa.table("plan_entries", sa.column("assessment_id", sa.Integer),
                            sa.column("framework_id", sa.String), sa.column("question_id", sa.String),
                            sa.column("data", sa.JSON))
    for row_id, head in connection.execute(sa.select(assessments)).all():
        kept: dict[str, Any] = dict(head)
        decided = [data for (data,) in connection.execute(
            sa.select(sign_offs.c.data).where(sign_offs.c.assessment_id == row_id).order_by(sign_offs.c.id))]
        plan: dict[str, dict[str, Any]] = {}
        for fid, qid, data in connection.execute(
                sa.select(plan_entries.c.framework_id, plan_entries.c.question_id, plan_entries.c.data)
                .where(plan_entries.c.assessment_id == row_id)):
            plan.setdefault(fid, {})[qid] = data
        if decided:
            kept["sign_offs"] = decided
        if plan:
            kept["action_plan"] = plan
        if decided or plan:
            connection.execute(sa.update(assessments).where(assessments.c.id == row_id).values(head=kept))
