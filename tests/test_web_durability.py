"""A confirmed save survives the server being killed, and a database that is down gets a clear 503.

`assess serve` is started as a user starts it and killed with SIGKILL (no shutdown of any kind) at a
random instant while two people save answers through the JSON API and the htmx form; it is restarted
on the same data, and the same people carry on with the same session cookies. Every save whose reply
(200) came back before a kill must then be in the database (its revision in the history, with that
value, by that person) and in the exported YAML (the answer there is the latest saved, which is the
confirmed one or a save made after it whose reply the kill cut off). Runs on SQLite, and on PostgreSQL
when ASSESS_TEST_POSTGRES_URL names a server (as the other database tests do).
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select

from assess.loading import FrameworkLibrary
from assess.web.db import make_engine, session_factory
from assess.web.tables import AnswerHistory, AnswerRow, User
from tests import waiting
from tests.web_support import PASSWORD, Person

FRAMEWORK = "human-oversight"  # no question of it hides another, so every saved answer stays
KILLS = 3
SAVES_BEFORE_KILL = 4  # a kill comes at a random instant after this many confirmed saves in the round


@dataclass
class Saver:
    username: str
    questions: list[tuple[str, list[str]]]  # question id -> the values it may take
    client: httpx.Client | None = None
    token: str = ""
    revisions: dict[str, int] = field(default_factory=dict)
    confirmed: list[tuple[str, int, dict[str, object]]] = field(default_factory=list)  # (question, revision, data)
    attempted: dict[str, list[dict[str, object]]] = field(default_factory=dict)


def storage(data: Path, database_url: str) -> list[str]:
    return ["--data", str(data)] + ([] if database_url.startswith("sqlite") else ["--database", database_url])


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html[:300]
    return found.group(1)


def sign_in(client: httpx.Client, username: str) -> str:
    token = csrf(client.get("/login").text)
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 303, response.text[:300]
    return csrf(client.get("/").text)


def refresh(saver: Saver, ref: str) -> None:
    """After a restart: the revisions as they now stand (a save cut off by the kill may have landed)."""
    assert saver.client is not None
    state = saver.client.get(f"/api/assessments/{ref}").json()
    saver.revisions = {key.split(".", 1)[1]: rev for key, rev in state["revisions"].items()}


def keep_saving(saver: Saver, ref: str, rng: random.Random, stop: threading.Event, confirmed: list[int]) -> None:
    """Save until the server goes away (or `stop`), alternating the JSON API and the htmx form."""
    assert saver.client is not None
    number = len(saver.attempted)
    while not stop.is_set():
        qid, values = rng.choice(saver.questions)
        value = rng.choice(values)
        number += 1
        note = f"{saver.username} save {number} {rng.random():.6f}"
        data: dict[str, object] = {"answer": value, "note": note}
        saver.attempted.setdefault(qid, []).append(data)
        try:
            if number % 2:
                response = saver.client.put(
                    f"/api/assessments/{ref}/answers/{FRAMEWORK}/{qid}",
                    json={"answer": data}, headers={"X-CSRF-Token": saver.token},
                )
                ok = response.status_code == 200 and response.json()["saved"]
                revision = int(response.json()["revision"]) if ok else 0
            else:
                form = {"answer": value, "note": note, "revision": str(saver.revisions.get(qid, 0)),
                        "csrf_token": saver.token}
                response = saver.client.post(f"/a/{ref}/answer/{FRAMEWORK}/{qid}", data=form,
                                             headers={"HX-Request": "true"})
                found = re.search(rf'id="rev-{FRAMEWORK}--{qid}" value="(\d+)"', response.text)
                ok = response.status_code == 200 and "Saved at" in response.text and found is not None
                revision = int(found.group(1)) if found else 0
        except httpx.TransportError:
            return  # killed: this save's fate is unknown, and so not counted as confirmed
        if ok:
            saver.revisions[qid] = revision
            saver.confirmed.append((qid, revision, data))
            confirmed[0] += 1
        else:  # the form's revision was stale after a restart
            assert response.status_code in (200, 409), response.text[:300]
            refresh(saver, ref)


def test_killing_the_server_loses_no_confirmed_save(database_url: str, tmp_path: Path) -> None:
    data = tmp_path  # the SQLite database_url is tmp_path/workspace.db, where serve --data puts it
    for name in ("alice", "bob"):
        made = subprocess.run([sys.executable, "-m", "assess", "user", "add", name, *storage(data, database_url)],
                              input=PASSWORD + "\n", text=True, capture_output=True, timeout=120, check=False)
        assert made.returncode == 0, made.stderr
    questions = [
        (q.id, [o.value for o in q.options] + ["dont_know"])
        for s in FrameworkLibrary().load(FRAMEWORK).sections for q in s.questions if q.type.value == "choice"
    ]
    savers = [Saver("alice", questions[0::2]), Saver("bob", questions[1::2])]
    rng = random.Random(20261130)
    logs = tmp_path / "logs"
    logs.mkdir()
    process, base = waiting.start_serve(storage(data, database_url), logs / "serve-0.log")
    try:
        for saver in savers:
            saver.client = httpx.Client(base_url=base, timeout=30)
            saver.token = sign_in(saver.client, saver.username)
        alice = savers[0]
        assert alice.client is not None
        created = alice.client.post("/new", data={"title": "Pilot", "organisation": "A police force",
                                               "system": "Workforce analytics", "frameworks": FRAMEWORK,
                                               "csrf_token": alice.token})
        assert created.status_code == 303
        ref = created.headers["location"].rsplit("/", 1)[-1]
        added = alice.client.post(f"/a/{ref}/members", data={"username": "bob", "role": "respondent",
                                                            "csrf_token": alice.token})
        assert added.status_code == 303
        for kill in range(KILLS):
            stop = threading.Event()
            confirmed = [0]
            threads = [threading.Thread(target=keep_saving, args=(s, ref, random.Random(rng.random()), stop,
                                                                  confirmed)) for s in savers]
            for thread in threads:
                thread.start()
            waiting.until(lambda: True if confirmed[0] >= SAVES_BEFORE_KILL else None,  # noqa: B023
                          "the savers confirming their first saves", interval=0.01)
            time.sleep(rng.uniform(0, 0.3))  # a random instant, most likely in the middle of someone's save
            process.send_signal(signal.SIGKILL)
            process.wait()
            stop.set()
            for thread in threads:
                thread.join(60)
            # Restarted on the same data (on a port of its own: the old one may be taken meanwhile), the same
            # people carry on where they were, still signed in (a cookie is for the host, whatever the port).
            process, base = waiting.start_serve(storage(data, database_url), logs / f"serve-{kill + 1}.log")
            for saver in savers:
                assert saver.client is not None
                saver.client.base_url = httpx.URL(base)
                refresh(saver, ref)
        export = alice.client.get(f"/a/{ref}/export.yaml")
        assert export.status_code == 200
        exported = yaml.safe_load(export.text)["answers"][FRAMEWORK]
    finally:
        process.kill()
        process.wait()
        for saver in savers:
            if saver.client is not None:
                saver.client.close()

    engine = create_engine(database_url)
    try:
        with engine.connect() as db:
            names = {i: name for i, name in db.execute(select(User.id, User.username))}
            history = {(h.question_id, h.revision): h for h in db.execute(select(AnswerHistory))}
            current = {a.question_id: a for a in db.execute(select(AnswerRow))}
    finally:
        engine.dispose()
    assert sum(len(s.confirmed) for s in savers) >= KILLS * SAVES_BEFORE_KILL
    for saver in savers:
        for qid, revision, saved in saver.confirmed:
            kept = history.get((qid, revision))
            assert kept is not None, f"{saver.username}'s confirmed save of {qid} (revision {revision}) was lost"
            assert kept.data == saved and names[kept.changed_by] == saver.username, (qid, revision)
        for qid in {qid for qid, _r, _d in saver.confirmed}:
            last = max(r for q, r, _d in saver.confirmed if q == qid)
            row = current[qid]
            assert row.revision >= last, f"{qid} went back from revision {last} to {row.revision}"
            # The file says what the database says, and that is something this person saved.
            assert exported[qid] == row.data == history[(qid, row.revision)].data
            assert row.data in saver.attempted[qid]


# --------------------------------------------------------------------------- the database is down


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port where nothing listens, for as long as the test runs."""
    with waiting.closed_port() as port:
        yield port


def test_a_database_that_is_down_gets_a_clear_503_not_a_traceback(
        app: FastAPI, alice: Person, closed_port: int) -> None:
    """Signed in, then the database goes away: pages and the API say so, with a retry hint."""
    down = make_engine(f"postgresql+psycopg://nobody@127.0.0.1:{closed_port}/assess")
    app.state.sessions = session_factory(down)
    try:
        page = alice.client.get("/")
        assert page.status_code == 503
        assert page.headers["retry-after"] == "5"
        assert "The database is not reachable" in page.text and "try again" in page.text
        assert "Traceback" not in page.text and "psycopg" not in page.text and "OperationalError" not in page.text
        api = alice.client.get("/api/assessments")
        assert api.status_code == 503 and api.headers["retry-after"] == "5"
        assert "try again" in api.json()["detail"]
        form = alice.post("/login", {"username": "alice", "password": PASSWORD})
        assert form.status_code == 503 and "Nothing was changed" in form.text
    finally:
        down.dispose()


def test_a_server_started_against_a_database_that_is_down_answers_503(tmp_path: Path, closed_port: int) -> None:
    """Without a database at all from the start: the sign-in itself gets the page, not a 500."""
    from assess.web.app import create_app
    from assess.web.config import WebConfig

    url = f"postgresql+psycopg://nobody@127.0.0.1:{closed_port}/assess"
    app = create_app(WebConfig(data_dir=tmp_path, database_url=url, secret_key="k" * 43, strict_templates=True),
                     run_migrations=False)
    try:
        client = TestClient(app, follow_redirects=False)
        login = client.get("/login")
        token = csrf(login.text)
        response = client.post("/login", data={"username": "alice", "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 503 and "The database is not reachable" in response.text
        assert response.headers["retry-after"] == "5"
    finally:
        app.state.engine.dispose()


def test_the_command_says_when_the_database_cannot_be_reached(tmp_path: Path, closed_port: int) -> None:
    url = f"postgresql://nobody@127.0.0.1:{closed_port}/assess"
    ran = subprocess.run([sys.executable, "-m", "assess", "serve", "--data", str(tmp_path), "--database", url,
                          "--port", "0"], capture_output=True, text=True, timeout=120, check=False,
                         env={**os.environ, "ASSESS_DATABASE_URL": ""})
    assert ran.returncode == 2
    assert "the database cannot be reached" in ran.stderr and "Traceback" not in ran.stderr
