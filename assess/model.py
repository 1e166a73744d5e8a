"""The two file formats a user writes: frameworks (questions) and assessments (answers).

The models hold data and check shape only. Checks that need more than one field
(ids that must be unique, references that must resolve, `when` expressions that
must compile) live in `checks.py`, so that every problem can be reported with the
position of the YAML node that causes it.
"""

from __future__ import annotations

import datetime as dt
import functools
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

FRAMEWORK_SCHEMA = "assess/framework@1"
ASSESSMENT_SCHEMA = "assess/assessment@1"

# The reserved answer that every scored question accepts: an honest "we do not know".
DONT_KNOW = "dont_know"

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
FrameworkId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)]
OptionValue = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Version = Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.-]+)?$")]


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt key must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- frameworks


class QuestionType(StrEnum):
    choice = "choice"
    multi = "multi"
    yesno = "yesno"
    scale = "scale"
    text = "text"
    number = "number"
    date = "date"


SCORED_TYPES = frozenset({QuestionType.choice, QuestionType.multi, QuestionType.yesno, QuestionType.scale})


class MultiRule(StrEnum):
    """How a multi-select question turns several chosen options into one score."""

    sum = "sum"  # points add up; the maximum is the sum of all positive option scores
    worst = "worst"  # the lowest-scoring chosen option decides; the maximum is the best option
    best = "best"  # the highest-scoring chosen option decides; the maximum is the best option


class Reference(Strict):
    cite: Text = Field(description="The citation as a lawyer would write it, pinpoint included where known.")
    url: str | None = Field(default=None, description="Where a reader can find the source.")
    note: str | None = Field(default=None, description="What the source is relied on for, or a caveat.")
    uncertain: bool = Field(
        default=False,
        description="True where the pinpoint or reading could not be checked against the primary text.",
    )


class Option(Strict):
    value: OptionValue
    label: ShortText
    score: float = Field(ge=0, le=100)
    gate: str | None = Field(
        default=None,
        description="If set, choosing this option fails the framework whatever the rest scores; "
        "the text says why.",
    )
    stop: bool = Field(
        default=False,
        description="With `gate`: the failure cannot be remedied while the deployment keeps its "
        "current form, so the overall verdict becomes 'Do not proceed'.",
    )
    recommend: str | None = Field(default=None, description="What to do when this option is the answer.")
    exclusive: bool = Field(
        default=False, description="In a multi question, this option cannot be chosen with others."
    )


class Scale(Strict):
    min: int = 1
    max: int = 5
    low_label: str | None = None
    high_label: str | None = None
    reverse: bool = Field(default=False, description="True where a low value is the good end.")
    points: float = Field(default=3, gt=0, le=100, description="Score at the good end of the scale.")


class Question(Strict):
    id: Identifier
    ask: Text = Field(description="The question, as the respondent reads it.")
    help: str | None = Field(default=None, description="Plain-language guidance for a lay reader.")
    type: QuestionType = QuestionType.choice
    options: list[Option] = Field(default_factory=list)
    scale: Scale | None = None
    multi_rule: MultiRule = MultiRule.sum
    weight: float = Field(default=1, ge=0, le=100)
    critical: bool = Field(
        default=False, description="An evidence gap here caps the framework's rating at amber."
    )
    refs: list[str] = Field(default_factory=list, description="Ids of the framework's references.")
    when: str | None = Field(default=None, description="Sandboxed expression over earlier answers.")
    recommend: str | None = Field(
        default=None, description="Fallback recommendation for a below-full answer or 'Don't know'."
    )
    evidence_hint: str | None = Field(default=None, description="What evidence would support an answer.")

    @property
    def scored(self) -> bool:
        return self.type in SCORED_TYPES

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


class Section(Strict):
    id: Identifier
    title: ShortText
    intro: str | None = None
    questions: list[Question] = Field(min_length=1)


class Bands(Strict):
    """Assurance thresholds, in percent, for the green and amber ratings."""

    green: float = Field(default=80, ge=0, le=100)
    amber: float = Field(default=50, ge=0, le=100)


class Framework(Strict):
    schema_: Literal["assess/framework@1"] = Field(alias="schema")
    id: FrameworkId
    version: Version
    title: ShortText
    summary: Text = Field(description="What the framework is for, in a sentence or two.")
    last_reviewed: dt.date
    authors: list[str] = Field(default_factory=list)
    sources: list[str] = Field(
        default_factory=list, description="Ids of the references the framework as a whole rests on."
    )
    jurisdiction: str | None = None
    caveats: str | None = Field(default=None, description="Limits of the framework; not legal advice.")
    bands: Bands = Field(default_factory=Bands)
    references: dict[str, Reference] = Field(default_factory=dict)
    sections: list[Section] = Field(min_length=1)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def questions(self) -> list[Question]:
        return list(self.question_index.values())

    def question(self, question_id: str) -> Question | None:
        return self.question_index.get(question_id)

    @functools.cached_property
    def question_index(self) -> dict[str, Question]:
        # Computed once per (immutable) framework; scoring looks questions up by id a lot.
        index: dict[str, Question] = {}
        for section in self.sections:
            for question in section.questions:
                index.setdefault(question.id, question)
        return index


# --------------------------------------------------------------------------- assessments


class Confidence(StrEnum):
    asserted = "asserted"
    documented = "documented"
    verified = "independently verified"


AnswerValue = str | int | float | list[str] | None


class Answer(Strict):
    answer: AnswerValue = Field(
        default=None,
        description="An option value (choice, yesno), a list of them (multi), a number (scale, "
        "number), text, an ISO date, or 'dont_know'. Empty means not answered yet.",
    )
    note: str | None = None
    evidence: list[str] = Field(default_factory=list, description="Documents, links or named owners.")
    confidence: Confidence | None = None


class Subject(Strict):
    organisation: ShortText
    system: ShortText
    stage: str | None = Field(default=None, description="e.g. proposal, pilot, live, extension, review")
    description: str | None = None


class Respondent(Strict):
    name: str | None = None
    role: str | None = None
    perspective: str | None = Field(
        default=None, description="Whose view this is, e.g. force, staff-association, ethics-board."
    )


class FrameworkPin(Strict):
    """The framework as it stood when the answers were given."""

    version: Version
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    questions: dict[str, str] = Field(
        default_factory=dict,
        description="Short fingerprint per question id, so drift can name what changed.",
    )


class Assessment(Strict):
    schema_: Literal["assess/assessment@1"] = Field(alias="schema")
    title: ShortText
    subject: Subject
    respondent: Respondent = Field(default_factory=Respondent)
    classification: str | None = Field(default=None, description="Protective marking, e.g. OFFICIAL-SENSITIVE.")
    date: dt.date | None = None
    review_of: str | None = Field(
        default=None, description="Title or date of the earlier assessment this one reviews, if any."
    )
    frameworks: dict[FrameworkId, FrameworkPin] = Field(min_length=1)
    answers: dict[FrameworkId, dict[Identifier, Answer]] = Field(default_factory=dict)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
