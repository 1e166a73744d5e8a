"""Change between reviews: the ethics board's first review of the pilot, and a made-up second
review six months on (tests/fixtures/compare/ethics-board-review.yaml) in which some actions
were done and some answers got worse."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assess.comparison.model import ActionStatus, Mode
from tests.compare_support import FIRST_REVIEW, SECOND_REVIEW, compare_files, entries


@pytest.fixture(scope="module")
def comparison():  # type: ignore[no-untyped-def]
    # given latest first: the order comes from the metadata, not the command line
    return compare_files([SECOND_REVIEW, FIRST_REVIEW])


def keys(changes) -> set[str]:  # type: ignore[no-untyped-def]
    return {f"{c.framework}.{c.question}" for c in changes}


def test_mode_and_order_from_review_of_and_dates(comparison) -> None:  # type: ignore[no-untyped-def]
    assert comparison.mode is Mode.reviews
    assert "reviews an earlier assessment" in comparison.mode_reason
    assert [s.date for s in comparison.sides] == ["2026-11-22", "2027-05-22"]
    assert [s.label for s in comparison.sides] == ["2026-11-22", "2027-05-22"]
    assert len(comparison.reviews) == 1


def test_improved_worsened_and_changed(comparison) -> None:  # type: ignore[no-untyped-def]
    step = comparison.reviews[0]
    assert keys(step.improved) == {
        "consultation.staff_association_no_duty", "article8-privacy.retention",
        "human-oversight.contest_route", "consultation.ethics_scrutiny", "proportionality.reassessment"}
    assert keys(step.worsened) == {
        "proportionality.data_intensity", "article8-privacy.use_limits", "proportionality.after_flag"}
    # Don't know -> an answer worth 0 (with a gate for reviewer_authority), or a low answer worth as little
    assert keys(step.changed) == {"human-oversight.reviewer_authority", "proportionality.pilot_design",
                                  "proportionality.population"}
    worse = next(c for c in step.worsened if c.question == "after_flag")
    assert (worse.points_change, worse.before.points, worse.after.points) == (-1.0, 2.0, 1.0)
    assert worse.after.note and "device" in worse.after.note


def test_questions_that_now_apply(comparison) -> None:  # type: ignore[no-untyped-def]
    """The first review had no consultation, so the questions on its quality were hidden; they now apply."""
    step = comparison.reviews[0]
    assert [(c.question, c.reason) for c in step.new] == [
        ("formative_stage", "now applies"), ("information_shared", "now applies"),
        ("time_allowed", "now applies"), ("conscientious", "now applies")]


def test_gates_cleared_and_new(comparison) -> None:  # type: ignore[no-untyped-def]
    step = comparison.reviews[0]
    # no duty to consult is on the record (issue 23), so the first review raises no consultation gate
    assert {g.question for g in step.gates_cleared} == set()
    assert {g.question for g in step.gates_new} == {"reviewer_authority"}
    assert step.verdict_before.value == step.verdict_after.value == "Pause and remediate"


def test_a_gate_cleared_at_the_later_review(tmp_path: Path) -> None:
    """A gate action whose gate is gone counts as met, though the question is not yet at full marks."""
    data = yaml.safe_load(FIRST_REVIEW.read_text(encoding="utf-8"))
    data["answers"]["proportionality"]["objective"] = {"answer": "none_written", "note": "made up for the test"}
    earlier = tmp_path / "earlier.yaml"
    earlier.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    step = compare_files([earlier, SECOND_REVIEW]).reviews[0]
    assert {g.question for g in step.gates_cleared} == {"objective"}
    status = {f"{o.action.framework}.{o.action.question}": o.status for o in step.actions}
    assert status["proportionality.objective"] is ActionStatus.gate_cleared
    assert "proportionality.objective" in {f"{o.action.framework}.{o.action.question}" for o in step.met_actions}


def test_which_earlier_actions_are_met(comparison) -> None:  # type: ignore[no-untyped-def]
    step = comparison.reviews[0]
    status = {f"{o.action.framework}.{o.action.question}": o.status for o in step.actions}
    assert {k for k, s in status.items() if s is ActionStatus.met} == {
        "article8-privacy.retention", "consultation.ethics_scrutiny", "proportionality.reassessment"}
    assert {f"{o.action.framework}.{o.action.question}" for o in step.met_actions} == {
        "article8-privacy.retention", "consultation.ethics_scrutiny", "proportionality.reassessment"}
    assert status["consultation.staff_association_no_duty"] is ActionStatus.progressed
    assert status["human-oversight.contest_route"] is ActionStatus.progressed
    assert {k for k, s in status.items() if s is ActionStatus.worse} == {
        "proportionality.data_intensity", "article8-privacy.use_limits", "proportionality.after_flag"}
    assert status["proportionality.alternatives"] is ActionStatus.open
    # every action in the first review's plan gets an outcome (the plan grows as frameworks are added to the example)
    (first,) = entries([FIRST_REVIEW])
    assert len(step.actions) == len(first.result.actions) > 50


def test_new_answers(tmp_path: Path) -> None:
    """A question left open at the first review and answered at the second is new."""
    data = yaml.safe_load(FIRST_REVIEW.read_text(encoding="utf-8"))
    del data["answers"]["consultation"]["representation"]
    earlier = tmp_path / "earlier.yaml"
    earlier.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    step = compare_files([earlier, SECOND_REVIEW]).reviews[0]
    assert [(c.question, c.reason) for c in step.new] == [
        ("formative_stage", "now applies"), ("information_shared", "now applies"),
        ("time_allowed", "now applies"), ("conscientious", "now applies"), ("representation", "now answered")]


def test_same_respondent_at_two_dates_without_review_of(tmp_path: Path) -> None:
    data = yaml.safe_load(SECOND_REVIEW.read_text(encoding="utf-8"))
    del data["review_of"]
    later = tmp_path / "later.yaml"
    later.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    comparison = compare_files([later, FIRST_REVIEW])
    assert comparison.mode is Mode.reviews and comparison.mode_reason == "the same respondent at different dates"
    assert comparison.sides[0].date == "2026-11-22"


def test_review_table(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("compare", FIRST_REVIEW, SECOND_REVIEW)
    assert code == 0, err
    assert "Review: 2026-11-22 -> 2027-05-22" in out
    assert "Worsened (3):" in out and "Improved (5):" in out
    assert "3 met, 2 progressed, 3 worse, 67 still open" in " ".join(out.split())
    assert max(len(line) for line in out.splitlines()) <= 80
