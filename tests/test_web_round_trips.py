"""What a save costs the database: the statements it sends (each a round trip to a PostgreSQL server), one
commit, and no check of the connection on every request; and a connection left idle is still checked, so
a database that restarted meanwhile costs no one a failed save."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi import FastAPI
from sqlalchemy import event, text
from sqlalchemy.exc import DisconnectionError

from assess.web import db as web_db
from tests.needs import not_applicable
from tests.web_support import Person

# BEGIN is sent by the driver, not as a statement: it is counted by the "begin" event.
MOST_STATEMENTS = 5  # the user with the assessment, its answers; the answer, its history, the assessment's time
ON_POSTGRES = 3  # the same writes as one statement there
READS = 2  # the statements before the first write: the user with their membership, then the answers


@contextmanager
def statements(app: FastAPI) -> Iterator[list[str]]:
    seen: list[str] = []
    engine = app.state.engine

    def on_statement(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        seen.append(statement.split(None, 1)[0].upper())

    def on_commit(_conn):  # type: ignore[no-untyped-def]
        seen.append("COMMIT")

    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(engine, "commit", on_commit)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        event.remove(engine, "commit", on_commit)


def test_a_save_is_a_few_statements_and_one_commit(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}/s/mini/aim")
    url = f"/a/{ref}/answer/mini/objective"
    with statements(app) as first:  # a question's first answer: an insert
        assert alice.post(url, {"answer": "general", "revision": "0"}, htmx=True).status_code == 200
    with statements(app) as second:  # a changed answer: an update
        assert alice.client.put(f"/api/assessments/{ref}/answers/mini/objective",
                                json={"answer": {"answer": "specific"}, "base_revision": 1},
                                headers={"X-CSRF-Token": alice.token}).status_code == 200
    for seen in (first, second):
        assert seen.count("COMMIT") == 1 and seen[-1] == "COMMIT", seen
        assert "SAVEPOINT" not in seen and "RELEASE" not in seen, seen
        most = ON_POSTGRES if app.state.engine.dialect.name == "postgresql" else MOST_STATEMENTS
        assert len(seen) - 1 <= most, seen
    if app.state.engine.dialect.name == "postgresql":
        assert first[READS] == second[READS] == "WITH"
    else:
        assert first[READS] == "INSERT" and second[READS] == "UPDATE"
    history = alice.client.get(f"/api/assessments/{ref}").json()["assessment"]["answers"]["mini"]["objective"]
    assert history["answer"] == "specific"


def test_two_first_answers_to_one_question_the_second_is_a_conflict(app: FastAPI, alice: Person) -> None:
    """The insert that replaced a savepoint still refuses to write over an answer someone gave first."""
    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}/s/mini/aim")
    url = f"/api/assessments/{ref}/answers/mini/objective"
    headers = {"X-CSRF-Token": alice.token}
    assert alice.client.put(url, json={"answer": {"answer": "general"}, "base_revision": 0},
                            headers=headers).status_code == 200
    late = alice.client.put(url, json={"answer": {"answer": "none"}, "base_revision": 0}, headers=headers)
    assert late.status_code == 409 and late.json()["theirs"]["answer"] == "general"
    assert alice.client.get(f"/api/assessments/{ref}").json()["assessment"]["answers"]["mini"]["objective"][
        "answer"] == "general"


def test_an_idle_connection_that_died_is_replaced_before_use(
        app: FastAPI, alice: Person, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = app.state.engine
    if engine.dialect.name != "postgresql":
        not_applicable("SQLite has no server connection to lose")
    ref = alice.start(["mini"])
    monkeypatch.setattr(web_db, "IDLE_PING_SECONDS", 0.0)  # every pooled connection counts as idle
    held = [engine.connect() for _ in range(4)]  # the pool holds several connections, as under load
    for conn in held:
        conn.execute(text("SELECT 1"))
    for conn in held:
        conn.close()
    # The server ends every session but this one, as a restart of the database would.
    with engine.connect() as admin:
        admin.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
        admin.commit()
    for _ in range(6):  # more requests than the pool holds dead connections
        assert alice.client.get(f"/a/{ref}").status_code == 200


class _Cursor:
    def __init__(self, calls: list[str], dead: bool) -> None:
        self.calls, self.dead = calls, dead

    def execute(self, sql: str) -> None:
        if self.dead:
            raise OSError("server closed the connection unexpectedly")
        self.calls.append(sql)

    def close(self) -> None:
        pass


class _Connection:
    def __init__(self, dead: bool = False) -> None:
        self.calls: list[str] = []
        self.dead = dead

    def cursor(self) -> _Cursor:
        return _Cursor(self.calls, self.dead)

    def rollback(self) -> None:
        pass


class _Record:
    def __init__(self) -> None:
        self.info: dict[str, float] = {}


def test_a_connection_in_use_a_moment_ago_is_not_checked_again() -> None:
    record = _Record()
    web_db._ping_if_idle(_Connection(), record, None)  # just opened: known good
    web_db._note_idle_since(None, record)
    busy = _Connection()
    web_db._ping_if_idle(busy, record, None)
    assert busy.calls == []
    record.info["idle_since"] -= web_db.IDLE_PING_SECONDS + 1
    idle = _Connection()
    web_db._ping_if_idle(idle, record, None)
    assert idle.calls == ["SELECT 1"]
    with pytest.raises(DisconnectionError):  # the pool's signal to drop it and take another
        web_db._ping_if_idle(_Connection(dead=True), record, None)


def test_the_server_pool_keeps_its_connections_and_does_not_ping_each_request(database_url: str) -> None:
    engine = web_db.make_engine(database_url)
    try:
        if engine.dialect.name != "postgresql":
            not_applicable("SQLite has no server connections to pool")
        assert engine.pool._pre_ping is False  # replaced by the check of idle connections
        assert engine.pool.size() == web_db.POOL_SIZE  # type: ignore[attr-defined]
    finally:
        engine.dispose()


def test_an_answer_hidden_by_a_save_is_kept_and_its_history_left_alone(app: FastAPI, alice: Person) -> None:
    """The single-statement write (PostgreSQL) and the plain one (SQLite) leave the same rows behind."""
    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}/s/mini/aim")
    api = f"/api/assessments/{ref}/answers/mini"
    headers = {"X-CSRF-Token": alice.token}
    assert alice.client.put(f"{api}/objective", json={"answer": {"answer": "general"}, "base_revision": 0},
                            headers=headers).status_code == 200
    assert alice.client.put(f"{api}/link", json={"answer": {"answer": "asserted", "note": "minutes"},
                                                 "base_revision": 0}, headers=headers).status_code == 200
    before = _changed_at(app, ref)
    hiding = alice.client.put(f"{api}/objective", json={"answer": {"answer": "none"}, "base_revision": 1},
                              headers=headers)
    assert hiding.status_code == 200 and hiding.json()["revision"] == 2
    answers = alice.client.get(f"/api/assessments/{ref}").json()["assessment"]["answers"]["mini"]
    assert answers["objective"]["answer"] == "none" and "link" not in answers
    from sqlalchemy import select

    from assess.web.tables import AnswerHistory, AssessmentRow

    with app.state.sessions() as db:
        row = db.scalar(select(AssessmentRow).where(AssessmentRow.ref == ref))
        assert row is not None
        lines = [(h.question_id, h.revision, h.reason, (h.data or {}).get("answer"), h.detail) for h in db.scalars(
            select(AnswerHistory).where(AnswerHistory.assessment_id == row.id).order_by(AnswerHistory.id))]
        assert row.updated_at > before  # the assessment's time of last change moved with the answer
    assert lines == [  # the hidden answer is kept in its row, not cleared: nothing is written to its history
        ("objective", 1, "edit", "general", None),
        ("link", 1, "edit", "asserted", None),
        ("objective", 2, "edit", "none", None),
    ]
    assert hiding.json()["hidden"] == ["mini.link"]


def _changed_at(app: FastAPI, ref: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from assess.web.tables import AssessmentRow

    with app.state.sessions() as db:
        return db.scalar(select(AssessmentRow.updated_at).where(AssessmentRow.ref == ref))
