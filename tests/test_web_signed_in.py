"""An assessment route reads the signed-in user and the membership together (assess/web/deps.py): the
sign-in rules hold there exactly as on every other route. A cookie signed before a password change is
refused, a member's cookie reaches their assessment, and a member's cookie does not reach another's."""

from __future__ import annotations

from fastapi import FastAPI

from assess.web.accounts import set_password
from assess.web.tables import User
from tests.web_support import Person


def _change_password(app: FastAPI, username: str) -> None:
    with app.state.sessions() as db:
        user = db.query(User).filter(User.username == username).one()
        set_password(db, user, "a new password, long enough")
        db.commit()


def test_a_cookie_from_before_a_password_change_is_sent_to_sign_in(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    assert alice.client.get(f"/a/{ref}").status_code == 200
    _change_password(app, "alice")
    page = alice.client.get(f"/a/{ref}")
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    saved = alice.client.put(f"/api/assessments/{ref}/answers/mini/objective", json={"answer": None},
                             headers={"X-CSRF-Token": alice.token})
    assert saved.status_code == 401
    # The stale session was ended: not even a page without an assessment is reached with it now.
    assert alice.client.get("/").status_code == 303


def test_a_member_reaches_only_their_own_assessment(app: FastAPI, alice: Person, bob: Person) -> None:
    theirs = alice.start(["mini"])
    own = bob.start(["mini"])
    assert bob.client.get(f"/a/{own}").status_code == 200
    assert bob.client.get(f"/api/assessments/{own}").json()["ref"] == own
    assert bob.client.get(f"/a/{theirs}").status_code == 404
    assert bob.client.get(f"/api/assessments/{theirs}").status_code == 404
    # Signed out, the same routes send the visitor to sign in rather than saying whether the assessment exists.
    bob.client.cookies.clear()
    assert bob.client.get(f"/a/{theirs}").status_code == 303
    assert bob.client.get(f"/api/assessments/{own}").status_code == 401
