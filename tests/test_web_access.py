"""Who may reach what: generated from the app's route table, so a new route cannot be forgotten.

- every route that names an assessment answers 404 to a signed-in non-member, for every method;
- every route except signing in sends a signed-out visitor to sign in (pages) or answers 401 (API);
- every state-changing request without the CSRF token is refused with 403 and changes nothing;
- a viewer or reviewer cannot change answers or sign off; a decision-maker signs off but cannot answer;
  a non-administrator cannot see the accounts page.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from fastapi import FastAPI

from assess.web.app import route_table
from tests.web_support import Person, add_user, approve

PUBLIC = {"/login", "/openapi.json", "/setup", "/language"}  # the sign-in page offers a language switch
EVIDENCE = b"Minutes of the meeting with the staff association\n"
EVIDENCE_SHA256 = hashlib.sha256(EVIDENCE).hexdigest()


def routes(application: FastAPI) -> list[tuple[str, str]]:
    found = route_table(application)
    assert len(found) >= 20  # the walk saw the included routers
    return found


# A question asked where no duty to consult was identified, as nothing in these tests says one was.
STAFF = "consultation/staff_association_no_duty"

def concrete(path: str, ref: str, board: str = "some-board") -> str:
    values = {
        "ref": ref,
        "board": board,
        "framework_id": "consultation",
        "section_id": "who",
        "question_id": STAFF.split("/")[1],
        "change_id": "1",
        "extension": "md",
        "token": "some-token",
        "thread_id": "1",
        "challenge_id": "1",
        "sha256": EVIDENCE_SHA256,
        "version": "1.0.0",
        "username": "bob",
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
    alice.post(f"/a/{ref}/answer/{STAFF}", {"answer": "dont_know", "revision": "0"})
    board = a_board(app, alice)
    _attach_evidence(alice, ref)
    checked = 0
    for method, path in routes(app):
        if "{ref}" not in path and "{board}" not in path:
            continue
        response = send(bob, method, concrete(path, ref, board))
        assert response.status_code == 404, (method, path, response.status_code)
        assert "staff" not in response.text.lower() and "Officer" not in response.text, (method, path)
        checked += 1
    assert checked >= 12
    # The owner and the chair, by contrast, reach them.
    assert alice.client.get(f"/a/{ref}").status_code == 200
    assert alice.client.get(f"/b/{board}").status_code == 200


def a_board(app: FastAPI, chair: Person) -> str:
    """A board chaired by `chair`, of two members who are neither alice nor bob."""
    for name in ("carol", "dave"):
        add_user(app, name)
    chair.page("/boards/new")
    made = chair.post("/boards/new", {"title": "Pilot board", "organisation": "A police force",
                                      "system": "Workforce analytics", "frameworks": ["consultation"],
                                      "members": "carol dave"})
    assert made.status_code == 303, made.text[:500]
    return str(made.headers["location"].rsplit("/", 1)[-1])


def test_every_route_but_sign_in_needs_an_account(app: FastAPI, alice: Person) -> None:
    """For every method: a change is sent with the valid CSRF token the sign-in page gives a visitor, so only
    the route's need for an account can refuse it."""
    ref = alice.start(["consultation"])
    board = a_board(app, alice)
    stranger = Person(app, "nobody")  # never signs in: an anonymous session, with the token /login gives it
    before = alice.client.get(f"/api/assessments/{ref}").json()
    checked = 0
    for method, path in routes(app):
        if path in PUBLIC:
            continue
        stranger.page("/login")  # a fresh token each time: signing out (allowed to anyone) ends the session
        response = send(stranger, method, concrete(path, ref, board))
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, path, response.status_code)
        else:
            assert response.status_code == 303, (method, path, response.status_code, response.text[:300])
            assert response.headers["location"].startswith("/login"), (method, path, response.headers["location"])
        checked += method != "GET"
    assert checked >= 20  # the changes were sent, not passed over
    assert alice.client.get(f"/api/assessments/{ref}").json() == before


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
        refused = bob.post(f"/a/{ref}/answer/{STAFF}", {"answer": "dont_know"})
        assert refused.status_code == 403
        api = bob.client.put(
            f"/api/assessments/{ref}/answers/{STAFF}",
            json={"answer": {"answer": "dont_know"}},
            headers={"X-CSRF-Token": bob.token},
        )
        assert api.status_code == 403
        assert bob.post(f"/a/{ref}/about", {"title": "Taken over"}).status_code == 403
        decision = {"decision": "proceed", "role": "Board", "date": "2026-11-30", "answers_hash": "0" * 64}
        assert bob.post(f"/a/{ref}/sign-off", decision).status_code == 403
        assert bob.post(f"/a/{ref}/next-review").status_code == 403
    state = alice.client.get(f"/api/assessments/{ref}").json()
    assert state["assessment"]["answers"] == {}
    assert state["assessment"]["title"] == "Officer-monitoring pilot"


def test_a_board_member_who_does_not_chair_it_cannot_change_it(app: FastAPI, alice: Person) -> None:
    board = a_board(app, alice)
    carol = Person(app, "carol")
    carol.sign_in()
    assert carol.client.get(f"/b/{board}").status_code == 200
    changing = [(m, p) for m, p in routes(app) if "{board}" in p and m not in ("GET", "HEAD")]
    assert changing
    for method, path in changing:
        response = send(carol, method, concrete(path, "no-such-ref", board))
        assert response.status_code == 403, (method, path, response.status_code)
    assert "Show the aggregation" not in carol.page(f"/b/{board}")
    assert 'id="agenda"' not in carol.page(f"/b/{board}")


def test_a_respondent_can_answer(app: FastAPI, alice: Person, bob: Person) -> None:
    ref = alice.start(["consultation"])
    alice.post(f"/a/{ref}/members", {"username": "bob", "role": "respondent"})
    bob.page(f"/a/{ref}/s/consultation/who")
    saved = bob.post(f"/a/{ref}/answer/{STAFF}", {"answer": "dont_know", "revision": "0"})
    assert saved.status_code == 303


def test_a_decision_maker_can_sign_off_but_not_answer_or_manage(app: FastAPI, alice: Person, bob: Person) -> None:
    ref = alice.start(["consultation"])
    assert alice.post(f"/a/{ref}/members", {"username": "bob", "role": "decision-maker"}).status_code == 303
    approve(app, alice, ref)
    page = bob.page(f"/a/{ref}/sign-off")
    digest = re.search(r'name="answers_hash" value="([0-9a-f]{64})"', page)
    assert digest is not None
    decision = {"decision": "pause", "role": "Chief officer", "date": "2026-11-30", "answers_hash": digest.group(1)}
    assert bob.post(f"/a/{ref}/sign-off", decision).status_code == 303
    bob.page(f"/a/{ref}/s/consultation/who")
    assert bob.post(f"/a/{ref}/answer/{STAFF}", {"answer": "dont_know"}).status_code == 403
    assert bob.post(f"/a/{ref}/about", {"title": "Taken over"}).status_code == 403
    assert bob.post(f"/a/{ref}/members", {"username": "alice", "role": "viewer"}).status_code == 403
    state = alice.client.get(f"/api/assessments/{ref}").json()["assessment"]
    assert state["answers"] == {} and [s["decision"] for s in state["sign_offs"]] == ["pause"]


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


def _attach_evidence(person: Person, ref: str) -> None:
    """A file on the answer the concrete paths name, so the file routes have something real to refuse."""
    person.page(f"/a/{ref}/s/consultation/who")
    response = person.client.post(f"/a/{ref}/files/{STAFF}", data={"csrf_token": person.token},
                                  files={"file": ("minutes.txt", EVIDENCE, "text/plain")})
    assert response.status_code == 303, response.text[:300]


def test_every_change_to_evidence_files_is_refused_to_a_viewer_who_can_still_download(
        app: FastAPI, alice: Person, bob: Person) -> None:
    ref = alice.start(["consultation"])
    _attach_evidence(alice, ref)
    alice.post(f"/a/{ref}/members", {"username": "bob", "role": "viewer"})
    bob.page(f"/a/{ref}/s/consultation/who")
    file_routes = [(m, p) for m, p in routes(app) if "/files/" in p]
    assert len(file_routes) >= 3
    for method, path in file_routes:
        url = concrete(path, ref)
        if method == "GET":
            response = bob.client.get(url)
            assert response.status_code == 200 and response.content == EVIDENCE, (method, path)
        else:
            files = {"file": ("other.txt", b"other", "text/plain")} if path.endswith("{question_id}") else None
            response = bob.client.post(url, data={"csrf_token": bob.token}, files=files)
            assert response.status_code == 403, (method, path, response.status_code)
    state = alice.client.get(f"/api/assessments/{ref}").json()
    assert [f["sha256"] for f in state["assessment"]["answers"]["consultation"][STAFF.split("/")[1]]["files"]] == [
        EVIDENCE_SHA256]
