"""No screen of `assess run` shows a framework's internal names where a label exists: every
question of every shipped framework, at three widths, answered and not, its options, its help,
the jump list, the error for an option that goes alone, and the closing summary.

Internal names are the ones that look like identifiers (`none_of_these`, `article8-privacy`,
`staff_association`): an id that is also an ordinary word ('consultation', 'never') cannot be
told apart from prose, so it is not looked for."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from assess.assessments import Metadata, new_assessment
from assess.interview import render
from assess.loading import FrameworkLibrary
from assess.model import Answer, AnswerValue, Framework, Question, QuestionType
from assess.questionnaire import Questionnaire
from assess.score_table import result_table

WIDTHS = (39, 59, 79, 119)
META = Metadata(title="Absence analytics pilot", organisation="A police force", system="Vendor analytics",
                stage="pilot", perspective="staff-association", name="Sam Jones")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*[A-Za-z0-9]")


def shipped() -> dict[str, Framework]:
    library = FrameworkLibrary()
    return library.load_many(library.ids())


def internal_names(frameworks: dict[str, Framework]) -> set[str]:
    names = {fid for fid in frameworks if re.search(r"[_\-]", fid)}
    for fw in frameworks.values():
        for question in fw.questions():
            names |= {question.id} if "_" in question.id else set()
            names |= {o.value for o in question.options if "_" in o.value and o.value not in o.label}
    return names


def worst(question: Question) -> AnswerValue:
    """An answer to `question`: the last option (the one most likely to raise a gate)."""
    if question.type is QuestionType.multi:
        return [question.options[-1].value]
    if question.options:
        return question.options[-1].value
    if question.type is QuestionType.scale:
        return question.scale.min if question.scale else 1
    if question.type is QuestionType.number:
        return 3
    if question.type is QuestionType.date:
        return "2026-05-21"
    return "The chief officer"


def prose(questionnaire: Questionnaire, index: int) -> set[str]:
    """The words the framework itself writes for this question ('human-oversight article' is prose)."""
    slot = questionnaire.slots[index]
    question = slot.question
    refs = [slot.framework.references[r] for r in question.refs if r in slot.framework.references]
    texts = [question.ask, question.help or "", question.evidence_hint or "", *(o.label for o in question.options),
             *(r.cite for r in refs), *(r.note or "" for r in refs), *(r.url or "" for r in refs)]
    return set(_TOKEN.findall(" ".join(texts)))


def screens(questionnaire: Questionnaire) -> Iterator[tuple[str, str, set[str]]]:
    """(where, text, the framework's own words there) for everything the questionnaire would show for
    each visible question."""
    from assess.interview.prompts import TerminalUI

    ui = TerminalUI()
    for index in questionnaire.visible():
        question = questionnaire.slots[index].question
        for width in WIDTHS:
            where = f"{questionnaire.number(index)} at {width} columns"
            own = prose(questionnaire, index)
            yield where, "\n".join(render.header(questionnaire, index, width=width)), own
            yield where, "\n".join(render.full_help(questionnaire, index, width=width)), own
            yield where, render.jump_entry(questionnaire, index, width=width), own
            for compact in (False, True):
                choices, _ = ui._choices(questionnaire, index, width, compact=compact)
                yield where, "\n".join(str(c.title) for c in choices), own
        if question.type is QuestionType.multi:
            exclusive = [o.value for o in question.options if o.exclusive]
            others = [o.value for o in question.options if not o.exclusive]
            if exclusive and others:
                problem = ui.tick_problem(question, [others[0], exclusive[0]])
                yield f"{questionnaire.number(index)} ticks", problem or "", set()


@pytest.fixture(scope="module")
def frameworks() -> dict[str, Framework]:
    return shipped()


def test_the_check_would_see_an_internal_name(frameworks: dict[str, Framework]) -> None:
    names = internal_names(frameworks)
    assert {"none_of_these", "article8-privacy", "staff_association"} <= names
    assert "none_of_these" in set(_TOKEN.findall("'none_of_these' cannot be chosen together with other options"))


@pytest.mark.parametrize("answered", [False, True], ids=["unanswered", "answered"])
def test_no_screen_shows_an_internal_name(frameworks: dict[str, Framework], answered: bool) -> None:
    pytest.importorskip("questionary")
    names = internal_names(frameworks)
    questionnaire = Questionnaire(new_assessment(META, frameworks), frameworks)
    if answered:  # answer in order: each answer can make later questions visible
        for index in range(len(questionnaire.slots)):
            if questionnaire.is_visible(index):
                questionnaire.set_answer(index, Answer(answer=worst(questionnaire.slots[index].question)))
    shown = 0
    for where, text, own in screens(questionnaire):
        found = names & set(_TOKEN.findall(text)) - own
        assert not found, f"{where}: {sorted(found)} on screen:\n{text}"
        shown += 1
    assert shown > 200  # every question of four frameworks, really rendered
    if answered:
        for width in WIDTHS:
            table = result_table(questionnaire.result(), "en", width)
            found = names & set(_TOKEN.findall(table))
            assert not found, f"closing summary: {sorted(found)}\n{table}"
            assert "Staff association view" in " ".join(table.split()) and "staff-association" not in table
            assert [line for line in table.splitlines() if len(line) > width] == []
