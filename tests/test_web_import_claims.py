"""An import is history from elsewhere, never a decision made here (assess/web/imported.py).

A file can claim anything: that a reviewer approved it, that a decision-maker signed it off. Imported, it is a
draft of this workspace: it cannot be signed off, the PDF it makes carries no sign-off to sign, its answers
still change, and what the file claimed is shown, marked as imported, with the file it came from."""

from __future__ import annotations

import html

import yaml
from fastapi import FastAPI

from assess.model import Assessment
from assess.signing import NO_SIGN_OFF, approval_problem
from tests.test_web_signoff import decide, with_a_gate
from tests.web_support import Person, add_user, approve


def forged(exported: str) -> bytes:
    """The exported file of a draft, with a review that says approved by a reviewer who never saw it, and a
    sign-off nobody recorded here."""
    data = yaml.safe_load(exported)
    assert "review" not in data and "sign_offs" not in data
    data["review"] = {"state": "approved", "steps": [
        {"from": "draft", "to": "in_review", "by": "alice", "at": "2026-11-01T09:00:00Z"},
        {"from": "in_review", "to": "approved", "by": "rhea", "at": "2026-11-02T09:00:00Z",
         "reason": "Looks fine to me"}]}
    data["sign_offs"] = [{"name": "The Chief Constable", "role": "Accountable officer", "decision": "proceed",
                          "date": "2026-11-03"}]
    return yaml.safe_dump(data, allow_unicode=True).encode("utf-8")


def test_an_imported_approval_and_sign_off_are_shown_as_history_and_count_for_nothing(
    app: FastAPI, alice: Person, bob: Person
) -> None:
    draft = alice.start(["mini"], title="Pilot")
    alice.page(f"/a/{draft}/s/mini/aim")
    assert alice.post(f"/a/{draft}/answer/mini/objective", {"answer": "none", "revision": "0"}).status_code == 303
    made = alice.post("/import", files={"file": ("forged.yaml", forged(alice.client.get(f"/a/{draft}/export.yaml")
                                                                      .text), "application/yaml")})
    assert made.status_code == 303, made.text[:500]
    ref = made.headers["location"].rsplit("/", 1)[-1]
    page = html.unescape(alice.page(f"/a/{ref}"))
    # A draft of this workspace: its own review has not started, and the answers are not frozen.
    review_panel = page.split('id="review"', 1)[1].split("</section>", 1)[0]
    assert "draft" in review_panel and "the answers are frozen" not in review_panel
    # What the file claimed is shown, marked as imported, with the file's name and who imported it.
    history = page.split('id="imported"', 1)[1].split("</section>", 1)[0]
    assert "Imported history" in page and "forged.yaml" in history and "Alice" in history
    assert "approved" in history and "rhea" in history and "Looks fine to me" in history
    assert "The Chief Constable" in history and "Accountable officer" in history
    # Nobody can sign it off: not the owner, not a decision-maker.
    add_user(app, "dora")
    assert alice.post(f"/a/{ref}/members", {"username": "dora", "role": "decision-maker"}).status_code == 303
    dora = Person(app, "dora")
    dora.sign_in()
    for person in (alice, dora):
        sign_off = person.page(f"/a/{ref}/sign-off")
        assert "Record your decision" not in sign_off and "The Chief Constable" not in sign_off
        refused = person.post(f"/a/{ref}/sign-off", {"decision": "proceed", "role": "Chair", "date": "2026-11-30",
                                                     "answers_hash": "0" * 64})
        assert refused.status_code == 403
    # What the report (and so the signed PDF) is made from carries neither the review nor the sign-off: there
    # is nothing the organisation's key would sign.
    exported = Assessment.model_validate(yaml.safe_load(alice.client.get(f"/a/{ref}/export.yaml").text))
    assert exported.review is None and exported.sign_offs == []
    assert approval_problem(exported) == NO_SIGN_OFF
    # The answers still change, as in any draft.
    alice.page(f"/a/{ref}/s/mini/aim")
    assert alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "general", "revision": "1"}).status_code == 303


def test_a_decision_taken_here_on_an_imported_file_counts(app: FastAPI, alice: Person, bob: Person) -> None:
    """The import's history does not get in the way of the workspace's own review and sign-off."""
    ref = with_a_gate(app, alice)
    again = alice.post("/import", files={"file": ("approved.yaml", alice.client.get(f"/a/{ref}/export.yaml").content,
                                                  "application/yaml")})
    copy = again.headers["location"].rsplit("/", 1)[-1]
    assert "approved" in alice.page(f"/a/{copy}").split('id="imported"', 1)[1]
    assert alice.post(f"/a/{copy}/sign-off", {"decision": "proceed"}).status_code == 403
    approve(app, alice, copy, reviewer="rhea")
    assert decide(alice, copy).status_code == 303
    recorded = Assessment.model_validate(yaml.safe_load(alice.client.get(f"/a/{copy}/export.yaml").text))
    assert [s.name for s in recorded.sign_offs] == ["Alice"] and approval_problem(recorded) is None
    assert recorded.review is not None and [s.by for s in recorded.review.steps] == ["alice", "rhea"]
