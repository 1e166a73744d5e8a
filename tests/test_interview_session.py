"""The questionnaire's state, navigation and flow, without a terminal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from assess.interview.flow import Details, Finish, Interview, Kind, Reply, Screen, parse_evidence
from assess.interview.session import Session
from assess.interview.store import Metadata, new_assessment
from assess.loading import FrameworkLibrary
from assess.model import DONT_KNOW, Assessment, Confidence, Framework
from assess.result import QuestionStatus
from assess.scoring import score

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "interview"
HAS_POLICY, POLICY_AGE, SAFEGUARDS, TRUST, OWNER = range(5)


@pytest.fixture
def framework() -> Framework:
    return FrameworkLibrary(dirs=[FIXTURES], include_builtin=False).load("pilot-check")


@pytest.fixture
def session(framework: Framework) -> Session:
    meta = Metadata(title="Test", organisation="Org", system="Tool")
    return Session(new_assessment(meta, {framework.id: framework}, dt.date(2026, 1, 1)), {framework.id: framework})


def answer(session: Session, index: int, value: object) -> list[str]:
    from assess.model import Answer

    change = session.set_answer(index, Answer(answer=value))  # type: ignore[arg-type]
    return [slot.question.id for slot in change.hidden]


# ---------------------------------------------------------------------- session


def test_a_when_hides_until_its_condition_holds(session: Session) -> None:
    assert session.visible() == [HAS_POLICY, SAFEGUARDS, TRUST, OWNER]
    assert session.position(SAFEGUARDS) == (2, 4)
    answer(session, HAS_POLICY, "yes")
    assert session.visible() == [HAS_POLICY, POLICY_AGE, SAFEGUARDS, TRUST, OWNER]
    assert session.position(SAFEGUARDS) == (3, 5)
    assert session.next_visible(HAS_POLICY) == POLICY_AGE


def test_changing_an_answer_keeps_the_answers_it_hides_off_the_record(session: Session) -> None:
    answer(session, HAS_POLICY, "yes")
    answer(session, POLICY_AGE, "old")
    assert answer(session, HAS_POLICY, "no") == ["policy_age"]
    # Kept by the session, but not on record: neither in the assessment saved nor scored.
    assert session.answer(POLICY_AGE) is not None and session.value(POLICY_AGE) == "old"
    assert session.kept() == {"pilot-check": {"policy_age": session.answer(POLICY_AGE)}}
    assert "policy_age" not in session.assessment().answers["pilot-check"]
    result = score(session.frameworks, session.assessment())
    assert result.frameworks[0].questions[POLICY_AGE].status is QuestionStatus.hidden
    assert result.frameworks[0].ignored_answers == []
    assert session.result().frameworks[0].questions[POLICY_AGE].points == 0


def test_going_back_to_the_first_option_restores_every_hidden_answer(session: Session) -> None:
    from assess.model import Answer

    answer(session, HAS_POLICY, "yes")
    detailed = Answer(answer="old", note="Written in 2019", evidence=["Policy v1"])
    session.set_answer(POLICY_AGE, detailed)
    # Arrowing through the options: each one a change, ending where it began.
    for value in ("no", DONT_KNOW, "no", "yes"):
        answer(session, HAS_POLICY, value)
    assert session.answer(POLICY_AGE) == detailed
    assert session.assessment().answers["pilot-check"]["policy_age"] == detailed
    assert session.kept() == {}
    assert session.progress() == (2, 5)


def test_only_the_questions_the_change_hides_are_named(session: Session) -> None:
    answer(session, HAS_POLICY, "yes")
    answer(session, POLICY_AGE, "old")
    answer(session, TRUST, 3)
    assert answer(session, HAS_POLICY, DONT_KNOW) == ["policy_age"]
    assert set(session.assessment().answers["pilot-check"]) == {"has_policy", "trust"}
    assert answer(session, TRUST, 2) == []


def test_setting_the_same_value_is_not_a_change(session: Session) -> None:
    from assess.model import Answer

    session.set_answer(HAS_POLICY, Answer(answer="yes"))
    assert not session.set_answer(HAS_POLICY, Answer(answer="yes", note="n")).changed
    assert session.set_answer(HAS_POLICY, Answer(answer="no")).changed


def test_first_open_skips_answered_and_hidden_questions(session: Session) -> None:
    assert session.first_open() == HAS_POLICY
    answer(session, HAS_POLICY, "no")
    assert session.first_open() == SAFEGUARDS
    answer(session, SAFEGUARDS, DONT_KNOW)  # "Don't know" is an answer
    assert session.first_open() == TRUST
    assert session.first_open(start=OWNER) == OWNER
    answer(session, TRUST, 2)
    answer(session, OWNER, "The chief officer")
    assert session.first_open() is None
    assert session.progress() == (4, 4)


def test_first_open_wraps_round_to_an_earlier_skipped_question(session: Session) -> None:
    answer(session, SAFEGUARDS, ["audit"])
    assert session.first_open(start=TRUST) == TRUST
    answer(session, TRUST, 2)
    answer(session, OWNER, "x")
    assert session.first_open(start=OWNER) == HAS_POLICY


def test_previous_and_next_visible(session: Session) -> None:
    assert session.previous_visible(HAS_POLICY) is None
    assert session.previous_visible(SAFEGUARDS) == HAS_POLICY  # policy_age is hidden
    assert session.next_visible(OWNER) is None


def test_the_assessment_keeps_metadata_and_pins(session: Session) -> None:
    answer(session, HAS_POLICY, "yes")
    saved = session.assessment()
    assert isinstance(saved, Assessment)
    assert saved.title == "Test"
    assert saved.frameworks["pilot-check"].sha256
    assert saved.answers == {"pilot-check": {"has_policy": session.answer(HAS_POLICY)}}


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

    def ask_details(self, session: Session, index: int, keep: Callable[[Details], None]) -> Details:
        return self.details

    def ask_jump(self, session: Session, current: int | None) -> int | None:
        return self.jump_to.pop(0)

    def ask_finish(self, session: Session) -> Finish:
        return self.finish

    def show(self, lines: list[str]) -> None:
        pass

    def ask_about(self, assessment: Assessment) -> Assessment | None:
        self.about_seen = assessment
        return self.about

    about: Assessment | None = None
    about_seen: Assessment | None = None


def interview(session: Session, ui: ScriptedUI, saved: list[Assessment]) -> Interview:
    return Interview(session, ui, save=saved.append)


def test_a_full_pass_saves_after_every_answer(session: Session) -> None:
    ui = ScriptedUI([
        Reply(Kind.answer, "yes"), Reply(Kind.answer, "recent"), Reply(Kind.answer, ["audit", "review"]),
        Reply(Kind.answer, 4), Reply(Kind.answer, "The chief officer"),
    ], details=Details(note="seen", evidence=("doc 1", "doc 2"), confidence=Confidence.documented))
    saved: list[Assessment] = []
    outcome = interview(session, ui, saved).run(session.first_open())
    assert outcome.finished and outcome.complete
    assert [i for i, _ in ui.screens] == [HAS_POLICY, POLICY_AGE, SAFEGUARDS, TRUST, OWNER]
    assert len(saved) == 10  # the answer, then its details
    final = saved[-1].answers["pilot-check"]
    assert final["has_policy"].evidence == ["doc 1", "doc 2"]
    assert final["trust"].confidence is Confidence.documented
    assert len(saved[0].answers["pilot-check"]) == 1  # saved before the details were asked


def test_no_details_asked_in_quick_mode(session: Session) -> None:
    ui = ScriptedUI([Reply(Kind.answer, "no"), Reply(Kind.stop)], details=Details(note="never"))
    saved: list[Assessment] = []
    Interview(session, ui, save=saved.append, ask_details=False).run(0)
    assert saved[-1].answers["pilot-check"]["has_policy"].note is None


def test_going_back_and_changing_an_answer_says_what_it_hid(session: Session) -> None:
    ui = ScriptedUI([
        Reply(Kind.answer, "yes"), Reply(Kind.answer, "old"), Reply(Kind.back), Reply(Kind.back),
        Reply(Kind.answer, "no"), Reply(Kind.stop),
    ])
    saved: list[Assessment] = []
    interview(session, ui, saved).run(0)
    assert [i for i, _ in ui.screens] == [HAS_POLICY, POLICY_AGE, SAFEGUARDS, POLICY_AGE, HAS_POLICY, SAFEGUARDS]
    _, notices = ui.screens[-1]
    assert "How old is the policy?" in notices[0] and "set aside" in notices[0]
    assert "policy_age" not in saved[-1].answers["pilot-check"]  # off the record, so not in the file
    assert session.value(POLICY_AGE) == "old"  # but kept, to come back if the question shows again


def test_back_on_the_first_question_stays(session: Session) -> None:
    ui = ScriptedUI([Reply(Kind.back), Reply(Kind.stop)])
    interview(session, ui, []).run(0)
    assert ui.screens[1][0] == HAS_POLICY
    assert "first question" in ui.screens[1][1][0]


def test_skip_then_finish_leaves_the_question_open(session: Session) -> None:
    ui = ScriptedUI([Reply(Kind.answer, "no"), Reply(Kind.skip), Reply(Kind.dont_know), Reply(Kind.skip)])
    outcome = interview(session, ui, []).run(0)
    assert outcome.finished and not outcome.complete
    assert session.answer(TRUST) is not None and session.value(TRUST) == DONT_KNOW
    assert session.open_count() == 2


def test_finish_can_go_back_to_the_open_questions(session: Session) -> None:
    ui = ScriptedUI([Reply(Kind.skip), Reply(Kind.skip), Reply(Kind.skip), Reply(Kind.skip),
                     Reply(Kind.answer, "no"), Reply(Kind.stop)])
    ui.finish = Finish.first_open
    interview(session, ui, []).run(0)
    assert [i for i, _ in ui.screens] == [HAS_POLICY, SAFEGUARDS, TRUST, OWNER, HAS_POLICY, SAFEGUARDS]


def test_the_jump_list_goes_anywhere_and_can_be_cancelled(session: Session) -> None:
    ui = ScriptedUI([Reply(Kind.jump), Reply(Kind.jump), Reply(Kind.stop)])
    ui.jump_to = [OWNER, None]
    interview(session, ui, []).run(0)
    assert [i for i, _ in ui.screens] == [HAS_POLICY, OWNER, OWNER]


def test_details_of_an_unanswered_question_are_refused(session: Session) -> None:
    ui = ScriptedUI([Reply(Kind.details), Reply(Kind.stop)])
    interview(session, ui, []).run(0)
    assert "Answer the question first" in ui.screens[1][1][0]


def test_ctrl_c_saves_and_propagates(session: Session) -> None:
    def interrupt(screen: Screen) -> Reply:
        raise KeyboardInterrupt

    ui = ScriptedUI([Reply(Kind.answer, "no"), interrupt])
    saved: list[Assessment] = []
    with pytest.raises(KeyboardInterrupt):
        interview(session, ui, saved).run(0)
    assert saved[-1].answers["pilot-check"]["has_policy"].answer == "no"


def test_each_detail_is_saved_as_soon_as_it_is_confirmed(session: Session) -> None:
    class StopAfterTheNote(ScriptedUI):
        def ask_details(self, session: Session, index: int, keep: Callable[[Details], None]) -> Details:
            keep(Details(note="kept"))
            raise KeyboardInterrupt  # Ctrl-C at the evidence prompt

    saved: list[Assessment] = []
    with pytest.raises(KeyboardInterrupt):
        interview(session, StopAfterTheNote([Reply(Kind.answer, "no")]), saved).run(0)
    assert saved[-1].answers["pilot-check"]["has_policy"].note == "kept"
    assert saved[-2].answers["pilot-check"]["has_policy"].note == "kept"  # saved by `keep`, not only at the end


def test_after_an_answer_it_goes_to_the_next_open_question_not_an_answered_one(session: Session) -> None:
    answer(session, TRUST, 3)  # answered on an earlier pass; HAS_POLICY and SAFEGUARDS were skipped
    ui = ScriptedUI([Reply(Kind.answer, "no"), Reply(Kind.answer, ["audit"]), Reply(Kind.stop)])
    interview(session, ui, []).run(session.first_open())
    assert [i for i, _ in ui.screens] == [HAS_POLICY, SAFEGUARDS, OWNER]
    assert session.value(TRUST) == 3


def test_after_back_it_walks_through_answered_questions(session: Session) -> None:
    ui = ScriptedUI([Reply(Kind.answer, "no"), Reply(Kind.answer, ["audit"]), Reply(Kind.answer, 2),
                     Reply(Kind.back), Reply(Kind.back), Reply(Kind.skip), Reply(Kind.skip), Reply(Kind.stop)])
    interview(session, ui, []).run(0)
    assert [i for i, _ in ui.screens] == [HAS_POLICY, SAFEGUARDS, TRUST, OWNER, TRUST, SAFEGUARDS, TRUST, OWNER]


def test_an_invalid_answer_is_never_recorded(session: Session) -> None:
    ui = ScriptedUI([Reply(Kind.answer, " "), Reply(Kind.stop)])
    saved: list[Assessment] = []
    interview(session, ui, saved).run(0)
    assert ui.screens[1] == (HAS_POLICY, ["Not recorded: ' ' is not an option of 'has_policy'."])
    assert session.answer(HAS_POLICY) is None


def test_what_was_entered_at_the_start_can_be_changed_from_a_question(session: Session) -> None:
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
    Interview(session, ui, save=saved.append, ask_details=False).run(0)
    assert ui.about_seen is not None and ui.about_seen.title == "Test"
    last = saved[-1]
    assert (last.title, last.subject.organisation, last.subject.stage) == ("Renamed", "A police force", "live")
    assert (last.respondent.name, last.respondent.perspective) == ("Sam Jones", "staff-association")
    assert (last.date, last.classification) == (dt.date(2026, 5, 21), "OFFICIAL")
    assert last.answers["pilot-check"]["has_policy"].answer == "yes"  # the answers stay
    assert session.result().title == "Renamed"  # and the summary says the new title


def test_nothing_is_saved_when_nothing_about_it_changed(session: Session) -> None:
    ui = ScriptedUI([Reply(Kind.about), Reply(Kind.stop)])
    saved: list[Assessment] = []
    Interview(session, ui, save=saved.append).run(0)
    assert len(saved) == 1  # only the save on stopping
