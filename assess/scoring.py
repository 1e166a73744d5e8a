"""Scoring: a pure function from frameworks and answers to a Result. No I/O, no printing.

The rules (docs/framework-format.md explains them with a worked example):
- A question's points are its answer's score times its weight; its maximum is the
  best possible score times its weight. "Don't know" and unanswered questions score 0
  against the full maximum; questions hidden by `when` count in neither, and neither do
  questions answered "not applicable" (allowed only where the framework says
  `may_be_not_applicable`; the reason is carried to every output, and a critical one is
  named in the warnings, since it takes a critical question out of the rating).
- multi: `sum` adds the chosen options' scores (capped at the maximum, the sum of all
  positive non-exclusive scores or the best exclusive one); `worst`/`best` take the
  lowest/highest chosen score. scale: linear from 0 at the bad end to `points` at the good.
- Assurance = points / maximum, in percent. Rating: red on any gate or below the amber
  band; amber below the green band or with an evidence gap on a critical question;
  green otherwise.
- Findings: gates whose options name the same `finding` id, in any framework, are one finding;
  a gate that names none is a finding of its own (assess/findings.py).
- Verdict: Do not proceed on any `stop` gate or two or more distinct findings; Pause and
  remediate on any gate or red; Proceed with conditions on any amber; else Proceed.
- Tallies (`scoring.tallies`): the points of the shown questions whose `role` names the
  tally, against its maximum (every question with the role, shown or not, by default).
  Questions in a tally where higher is worse (impact, risk) are left out of assurance,
  section sums and actions.
- `scoring.method: levels`: the `level_from` tally's points, after each adjustment that
  applies (reduce by a percentage when another tally reaches a percentage of a maximum,
  then round as the adjustment says), fall in the first level whose `up_to` percent of
  the tally's maximum they do not exceed. The level's rating replaces the assurance bands;
  gates still force red and critical evidence gaps still cap at amber.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from assess import __version__
from assess.conditions import answers_namespace, compile_condition, namespace_name
from assess.findings import finding_words, gate_words, group_findings
from assess.fingerprint import answers_sha256, framework_sha256, question_fingerprints
from assess.i18n import ENGLISH, Translator, language
from assess.model import (
    DONT_KNOW,
    Answer,
    Assessment,
    Framework,
    MultiRule,
    Option,
    Question,
    QuestionType,
    Rounding,
    ScoringMethod,
)
from assess.numbering import numbers_of
from assess.result import (
    Action,
    AdjustmentStep,
    Drift,
    EvidenceGap,
    FrameworkResult,
    Gate,
    LevelRequirement,
    LevelResult,
    NotApplicable,
    QuestionResult,
    QuestionStatus,
    Rating,
    Result,
    SectionResult,
    TallyResult,
    Verdict,
)
from assess.scoring_tables import (
    PRECISION,
    QuestionTable,
    answer_key,
    keep_result,
    kept_result,
    tables_of,
)
from assess.scoring_tables import question_maximum as question_maximum  # public here as it always was
from assess.scoring_tables import round_points as _round

# One framework's result and its answers' values as conditions read them.
FrameworkScore = tuple[FrameworkResult, dict[str, Any]]
# (framework, its answers, the other frameworks' answers its conditions may read, language, compute) -> what
# compute() returns: where a caller keeps framework results it has seen (assess/web/scorecache.py).
FrameworkMemo = Callable[[Framework, Mapping[str, Answer], Mapping[str, Any], str, Callable[[], FrameworkScore]],
                         FrameworkScore]


def score(frameworks: Mapping[str, Framework], assessment: Assessment, lang: str | None = None,
          memo: FrameworkMemo | None = None) -> Result:
    """Score `assessment` against the frameworks it names (all must be in `frameworks`).
    `lang` is the language of the sentences the result carries (reasons, fallback
    recommendations); values and ids are the same in every language. `memo`, if given, is asked
    for each framework's part, which depends on nothing but its arguments."""
    t = Translator(language(lang))
    namespaces: dict[str, Any] = {}
    results: list[FrameworkResult] = []
    for fid, pinned in assessment.frameworks.items():
        framework = frameworks[fid]
        answers = assessment.answers.get(fid, {})
        compute = partial(_score_framework, framework, answers, namespaces, t)
        result, values = memo(framework, answers, namespaces, t.lang, compute) if memo else compute()
        drift = detect_drift(framework, pinned.version, pinned.sha256, pinned.questions, answers)
        if drift is not None:
            result = result.model_copy(update={"drift": drift})
        results.append(result)
        # Later frameworks' conditions may read this one's answers by a qualified name.
        namespaces[namespace_name(fid)] = answers_namespace(values)
    return overall_result(assessment, frameworks, results, lang)


def _holds(when: str, namespaces: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    """Evaluate a condition over just the names it reads: handing it every answer would make each
    evaluation cost as much as the framework is long, and scoring quadratic. A question's own
    answers shadow another framework's namespace of the same name, as they always have."""
    condition = compile_condition(when)
    context: dict[str, Any] = {}
    for reference in condition.references:
        name = reference.namespace if reference.namespace is not None else reference.name
        if name in values:
            context[name] = values[name]
        elif name in namespaces:
            context[name] = namespaces[name]
    return condition.holds(context)


def _score_framework(
    framework: Framework, answers: Mapping[str, Answer], namespaces: Mapping[str, Any], t: Translator
) -> tuple[FrameworkResult, dict[str, Any]]:
    tables = tables_of(framework)
    values: dict[str, Any] = dict(tables.blank)
    adverse = tables.adverse
    questions: list[QuestionResult] = []
    sections: list[SectionResult] = []
    gates: list[Gate] = []
    gaps: list[EvidenceGap] = []
    counted_points: list[float] = []  # of the questions outside adverse tallies, in order
    counted_maxima: list[float] = []
    for section_id, title, in_section in tables.sections:
        first = len(counted_points)
        visible = answered = 0
        for table in in_section:
            question = table.question
            answer = answers.get(question.id)
            showing = question.when is None or _holds(question.when, namespaces, values)
            scored = _score_question(table, answer, showing, t)
            questions.append(scored)
            if showing:
                values[question.id] = scored.answer
                if table.gates and scored.status is QuestionStatus.answered:
                    gates.extend(_gates(framework.id, table, scored))
                has_files = isinstance(answer, Answer) and bool(answer.files)
                gaps.extend(_gaps(framework.id, table, scored, has_files))
                visible += 1
                answered += scored.status is not QuestionStatus.unanswered
            if scored.role not in adverse:
                counted_points.append(scored.points)
                counted_maxima.append(scored.max_points)
        points, maximum = sum(counted_points[first:]), sum(counted_maxima[first:])
        sections.append(SectionResult(
            id=section_id, title=title, points=_round(points), max_points=_round(maximum),
            assurance=_percent(points, maximum), visible=visible, answered=answered,
        ))
    points, maximum = sum(counted_points), sum(counted_maxima)
    assurance = _percent(points, maximum)
    shown = [q for q in questions if q.status is not QuestionStatus.hidden]
    unanswered = [q.id for q in shown if q.status is QuestionStatus.unanswered]
    tallies = _tallies(framework, tables.all_maxima, questions)
    level = _level(framework, tallies, t) if framework.scoring.method is ScoringMethod.levels else None
    if level is not None:
        rating, reasons = _level_rating(framework, level, gates, gaps, t)
    else:
        rating, reasons = _rating(framework, assurance, gates, gaps, t)
    confidence = Counter(q.confidence.value for q in shown if q.confidence is not None)
    result = FrameworkResult(
        id=framework.id, title=framework.title, version=framework.version, sha256=tables.sha256,
        points=_round(points), max_points=_round(maximum), assurance=assurance, rating=rating,
        rating_reasons=reasons,
        completeness=_percent(len(shown) - len(unanswered), len(shown)),
        complete=not unanswered, sections=sections, questions=questions, gates=gates, evidence_gaps=gaps,
        unanswered=unanswered, ignored_answers=[q.id for q in questions if q.ignored_answer],
        confidence=dict(sorted(confidence.items())),
        method=framework.scoring.method.value, tallies=tallies, level=level,
    )
    return result, values


def _score_question(table: QuestionTable, answer: Answer | None, visible: bool, t: Translator) -> QuestionResult:
    key = answer_key(answer, visible, t.lang)
    found = kept_result(table, key)
    if found is None:
        found = _new_question_result(table, answer, visible, t)
        keep_result(table, key, found)
    return found


def _new_question_result(table: QuestionTable, answer: Answer | None, visible: bool, t: Translator
                         ) -> QuestionResult:
    question = table.question
    value = answer.answer if answer is not None else None
    if not visible:
        return QuestionResult(**table.fields, refs=list(question.refs), status=QuestionStatus.hidden, points=0.0,
                              max_points=0.0, ignored_answer=value is not None)
    assert answer is None or isinstance(answer, Answer)
    details: dict[str, Any] = {}
    if answer is not None:
        details = dict(note=answer.note, evidence=list(answer.evidence), confidence=answer.confidence)
    if is_not_applicable(question, answer):
        assert answer is not None and answer.not_applicable is not None
        # Counted as a hidden question is: in neither the points nor the maximum.
        return QuestionResult(**table.fields, refs=list(question.refs), **details,
                              status=QuestionStatus.not_applicable, points=0.0, max_points=0.0,
                              not_applicable=answer.not_applicable, answer_label=t("Not applicable"))
    if value is None:
        status, points, label = QuestionStatus.unanswered, 0.0, None
    elif value == DONT_KNOW:
        status, points, label = QuestionStatus.dont_know, 0.0, t("Don't know")
    else:
        status, points, label = QuestionStatus.answered, _points(table, value), _label(table, value, t)
    return QuestionResult(**table.fields, refs=list(question.refs), **details, status=status, answer=value,
                          answer_label=label, points=points, max_points=table.maximum)


def _points(table: QuestionTable, value: Any) -> float:
    """The weighted, rounded points of a known answer: a single choice's from the table."""
    if not table.scored:
        return 0.0
    if isinstance(value, str) and table.single_choice:
        return table.points.get(value, 0.0)
    return _round(raw_points(table.question, value) * table.question.weight)


def _label(table: QuestionTable, value: Any, t: Translator) -> str | None:
    """What answer_label says of a known answer, an option's label from the table."""
    if isinstance(value, str) and table.labels:
        return table.labels.get(value, value)
    return answer_label(table.question, value, t)


def is_not_applicable(question: Question, answer: Answer | None) -> bool:
    """Whether `answer` says, with a reason, that the question does not apply, where the framework allows it.
    (A claim the framework does not allow is a validation error; scoring leaves it unanswered.)"""
    return (answer is not None and question.may_be_not_applicable and answer.answer is None
            and bool((answer.not_applicable or "").strip()))


def adverse_roles(framework: Framework) -> frozenset[str]:
    """The roles whose tallies count against the deployment (higher is worse)."""
    return tables_of(framework).adverse


def _tallies(framework: Framework, all_maxima: Mapping[str, float], questions: list[QuestionResult]
             ) -> list[TallyResult]:
    found: list[TallyResult] = []
    for tally in framework.scoring.tallies:
        members = [q for q in questions if q.role == tally.id]
        points = sum(q.points for q in members)  # hidden questions score 0
        if tally.maximum == "shown":
            maximum = sum(q.max_points for q in members)
        elif tally.maximum == "all":
            maximum = all_maxima[tally.id]
        else:
            maximum = float(tally.maximum)
        found.append(TallyResult(
            id=tally.id, title=tally.title, higher=tally.higher.value, points=_round(points),
            max_points=_round(maximum), percent=_percent(points, maximum),
        ))
    return found


def round_half_up(value: float) -> float:
    """To the nearest whole number, halves toward +infinity, as JavaScript's Math.round:
    2.5 -> 3, -2.5 -> -2. (Python's round() sends halves to the even number.)"""
    floor = math.floor(value)
    return float(floor + 1 if value - floor >= 0.5 else floor)


def _apply_rounding(value: float, rule: Rounding) -> float:
    if rule is Rounding.half_up:
        return round_half_up(value)
    if rule is Rounding.half_even:
        return float(round(value))
    return value


def _level(framework: Framework, tallies: list[TallyResult], t: Translator) -> LevelResult | None:
    scoring = framework.scoring
    by_id = {t.id: t for t in tallies}
    base = by_id.get(scoring.level_from or "")
    if base is None or not scoring.levels:
        return None
    score = base.points
    applied: list[str] = []
    steps: list[AdjustmentStep] = []
    for adjustment in scoring.adjustments:
        tested = by_id[adjustment.tally]
        of = adjustment.of if adjustment.of is not None else tested.max_points
        # The same operations, in the same order, as the published rules, so floating point
        # lands where theirs does: points >= fraction * maximum; (1 - fraction) * score.
        threshold = (adjustment.at_least / 100) * of
        before, met = score, tested.points >= threshold
        if met:
            score = _apply_rounding((1 - adjustment.reduce_by / 100) * score, adjustment.rounding)
            applied.append(adjustment.title or t(
                "{tally} {points} reached {at_least} of {of} ({threshold}): {base} {before} reduced by "
                "{reduce_by} to {after}",
                tally=tested.title, points=t.number(tested.points), at_least=t.percent(adjustment.at_least),
                of=t.number(of), threshold=t.number(threshold), base=base.title.lower(), before=t.number(before),
                reduce_by=t.percent(adjustment.reduce_by), after=t.number(score)))
        steps.append(AdjustmentStep(
            tally=tested.id, tally_title=tested.title, points=tested.points, of=of, at_least=adjustment.at_least,
            reduce_by=adjustment.reduce_by, rounding=adjustment.rounding.value, title=adjustment.title,
            applied=met, before=before, after=score,
        ))
    maximum = base.max_points
    bounds = [maximum * (level.up_to / 100) for level in scoring.levels if level.up_to is not None]
    position = len(scoring.levels) - 1
    for i, level in enumerate(scoring.levels):
        if level.up_to is None or score <= maximum * (level.up_to / 100):
            position = i
            break
    chosen = scoring.levels[position]
    return LevelResult(
        id=chosen.id, title=chosen.title, position=position + 1, count=len(scoring.levels), tally=base.id,
        raw=base.points, score=_round(score), max_points=maximum, bounds=[_round(b) for b in bounds],
        adjustments=applied, steps=steps, summary=chosen.summary,
        requirements=[LevelRequirement(title=r.title, text=r.text) for r in chosen.requirements],
    )


def _level_rating(
    framework: Framework, level: LevelResult, gates: list[Gate], gaps: list[EvidenceGap], t: Translator
) -> tuple[Rating, list[str]]:
    chosen = framework.scoring.levels[level.position - 1]
    where = t("{level}: score {score} of {maximum}", level=level.title, score=t.number(level.score),
              maximum=t.number(level.max_points))
    if level.position > 1:
        where += t(", above {bound}", bound=t.number(level.bounds[level.position - 2]))
    if level.position <= len(level.bounds):
        where += t(", at most {bound}", bound=t.number(level.bounds[level.position - 1]))
    reasons = [where]
    rating = Rating(chosen.rating)
    if gates:
        rating = Rating.red
        reasons = [t("gate: {message}", message=g.message) for g in gates] + reasons
    critical = [g.question for g in gaps if g.critical]
    if critical:
        if rating is Rating.green:
            rating = Rating.amber
        reasons.append(t("evidence gap on critical question(s): {ids}", ids=", ".join(critical)))
    return rating, reasons


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


def answer_label(question: Question, value: Any, t: Translator = ENGLISH) -> str | None:
    if value is None:
        return None
    if value == DONT_KNOW:
        return t("Don't know")
    if question.options:
        labels = {o.value: o.label for o in question.options}
        chosen = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(str(v), str(v)) for v in chosen) if chosen else t("None chosen")
    if question.type is QuestionType.scale and question.scale is not None:
        return t("{value} on a scale of {low} to {high}", value=value, low=question.scale.min,
                 high=question.scale.max)
    return str(value)


def _gates(framework_id: str, table: QuestionTable, result: QuestionResult) -> list[Gate]:
    chosen = result.answer if isinstance(result.answer, list) else [result.answer]
    return [_gate(framework_id, table, o) for o in table.gates if o.value in chosen]


def _gate(framework_id: str, table: QuestionTable, option: Option) -> Gate:
    """The gate an option raises: the same immutable object each time it is chosen."""
    made = table.gates_made.get(option.value)  # a table is one framework object's, so one framework id's
    if made is None:
        assert option.gate is not None
        made = table.gates_made[option.value] = Gate(framework=framework_id, question=table.question.id,
                                                     option=option.value, message=option.gate, stop=option.stop,
                                                     finding=option.finding)
    return made


def _gaps(framework_id: str, table: QuestionTable, result: QuestionResult, has_files: bool = False
          ) -> list[EvidenceGap]:
    question = table.question
    if not table.scored or result.status is QuestionStatus.not_applicable:
        return []
    reason = None
    if result.status is QuestionStatus.dont_know:
        reason = "dont_know"
    elif question.critical and result.status is QuestionStatus.unanswered:
        reason = "critical_unanswered"
    elif question.critical and not result.evidence and not has_files:  # an attached file is evidence too
        reason = "critical_without_evidence"
    if reason is None:
        return []
    made = table.gaps_made.get(reason)  # the same immutable object each time
    if made is None:
        made = table.gaps_made[reason] = EvidenceGap(framework=framework_id, question=question.id, ask=question.ask,
                                                     reason=reason, critical=question.critical)
    return [made]


def _rating(
    framework: Framework, assurance: float, gates: list[Gate], gaps: list[EvidenceGap], t: Translator
) -> tuple[Rating, list[str]]:
    bands = framework.bands
    shown = t.percent(assurance)
    red: list[str] = [t("gate: {message}", message=g.message) for g in gates]
    if assurance < bands.amber:
        red.append(t("assurance {assurance} is below the amber threshold of {band}", assurance=shown,
                     band=t.percent(bands.amber)))
    if red:
        return Rating.red, red
    amber: list[str] = []
    if assurance < bands.green:
        amber.append(t("assurance {assurance} is below the green threshold of {band}", assurance=shown,
                       band=t.percent(bands.green)))
    critical = [g.question for g in gaps if g.critical]
    if critical:
        amber.append(t("evidence gap on critical question(s): {ids}", ids=", ".join(critical)))
    if amber:
        return Rating.amber, amber
    return Rating.green, [t("assurance {assurance} with no gate and no critical evidence gap", assurance=shown)]


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


def overall_result(
    assessment: Assessment, frameworks: Mapping[str, Framework], results: list[FrameworkResult],
    lang: str | None = None,
) -> Result:
    """The whole result from per-framework results: verdict and its reasons, gates, gaps and
    the action plan. Public so that an aggregate (a board's view) gets the same rules."""
    t = Translator(language(lang))
    gates = [g for r in results for g in r.gates]
    titles = {r.id: r.title for r in results}
    # One fact raised in several frameworks is one finding: the verdict counts findings, not frameworks.
    findings = group_findings(gates)
    red = [r.title for r in results if r.rating is Rating.red]
    amber = [r.title for r in results if r.rating is Rating.amber]
    reasons: list[str] = []
    # Named by the number every output shows (2.3.3), not the id, where the framework is known.
    numbers = numbers_of(tuple(frameworks[r.id] for r in results if r.id in frameworks)) if gates else {}
    if any(f.stop for f in findings) or len(findings) >= 2:
        verdict = Verdict.stop
        stops = [gate_words(g, titles, numbers, t) for g in gates if g.stop]
        if stops:
            reasons.append(t("a gate that cannot be remedied in the deployment's current form: {gates}",
                             gates="; ".join(stops)))
        if len(findings) >= 2:
            reasons.append(t("{n} distinct findings from gates: {findings}", n=len(findings),
                             findings="; ".join(finding_words(f, titles, numbers, t) for f in findings)))
    elif gates or red:
        verdict = Verdict.pause
        if findings:
            reasons.append(t("gate raised: {finding}", finding=finding_words(findings[0], titles, numbers, t)))
        if red:
            reasons.append(t("rated red: {frameworks}", frameworks=", ".join(red)))
    elif amber:
        verdict = Verdict.conditions
        reasons.append(t("rated amber: {frameworks}", frameworks=", ".join(amber)))
    else:
        verdict = Verdict.proceed
        reasons.append(t("every framework rated green, with no gate"))
    complete = all(r.complete for r in results)
    if not complete:
        missing = sum(len(r.unanswered) for r in results)
        reasons.append(t("provisional: {n} question(s) not yet answered", n=missing))
    not_applicable = [
        NotApplicable(framework=r.id, question=q.id, ask=q.ask, reason=q.not_applicable or "", critical=q.critical)
        for r in results for q in r.questions if q.status is QuestionStatus.not_applicable
    ]
    warnings = [r.drift.describe() for r in results if r.drift is not None]
    warnings += [
        f"critical question '{n.question}' of '{n.framework}' answered not applicable, so it does not count in "
        f"the rating; reason given: {n.reason}"
        for n in not_applicable if n.critical
    ]
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
        actions=_actions(frameworks, results, t), warnings=warnings, not_applicable=not_applicable,
        findings=findings,
    )


def _actions(frameworks: Mapping[str, Framework], results: list[FrameworkResult], t: Translator) -> list[Action]:
    """Every answer below full marks becomes an action: by priority (gate, high, medium, low), then by
    points lost, so the order always agrees with the Priority column."""
    pending: list[tuple[tuple[int, float, int, int], dict[str, Any]]] = []
    order = {"gate": 0, "high": 1, "medium": 2, "low": 3}
    for fi, result in enumerate(results):
        tables = tables_of(frameworks[result.id])
        gated = {g.question for g in result.gates}
        adverse = tables.adverse
        for qi, q in enumerate(result.questions):
            if not q.scored or q.status not in (QuestionStatus.answered, QuestionStatus.dont_know):
                continue
            if q.role in adverse and q.id not in gated:
                continue
            lost = _round(q.max_points - q.points)
            if lost <= 0:
                continue
            table = tables.by_id[q.id]
            is_gate = q.id in gated
            if is_gate:
                priority = "gate"
            elif q.critical or lost >= q.max_points / 2:
                priority = "high" if q.critical else "medium"
            else:
                priority = "low"
            pending.append(((order[priority], -lost, fi, qi), dict(
                priority=priority, framework=result.id, section=q.section, question=q.id, ask=q.ask,
                answer_label=q.answer_label or "", recommendation=_recommendation(table, q.answer, t),
                lost_points=lost,
            )))
    pending.sort(key=lambda item: item[0])
    return [Action(rank=i + 1, **fields) for i, (_, fields) in enumerate(pending)]


def _recommendation(table: QuestionTable, value: Any, t: Translator) -> str:
    question = table.question
    if value == DONT_KNOW:
        return question.recommend or t("Find and record the evidence needed to answer: {ask}", ask=question.ask)
    if isinstance(value, str):
        found = table.advice.get(value)
        if found:
            return found
    else:
        chosen = value if isinstance(value, list) else [value]
        advice = [o.recommend for o in question.options if o.value in chosen and o.recommend]
        if advice:
            return " ".join(dict.fromkeys(advice))
    return question.recommend or t("Improve the position on: {ask}", ask=question.ask)


def _percent(part: float, whole: float) -> float:
    if whole <= 0:  # nothing to assess (all hidden or unscored): nothing falls short
        return 100.0
    return min(100.0, max(0.0, round(100.0 * part / whole, PRECISION)))
