"""'Not applicable' in the workspace's answer form: offered only where the framework allows it, the reason
required and its error shown beside its field, and the answer kept as the file format keeps it."""

from __future__ import annotations

import re

from fastapi import FastAPI

from tests.test_web_answers import state
from tests.web_support import Person

CONTRACT = "/answer/transparency/contract_disclosure"
REASON = "No supplier: the force's analysts built the tool and run it."


def test_not_applicable_with_its_reason_is_saved_and_shown_again(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["transparency"])
    page = alice.page(f"/a/{ref}/s/transparency/oversight")
    block = page[page.index('id="q-transparency--contract_disclosure"'):]
    block = block[:block.index("</section>")]
    assert 'value="__not_applicable__"' in block and 'name="not_applicable"' in block
    # A question the framework does not mark offers no such choice.
    other = page[page.index('id="q-transparency--oversight_access"'):]
    assert "__not_applicable__" not in other[:other.index("</section>")]
    response = alice.post(f"/a/{ref}{CONTRACT}", {"answer": "__not_applicable__", "not_applicable": REASON,
                                                  "note": "Checked with procurement", "revision": "0"})
    assert response.status_code == 303
    saved = state(alice, ref)["assessment"]["answers"]["transparency"]["contract_disclosure"]
    assert saved == {"not_applicable": REASON, "note": "Checked with procurement"}
    again = alice.page(f"/a/{ref}/s/transparency/oversight")
    assert re.search(r'value="__not_applicable__"\s+checked', again)
    assert REASON.replace("'", "&#39;") in again
    history = alice.page(f"/a/{ref}/history/transparency/contract_disclosure")
    assert "not applicable (No supplier" in history


def test_without_a_reason_the_error_is_beside_the_field_and_nothing_is_lost(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["transparency"])
    alice.page(f"/a/{ref}/s/transparency/oversight")
    response = alice.post(f"/a/{ref}{CONTRACT}", {"answer": "__not_applicable__", "not_applicable": "  ",
                                                  "note": "My careful note", "revision": "0"})
    assert response.status_code == 422
    assert re.search(r'aria-invalid="true" aria-describedby="err-na-transparency--contract_disclosure"',
                     response.text)
    assert 'id="err-na-transparency--contract_disclosure">say why this question does not apply' in response.text
    assert "My careful note" in response.text
    assert "transparency" not in state(alice, ref)["assessment"]["answers"]


def test_refused_where_the_framework_does_not_allow_it(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["transparency"])
    alice.page(f"/a/{ref}/s/transparency/oversight")
    response = alice.post(f"/a/{ref}/answer/transparency/oversight_access",
                          {"answer": "__not_applicable__", "not_applicable": "Because.", "revision": "0"})
    assert response.status_code == 422
    assert "cannot be answered" in response.text
    assert "transparency" not in state(alice, ref)["assessment"]["answers"]
