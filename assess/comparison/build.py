"""Several assessments of one deployment side by side: a pure function, no I/O.

`compare(entries, mode)` turns two or more scored assessments into a `Comparison`
that every renderer (table, JSON, Markdown, HTML, PDF) reads. Three modes:

- **perspectives**: different respondents (the force, its staff association, an ethics
  board) answering about the same deployment. Shows where they diverge and by how much.
- **reviews**: the same respondent at successive review points (by `date`, and
  `review_of`). Adds, for each step, what improved, what worsened, what is new, and
  which actions of the earlier action plan are now met.
- **board**: several members of one body (the same `perspective`, different people).
  Adds one aggregate assessment: per question the lower median of the members'
  scores, and every member's gates kept (a gate is never averaged away).

Questions are matched by framework id and question id, so assessments answered against
different versions of a framework still compare; a question that one version has and
another lacks is listed, never silently dropped. docs/compare.md explains the rules.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from typing import Any

from assess.comparison.model import (
    RESPONDED,
    STATUS_WORDS,
    ActionOutcome,
    ActionStatus,
    Board,
    BoardGate,
    BoardQuestion,
    Cell,
    CellStatus,
    Change,
    Comparison,
    Entry,
    FrameworkRow,
    GateRow,
    Mode,
    QuestionPresence,
    QuestionRow,
    RatingChange,
    ReviewStep,
    Side,
    SideFramework,
    VersionDifference,
)
from assess.model import (
    ASSESSMENT_SCHEMA,
    DONT_KNOW,
    Answer,
    Assessment,
    Framework,
    Respondent,
)
from assess.numbering import question_numbers
from assess.result import (
    Action,
    FrameworkResult,
    Gate,
    QuestionResult,
    QuestionStatus,
    Rating,
)

PRECISION = 2
AUTO_BOARD_MINIMUM = 3  # fewer members of one perspective compare as perspectives unless --mode board


# --------------------------------------------------------------------------- which mode


def respondent_key(assessment: Assessment) -> tuple[str, str, str]:
    r = assessment.respondent
    return tuple(_norm(x) for x in (r.perspective, r.name, r.role))  # type: ignore[return-value]


def infer_mode(entries: Sequence[Entry]) -> tuple[Mode, str]:
    """The mode the metadata points to, and why (rules in docs/compare.md)."""
    reviewing = [e for e in entries if e.assessment.review_of]
    if reviewing:
        e = reviewing[0]
        return Mode.reviews, f"{e.name} reviews an earlier assessment ({e.assessment.review_of})"
    keys = {respondent_key(e.assessment) for e in entries}
    dates = [e.assessment.date for e in entries]
    if len(keys) == 1 and all(dates) and len(set(dates)) == len(dates):
        return Mode.reviews, "the same respondent at different dates"
    perspectives = {_norm(e.assessment.respondent.perspective) for e in entries}
    if len(entries) >= AUTO_BOARD_MINIMUM and len(perspectives) == 1 and "" not in perspectives \
            and len(keys) == len(entries):
        perspective = entries[0].assessment.respondent.perspective
        return Mode.board, f"{len(entries)} different respondents who share the perspective '{perspective}'"
    return Mode.perspectives, "different respondents or perspectives"


def subject_mismatch(entries: Sequence[Entry]) -> tuple[int, str] | None:
    """The first assessment whose organisation or system differs from the first one's, and how."""
    first = entries[0].assessment.subject
    for i, e in enumerate(entries[1:], start=1):
        s = e.assessment.subject
        for what, a, b in (("organisation", first.organisation, s.organisation), ("system", first.system, s.system)):
            if _norm(a) != _norm(b):
                return i, f"{what} '{b}' differs from '{a}' in {entries[0].name}"
    return None


def shared_framework(entries: Sequence[Entry]) -> bool:
    """True when at least one framework is covered by two or more of the assessments."""
    seen: set[str] = set()
    for e in entries:
        ids = {f.id for f in e.result.frameworks}
        if ids & seen:
            return True
        seen |= ids
    return False


def order_reviews(entries: Sequence[Entry]) -> list[Entry]:
    """Earliest first: by date, and an assessment that names another in `review_of` after it."""
    ordered = sorted(enumerate(entries), key=lambda ie: (ie[1].assessment.date is None,
                                                          ie[1].assessment.date or 0, ie[0]))
    result = [e for _, e in ordered]
    for _ in range(len(result)):
        moved = False
        for i, e in enumerate(result):
            target = _norm(e.assessment.review_of)
            if not target:
                continue
            for j in range(i + 1, len(result)):
                other = result[j].assessment
                if target in (_norm(other.title), _norm(other.date.isoformat() if other.date else None)):
                    result.insert(j, result.pop(i))
                    moved = True
                    break
            if moved:
                break
        if not moved:
            break
    return result


# --------------------------------------------------------------------------- compare


def compare(entries: Sequence[Entry], mode: Mode | None = None, tool_version: str = "",
            lang: str | None = None) -> Comparison:
    """Compare two or more scored assessments. `mode` None: inferred from the metadata. `lang`: the
    language of the board view's reasons (the scoring engine's sentences)."""
    if len(entries) < 2:
        raise ValueError("compare needs two or more assessments")
    inferred, reason = infer_mode(entries)
    if mode is None:
        mode = inferred
    elif mode is not inferred:
        reason = "as asked (--mode)"
    else:
        reason += " (as asked)"
    if mode is Mode.reviews:
        entries = order_reviews(entries)
    sides = _sides(entries)
    framework_ids = _framework_ids(entries)
    rows: list[FrameworkRow] = []
    questions: list[QuestionRow] = []
    versions: list[VersionDifference] = []
    warnings: list[str] = []
    for fid in framework_ids:
        per_side = [_side_framework(i, e, fid) for i, e in enumerate(entries)]
        title = next(fr.title for e in entries for fr in e.result.frameworks if fr.id == fid)
        rows.append(FrameworkRow(id=fid, title=title, per_side=per_side))
        fw_questions, presence = _framework_questions(entries, fid)
        questions.extend(fw_questions)
        if presence:
            versions.append(VersionDifference(
                framework=fid, versions=[s.version if s else None for s in per_side], questions=presence))
        covered = [i for i, s in enumerate(per_side) if s is not None]
        if len(covered) < len(entries):
            missing = ", ".join(sides[i].label for i in range(len(entries)) if i not in covered)
            warnings.append(f"framework '{fid}' is not covered by: {missing}")
    for i, e in enumerate(entries):
        warnings.extend(f"{sides[i].label}: {w}" for w in e.result.warnings)
    questions = _numbered(questions, entries, framework_ids)
    scored_divergent = [q for q in questions if q.scored and q.spread > 0]
    scored_divergent.sort(key=divergence_order)
    gates = _gate_rows(entries)
    comparison = Comparison(
        tool_version=tool_version, mode=mode, mode_reason=reason,
        organisation=entries[0].assessment.subject.organisation, system=entries[0].assessment.subject.system,
        classification=highest_marking([e.assessment.classification for e in entries]), sides=sides,
        frameworks=rows, questions=questions, divergent=[q.key for q in scored_divergent],
        differing_unscored=[q.key for q in questions if not q.scored and q.answers_differ],
        answered_by_some=[q.key for q in questions if q.answered_by and q.not_answered_by],
        gates=gates, versions=versions, warnings=warnings,
    )
    if mode is Mode.reviews:
        steps = [_review_step(comparison, entries, i, i + 1) for i in range(len(entries) - 1)]
        comparison = comparison.model_copy(update={"reviews": steps})
    if mode is Mode.board:
        comparison = comparison.model_copy(update={"board": _board(comparison, entries, lang)})
    return comparison


def _sides(entries: Sequence[Entry]) -> list[Side]:
    labels = _labels(entries)
    sides = []
    for i, e in enumerate(entries):
        a, r = e.assessment, e.result
        who = ", ".join(p for p in (a.respondent.name, a.respondent.role) if p) or None
        sides.append(Side(
            index=i, label=labels[i], file=e.name, title=a.title, perspective=a.respondent.perspective,
            respondent=who, date=a.date.isoformat() if a.date else None, stage=a.subject.stage,
            review_of=a.review_of, verdict=r.verdict, complete=r.complete, verdict_reasons=list(r.verdict_reasons),
        ))
    return sides


def _labels(entries: Sequence[Entry]) -> list[str]:
    """The first of these that tells every assessment apart: perspective, name, date, perspective
    and date, file stem; else the file stem numbered."""
    candidates: list[list[str | None]] = []
    for e in entries:
        a = e.assessment
        stem = e.name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        date = a.date.isoformat() if a.date else None
        both = f"{a.respondent.perspective} {date}" if a.respondent.perspective and date else None
        candidates.append([a.respondent.perspective, a.respondent.name, date, both, stem])
    for k in range(5):
        labels = [c[k] for c in candidates]
        if all(labels) and len(set(labels)) == len(labels):
            return [str(label) for label in labels]
    return [f"{i + 1}. {c[4]}" for i, c in enumerate(candidates)]


def _framework_ids(entries: Sequence[Entry]) -> list[str]:
    ids: list[str] = []
    for e in entries:
        for fr in e.result.frameworks:
            if fr.id not in ids:
                ids.append(fr.id)
    return ids


def _framework_result(entry: Entry, fid: str) -> FrameworkResult | None:
    return next((fr for fr in entry.result.frameworks if fr.id == fid), None)


def _side_framework(index: int, entry: Entry, fid: str) -> SideFramework | None:
    fr = _framework_result(entry, fid)
    if fr is None:
        return None
    pin = entry.assessment.frameworks.get(fid)
    return SideFramework(
        side=index, version=pin.version if pin else fr.version, scored_version=fr.version, rating=fr.rating,
        assurance=fr.assurance, completeness=fr.completeness, gates=len(fr.gates),
        evidence_gaps=len(fr.evidence_gaps), drift=fr.drift.describe() if fr.drift else None,
    )


def _version_questions(entry: Entry, fr: FrameworkResult) -> dict[str, QuestionResult | None]:
    """The questions of the version the answers were given against: those of the framework
    scored against, less those the drift record says were added since, plus those it says were
    removed (None: no longer in the framework, so not scored)."""
    present: dict[str, QuestionResult | None] = {q.id: q for q in fr.questions}
    if fr.drift is not None:
        for qid in fr.drift.added:
            present.pop(qid, None)
        for qid in fr.drift.removed:
            present.setdefault(qid, None)
    answers = entry.assessment.answers.get(fr.id, {})
    for qid in answers:
        present.setdefault(qid, None)  # answered, but not a question of the framework scored against
    return present


def _cell(side: int, entry: Entry, fid: str, qid: str, fr: FrameworkResult | None,
          present: Mapping[str, QuestionResult | None] | None) -> Cell:
    if fr is None or present is None:
        return Cell(side=side, status=CellStatus.not_assessed)
    if qid not in present:
        return Cell(side=side, status=CellStatus.absent)
    q = present[qid]
    if q is None:
        raw = entry.assessment.answers.get(fid, {}).get(qid)
        return Cell(side=side, status=CellStatus.removed, answer=raw.answer if raw else None,
                    answer_label=str(raw.answer) if raw and raw.answer is not None else None,
                    note=raw.note if raw else None, evidence=list(raw.evidence) if raw else [],
                    confidence=raw.confidence if raw else None)
    # A question answered "not applicable" counts as one its `when` hides, so it compares as one.
    status = CellStatus.hidden if q.status is QuestionStatus.not_applicable else CellStatus(q.status.value)
    share = None
    if q.scored and status in RESPONDED and q.max_points > 0:
        share = round(q.points / q.max_points, 4)
    visible = status is not CellStatus.hidden
    return Cell(
        side=side, status=status, answer=q.answer if visible else None,
        answer_label=q.answer_label if visible else None, points=q.points, max_points=q.max_points, share=share,
        note=q.note if visible else None, evidence=list(q.evidence) if visible else [],
        confidence=q.confidence if visible else None,
        gates=[g for g in fr.gates if g.question == qid],
    )


def _framework_questions(entries: Sequence[Entry], fid: str) -> tuple[list[QuestionRow], list[QuestionPresence]]:
    results = [_framework_result(e, fid) for e in entries]
    presents = [_version_questions(e, fr) if fr is not None else None for e, fr in zip(entries, results, strict=True)]
    order: list[str] = []
    info: dict[str, QuestionResult] = {}
    for present in presents:
        for qid, q in (present or {}).items():
            if qid not in order:
                order.append(qid)
            if q is not None and qid not in info:
                info[qid] = q
    covered = [i for i, p in enumerate(presents) if p is not None]
    rows: list[QuestionRow] = []
    presence: list[QuestionPresence] = []
    for qid in order:
        cells = [_cell(i, e, fid, qid, results[i], presents[i]) for i, e in enumerate(entries)]
        q = info.get(qid)
        in_version = [i for i in covered if cells[i].status is not CellStatus.absent]
        if len(in_version) < len(covered) or any(cells[i].status is CellStatus.removed for i in covered):
            scored_in = [i for i in in_version if cells[i].status is not CellStatus.removed]
            presence.append(QuestionPresence(
                question=qid, ask=q.ask if q else None, present_in=scored_in if scored_in else in_version,
                missing_from=[i for i in covered if i not in (scored_in if scored_in else in_version)]))
        rows.append(_question_row(fid, qid, q, cells, covered))
    return rows, presence


def _numbered(questions: list[QuestionRow], entries: Sequence[Entry], framework_ids: list[str]) -> list[QuestionRow]:
    """Each row with the number the report and the questionnaire give it, from the first assessment's
    version of each framework (the comparison's framework order)."""
    frameworks = [next(e.frameworks[fid] for e in entries if fid in e.frameworks) for fid in framework_ids]
    numbers = question_numbers(frameworks)
    return [q.model_copy(update={"number": numbers.get((q.framework, q.question), "")}) for q in questions]


def _question_row(fid: str, qid: str, q: QuestionResult | None, cells: list[Cell], covered: list[int]) -> QuestionRow:
    responded = [c for c in cells if c.responded]
    scored = [c for c in responded if c.share is not None]
    shares = [c.share for c in scored if c.share is not None]
    spread = round(max(shares) - min(shares), 4) if len(shares) >= 2 else 0.0
    known = [c.share for c in scored if c.share is not None and c.status is CellStatus.answered]
    answer_spread = round(max(known) - min(known), 4) if len(known) >= 2 else 0.0
    iqr = 0.0
    if len(shares) >= 2:
        q1, _, q3 = statistics.quantiles(shares, n=4, method="inclusive")
        iqr = round(q3 - q1, 4)
    median = lower_median(shares) if shares else None
    points = [c.points for c in scored]
    return QuestionRow(
        framework=fid, question=qid, section=q.section if q else "", ask=q.ask if q else qid,
        scored=bool(q and q.scored), critical=bool(q and q.critical), max_points=q.max_points if q else 0.0,
        cells=cells, spread=spread, answer_spread=answer_spread, iqr=iqr, median_share=median,
        points_difference=_round(max(points) - min(points)) if len(points) >= 2 else 0.0,
        answers_differ=len({_answer_key(c.answer) for c in responded}) > 1,
        answered_by=[c.side for c in responded],
        not_answered_by=[c.side for c in cells if c.side in covered and not c.responded],
        gated_by=[c.side for c in cells if c.gates],
    )


def divergence_order(row: QuestionRow) -> tuple[float, float, float]:
    """Largest spread first; among equal spreads, disagreement between substantive answers before
    a difference that only one side's "Don't know" makes."""
    return (-row.spread, -row.answer_spread, -row.points_difference)


def lower_median(values: Sequence[float]) -> float:
    """The middle value; for an even count, the lower of the two middle ones (the cautious one)."""
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def _gate_rows(entries: Sequence[Entry]) -> list[GateRow]:
    found: dict[tuple[str, str, str], tuple[Gate, list[int]]] = {}
    for i, e in enumerate(entries):
        for g in e.result.gates:
            key = (g.framework, g.question, g.option)
            found.setdefault(key, (g, []))[1].append(i)
    rows = []
    for gate, raised in found.values():
        covering = [i for i, e in enumerate(entries) if _framework_result(e, gate.framework) is not None]
        rows.append(GateRow(framework=gate.framework, question=gate.question, option=gate.option,
                            message=gate.message, stop=gate.stop, finding=gate.finding, raised_by=raised,
                            not_raised_by=[i for i in covering if i not in raised]))
    return rows


# --------------------------------------------------------------------------- reviews


def _review_step(comparison: Comparison, entries: Sequence[Entry], before: int, after: int) -> ReviewStep:
    improved: list[Change] = []
    worsened: list[Change] = []
    changed: list[Change] = []
    new: list[Change] = []
    dropped: list[Change] = []
    for row in comparison.questions:
        a, b = row.cells[before], row.cells[after]
        if a.status is CellStatus.not_assessed and b.status is CellStatus.not_assessed:
            continue

        def change(reason: str, row: QuestionRow = row, a: Cell = a, b: Cell = b) -> Change:
            share = round(b.share - a.share, 4) if a.share is not None and b.share is not None else None
            return Change(framework=row.framework, question=row.question, ask=row.ask, before=a, after=b,
                          points_change=_round(b.points - a.points), share_change=share, reason=reason)

        if a.responded and b.responded:
            if a.share is not None and b.share is not None and b.share != a.share:
                (improved if b.share > a.share else worsened).append(change("score"))
            elif _answer_key(a.answer) != _answer_key(b.answer):
                changed.append(change("answer"))
        elif b.responded:
            reason = {CellStatus.absent: "new in this framework version", CellStatus.hidden: "now applies",
                      CellStatus.not_assessed: "framework newly assessed"}.get(a.status, "now answered")
            new.append(change(reason))
        elif a.responded:
            reason = {CellStatus.absent: "not in this framework version", CellStatus.removed:
                      "removed from the framework", CellStatus.hidden: "no longer applies",
                      CellStatus.not_assessed: "framework not assessed"}.get(b.status, "no longer answered")
            dropped.append(change(reason))
    improved.sort(key=lambda c: -(c.share_change or 0))
    worsened.sort(key=lambda c: c.share_change or 0)
    ea, eb = entries[before].result, entries[after].result
    keys_b = {(g.framework, g.question, g.option) for g in eb.gates}
    keys_a = {(g.framework, g.question, g.option) for g in ea.gates}
    ratings = []
    for fw in comparison.frameworks:
        sa, sb = fw.per_side[before], fw.per_side[after]
        ratings.append(RatingChange(
            framework=fw.id, title=fw.title, before=sa.rating if sa else None, after=sb.rating if sb else None,
            assurance_before=sa.assurance if sa else None, assurance_after=sb.assurance if sb else None))
    outcomes = [_action_outcome(comparison, action, before, after) for action in ea.actions]
    listed = {(a.framework, a.question) for a in ea.actions}
    return ReviewStep(
        before=before, after=after, verdict_before=ea.verdict, verdict_after=eb.verdict, ratings=ratings,
        improved=improved, worsened=worsened, changed=changed, new=new, dropped=dropped,
        gates_new=[g for g in eb.gates if (g.framework, g.question, g.option) not in keys_a],
        gates_cleared=[g for g in ea.gates if (g.framework, g.question, g.option) not in keys_b],
        actions=outcomes, new_actions=[a for a in eb.actions if (a.framework, a.question) not in listed],
    )


def _action_outcome(comparison: Comparison, action: Action, before: int, after: int) -> ActionOutcome:
    row = comparison.question(f"{action.framework}.{action.question}")
    a, b = row.cells[before], row.cells[after]
    points = f"{_fmt(b.points)} of {_fmt(b.max_points)} points"
    if b.status in (CellStatus.absent, CellStatus.removed, CellStatus.hidden, CellStatus.not_assessed):
        status, detail = ActionStatus.no_longer_applies, STATUS_WORDS[b.status].lower()
    elif b.status is CellStatus.unanswered:
        status, detail = ActionStatus.open, "not answered at this review"
    elif b.max_points > 0 and b.points >= b.max_points:
        status, detail = ActionStatus.met, f"now at full marks ({points})"
    elif action.priority == "gate" and not b.gates:
        status, detail = ActionStatus.gate_cleared, f"the gate is gone; {points}"
    elif b.points > a.points:
        status, detail = ActionStatus.progressed, f"{_fmt(a.points)} → {points}"
    elif b.points < a.points:
        status, detail = ActionStatus.worse, f"{_fmt(a.points)} → {points}"
    else:
        status, detail = ActionStatus.open, f"unchanged at {points}"
    return ActionOutcome(action=action, status=status, detail=detail, before=a, after=b)


# --------------------------------------------------------------------------- board

BOARD_RULE = (
    "Per question, the board's answer is the lower median of the members' answers by score (for an even "
    "number of members, the lower of the two middle ones); members who did not answer are left out, and "
    "\"Don't know\" counts as the 0 it scores. The frameworks are then scored from those answers as one "
    "assessment. Every gate any member raised is kept, with who raised it: it makes its framework red and "
    "counts towards the verdict exactly as in a single assessment, so a gate is never averaged away."
)


def _board(comparison: Comparison, entries: Sequence[Entry], lang: str | None = None) -> Board:
    from assess.scoring import overall_result, score

    members = list(range(len(entries)))
    answers: dict[str, dict[str, Answer]] = {}
    pins = {}
    frameworks: dict[str, Framework] = {}
    chosen: list[BoardQuestion] = []
    for fw in comparison.frameworks:
        covering = [i for i, s in enumerate(fw.per_side) if s is not None]
        first = entries[covering[0]]
        frameworks[fw.id] = first.frameworks[fw.id]
        pins[fw.id] = first.assessment.frameworks[fw.id]
        current = {q.id for q in frameworks[fw.id].questions()}
        picked: dict[str, Answer] = {}
        for row in (r for r in comparison.questions if r.framework == fw.id and r.question in current):
            side = _median_side(row)
            chosen.append(BoardQuestion(framework=fw.id, question=row.question, chosen_side=side))
            if side is not None:
                raw = entries[side].assessment.answers.get(fw.id, {}).get(row.question)
                if raw is not None:
                    picked[row.question] = raw
        answers[fw.id] = picked
    base = entries[0].assessment
    perspective = base.respondent.perspective
    dates = [e.assessment.date for e in entries if e.assessment.date]
    aggregate = Assessment.model_validate({
        "schema": ASSESSMENT_SCHEMA,
        "title": f"{base.subject.system}: board view ({len(entries)} members)",
        "subject": base.subject, "classification": comparison.classification,
        "respondent": Respondent(role=f"Aggregate of {len(entries)} members", perspective=perspective),
        "date": max(dates) if dates else None, "frameworks": pins, "answers": answers,
    })
    scored = score(frameworks, aggregate, lang)
    board_gates: dict[tuple[str, str, str], BoardGate] = {}
    for g in comparison.gates:
        gate = Gate(framework=g.framework, question=g.question, option=g.option, message=g.message, stop=g.stop,
                    finding=g.finding)
        board_gates[(g.framework, g.question, g.option)] = BoardGate(gate=gate, raised_by=g.raised_by)
    results = []
    for fr in scored.frameworks:
        mine = [bg for bg in board_gates.values() if bg.gate.framework == fr.id]
        if not mine:
            results.append(fr)
            continue
        reasons = [f"gate ({_who(comparison, bg.raised_by, len(entries))}): {bg.gate.message}" for bg in mine]
        reasons += [r for r in fr.rating_reasons if not r.startswith("gate: ")]
        results.append(fr.model_copy(update={"gates": [bg.gate for bg in mine], "rating": Rating.red,
                                             "rating_reasons": reasons}))
    result = overall_result(aggregate, frameworks, results, lang)
    minority = [bg for bg in board_gates.values() if len(bg.raised_by) < len(entries)]
    if minority:
        kept = "; ".join(f"{bg.gate.framework}.{bg.gate.question} ({_who(comparison, bg.raised_by, len(entries))})"
                         for bg in minority)
        result = result.model_copy(update={"verdict_reasons": [
            *result.verdict_reasons, f"gates kept although not every member raised them: {kept}"]})
    agenda_rows = [r for r in comparison.questions if r.spread > 0 or (r.gated_by and
                   len(r.gated_by) < len([c for c in r.cells if c.status is not CellStatus.not_assessed]))]
    agenda_rows.sort(key=lambda r: (-r.spread, -r.answer_spread, -bool(r.gated_by), -r.iqr, -r.points_difference))
    return Board(members=members, result=result, agenda=[r.key for r in agenda_rows],
                 gates=list(board_gates.values()), chosen=chosen, rule=BOARD_RULE)


def _median_side(row: QuestionRow) -> int | None:
    """The member whose answer is the lower median by score; for an unscored question, the first
    member who answered."""
    responded = [c for c in row.cells if c.responded]
    if not responded:
        return None
    scored = [c for c in responded if c.share is not None]
    if not scored:
        return responded[0].side
    ordered = sorted(scored, key=lambda c: (c.share, c.side))
    return ordered[(len(ordered) - 1) // 2].side


def _who(comparison: Comparison, sides: Sequence[int], total: int) -> str:
    names = ", ".join(comparison.label(i) for i in sides)
    return f"raised by {len(sides)} of {total} members: {names}"


MARKINGS = ("OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET", "TOP SECRET")  # UK Government Security Classifications


def highest_marking(markings: Sequence[str | None]) -> str | None:
    """The marking a document that quotes all the inputs must carry: the highest of the UK
    classifications given; where a marking is outside that scheme, every distinct marking."""
    given = list(dict.fromkeys(" ".join(m.split()) for m in markings if m and m.strip()))
    if not given:
        return None
    known = [m.upper() for m in given]
    if all(m in MARKINGS for m in known):
        return max(known, key=MARKINGS.index)
    return " / ".join(given)


# --------------------------------------------------------------------------- helpers


def _norm(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


def _answer_key(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(sorted(str(v) for v in value))
    if value == DONT_KNOW:
        return DONT_KNOW
    return value


def _round(value: float) -> float:
    return round(value + 0.0, PRECISION)


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
