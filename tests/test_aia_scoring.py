"""The impact-level scoring of the Algorithmic Impact Assessment, reproduced on a small
survey written for these tests (tests/fixtures/surveyjs/mini-aia.json).

The published rules (canada-ca/aia-eia-js, src/store.ts, calculateFinalScore):
- raw impact = the weights of the chosen impact (-RS) answers; its maximum counts every
  impact question, shown or not;
- mitigation = the same for -MS answers; when it is at least 80 % of one phase's maximum
  (half the maximum over both phases), current = Math.round(0.85 * raw), else current = raw;
- level I when current <= 25 % of the maximum raw impact, II when <= 50 %, III when <= 75 %,
  IV above.

The mini survey: impact questions r1 (4), r2 (1+2+3), r3 (4), r4 (3, shown when r1 is the
4-point answer), r5 (3, shown when r2 includes its 3-point choice), r7 (10), r8 (2+2): maximum
34, so the level bounds are 8.5, 17 and 25.5. Mitigation: m1 (4), m2 (1+1+1), m3 (3) on the
design pages and b1-b3 the same on the build pages: maximum 20, 10 per phase, so the
deduction applies from 8 points.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.scoring import round_half_up
from tests.aia_support import FIXTURES, MINI, import_survey, library, score_saved, tallies


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("frameworks")
    import_survey(MINI, out, "mini-aia", requirements={
        "en": FIXTURES / "mini-requirements-en.json", "fr": FIXTURES / "mini-requirements-fr.json"})
    return library(out).load("mini-aia")


def test_maxima_count_every_question_shown_or_not(mini) -> None:  # type: ignore[no-untyped-def]
    fw, _ = score_saved(mini, {})
    assert {t.id: t.max_points for t in fw.tallies} == {"impact": 34, "mitigation": 20}
    assert fw.level is not None
    assert fw.level.bounds == [8.5, 17, 25.5]
    assert mini.scoring.adjustments[0].of == 10


def test_a_score_exactly_on_a_threshold_stays_in_the_lower_level(mini) -> None:  # type: ignore[no-untyped-def]
    # r1 4 + r4 3 + r7 10 = 17 = 50 % of 34; no mitigation, no deduction.
    data = {"phase": "item1", "r1": "item1-4", "r4": "item1-3", "r7": "item1-10", "m1": "item2-0"}
    fw, _ = score_saved(mini, data)
    assert tallies(fw) == {"impact": 17, "mitigation": 0}
    assert fw.level is not None and (fw.level.score, fw.level.id) == (17, "II")
    fw, _ = score_saved(mini, {**data, "r3": "item1-1"})  # one point more
    assert fw.level is not None and (fw.level.score, fw.level.id) == (18, "III")


@pytest.mark.parametrize(("m2", "mitigation", "current", "level"), [
    ([], 7, 20, "III"),  # just below 80 % of 10: no deduction
    (["item1-1"], 8, 17, "II"),  # exactly 80 %: 0.85 * 20 = 17, on the 50 % bound
    (["item1-1", "item2-1"], 9, 17, "II"),  # just above
])
def test_the_deduction_at_80_percent_of_one_phase(mini, m2, mitigation, current, level) -> None:  # type: ignore[no-untyped-def]
    # raw: r1 4 + r4 3 + r3 3 + r7 10 = 20; mitigation m1 4 + m2 + m3 3.
    data = {"phase": "item1", "r1": "item1-4", "r4": "item1-3", "r3": "item3-3", "r7": "item1-10",
            "m1": "item1-4", "m2": m2, "m3": "item1-3"}
    fw, _ = score_saved(mini, data)
    assert tallies(fw) == {"impact": 20, "mitigation": mitigation}
    assert fw.level is not None
    assert (fw.level.raw, fw.level.score, fw.level.id) == (20, current, level)
    assert len(fw.level.adjustments) == (1 if mitigation >= 8 else 0)


def test_a_half_point_rounds_up_as_javascript_does(mini) -> None:  # type: ignore[no-untyped-def]
    # raw 10 (r7), mitigation 8: 0.85 * 10 = 8.5 -> Math.round gives 9, above the 8.5 bound:
    # level II. Python's round() would give 8 and level I.
    data = {"phase": "item1", "r7": "item1-10", "m1": "item1-4", "m2": ["item3-1"], "m3": "item1-3"}
    fw, _ = score_saved(mini, data)
    assert fw.level is not None
    assert (fw.level.raw, fw.level.score, fw.level.id) == (10, 9, "II")
    assert fw.rating.value == "amber"


def test_stale_hidden_answers_are_dropped_and_reported(mini) -> None:  # type: ignore[no-untyped-def]
    data = {
        "projectTitle": "Queue triage", "department-NS": "002", "phase": "item1",
        "r1": "item2-0", "r1Why": "Only about parcels.", "r4": "item1-3",  # r4 is hidden once r1 is item2-0
        "r2": ["item3-3", "item2-2"], "r5": "item1-3", "r3": "item4-4", "r7": "item1-10",
        "m1": "item1-4", "m2": ["item1-1", "item2-1"], "m3": "item1-3",
        "b1": "item1-4", "b2": ["item1-1", "item2-1", "item3-1"], "b3": "item1-3",  # the other phase's pages
    }
    fw, done = score_saved(mini, data)
    assert done.dropped_hidden == ["r4", "b1", "b2", "b3"]
    # raw: r1 0 + r2 5 + r3 4 + r5 3 + r7 10 = 22 (not 25); mitigation 4 + 2 + 3 = 9 (not 19);
    # 9 >= 8: 0.85 * 22 = 18.7 -> 19 > 17: level III.
    assert tallies(fw) == {"impact": 22, "mitigation": 9}
    assert fw.level is not None and (fw.level.score, fw.level.id) == (19, "III")
    assert fw.ignored_answers == []
    answers = done.assessment.answers["mini-aia"]
    assert answers["r1_why"].answer == "Only about parcels."
    assert done.assessment.subject.organisation == "Test Agency"
    assert done.assessment.subject.system == "Queue triage"


def test_the_level_carries_its_requirements_in_each_language(tmp_path: Path) -> None:
    out = tmp_path / "fw"
    import_survey(MINI, out, "mini-aia", requirements={
        "en": FIXTURES / "mini-requirements-en.json", "fr": FIXTURES / "mini-requirements-fr.json"})
    data = {"phase": "item1", "r7": "item1-10", "r1": "item1-4", "r4": "item1-3"}
    for lang, expected in (("en", ["Notice B", "One reviewer"]), ("fr", ["Avis B", "Un examinateur"])):
        fw, _ = score_saved(library(out, lang).load("mini-aia"), data)
        assert fw.level is not None and fw.level.id == "II"
        assert [r.text for r in fw.level.requirements] == expected


def test_impact_questions_do_not_become_actions_or_assurance(mini) -> None:  # type: ignore[no-untyped-def]
    data = {"phase": "item1", "r1": "item1-4", "r7": "item1-10", "m1": "item2-0", "m2": ["item1-1"], "m3": "item1-3"}
    fw, done = score_saved(mini, data)
    from assess.scoring import score

    result = score({"mini-aia": mini}, done.assessment)
    assert {a.question for a in result.actions} == {"m1", "m2"}
    assert (fw.points, fw.max_points) == (4, 10)  # mitigation shown: the design phase's 10


@pytest.mark.parametrize(("value", "expected"), [
    (2.5, 3), (-2.5, -2), (8.5, 9), (0.5, 1), (-0.5, 0), (1.4999999, 1), (0.49999999999999994, 0),
    (40.8, 41), (-2.6, -3), (7.0, 7),
])
def test_round_half_up_is_javascript_math_round(value: float, expected: float) -> None:
    assert round_half_up(value) == expected
