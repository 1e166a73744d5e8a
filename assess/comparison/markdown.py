"""The comparison as Markdown for a code-hosting site or a paper. Every string from an
assessment or a framework goes through `md()` or `cell()` on its way out (assess/rendering/markdown.py)."""

from __future__ import annotations

from assess.comparison.model import ACTION_STATUS_WORDS, Cell, Comparison, Mode, QuestionRow
from assess.i18n import ENGLISH
from assess.rendering.markdown import cell, md

percent, points = ENGLISH.percent, ENGLISH.points  # the comparison's own words are English for now


def _score(c: Cell) -> str:
    if c.responded and c.max_points:
        return f"{points(c.points)} of {points(c.max_points)}"
    return ""


def _answer(c: Cell) -> str:
    if not c.responded:
        return cell(c.status_word)
    text = cell(c.answer_label or "")
    if c.gates:
        text += " **(gate)**"
    return text


def _sides_table(comp: Comparison, row: QuestionRow) -> list[str]:
    lines = ["| Who | Answer | Score | Confidence | Note | Evidence |", "|---|---|---|---|---|---|"]
    for c in row.cells:
        if c.status.value == "not_assessed":
            continue
        confidence = c.confidence.value if c.confidence else ""
        evidence = "; ".join(cell(e) for e in c.evidence) or " "
        lines.append(f"| {cell(comp.label(c.side))} | {_answer(c)} | {_score(c)} | {cell(confidence)} | "
                     f"{cell(c.note or ' ')} | {evidence} |")
    return lines


def _question(comp: Comparison, n: int, row: QuestionRow, extra: str = "") -> list[str]:
    head = f"### {n}. {md(row.ask)}"
    ident = f"{row.number} (`{row.framework}.{row.question}`)" if row.number else f"`{row.framework}.{row.question}`"
    meta = f"{md(comp.framework_title(row.framework))} · {ident}"
    if row.scored and row.max_points:
        meta += (f" · spread {percent(100 * row.spread)} of the maximum ({points(row.points_difference)} of "
                 f"{points(row.max_points)} points)")
    return [head, "", meta + extra, "", *_sides_table(comp, row), ""]


def render_markdown(comp: Comparison) -> str:
    lines: list[str] = []
    add = lines.append
    if comp.classification:
        add(f"**{md(comp.classification)}**")
        add("")
    add(f"# {md(comp.system)}: comparison of {len(comp.sides)} assessments")
    add("")
    add(f"{md(comp.organisation)} · mode: **{comp.mode.value}** ({md(comp.mode_reason)})")
    add("")
    add("## Verdicts")
    add("")
    add("| Assessment | Respondent | Date | Verdict |")
    add("|---|---|---|---|")
    for s in comp.sides:
        provisional = " (provisional)" if not s.complete else ""
        add(f"| {cell(s.label)} | {cell(s.respondent or s.perspective or ' ')} | {s.date or ' '} | "
            f"{s.verdict.value}{provisional} |")
    add("")
    add("## Ratings by framework")
    add("")
    board = comp.board
    header = ["Framework", *(["Board"] if board else []), *(s.label for s in comp.sides)]
    add("| " + " | ".join(cell(h) for h in header) + " |")
    add("|" + "---|" * len(header))
    for fw in comp.frameworks:
        cells = [cell(fw.title)]
        if board:
            br = next((f for f in board.result.frameworks if f.id == fw.id), None)
            cells.append(f"**{br.rating.value.upper()} {percent(br.assurance)}**" if br else "—")
        cells += [f"{sf.rating.value.upper()} {percent(sf.assurance)}" if sf else "not assessed"
                  for sf in fw.per_side]
        add("| " + " | ".join(cells) + " |")
    add("")
    if board:
        add(f"## Board view: {board.result.verdict.value}")
        add("")
        for reason in board.result.verdict_reasons:
            add(f"- {md(reason)}")
        add("")
        add(md(board.rule))
        add("")
    if comp.mode is not Mode.reviews:
        add("## Gates")
        add("")
        if not comp.gates:
            add("No assessment raises a gate.")
        for rows in comp.gate_findings:
            indent = ""
            if len(rows) > 1:  # one fact several gates raised: named once, its gates under it
                frameworks = comp.finding_frameworks(rows)
                heading = (f"One finding, raised in {len(frameworks)} frameworks: {', '.join(frameworks)}"
                           if len(frameworks) > 1 else f"One finding, raised by {len(rows)} gates in {frameworks[0]}")
                add(f"- **{md(heading)}**")
                indent = "  "
            for g in rows:
                raised = ", ".join(comp.label(i) for i in g.raised_by)
                not_raised = ", ".join(comp.label(i) for i in g.not_raised_by) or "none"
                stop = " (cannot be remedied in the deployment's current form)" if g.stop else ""
                add(f"{indent}- **{md(comp.framework_title(g.framework))}, {comp.number(g.framework, g.question)}**"
                    f"{stop}: {md(g.message)} Raised by {md(raised)}; not by {md(not_raised)}.")
        add("")
    if board:
        add("## Agenda: where members disagree most")
        add("")
        if not board.agenda:
            add("The members agree on every scored question.")
        for n, key in enumerate(board.agenda, start=1):
            row = comp.question(key)
            chosen = next((q.chosen_side for q in board.chosen if f"{q.framework}.{q.question}" == key), None)
            median = f" · median {points((row.median_share or 0) * row.max_points)} · IQR {percent(100 * row.iqr)}"
            if chosen is not None:
                median += f" · board's answer from {md(comp.label(chosen))}"
            lines.extend(_question(comp, n, row, median))
    for step in comp.reviews:
        a, b = comp.sides[step.before], comp.sides[step.after]
        add(f"## Changes from {md(a.label)} to {md(b.label)}")
        add("")
        add(f"Verdict: {step.verdict_before.value} → **{step.verdict_after.value}**")
        add("")
        for r in step.ratings:
            before = f"{r.before.value.upper()} {percent(r.assurance_before or 0)}" if r.before else "not assessed"
            after = f"{r.after.value.upper()} {percent(r.assurance_after or 0)}" if r.after else "not assessed"
            add(f"- {md(r.title)}: {before} → {after}")
        add("")
        for title, gates in (("Gates cleared", step.gates_cleared), ("New gates", step.gates_new)):
            if gates:
                add(f"### {title}")
                add("")
                lines.extend(f"- {comp.number(g.framework, g.question)}: {md(g.message)}" for g in gates)
                add("")
        for title, changes in (("Worsened", step.worsened), ("Improved", step.improved), ("New", step.new),
                               ("No longer answered", step.dropped), ("Changed, same score", step.changed)):
            if not changes:
                continue
            add(f"### {title} ({len(changes)})")
            add("")
            add(f"| Question | {cell(a.label)} | {cell(b.label)} | Points | Note now |")
            add("|---|---|---|---|---|")
            for ch in changes:
                where = comp.number(ch.framework, ch.question)
                add(f"| {cell(ch.ask)} ({where}) | {_answer(ch.before)} {_score(ch.before)} | "
                    f"{_answer(ch.after)} {_score(ch.after)} | {ch.points_change:+g} | {cell(ch.after.note or ' ')} |")
            add("")
        add(f"### The earlier action plan ({len(step.actions)} actions)")
        add("")
        add("| # | Action | Question | Status |")
        add("|---|---|---|---|")
        for o in sorted(step.actions, key=lambda o: (not o.met, o.action.rank)):
            where = comp.number(o.action.framework, o.action.question)
            add(f"| {o.action.rank} | {cell(o.action.recommendation)} | {where} | "
                f"{ACTION_STATUS_WORDS[o.status]}: {cell(o.detail)} |")
        add("")
    if comp.mode is Mode.perspectives:
        add("## Where the answers diverge")
        add("")
        if not comp.divergent:
            add("The scored answers agree on every question.")
            add("")
        for n, key in enumerate(comp.divergent, start=1):
            lines.extend(_question(comp, n, comp.question(key)))
    if comp.answered_by_some:
        add("## Answered by some, not by others")
        add("")
        for key in comp.answered_by_some:
            row = comp.question(key)
            who = ", ".join(comp.label(i) for i in row.answered_by)
            not_who = ", ".join(f"{comp.label(i)} ({row.cells[i].status_word.lower()})" for i in row.not_answered_by)
            add(f"- {row.number or key} {md(row.ask)}: answered by {md(who)}; not by {md(not_who)}")
        add("")
    if comp.versions:
        add("## Framework versions")
        add("")
        for v in comp.versions:
            versions = ", ".join(f"{comp.label(i)} {ver}" for i, ver in enumerate(v.versions) if ver)
            add(f"- `{v.framework}`: {md(versions)}")
            for q in v.questions:
                where = ", ".join(comp.label(i) for i in q.present_in) or "none scored"
                add(f"  - `{q.question}`: only in the version of {md(where)}")
        add("")
    if comp.warnings:
        add("## Warnings")
        add("")
        lines.extend(f"- {md(w)}" for w in comp.warnings)
        add("")
    add(f"_Produced by assess {comp.tool_version}._")
    return "\n".join(lines) + "\n"
