"""Fuzz every operation in the workspace's /openapi.json with schemathesis: whatever arrives, no 500.

The app runs in process (ASGI). Each generated request is sent by one of three people, drawn with the request:
the assessment's owner (an administrator), a member who may answer, or a signed-in person who is not a
member; with the session cookie and the CSRF header, so the requests get past sign-in and CSRF into the code
behind them. (Drawn, not all three each time: the same reach for a third of the requests.)
Path parameters are drawn partly from what exists (the real assessment, its frameworks, sections and
questions), since random strings would only ever find the 404.

Three pages read their form themselves (`request.form()`), so FastAPI cannot describe their fields; the
test adds those fields to the schema it fuzzes, so they are fuzzed too.

Bounded and reproducible: a fixed number of examples per operation, derandomised, and no per-example
deadline (the number of examples bounds the time; a deadline would flake on a loaded machine).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable

from assess.web.app import SESSION_COOKIE
from tests.web_support import Person, add_user

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e .[dev])")
from schemathesis.checks import not_a_server_error  # noqa: E402

# Examples per operation: valid requests by the schema, then requests that break it (wrong types, missing fields).
EXAMPLES = {"positive": 14, "negative": 6}
TEXT = {"type": "string"}
ABOUT_FIELDS = ("title", "organisation", "system", "stage", "perspective", "respondent", "classification")


def _form(properties: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": properties}}}}


def described(raw: dict[str, Any], frameworks: list[str]) -> dict[str, Any]:
    """The app's own schema, plus the form fields of the pages that read their form by hand."""
    schema = copy.deepcopy(raw)
    paths = schema["paths"]
    chosen = {"type": "array", "items": {"anyOf": [{"enum": frameworks}, TEXT]}}
    paths["/new"]["post"]["requestBody"] = _form({**{k: TEXT for k in ABOUT_FIELDS}, "frameworks": chosen})
    paths["/a/{ref}/about"]["post"]["requestBody"] = _form({**{k: TEXT for k in ABOUT_FIELDS}, "date": TEXT})
    answer = {"answer": {"type": "array", "items": TEXT}, "note": TEXT, "evidence": TEXT, "confidence": TEXT,
              "revision": TEXT}
    paths["/a/{ref}/answer/{framework_id}/{question_id}"]["post"]["requestBody"] = _form(answer)
    return schema


@dataclass
class World:
    app: FastAPI
    ref: str
    people: list[Person]
    sections: list[tuple[str, str]]
    questions: list[tuple[str, str]]


@pytest.fixture
def world(app: FastAPI, alice: Person, bob: Person) -> World:
    add_user(app, "carol")
    carol = Person(app, "carol")
    carol.sign_in()
    ref = alice.start(["consultation", "article8-privacy"])
    response = alice.post(f"/a/{ref}/members", {"username": "bob", "role": "respondent"})
    assert response.status_code == 303, response.text[:300]
    library = app.state.library
    sections, questions = [], []
    for fid in ("consultation", "article8-privacy"):
        framework = library.load(fid)
        sections += [(fid, s.id) for s in framework.sections]
        questions += [(fid, q.id) for q in framework.questions()]
    return World(app, ref, [alice, bob, carol], sections, questions)


def api_schema(world: World) -> Any:
    raw = TestClient(world.app).get("/openapi.json").json()
    loaded = schemathesis.openapi.from_dict(described(raw, list(world.app.state.library.ids())))
    loaded.app = world.app
    loaded.location = "/openapi.json"
    return loaded


def _aim(case: Any, data: Any, world: World) -> None:
    """Point some generated path parameters at things that exist, so the code past the 404 is fuzzed."""
    params = case.path_parameters
    if not params:
        return
    if "ref" in params:
        params["ref"] = data.draw(st.sampled_from([world.ref, world.ref, params["ref"]]), label="ref")
    if "section_id" in params:
        pair = data.draw(st.sampled_from([*world.sections, (params["framework_id"], params["section_id"])]))
        params["framework_id"], params["section_id"] = pair
    elif "question_id" in params:
        pair = data.draw(st.sampled_from([*world.questions, (params["framework_id"], params["question_id"])]))
        params["framework_id"], params["question_id"] = pair
    if "extension" in params:
        # A PDF takes seconds to render; the report routes have their own tests.
        params["extension"] = data.draw(st.sampled_from(["md", "html", "json", params["extension"]]))


def fuzz(operation: Any, world: World, mode: str) -> None:
    # Each operation's strategy drives a plain hypothesis test: schemathesis's own pytest integration for
    # fixture-made schemas (`schemathesis.pytest.from_fixture`) fails on pytest 9 ('Function' has no '_nodeid').
    @given(case=operation.as_strategy(schemathesis.GenerationMode(mode)), data=st.data())
    @settings(max_examples=EXAMPLES[mode], derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.generate, Phase.shrink])
    def someone_sends(case: Any, data: Any) -> None:
        _aim(case, data, world)
        person = data.draw(st.sampled_from(world.people), label="person")
        cookie = person.client.cookies.get(SESSION_COOKIE)
        assert cookie, person.username
        response = case.call(cookies={SESSION_COOKIE: cookie}, headers={"X-CSRF-Token": person.token})
        case.validate_response(response, checks=[not_a_server_error])

    someone_sends()


def test_no_request_makes_a_server_error(world: World) -> None:
    failures: list[str] = []
    operations = [found.ok() for found in api_schema(world).get_all_operations()]
    assert len(operations) >= 20, "the schema lost its operations"
    for operation in operations:
        for mode in EXAMPLES:
            try:
                fuzz(operation, world, mode)
            except Unsatisfiable:
                assert mode == "negative", operation.path  # nothing in a parameterless operation can be broken
            except Exception as exc:  # noqa: BLE001 - every operation is fuzzed, then all failures are shown
                failures.append(f"{operation.method.upper()} {operation.path} ({mode}): {exc}")
    assert not failures, "\n\n".join(failures)


# Regression tests for what the fuzzing found.


def test_restoring_a_change_whose_id_no_database_can_hold_is_not_found(alice: Person) -> None:
    # It was a 500: SQLite cannot take an integer past 2**63 as a parameter, nor PostgreSQL one past 2**31.
    ref = alice.start(["consultation"])
    for change_id in (2**31, 2**63, 10**30):
        url = f"/a/{ref}/history/consultation/staff_association_no_duty/{change_id}/restore"
        assert alice.post(url).status_code == 404, change_id


def test_a_nul_character_is_refused_as_bad_input_not_a_server_error(app: FastAPI, alice: Person) -> None:
    # It was a 500 on PostgreSQL, whose text columns cannot hold NUL: now a 400 saying so. SQLite stores it,
    # so there the name or reference simply matches nothing.
    ref = alice.start(["consultation"])
    refused = 400 if app.state.engine.dialect.name == "postgresql" else None
    login = alice.client.post("/login", data={"username": "ali\x00ce", "password": "x", "csrf_token": alice.token})
    assert login.status_code == (refused or 401)
    assert alice.client.get(f"/a/{ref}%00").status_code == (refused or 404)
    answer = {"answer": {"answer": "formal_consultation", "note": "before\x00after"}}
    put = alice.client.put(f"/api/assessments/{ref}/answers/consultation/staff_association_no_duty", json=answer,
                           headers={"X-CSRF-Token": alice.token})
    # An answer is stored as JSON, which holds NUL as an escape on both databases: saved, and read back whole.
    assert put.status_code == 200, put.text
    state = alice.client.get(f"/api/assessments/{ref}").json()
    assert state["assessment"]["answers"]["consultation"]["staff_association_no_duty"]["note"] == "before\x00after"
