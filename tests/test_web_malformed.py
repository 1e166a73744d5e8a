"""Malformed JSON bodies against every JSON route that takes a body: a 422 with where the problem is, never a 500
(and never the input echoed back). schemathesis (tests/test_web_fuzz.py) generates bodies the schema describes;
these are the ones a parser chokes on, written out."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from assess.web.app import route_table
from tests.web_support import Person

MALFORMED = [
    b"{", b"", b"[]", b"null", b'"text"', b"\xff\xfe\x00", b"[" * 100_000 + b"]" * 100_000,
    b'{"answer": {"answer": 1e999}}', b'{"answer": {"answer": NaN}}',
    b'{"answer": {"answer": ' + b"9" * 5_000 + b"}}",
    b'{"answer": {"answer": "\\ud800"}}', b'{"answer": {"note": "n", "evidence": ["\\udfff"]}}',
    b'{"answer": {"answer": "x"}, "base_revision": 99999999999999999999999}',
    b'{"answer": {"answer": {"nested": [1, 2]}}}', b'{"answer": {"note": "' + b"n" * (1024 * 1024) + b'"}}',
]


def json_routes(app: FastAPI) -> list[tuple[str, str]]:
    return [(method, path) for method, path in route_table(app)
            if path.startswith("/api/") and method in ("POST", "PUT", "PATCH")]


def test_every_json_route_refuses_a_malformed_body_with_422(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}")
    routes = json_routes(app)
    assert routes, "the API takes a body somewhere"
    values = {"ref": ref, "framework_id": "mini", "question_id": "remarks"}
    alice.client.raise_server_exceptions = False
    failures = []
    for method, path in routes:
        url = path.format(**values)
        for body in MALFORMED:
            response = alice.client.request(method, url, content=body, headers={
                "X-CSRF-Token": alice.token, "content-type": "application/json"})
            problem = response.status_code != 422 or "json" not in response.headers.get("content-type", "")
            if problem or len(response.content) > 10_000:
                failures.append((method, url, body[:40], response.status_code, response.text[:200]))
    assert failures == []


@pytest.mark.parametrize("body", [b'{"answer": {"answer": "\\ud800"}}'])
def test_nothing_is_saved_from_a_refused_body(app: FastAPI, alice: Person, body: bytes) -> None:
    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}")
    alice.client.put(f"/api/assessments/{ref}/answers/mini/remarks", content=body,
                     headers={"X-CSRF-Token": alice.token, "content-type": "application/json"})
    assert "remarks" not in alice.client.get(f"/api/assessments/{ref}").json()["assessment"]["answers"].get("mini", {})
