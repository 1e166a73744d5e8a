"""Scoring rules, checked on the fixture framework with numbers worked out by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assess.loading import FrameworkLibrary, load_assessment
from assess.model import Assessment, Framework
from assess.result import QuestionStatus, Rating, Verdict
from assess.scoring import score
from tests.conftest import CORE_FIXTURES

LIBRARY = FrameworkLibrary(dirs=[CORE_FIXTURES / "frameworks"], include_builtin=False)


def mini() -> Framework:
    return LIBRARY.load("mini")


def assessment(answers: dict[str, Any], frameworks: tuple[str, ...] = ("mini",), **extra: Any) -> Assessment:
    return Assessment.model_validate({
        "schema": "assess/assessment@1",
        "title": "T",
        "subject": {"organisation": "O", "system": "S"},
        "frameworks": {f: {"version": "1.0.0"} for f in frameworks},
        "answers": answers,
        **extra,
    })


FULL = {
    "objective": {"answer": "specific", "evidence": ["doc"]},
    "link": {"answer": "validated"},
    "categories": {"answer": ["work"]},
    "safeguards": {"answer": ["audit", "review"]},
    "consulted": {"answer": "yes"},
    "trust": {"answer": 5},
    "headcount": {"answer": 10},
    "golive": {"answer": "2026-01-01"},
    "remarks": {"answer": "fine"},
}


def test_worked_example_from_fixture_file() -> None:
    loaded, frameworks = load_assessment(CORE_FIXTURES / "good.yaml", LIBRARY)
    result = score(frameworks, loaded)
    fw = result.frameworks[0]
    # objective general 1x2, link 1, categories worst(3,1)=1, safeguards 1+2=3, consulted 3, trust (3-1)/4*4=2
    assert (fw.points, fw.max_points) == (12.0, 22.0)
    assert fw.assurance == 54.55
    assert fw.rating is Rating.amber
    assert result.verdict is Verdict.conditions
    assert [s.points for s in fw.sections] == [3.0, 9.0]


def test_full_marks_is_green_and_proceed() -> None:
    result = score({"mini": mini()}, assessment({"mini": FULL}))
    fw = result.frameworks[0]
    assert fw.assurance == 100.0 and fw.rating is Rating.green
    assert result.verdict is Verdict.proceed and result.complete and not result.actions


def test_gate_forces_red_even_with_high_score() -> None:
    answers = {**FULL, "consulted": {"answer": "no"}}
    result = score({"mini": mini()}, assessment({"mini": answers}))
    fw = result.frameworks[0]
    assert fw.assurance > 80
    assert fw.rating is Rating.red
    assert [g.question for g in fw.gates] == ["consulted"]
    assert result.verdict is Verdict.pause
    assert result.actions[0].priority == "gate" and result.actions[0].question == "consulted"


def test_stop_gate_means_do_not_proceed() -> None:
    answers = {**FULL, "link": {"answer": "contrary"}}
    result = score({"mini": mini()}, assessment({"mini": answers}))
    assert result.verdict is Verdict.stop


def test_gates_in_two_frameworks_mean_do_not_proceed(mini_dir: Path) -> None:
    text = (mini_dir / "mini.yaml").read_text().replace("id: mini", "id: other", 1)
    (mini_dir / "other.yaml").write_text(text)
    library = FrameworkLibrary(dirs=[mini_dir], include_builtin=False)
    gated = {**FULL, "consulted": {"answer": "no"}}
    both = assessment({"mini": gated, "other": gated}, frameworks=("mini", "other"))
    result = score(library.load_all(), both)
    assert result.verdict is Verdict.stop
    one = assessment({"mini": gated, "other": FULL}, frameworks=("mini", "other"))
    assert score(library.load_all(), one).verdict is Verdict.pause


def test_hidden_question_counts_in_neither_score_nor_maximum() -> None:
    answers = {**FULL, "objective": {"answer": "none", "evidence": ["d"]}, "link": {"answer": "contrary"}}
    result = score({"mini": mini()}, assessment({"mini": answers}))
    fw = result.frameworks[0]
    link = next(q for q in fw.questions if q.id == "link")
    assert link.status is QuestionStatus.hidden and link.ignored_answer
    assert (link.points, link.max_points) == (0, 0)
    assert fw.max_points == 19.0  # 22 - link's 3
    # its stop gate must not fire: the answer is ignored
    assert all(g.question != "link" for g in result.gates)
    assert any("ignored" in w for w in result.warnings)


def test_dont_know_scores_zero_and_is_an_evidence_gap() -> None:
    answers = {**FULL, "trust": {"answer": "dont_know"}}
    fw = score({"mini": mini()}, assessment({"mini": answers})).frameworks[0]
    assert fw.points == 18.0 and fw.max_points == 22.0
    assert [(g.question, g.reason) for g in fw.evidence_gaps] == [("trust", "dont_know")]


def test_critical_question_without_evidence_caps_at_amber() -> None:
    answers = {**FULL, "objective": {"answer": "specific"}}
    fw = score({"mini": mini()}, assessment({"mini": answers})).frameworks[0]
    assert fw.assurance == 100.0
    assert fw.rating is Rating.amber
    assert fw.evidence_gaps[0].reason == "critical_without_evidence"


def test_unanswered_counts_against_assurance_and_marks_provisional() -> None:
    answers = {k: v for k, v in FULL.items() if k != "safeguards"}
    result = score({"mini": mini()}, assessment({"mini": answers}))
    fw = result.frameworks[0]
    assert fw.unanswered == ["safeguards"] and not fw.complete
    assert fw.points == 19.0 and fw.max_points == 22.0
    assert not result.complete and any("provisional" in r for r in result.verdict_reasons)


@pytest.mark.parametrize(
    ("rule_answer", "points"),
    [(["audit"], 1.0), (["review"], 2.0), (["audit", "review"], 3.0), (["none"], 0.0)],
)
def test_multi_sum_rule(rule_answer: list[str], points: float) -> None:
    answers = {**FULL, "safeguards": {"answer": rule_answer}}
    fw = score({"mini": mini()}, assessment({"mini": answers})).frameworks[0]
    assert next(q for q in fw.questions if q.id == "safeguards").points == points


def test_multi_worst_rule_takes_the_lowest_chosen() -> None:
    answers = {**FULL, "categories": {"answer": ["work", "health", "location"]}}
    fw = score({"mini": mini()}, assessment({"mini": answers})).frameworks[0]
    assert next(q for q in fw.questions if q.id == "categories").points == 0.0


def test_actions_gates_first_then_by_lost_points() -> None:
    answers = {
        **FULL,
        "objective": {"answer": "general", "evidence": ["d"]},  # loses 4 weighted
        "trust": {"answer": 4},  # loses 1
        "consulted": {"answer": "no"},  # gate, loses 3
    }
    actions = score({"mini": mini()}, assessment({"mini": answers})).actions
    assert [a.question for a in actions] == ["consulted", "objective", "trust"]
    assert [a.rank for a in actions] == [1, 2, 3]
    assert actions[1].recommendation == "Name the specific problem."
    assert actions[2].recommendation == "Build trust."  # question-level fallback


def test_scoring_is_pure_and_deterministic() -> None:
    a = assessment({"mini": FULL})
    first = score({"mini": mini()}, a).model_dump_json()
    assert score({"mini": mini()}, a).model_dump_json() == first


def test_drift_names_added_removed_and_changed(mini_dir: Path) -> None:
    from assess.fingerprint import pin

    library = FrameworkLibrary(dirs=[mini_dir], include_builtin=False)
    old = library.load("mini")
    pinned = pin(old).model_dump(mode="json")
    text = (mini_dir / "mini.yaml").read_text()
    text = text.replace("ask: Anything else?", "ask: Anything else at all?")
    text = text.replace("version: 1.0.0", "version: 1.1.0")
    text = text.replace(
        "      - id: headcount\n        ask: How many people are in scope?\n"
        "        type: number\n        refs: [case]\n",
        "      - id: population\n        ask: Who is in scope?\n        type: text\n        refs: [case]\n",
    )
    (mini_dir / "mini.yaml").write_text(text)
    new = FrameworkLibrary(dirs=[mini_dir], include_builtin=False).load("mini")
    a = Assessment.model_validate({
        "schema": "assess/assessment@1", "title": "T", "subject": {"organisation": "O", "system": "S"},
        "frameworks": {"mini": pinned}, "answers": {"mini": {"objective": {"answer": "specific"}}},
    })
    result = score({"mini": new}, a)
    drift = result.frameworks[0].drift
    assert drift is not None
    assert (drift.added, drift.removed, drift.changed) == (["population"], ["headcount"], ["remarks"])
    assert drift.recorded_version == "1.0.0" and drift.current_version == "1.1.0"
    assert "headcount" in result.warnings[0]
    # the unchanged framework raises no warning
    assert score({"mini": old}, a).warnings == []


def test_cross_framework_condition(mini_and_follow_dir: Path) -> None:
    library = FrameworkLibrary(dirs=[mini_and_follow_dir], include_builtin=False)
    frameworks = library.load_all()
    for consulted, status in (("no", QuestionStatus.unanswered), ("yes", QuestionStatus.hidden)):
        a = assessment({"mini": {**FULL, "consulted": {"answer": consulted}}}, frameworks=("mini", "follow"))
        follow = score(frameworks, a).frameworks[1]
        assert follow.questions[0].status is status


def test_sentences_follow_the_language_and_values_do_not() -> None:
    answers = {**FULL, "consulted": {"answer": "no"}, "trust": {"answer": "dont_know"}}
    english = score({"mini": mini()}, assessment({"mini": answers}))
    french = score({"mini": mini()}, assessment({"mini": answers}), lang="fr")
    assert english.verdict is french.verdict and english.gates == french.gates
    assert english.verdict_reasons == ["gate raised: Mini framework, question 1.2.3", "rated red: Mini framework"]
    assert french.verdict_reasons == ["blocage\u00a0: Mini framework, question 1.2.3",
                                      "cote rouge\u00a0: Mini framework"]
    assert french.frameworks[0].rating_reasons[0].startswith("blocage\u00a0: ")
    trust = next(a for a in french.actions if a.question == "trust")
    assert trust.answer_label == "Je ne sais pas"
    assert [a.question for a in english.actions] == [a.question for a in french.actions]
