"""What scoring produces: plain data, the same for every renderer (table, JSON, HTML, PDF)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from assess.model import AnswerValue, Confidence

RESULT_SCHEMA = "assess/result@1"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Rating(StrEnum):
    green = "green"
    amber = "amber"
    red = "red"

    @property
    def rank(self) -> int:
        return {"green": 0, "amber": 1, "red": 2}[self.value]


class Verdict(StrEnum):
    proceed = "Proceed"
    conditions = "Proceed with conditions"
    pause = "Pause and remediate"
    stop = "Do not proceed"

    @property
    def rank(self) -> int:
        return [Verdict.proceed, Verdict.conditions, Verdict.pause, Verdict.stop].index(self)


class QuestionStatus(StrEnum):
    answered = "answered"
    dont_know = "dont_know"
    unanswered = "unanswered"
    hidden = "hidden"  # its `when` is false: counts in neither score nor maximum
    not_applicable = "not_applicable"  # the respondent says, with a reason, it does not apply: counted as hidden


class Gate(Frozen):
    framework: str
    question: str
    option: str
    message: str
    stop: bool
    finding: str | None = None  # the finding id the framework declares; gates that share one are one finding


class Finding(Frozen):
    """One fact that raised gates: the gates that share a declared `finding` id, in whichever frameworks,
    or a gate without one on its own. The verdict counts findings, not gates or frameworks."""

    id: str  # the declared id, or FRAMEWORK.QUESTION.OPTION for a gate without one
    declared: bool  # whether the frameworks declared the id (False: a gate on its own)
    stop: bool  # any of its gates is marked `stop`
    frameworks: list[str]  # the ids of the frameworks that raised it, each once, in the assessment's order
    gates: list[Gate]  # in the order the result lists gates


class EvidenceGap(Frozen):
    framework: str
    question: str
    ask: str
    reason: str  # "dont_know" | "critical_without_evidence" | "critical_unanswered"
    critical: bool


class NotApplicable(Frozen):
    """A question answered "not applicable", with the reason given, so a reader can challenge it."""

    framework: str
    question: str
    ask: str
    reason: str
    critical: bool


class Action(Frozen):
    rank: int
    priority: str  # "gate" | "high" | "medium" | "low"
    framework: str
    section: str
    question: str
    ask: str
    answer_label: str
    recommendation: str
    lost_points: float


class QuestionResult(Frozen):
    id: str
    section: str
    ask: str
    type: str
    status: QuestionStatus
    answer: AnswerValue = None
    answer_label: str | None = None
    note: str | None = None
    evidence: list[str] = Field(default_factory=list)
    confidence: Confidence | None = None
    scored: bool
    critical: bool
    weight: float
    points: float  # weighted
    max_points: float  # weighted; 0 when hidden or unscored
    refs: list[str] = Field(default_factory=list)
    ignored_answer: bool = False  # an answer was given but the question is hidden
    role: str | None = None  # the tally its points count in, if any
    not_applicable: str | None = None  # the reason, when the status is not_applicable


class SectionResult(Frozen):
    id: str
    title: str
    points: float
    max_points: float
    assurance: float
    answered: int
    visible: int


class Drift(Frozen):
    framework: str
    recorded_version: str
    current_version: str
    added: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list)
    detail_known: bool = True  # False when the assessment recorded no per-question fingerprints

    def describe(self) -> str:
        parts = [
            f"framework '{self.framework}' changed since these answers were given "
            f"(version {self.recorded_version} -> {self.current_version})"
        ]
        for label, ids in (("added", self.added), ("removed", self.removed), ("changed", self.changed)):
            if ids:
                parts.append(f"{label}: {', '.join(ids)}")
        if not self.detail_known:
            parts.append("no per-question fingerprints were recorded, so what changed cannot be named")
        elif not (self.added or self.removed or self.changed):
            parts.append("no question changed, only the framework's other text")
        return "; ".join(parts)


class TallyResult(Frozen):
    """The points of the questions with one `role`, against the tally's maximum."""

    id: str
    title: str
    higher: str  # "better" | "worse"
    points: float  # of the questions shown; answers to hidden questions count nothing
    max_points: float  # as the tally's `maximum` says: every question, the shown ones, or a fixed number
    percent: float  # points / max_points, 0..100


class LevelRequirement(Frozen):
    title: str
    text: str


class AdjustmentStep(Frozen):
    """One of a levels framework's adjustments, as the engine applied it (or did not)."""

    tally: str  # the tally whose points are tested
    tally_title: str
    points: float  # that tally's points
    of: float  # the maximum the threshold is a share of
    at_least: float  # percent of `of` the points must reach
    reduce_by: float  # percent taken off the score when they do
    rounding: str  # how the reduced score is rounded: half-up, half-even or none
    title: str | None = None  # the framework's own wording, if it gives one
    applied: bool
    before: float  # the score before this step
    after: float  # and after it (equal to `before` when not applied)


class LevelResult(Frozen):
    """Where a framework scored by `method: levels` lands."""

    id: str
    title: str
    position: int  # 1 for the first (lowest) level
    count: int  # how many levels there are
    tally: str  # the tally the level is read from
    raw: float  # its points before adjustments
    score: float  # after adjustments: the score the level is read from
    max_points: float  # the tally's maximum
    bounds: list[float]  # the highest score of each level but the last, in points
    adjustments: list[str]  # each adjustment that applied, in words
    steps: list[AdjustmentStep] = Field(default_factory=list)  # every adjustment, applied or not, as data
    summary: str | None = None
    requirements: list[LevelRequirement] = Field(default_factory=list)


class FrameworkResult(Frozen):
    id: str
    title: str
    version: str
    sha256: str
    points: float
    max_points: float
    assurance: float  # percent, 0..100
    rating: Rating
    rating_reasons: list[str]
    completeness: float  # percent of visible questions answered (Don't know counts as answered)
    complete: bool
    sections: list[SectionResult]
    questions: list[QuestionResult]
    gates: list[Gate]
    evidence_gaps: list[EvidenceGap]
    unanswered: list[str]
    ignored_answers: list[str]
    confidence: dict[str, int]  # how many answers carry each confidence level
    drift: Drift | None = None
    method: str = "assurance"  # the framework's scoring method: "assurance" | "levels"
    tallies: list[TallyResult] = Field(default_factory=list)
    level: LevelResult | None = None  # with method "levels"


class Result(Frozen):
    schema_: str = Field(default=RESULT_SCHEMA, alias="schema")
    tool_version: str
    title: str
    organisation: str
    system: str
    stage: str | None
    respondent_role: str | None
    perspective: str | None
    classification: str | None
    date: str | None
    answers_sha256: str
    frameworks: list[FrameworkResult]
    verdict: Verdict
    verdict_reasons: list[str]
    complete: bool
    gates: list[Gate]
    evidence_gaps: list[EvidenceGap]
    actions: list[Action]
    warnings: list[str]
    not_applicable: list[NotApplicable] = Field(
        default_factory=list, description="Questions answered not applicable, with the reasons given.")
    findings: list[Finding] = Field(
        default_factory=list, description="The gates grouped by the fact they rest on: the verdict counts these.")

    model_config = ConfigDict(frozen=True, populate_by_name=True)
