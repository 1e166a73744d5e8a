"""The limits on what a person writes are the model's, so every way in enforces the same ones: the answer
form, the API, a YAML import, a bundle, the action plan spreadsheet, the about form (docs/limits.md)."""

from __future__ import annotations

import io
import re

import pytest
import yaml
from fastapi import FastAPI
from pydantic import ValidationError

from assess.bundle import write_bundle
from assess.model import (
    MAX_EVIDENCE_ITEM,
    MAX_EVIDENCE_ITEMS,
    MAX_LONG_TEXT,
    MAX_SHORT_TEXT,
    Answer,
    PlanEntry,
    SignOff,
)
from tests.web_support import Person


def test_the_limits_are_on_the_model() -> None:
    Answer(note="n" * MAX_LONG_TEXT, evidence=["e" * MAX_EVIDENCE_ITEM] * MAX_EVIDENCE_ITEMS)
    for bad in ({"note": "n" * (MAX_LONG_TEXT + 1)}, {"evidence": ["e"] * (MAX_EVIDENCE_ITEMS + 1)},
                {"evidence": ["e" * (MAX_EVIDENCE_ITEM + 1)]}, {"answer": "t" * (MAX_LONG_TEXT + 1)},
                {"answer": ["a"] * 1001}):
        with pytest.raises(ValidationError):
            Answer.model_validate(bad)
    PlanEntry(owner="o" * MAX_SHORT_TEXT)
    with pytest.raises(ValidationError):
        PlanEntry(owner="o" * (MAX_SHORT_TEXT + 1))
    with pytest.raises(ValidationError):
        SignOff.model_validate({"name": "A", "role": "B", "decision": "proceed", "date": "2026-01-01",
                                "conditions": ["c"] * 101})


def _put(person: Person, ref: str, question: str, answer: dict[str, object]):  # type: ignore[no-untyped-def]
    return person.client.put(f"/api/assessments/{ref}/answers/mini/{question}", json={"answer": answer},
                             headers={"X-CSRF-Token": person.token})


def test_the_api_refuses_what_the_form_refuses(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}/s/mini/aim")
    assert _put(alice, ref, "objective", {"answer": "dont_know", "note": "n" * MAX_LONG_TEXT}).status_code == 200
    megabyte = _put(alice, ref, "objective", {"answer": "dont_know", "note": "n" * 1024 * 1024})
    assert megabyte.status_code == 422 and "20000" in megabyte.text
    assert _put(alice, ref, "objective", {"answer": "dont_know",
                                          "evidence": ["e"] * (MAX_EVIDENCE_ITEMS + 1)}).status_code == 422
    assert _put(alice, ref, "objective", {"answer": "dont_know",
                                          "evidence": ["e" * (MAX_EVIDENCE_ITEM + 1)]}).status_code == 422
    assert _put(alice, ref, "remarks", {"answer": "t" * (MAX_LONG_TEXT + 1)}).status_code == 422
    saved = alice.client.get(f"/api/assessments/{ref}").json()["assessment"]["answers"]["mini"]["objective"]
    assert len(saved["note"]) == MAX_LONG_TEXT and not saved.get("evidence")


def test_the_form_refuses_an_evidence_line_past_the_limit(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}/s/mini/aim")
    long_line = "e" * (MAX_EVIDENCE_ITEM + 1)
    refused = alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "dont_know", "evidence": long_line,
                                                            "revision": "0"})
    assert refused.status_code == 422 and "an evidence item is at most 2,000 characters" in refused.text
    assert long_line in refused.text  # what was typed is shown again, not lost


def _exported(alice: Person, ref: str) -> dict[str, object]:
    found: dict[str, object] = yaml.safe_load(alice.client.get(f"/a/{ref}/export.yaml").text)
    return found


def test_an_import_past_the_limits_is_refused_where_it_is(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}/s/mini/aim")
    assert _put(alice, ref, "objective", {"answer": "dont_know", "note": "short"}).status_code == 200
    document = _exported(alice, ref)
    document["answers"]["mini"]["objective"]["note"] = "n" * (MAX_LONG_TEXT + 1)  # type: ignore[index]
    document["action_plan"] = {"mini": {"objective": {"owner": "o" * (MAX_SHORT_TEXT + 1)}}}
    text = yaml.safe_dump(document, sort_keys=False)
    alice.page("/")
    refused = alice.post("/import", files={"file": ("big.yaml", text.encode(), "application/yaml")})
    assert refused.status_code == 422
    note_line = next(n for n, line in enumerate(text.splitlines(), start=1) if line.strip().startswith("note:"))
    assert re.search(rf"big\.yaml:{note_line}:\d+: error: .*20000", refused.text), refused.text[-3000:]
    assert "500" in refused.text  # the owner, located too
    # The same YAML inside a bundle is refused the same way.
    alice.page("/")
    bundle = write_bundle(text, {})
    refused = alice.post("/import", files={"file": ("big.zip", bundle, "application/zip")})
    assert refused.status_code == 422 and re.search(r"error: .*20000", refused.text)


def test_a_plan_cell_past_the_limit_is_refused_at_its_cell(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}/plan")
    sheet = io.StringIO()
    sheet.write("Question ID,Owner,Due,Status\r\n")
    sheet.write(f"mini.objective,{'o' * (MAX_SHORT_TEXT + 1)},,open\r\n")
    refused = alice.post(f"/a/{ref}/plan", files={"file": ("plan.csv", sheet.getvalue().encode(), "text/csv")})
    assert refused.status_code == 422
    assert "plan.csv:2:2: error: an owner is at most 500 characters, not 501" in refused.text
    # A megabyte in one cell is past even the csv module's own field limit: located, not a server error.
    huge = f"Question ID,Owner,Due,Status\r\nmini.objective,{'o' * 1024 * 1024},,open\r\n".encode()
    refused = alice.post(f"/a/{ref}/plan", files={"file": ("plan.csv", huge, "text/csv")})
    assert refused.status_code == 422 and "plan.csv:2:1: error: not a readable CSV file: field larger" in refused.text
    assert "action_plan" not in alice.client.get(f"/a/{ref}/export.yaml").text


def test_the_about_form_bounds_every_field(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    page = alice.page(f"/a/{ref}/about")
    assert f'maxlength="{MAX_SHORT_TEXT}"' in page  # the browser's limit is the model's
    fields = {"title": "T", "organisation": "O", "system": "S", "stage": "", "perspective": "",
              "respondent": "r" * (MAX_SHORT_TEXT + 1), "classification": "c" * (MAX_SHORT_TEXT + 1), "date": ""}
    refused = alice.post(f"/a/{ref}/about", fields)
    assert refused.status_code == 422
    assert 'id="respondent-error">At most 500 characters.' in refused.text
    assert 'id="classification-error">At most 500 characters.' in refused.text
    assert "r" * (MAX_SHORT_TEXT + 1) in refused.text  # kept as typed


def test_a_sign_off_capacity_past_the_limit_is_refused_not_cut(app: FastAPI, alice: Person) -> None:
    from tests.test_web_signoff import decide, with_a_gate

    ref = with_a_gate(app, alice)
    page = alice.page(f"/a/{ref}/sign-off")
    assert f'id="sign-role" name="role" required maxlength="{MAX_SHORT_TEXT}"' in page
    role = "r" * (MAX_SHORT_TEXT + 1)
    refused = decide(alice, ref, role=role)
    assert refused.status_code == 422 and role in refused.text  # kept as typed, and nothing recorded
    assert "sign_offs" not in alice.client.get(f"/a/{ref}/export.yaml").text
