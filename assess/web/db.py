"""The database: an engine for SQLite (the embedded default) or PostgreSQL, and its migrations.

SQLite runs in WAL mode so readers never wait for the writer, with a busy timeout so two writers
queue instead of failing, and `synchronous=FULL` so a saved answer survives a crash of the machine,
not only of the server. PostgreSQL is reached through psycopg 3.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from assess.errors import AssessError

MIGRATIONS = Path(__file__).parent / "migrations"
# Held while migrating, so several servers started at once against one PostgreSQL database migrate once.
_MIGRATION_LOCK = 472_019


def database_url(database: str | None, data_dir: Path) -> str:
    """`--database` as given (postgresql://... is read with psycopg 3), else SQLite in the data directory."""
    if not database:
        return f"sqlite+pysqlite:///{data_dir / 'workspace.db'}"
    try:
        url = make_url(database)
    except ArgumentError:
        raise AssessError.at(
            "--database",
            f"'{database}' is not a database URL",
            hint="postgresql://user:password@host/dbname, or leave it out for SQLite",
        ) from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if not url.drivername.startswith(("postgresql", "sqlite")):
        raise AssessError.at(
            "--database",
            f"unsupported database '{url.drivername}'",
            hint="use PostgreSQL (postgresql://...) or leave it out for SQLite",
        )
    return url.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        _OneWriter().watch(engine)
        return engine
    # Enough connections kept open for every thread that may serve a request at once (the server's thread
    # pool), so a burst of saves never waits to open new ones, which an overflow connection would, and close
    # them again at once. Checked before use only if idle a while (see _ping_if_idle), not on every request.
    engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, pool_recycle=3600)
    event.listen(engine.pool, "checkout", _ping_if_idle)
    event.listen(engine.pool, "checkin", _note_idle_since)
    return engine


POOL_SIZE = 20
POOL_OVERFLOW = 20
IDLE_PING_SECONDS = 10.0


def _note_idle_since(_dbapi: Any, record: Any) -> None:
    if record is not None:
        record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi: Any, record: Any, _proxy: Any) -> None:
    """SQLAlchemy's `pool_pre_ping` costs a round trip to the server on every request; a busy server's
    connections were in use a moment ago and are known good. One that has been idle (the database may have
    restarted meanwhile) is still tried first: if it is dead, the pool discards it and takes another, so the
    person saving never meets a stale connection. A connection that dies mid-request still ends in the 503
    page, with nothing changed, and the pool is renewed."""
    idle_since = record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < IDLE_PING_SECONDS:
        return
    try:
        cursor = dbapi.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi.rollback()
    except Exception as exc:  # any failure here means: not this connection
        raise DisconnectionError(f"an idle connection no longer answers: {type(exc).__name__}") from exc


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=FULL", "busy_timeout=30000"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


class _OneWriter:
    """SQLite lets one connection write at a time; a second writer polls, asleep between tries (1, 2, 5,
    10 ... 100 ms), so under many concurrent saves some wait far longer than the writes take. Within
    this process the writers queue on a lock instead, each woken the moment the one before has
    committed. The lock is taken at a transaction's first statement that is not a read and given back
    once its commit or rollback is done; another process (a second server, `assess user add`) still
    meets SQLite's own busy wait. A writer that cannot have the lock within the busy timeout goes on
    without it, to SQLite's own wait, so a mistake here can slow a write but never hang one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holder: Any = None  # the DB-API connection in its write transaction (one at a time)

    def watch(self, engine: Engine) -> None:
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine.pool, "checkin", self._checkin)
        dialect = engine.dialect
        for name in ("do_commit", "do_rollback"):
            setattr(dialect, name, self._then_release(getattr(dialect, name)))

    def _before(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        dbapi = conn.connection.dbapi_connection
        if self._holder is dbapi or statement.lstrip()[:6].upper() in ("SELECT", "PRAGMA"):
            return
        if self._lock.acquire(timeout=_BUSY_SECONDS):
            self._holder = dbapi

    def _then_release(self, end: Callable[[Any], None]) -> Callable[[Any], None]:
        def ended(connection: Any) -> None:
            try:
                end(connection)
            finally:  # given the pool's proxy for the connection, or the DB-API connection itself
                self._release(getattr(connection, "dbapi_connection", connection))

        return ended

    def _checkin(self, dbapi: Any, _record: Any) -> None:
        self._release(dbapi)  # back in the pool: its transaction has surely ended

    def _release(self, dbapi: Any) -> None:
        if dbapi is not None and self._holder is dbapi:
            self._holder = None
            self._lock.release()


_BUSY_SECONDS = 30


def migrate(engine: Engine) -> None:
    """Bring the schema up to date (create it on first start)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
