"""The jump list's choosing, without a terminal: a number narrows to that question and those under
it, words narrow to the questions holding them, and with 53 questions a few keys reach any one."""

from __future__ import annotations

import pytest

from assess.assessments import Metadata, new_assessment
from assess.interview import jumplist
from assess.loading import FrameworkLibrary
from assess.questionnaire import Questionnaire


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    library = FrameworkLibrary()
    frameworks = library.load_many(library.ids())
    meta = Metadata(title="Pilot", organisation="A police force", system="Vendor analytics")
    return Questionnaire(new_assessment(meta, frameworks), frameworks)


def listing(questionnaire: Questionnaire, current: int | None = None) -> jumplist.Listing:
    entries = jumplist.entries(questionnaire, "Stay where I was", "The first question still open")
    return jumplist.Listing(entries, current)


def test_typing_a_number_chooses_that_question(questionnaire: Questionnaire) -> None:
    chosen = listing(questionnaire)
    for key in "2.3.1":
        chosen.type(key)
    entry = chosen.chosen()
    assert entry is not None and entry.index is not None
    assert questionnaire.number(entry.index) == "2.3.1"
    assert [e.number for e in chosen.shown] == ["2.3.1"]


def test_every_question_is_a_few_keys_away(questionnaire: Questionnaire) -> None:
    shown = questionnaire.visible()
    assert len(shown) >= 50  # four frameworks
    for index in shown:
        number = questionnaire.number(index)
        chosen = listing(questionnaire)
        chosen.type(number)
        entry = chosen.chosen()
        assert entry is not None and entry.index == index
        assert len(number) <= 6  # keys to type, then Enter


def test_a_partial_number_narrows_to_what_is_under_it(questionnaire: Questionnaire) -> None:
    found = jumplist.narrow(jumplist.entries(questionnaire, "stay", None), "1.2")
    assert found and all(e.number.startswith("1.2.") for e in found)
    assert not jumplist.narrow(jumplist.entries(questionnaire, "stay", None), "1.20")


def test_words_narrow_to_the_questions_that_hold_them(questionnaire: Questionnaire) -> None:
    found = jumplist.narrow(jumplist.entries(questionnaire, "stay", None), "staff association")
    assert found and all("staff association" in e.words for e in found)
    assert all(e.index is not None for e in found)  # actions such as "stay" are not questions


def test_backspace_widens_again_and_the_list_scrolls_to_the_chosen_line(questionnaire: Questionnaire) -> None:
    chosen = listing(questionnaire)
    chosen.type("4.")
    narrowed = len(chosen.shown)
    chosen.erase()
    chosen.erase()
    assert len(chosen.shown) > narrowed and chosen.typed == ""
    chosen.move(40)
    rows = chosen.lines(width=59, height=10)
    assert len(rows) == 10 and sum(1 for picked, _ in rows if picked) == 1
    assert all(len(text) <= 57 for _, text in rows)


def test_the_list_opens_on_the_current_question(questionnaire: Questionnaire) -> None:
    current = questionnaire.visible()[7]
    entry = listing(questionnaire, current).chosen()
    assert entry is not None and entry.index == current
