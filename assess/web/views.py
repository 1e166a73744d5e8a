"""What the pages show, as plain data: questions with their numbers, saved input and visibility; progress,
ratings and the provisional verdict. Built from the engine's own session and result, never recomputed."""

from __future__ import annotations

from dataclasses import dataclass, field

from assess.model import Answer, EvidenceFile, Framework, Question, Reference, Section
from assess.questionnaire import Questionnaire
from assess.result import QuestionStatus, Result
from assess.web.answer_form import FormInput, input_of
from assess.web.scorecache import CachedQuestionnaire
from assess.web.workspace import Loaded


@dataclass
class QuestionView:
    framework: Framework
    section: Section
    question: Question
    number: str
    visible: bool
    status: QuestionStatus
    given: FormInput
    revision: int
    errors: dict[str, str] = field(default_factory=dict)
    message: str | None = None
    files: list[EvidenceFile] = field(default_factory=list)  # the answer's evidence files, shown beside its form
    saved: Answer | None = None  # the answer as saved, for the read-only page of those who may not answer

    @property
    def key(self) -> str:
        return f"{self.framework.id}--{self.question.id}"

    @property
    def sources(self) -> list[Reference]:
        return [self.framework.references[r] for r in self.question.refs if r in self.framework.references]


@dataclass
class SectionLink:
    framework: Framework
    section: Section
    number: str
    answered: int
    visible: int


@dataclass
class Overview:
    result: Result
    answered: int
    visible: int
    sections: list[SectionLink]

    @property
    def percent_done(self) -> int:
        return round(100 * self.answered / self.visible) if self.visible else 100

    @property
    def shared_findings(self) -> list[tuple[list[str], int]]:
        """Each finding more than one gate raised (one fact, counted once in the verdict): the titles of the
        frameworks that raised it, and how many gates did."""
        titles = {fr.id: fr.title for fr in self.result.frameworks}
        return [([titles.get(f, f) for f in finding.frameworks], len(finding.gates))
                for finding in self.result.findings if len(finding.gates) > 1]


class Workspace:
    """One assessment's questionnaire state, for rendering."""

    def __init__(self, loaded: Loaded, questionnaire: Questionnaire | None = None) -> None:
        self.loaded = loaded
        self.questionnaire = (questionnaire or loaded.questionnaire
                              or CachedQuestionnaire(loaded.working(), loaded.frameworks))
        self.numbers = self.questionnaire.numbers  # the same frameworks in the same order: numbered once

    def overview(self) -> Overview:
        result = self.questionnaire.result()
        answered, visible = self.questionnaire.progress()
        links: list[SectionLink] = []
        for f_index, fr in enumerate(result.frameworks, start=1):
            framework = self.loaded.frameworks[fr.id]
            for s_index, (section, sr) in enumerate(zip(framework.sections, fr.sections, strict=True), start=1):
                links.append(SectionLink(framework, section, f"{f_index}.{s_index}", sr.answered, sr.visible))
        return Overview(result, answered, visible, links)

    def section(self, framework_id: str, section_id: str) -> list[QuestionView] | None:
        views = [
            self.question(slot.index)
            for slot in self.questionnaire.slots
            if slot.framework.id == framework_id and slot.section.id == section_id
        ]
        return views or None

    def slot_index(self, framework_id: str, question_id: str) -> int | None:
        return next((s.index for s in self.questionnaire.slots if s.key == (framework_id, question_id)), None)

    def question(self, index: int) -> QuestionView:
        slot = self.questionnaire.slots[index]
        status = self.questionnaire.status(index)
        saved = self.questionnaire.answer(index)
        return QuestionView(
            framework=slot.framework,
            section=slot.section,
            question=slot.question,
            number=self.numbers[slot.key],
            visible=status is not QuestionStatus.hidden,
            status=status,
            given=input_of(saved),
            revision=self.loaded.revisions.get(slot.key, 0),
            files=list(saved.files or []) if saved is not None else [],
            saved=saved,
        )

    def neighbours(self, framework_id: str, section_id: str) -> tuple[SectionLink | None, SectionLink | None]:
        links = self.overview().sections
        place = next(
            (i for i, s in enumerate(links) if s.framework.id == framework_id and s.section.id == section_id), None
        )
        if place is None:
            return (None, None)
        return (links[place - 1] if place > 0 else None, links[place + 1] if place + 1 < len(links) else None)
