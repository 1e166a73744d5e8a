"""Properties that hold for every answer set, checked with generated answers."""

from __future__ import annotations

from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from assess.conditions import compile_condition
from assess.model import DONT_KNOW, Assessment, Question, QuestionType
from assess.result import Rating
from assess.schemas import json_schema
from assess.scoring import raw_points, score
from tests.test_scoring import LIBRARY

FRAMEWORK = LIBRARY.load("mini")
QUESTIONS = FRAMEWORK.questions()
# Questions whose answer some `when` reads: improving them can reveal new, unanswered questions.
READ_BY_CONDITIONS = {
    ref.name for q in QUESTIONS if q.when for ref in compile_condition(q.when).references
}
RESULT_SCHEMA = json_schema("result")


def answer_values(question: Question) -> st.SearchStrategy[Any]:
    values = [o.value for o in question.options]
    if question.type is QuestionType.multi:
        plain = [o.value for o in question.options if not o.exclusive]
        exclusive = [[o.value] for o in question.options if o.exclusive]
        choices = st.lists(st.sampled_from(plain), min_size=1, unique=True)
        return st.one_of(choices, st.sampled_from(exclusive)) if exclusive else choices
    if question.type is QuestionType.scale:
        assert question.scale is not None
        return st.integers(question.scale.min, question.scale.max)
    if question.type is QuestionType.number:
        return st.integers(0, 10**6)
    if question.type is QuestionType.date:
        return st.dates().map(lambda d: d.isoformat())
    if question.type is QuestionType.text:
        return st.text(max_size=20)
    return st.sampled_from(values)


def one_answer(question: Question) -> st.SearchStrategy[dict[str, Any] | None]:
    value = st.one_of(answer_values(question), st.just(DONT_KNOW)) if question.scored else answer_values(question)
    entry = st.fixed_dictionaries({"answer": value}, optional={"evidence": st.just(["doc"])})
    return st.one_of(st.none(), entry)


answer_sets = st.fixed_dictionaries({q.id: one_answer(q) for q in QUESTIONS}).map(
    lambda d: {k: v for k, v in d.items() if v is not None}
)


def make(answers: dict[str, Any]) -> Assessment:
    return Assessment.model_validate({
        "schema": "assess/assessment@1", "title": "T", "subject": {"organisation": "O", "system": "S"},
        "frameworks": {"mini": {"version": "1.0.0"}}, "answers": {"mini": answers},
    })


def run(answers: dict[str, Any]):  # type: ignore[no-untyped-def]
    return score({"mini": FRAMEWORK}, make(answers))


@settings(max_examples=150, deadline=None)
@given(answer_sets)
def test_percentages_stay_within_bounds(answers: dict[str, Any]) -> None:
    result = run(answers)
    for fw in result.frameworks:
        assert 0 <= fw.assurance <= 100 and 0 <= fw.completeness <= 100
        assert all(0 <= s.assurance <= 100 for s in fw.sections)
        assert 0 <= fw.points <= fw.max_points


@settings(max_examples=150, deadline=None)
@given(answer_sets)
def test_any_gate_forces_red(answers: dict[str, Any]) -> None:
    for fw in run(answers).frameworks:
        if fw.gates:
            assert fw.rating is Rating.red


@settings(max_examples=100, deadline=None)
@given(answer_sets)
def test_result_validates_against_its_published_schema(answers: dict[str, Any]) -> None:
    jsonschema.validate(run(answers).model_dump(mode="json", by_alias=True), RESULT_SCHEMA)


@settings(max_examples=200, deadline=None)
@given(answer_sets, st.sampled_from([q for q in QUESTIONS if q.scored]), st.data())
def test_improving_an_answer_never_lowers_the_score(answers: dict[str, Any], question: Question, data: Any) -> None:
    current = answers.get(question.id)
    before_value = current["answer"] if current else None
    better = data.draw(answer_values(question))
    known = before_value is not None and before_value != DONT_KNOW
    if known and raw_points(question, better) < raw_points(question, before_value):
        return
    improved = {**answers, question.id: {**(current or {}), "answer": better}}
    before, after = run(answers).frameworks[0], run(improved).frameworks[0]
    q_before = next(q for q in before.questions if q.id == question.id)
    q_after = next(q for q in after.questions if q.id == question.id)
    assert q_after.points >= q_before.points
    if question.id not in READ_BY_CONDITIONS:
        assert after.points >= before.points
        assert after.assurance >= before.assurance
        if not after.gates:
            assert after.rating.rank <= before.rating.rank or before.gates


@settings(max_examples=150, deadline=None)
@given(answer_sets, one_answer(FRAMEWORK.question("link")))  # type: ignore[arg-type]
def test_answers_to_hidden_questions_change_nothing(answers: dict[str, Any], link: dict[str, Any] | None) -> None:
    # `link` is hidden whenever `objective` is 'none'.
    hidden = {**answers, "objective": {"answer": "none"}}
    hidden.pop("link", None)
    with_link = {**hidden, **({"link": link} if link else {})}
    a, b = run(hidden), run(with_link)
    strip = {"answers_sha256", "warnings"}
    fa, fb = a.frameworks[0], b.frameworks[0]
    assert (fa.points, fa.max_points, fa.rating, fa.gates, fa.evidence_gaps) == (
        fb.points, fb.max_points, fb.rating, fb.gates, fb.evidence_gaps)
    assert a.model_dump(exclude=strip | {"frameworks"}) == b.model_dump(exclude=strip | {"frameworks"})
