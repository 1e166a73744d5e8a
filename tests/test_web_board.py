"""Board assessments and re-assessment in the workspace, through its routes as a browser sends them.

The board's figures and documents must be those of `assess compare --mode board` over the members' exported
assessments; the changes page those of the review-to-review comparison."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from tests.web_support import MINI_FRAMEWORKS, Person, add_user, approve, built_pdf

MEMBERS = ("carol", "dave", "erin")
# Each member's answers to the mini framework's first section: they disagree on `objective`, agree on `link`,
# and erin's "none" raises the objective's gate (and hides `link` from her).
ANSWERS = {"carol": "specific", "dave": "general", "erin": "none"}


def person(app: FastAPI, name: str) -> Person:
    add_user(app, name)
    found = Person(app, name)
    found.sign_in()
    return found


def make_board(alice: Person, members: str = "carol, dave erin") -> Any:
    alice.page("/boards/new")
    return alice.post("/boards/new", {"title": "Pilot board", "organisation": "A police force",
                                      "system": "Workforce analytics", "perspective": "ethics-board",
                                      "frameworks": ["mini"], "members": members})


def copy_ref(member: Person, board_ref: str) -> str:
    found = re.search(r'href="/a/([^"]+)">Answer your own copy', member.page(f"/b/{board_ref}"))
    assert found
    return found.group(1)


def answered_board(app: FastAPI, alice: Person) -> tuple[str, dict[str, Person], dict[str, str]]:
    people = {name: person(app, name) for name in MEMBERS}
    made = make_board(alice)
    assert made.status_code == 303, made.text[:600]
    board_ref = made.headers["location"].rsplit("/", 1)[-1]
    copies = {}
    for name, member in people.items():
        ref = copies[name] = copy_ref(member, board_ref)
        member.page(f"/a/{ref}/s/mini/aim")
        for qid, value in (("objective", ANSWERS[name]), ("link", "validated")):
            saved = member.post(f"/a/{ref}/answer/mini/{qid}", {"answer": value, "revision": "0"})
            assert saved.status_code == 303, saved.text[:500]
    return board_ref, people, copies


def test_a_board_aggregates_by_the_board_rule_and_hides_it_until_the_chair_shows_it(
        app: FastAPI, alice: Person) -> None:
    board_ref, people, copies = answered_board(app, alice)
    page = alice.page(f"/b/{board_ref}")
    # Progress of everyone; the agenda's first question is the one they disagree on, with each answer.
    # (erin's "None" makes the next question not apply to her: the mini framework's `when`)
    assert page.count("<td>2 of 9</td>") == 2 and page.count("<td>1 of 8</td>") == 1
    agenda = page.split('id="agenda"')[1].split('id="gates"')[0]
    assert "Specific and written" in agenda and "General" in agenda and "None" in agenda
    rows = re.findall(r"<tr><th scope=\"row\"><span class=\"num\">([\d.]+)</span>", agenda)
    assert rows and rows[0] == "1.1.1"  # objective: spread 100%; link (all agree) is not on the agenda
    assert "1.1.2" not in rows
    # The lower median of 3, 1 and 0 points is dave's "General"; erin's gate is kept, with who raised it.
    assert re.search(r"<td>100%</td>\s*<td>General</td>", agenda)
    gates = page.split('id="gates"')[1].split('id="rule"')[0]
    assert "No objective at all." in gates and "Erin" in gates
    assert "Pause and remediate" in page.split('id="verdict"')[1].split('id="agenda"')[0]
    # A member sees progress, not the aggregation, until the chair shows it; and never another's copy.
    carol = people["carol"]
    hidden = carol.page(f"/b/{board_ref}")
    assert 'id="agenda"' not in hidden and "has not shown" in hidden
    assert carol.client.get(f"/b/{board_ref}/board.md").status_code == 403
    assert carol.client.get(f"/a/{copies['dave']}").status_code == 404
    assert carol.client.get(f"/a/{copies['dave']}/export.yaml").status_code == 404
    assert carol.post(f"/b/{board_ref}/shown", {"shown": "yes"}).status_code == 403
    assert 'id="agenda"' not in carol.page(f"/b/{board_ref}")
    # Nor can a member change the subject of their copy, so the copies stay one board's.
    assert carol.client.get(f"/a/{copies['carol']}/about").status_code == 403
    assert alice.post(f"/b/{board_ref}/shown", {"shown": "yes"}).status_code == 303
    assert 'id="agenda"' in carol.page(f"/b/{board_ref}")
    # The chair is not a member of the copies.
    assert alice.client.get(f"/a/{copies['carol']}").status_code == 404


def test_the_board_documents_are_what_assess_compare_writes(app: FastAPI, alice: Person, tmp_path: Path,
                                                             cli: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the HTML's metadata says when it was made
    board_ref, people, copies = answered_board(app, alice)
    names = []
    for name, member in people.items():
        exported = member.client.get(f"/a/{copies[name]}/export.yaml")
        filename = re.search(r'filename="([^"]+)"', exported.headers["content-disposition"])
        assert filename
        (tmp_path / filename.group(1)).write_bytes(exported.content)
        names.append(filename.group(1))
    monkeypatch.chdir(tmp_path)  # the files named as a user in that directory names them
    for fmt in ("md", "json", "html"):
        code, out, err = cli("compare", *names, "--mode", "board", "--format", fmt, "-o", "-",
                             "--frameworks", MINI_FRAMEWORKS)
        assert code == 0, err
        served = alice.client.get(f"/b/{board_ref}/board.{fmt}")
        assert served.status_code == 200
        assert served.text == out, fmt
    assert alice.client.get(f"/b/{board_ref}/board.exe").status_code == 404


def test_making_a_board_needs_two_members_with_accounts(app: FastAPI, alice: Person) -> None:
    add_user(app, "carol")
    refused = make_board(alice, "carol, nobody")
    assert refused.status_code == 422 and "There is no account called &#39;nobody&#39;" in refused.text
    refused = make_board(alice, "carol carol")
    assert refused.status_code == 422 and "at least 2 members" in refused.text
    assert "/b/" not in alice.page("/")


def test_the_next_review_carries_the_answers_over_and_lists_what_changed(
        app: FastAPI, alice: Person, bob: Person) -> None:
    ref = alice.start(["mini"])
    alice.post(f"/a/{ref}/members", {"username": "bob", "role": "viewer"})
    alice.page(f"/a/{ref}/s/mini/aim")
    for qid, value in (("objective", "general"), ("link", "asserted")):
        assert alice.post(f"/a/{ref}/answer/mini/{qid}", {"answer": value, "revision": "0"}).status_code == 303
    # Only an approved version starts the next review.
    assert "Start the next review" not in alice.page(f"/a/{ref}")
    assert alice.post(f"/a/{ref}/next-review").status_code == 403
    approve(app, alice, ref)
    # A viewer cannot start one; the owner can.
    assert "Start the next review" not in bob.page(f"/a/{ref}")
    assert bob.post(f"/a/{ref}/next-review").status_code == 403
    assert "Start the next review" in alice.page(f"/a/{ref}")
    started = alice.post(f"/a/{ref}/next-review")
    assert started.status_code == 303
    new_ref = started.headers["location"].split("/")[2]
    # A version has one next review: asked again (a second click, an old tab), it is the same one.
    assert alice.post(f"/a/{ref}/next-review").headers["location"] == started.headers["location"]
    assert "Start the next review" not in alice.page(f"/a/{ref}")
    state = alice.client.get(f"/api/assessments/{new_ref}").json()["assessment"]
    assert state["review_of"] == "Officer-monitoring pilot"
    assert state["title"] == "Officer-monitoring pilot (review 2)"
    assert state["answers"]["mini"]["objective"]["answer"] == "general"
    # It starts as a draft of its own, not approved and so not frozen, with no decisions or discussion yet.
    assert (state.get("review") or {}).get("state", "draft") == "draft"
    assert not (state.get("review") or {}).get("steps") and not state.get("sign_offs") and not state.get("comments")
    # The viewer is a viewer of the next review too.
    assert bob.client.get(f"/a/{new_ref}").status_code == 200
    assert bob.post(f"/a/{new_ref}/next-review").status_code == 403
    page = alice.page(f"/a/{new_ref}/changes")
    assert "No answer has changed" in page and "Carried over and not looked at since" in page
    # Change one answer: it is listed, before and after, and no longer counts as carried over.
    alice.page(f"/a/{new_ref}/s/mini/aim")
    assert alice.post(f"/a/{new_ref}/answer/mini/objective", {"answer": "specific", "revision": "1"}).status_code == 303
    page = alice.page(f"/a/{new_ref}/changes")
    answers = page.split('id="answers"')[1].split('id="actions"')[0]
    assert re.search(r"<td>General</td><td>Specific and written</td><td>Better</td>", answers)
    carried = page.split('id="carried"')[1]
    assert "1.1.2" in carried and "1.1.1" not in carried
    actions = page.split('id="actions"')[1]
    assert "Met" in actions  # the earlier plan's action on the objective is now met
    assert "what changed since" in alice.page(f"/a/{new_ref}")
    assert "Reviewed again in" in alice.page(f"/a/{ref}")
    # An assessment that follows none has no changes page.
    assert alice.client.get(f"/a/{ref}/changes").status_code == 404


def test_the_board_pdf_is_built_in_the_background_and_is_the_command_lines(
        app: FastAPI, alice: Person, tmp_path: Path, monkeypatch: Any) -> None:
    import subprocess
    import sys

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # inherited by the worker: the file's dates fixed
    board_ref, people, copies = answered_board(app, alice)
    carol = people["carol"]
    assert carol.post(f"/b/{board_ref}/pdf").status_code == 403  # not shown to the members yet
    assert alice.client.get(f"/b/{board_ref}/board.pdf").headers["location"] == f"/b/{board_ref}/pdf"
    assert "Build the board PDF" in alice.page(f"/b/{board_ref}/pdf")
    started = alice.post(f"/b/{board_ref}/pdf")
    assert started.status_code == 303
    progress = started.headers["location"]
    assert alice.post(f"/b/{board_ref}/pdf").headers["location"] == progress  # the same files: the same build
    status = built_pdf(alice, progress)
    assert "The PDF is ready" in status, status
    link = re.search(r'href="([^"]+/file)"', status)
    assert link is not None
    served = alice.client.get(link.group(1))
    assert served.status_code == 200 and served.content.startswith(b"%PDF")
    assert carol.client.get(link.group(1)).status_code == 403
    names = []
    for name, member in people.items():
        exported = member.client.get(f"/a/{copies[name]}/export.yaml")
        found = re.search(r'filename="([^"]+)"', exported.headers["content-disposition"])
        assert found
        (tmp_path / found.group(1)).write_bytes(exported.content)
        names.append(found.group(1))
    made = subprocess.run([sys.executable, "-m", "assess", "compare", *names, "--mode", "board", "-o", "cli.pdf",
                           "--frameworks", str(MINI_FRAMEWORKS)], cwd=tmp_path, capture_output=True, timeout=300,
                          check=False)
    assert made.returncode == 0, made.stderr
    assert served.content == (tmp_path / "cli.pdf").read_bytes()


def test_the_board_s_reasons_are_in_the_page_s_language(app: FastAPI, alice: Person) -> None:
    """The board verdict's reasons are the engine's sentences: in French on a French page."""
    import html

    from assess.i18n import translator

    board_ref, _people, _copies = answered_board(app, alice)
    english = "gate raised: "
    assert english in html.unescape(alice.page(f"/b/{board_ref}"))
    alice.client.headers["Accept-Language"] = "fr"
    page = html.unescape(alice.page(f"/b/{board_ref}"))
    assert '<html lang="fr"' in page
    assert translator("fr")("gate raised: {finding}", finding="") in page and english not in page


def test_what_changed_is_in_the_page_s_language(app: FastAPI, alice: Person) -> None:
    """The answers' labels the engine words (a point on a scale) are in French on a French page."""
    import html

    from assess.i18n import translator

    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}/s/mini/data")
    assert alice.post(f"/a/{ref}/answer/mini/trust", {"answer": "2", "revision": "0"}).status_code == 303
    approve(app, alice, ref)
    new_ref = alice.post(f"/a/{ref}/next-review").headers["location"].split("/")[2]
    alice.page(f"/a/{new_ref}/s/mini/data")
    assert alice.post(f"/a/{new_ref}/answer/mini/trust", {"answer": "4", "revision": "1"}).status_code == 303
    english = "2 on a scale of 1 to 5"
    assert english in html.unescape(alice.page(f"/a/{new_ref}/changes"))
    alice.client.headers["Accept-Language"] = "fr"
    page = html.unescape(alice.page(f"/a/{new_ref}/changes"))
    assert '<html lang="fr"' in page
    french = translator("fr")("{value} on a scale of {low} to {high}", value=2, low=1, high=5)
    assert french in page and english not in page
