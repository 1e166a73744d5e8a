"""The workspace under test: an app on a fresh database, and clients that sign in as a person would.

Every database test runs on SQLite, and also on PostgreSQL when `ASSESS_TEST_POSTGRES_URL` names a server
(`.ci/run` starts one and sets it): each test then gets a database of its own on that server.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from assess.web import accounts
from assess.web.accounts import create_user
from assess.web.app import create_app
from assess.web.config import WebConfig
from assess.web.db import make_engine, migrate, session_factory
from assess.web.tables import User
from tests.needs import POSTGRES_URL, needs_postgres
from tests.waiting import until

PASSWORD = "a long enough password"
POSTGRES = POSTGRES_URL
BACKENDS = ["sqlite", pytest.param("postgresql", marks=needs_postgres())]


def _postgres_database() -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert POSTGRES
    admin = make_url(POSTGRES).set(drivername="postgresql+psycopg")
    name = f"assess_test_{secrets.token_hex(6)}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+pysqlite:///{tmp_path / 'workspace.db'}"
    else:
        yield from _postgres_database()


# The core tests' small framework: one question of every type, and a `when` within one section.
MINI_FRAMEWORKS = Path(__file__).resolve().parent / "fixtures" / "core" / "frameworks"


@pytest.fixture
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id still, through the same code, with the smallest cost the algorithm allows: the tests' accounts
    are made and signed in to thousands of times, and at the real cost (64 MiB, three passes, four lanes) that
    was a fifth of the suite's time. tests/test_web_passwords.py checks the real cost, with the real hasher."""
    cheap = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1),))
    monkeypatch.setattr(accounts, "_hasher", cheap)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", cheap.hash("not a real password, only for timing"))


@pytest.fixture
def app(database_url: str, tmp_path: Path, cheap_password_hashing: None) -> Iterator[FastAPI]:
    config = WebConfig(data_dir=tmp_path, database_url=database_url, secret_key=secrets.token_urlsafe(32),
                       frameworks_dirs=[MINI_FRAMEWORKS], strict_templates=True)
    application = create_app(config)
    yield application
    application.state.builder.shutdown()
    application.state.engine.dispose()


def add_user(app: FastAPI, username: str, admin: bool = False) -> None:
    with app.state.sessions() as db:
        create_user(db, username, PASSWORD, display_name=username.capitalize(), admin=admin)
        db.commit()


class Person:
    """A browser-like client for one person: cookies kept, CSRF token read from the pages."""

    def __init__(self, app: FastAPI, username: str) -> None:
        self.username = username
        self.client = TestClient(app, follow_redirects=False)
        self.token = ""

    def page(self, url: str) -> str:
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.text[:500])
        self._remember_token(response.text)
        return response.text

    def _remember_token(self, html: str) -> None:
        found = re.search(r'name="csrf_token" value="([^"]+)"', html)
        if found:
            self.token = found.group(1)

    def sign_in(self, password: str = PASSWORD) -> None:
        self.page("/login")
        response = self.client.post(
            "/login", data={"username": self.username, "password": password, "csrf_token": self.token}
        )
        assert response.status_code == 303, response.text[:500]
        self.page("/")

    def post(
        self,
        url: str,
        data: dict[str, object] | None = None,
        *,
        htmx: bool = False,
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ):  # type: ignore[no-untyped-def]
        headers = {"HX-Request": "true"} if htmx else {}
        payload = {"csrf_token": self.token, **(data or {})}
        return self.client.post(url, data=payload, headers=headers, files=files)

    def start(self, frameworks: list[str], title: str = "Officer-monitoring pilot") -> str:
        response = self.post(
            "/new",
            {
                "title": title,
                "organisation": "A police force",
                "system": "Workforce analytics",
                "stage": "pilot",
                "perspective": "staff-association",
                "frameworks": frameworks,
            },
        )
        assert response.status_code == 303, response.text[:800]
        ref = response.headers["location"].rsplit("/", 1)[-1]
        self.page(f"/a/{ref}")
        return ref


@pytest.fixture
def alice(app: FastAPI) -> Person:
    add_user(app, "alice", admin=True)
    person = Person(app, "alice")
    person.sign_in()
    return person


@pytest.fixture
def bob(app: FastAPI) -> Person:
    add_user(app, "bob")
    person = Person(app, "bob")
    person.sign_in()
    return person


def built_pdf(person: Person, progress: str) -> str:
    """The status panel of the PDF build at `progress` (the address the build's POST redirected to) once the
    build has finished, ready or not: polled as the page's own script polls, with a deadline that only
    bounds a hang (tests/waiting.py)."""
    def finished() -> str | None:
        status = person.client.get(progress, headers={"HX-Request": "true"}).text
        return status if "The PDF is ready" in status or "could not be built" in status else None

    return until(finished, f"the PDF build at {progress}", interval=0.25)


def a_database(url: str) -> None:
    """Migrate a database by URL (used by tests of the migrations themselves)."""
    engine = make_engine(url)
    migrate(engine)
    session_factory(engine)
    engine.dispose()


def approve(app: FastAPI, owner: Person, ref: str, reviewer: str = "rhea") -> Person:
    """Take an assessment through its review to approval, as its owner and a reviewer would: the reviewer
    is made a member, the owner submits it, the reviewer approves. Returns the reviewer."""
    with app.state.sessions() as db:
        known = db.query(User).filter_by(username=reviewer).first() is not None
    if not known:
        add_user(app, reviewer)
    person = Person(app, reviewer)
    person.sign_in()
    assert owner.post(f"/a/{ref}/members", {"username": reviewer, "role": "reviewer"}).status_code == 303
    owner.page(f"/a/{ref}")
    assert owner.post(f"/a/{ref}/review/submit").status_code == 303
    person.page(f"/a/{ref}")
    assert person.post(f"/a/{ref}/review/approve").status_code == 303
    return person
