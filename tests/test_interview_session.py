"""The questionnaire's state, navigation and flow, without a terminal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from assess.assessments import Metadata, new_assessment
from assess.interview.flow import Details, Finish, Interview, Kind, Reply, Screen, parse_evidence
from assess.loading import FrameworkLibrary
from assess.model import DONT_KNOW, Assessment, Confidence, Framework
from assess.questionnaire import Questionnaire
from assess.result import QuestionStatus
from assess.scoring import score

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "interview"
HAS_POLICY, POLICY_AGE, SAFEGUARDS, TRUST, OWNER = range(5)


@pytest.fixture
def framework() -> Framework:
    return FrameworkLibrary(dirs=[FIXTURES], include_builtin=False).load("pilot-check")


@pytest.fixture
def questionnaire(framework: Framework) -> Questionnaire:
    meta = Metadata(title="Test", organisation="Org", system="Tool")
    frameworks = {framework.id: framework}
    return Questionnaire(new_assessment(meta, frameworks, dt.date(2026, 1, 1)), frameworks)


def answer(questionnaire: Questionnaire, index: int, value: object) -> list[str]:
    from assess.model import Answer

    change = questionnaire.set_answer(index, Answer(answer=value))  # type: ignore[arg-type]
    return [slot.question.id for slot in change.hidden]


# ---------------------------------------------------------------------- questionnaire


def test_a_when_hides_until_its_condition_holds(questionnaire: Questionnaire) -> None:
    assert questionnaire.visible() == [HAS_POLICY, SAFEGUARDS, TRUST, OWNER]
    assert questionnaire.position(SAFEGUARDS) == (2, 4)
    answer(questionnaire, HAS_POLICY, "yes")
    assert questionnaire.visible() == [HAS_POLICY, POLICY_AGE, SAFEGUARDS, TRUST, OWNER]
    assert questionnaire.position(SAFEGUARDS) == (3, 5)
    assert questionnaire.next_visible(HAS_POLICY) == POLICY_AGE


def test_changing_an_answer_keeps_the_answers_it_hides_off_the_record(questionnaire: Questionnaire) -> None:
    answer(questionnaire, HAS_POLICY, "yes")
    answer(questionnaire, POLICY_AGE, "old")
    assert answer(questionnaire, HAS_POLICY, "no") == ["policy_age"]
    # Kept by the questionnaire, but not on record: neither in the assessment saved nor scored.
    assert questionnaire.answer(POLICY_AGE) is not None and questionnaire.value(POLICY_AGE) == "old"
    assert questionnaire.kept() == {"pilot-check": {"policy_age": questionnaire.answer(POLICY_AGE)}}
    assert "policy_age" not in questionnaire.assessment().answers["pilot-check"]
    result = score(questionnaire.frameworks, questionnaire.assessment())
    assert result.frameworks[0].questions[POLICY_AGE].status is QuestionStatus.hidden
    assert result.frameworks[0].ignored_answers == []
    assert questionnaire.result().frameworks[0].questions[POLICY_AGE].points == 0


def test_going_back_to_the_first_option_restores_every_hidden_answer(questionnaire: Questionnaire) -> None:
    from assess.model import Answer

    answer(questionnaire, HAS_POLICY, "yes")
    detailed = Answer(answer="old", note="Written in 2019", evidence=["Policy v1"])
    questionnaire.set_answer(POLICY_AGE, detailed)
    # Arrowing through the options: each one a change, ending where it began.
    for value in ("no", DONT_KNOW, "no", "yes"):
        answer(questionnaire, HAS_POLICY, value)
    assert questionnaire.answer(POLICY_AGE) == detailed
    assert questionnaire.assessment().answers["pilot-check"]["policy_age"] == detailed
    assert questionnaire.kept() == {}
    assert questionnaire.progress() == (2, 5)


def test_only_the_questions_the_change_hides_are_named(questionnaire: Questionnaire) -> None:
    answer(questionnaire, HAS_POLICY, "yes")
    answer(questionnaire, POLICY_AGE, "old")
    answer(questionnaire, TRUST, 3)
    assert answer(questionnaire, HAS_POLICY, DONT_KNOW) == ["policy_age"]
    assert set(questionnaire.assessment().answers["pilot-check"]) == {"has_policy", "trust"}
    assert answer(questionnaire, TRUST, 2) == []


def test_setting_the_same_value_is_not_a_change(questionnaire: Questionnaire) -> None:
    from assess.model import Answer

    questionnaire.set_answer(HAS_POLICY, Answer(answer="yes"))
    assert not questionnaire.set_answer(HAS_POLICY, Answer(answer="yes", note="n")).changed
    assert questionnaire.set_answer(HAS_POLICY, Answer(answer="no")).changed


def test_first_open_skips_answered_and_hidden_questions(questionnaire: Questionnaire) -> None:
    assert questionnaire.first_open() == HAS_POLICY
    answer(questionnaire, HAS_POLICY, "no")
    assert questionnaire.first_open() == SAFEGUARDS
    answer(questionnaire, SAFEGUARDS, DONT_KNOW)  # "Don't know" is an answer
    assert questionnaire.first_open() == TRUST
    assert questionnaire.first_open(start=OWNER) == OWNER
    answer(questionnaire, TRUST, 2)
    answer(questionnaire, OWNER, "The chief officer")
    assert questionnaire.first_open() is None
    assert questionnaire.progress() == (4, 4)


def test_first_open_wraps_round_to_an_earlier_skipped_question(questionnaire: Questionnaire) -> None:
    answer(questionnaire, SAFEGUARDS, ["audit"])
    assert questionnaire.first_open(start=TRUST) == TRUST
    answer(questionnaire, TRUST, 2)
    answer(questionnaire, OWNER, "x")
    assert questionnaire.first_open(start=OWNER) == HAS_POLICY


def test_previous_and_next_visible(questionnaire: Questionnaire) -> None:
    assert questionnaire.previous_visible(HAS_POLICY) is None
    assert questionnaire.previous_visible(SAFEGUARDS) == HAS_POLICY  # policy_age is hidden
    assert questionnaire.next_visible(OWNER) is None


def test_the_assessment_keeps_metadata_and_pins(questionnaire: Questionnaire) -> None:
    answer(questionnaire, HAS_POLICY, "yes")
    saved = questionnaire.assessment()
    assert isinstance(saved, Assessment)
    assert saved.title == "Test"
    assert saved.frameworks["pilot-check"].sha256
    assert saved.answers == {"pilot-check": {"has_policy": questionnaire.answer(HAS_POLICY)}}


def test_parse_evidence() -> None:
    assert parse_evidence(" a ; b;;c ") == ("a", "b", "c")
    assert parse_evidence("") == ()


# ---------------------------------------------------------------------- flow


class ScriptedUI:
    """Plays back replies; records what each screen said."""

    def __init__(self, replies: list[Reply | Callable[[Screen], Reply]], details: Details | None = None) -> None:
        self.replies = list(replies)
        self.details = details or Details()
        self.screens: list[tuple[int, list[str]]] = []
        self.jump_to: list[int | None] = []
        self.finish = Finish.finish

    def ask_question(self, screen: Screen) -> Reply:
        self.screens.append((screen.index, list(screen.notices)))
        reply = self.replies.pop(0)
        return reply(screen) if callable(reply) else reply

    def ask_details(self, questionnaire: Questionnaire, index: int, keep: Callable[[Details], None]) -> Details:
        return self.details

    def ask_jump(self, questionnaire: Questionnaire, current: int | None) -> int | None:
        return self.jump_to.pop(0)

    def ask_finish(self, questionnaire: Questionnaire) -> Finish:
        return self.finish

    def show(self, lines: list[str]) -> None:
        pass

    def ask_about(self, assessment: Assessment) -> Assessment | None:
        self.about_seen = assessment
        return self.about

    about: Assessment | None = None
    about_seen: Assessment | None = None


def interview(questionnaire: Questionnaire, ui: ScriptedUI, saved: list[Assessment]) -> Interview:
    return Interview(questionnaire, ui, save=saved.append)


def test_a_full_pass_saves_after_every_answer(questionnaire: Questionnaire) -> None:
    ui = ScriptedUI([
        Reply(Kind.answer, "yes"), Reply(Kind.answer, "recent"), Reply(Kind.answer, ["audit", "review"]),
        Reply(Kind.answer, 4), Reply(Kind.answer, "The chief officer"),
    ], details=Details(note="seen", evidence=("doc 1", "doc 2"), confidence=Confidence.documented))
    saved: list[Assessment] = []
    outcome = interview(questionnaire, ui, saved).run(questionnaire.first_open())
    assert outcome.finished and outcome.complete
    assert [i for i, _ in ui.screens] == [HAS_POLICY, POLICY_AGE, SAFEGUARDS, TRUST, OWNER]
    assert len(saved) == 10  # the answer, then its details
    final = saved[-1].answers["pilot-check"]
    assert final["has_policy"].evidence == ["doc 1", "doc 2"]
    assert final["trust"].confidence is Confidence.documented
    assert len(saved[0].answers["pilot-check"]) == 1  # saved before the details were asked


def test_no_details_asked_in_quick_mode(questionnaire: Questionnaire) -> None:
    ui = ScriptedUI([Reply(Kind.answer, "no"), Reply(Kind.stop)], details=Details(note="never"))
    saved: list[Assessment] = []
    Interview(questionnaire, ui, save=saved.append, ask_details=False).run(0)
    assert saved[-1].answers["pilot-check"]["has_policy"].note is None


def test_going_back_and_changing_an_answer_says_what_it_hid(questionnaire: Questionnaire) -> None:
    ui = ScriptedUI([
        Reply(Kind.answer, "yes"), Reply(Kind.answer, "old"), Reply(Kind.back), Reply(Kind.back),
        Reply(Kind.answer, "no"), Reply(Kind.stop),
    ])
    saved: list[Assessment] = []
    interview(questionnaire, ui, saved).run(0)
    assert [i for i, _ in ui.screens] == [HAS_POLICY, POLICY_AGE, SAFEGUARDS, POLICY_AGE, HAS_POLICY, SAFEGUARDS]
    _, notices = ui.screens[-1]
    assert "How old is the policy?" in notices[0] and "set aside" in notices[0]
    assert "policy_age" not in saved[-1].answers["pilot-check"]  # off the record, so not in the file
    assert questionnaire.value(POLICY_AGE) == "old"  # but kept, to come back if the question shows again


def test_back_on_the_first_question_stays(questionnaire: Questionnaire) -> None:
    ui = ScriptedUI([Reply(Kind.back), Reply(Kind.stop)])
    interview(questionnaire, ui, []).run(0)
    assert ui.screens[1][0] == HAS_POLICY
    assert "first question" in ui.screens[1][1][0]


def test_skip_then_finish_leaves_the_question_open(questionnaire: Questionnaire) -> None:
    ui = ScriptedUI([Reply(Kind.answer, "no"), Reply(Kind.skip), Reply(Kind.dont_know), Reply(Kind.skip)])
    outcome = interview(questionnaire, ui, []).run(0)
    assert outcome.finished and not outcome.complete
    assert questionnaire.answer(TRUST) is not None and questionnaire.value(TRUST) == DONT_KNOW
    assert questionnaire.open_count() == 2


def test_finish_can_go_back_to_the_open_questions(questionnaire: Questionnaire) -> None:
    ui = ScriptedUI([Reply(Kind.skip), Reply(Kind.skip), Reply(Kind.skip), Reply(Kind.skip),
                     Reply(Kind.answer, "no"), Reply(Kind.stop)])
    ui.finish = Finish.first_open
    interview(questionnaire, ui, []).run(0)
    assert [i for i, _ in ui.screens] == [HAS_POLICY, SAFEGUARDS, TRUST, OWNER, HAS_POLICY, SAFEGUARDS]


def test_the_jump_list_goes_anywhere_and_can_be_cancelled(questionnaire: Questionnaire) -> None:
    ui = ScriptedUI([Reply(Kind.jump), Reply(Kind.jump), Reply(Kind.stop)])
    ui.jump_to = [OWNER, None]
    interview(questionnaire, ui, []).run(0)
    assert [i for i, _ in ui.screens] == [HAS_POLICY, OWNER, OWNER]


def test_details_of_an_unanswered_question_are_refused(questionnaire: Questionnaire) -> None:
    ui = ScriptedUI([Reply(Kind.details), Reply(Kind.stop)])
    interview(questionnaire, ui, []).run(0)
    assert "Answer the question first" in ui.screens[1][1][0]


def test_ctrl_c_saves_and_propagates(questionnaire: Questionnaire) -> None:
    def interrupt(screen: Screen) -> Reply:
        raise KeyboardInterrupt

    ui = ScriptedUI([Reply(Kind.answer, "no"), interrupt])
    saved: list[Assessment] = []
    with pytest.raises(KeyboardInterrupt):
        interview(questionnaire, ui, saved).run(0)
    assert saved[-1].answers["pilot-check"]["has_policy"].answer == "no"


def test_each_detail_is_saved_as_soon_as_it_is_confirmed(questionnaire: Questionnaire) -> None:
    class StopAfterTheNote(ScriptedUI):
        def ask_details(self, questionnaire: Questionnaire, index: int, keep: Callable[[Details], None]) -> Details:
            keep(Details(note="kept"))
            raise KeyboardInterrupt  # Ctrl-C at the evidence prompt

    saved: list[Assessment] = []
    with pytest.raises(KeyboardInterrupt):
        interview(questionnaire, StopAfterTheNote([Reply(Kind.answer, "no")]), saved).run(0)
    assert saved[-1].answers["pilot-check"]["has_policy"].note == "kept"
    assert saved[-2].answers["pilot-check"]["has_policy"].note == "kept"  # saved by `keep`, not only at the end


def test_after_an_answer_it_goes_to_the_next_open_question_not_an_answered_one(questionnaire: Questionnaire) -> None:
    answer(questionnaire, TRUST, 3)  # answered on an earlier pass; HAS_POLICY and SAFEGUARDS were skipped
    ui = ScriptedUI([Reply(Kind.answer, "no"), Reply(Kind.answer, ["audit"]), Reply(Kind.stop)])
    interview(questionnaire, ui, []).run(questionnaire.first_open())
    assert [i for i, _ in ui.screens] == [HAS_POLICY, SAFEGUARDS, OWNER]
    assert questionnaire.value(TRUST) == 3


def test_after_back_it_walks_through_answered_questions(questionnaire: Questionnaire) -> None:
    ui = ScriptedUI([Reply(Kind.answer, "no"), Reply(Kind.answer, ["audit"]), Reply(Kind.answer, 2),
                     Reply(Kind.back), Reply(Kind.back), Reply(Kind.skip), Reply(Kind.skip), Reply(Kind.stop)])
    interview(questionnaire, ui, []).run(0)
    assert [i for i, _ in ui.screens] == [HAS_POLICY, SAFEGUARDS, TRUST, OWNER, TRUST, SAFEGUARDS, TRUST, OWNER]


def test_an_invalid_answer_is_never_recorded(questionnaire: Questionnaire) -> None:
    ui = ScriptedUI([Reply(Kind.answer, " "), Reply(Kind.stop)])
    saved: list[Assessment] = []
    interview(questionnaire, ui, saved).run(0)
    assert ui.screens[1] == (HAS_POLICY, ["Not recorded: ' ' is not an option of 'has_policy'."])
    assert questionnaire.answer(HAS_POLICY) is None


def test_what_was_entered_at_the_start_can_be_changed_from_a_question(questionnaire: Questionnaire) -> None:
    ui = ScriptedUI([Reply(Kind.answer, "yes"), Reply(Kind.about), Reply(Kind.stop)])
    ui.about = None  # replaced below, once the screen has the assessment as it stands

    def change(assessment: Assessment) -> Assessment:
        ui.about_seen = assessment
        subject = assessment.subject.model_copy(update={"organisation": "A police force", "stage": "live"})
        respondent = assessment.respondent.model_copy(update={"name": "Sam Jones", "perspective": "staff-association"})
        return assessment.model_copy(update={"title": "Renamed", "subject": subject, "respondent": respondent,
                                             "date": dt.date(2026, 5, 21), "classification": "OFFICIAL"})

    ui.ask_about = change  # type: ignore[method-assign]
    saved: list[Assessment] = []
    Interview(questionnaire, ui, save=saved.append, ask_details=False).run(0)
    assert ui.about_seen is not None and ui.about_seen.title == "Test"
    last = saved[-1]
    assert (last.title, last.subject.organisation, last.subject.stage) == ("Renamed", "A police force", "live")
    assert (last.respondent.name, last.respondent.perspective) == ("Sam Jones", "staff-association")
    assert (last.date, last.classification) == (dt.date(2026, 5, 21), "OFFICIAL")
    assert last.answers["pilot-check"]["has_policy"].answer == "yes"  # the answers stay
    assert questionnaire.result().title == "Renamed"  # and the summary says the new title


def test_nothing_is_saved_when_nothing_about_it_changed(questionnaire: Questionnaire) -> None:
    ui = ScriptedUI([Reply(Kind.about), Reply(Kind.stop)])
    saved: list[Assessment] = []
    Interview(questionnaire, ui, save=saved.append).run(0)
    assert len(saved) == 1  # only the save on stopping
