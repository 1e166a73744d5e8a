"""What scoring needs to know about a framework that no answer changes, worked out once per framework object.

A framework is immutable once loaded, and the same object scores many assessments (a bench run, a board's
members, every save in the workspace), so each question's weighted maximum, its options' weighted points,
labels, gates and advice, the findings its gates name, and the framework's adverse roles are looked up here
instead of being worked out again for every answer. The tables are kept for the last MAX_TABLES framework
objects, by the object itself (an id may be reused once its object is gone).

Each question's table also keeps the results already made for an answer (and the gates and evidence gaps),
keyed by everything they are made from, so that one immutable object serves every Result that needs it:
a question has a few options, so most answers recur across assessments and across a save's rescoring.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assess.fingerprint import framework_sha256
from assess.identity_cache import IdentityCache
from assess.model import Answer, Framework, Higher, MultiRule, Option, Question, QuestionType
from assess.result import EvidenceGap, Gate, QuestionResult

PRECISION = 2  # decimals kept in points and percentages, so results are stable across platforms
MAX_TABLES = 16  # framework objects; a server rarely has more in use at once
MAX_KEPT = 16  # results kept per question: its options, "don't know", unanswered and hidden, with evidence or not
MAX_KEPT_TEXT = 500  # characters of note and evidence a kept result may hold; an answer with more is not kept


def round_points(value: float) -> float:
    return round(value + 0.0, PRECISION)


def question_maximum(question: Question) -> float:
    """The best score the question can give, before weighting."""
    if question.type is QuestionType.scale:
        return question.scale.points if question.scale else 3.0
    scores = [o.score for o in question.options]
    if not scores:
        return 0.0
    if question.type is QuestionType.multi and question.multi_rule is MultiRule.sum:
        together = sum(o.score for o in question.options if not o.exclusive and o.score > 0)
        alone = max((o.score for o in question.options if o.exclusive), default=0.0)
        return max(together, alone)
    return max(scores)


@dataclass(frozen=True, slots=True)
class QuestionTable:
    """One question as scoring reads it, with what its answers are looked up in."""

    question: Question
    section: str
    fields: dict[str, Any]  # the result fields that do not depend on the answer, but for `refs` (a new list each)
    scored: bool
    critical: bool
    maximum: float  # weighted and rounded; 0 when unscored
    points: dict[str, float]  # a single choice's weighted, rounded points by option value (first option wins)
    labels: dict[str, str]  # option labels by value (last option wins, as a dict built from them does)
    gates: tuple[Option, ...]  # the options that raise a gate
    advice: dict[str, str]  # an option's recommendation by value, where it gives one
    kept: dict[tuple[Any, ...], QuestionResult]  # results already made for an answer (see `kept_result`)
    gates_made: dict[str, Gate]  # the gate each option raised before, by option value
    gaps_made: dict[str, EvidenceGap]  # the evidence gap found before, by reason

    @property
    def single_choice(self) -> bool:
        """Whether an answer's points are its one option's (not a scale's, nor chosen options summed)."""
        return self.question.type is not QuestionType.multi and self.question.type is not QuestionType.scale


@dataclass(frozen=True, slots=True)
class FrameworkTables:
    framework: Framework
    sha256: str
    adverse: frozenset[str]  # the roles whose tallies count against the deployment (higher is worse)
    sections: tuple[tuple[str, str, tuple[QuestionTable, ...]], ...]  # (id, title, questions), in order
    by_id: dict[str, QuestionTable]  # the first question of each id, as Framework.question finds it
    blank: dict[str, None]  # every question id, unanswered: the values conditions start from
    all_maxima: dict[str, float]  # per tally, the weighted maximum of every question with its role
    findings: dict[str, tuple[FindingGate, ...]]  # per declared finding id, the gates that name it, in order


@dataclass(frozen=True, slots=True)
class FindingGate:
    """A gate option that names a finding, where it is: what `assess validate` compares across frameworks."""

    question: str
    option: str
    stop: bool


def _question_table(question: Question, section: str) -> QuestionTable:
    weight = question.weight
    scored = question.scored
    points: dict[str, float] = {}
    for option in question.options:
        points.setdefault(option.value, round_points(option.score * weight if scored else 0.0))
    return QuestionTable(
        question=question, section=section,
        fields=dict(id=question.id, section=section, ask=question.ask, type=question.type.value, scored=scored,
                    critical=question.critical, weight=weight, role=question.role),
        scored=scored, critical=question.critical,
        maximum=round_points(question_maximum(question) * weight if scored else 0.0),
        points=points, labels={o.value: o.label for o in question.options},
        gates=tuple(o for o in question.options if o.gate),
        advice=_advice(question), kept={}, gates_made={}, gaps_made={},
    )


def _advice(question: Question) -> dict[str, str]:
    """Each option value's recommendation, as scoring words it: every option of that value that gives one,
    repeats dropped (values are unique in a checked framework; this keeps to the rule where they are not)."""
    found: dict[str, list[str]] = {}
    for option in question.options:
        if option.recommend:
            found.setdefault(option.value, []).append(option.recommend)
    return {value: " ".join(dict.fromkeys(advice)) for value, advice in found.items()}


def _build(framework: Framework) -> FrameworkTables:
    sections = tuple(
        (section.id, section.title, tuple(_question_table(q, section.id) for q in section.questions))
        for section in framework.sections
    )
    by_id: dict[str, QuestionTable] = {}
    for _, _, tables in sections:
        for table in tables:
            by_id.setdefault(table.question.id, table)
    all_maxima: dict[str, float] = {}
    for tally in framework.scoring.tallies:
        maximum = 0.0
        for q in framework.questions():
            if q.role == tally.id:
                maximum += question_maximum(q) * q.weight
        all_maxima[tally.id] = maximum
    findings: dict[str, list[FindingGate]] = {}
    for q in framework.questions():
        for option in q.options:
            if option.gate and option.finding is not None:
                findings.setdefault(option.finding, []).append(FindingGate(q.id, option.value, option.stop))
    return FrameworkTables(
        framework=framework, sha256=framework_sha256(framework),
        adverse=frozenset(t.id for t in framework.scoring.tallies if t.higher is Higher.worse),
        sections=sections, by_id=by_id, blank=dict.fromkeys(q.id for q in framework.questions()),
        all_maxima=all_maxima, findings={key: tuple(gates) for key, gates in findings.items()},
    )


_TABLES: IdentityCache[FrameworkTables] = IdentityCache(MAX_TABLES)


def tables_of(framework: Framework) -> FrameworkTables:
    return _TABLES.get_or_make((framework,), lambda: _build(framework))


def answer_key(answer: Answer | None, visible: bool, lang: str) -> tuple[Any, ...] | None:
    """Everything a question's result is made from besides the question: equal keys, equal results. A value's
    type is part of it (1 and 1.0 are equal keys, but not equal JSON), and a float's text (0.0 and -0.0).
    None for an answer with long text, whose result is not kept (so what is kept stays small)."""
    if answer is None:
        return (visible, lang)
    if len(answer.note or "") + sum(len(e) for e in answer.evidence) > MAX_KEPT_TEXT:
        return None
    value: Any = answer.answer
    if isinstance(value, list):
        value = tuple(value)
    elif isinstance(value, float):
        value = repr(value)
    return (visible, lang, type(answer.answer), value, answer.note, tuple(answer.evidence), answer.confidence,
            answer.not_applicable)


def kept_result(table: QuestionTable, key: tuple[Any, ...] | None) -> QuestionResult | None:
    """The result made before for the same answer to this question. Results are immutable and the same answer
    recurs (a question has a few options; a save changes one answer and rescores the rest), so one object
    serves every Result that needs it, as the workspace's framework parts already are shared."""
    return table.kept.get(key) if key is not None else None


def keep_result(table: QuestionTable, key: tuple[Any, ...] | None, result: QuestionResult) -> None:
    if key is None:
        return
    if len(table.kept) >= MAX_KEPT:  # bounded: free text or many distinct evidence lists start afresh
        table.kept.clear()
    table.kept[key] = result
