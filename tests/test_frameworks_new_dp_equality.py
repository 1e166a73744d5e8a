"""The data-protection and equality frameworks: what the law makes them cover, and how their conditions behave.

The generic content rules (a source, help and evidence hint on every question, a recommendation on every answer
short of full marks, every gate turning its framework red) are checked for all frameworks in
test_frameworks_content.py. This module checks what is particular to these two: that each element of the law
they were written to encode has a question resting on the right source, that gates sit exactly where the law
makes a failure decisive, that the pinpoints we could not check are marked, that every reference has a short
form, that `when` hides the questions an earlier answer makes meaningless, and that overlaps with other
frameworks are named where they arise.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.loading import load_framework
from assess.model import Assessment, Framework
from assess.result import QuestionStatus, Rating
from assess.scoring import score
from tests.test_frameworks_content import best_answers

ROOT = Path(__file__).resolve().parent.parent
DP = ROOT / "frameworks" / "data-protection.yaml"
EQ = ROOT / "frameworks" / "equality.yaml"

# element of the law -> (question, references it must rest on)
DP_ELEMENTS = {
    "regime boundary (UK GDPR / DPA 2018 Part 3)": ("regime", {"dpa-part3-scope"}),
    "controller and DPO": ("controller_dpo", {"ukgdpr-accountability"}),
    "lawful basis (public task)": ("lawful_basis", {"ukgdpr-art6", "dpa-s8"}),
    "purpose limitation for reused records": ("repurposing", {"ukgdpr-art5", "ukgdpr-art6"}),
    "special category health data (Sch 1)": ("special_category", {"ukgdpr-art9", "dpa-s10-sch1"}),
    "criminal-offence data and s.35 sensitive processing": ("offence_and_part3_data", {"ukgdpr-art10", "dpa-s35-s42"}),
    "DPIA content and timing (art 35 / s.64)": ("dpia_done", {"ukgdpr-art35", "dpa-s64-s65"}),
    "DPIA assesses risks to people (Bridges)": ("dpia_quality", {"bridges-ca"}),
    "prior consultation (art 36 / s.65)": ("prior_consultation", {"ukgdpr-art36", "dpa-s64-s65"}),
    "data minimisation": ("minimisation", {"ukgdpr-art5"}),
    "retention": ("retention", {"ukgdpr-art5", "dpa-s39"}),
    "processor terms (art 28 / s.59)": ("processor_terms", {"ukgdpr-art28"}),
    "international transfers (US vendor)": ("transfers", {"ukgdpr-ch5", "us-data-bridge", "dpa-s72-s78"}),
    "transparency to the people analysed": ("privacy_information", {"ukgdpr-art13-14"}),
    "rights of the people analysed": ("rights", {"ukgdpr-rights"}),
    "accuracy of the source records (art 5(1)(d))": ("source_accuracy", {"ukgdpr-art5"}),
}

EQ_ELEMENTS = {
    "due regard at the formative stage (Bracking)": ("analysis_timing", {"eqa-s149", "bracking"}),
    "non-delegation to the vendor": ("decision_maker", {"bracking"}),
    "all protected characteristics considered": ("characteristics", {"eqa-s149"}),
    "duty to gather missing information": ("information_gathered", {"bracking", "bridges-ca"}),
    "the analysis informs the design": ("changed_design", {"bracking"}),
    "disability-related absence as a proxy (s.15)": ("disability_absence", {"eqa-s15"}),
    "pregnancy-related absence (s.18)": ("pregnancy_absence", {"eqa-s18"}),
    "indirect discrimination in flag rules (s.19)": ("indirect_rules", {"eqa-s19"}),
    "reasonable adjustments (ss.20-21)": ("adjustments", {"eqa-s20"}),
    "Bridges: reasonable enquiry into bias": ("bias_enquiry", {"bridges-ca"}),
    "monitoring outcomes by protected characteristic": ("outcome_monitoring", {"eqa-s149", "dpa-sch1-para8"}),
    "publication": ("publication", {"eqa-s149"}),
}

# Gates only where the law makes the failure decisive; none is a `stop`, since each can be put right.
DP_GATES = {
    ("lawful_basis", "none_recorded"),
    ("special_category", "not_recognised"),
    ("dpia_done", "none"),
    ("prior_consultation", "high_not_consulted"),
    ("transfers", "no_mechanism"),
    ("privacy_information", "not_covered"),
}
EQ_GATES = {("analysis_timing", "none"), ("pregnancy_absence", "counted"), ("bias_enquiry", "no_enquiry")}

# Article 6 was checked against the 2025 Act (issue 23); Article 8A's Annex 2 and para 7's table were not read.
DP_UNCERTAIN = {"ukgdpr-art8a", "dpa-sch2-para7", "ukgdpr-ch5", "dpa-s72-s78"}
EQ_UNCERTAIN = {"casey-review", "eqa-s18"}


@pytest.fixture(scope="module")
def dp() -> Framework:
    return load_framework(DP)


@pytest.fixture(scope="module")
def eq() -> Framework:
    return load_framework(EQ)


def _pick(name: str, dp: Framework, eq: Framework) -> Framework:
    return dp if name == "data-protection" else eq


def test_validate_accepts_every_shipped_framework(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("validate", *sorted((ROOT / "frameworks").glob("*.yaml")))
    assert code == 0, out + err
    assert err == ""


@pytest.mark.parametrize(
    ("name", "elements"), [("data-protection", DP_ELEMENTS), ("equality", EQ_ELEMENTS)], ids=["dp", "eq"]
)
def test_each_element_of_the_law_has_a_question_on_the_right_source(
    name: str, elements: dict[str, tuple[str, set[str]]], dp: Framework, eq: Framework
) -> None:
    fw = _pick(name, dp, eq)
    by_id = {q.id: q for q in fw.questions()}
    assert len(by_id) >= 12
    for element, (qid, refs) in elements.items():
        assert qid in by_id, f"{element}: question {qid} exists"
        assert refs <= set(by_id[qid].refs), f"{element}: {qid} rests on {sorted(refs)}"
    covered = {qid for qid, _ in elements.values()}
    assert covered == set(by_id), "every question answers to an element of the brief, and every element is asked"


@pytest.mark.parametrize(
    ("name", "expected"), [("data-protection", DP_GATES), ("equality", EQ_GATES)], ids=["dp", "eq"]
)
def test_gates_sit_exactly_where_the_law_makes_a_failure_decisive(
    name: str, expected: set[tuple[str, str]], dp: Framework, eq: Framework
) -> None:
    fw = _pick(name, dp, eq)
    gates = {(q.id, o.value) for q in fw.questions() for o in q.options if o.gate}
    assert gates == expected
    assert not any(o.stop for q in fw.questions() for o in q.options), "every gate here can be remedied"


@pytest.mark.parametrize(
    ("name", "expected"), [("data-protection", DP_UNCERTAIN), ("equality", EQ_UNCERTAIN)], ids=["dp", "eq"]
)
def test_unchecked_pinpoints_are_marked_and_say_what_to_check(
    name: str, expected: set[str], dp: Framework, eq: Framework
) -> None:
    fw = _pick(name, dp, eq)
    assert {rid for rid, ref in fw.references.items() if ref.uncertain} == expected
    for rid in expected:
        note = fw.references[rid].note or ""
        assert "check" in note.lower() or "confirm" in note.lower(), f"{rid}: the note says what to check"


@pytest.mark.parametrize("name", ["data-protection", "equality"])
def test_every_reference_has_a_short_form_shorter_than_its_citation(name: str, dp: Framework, eq: Framework) -> None:
    for rid, ref in _pick(name, dp, eq).references.items():
        assert ref.short and ref.short.strip(), f"{rid}: short form"
        assert len(ref.short) < len(ref.cite), f"{rid}: the short form is shorter"
        assert len(ref.short) <= 40, f"{rid}: fits a terminal column"


def _result(fw: Framework, changes: dict[str, str]):  # type: ignore[no-untyped-def]
    answers = best_answers(fw)
    for qid, value in changes.items():
        answers[qid] = {"answer": value, "evidence": ["test"], "confidence": "documented"}
    assessment = Assessment.model_validate({
        "schema": "assess/assessment@1", "title": "t", "subject": {"organisation": "O", "system": "S"},
        "frameworks": {fw.id: {"version": fw.version}}, "answers": {fw.id: answers},
    })
    (fr,) = score({fw.id: fw}, assessment).frameworks
    return fr


@pytest.mark.parametrize(
    ("name", "changes", "hidden"),
    [
        ("data-protection", {"regime": "employment_only"}, {"offence_and_part3_data"}),
        ("data-protection", {"dpia_done": "none"}, {"dpia_quality", "prior_consultation"}),
        ("data-protection", {"regime": "single_regime_assumed", "dpia_done": "after_or_screening"}, set()),
        ("equality", {"analysis_timing": "none"}, {"decision_maker", "changed_design"}),
        ("equality", {"analysis_timing": "after_golive"}, set()),
    ],
)
def test_when_hides_questions_an_earlier_answer_makes_meaningless(
    name: str, changes: dict[str, str], hidden: set[str], dp: Framework, eq: Framework
) -> None:
    fr = _result(_pick(name, dp, eq), changes)
    assert {q.id for q in fr.questions if q.status is QuestionStatus.hidden} == hidden
    assert all(q.max_points == 0 for q in fr.questions if q.id in hidden), "a hidden question counts nothing"


def test_employment_only_is_full_marks_and_hides_the_criminal_question(dp: Framework) -> None:
    """A force that keeps the tool out of criminal work is not marked down for the Part 3 question it cannot face."""
    fr = _result(dp, {"regime": "employment_only"})
    assert fr.assurance == 100 and fr.rating is Rating.green


@pytest.mark.parametrize(
    ("name", "qid", "other"),
    [
        ("data-protection", "minimisation", "privacy framework"),
        ("data-protection", "retention", "article8-privacy"),
        ("data-protection", "privacy_information", "article8-privacy"),
        ("data-protection", "dpia_quality", "consultation"),
        ("data-protection", "rights", "human-oversight"),
        ("equality", "analysis_timing", "consultation"),
        ("equality", "disability_absence", "proportionality framework"),
        ("equality", "bias_enquiry", "accuracy-and-validation"),
    ],
)
def test_overlaps_with_other_frameworks_are_named_where_they_arise(
    name: str, qid: str, other: str, dp: Framework, eq: Framework
) -> None:
    (q,) = [q for q in _pick(name, dp, eq).questions() if q.id == qid]
    assert other in (q.help or ""), f"{qid}: says that {other} asks about the same fact"
