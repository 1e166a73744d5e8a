"""The comparison as data: what `assess.comparison.build.compare` produces and every renderer reads.

Published as JSON under the `assess/comparison@1` schema (`assess compare --format json`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from pydantic import ConfigDict, Field

from assess.model import AnswerValue, Assessment, Confidence, Framework
from assess.result import Action, Frozen, Gate, Rating, Result, Verdict

COMPARISON_SCHEMA = "assess/comparison@1"


class Mode(StrEnum):
    perspectives = "perspectives"
    reviews = "reviews"
    board = "board"


class CellStatus(StrEnum):
    """Where one assessment stands on one question."""

    answered = "answered"
    dont_know = "dont_know"
    unanswered = "unanswered"
    hidden = "hidden"  # its `when` is false on this respondent's answers: not applicable
    absent = "absent"  # not in the framework version these answers were given against
    removed = "removed"  # answered, but the question is gone from the framework scored against
    not_assessed = "not_assessed"  # this assessment does not cover the framework at all


RESPONDED = frozenset({CellStatus.answered, CellStatus.dont_know})
STATUS_WORDS = {
    CellStatus.answered: "Answered",
    CellStatus.dont_know: "Don't know",
    CellStatus.unanswered: "Not answered",
    CellStatus.hidden: "Not applicable",
    CellStatus.absent: "Not in this framework version",
    CellStatus.removed: "Removed from the framework",
    CellStatus.not_assessed: "Framework not assessed",
}


@dataclass(frozen=True)
class Entry:
    """One scored assessment, as `compare` receives it."""

    name: str  # the file as the user named it
    assessment: Assessment
    frameworks: Mapping[str, Framework]
    result: Result
    source: bytes = b""  # the file's exact bytes, attached to the PDF


# --------------------------------------------------------------------------- the model


class Side(Frozen):
    index: int
    label: str  # short and unique: a perspective, a name, a date or the file's stem
    file: str
    title: str
    perspective: str | None
    respondent: str | None  # name and role
    date: str | None
    stage: str | None
    review_of: str | None
    verdict: Verdict
    complete: bool
    verdict_reasons: list[str]


class SideFramework(Frozen):
    side: int
    version: str  # the version the answers were given against (as pinned), else the scored one
    scored_version: str
    rating: Rating
    assurance: float
    completeness: float
    gates: int
    evidence_gaps: int
    drift: str | None = None


class FrameworkRow(Frozen):
    id: str
    title: str
    per_side: list[SideFramework | None]  # None: that assessment does not cover this framework


class Cell(Frozen):
    side: int
    status: CellStatus
    answer: AnswerValue = None
    answer_label: str | None = None
    points: float = 0.0
    max_points: float = 0.0
    share: float | None = None  # points / max_points, when scored and responded
    note: str | None = None
    evidence: list[str] = Field(default_factory=list)
    confidence: Confidence | None = None
    gates: list[Gate] = Field(default_factory=list)

    @property
    def responded(self) -> bool:
        return self.status in RESPONDED

    @property
    def status_word(self) -> str:
        return STATUS_WORDS[self.status]


class QuestionRow(Frozen):
    framework: str
    question: str
    section: str
    ask: str
    scored: bool
    critical: bool
    max_points: float
    cells: list[Cell]
    spread: float  # max - min of the responded sides' shares (0..1); 0 when fewer than two
    answer_spread: float  # the same over substantive answers only ("Don't know" left out)
    iqr: float  # interquartile range of those shares (0..1)
    median_share: float | None  # lower median of those shares
    points_difference: float  # max - min of their weighted points
    answers_differ: bool  # the responded sides gave different answers
    answered_by: list[int]  # sides that answered (Don't know included)
    not_answered_by: list[int]  # sides that cover the framework but did not answer this question
    gated_by: list[int]
    number: str = ""  # "2.1.3", as the report, the questionnaire and the score table number it (assess/numbering.py)

    @property
    def key(self) -> str:
        return f"{self.framework}.{self.question}"


class GateRow(Frozen):
    framework: str
    question: str
    option: str
    message: str
    stop: bool
    raised_by: list[int]
    not_raised_by: list[int]  # sides that cover the framework but did not raise it
    finding: str | None = None  # the finding id the framework declares (gates sharing one are one finding)


class QuestionPresence(Frozen):
    question: str
    ask: str | None
    present_in: list[int]
    missing_from: list[int]


class VersionDifference(Frozen):
    framework: str
    versions: list[str | None]  # per side; None when the side does not cover it
    questions: list[QuestionPresence]


class Change(Frozen):
    framework: str
    question: str
    ask: str
    before: Cell
    after: Cell
    points_change: float
    share_change: float | None
    reason: str


class ActionStatus(StrEnum):
    met = "met"  # now at full marks
    gate_cleared = "gate_cleared"  # the gate that made it an action is gone (points may still be short)
    progressed = "progressed"
    worse = "worse"
    open = "open"
    no_longer_applies = "no_longer_applies"


ACTION_STATUS_WORDS = {
    ActionStatus.met: "Met",
    ActionStatus.gate_cleared: "Met (gate cleared)",
    ActionStatus.progressed: "Progressed",
    ActionStatus.open: "Still open",
    ActionStatus.worse: "Worse",
    ActionStatus.no_longer_applies: "No longer applies",
}


class ActionOutcome(Frozen):
    action: Action
    status: ActionStatus
    detail: str
    before: Cell
    after: Cell

    @property
    def met(self) -> bool:
        return self.status in (ActionStatus.met, ActionStatus.gate_cleared)

    @property
    def status_word(self) -> str:
        return ACTION_STATUS_WORDS[self.status]


class RatingChange(Frozen):
    framework: str
    title: str
    before: Rating | None
    after: Rating | None
    assurance_before: float | None
    assurance_after: float | None


class ReviewStep(Frozen):
    before: int
    after: int
    verdict_before: Verdict
    verdict_after: Verdict
    ratings: list[RatingChange]
    improved: list[Change]
    worsened: list[Change]
    changed: list[Change]  # a different answer, the same score
    new: list[Change]  # newly answered, newly applicable, or new in the framework version
    dropped: list[Change]  # answered before, not now
    gates_new: list[Gate]
    gates_cleared: list[Gate]
    actions: list[ActionOutcome]  # the earlier action plan, each with where it stands now
    new_actions: list[Action]  # in the later plan, for questions the earlier plan did not list

    @property
    def met_actions(self) -> list[ActionOutcome]:
        return [a for a in self.actions if a.met]


class BoardGate(Frozen):
    gate: Gate
    raised_by: list[int]


class BoardQuestion(Frozen):
    framework: str
    question: str
    chosen_side: int | None  # whose answer stands for the board (the lower median)


class Board(Frozen):
    members: list[int]
    result: Result  # the aggregate, scored from the median answers with every member's gates
    agenda: list[str]  # question keys, most disagreement first
    gates: list[BoardGate]
    chosen: list[BoardQuestion]
    rule: str


class Comparison(Frozen):
    schema_: str = Field(default=COMPARISON_SCHEMA, alias="schema")
    tool_version: str
    mode: Mode
    mode_reason: str
    organisation: str
    system: str
    classification: str | None  # the highest protective marking among the inputs
    sides: list[Side]
    frameworks: list[FrameworkRow]
    questions: list[QuestionRow]
    divergent: list[str]  # question keys where scored answers differ, largest spread first
    differing_unscored: list[str]  # unscored questions (text, number, date) answered differently
    answered_by_some: list[str]  # answered by some sides and not by others
    gates: list[GateRow]  # every gate, with who raised it
    versions: list[VersionDifference]
    reviews: list[ReviewStep] = Field(default_factory=list)
    board: Board | None = None
    warnings: list[str] = Field(default_factory=list)

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    def question(self, key: str) -> QuestionRow:
        return self._index[key]

    @property
    def _index(self) -> dict[str, QuestionRow]:
        return {q.key: q for q in self.questions}

    @property
    def gate_findings(self) -> list[list[GateRow]]:
        """The gates grouped by the finding they rest on, in the order their first gate comes: a group of one is a
        gate on its own; a larger one is one fact that gates in several questions (or frameworks) raised."""
        groups: dict[str, list[GateRow]] = {}
        for g in self.gates:
            groups.setdefault(g.finding or f"{g.framework}.{g.question}.{g.option}", []).append(g)
        return list(groups.values())

    def finding_frameworks(self, rows: list[GateRow]) -> list[str]:
        """The titles of the frameworks a group of gates comes from, each once."""
        return [self.framework_title(f) for f in dict.fromkeys(g.framework for g in rows)]

    @property
    def split_gates(self) -> list[GateRow]:
        """Gates raised by some of the assessments that cover the framework, not all."""
        return [g for g in self.gates if g.not_raised_by]

    def label(self, side: int) -> str:
        return self.sides[side].label

    def number(self, framework_id: str, question_id: str) -> str:
        """The question's shared number, or its id where it has none (a question only an older version asks)."""
        row = self._index.get(f"{framework_id}.{question_id}")
        return row.number if row is not None and row.number else f"{framework_id}.{question_id}"

    def framework_title(self, framework_id: str) -> str:
        return next((f.title for f in self.frameworks if f.id == framework_id), framework_id)
