"""Sessions that end, on the server's word (assess/web/sign_in_sessions.py, accounts.py, account_pages.py).

- After "Sign out", the old cookie (and a copy of it anywhere else) gets the sign-in page; so does every
  other session of the same account.
- After a password change (in the browser, asking for the current one; by an administrator; with
  `assess user password NAME`), every earlier cookie gets the sign-in page; the browser that changed it
  stays signed in.
- A session ends twelve hours after signing in however active it is (the absolute lifetime).
- An administrator's deactivation and an owner's removal of a member take effect at the very next request."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assess.web import sign_in_sessions
from tests.web_support import PASSWORD, Person

NEW_PASSWORD = "violet hedgerows at dusk"


def copy_of(person: Person, app: FastAPI) -> TestClient:
    """Another browser holding a copy of this person's cookie (as a thief would)."""
    other = TestClient(app, follow_redirects=False)
    other.cookies.update(person.client.cookies)
    return other


def sent_to_sign_in(client: TestClient, url: str = "/") -> bool:
    response = client.get(url)
    return response.status_code == 303 and response.headers["location"].startswith("/login")


def test_the_old_cookie_after_sign_out_gets_the_sign_in_page(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    stolen = copy_of(alice, app)
    elsewhere = Person(app, "alice")  # the same person, signed in on another computer
    elsewhere.sign_in()
    assert stolen.get(f"/a/{ref}").status_code == 200
    assert alice.post("/logout").status_code == 303
    assert sent_to_sign_in(stolen) and sent_to_sign_in(stolen, f"/a/{ref}")
    assert stolen.get(f"/api/assessments/{ref}").status_code == 401
    assert sent_to_sign_in(elsewhere.client)  # signing out ends every session of the account
    alice.sign_in()  # and signing in again works
    assert alice.client.get(f"/a/{ref}").status_code == 200


def test_a_password_changed_in_the_browser_ends_every_other_session(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    stolen = copy_of(alice, app)
    page = alice.page("/account/password")
    assert 'autocomplete="current-password"' in page
    wrong = alice.post("/account/password", {"current": "not my password at all", "password": NEW_PASSWORD,
                                              "again": NEW_PASSWORD})
    assert wrong.status_code == 422 and 'id="current-error"' in wrong.text
    assert "That is not your current password." in wrong.text
    common = alice.post("/account/password", {"current": PASSWORD, "password": "password1234",
                                               "again": "password1234"})
    assert common.status_code == 422 and 'id="password-error"' in common.text and "too easy to guess" in common.text
    differ = alice.post("/account/password", {"current": PASSWORD, "password": NEW_PASSWORD, "again": "other"})
    assert differ.status_code == 422 and 'id="again-error"' in differ.text
    assert stolen.get(f"/a/{ref}").status_code == 200  # nothing changed yet
    changed = alice.post("/account/password", {"current": PASSWORD, "password": NEW_PASSWORD,
                                                "again": NEW_PASSWORD})
    assert changed.status_code == 200 and "Every other session of yours has been signed out." in changed.text
    assert sent_to_sign_in(stolen, f"/a/{ref}")
    assert alice.client.get(f"/a/{ref}").status_code == 200  # the browser that changed it goes on
    alice.post("/logout")
    alice.sign_in(NEW_PASSWORD)


def test_an_administrator_resets_a_password_and_deactivates_an_account(
    app: FastAPI, alice: Person, bob: Person
) -> None:
    ref = alice.start(["mini"])
    assert alice.post(f"/a/{ref}/members", {"username": "bob", "role": "respondent"}).status_code == 303
    assert bob.client.get(f"/a/{ref}").status_code == 200
    assert bob.client.get("/admin/users/bob").status_code == 404  # not an administrator
    alice.page("/admin/users/bob")
    short = alice.post("/admin/users/bob/password", {"password": "too short"})
    assert short.status_code == 422 and 'id="password-error"' in short.text
    assert bob.client.get(f"/a/{ref}").status_code == 200
    assert alice.post("/admin/users/bob/password", {"password": NEW_PASSWORD}).status_code == 303
    assert sent_to_sign_in(bob.client, f"/a/{ref}")
    bob.sign_in(NEW_PASSWORD)
    assert bob.client.get(f"/a/{ref}").status_code == 200
    # Deactivated: the very next request is refused, and signing in is too (told no more than a wrong password).
    assert alice.post("/admin/users/bob/active", {"active": "no"}).status_code == 303
    assert sent_to_sign_in(bob.client, f"/a/{ref}")
    bob.page("/login")
    refused = bob.client.post("/login", data={"username": "bob", "password": NEW_PASSWORD, "csrf_token": bob.token})
    assert refused.status_code == 401 and "do not match" in refused.text
    assert "Bob <strong class=\"deactivated\">(deactivated)</strong>" in alice.page("/admin/users")
    mine = alice.post("/admin/users/alice/active", {"active": "no"})
    assert mine.status_code == 422 and 'id="active-error"' in mine.text
    assert alice.post("/admin/users/bob/active", {"active": "yes"}).status_code == 303
    bob.sign_in(NEW_PASSWORD)
    assert bob.client.get(f"/a/{ref}").status_code == 200


def test_a_removed_member_meets_not_found_at_the_next_request(app: FastAPI, alice: Person, bob: Person) -> None:
    ref = alice.start(["mini"])
    assert alice.post(f"/a/{ref}/members", {"username": "bob", "role": "respondent"}).status_code == 303
    assert bob.client.get(f"/a/{ref}").status_code == 200
    page = alice.page(f"/a/{ref}")
    assert f'action="/a/{ref}/members/remove"' in page
    assert alice.post(f"/a/{ref}/members/remove", {"username": "alice"}).status_code == 422  # not oneself
    assert alice.post(f"/a/{ref}/members/remove", {"username": "bob"}).status_code == 303
    assert bob.client.get(f"/a/{ref}").status_code == 404
    assert bob.client.get(f"/api/assessments/{ref}").status_code == 404
    assert alice.client.get(f"/a/{ref}").status_code == 200


def test_a_session_ends_twelve_hours_after_signing_in_however_active(
    app: FastAPI, alice: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1_000_000.0]
    monkeypatch.setattr(sign_in_sessions, "_now", lambda: clock[0])
    alice.sign_in()
    ref = alice.start(["mini"])
    for _hour in range(11):  # active all day: a request every hour
        clock[0] += 3600
        assert alice.client.get(f"/a/{ref}").status_code == 200
    clock[0] += 3600  # twelve hours after signing in
    assert sent_to_sign_in(alice.client, f"/a/{ref}")
    assert sent_to_sign_in(alice.client)


def _assess(data: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    environment = {**os.environ}
    environment.pop("ASSESS_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "assess", "user", *args, "--data", str(data)], input=stdin,
                          capture_output=True, text=True, env=environment, timeout=120, check=False)


def test_assess_user_password_reads_the_password_and_ends_every_session(tmp_path: Path) -> None:
    from sqlalchemy import select

    from assess.web.accounts import sign_in
    from assess.web.db import make_engine, session_factory
    from assess.web.tables import User

    assert _assess(tmp_path, "add", "chair", stdin=PASSWORD + "\n").returncode == 0
    unknown = _assess(tmp_path, "password", "nobody", stdin=NEW_PASSWORD + "\n")
    assert unknown.returncode == 2 and unknown.stderr.count("\n") == 1 and "no account called" in unknown.stderr
    common = _assess(tmp_path, "password", "chair", stdin="qwerty123456\n")
    assert common.returncode == 2 and common.stderr.count("\n") == 1 and "too easy to guess" in common.stderr
    assert "Traceback" not in common.stderr and "qwerty123456" not in common.stderr
    engine = make_engine(f"sqlite+pysqlite:///{tmp_path / 'workspace.db'}")
    try:
        with session_factory(engine)() as db:
            before = db.scalar(select(User.session_epoch).where(User.username == "chair"))
        done = _assess(tmp_path, "password", "chair", stdin=NEW_PASSWORD + "\n")
        assert done.returncode == 0, done.stderr
        assert "every session it had has ended" in done.stdout and NEW_PASSWORD not in done.stdout + done.stderr
        with session_factory(engine)() as db:
            assert db.scalar(select(User.session_epoch).where(User.username == "chair")) == (before or 0) + 1
            assert sign_in(db, "chair", NEW_PASSWORD, "192.0.2.1").user is not None
            assert sign_in(db, "chair", PASSWORD, "192.0.2.1").user is None
    finally:
        engine.dispose()
