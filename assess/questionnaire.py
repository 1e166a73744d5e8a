"""The questionnaire's state and navigation, with no terminal in sight (`assess run` and the workspace alike).

A questionnaire is the assessment being filled in plus the frameworks it names. Every
question of every framework has a fixed slot (its place in the order the
respondent meets them); which slots are visible is decided by scoring, so the
`when` rules here are exactly the ones the score and the report use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assess.identity_cache import IdentityCache
from assess.model import DONT_KNOW, Answer, Assessment, Framework, Question, Section
from assess.numbering import numbers_of
from assess.result import QuestionStatus, Result
from assess.scoring import score


@dataclass(frozen=True)
class Slot:
    """One question in its place: the index is stable whatever is visible."""

    index: int
    framework: Framework
    section: Section
    question: Question

    @property
    def key(self) -> tuple[str, str]:
        return (self.framework.id, self.question.id)


@dataclass(frozen=True)
class Change:
    """What setting an answer did."""

    changed: bool  # the recorded value differs from before
    # Answered questions the change has hidden. Their answers are kept (a change of mind, or arrowing through
    # the options, must never destroy them) and come back when the question shows again; while hidden they
    # are not on record: neither scored nor written anywhere as answers (`Questionnaire.assessment`).
    hidden: list[Slot]


class Questionnaire:
    def __init__(self, assessment: Assessment, frameworks: Mapping[str, Framework], lang: str = "en") -> None:
        self.lang = lang  # the questionnaire's own words (assess/i18n.py); framework text is already translated
        self._base = assessment
        self.frameworks = {fid: frameworks[fid] for fid in assessment.frameworks}
        self.answers: dict[str, dict[str, Answer]] = {
            fid: dict(assessment.answers.get(fid, {})) for fid in assessment.frameworks
        }
        slots, numbers = _layout(tuple(self.frameworks.values()))
        self.slots: list[Slot] = list(slots)
        self._numbers = numbers
        self._result: Result | None = None
        self._statuses: list[QuestionStatus] = []
        # Which slots are visible and which open, worked out once per score (one pass over the questions)
        # and kept with the very statuses list they came from: scoring again makes a new list, so a stale
        # pair is never used, whoever reset the score.
        self._shown: tuple[list[QuestionStatus], list[int], frozenset[int]] | None = None

    # ------------------------------------------------------------------ state

    def assessment(self) -> Assessment:
        """The assessment on record, ready to save, score or export: the answers to the questions shown. The
        answers to hidden questions are kept by the questionnaire (`kept`), never part of the record."""
        return _without(self.working(), sorted(self._hidden_keys()))

    def kept(self) -> dict[str, dict[str, Answer]]:
        """The answers set aside because their question is hidden: they come back when it shows again."""
        hidden = self._hidden_keys()
        found: dict[str, dict[str, Answer]] = {}
        for fid, qid in hidden:
            if qid in self.answers.get(fid, {}):
                found.setdefault(fid, {})[qid] = self.answers[fid][qid]
        return found

    def working(self) -> Assessment:
        """Every answer the questionnaire holds, hidden or not: what it is scored from (scoring ignores the hidden
        ones, and conditions never read them) and what a store that keeps hidden answers writes."""
        answers = {fid: dict(given) for fid, given in self.answers.items() if given}
        return self._base.model_copy(update={"answers": answers})

    def _hidden_keys(self) -> frozenset[tuple[str, str]]:
        shown = set(self._visibility()[0])
        return frozenset(slot.key for slot in self.slots if slot.index not in shown)

    def result(self) -> Result:
        """The record's score. Which questions show is read from the score of every answer held (scoring
        never lets a hidden answer decide what shows, so the two agree on it); when some are kept aside, the
        record is scored too, so that its hash and warnings are the record's, as any export's will be."""
        if self._result is None:
            working = self.working()
            result = self._score(working)
            statuses = [q.status for fw in result.frameworks for q in fw.questions]
            hidden = [slot.key for slot, status in zip(self.slots, statuses, strict=True)
                      if status is QuestionStatus.hidden and slot.question.id in working.answers.get(slot.key[0], {})]
            if hidden:
                result = self._score(_without(working, hidden))
                statuses = [q.status for fw in result.frameworks for q in fw.questions]
            self._result, self._statuses = result, statuses
        return self._result

    def _score(self, assessment: Assessment) -> Result:
        return score(self.frameworks, assessment, self.lang)

    def status(self, index: int) -> QuestionStatus:
        if self._result is None:
            self.result()
        return self._statuses[index]

    def _visibility(self) -> tuple[list[int], frozenset[int]]:
        """The visible slots in order, and the visible ones still open: one pass per score."""
        if self._result is None:
            self.result()
        statuses = self._statuses
        if self._shown is None or self._shown[0] is not statuses:
            shown = [i for i, status in enumerate(statuses) if status is not QuestionStatus.hidden]
            still_open = frozenset(i for i in shown if statuses[i] is QuestionStatus.unanswered)
            self._shown = (statuses, shown, still_open)
        return self._shown[1], self._shown[2]

    def answer(self, index: int) -> Answer | None:
        fid, qid = self.slots[index].key
        return self.answers[fid].get(qid)

    @property
    def numbers(self) -> Mapping[tuple[str, str], str]:
        """Every question's fixed number, by (framework id, question id)."""
        return self._numbers

    def number(self, index: int) -> str:
        """The question's fixed number ("2.1.3"), the same as in the report."""
        return self._numbers[self.slots[index].key]

    def value(self, index: int) -> object:
        answer = self.answer(index)
        return None if answer is None else answer.answer

    def is_visible(self, index: int) -> bool:
        return self.status(index) is not QuestionStatus.hidden

    def is_open(self, index: int) -> bool:
        """Visible and not yet answered ("Don't know" is an answer)."""
        return self.status(index) is QuestionStatus.unanswered

    # ------------------------------------------------------------------ navigation

    def visible(self) -> list[int]:
        return list(self._visibility()[0])

    def position(self, index: int) -> tuple[int, int]:
        """(n, total): the question's 1-based place among the visible ones, and how many there are.
        A hidden question (reached only through stale state) takes the place it would have."""
        shown = self._visibility()[0]
        place = sum(1 for i in shown if i <= index)
        return (max(place, 1), len(shown))

    def progress(self) -> tuple[int, int]:
        """(answered, visible)."""
        shown, still_open = self._visibility()
        return (len(shown) - len(still_open), len(shown))

    def first_open(self, start: int = 0) -> int | None:
        """The first visible unanswered question at or after `start`, else the first anywhere."""
        shown, still_open = self._visibility()
        opened = [i for i in shown if i in still_open]
        later = [i for i in opened if i >= start]
        if later:
            return later[0]
        return opened[0] if opened else None

    def next_open(self, index: int) -> int | None:
        """The next visible unanswered question after `index`, if any."""
        shown, still_open = self._visibility()
        return next((i for i in shown if i > index and i in still_open), None)

    def next_visible(self, index: int) -> int | None:
        return next((i for i in self._visibility()[0] if i > index), None)

    def previous_visible(self, index: int) -> int | None:
        earlier = [i for i in self._visibility()[0] if i < index]
        return earlier[-1] if earlier else None

    def open_count(self) -> int:
        return len(self._visibility()[1])

    # ------------------------------------------------------------------ changes

    def set_answer(self, index: int, answer: Answer | None) -> Change:
        """Record (or with None, clear) the answer at `index`. Answers to questions that were visible and
        are hidden by the change are kept, not removed, and returned so the caller can say so: they are
        off the record until their question shows again, when they come back as they were."""
        fid, qid = self.slots[index].key
        before = self.answers[fid].get(qid)
        was_visible = list(self._visibility()[0])  # a copy: the memo is replaced once the change is scored
        if answer is None or _is_empty(answer):
            self.answers[fid].pop(qid, None)
        else:
            self.answers[fid][qid] = answer
        self._result = None
        hidden = [self.slots[i] for i in was_visible
                  if i != index and not self.is_visible(i) and self.answer(i) is not None]
        old = None if before is None else (before.answer, before.not_applicable)
        new = None if answer is None else (answer.answer, answer.not_applicable)
        return Change(changed=old != new, hidden=hidden)

    def set_about(self, about: Assessment) -> None:
        """Replace what the assessment says about itself (title, subject, respondent, date, marking);
        the answers are the questionnaire's own and stay as they are."""
        self._base = about
        self._result = None

    def set_details(self, index: int, answer: Answer) -> None:
        """Replace note, evidence and confidence; the value stays as it is."""
        fid, qid = self.slots[index].key
        self.answers[fid][qid] = answer
        self._result = None


# The slots of a list of frameworks, made once per process for each list of framework objects: a server builds
# a questionnaire on every save, always from the same few.
MAX_LAYOUTS = 64
_SLOTS: IdentityCache[tuple[Slot, ...]] = IdentityCache(MAX_LAYOUTS)


def _layout(frameworks: tuple[Framework, ...]) -> tuple[tuple[Slot, ...], Mapping[tuple[str, str], str]]:
    def place() -> tuple[Slot, ...]:
        placed = [(fw, section, q) for fw in frameworks for section in fw.sections for q in section.questions]
        return tuple(Slot(i, fw, section, q) for i, (fw, section, q) in enumerate(placed))

    return _SLOTS.get_or_make(frameworks, place), numbers_of(frameworks)


def _without(assessment: Assessment, keys: list[tuple[str, str]]) -> Assessment:
    answers = {fid: dict(given) for fid, given in assessment.answers.items()}
    for fid, qid in keys:
        answers.get(fid, {}).pop(qid, None)
    return assessment.model_copy(update={"answers": {fid: given for fid, given in answers.items() if given}})


def _is_empty(answer: Answer) -> bool:
    return (answer.answer is None and answer.not_applicable is None and not answer.note and not answer.evidence
            and answer.confidence is None)


def is_dont_know(answer: Answer | None) -> bool:
    return answer is not None and answer.answer == DONT_KNOW
