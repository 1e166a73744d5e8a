"""No lost updates: changes made by two people at the same moment are both kept, or the second is refused
and told. Real concurrency: the app served by uvicorn, and threads released together by a barrier, each a
person with a client of their own; on SQLite, and on PostgreSQL when ASSESS_TEST_POSTGRES_URL is set.

- two sign-offs recorded at once are both kept (each is a row of its own, appended);
- an owner changing "about" while a respondent uploads the action plan: both changes are kept (the plan's
  entries are rows of their own, the head another row);
- two owners changing "about" from the same version: one is saved, the other refused with 409 and told,
  what they typed still in the form (the head's version: optimistic concurrency)."""

from __future__ import annotations

import csv
import html
import io
import re

import yaml
from fastapi import FastAPI

from tests.live_support import Visitor, at_once, live
from tests.test_web_signoff import answers_hash, with_a_gate
from tests.web_support import Person, add_user

ROUNDS = 4
ABOUT = {"organisation": "A police force", "system": "Workforce analytics", "stage": "pilot",
         "perspective": "staff-association", "respondent": "", "classification": "", "date": ""}


def exported(person: Visitor | Person, ref: str) -> dict[str, object]:
    response = person.client.get(f"/a/{ref}/export.yaml")
    assert response.status_code == 200
    data: dict[str, object] = yaml.safe_load(response.text)
    return data


def version_of(page: str) -> str:
    """The version of the head the about form was shown at ("" on a form without one)."""
    found = re.search(r'name="version" value="(\d+)"', page)
    return found.group(1) if found else ""


def test_two_sign_offs_recorded_at_once_are_both_kept(app: FastAPI, alice: Person, bob: Person) -> None:
    ref = with_a_gate(app, alice)
    assert alice.post(f"/a/{ref}/members", {"username": "bob", "role": "decision-maker"}).status_code == 303
    with live(app) as base:
        people = [Visitor(base, "alice"), Visitor(base, "bob")]
        for person in people:
            assert person.sign_in().status_code == 303
        for round_ in range(ROUNDS):
            forms = []
            for person in people:
                page = person.page(f"/a/{ref}/sign-off")
                forms.append({"decision": "proceed", "role": f"{person.username} in round {round_}",
                              "date": "2026-11-30", "answers_hash": answers_hash(page)})
            replies = at_once([lambda p=p, f=f: p.post(f"/a/{ref}/sign-off", f)
                               for p, f in zip(people, forms, strict=True)])
            assert [r.status_code for r in replies] == [303, 303], [r.text[:300] for r in replies]
        recorded = exported(people[0], ref)["sign_offs"]
    assert isinstance(recorded, list)
    assert sorted(s["role"] for s in recorded) == sorted(f"{name} in round {r}" for name in ("alice", "bob")
                                                         for r in range(ROUNDS))


def _plan_with_owner(person: Visitor, ref: str, owner: str) -> bytes:
    rows = list(csv.reader(io.StringIO(person.client.get(f"/a/{ref}/plan.csv").content.decode("utf-8-sig"))))
    rows[1][rows[0].index("Owner")] = owner
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def test_about_changed_while_the_plan_is_uploaded_keeps_both(app: FastAPI, alice: Person, bob: Person) -> None:
    ref = alice.start(["mini"], title="Pilot")
    alice.page(f"/a/{ref}/s/mini/aim")
    assert alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "general", "revision": "0"}).status_code == 303
    assert alice.post(f"/a/{ref}/members", {"username": "bob", "role": "respondent"}).status_code == 303
    with live(app) as base:
        owner, respondent = Visitor(base, "alice"), Visitor(base, "bob")
        for person in (owner, respondent):
            assert person.sign_in().status_code == 303
        for round_ in range(ROUNDS):
            about = {**ABOUT, "title": f"Pilot, round {round_}",
                     "version": version_of(owner.page(f"/a/{ref}/about"))}
            respondent.page(f"/a/{ref}/plan")
            plan = _plan_with_owner(respondent, ref, f"Owner of round {round_}")
            replies = at_once([
                lambda about=about: owner.post(f"/a/{ref}/about", about),
                lambda plan=plan: respondent.post(f"/a/{ref}/plan", files={"file": ("plan.csv", plan, "text/csv")}),
            ])
            assert [r.status_code for r in replies] == [303, 303], [r.text[:300] for r in replies]
            state = exported(owner, ref)
            assert state["title"] == f"Pilot, round {round_}"
            assert state["action_plan"] == {"mini": {"objective": {"owner": f"Owner of round {round_}"}}}


def test_two_owners_changing_about_at_once_one_is_refused_and_told(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"], title="Pilot")
    add_user(app, "carol")
    assert alice.post(f"/a/{ref}/members", {"username": "carol", "role": "owner"}).status_code == 303
    with live(app) as base:
        owners = [Visitor(base, "alice"), Visitor(base, "carol")]
        for person in owners:
            assert person.sign_in().status_code == 303
        for round_ in range(ROUNDS):
            forms = [{**ABOUT, "title": f"{person.username}'s title, round {round_}",
                      "version": version_of(person.page(f"/a/{ref}/about"))} for person in owners]
            replies = at_once([lambda p=p, f=f: p.post(f"/a/{ref}/about", f)
                               for p, f in zip(owners, forms, strict=True)])
            codes = sorted(r.status_code for r in replies)
            assert codes == [303, 409], [r.text[:300] for r in replies]
            won = next(f for f, r in zip(forms, replies, strict=True) if r.status_code == 303)
            lost, refused = next((f, r) for f, r in zip(forms, replies, strict=True) if r.status_code == 409)
            text = html.unescape(refused.text)
            assert "Someone else changed what this assessment is about" in text
            assert f'value="{lost["title"]}"' in text  # what they typed, still in the form
            assert exported(owners[0], ref)["title"] == won["title"]
            # Saving again from the refused form (now based on the other's version) is a choice, and works.
            again = {**lost, "version": version_of(refused.text)}
            loser = owners[[r.status_code for r in replies].index(409)]
            assert loser.post(f"/a/{ref}/about", again).status_code == 303
            assert exported(owners[0], ref)["title"] == lost["title"]
