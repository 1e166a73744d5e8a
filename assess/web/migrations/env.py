"""Alembic's entry point for the workspace schema. The connection is handed in by
`assess.web.db.migrate`, never read from a config file, so the same code migrates SQLite and
PostgreSQL."""

from __future__ import annotations

from alembic import context

from assess.web.tables import Base

connection = context.config.attributes["connection"]
# Batch mode lets later migrations alter tables on SQLite, which cannot ALTER most things in place.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
