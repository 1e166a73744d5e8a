"""The workspace's standing panel shows a finding several gates raised once, naming its frameworks, and the
provisional verdict counts it once (docs/framework-format.md, "Findings")."""

from __future__ import annotations

import html
import re

from fastapi import FastAPI

from tests.web_support import Person


def standing(text: str) -> str:
    """The status panel's text, tags dropped and spaces joined."""
    panel = re.search(r'<aside id="status".*?</aside>', text, re.S)
    assert panel is not None
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", panel.group(0))))


def test_the_standing_names_a_shared_finding_once_and_the_verdict_counts_it_once(app: FastAPI,
                                                                                  alice: Person) -> None:
    ref = alice.start(["consultation", "data-protection"])
    alice.page(f"/a/{ref}/s/consultation/who")
    # The consultation gate is asked only where a duty to consult was identified: say one was.
    found = alice.post(f"/a/{ref}/answer/consultation/duty_identified",
                       {"answer": "duty_identified_before", "revision": "0"}, htmx=True)
    assert found.status_code == 200
    saved = alice.post(f"/a/{ref}/answer/consultation/staff_association", {"answer": "not_told", "revision": "0"},
                       htmx=True)
    assert saved.status_code == 200
    assert "One finding" not in standing(saved.text)  # one gate is a finding of its own: nothing to group
    saved = alice.post(f"/a/{ref}/answer/data-protection/privacy_information",
                       {"answer": "not_covered", "revision": "0"}, htmx=True)
    assert saved.status_code == 200
    shown = standing(saved.text)
    # Two gates in two frameworks, both resting on staff not being told: one finding, so a pause, not a stop.
    assert "Verdict so far: Pause and remediate" in shown
    assert "One finding, raised in 2 frameworks: Consultation and staff voice, Data protection impact (DPIA)" in shown
    assert shown.count("1 gate") == 2  # each framework still counts its own gate

    alice.page(f"/a/{ref}")  # the language switch, as a browser presses it on this page
    switched = alice.client.post("/language", data={"lang": "fr", "csrf_token": alice.token},
                                 headers={"Referer": f"http://testserver/a/{ref}"})
    assert switched.status_code == 303
    french = standing(alice.page(f"/a/{ref}"))
    assert "Un seul constat, relevé dans 2 cadres : Consultation and staff voice" in french  # spaces joined
