"""Answering in the workspace, as people do it: with and without JavaScript, two at once, and back out
as a file that `assess` scores exactly as the database does."""

from __future__ import annotations

import re

import pytest
import yaml
from fastapi import FastAPI

from assess.loading import FrameworkLibrary, assessment_from_document
from assess.scoring import score
from assess.yamlsource import parse_document
from tests.web_support import Person

# Where no duty to consult was identified (nothing says one was), the staff association's question is this one.
STAFF = "/answer/consultation/staff_association_no_duty"


def state(person: Person, ref: str) -> dict:  # type: ignore[type-arg]
    response = person.client.get(f"/api/assessments/{ref}")
    assert response.status_code == 200
    found = response.json()
    for answers in found["assessment"]["answers"].values():  # as in a file: unset fields left out
        for qid, answer in answers.items():
            answers[qid] = {k: v for k, v in answer.items() if v not in (None, [])}
    return found  # type: ignore[no-any-return]


def test_a_form_post_without_javascript_saves_and_returns_to_the_question(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["consultation"])
    page = alice.page(f"/a/{ref}/s/consultation/who")
    assert "Save this answer" in page  # the button a browser without JavaScript shows
    response = alice.post(f"/a/{ref}{STAFF}", {"answer": "dont_know", "note": "Asked the branch; no reply yet",
                                               "evidence": "Branch minutes, 3 June\nhttps://example.org/x",
                                               "confidence": "asserted", "revision": "0"})
    assert response.status_code == 303
    assert response.headers["location"].endswith("#q-consultation--staff_association_no_duty")
    saved = state(alice, ref)["assessment"]["answers"]["consultation"]["staff_association_no_duty"]
    # "Don't know" carries no confidence: it would mean nothing.
    assert saved == {"answer": "dont_know", "note": "Asked the branch; no reply yet",
                     "evidence": ["Branch minutes, 3 June", "https://example.org/x"]}


def test_with_htmx_a_save_says_so_and_updates_the_standing(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["consultation"])
    alice.page(f"/a/{ref}/s/consultation/who")
    response = alice.post(f"/a/{ref}{STAFF}", {"answer": "dont_know", "revision": "0"}, htmx=True)
    assert response.status_code == 200
    assert re.search(r"Saved at \d\d:\d\d:\d\d", response.text)
    assert 'id="rev-consultation--staff_association_no_duty" value="1" hx-swap-oob="true"' in response.text
    assert 'id="status"' in response.text and "1 of" in response.text  # the standing, swapped out of band


def test_a_bad_answer_is_shown_beside_its_field_and_nothing_typed_is_lost(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["consultation"])
    alice.page(f"/a/{ref}/s/consultation/who")
    response = alice.post(f"/a/{ref}{STAFF}", {"answer": "not-an-option", "note": "My careful note", "revision": "0"})
    assert response.status_code == 422
    assert "not one of this question&#39;s options" in response.text
    assert "My careful note" in response.text
    assert "consultation" not in state(alice, ref)["assessment"]["answers"]


def test_an_answer_that_hides_questions_keeps_their_answers_and_names_them(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}/s/mini/aim")
    assert alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "specific", "revision": "0"}).status_code == 303
    assert alice.post(f"/a/{ref}/answer/mini/link", {"answer": "validated", "note": "Audit 2026",
                                                     "revision": "0"}).status_code == 303
    page = alice.page(f"/a/{ref}/s/mini/aim")
    assert 'id="q-mini--link" hidden' not in page
    response = alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "none", "revision": "1"}, htmx=True)
    assert "hides 1 question answered before" in response.text and "Its answer is kept" in response.text
    # The hidden question is swapped out of band, hidden, with its answer still in it.
    block = re.search(r'id="q-mini--link" hidden\s+hx-swap-oob="true".*?</section>', response.text, re.S)
    assert block is not None and 'value="validated"\n           checked' in block.group(0)
    # Off the record while hidden: not in the API's assessment, the export or the score.
    found = state(alice, ref)
    assert found["assessment"]["answers"]["mini"] == {"objective": {"answer": "none"}}
    assert found["result"]["frameworks"][0]["ignored_answers"] == []
    exported = yaml.safe_load(alice.client.get(f"/a/{ref}/export.yaml").text)
    assert exported["answers"] == {"mini": {"objective": {"answer": "none"}}}
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(alice.client.get(f"/a/{ref}/export.zip").content)) as bundle:
        assert yaml.safe_load(bundle.read("assessment.yaml"))["answers"] == exported["answers"]
    report = alice.client.get(f"/a/{ref}/report.md").text
    assert "Audit 2026" not in report and "Independently validated" not in report
    history = alice.page(f"/a/{ref}/history/mini/link")
    assert "hidden by the answer" not in history  # nothing was written to it: its history is as it was
    # Answering again brings the question back with its answer as it was.
    response = alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "general", "revision": "2"}, htmx=True)
    assert re.search(r'id="q-mini--link"\s+hx-swap-oob="true"', response.text)
    assert state(alice, ref)["assessment"]["answers"]["mini"]["link"] == {"answer": "validated", "note": "Audit 2026"}
    assert state(alice, ref)["revisions"]["mini.link"] == 1


def test_every_type_of_question_is_answered_through_its_form(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}/s/mini/data")
    given = {"categories": ["work", "health"], "safeguards": ["audit", "review"], "consulted": "yes", "trust": "4",
             "headcount": "46,000", "golive": "2026-05-01", "remarks": "Piloted on one command first."}
    for qid, value in given.items():
        response = alice.post(f"/a/{ref}/answer/mini/{qid}", {"answer": value, "revision": "0"})
        assert response.status_code == 303, (qid, response.text[:400])
    answers = state(alice, ref)["assessment"]["answers"]["mini"]
    assert {qid: a["answer"] for qid, a in answers.items()} == {
        "categories": ["work", "health"], "safeguards": ["audit", "review"], "consulted": "yes", "trust": 4,
        "headcount": 46000, "golive": "2026-05-01", "remarks": "Piloted on one command first."}
    # An exclusive option ticked with others is refused in words, by its label.
    bad = alice.post(f"/a/{ref}/answer/mini/safeguards", {"answer": ["audit", "none"], "revision": "1"})
    assert bad.status_code == 422 and "“None of these” cannot be ticked together with other options" in bad.text
    for qid, value, message in (("trust", "9", "choose a whole number from 1 to 5"),
                                ("headcount", "lots", "enter a number"), ("headcount", "nan", "enter a number"),
                                ("golive", "May 2026", "enter a date as YYYY-MM-DD")):
        refused = alice.post(f"/a/{ref}/answer/mini/{qid}", {"answer": value, "revision": "1"})
        assert refused.status_code == 422 and message in refused.text, (qid, value)
        if qid != "trust":  # a scale is radio buttons: there is no typed text to keep
            assert f'value="{value}"' in refused.text  # what was typed is still in the field


def test_two_people_on_one_answer_the_second_save_is_not_lost(app: FastAPI, alice: Person, bob: Person) -> None:
    ref = alice.start(["consultation"])
    alice.post(f"/a/{ref}/members", {"username": "bob", "role": "respondent"})
    alice.page(f"/a/{ref}/s/consultation/who")
    bob.page(f"/a/{ref}/s/consultation/who")
    first = alice.post(f"/a/{ref}{STAFF}", {"answer": "dont_know", "revision": "0"}, htmx=True)
    assert "Saved" in first.text
    second = bob.post(f"/a/{ref}{STAFF}", {"answer": "dont_know", "note": "Bob's own view", "revision": "0"},
                      htmx=True)
    assert "Alice saved a different answer" in second.text and "Save mine over theirs" in second.text
    answers = state(bob, ref)["assessment"]["answers"]["consultation"]
    assert answers["staff_association_no_duty"] == {"answer": "dont_know"}
    # Bob chooses to keep his: the page now carries Alice's revision, so his save goes through.
    third = bob.post(f"/a/{ref}{STAFF}", {"answer": "dont_know", "note": "Bob's own view", "revision": "1"},
                     htmx=True)
    assert "Saved" in third.text
    saved = state(alice, ref)["assessment"]["answers"]["consultation"]["staff_association_no_duty"]
    assert saved["note"] == "Bob's own view"
    # Without JavaScript the conflict comes back as the page, with Bob's text still in the form.
    stale = alice.post(f"/a/{ref}{STAFF}", {"answer": "dont_know", "note": "Alice again", "revision": "1"})
    assert stale.status_code == 409 and "Alice again" in stale.text and "Bob saved a different answer" in stale.text


def test_two_people_on_different_questions_never_interfere(app: FastAPI, alice: Person, bob: Person) -> None:
    ref = alice.start(["consultation"])
    alice.post(f"/a/{ref}/members", {"username": "bob", "role": "respondent"})
    alice.page(f"/a/{ref}/s/consultation/who")
    bob.page(f"/a/{ref}/s/consultation/who")
    assert alice.post(f"/a/{ref}{STAFF}", {"answer": "dont_know", "revision": "0"}).status_code == 303
    assert bob.post(f"/a/{ref}/answer/consultation/duty_identified",
                    {"answer": "dont_know", "revision": "0"}).status_code == 303
    answers = state(alice, ref)["assessment"]["answers"]["consultation"]
    assert set(answers) == {"staff_association_no_duty", "duty_identified"}


def test_history_keeps_every_value_and_restores_an_earlier_one(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["consultation"])
    alice.page(f"/a/{ref}/s/consultation/who")
    options = _options(alice, ref, "staff_association_no_duty")
    alice.post(f"/a/{ref}{STAFF}", {"answer": options[0], "revision": "0"})
    alice.post(f"/a/{ref}{STAFF}", {"answer": options[-1], "revision": "1"})
    page = alice.page(f"/a/{ref}/history/consultation/staff_association_no_duty")
    assert page.count("<tr><td>") == 2 and "Restore this" in page
    restore = re.search(r'action="(/a/[^"]+/restore)"', page)
    assert restore is not None
    assert alice.post(restore.group(1)).status_code == 303
    answers = state(alice, ref)["assessment"]["answers"]["consultation"]
    assert answers["staff_association_no_duty"] == {"answer": options[0]}
    assert alice.page(f"/a/{ref}/history/consultation/staff_association_no_duty").count("<tr><td>") == 3


def _options(person: Person, ref: str, question: str) -> list[str]:
    page = person.page(f"/a/{ref}/s/consultation/who")
    block = page.split(f'id="q-consultation--{question}"', 1)[1].split("</section>", 1)[0]
    return [v for v in re.findall(r'name="answer" value="([^"]+)"', block) if v != "dont_know"]


def test_export_then_import_is_lossless_and_scores_as_the_database(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["consultation", "human-oversight"])
    alice.post(f"/a/{ref}/about", {"title": "Pilot review", "organisation": "A police force", "system": "Analytics",
                                   "stage": "pilot", "perspective": "ethics-board", "respondent": "A. Member",
                                   "classification": "OFFICIAL-SENSITIVE", "date": "2026-06-01"})
    alice.page(f"/a/{ref}/s/consultation/who")
    options = _options(alice, ref, "staff_association_no_duty")
    alice.post(f"/a/{ref}{STAFF}", {"answer": options[1], "note": "Told after the pilot began",
                                    "evidence": "Federation statement", "confidence": "documented", "revision": "0"})
    exported = alice.client.get(f"/a/{ref}/export.yaml")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("application/yaml")
    text = exported.content
    data = yaml.safe_load(text)
    assert data["title"] == "Pilot review" and data["classification"] == "OFFICIAL-SENSITIVE"
    assert data["respondent"] == {"name": "A. Member", "perspective": "ethics-board"}
    # The exported file scores exactly as the workspace does.
    library = FrameworkLibrary()
    assessment, frameworks = assessment_from_document(parse_document(text, "export.yaml"), library)
    assert score(frameworks, assessment).model_dump(mode="json", by_alias=True) == state(alice, ref)["result"]
    # Imported again, it is the same assessment.
    imported = alice.post("/import", files={"file": ("export.yaml", text, "application/yaml")})
    assert imported.status_code == 303
    second = imported.headers["location"].rsplit("/", 1)[-1]
    assert second != ref
    assert alice.client.get(f"/a/{second}/export.yaml").content == text


def test_a_bad_import_shows_located_errors_beside_the_upload(app: FastAPI, alice: Person) -> None:
    alice.page("/")
    bad = (b"schema: assess/assessment@1\ntitle: X\nsubject: {organisation: A, system: B}\n"
           b"frameworks:\n  nope: {version: 1.0.0}\n")
    response = alice.post("/import", files={"file": ("mine.yaml", bad, "application/yaml")})
    assert response.status_code == 422
    assert "mine.yaml:5:3: error: unknown framework &#39;nope&#39;" in response.text
    assert 'aria-invalid="true"' in response.text


def test_a_new_assessment_keeps_what_was_typed_when_a_field_is_missing(app: FastAPI, alice: Person) -> None:
    alice.page("/new")
    response = alice.post("/new", {"title": "", "organisation": "My force", "system": "Flags", "frameworks": []})
    assert response.status_code == 422
    assert 'id="title-error">Give a title.' in response.text
    assert 'id="frameworks-error">Choose at least one framework.' in response.text
    assert 'value="My force"' in response.text and 'value="Flags"' in response.text


def test_reports_download_in_every_format(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["consultation"])
    for extension, marker in (("md", b"# "), ("json", b'"verdict"'), ("html", b"<html")):
        response = alice.client.get(f"/a/{ref}/report.{extension}")
        assert response.status_code == 200, extension
        assert marker in response.content, extension
    assert alice.client.get(f"/a/{ref}/report.exe").status_code == 404


def test_frameworks_can_be_added_later_and_answers_stay(app: FastAPI, alice: Person, bob: Person) -> None:
    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}/s/mini/aim")
    alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "general", "revision": "0"})
    page = alice.page(f"/a/{ref}/about")
    assert 'id="add-consultation"' in page and 'id="add-mini"' not in page
    assert alice.post(f"/a/{ref}/frameworks", {"frameworks": ["consultation"]}).status_code == 303
    assessment = state(alice, ref)["assessment"]
    assert list(assessment["frameworks"]) == ["mini", "consultation"]
    assert assessment["frameworks"]["consultation"]["sha256"]  # pinned as it is now
    assert assessment["answers"] == {"mini": {"objective": {"answer": "general"}}}
    alice.post(f"/a/{ref}/members", {"username": "bob", "role": "respondent"})
    bob.page(f"/a/{ref}")
    assert bob.post(f"/a/{ref}/frameworks", {"frameworks": ["equality"]}).status_code == 403


@pytest.mark.parametrize("role", ["viewer", "decision-maker", "reviewer"])
def test_those_who_may_not_answer_read_the_answers_as_text(app: FastAPI, alice: Person, bob: Person,
                                                           role: str) -> None:
    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}/s/mini/aim")
    given = {"answer": "general", "note": "In the <b>brief</b>", "evidence": "Minutes, 3 June", "revision": "0"}
    assert alice.post(f"/a/{ref}/answer/mini/objective", given).status_code == 303
    assert alice.post(f"/a/{ref}/members", {"username": "bob", "role": role}).status_code == 303
    page = bob.page(f"/a/{ref}/s/mini/aim")
    assert "data-saves" not in page and 'name="answer"' not in page and "<textarea" not in page
    assert "<strong><bdi>General</bdi></strong>" in page
    assert "In the &lt;b&gt;brief&lt;/b&gt;" in page and "Minutes, 3 June" in page
    assert 'id="q-mini--link"' in page  # shown ("General" does not hide it), unanswered
    assert "Not answered yet" in page
    words = "Challenge or comment on this answer" if role == "reviewer" else "Comment on this answer"
    assert f'/a/{ref}/q/mini/objective/discussion">{words}' in page
    # The owner, who may answer, still gets the form.
    assert "data-saves" in alice.page(f"/a/{ref}/s/mini/aim")
