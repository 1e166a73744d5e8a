"""The questionnaire's loop: ask, record, save, move. The terminal is behind the `UI` protocol,
so the whole flow runs in tests with a scripted UI and no terminal at all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from assess.checks import answer_problem
from assess.i18n import Translator
from assess.interview import render
from assess.model import DONT_KNOW, Answer, AnswerValue, Assessment, Confidence
from assess.questionnaire import Questionnaire


class Kind(StrEnum):
    answer = "answer"
    dont_know = "dont_know"
    not_applicable = "not_applicable"  # the value is the reason
    skip = "skip"
    back = "back"
    jump = "jump"
    help = "help"
    details = "details"
    stop = "stop"
    about = "about"  # title, organisation, system, stage, respondent, date, marking


@dataclass(frozen=True)
class Reply:
    kind: Kind
    value: AnswerValue = None


@dataclass(frozen=True)
class Details:
    note: str | None = None
    evidence: tuple[str, ...] = ()
    confidence: Confidence | None = None


class Finish(StrEnum):
    finish = "finish"
    first_open = "first_open"
    jump = "jump"


@dataclass
class Screen:
    questionnaire: Questionnaire
    index: int
    notices: list[str] = field(default_factory=list)


class UI(Protocol):
    def ask_question(self, screen: Screen) -> Reply: ...

    def ask_details(self, questionnaire: Questionnaire, index: int, keep: Callable[[Details], None]) -> Details:
        """Ask for the note, evidence and confidence; call `keep` with the details as they stand
        each time one of them is confirmed, so it is saved before the next is asked."""
        ...

    def ask_jump(self, questionnaire: Questionnaire, current: int | None) -> int | None: ...

    def ask_finish(self, questionnaire: Questionnaire) -> Finish: ...

    def show(self, lines: list[str]) -> None: ...

    def ask_about(self, assessment: Assessment) -> Assessment | None:
        """What was entered at the start, changed by the respondent (None: nothing changed)."""
        ...


@dataclass(frozen=True)
class Outcome:
    finished: bool  # reached the end and chose to finish (some questions may still be open)
    complete: bool  # every visible question answered


def parse_evidence(text: str) -> tuple[str, ...]:
    """'a; b ;; c' -> ('a', 'b', 'c')."""
    return tuple(part.strip() for part in text.split(";") if part.strip())


class Interview:
    def __init__(
        self,
        questionnaire: Questionnaire,
        ui: UI,
        save: Callable[[Assessment], None],
        *,
        ask_details: bool = True,
    ) -> None:
        self.questionnaire = questionnaire
        self.ui = ui
        self._save_to = save
        self.ask_details = ask_details
        self.saves = 0
        # After an answer, go on to the next question still open; after "Back", walk through the
        # questions one by one instead (the respondent is reviewing), until a jump resets it.
        self.sequential = False

    def save(self) -> None:
        self._save_to(self.questionnaire.assessment())
        self.saves += 1

    def start_index(self) -> int | None:
        return self.questionnaire.first_open()

    def run(self, start: int | None = None, notices: list[str] | None = None) -> Outcome:
        """Ask until the respondent finishes or stops. A KeyboardInterrupt propagates, after a
        last save, so the caller can say how to resume."""
        try:
            return self._loop(start, list(notices or []))
        except KeyboardInterrupt:
            self.save()
            raise

    def _loop(self, index: int | None, notices: list[str]) -> Outcome:
        questionnaire = self.questionnaire
        while True:
            if index is None:
                if questionnaire.first_open() is None:
                    return Outcome(finished=True, complete=True)
                choice = self.ui.ask_finish(questionnaire)
                if choice is Finish.finish:
                    return Outcome(finished=True, complete=False)
                index = (questionnaire.first_open() if choice is Finish.first_open
                         else self.ui.ask_jump(questionnaire, None))
                self.sequential = False
                continue
            reply = self.ui.ask_question(Screen(questionnaire, index, notices))
            notices = []
            if reply.kind in (Kind.answer, Kind.dont_know):
                value = DONT_KNOW if reply.kind is Kind.dont_know else reply.value
                problem = answer_problem(questionnaire.slots[index].question, value)
                if problem is not None:  # the prompts should never let this through; never record it
                    notices.append(Translator(questionnaire.lang)("Not recorded: {problem}.", problem=problem[0]))
                    continue
                notices += self.record(index, value)
                index = self.advance(index)
            elif reply.kind is Kind.not_applicable:
                reason = str(reply.value or "").strip()
                if not questionnaire.slots[index].question.may_be_not_applicable or not reason:
                    continue  # the prompts offer it only where allowed, and only with a reason
                notices += self.record(index, None, not_applicable=reason)
                index = self.advance(index)
            elif reply.kind is Kind.skip:
                index = self.advance(index)
            elif reply.kind is Kind.back:
                previous = questionnaire.previous_visible(index)
                if previous is None:
                    notices.append(Translator(questionnaire.lang)(
                        "This is the first question: there is nothing before it."))
                else:
                    index = previous
                    self.sequential = True
            elif reply.kind is Kind.jump:
                target = self.ui.ask_jump(questionnaire, index)
                if target is not None:
                    index = target
                    self.sequential = False
            elif reply.kind is Kind.help:
                self.ui.show(render.full_help(questionnaire, index, render.screen_width()))
            elif reply.kind is Kind.details:
                if questionnaire.answer(index) is None:
                    notices.append(Translator(questionnaire.lang)(
                        "Answer the question first; then a note and evidence can be added."))
                else:
                    self.details(index)
                    index = self.advance(index)
            elif reply.kind is Kind.about:
                changed = self.ui.ask_about(questionnaire.assessment())
                if changed is not None:
                    questionnaire.set_about(changed)
                    self.save()
            elif reply.kind is Kind.stop:
                self.save()
                return Outcome(finished=False, complete=questionnaire.first_open() is None)

    def advance(self, index: int) -> int | None:
        if self.sequential:
            return self.questionnaire.next_visible(index)
        return self.questionnaire.next_open(index)

    def record(self, index: int, value: AnswerValue, not_applicable: str | None = None) -> list[str]:
        """Set the answer (or, with `not_applicable`, the reason it does not apply), save, and (if it
        changed) ask for the details. Returns notices."""
        questionnaire = self.questionnaire
        existing = questionnaire.answer(index)
        update = {"answer": value, "not_applicable": not_applicable}
        answer = existing.model_copy(update=update) if existing is not None else Answer(**update)
        change = questionnaire.set_answer(index, answer)
        self.save()
        notices: list[str] = []
        if change.hidden:
            names = [render.clip(slot.question.ask, 70) for slot in change.hidden]
            notices.append(render.hidden_notice(names, questionnaire.lang))
        if change.changed and self.ask_details:
            self.details(index)
        return notices

    def details(self, index: int) -> None:
        answer = self.questionnaire.answer(index)
        if answer is None:
            return
        self.keep_details(index, self.ui.ask_details(self.questionnaire, index, lambda d: self.keep_details(index, d)))

    def keep_details(self, index: int, given: Details) -> None:
        """Record the details and save them, if they change anything."""
        answer = self.questionnaire.answer(index)
        if answer is None:
            return
        updated = answer.model_copy(update={
            "note": given.note or None, "evidence": list(given.evidence), "confidence": given.confidence,
        })
        if updated != answer:
            self.questionnaire.set_details(index, updated)
            self.save()
