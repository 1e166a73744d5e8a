"""The review in the workspace: its states and who may move them, challenges, comment threads with mentions,
approval freezing the answers (every answer-changing route, generated from the route table), and the review
travelling in the exported file and back in through the import."""

from __future__ import annotations

import re

import pytest
import yaml
from fastapi import FastAPI

from assess.fingerprint import answers_sha256
from assess.model import Assessment
from assess.web.app import route_table
from tests.test_web_access import concrete
from tests.web_support import Person, add_user

ASK = "/a/{ref}/answer/consultation/staff_association_no_duty"
FROZEN = "approved, so its answers are frozen"


@pytest.fixture
def carol(app: FastAPI) -> Person:
    add_user(app, "carol")
    person = Person(app, "carol")
    person.sign_in()
    return person


def team(alice: Person, bob: Person, carol: Person) -> str:
    """An assessment owned by alice, with bob its respondent and carol its reviewer; one answer given."""
    ref = alice.start(["consultation"])
    assert alice.post(f"/a/{ref}/members", {"username": "bob", "role": "respondent"}).status_code == 303
    assert alice.post(f"/a/{ref}/members", {"username": "carol", "role": "reviewer"}).status_code == 303
    answer(bob, ref, "dont_know")
    for person in (bob, carol):
        person.page(f"/a/{ref}")
    return ref


def answer(person: Person, ref: str, value: str, question: str = "staff_association_no_duty") -> None:
    state = person.client.get(f"/api/assessments/{ref}").json()
    revision = state["revisions"].get(f"consultation.{question}", 0)
    saved = person.post(f"/a/{ref}/answer/consultation/{question}", {"answer": value, "revision": str(revision)})
    assert saved.status_code == 303, saved.text[:400]


def exported(person: Person, ref: str) -> str:
    response = person.client.get(f"/a/{ref}/export.yaml")
    assert response.status_code == 200
    return response.text


def review_of(person: Person, ref: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(exported(person, ref)).get("review", {})


def test_the_review_goes_draft_to_in_review_to_returned_and_back_to_approved(
    app: FastAPI, alice: Person, bob: Person, carol: Person
) -> None:
    ref = team(alice, bob, carol)
    assert bob.post(f"/a/{ref}/review/submit", {"reason": "Ready"}).status_code == 303
    assert carol.post(f"/a/{ref}/review/return", {"reason": "Say who was consulted, and when."}).status_code == 303
    assert bob.post(f"/a/{ref}/review/submit").status_code == 303
    assert carol.post(f"/a/{ref}/review/approve", {"reason": "Agreed at the board"}).status_code == 303
    review = review_of(alice, ref)
    assert review["state"] == "approved"
    assert [(s["from"], s["to"], s["by"], s.get("reason")) for s in review["steps"]] == [
        ("draft", "in_review", "bob", "Ready"),
        ("in_review", "returned", "carol", "Say who was consulted, and when."),
        ("returned", "in_review", "bob", None),
        ("in_review", "approved", "carol", "Agreed at the board"),
    ]
    page = alice.page(f"/a/{ref}")
    timeline = page[page.index('class="timeline"'):]
    assert timeline.index("Ready") < timeline.index("Say who was consulted") < timeline.index("Agreed at the board")
    assert "the answers are frozen" in page


@pytest.mark.parametrize(
    ("steps", "who", "action", "data", "status", "message"),
    [
        ([], "carol", "approve", {}, 409, "The assessment is draft: it cannot be approved now."),
        ([], "carol", "return", {"reason": "x"}, 409, "The assessment is draft: it cannot be returned now."),
        (["submit"], "bob", "submit", {}, 409, "The assessment is in review: it cannot be submitted now."),
        (["submit"], "carol", "return", {"reason": "  "}, 422, "a reason is required"),
        (["submit"], "bob", "approve", {}, 403, "Only a reviewer can approve or return"),
        (["submit"], "alice", "return", {"reason": "mine"}, 403, "Only a reviewer can approve or return"),
        ([], "carol", "submit", {}, 403, "Only an owner or a respondent can submit"),
        (["submit", "approve"], "bob", "submit", {}, 409, "The assessment is approved: it cannot be submitted"),
        (["submit", "approve"], "carol", "return", {"reason": "late"}, 409, "is approved: it cannot be returned"),
    ],
)
def test_a_step_the_rules_do_not_allow_is_refused_with_a_message(
    app: FastAPI, alice: Person, bob: Person, carol: Person, steps: list[str], who: str, action: str,
    data: dict[str, str], status: int, message: str,
) -> None:
    ref = team(alice, bob, carol)
    for step in steps:
        actor = bob if step == "submit" else carol
        assert actor.post(f"/a/{ref}/review/{step}", {"reason": "ok"}).status_code == 303
    before = review_of(alice, ref)
    person = {"alice": alice, "bob": bob, "carol": carol}[who]
    refused = person.post(f"/a/{ref}/review/{action}", data)
    assert refused.status_code == status
    assert message in refused.text
    assert review_of(alice, ref) == before


def test_a_viewer_reads_the_discussion_but_cannot_take_part(app: FastAPI, alice: Person, bob: Person) -> None:
    ref = alice.start(["consultation"])
    alice.post(f"/a/{ref}/members", {"username": "bob", "role": "viewer"})
    discussion = f"/a/{ref}/q/consultation/staff_association_no_duty/discussion"
    assert alice.post(f"/a/{ref}/q/consultation/staff_association_no_duty/comments", {"text": "Who did we ask?"}
                      ).status_code == 303
    page = bob.page(discussion)
    assert "Who did we ask?" in page and "can read the discussion but not take part" in page
    thread = re.search(r'/threads/(\d+)/', alice.page(discussion))
    assert thread is not None
    tries = [
        (f"/a/{ref}/q/consultation/staff_association_no_duty/comments", {"text": "me too"}),
        (f"/a/{ref}/threads/{thread.group(1)}/reply", {"text": "me too"}),
        (f"/a/{ref}/threads/{thread.group(1)}/resolve", {}),
        (f"/a/{ref}/q/consultation/staff_association_no_duty/challenge", {"reason": "no"}),
        (f"/a/{ref}/review/submit", {}),
    ]
    before = exported(alice, ref)
    for url, data in tries:
        refused = bob.post(url, data)
        assert refused.status_code == 403, (url, refused.status_code)
    assert exported(alice, ref) == before


def test_every_review_route_refuses_a_viewer(app: FastAPI, alice: Person, bob: Person, carol: Person) -> None:
    """Generated from the route table: a viewer changes nothing through any route of the review."""
    ref = team(alice, bob, carol)
    bob.post(f"/a/{ref}/review/submit")
    carol.post(f"/a/{ref}/q/consultation/staff_association_no_duty/challenge", {"reason": "Which association?"})
    carol.post(f"/a/{ref}/q/consultation/staff_association_no_duty/comments", {"text": "See the minutes"})
    add_user(app, "dave")
    dave = Person(app, "dave")
    dave.sign_in()
    alice.post(f"/a/{ref}/members", {"username": "dave", "role": "viewer"})
    dave.page(f"/a/{ref}")
    before = exported(alice, ref)
    review_routes = [p for m, p in route_table(app) if m == "POST" and re.search(r"/(review|q|threads|challenges)/", p)]
    assert len(review_routes) >= 10
    for path in review_routes:
        refused = dave.post(concrete(path, ref), {"text": "x", "reason": "x"})  # thread 1 and challenge 1 exist
        assert refused.status_code == 403, (path, refused.status_code)
    assert exported(alice, ref) == before


def test_a_challenge_is_closed_by_withdrawing_it_or_accepting_a_revised_answer(
    app: FastAPI, alice: Person, bob: Person, carol: Person
) -> None:
    ref = team(alice, bob, carol)
    challenge = f"/a/{ref}/q/consultation/staff_association_no_duty/challenge"
    assert carol.post(challenge, {"reason": "Too early"}).status_code == 409  # still a draft
    bob.post(f"/a/{ref}/review/submit")
    assert bob.post(challenge, {"reason": "Mine"}).status_code == 403
    assert carol.post(challenge, {"reason": ""}).status_code == 422
    assert carol.post(challenge, {"reason": "Name the association and the date you asked it."}).status_code == 303
    assert carol.post(challenge, {"reason": "Again"}).status_code == 409  # one open challenge per answer
    assert carol.post(f"/a/{ref}/q/consultation/duty_identified/challenge", {"reason": "Which duty?"}
                      ).status_code == 303
    found = [c for c in review_of(alice, ref)["challenges"]]
    assert [(c["question"], c.get("status", "open")) for c in found] == [
        ("staff_association_no_duty", "open"), ("duty_identified", "open")]

    # The respondent sees what to revisit: on the assessment's page and beside the question.
    page = bob.page(f"/a/{ref}")
    assert "To revisit" in page and "Name the association and the date you asked it." in page
    section = bob.page(f"/a/{ref}/s/consultation/who")
    assert "Challenged:" in section and "Which duty?" in section

    ids = [int(n) for n in re.findall(r"/challenges/(\d+)/withdraw", carol.page(
        f"/a/{ref}/q/consultation/staff_association_no_duty/discussion"))]
    assert len(ids) == 1
    refused = carol.post(f"/a/{ref}/challenges/{ids[0]}/accept")
    assert refused.status_code == 409 and "has not been revised" in refused.text
    assert carol.post(f"/a/{ref}/review/approve").status_code == 409  # open challenges
    carol.post(f"/a/{ref}/review/return", {"reason": "See the challenges"})
    answer(bob, ref, "not_told")
    assert "waiting for the reviewer" in bob.page(f"/a/{ref}")
    assert bob.post(f"/a/{ref}/challenges/{ids[0]}/accept").status_code == 403
    assert carol.post(f"/a/{ref}/challenges/{ids[0]}/accept").status_code == 303
    assert carol.post(f"/a/{ref}/challenges/{ids[0]}/withdraw").status_code == 409  # already closed
    other = re.findall(r"/challenges/(\d+)/withdraw", carol.page(f"/a/{ref}/q/consultation/duty_identified/discussion"))
    assert carol.post(f"/a/{ref}/challenges/{other[0]}/withdraw").status_code == 303
    found = review_of(alice, ref)["challenges"]
    statuses = [(c["question"], c.get("status", "open"), c.get("closed_by")) for c in found]
    assert statuses == [("staff_association_no_duty", "accepted", "carol"), ("duty_identified", "withdrawn", "carol")]
    bob.post(f"/a/{ref}/review/submit")
    assert carol.post(f"/a/{ref}/review/approve").status_code == 303
    assert "To revisit" not in bob.page(f"/a/{ref}")


def test_threads_take_replies_and_are_resolved_and_reopened_and_mention_members(
    app: FastAPI, alice: Person, bob: Person, carol: Person
) -> None:
    ref = team(alice, bob, carol)
    start = f"/a/{ref}/q/consultation/staff_association_no_duty/comments"
    assert carol.post(start, {"text": "@bob can you attach the minutes? (cc @nobody, mail@bob)"}).status_code == 303
    discussion = carol.page(f"/a/{ref}/q/consultation/staff_association_no_duty/discussion")
    thread = re.search(r"/threads/(\d+)/reply", discussion)
    assert thread is not None
    assert '<mark class="mention">@bob</mark>' in discussion
    assert "@nobody</mark>" not in discussion and "mail@bob</mark>" not in discussion  # not members, not mentions
    assert bob.post(f"/a/{ref}/threads/{thread.group(1)}/reply", {"text": "Attached."}).status_code == 303
    assert bob.post(f"/a/{ref}/threads/{thread.group(1)}/reply", {"text": " \n "}).status_code == 422
    assert "Mentions you" in bob.page(f"/a/{ref}")
    assert "Mentions you" not in alice.page(f"/a/{ref}")
    assert "Open comment threads" in alice.page(f"/a/{ref}")
    assert bob.post(f"/a/{ref}/threads/{thread.group(1)}/resolve").status_code == 303
    assert "Open comment threads" not in alice.page(f"/a/{ref}")
    comments = yaml.safe_load(exported(alice, ref))["comments"]
    assert [p["text"] for p in comments[0]["posts"]] == [
        "@bob can you attach the minutes? (cc @nobody, mail@bob)", "Attached."]
    assert comments[0]["resolved"] is True and comments[0]["resolved_by"] == "bob"
    assert alice.post(f"/a/{ref}/threads/{thread.group(1)}/reopen").status_code == 303
    assert "resolved" not in yaml.safe_load(exported(alice, ref))["comments"][0]
    # Another assessment's thread is not found through this one.
    other = alice.start(["consultation"], title="Another")
    assert alice.post(f"/a/{other}/threads/{thread.group(1)}/reply", {"text": "x"}).status_code == 404


def test_comments_go_on_after_approval_but_the_answers_do_not_change(
    app: FastAPI, alice: Person, bob: Person, carol: Person
) -> None:
    ref = team(alice, bob, carol)
    bob.post(f"/a/{ref}/review/submit")
    carol.post(f"/a/{ref}/review/approve")
    assert bob.post(f"/a/{ref}/q/consultation/staff_association_no_duty/comments", {"text": "For next year"}
                    ).status_code == 303
    assert "Challenge the answer" not in carol.page(f"/a/{ref}/q/consultation/staff_association_no_duty/discussion")


# Routes that change something other than the answers or what the assessment is about: they go on after
# approval. Every other route that changes an assessment must refuse once it is approved.
NOT_ANSWERS = re.compile(r"/(members(/remove)?|plan|pdf|sign-off|next-review|review/\w+"
                         r"|q/[^/]+/[^/]+/(comments|challenge)|threads/.*|challenges/.*)$")


def test_approval_freezes_every_answer_changing_route(app: FastAPI, alice: Person, bob: Person, carol: Person) -> None:
    """Generated from the route table, so a route added later (an import into an assessment, say) is held to it."""
    ref = team(alice, bob, carol)
    answer(bob, ref, "not_told")  # so that there is an earlier value to restore
    bob.post(f"/a/{ref}/review/submit")
    assert carol.post(f"/a/{ref}/review/approve").status_code == 303
    before = exported(alice, ref)
    changing = [(m, p) for m, p in route_table(app)
                if m in ("POST", "PUT", "PATCH", "DELETE") and "{ref}" in p and not NOT_ANSWERS.search(p)]
    assert {p for _, p in changing} >= {"/a/{ref}/answer/{framework_id}/{question_id}", "/a/{ref}/about",
                                        "/a/{ref}/frameworks",
                                        "/a/{ref}/history/{framework_id}/{question_id}/{change_id}/restore",
                                        "/api/assessments/{ref}/answers/{framework_id}/{question_id}"}
    form = {"answer": "yes", "revision": "2", "title": "Renamed", "organisation": "x", "system": "y",
            "frameworks": "mini"}
    for owner_or_respondent in (alice, bob):
        for method, path in changing:
            url = concrete(path, ref)
            if method == "PUT":
                response = owner_or_respondent.client.put(url, json={"answer": {"answer": "dont_know"}},
                                                          headers={"X-CSRF-Token": owner_or_respondent.token})
                shown = response.json()["detail"]
            else:
                response = owner_or_respondent.post(url, form)
                shown = response.text
            if owner_or_respondent is bob and path.endswith(("/about", "/frameworks")):
                assert response.status_code == 403  # an owner's page: refused for the role already
                continue
            assert response.status_code == 403, (method, path, response.status_code)
            assert FROZEN in shown, (method, path)
    assert exported(alice, ref) == before
    assert "approved: the answers are frozen" in bob.page(f"/a/{ref}/s/consultation/who")


AWKWARD = ("Right-to-left \u202eevil\u202c, \u05e9\u05dc\u05d5\u05dd, \u200f marks,\nnew lines\n\n"
           "  and \u00e9\u00e8 \U0001f600")


def test_the_threads_survive_export_and_import_and_the_review_comes_back_as_history(
    app: FastAPI, alice: Person, bob: Person, carol: Person
) -> None:
    ref = team(alice, bob, carol)
    bob.post(f"/a/{ref}/review/submit", {"reason": AWKWARD})
    carol.post(f"/a/{ref}/q/consultation/staff_association_no_duty/challenge", {"reason": AWKWARD + " @bob"})
    carol.post(f"/a/{ref}/q/consultation/staff_association_no_duty/comments", {"text": "@bob " + AWKWARD})
    carol.post(f"/a/{ref}/review/return", {"reason": "Look again"})
    first = exported(alice, ref)
    assert "\\u202E" in first  # written visibly, as every YAML file assess writes
    imported = alice.post("/import", files={"file": ("pilot.yaml", first.encode("utf-8"), "application/yaml")})
    assert imported.status_code == 303, imported.text[:500]
    again = imported.headers["location"].rsplit("/", 1)[-1]
    # The comment threads come back unchanged; the review is another workspace's: shown as history, not taken on.
    back = yaml.safe_load(exported(alice, again))
    assert back == {key: value for key, value in yaml.safe_load(first).items() if key != "review"}
    history = alice.page(f"/a/{again}").split('id="imported"', 1)[1]
    assert "Look again" in history and "a.yaml" not in history and "pilot.yaml" in history
    model = Assessment.model_validate(yaml.safe_load(first))
    assert model.review is not None and model.review.steps[0].reason == AWKWARD.strip()
    assert answers_sha256(model) == answers_sha256(model.model_copy(update={"review": None, "comments": []}))
    # An imported "approved" assessment is a draft here: its answers still change.
    bob.post(f"/a/{ref}/review/submit")
    discussion = carol.page(f"/a/{ref}/q/consultation/staff_association_no_duty/discussion")
    thread = re.search(r"/challenges/(\d+)/withdraw", discussion)
    assert thread is not None
    carol.post(f"/a/{ref}/challenges/{thread.group(1)}/withdraw")
    carol.post(f"/a/{ref}/review/approve")
    approved = alice.post("/import", files={"file": ("a.yaml", exported(alice, ref).encode(), "application/yaml")})
    draft = approved.headers["location"].rsplit("/", 1)[-1]
    alice.page(f"/a/{draft}")
    changed = alice.post(f"/a/{draft}/answer/consultation/staff_association_no_duty",
                         {"answer": "dont_know", "revision": "1"})
    assert changed.status_code == 303
