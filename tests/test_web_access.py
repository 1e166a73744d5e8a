"""Who may reach what: generated from the app's route table, so a new route cannot be forgotten.

- every route that names an assessment answers 404 to a signed-in non-member, for every method;
- every route except signing in sends a signed-out visitor to sign in (pages) or answers 401 (API);
- every state-changing request without the CSRF token is refused with 403 and changes nothing;
- a viewer or reviewer cannot change answers; a non-administrator cannot see the accounts page.
"""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assess.web.app import route_table
from tests.web_support import Person, add_user

PUBLIC = {"/login", "/openapi.json", "/setup"}


def routes(application: FastAPI) -> list[tuple[str, str]]:
    found = route_table(application)
    assert len(found) >= 20  # the walk saw the included routers
    return found


def concrete(path: str, ref: str) -> str:
    values = {
        "ref": ref,
        "framework_id": "consultation",
        "section_id": "who",
        "question_id": "staff_association",
        "change_id": "1",
        "extension": "md",
        "token": "some-token",
        "version": "1.0.0",
    }
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def send(person: Person, method: str, url: str, token: bool = True):  # type: ignore[no-untyped-def]
    data = {"csrf_token": person.token} if token else {}
    if method == "GET":
        return person.client.get(url)
    if method == "PUT":
        headers = {"X-CSRF-Token": person.token} if token else {}
        return person.client.put(url, json={"answer": {"answer": "dont_know"}}, headers=headers)
    return person.client.request(method, url, data=data)


def test_every_assessment_route_is_404_to_a_non_member(app: FastAPI, alice: Person, bob: Person) -> None:
    ref = alice.start(["consultation"])
    alice.post(f"/a/{ref}/answer/consultation/staff_association", {"answer": "dont_know", "revision": "0"})
    checked = 0
    for method, path in routes(app):
        if "{ref}" not in path:
            continue
        response = send(bob, method, concrete(path, ref))
        assert response.status_code == 404, (method, path, response.status_code)
        assert "staff" not in response.text.lower() and "Officer" not in response.text, (method, path)
        checked += 1
    assert checked >= 12
    # The owner, by contrast, reaches them.
    assert alice.client.get(f"/a/{ref}").status_code == 200


def test_every_route_but_sign_in_needs_an_account(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["consultation"])
    stranger = TestClient(app, follow_redirects=False)
    for method, path in routes(app):
        if path in PUBLIC or path == "/logout":
            continue
        if method != "GET":
            continue  # without a session there is no CSRF token either: covered by the CSRF test
        response = stranger.request(method, concrete(path, ref))
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, path)
        else:
            assert response.status_code == 303 and response.headers["location"].startswith("/login"), (method, path)


def test_every_change_without_the_csrf_token_is_refused(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["consultation"])
    before = alice.client.get(f"/api/assessments/{ref}").json()
    unsafe = [(m, p) for m, p in routes(app) if m not in ("GET", "HEAD")]
    assert len(unsafe) >= 8
    for method, path in unsafe:
        response = send(alice, method, concrete(path, ref), token=False)
        assert response.status_code == 403, (method, path, response.status_code)
    assert alice.client.get(f"/api/assessments/{ref}").json() == before
    assert alice.client.get("/").status_code == 200  # still signed in: logout needed the token too


def test_a_viewer_and_a_reviewer_can_read_but_not_answer(app: FastAPI, alice: Person, bob: Person) -> None:
    ref = alice.start(["consultation"])
    for role in ("viewer", "reviewer"):
        assert alice.post(f"/a/{ref}/members", {"username": "bob", "role": role}).status_code == 303
        assert bob.client.get(f"/a/{ref}").status_code == 200
        bob.page(f"/a/{ref}/s/consultation/who")
        refused = bob.post(f"/a/{ref}/answer/consultation/staff_association", {"answer": "dont_know"})
        assert refused.status_code == 403
        api = bob.client.put(
            f"/api/assessments/{ref}/answers/consultation/staff_association",
            json={"answer": {"answer": "dont_know"}},
            headers={"X-CSRF-Token": bob.token},
        )
        assert api.status_code == 403
        assert bob.post(f"/a/{ref}/about", {"title": "Taken over"}).status_code == 403
    state = alice.client.get(f"/api/assessments/{ref}").json()
    assert state["assessment"]["answers"] == {}
    assert state["assessment"]["title"] == "Officer-monitoring pilot"


def test_a_respondent_can_answer(app: FastAPI, alice: Person, bob: Person) -> None:
    ref = alice.start(["consultation"])
    alice.post(f"/a/{ref}/members", {"username": "bob", "role": "respondent"})
    bob.page(f"/a/{ref}/s/consultation/who")
    saved = bob.post(f"/a/{ref}/answer/consultation/staff_association", {"answer": "dont_know", "revision": "0"})
    assert saved.status_code == 303


def test_accounts_are_for_administrators_only(app: FastAPI, alice: Person, bob: Person) -> None:
    assert alice.client.get("/admin/users").status_code == 200
    assert bob.client.get("/admin/users").status_code == 404
    assert bob.post("/admin/users", {"username": "mallory", "password": "x" * 12}).status_code == 404


def test_every_administration_route_is_404_to_a_non_administrator(app: FastAPI, alice: Person, bob: Person) -> None:
    ref = alice.start(["consultation"])
    checked = 0
    for method, path in routes(app):
        if not path.startswith("/admin/"):
            continue
        assert send(bob, method, concrete(path, ref)).status_code == 404, (method, path)
        checked += 1
    assert checked >= 5  # accounts (list, create) and frameworks (list, upload, download)


@pytest.mark.parametrize("path", ["/", "/login", "/new"])
def test_every_page_carries_a_strict_content_security_policy(app: FastAPI, alice: Person, path: str) -> None:
    response = alice.client.get(path)
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert "<script>" not in response.text and " style=" not in response.text and "onclick" not in response.text


def test_sign_in_never_redirects_off_site(app: FastAPI) -> None:
    add_user(app, "carol")
    person = Person(app, "carol")
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        person.page("/login")  # signing in starts a new session, with a new CSRF token
        response = person.client.post(
            "/login",
            data={
                "username": "carol",
                "password": "a long enough password",
                "next": target,
                "csrf_token": person.token,
            },
        )
        assert response.status_code == 303 and response.headers["location"] == "/"
