"""The two file formats a user writes: frameworks (questions) and assessments (answers).

The models hold data and check shape only. Checks that need more than one field
(ids that must be unique, references that must resolve, `when` expressions that
must compile) live in `checks.py`, so that every problem can be reported with the
position of the YAML node that causes it.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StrictBool, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

FRAMEWORK_SCHEMA = "assess/framework@1"
ASSESSMENT_SCHEMA = "assess/assessment@1"

# The reserved answer that every scored question accepts: an honest "we do not know".
DONT_KNOW = "dont_know"

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
FrameworkId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)]
OptionValue = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64)]
# How much a person may write into an assessment, here on the model so that every way in (the workspace's forms,
# the API, a YAML import, a bundle, an action plan spreadsheet) enforces the same limits; the forms read them from
# here, and docs/limits.md says why each is what it is.
MAX_SHORT_TEXT = 500  # a title, a name, a role, an owner, a stage
MAX_LONG_TEXT = 20_000  # a note, a text answer, a reason, a description
MAX_EVIDENCE_ITEMS = 100  # evidence lines on one answer
MAX_EVIDENCE_ITEM = 2_000  # characters in one evidence line (a long link fits)
MAX_CHOSEN = 1_000  # values in one multi answer
MAX_CONDITIONS = 100  # conditions attached to one sign-off

Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LONG_TEXT)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_SHORT_TEXT)]
# The same bounds on optional text, which may be empty.
SomeText = Annotated[str, StringConstraints(max_length=MAX_LONG_TEXT)]
SomeShortText = Annotated[str, StringConstraints(max_length=MAX_SHORT_TEXT)]
EvidenceLine = Annotated[str, StringConstraints(max_length=MAX_EVIDENCE_ITEM)]
Version = Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.-]+)?$")]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]

# Numbers are numbers, as the JSON Schema says: `weight: "2"` or `critical: "yes"` is an error, not a
# silent conversion, and NaN or an infinity (YAML's .nan, .inf) is refused wherever a number is read,
# so no score, and no `--format json` output, can ever carry one.
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
WholeNumber = Annotated[int, Field(strict=True)]

# Marks a text field that a framework may give in several languages: `{en: ..., fr: ...}`
# instead of a plain string. Loading resolves it to one language (assess/localise.py), so
# the models, and everything after them, only ever see plain strings.
TRANSLATABLE: dict[str, Any] = {"x-translatable": True}


class AddedLater:
    """Marks a framework key added after the format's first release: `Annotated[T, ADDED_LATER]`.

    A marked key at its default is left out of a framework's content hash (assess/fingerprint.py), so
    frameworks that do not use it keep the hashes that saved assessments recorded. Every key added to a
    framework model from now on carries this mark; tests/test_fingerprint_keys.py fails on one that does not.
    """

    def __repr__(self) -> str:
        return "ADDED_LATER"


ADDED_LATER = AddedLater()



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
    cite: Text = Field(
        description="The citation as a lawyer would write it, pinpoint included where known.",
        json_schema_extra=TRANSLATABLE,
    )
    short: Annotated[Text | None, ADDED_LATER] = Field(
        default=None,
        description="A short form that keeps the source's meaning (the case name and neutral citation, or the "
                    "Act and section), used where space is tight: the terminal, tables, footnotes.",
        json_schema_extra=TRANSLATABLE,
    )
    url: str | None = Field(default=None, description="Where a reader can find the source.")
    note: str | None = Field(
        default=None,
        description="What the source is relied on for, or a caveat.",
        json_schema_extra=TRANSLATABLE,
    )
    uncertain: StrictBool = Field(
        default=False,
        description="True where the pinpoint or reading could not be checked against the primary text.",
    )


class Option(Strict):
    value: OptionValue
    label: ShortText = Field(json_schema_extra=TRANSLATABLE)
    score: Number = Field(ge=0, le=100)
    gate: str | None = Field(
        default=None,
        description="If set, choosing this option fails the framework whatever the rest scores; the text says why.",
        json_schema_extra=TRANSLATABLE,
    )
    stop: StrictBool = Field(
        default=False,
        description="With `gate`: the failure cannot be remedied while the deployment keeps its "
        "current form, so the overall verdict becomes 'Do not proceed'.",
    )
    finding: Annotated[Identifier | None, ADDED_LATER] = Field(
        default=None,
        description="With `gate`: the id of the finding (the one fact) the gate rests on. Gates that share an id, "
        "in this framework or another, are one finding: the verdict counts it once, and reports show it once, "
        "naming every framework that raised it. They must agree on `stop`.",
    )
    recommend: str | None = Field(
        default=None,
        description="What to do when this option is the answer.",
        json_schema_extra=TRANSLATABLE,
    )
    exclusive: StrictBool = Field(
        default=False, description="In a multi question, this option cannot be chosen with others."
    )
    source_value: Annotated[str | None, ADDED_LATER] = Field(
        default=None,
        description="The option's value in the questionnaire it was imported from (e.g. a SurveyJS choice "
        "value), so that answer files saved by that tool can be imported.",
    )


class Scale(Strict):
    min: WholeNumber = 1
    max: WholeNumber = 5
    low_label: str | None = Field(default=None, json_schema_extra=TRANSLATABLE)
    high_label: str | None = Field(default=None, json_schema_extra=TRANSLATABLE)
    reverse: StrictBool = Field(default=False, description="True where a low value is the good end.")
    points: Number = Field(default=3, gt=0, le=100, description="Score at the good end of the scale.")


class Question(Strict):
    id: Identifier
    ask: Text = Field(description="The question, as the respondent reads it.", json_schema_extra=TRANSLATABLE)
    help: str | None = Field(
        default=None,
        description="Plain-language guidance for a lay reader.",
        json_schema_extra=TRANSLATABLE,
    )
    type: QuestionType = QuestionType.choice
    options: list[Option] = Field(default_factory=list)
    scale: Scale | None = None
    multi_rule: MultiRule = MultiRule.sum
    weight: Number = Field(default=1, ge=0, le=100)
    critical: StrictBool = Field(
        default=False, description="An evidence gap here caps the framework's rating at amber."
    )
    refs: list[str] = Field(default_factory=list, description="Ids of the framework's references.")
    when: str | None = Field(default=None, description="Sandboxed expression over earlier answers.")
    recommend: str | None = Field(
        default=None,
        description="Fallback recommendation for a below-full answer or 'Don't know'.",
        json_schema_extra=TRANSLATABLE,
    )
    evidence_hint: str | None = Field(
        default=None,
        description="What evidence would support an answer.",
        json_schema_extra=TRANSLATABLE,
    )
    role: Annotated[Identifier | None, ADDED_LATER] = Field(
        default=None,
        description="The tally (see the framework's `scoring.tallies`) this scored question's points count in.",
    )
    source_name: Annotated[str | None, ADDED_LATER] = Field(
        default=None,
        description="The question's name in the questionnaire it was imported from (e.g. a SurveyJS "
        "`name`), so that answer files saved by that tool can be imported.",
    )
    may_be_not_applicable: Annotated[StrictBool, ADDED_LATER] = Field(
        default=False,
        description="True where the question can legitimately not apply to a deployment (a question about a "
        "capability the system may not have): the answer may then be 'not_applicable' with a reason, and the "
        "question counts in neither the score nor its maximum. Say in `help` when it does not apply.",
    )

    @property
    def scored(self) -> bool:
        return self.type in SCORED_TYPES

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


class Section(Strict):
    id: Identifier
    title: ShortText = Field(json_schema_extra=TRANSLATABLE)
    intro: str | None = Field(default=None, json_schema_extra=TRANSLATABLE)
    questions: list[Question] = Field(min_length=1)


class Bands(Strict):
    """Assurance thresholds, in percent, for the green and amber ratings."""

    green: Number = Field(default=80, ge=0, le=100)
    amber: Number = Field(default=50, ge=0, le=100)


class ScoringMethod(StrEnum):
    assurance = "assurance"  # points against the maximum, in percent, rated by `bands` (the default)
    levels = "levels"  # one tally's score, after adjustments, places the framework in a level


class Higher(StrEnum):
    better = "better"
    worse = "worse"


class Tally(Strict):
    """A named sum of the points of the questions whose `role` names it."""

    id: Identifier
    title: ShortText = Field(json_schema_extra=TRANSLATABLE)
    higher: Higher = Field(
        default=Higher.better,
        description="'worse' for a tally of risk or impact: its questions are then left out of the "
        "assurance percentage and of the actions, since more points there is not better.",
    )
    maximum: Literal["all", "shown"] | Number = Field(
        default="all",
        description="'all': the best scores of every question with this role, shown or hidden; "
        "'shown': of the questions shown by the answers; or a fixed number.",
    )


class Rounding(StrEnum):
    half_up = "half-up"  # to the nearest whole number, halves toward +infinity (JavaScript's Math.round)
    half_even = "half-even"  # to the nearest whole number, halves to the even one
    none = "none"  # no rounding


class Adjustment(Strict):
    """Reduce the level score by a percentage when another tally reaches a threshold."""

    tally: Identifier = Field(description="The tally whose points are tested.")
    at_least: Number = Field(ge=0, le=100, description="Percent of `of` that the tally must reach.")
    of: Number | None = Field(
        default=None, gt=0, description="The maximum the percentage is taken of; default: the tally's maximum."
    )
    reduce_by: Number = Field(ge=0, le=100, description="Percent taken off the level score.")
    rounding: Rounding = Field(default=Rounding.half_up, description="How the reduced score is rounded.")
    title: str | None = Field(
        default=None,
        description="How the adjustment is described in results.",
        json_schema_extra=TRANSLATABLE,
    )


class Requirement(Strict):
    title: ShortText = Field(json_schema_extra=TRANSLATABLE)
    text: Text = Field(json_schema_extra=TRANSLATABLE)


class Level(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=32)]
    title: ShortText = Field(json_schema_extra=TRANSLATABLE)
    up_to: Number | None = Field(
        default=None, ge=0, le=100,
        description="The highest score in this level, in percent of the level tally's maximum (inclusive); "
        "omitted on the last level.",
    )
    rating: Literal["green", "amber", "red"] = Field(description="The rating a framework in this level gets.")
    summary: str | None = Field(default=None, description="What the level means.", json_schema_extra=TRANSLATABLE)
    requirements: list[Requirement] = Field(
        default_factory=list, description="What a deployment in this level must do; results carry them."
    )


class Scoring(Strict):
    method: ScoringMethod = ScoringMethod.assurance
    tallies: list[Tally] = Field(default_factory=list)
    level_from: Identifier | None = Field(
        default=None, description="With method 'levels': the tally whose score places the framework in a level."
    )
    adjustments: list[Adjustment] = Field(default_factory=list)
    levels: list[Level] = Field(default_factory=list)


class Framework(Strict):
    schema_: Literal["assess/framework@1"] = Field(alias="schema")
    id: FrameworkId
    version: Version
    title: ShortText = Field(json_schema_extra=TRANSLATABLE)
    summary: Text = Field(
        description="What the framework is for, in a sentence or two.",
        json_schema_extra=TRANSLATABLE,
    )
    last_reviewed: dt.date
    authors: list[str] = Field(default_factory=list)
    sources: list[str] = Field(
        default_factory=list, description="Ids of the references the framework as a whole rests on."
    )
    jurisdiction: str | None = None
    caveats: str | None = Field(
        default=None,
        description="Limits of the framework; not legal advice.",
        json_schema_extra=TRANSLATABLE,
    )
    languages: Annotated[list[LanguageCode], ADDED_LATER] = Field(
        default_factory=list,
        description="The languages its translatable text is given in; the first is the default.",
    )
    bands: Bands = Field(default_factory=Bands)
    scoring: Annotated[Scoring, ADDED_LATER] = Field(default_factory=Scoring)
    references: dict[str, Reference] = Field(default_factory=dict)
    sections: list[Section] = Field(min_length=1)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    # The same framework in its default language, when this one was resolved to another
    # (set by assess/localise.py); hashes are taken over it.
    _canonical: Framework | None = PrivateAttr(default=None)

    @property
    def canonical(self) -> Framework:
        return self._canonical if self._canonical is not None else self

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
_ANSWER_TYPES = str | WholeNumber | Number | list[str] | None


# The kinds of document an answer may carry as evidence (assess/evidence_files.py checks each by its content).
EVIDENCE_MEDIA_TYPES = (
    "application/pdf",
    "image/png",
    "image/jpeg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "text/plain",
    "text/csv",
)
MAX_FILES_PER_ANSWER = 50


class EvidenceFile(Strict):
    """A document attached to an answer, named by the SHA-256 of its bytes. The bytes travel beside the
    YAML: in the workspace's database, in an export bundle (files/<sha256>), or attached to the report PDF."""

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the file's bytes, in lower-case hex.")
    name: str = Field(min_length=1, max_length=255, description="The file's name as uploaded (shown, never used "
                      "as a path).")
    media_type: Literal[EVIDENCE_MEDIA_TYPES] = Field(  # type: ignore[valid-type]
        description="What the file's content is, as checked when it was added.")
    size: WholeNumber = Field(ge=0, description="Its size in bytes.")


class Answer(Strict):
    answer: _ANSWER_TYPES = Field(
        default=None,
        description="An option value (choice, yesno), a list of them (multi), a number (scale, "
        "number), text, an ISO date, or 'dont_know'. Empty means not answered yet.",
    )
    note: SomeText | None = None
    evidence: list[EvidenceLine] = Field(default_factory=list, max_length=MAX_EVIDENCE_ITEMS,
                                         description="Documents, links or named owners.")
    confidence: Confidence | None = None
    not_applicable: str | None = Field(
        default=None, max_length=MAX_LONG_TEXT,
        description="Why the question does not apply to this deployment, where its framework allows that "
        "(`may_be_not_applicable`); `answer` is then left out. The reason is shown wherever answers are.",
    )
    files: list[EvidenceFile] | None = Field(
        default=None, max_length=MAX_FILES_PER_ANSWER,
        description="Documents attached as evidence, by content hash. Part of the answers' hash, as `evidence` "
        "is; an answer without files has no `files` key, so its hash is as it was before the key existed.")

    @field_validator("files", mode="after")
    @classmethod
    def _distinct_files(cls, files: list[EvidenceFile] | None) -> list[EvidenceFile] | None:
        if not files:
            return None  # `files: []` is no files: the same answer, and the same hash, as no key at all
        seen: set[str] = set()
        for item in files:
            if item.sha256 in seen:
                raise PydanticCustomError("duplicate_file", "file {sha256} is attached twice",
                                          {"sha256": item.sha256[:12]})
            seen.add(item.sha256)
        return files

    @field_validator("answer", mode="before")
    @classmethod
    def _plain_value(cls, value: object) -> object:
        # Said here, once, rather than as four "input should be" messages from the union's members.
        if isinstance(value, bool):
            raise PydanticCustomError("answer_bool", "an answer is an option value, a number, text or a date, not "
                                      "true or false (a yesno question takes yes or no)")
        if isinstance(value, float) and not math.isfinite(value):
            raise PydanticCustomError("finite_number", "a number answer must be a finite number, not {value}",
                                      {"value": str(value)})
        if isinstance(value, str) and len(value) > MAX_LONG_TEXT:
            raise PydanticCustomError("answer_too_long", "an answer is at most {limit} characters",
                                      {"limit": MAX_LONG_TEXT})
        if isinstance(value, list) and (len(value) > MAX_CHOSEN or any(
                isinstance(item, str) and len(item) > MAX_SHORT_TEXT for item in value)):
            raise PydanticCustomError("answer_too_long", "a multiple answer is at most {count} values of at "
                                      "most {limit} characters each", {"count": MAX_CHOSEN, "limit": MAX_SHORT_TEXT})
        return value


class Subject(Strict):
    organisation: ShortText
    system: ShortText
    stage: SomeShortText | None = Field(default=None, description="e.g. proposal, pilot, live, extension, review")
    description: SomeText | None = None


class Respondent(Strict):
    name: SomeShortText | None = None
    role: SomeShortText | None = None
    organisation: SomeShortText | None = Field(
        default=None, description="The body whose assessment this is (e.g. a staff association), named on the "
        "report's cover; not the organisation that deploys the system unless it assessed itself.")
    perspective: SomeShortText | None = Field(
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


class PlanStatus(StrEnum):
    """Where an action of the action plan stands, as the board records it."""

    open = "open"
    in_progress = "in progress"
    done = "done"
    dropped = "dropped"


class PlanEntry(Strict):
    """What the board agreed for one action: who does it, by when, and how far it has got."""

    owner: SomeShortText | None = Field(default=None, description="Who is responsible for the action.")
    due: dt.date | None = Field(default=None, description="When it is due (ISO date).")
    status: PlanStatus | None = Field(default=None, description="open, in progress, done or dropped.")


class Decision(StrEnum):
    """A decision-maker's decision, named as the engine names its verdicts (assess/result.py's Verdict)."""

    proceed = "proceed"
    conditions = "conditions"  # proceed with conditions
    pause = "pause"  # pause and remediate
    stop = "stop"  # do not proceed


# A residual risk the report lists, named by reference: a triggered gate or an action by framework and question
# (gate:dpia/lawful_basis, action:dpia/retention), a red rating by framework (rating:dpia). assess/signoff.py
# lists the references a scored assessment offers and resolves them to words for the report.
RiskReference = Annotated[str, StringConstraints(
    pattern=r"^(gate|action):[a-z][a-z0-9_-]*/[a-z][a-z0-9_]*$|^rating:[a-z][a-z0-9_-]*$", max_length=140)]


class SignOff(Strict):
    """A named decision-maker's recorded decision on the assessment."""

    name: ShortText = Field(description="Who decided.")
    role: ShortText = Field(description="In what capacity, e.g. Chief Constable, chair of the ethics board.")
    decision: Decision = Field(description="proceed, conditions (proceed with conditions), pause (pause and "
                               "remediate) or stop (do not proceed): the engine's verdict vocabulary.")
    date: dt.date = Field(description="When the decision was made (ISO date).")
    conditions: list[Text] = Field(default_factory=list, max_length=MAX_CONDITIONS,
                                   description="The conditions attached to the decision.")
    accepted_risks: list[RiskReference] = Field(
        default_factory=list, description="The residual risks the decision-maker accepts, by reference: "
        "gate:FRAMEWORK/QUESTION, rating:FRAMEWORK (a red rating) or action:FRAMEWORK/QUESTION.")
    answers_sha256: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{64}$",
        description="The hash of the answers the decision was made on (as the report's method annex shows it), "
        "so a later change to the answers shows, and `assess verify` can check a signed report against it.")
# --------------------------------------------------------------------------- review and discussion
# Kept in the assessment file so that a review travels with its answers (export, import, the report's
# attachment), but never part of the answers' hash: talking about an answer does not change it.

Username = Annotated[str, StringConstraints(min_length=1, max_length=64)]
MAX_REMARK = 5_000  # a comment, a challenge's reason, a review step's reason
Remark = Annotated[str, StringConstraints(min_length=1, max_length=MAX_REMARK)]


class ReviewState(StrEnum):
    """Where an assessment's review stands. Approval freezes the answers."""

    draft = "draft"
    in_review = "in_review"
    returned = "returned"
    approved = "approved"


class ReviewStep(Strict):
    """One change of review state: who made it, when, and why."""

    from_: ReviewState = Field(alias="from", description="The state before the step.")
    to: ReviewState = Field(description="The state after it.")
    by: Username = Field(description="The username of whoever took the step.")
    at: dt.datetime = Field(description="When, as an ISO date and time with its offset (UTC when written).")
    reason: str | None = Field(default=None, max_length=MAX_REMARK,
                               description="Why: required when a reviewer returns the assessment.")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ChallengeStatus(StrEnum):
    open = "open"
    withdrawn = "withdrawn"  # the reviewer took it back: the answer stands as it was
    accepted = "accepted"  # the reviewer accepted the answer as revised since


class Challenge(Strict):
    """A reviewer's objection to one answer, with the reason, until the reviewer withdraws it or accepts
    a revised answer."""

    framework: FrameworkId
    question: Identifier
    reason: Remark = Field(description="What the reviewer asks the respondent to revisit.")
    by: Username
    at: dt.datetime
    status: ChallengeStatus = ChallengeStatus.open
    closed_by: Username | None = None
    closed_at: dt.datetime | None = None


class Review(Strict):
    """The review of the assessment: its state, every step that led there, and the reviewers' challenges."""

    state: ReviewState = ReviewState.draft
    steps: list[ReviewStep] = Field(default_factory=list, description="Every change of state, oldest first.")
    challenges: list[Challenge] = Field(default_factory=list, description="Every challenge, oldest first.")


class Post(Strict):
    """One message of a comment thread. `@username` names a member, who is told of it."""

    by: Username
    at: dt.datetime
    text: Remark


class Thread(Strict):
    """A discussion of one question: a first message and its replies, open until someone resolves it."""

    framework: FrameworkId
    question: Identifier
    posts: list[Post] = Field(min_length=1, description="The first message, then the replies, oldest first.")
    resolved: bool = False
    resolved_by: Username | None = None
    resolved_at: dt.datetime | None = None


class Assessment(Strict):
    schema_: Literal["assess/assessment@1"] = Field(alias="schema")
    title: ShortText
    subject: Subject
    respondent: Respondent = Field(default_factory=Respondent)
    classification: SomeShortText | None = Field(default=None,
                                                 description="Protective marking, e.g. OFFICIAL-SENSITIVE.")
    date: dt.date | None = None
    review_of: SomeShortText | None = Field(
        default=None, description="Title or date of the earlier assessment this one reviews, if any."
    )
    frameworks: dict[FrameworkId, FrameworkPin] = Field(min_length=1)
    answers: dict[FrameworkId, dict[Identifier, Answer]] = Field(default_factory=dict)
    action_plan: dict[FrameworkId, dict[Identifier, PlanEntry]] | None = Field(
        default=None,
        description="Owners, due dates and statuses of the action plan's actions, by framework and question "
        "(written by `assess actions import`); not part of the answers' hash.",
    )
    sign_offs: list[SignOff] = Field(
        default_factory=list,
        description="Decisions recorded by named decision-makers, in the order they were made; not part of the "
        "answers' hash (each records the hash it was made on).",
    )
    review: Review | None = Field(
        default=None,
        description="The review: its state (draft, in_review, returned, approved), its steps and the "
        "reviewers' challenges; not part of the answers' hash.",
    )
    comments: list[Thread] = Field(
        default_factory=list, description="Comment threads on questions; not part of the answers' hash."
    )

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
