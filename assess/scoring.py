"""Scoring: a pure function from frameworks and answers to a Result. No I/O, no printing.

The rules (docs/framework-format.md explains them with a worked example):
- A question's points are its answer's score times its weight; its maximum is the
  best possible score times its weight. "Don't know" and unanswered questions score 0
  against the full maximum; questions hidden by `when` count in neither.
- multi: `sum` adds the chosen options' scores (capped at the maximum, the sum of all
  positive non-exclusive scores or the best exclusive one); `worst`/`best` take the
  lowest/highest chosen score. scale: linear from 0 at the bad end to `points` at the good.
- Assurance = points / maximum, in percent. Rating: red on any gate or below the amber
  band; amber below the green band or with an evidence gap on a critical question;
  green otherwise.
- Verdict: Do not proceed on any `stop` gate or gates in two or more frameworks; Pause
  and remediate on any gate or red; Proceed with conditions on any amber; else Proceed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from assess import __version__
from assess.conditions import answers_namespace, compile_condition, namespace_name
from assess.fingerprint import answers_sha256, framework_sha256, question_fingerprints
from assess.model import DONT_KNOW, Answer, Assessment, Framework, MultiRule, Question, QuestionType
from assess.result import (
    Action,
    Drift,
    EvidenceGap,
    FrameworkResult,
    Gate,
    QuestionResult,
    QuestionStatus,
    Rating,
    Result,
    SectionResult,
    Verdict,
)

PRECISION = 2  # decimals kept in points and percentages, so results are stable across platforms


def score(frameworks: Mapping[str, Framework], assessment: Assessment) -> Result:
    """Score `assessment` against the frameworks it names (all must be in `frameworks`)."""
    namespaces: dict[str, Any] = {}
    results: list[FrameworkResult] = []
    for fid, pinned in assessment.frameworks.items():
        framework = frameworks[fid]
        answers = assessment.answers.get(fid, {})
        result, values = _score_framework(framework, answers, namespaces)
        drift = detect_drift(framework, pinned.version, pinned.sha256, pinned.questions, answers)
        if drift is not None:
            result = result.model_copy(update={"drift": drift})
        results.append(result)
        # Later frameworks' conditions may read this one's answers by a qualified name.
        namespaces[namespace_name(fid)] = answers_namespace(values)
    return _overall(assessment, frameworks, results)


def _score_framework(
    framework: Framework, answers: Mapping[str, Answer], namespaces: Mapping[str, Any]
) -> tuple[FrameworkResult, dict[str, Any]]:
    values: dict[str, Any] = {q.id: None for q in framework.questions()}
    questions: list[QuestionResult] = []
    sections: list[SectionResult] = []
    gates: list[Gate] = []
    gaps: list[EvidenceGap] = []
    for section in framework.sections:
        first = len(questions)
        for question in section.questions:
            answer = answers.get(question.id)
            visible = question.when is None or compile_condition(question.when).holds({**namespaces, **values})
            scored = _score_question(question, section.id, answer, visible)
            questions.append(scored)
            if visible:
                values[question.id] = scored.answer
                gates.extend(_gates(framework.id, question, scored))
                gaps.extend(_gaps(framework.id, question, scored))
        in_section = questions[first:]
        points = sum(q.points for q in in_section)
        maximum = sum(q.max_points for q in in_section)
        visible_here = [q for q in in_section if q.status is not QuestionStatus.hidden]
        sections.append(SectionResult(
            id=section.id, title=section.title, points=_round(points), max_points=_round(maximum),
            assurance=_percent(points, maximum), visible=len(visible_here),
            answered=sum(q.status in (QuestionStatus.answered, QuestionStatus.dont_know) for q in visible_here),
        ))
    points = sum(q.points for q in questions)
    maximum = sum(q.max_points for q in questions)
    assurance = _percent(points, maximum)
    shown = [q for q in questions if q.status is not QuestionStatus.hidden]
    unanswered = [q.id for q in shown if q.status is QuestionStatus.unanswered]
    rating, reasons = _rating(framework, assurance, gates, gaps)
    confidence = Counter(q.confidence.value for q in shown if q.confidence is not None)
    result = FrameworkResult(
        id=framework.id, title=framework.title, version=framework.version, sha256=framework_sha256(framework),
        points=_round(points), max_points=_round(maximum), assurance=assurance, rating=rating,
        rating_reasons=reasons,
        completeness=_percent(len(shown) - len(unanswered), len(shown)),
        complete=not unanswered, sections=sections, questions=questions, gates=gates, evidence_gaps=gaps,
        unanswered=unanswered, ignored_answers=[q.id for q in questions if q.ignored_answer],
        confidence=dict(sorted(confidence.items())),
    )
    return result, values


def _score_question(question: Question, section: str, answer: Answer | None, visible: bool) -> QuestionResult:
    value = answer.answer if answer is not None else None
    common: dict[str, Any] = dict(
        id=question.id, section=section, ask=question.ask, type=question.type.value, scored=question.scored,
        critical=question.critical, weight=question.weight, refs=list(question.refs),
    )
    if not visible:
        return QuestionResult(**common, status=QuestionStatus.hidden, points=0.0, max_points=0.0,
                              ignored_answer=value is not None)
    assert answer is None or isinstance(answer, Answer)
    details: dict[str, Any] = {}
    if answer is not None:
        details = dict(note=answer.note, evidence=list(answer.evidence), confidence=answer.confidence)
    maximum = question_maximum(question) * question.weight if question.scored else 0.0
    if value is None:
        status, points = QuestionStatus.unanswered, 0.0
    elif value == DONT_KNOW:
        status, points = QuestionStatus.dont_know, 0.0
    else:
        status = QuestionStatus.answered
        points = raw_points(question, value) * question.weight if question.scored else 0.0
    return QuestionResult(
        **common, **details, status=status, answer=value, answer_label=answer_label(question, value),
        points=_round(points), max_points=_round(maximum),
    )


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


def raw_points(question: Question, value: Any) -> float:
    """The unweighted score of a valid, known answer."""
    if question.type is QuestionType.scale:
        scale = question.scale
        low, high, best = (scale.min, scale.max, scale.points) if scale else (1, 5, 3.0)
        fraction = (float(value) - low) / (high - low)
        if scale is not None and scale.reverse:
            fraction = 1 - fraction
        return best * min(max(fraction, 0.0), 1.0)
    chosen = value if isinstance(value, list) else [value]
    scores = [o.score for o in question.options if o.value in chosen]
    if not scores:
        return 0.0
    if question.type is QuestionType.multi:
        if question.multi_rule is MultiRule.worst:
            return min(scores)
        if question.multi_rule is MultiRule.best:
            return max(scores)
        return min(sum(scores), question_maximum(question))
    return scores[0]


def answer_label(question: Question, value: Any) -> str | None:
    if value is None:
        return None
    if value == DONT_KNOW:
        return "Don't know"
    if question.options:
        labels = {o.value: o.label for o in question.options}
        chosen = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(str(v), str(v)) for v in chosen) if chosen else "None chosen"
    if question.type is QuestionType.scale and question.scale is not None:
        return f"{value} on a scale of {question.scale.min} to {question.scale.max}"
    return str(value)


def _gates(framework_id: str, question: Question, result: QuestionResult) -> list[Gate]:
    if result.status is not QuestionStatus.answered:
        return []
    chosen = result.answer if isinstance(result.answer, list) else [result.answer]
    return [
        Gate(framework=framework_id, question=question.id, option=o.value, message=o.gate, stop=o.stop)
        for o in question.options
        if o.gate and o.value in chosen
    ]


def _gaps(framework_id: str, question: Question, result: QuestionResult) -> list[EvidenceGap]:
    if not question.scored:
        return []
    reason = None
    if result.status is QuestionStatus.dont_know:
        reason = "dont_know"
    elif question.critical and result.status is QuestionStatus.unanswered:
        reason = "critical_unanswered"
    elif question.critical and not result.evidence:
        reason = "critical_without_evidence"
    if reason is None:
        return []
    return [EvidenceGap(framework=framework_id, question=question.id, ask=question.ask, reason=reason,
                        critical=question.critical)]


def _rating(
    framework: Framework, assurance: float, gates: list[Gate], gaps: list[EvidenceGap]
) -> tuple[Rating, list[str]]:
    bands = framework.bands
    red: list[str] = [f"gate: {g.message}" for g in gates]
    if assurance < bands.amber:
        red.append(f"assurance {assurance:g}% is below the amber threshold of {bands.amber:g}%")
    if red:
        return Rating.red, red
    amber: list[str] = []
    if assurance < bands.green:
        amber.append(f"assurance {assurance:g}% is below the green threshold of {bands.green:g}%")
    critical = [g.question for g in gaps if g.critical]
    if critical:
        amber.append(f"evidence gap on critical question(s): {', '.join(critical)}")
    if amber:
        return Rating.amber, amber
    return Rating.green, [f"assurance {assurance:g}% with no gate and no critical evidence gap"]


def detect_drift(
    framework: Framework,
    version: str,
    sha256: str | None,
    fingerprints: Mapping[str, str],
    answers: Mapping[str, Answer],
) -> Drift | None:
    """How the framework differs from the one the answers were given against, if it does.
    An assessment that recorded no hash is not checked."""
    if sha256 is None or sha256 == framework_sha256(framework):
        return None
    current = question_fingerprints(framework)
    if fingerprints:
        return Drift(
            framework=framework.id, recorded_version=version, current_version=framework.version,
            added=[q for q in current if q not in fingerprints],
            removed=[q for q in fingerprints if q not in current],
            changed=[q for q in current if q in fingerprints and fingerprints[q] != current[q]],
        )
    return Drift(
        framework=framework.id, recorded_version=version, current_version=framework.version,
        removed=[q for q in answers if q not in current], detail_known=False,
    )


def _overall(assessment: Assessment, frameworks: Mapping[str, Framework], results: list[FrameworkResult]) -> Result:
    gates = [g for r in results for g in r.gates]
    gated = [r.id for r in results if r.gates]
    red = [r.id for r in results if r.rating is Rating.red]
    amber = [r.id for r in results if r.rating is Rating.amber]
    reasons: list[str] = []
    if any(g.stop for g in gates) or len(gated) >= 2:
        verdict = Verdict.stop
        stops = [f"{g.framework}.{g.question}" for g in gates if g.stop]
        if stops:
            reasons.append(f"a gate that cannot be remedied in the deployment's current form: {', '.join(stops)}")
        if len(gated) >= 2:
            reasons.append(f"gates raised in {len(gated)} frameworks: {', '.join(gated)}")
    elif gates or red:
        verdict = Verdict.pause
        if gates:
            reasons.append(f"gate raised in {', '.join(gated)}")
        if red:
            reasons.append(f"rated red: {', '.join(red)}")
    elif amber:
        verdict = Verdict.conditions
        reasons.append(f"rated amber: {', '.join(amber)}")
    else:
        verdict = Verdict.proceed
        reasons.append("every framework rated green, with no gate")
    complete = all(r.complete for r in results)
    if not complete:
        missing = sum(len(r.unanswered) for r in results)
        reasons.append(f"provisional: {missing} question(s) not yet answered")
    warnings = [r.drift.describe() for r in results if r.drift is not None]
    warnings += [
        f"answers to hidden question(s) ignored in '{r.id}': {', '.join(r.ignored_answers)}"
        for r in results if r.ignored_answers
    ]
    return Result(
        tool_version=__version__, title=assessment.title, organisation=assessment.subject.organisation,
        system=assessment.subject.system, stage=assessment.subject.stage,
        respondent_role=assessment.respondent.role, perspective=assessment.respondent.perspective,
        classification=assessment.classification,
        date=assessment.date.isoformat() if assessment.date else None,
        answers_sha256=answers_sha256(assessment), frameworks=results, verdict=verdict,
        verdict_reasons=reasons, complete=complete, gates=gates,
        evidence_gaps=[g for r in results for g in r.evidence_gaps],
        actions=_actions(frameworks, results), warnings=warnings,
    )


def _actions(frameworks: Mapping[str, Framework], results: list[FrameworkResult]) -> list[Action]:
    """Every answer below full marks becomes an action: gates first, then by points lost."""
    pending: list[tuple[tuple[int, float, int, int], dict[str, Any]]] = []
    for fi, result in enumerate(results):
        framework = frameworks[result.id]
        gated = {g.question for g in result.gates}
        for qi, q in enumerate(result.questions):
            if not q.scored or q.status not in (QuestionStatus.answered, QuestionStatus.dont_know):
                continue
            lost = _round(q.max_points - q.points)
            if lost <= 0:
                continue
            question = framework.question(q.id)
            assert question is not None
            is_gate = q.id in gated
            if is_gate:
                priority = "gate"
            elif q.critical or lost >= q.max_points / 2:
                priority = "high" if q.critical else "medium"
            else:
                priority = "low"
            pending.append(((0 if is_gate else 1, -lost, fi, qi), dict(
                priority=priority, framework=result.id, section=q.section, question=q.id, ask=q.ask,
                answer_label=q.answer_label or "", recommendation=_recommendation(question, q.answer),
                lost_points=lost,
            )))
    pending.sort(key=lambda item: item[0])
    return [Action(rank=i + 1, **fields) for i, (_, fields) in enumerate(pending)]


def _recommendation(question: Question, value: Any) -> str:
    if value == DONT_KNOW:
        return question.recommend or f"Find and record the evidence needed to answer: {question.ask}"
    chosen = value if isinstance(value, list) else [value]
    advice = [o.recommend for o in question.options if o.value in chosen and o.recommend]
    if advice:
        return " ".join(dict.fromkeys(advice))
    return question.recommend or f"Improve the position on: {question.ask}"


def _round(value: float) -> float:
    return round(value + 0.0, PRECISION)


def _percent(part: float, whole: float) -> float:
    if whole <= 0:  # nothing to assess (all hidden or unscored): nothing falls short
        return 100.0
    return min(100.0, max(0.0, round(100.0 * part / whole, PRECISION)))
