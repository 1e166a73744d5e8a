"""check_assessment's answers against each question: the same problems as answer_problem finds one answer at a
time, though it passes the common answer (an option, 'dont_know', nothing) from a table made once per
framework object without asking answer_problem; and that table lives no longer than its framework."""

from __future__ import annotations

import gc
from typing import Any

from assess import checks
from assess.checks import answer_problem, check_assessment
from assess.loading import FrameworkLibrary
from assess.model import DONT_KNOW, Assessment, Framework
from assess.yamlsource import Document


def _candidates(framework: Framework) -> dict[str, list[Any]]:
    """For each question, answers of every kind: each option, 'dont_know', none, wrong text, numbers in and
    out of range, lists (a repeated option among them), a date and a not-date, and an option's value in
    another case."""
    values: dict[str, list[Any]] = {}
    for question in framework.questions():
        options = [o.value for o in question.options]
        values[question.id] = [*options, DONT_KNOW, None, "nonsense", "", 0, 3, 7, 2.5, -1, "2026-05-21",
                               "21/05/2026", [], options[:1], options[:2], options[:1] * 2, ["nonsense"],
                               *(o.upper() for o in options[:1])]
    return values


def _one_at_a_time(framework: Framework, answers: dict[str, dict[str, Any]]) -> list[tuple[tuple[Any, ...], str]]:
    found = []
    for qid, answer in answers.items():
        question = framework.question(qid)
        assert question is not None
        problem = answer_problem(question, answer.get("answer"))
        if problem:
            found.append((("answers", framework.id, qid, "answer"), problem[0]))
    return found


class _Recording(Document):
    """A document that notes where each problem found in it is, and its message."""

    def __init__(self, path: str, data: Any) -> None:
        super().__init__(path, data)
        self.seen: list[tuple[tuple[Any, ...], str]] = []

    def diagnostic(self, loc: Any, message: str, hint: str | None = None, *, key: bool = False) -> Any:
        self.seen.append((loc, message))
        return super().diagnostic(loc, message, hint, key=key)


def test_every_answer_gets_the_problem_answer_problem_gives() -> None:
    library = FrameworkLibrary()
    for fid in library.ids():
        framework = library.load(fid)
        candidates = _candidates(framework)
        for round_ in range(max(len(v) for v in candidates.values())):
            answers = {qid: {"answer": values[round_ % len(values)]} for qid, values in candidates.items()}
            assessment = Assessment.model_validate({
                "schema": "assess/assessment@1", "title": "t", "subject": {"organisation": "o", "system": "s"},
                "frameworks": {fid: {"version": framework.version}}, "answers": {fid: answers},
            })
            doc = _Recording("a.yaml", {})
            list(check_assessment(assessment, doc, {fid: framework}, library.ids()))
            assert doc.seen == _one_at_a_time(framework, answers), (fid, round_)


def test_unknown_question_and_not_applicable_still_reported() -> None:
    library = FrameworkLibrary()
    framework = library.load(library.ids()[0])
    question = framework.questions()[0]
    assessment = Assessment.model_validate({
        "schema": "assess/assessment@1", "title": "t", "subject": {"organisation": "o", "system": "s"},
        "frameworks": {framework.id: {"version": framework.version}},
        "answers": {framework.id: {"no_such_question": {"answer": DONT_KNOW},
                                   question.id: {"answer": DONT_KNOW, "not_applicable": "because"}}},
    })
    messages = [d.message for d in check_assessment(assessment, Document("a.yaml", {}), {framework.id: framework},
                                                    library.ids())]
    assert f"'no_such_question' is not a question of '{framework.id}'" in messages
    assert f"'{question.id}' has both an answer and 'not_applicable'" in messages


def test_the_answer_table_is_forgotten_with_its_framework() -> None:
    original = FrameworkLibrary().load(FrameworkLibrary().ids()[0])
    framework = Framework.model_validate(original.model_dump(by_alias=True))
    key = id(framework)
    table = checks._answer_table(framework)
    assert checks._answer_table(framework) is table  # made once per framework object
    assert key in checks._ANSWER_TABLES
    del framework, table
    gc.collect()
    assert key not in checks._ANSWER_TABLES
