"""The first run: `assess serve` on an empty database prints a one-time link that creates the first
administrator; the link works once, only while no account exists, and only with its token."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from assess.web.accounts import issue_setup_token
from assess.web.tables import User
from tests.web_support import Person


def token_for(app: FastAPI) -> str:
    with app.state.sessions() as db:
        token = issue_setup_token(db)
        db.commit()
    return token


def test_the_first_administrator_is_made_through_the_printed_link(app: FastAPI) -> None:
    token = token_for(app)
    client = TestClient(app, follow_redirects=False)
    assert client.get("/setup?token=wrong").status_code == 404
    assert client.get("/setup").status_code == 404
    page = client.get(f"/setup?token={token}")
    assert page.status_code == 200 and "Create the first administrator" in page.text
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    form = {"csrf_token": csrf, "token": token, "username": "chair", "display_name": "The Chair"}
    mismatch = client.post("/setup", data={**form, "password": "a long enough password", "again": "another one!"})
    assert mismatch.status_code == 422 and "The two passwords differ." in mismatch.text
    assert 'value="chair"' in mismatch.text  # what was typed is kept
    made = client.post("/setup", data={**form, "password": "a long enough password", "again": "a long enough password"})
    assert made.status_code == 303
    assert client.get("/admin/users").status_code == 200  # signed in, as an administrator
    # Once used, the link is dead, for everyone.
    assert client.get(f"/setup?token={token}").status_code == 404
    Person(app, "chair").sign_in()


def test_the_link_does_nothing_once_an_account_exists(app: FastAPI, alice: Person) -> None:
    token = token_for(app)
    stranger = TestClient(app, follow_redirects=False)
    assert stranger.get(f"/setup?token={token}").status_code == 404


def test_a_name_longer_than_its_column_is_refused_beside_its_field(app: FastAPI) -> None:
    """PostgreSQL refuses a value wider than its column; the form says so first, and keeps what was typed."""
    token = token_for(app)
    client = TestClient(app, follow_redirects=False)
    page = client.get(f"/setup?token={token}")
    assert 'id="display_name" name="display_name" type="text" value=""\n         maxlength="200"' in page.text
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    form = {"csrf_token": csrf, "token": token, "username": "chair", "password": "a long enough password",
            "again": "a long enough password"}
    refused = client.post("/setup", data={**form, "display_name": "N" * 201})
    assert refused.status_code == 422
    assert '<p class="error" id="display_name-error">a name shown to others has at most 200 characters</p>' in (
        refused.text)
    assert 'value="chair"' in refused.text and 'value="' + "N" * 201 + '"' in refused.text
    with app.state.sessions() as db:
        assert db.scalars(select(User)).all() == []
    made = client.post("/setup", data={**form, "display_name": "N" * 200})
    assert made.status_code == 303
    with app.state.sessions() as db:
        assert [u.display_name for u in db.scalars(select(User))] == ["N" * 200]
