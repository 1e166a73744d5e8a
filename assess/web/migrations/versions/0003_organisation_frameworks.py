"""Frameworks uploaded in the browser: one row per id and version, the YAML kept byte for byte.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisation_frameworks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("framework_id", sa.String(64), nullable=False, index=True),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("source", sa.LargeBinary, nullable=False),
        sa.Column("source_sha256", sa.String(64), nullable=False),
        sa.Column("framework_sha256", sa.String(64), nullable=False),
        sa.Column("warnings", sa.Text, nullable=True),
        sa.Column("uploaded_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("uploaded_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("framework_id", "version"),
    )


def downgrade() -> None:
    op.drop_table("organisation_frameworks")
