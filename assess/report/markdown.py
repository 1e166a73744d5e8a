"""The report as Markdown that reads well on a code-hosting site (GitHub, GitLab).

Built in code rather than from a template, so that every string from an assessment
or a framework passes through `md()` (or `cell()` inside a table) on its way out
(assess/rendering/markdown.py says what they escape).
"""

from __future__ import annotations

import re

from assess.i18n import Translator
from assess.labels import stage_label
from assess.rendering.chapters import Chapter
from assess.rendering.markdown import cell, inline, link, md
from assess.report.context import (
    NOT_APPLICABLE_HEADING,
    NOT_APPLICABLE_INTRO,
    FrameworkView,
    QuestionView,
    ReportContext,
    TextBlock,
)
from assess.safetext import visible


def render_markdown(report: ReportContext) -> str:
    r = report.result
    a = report.assessment
    tr = Translator(report.lang)
    percent, points = tr.percent, tr.points
    lines: list[str] = []
    add = lines.append
    marking = a.classification
    if marking:
        add(f"**{md(marking)}**")
        add("")
    add(f"# {md(report.title)}")
    add("")
    if report.draft:
        add(f"> **{tr('DRAFT')}** \u2013 "
            + tr("{n} question(s) not yet answered; the verdict is provisional.", n=report.unanswered))
        add("")
    facts = [
        (tr("System"), a.subject.system),
        (tr("Deployed by"), a.subject.organisation),
        (tr("Stage"), stage_label(a.subject.stage, tr)),
        (tr("Respondent"), ", ".join(x for x in (a.respondent.name, a.respondent.role) if x) or None),
        (tr("Assessed by"), report.made_by),
        (tr("Date"), report.date or None),
        (tr("Protective marking"), marking),
        (tr("Verdict"), report.verdict + ("" if not report.draft else tr(" (provisional)"))),
    ]
    add("| | |")
    add("|---|---|")
    for label, value in facts:
        if value:
            add(f"| {label} | {cell(value)} |")
    add("")
    brief = bool(report.extra.get("brief"))
    if not brief:
        add(f"## {tr('Contents')}")
        add("")
        for chapter in report.chapters:
            add(f"- [{inline(_heading(chapter))}](#{_slug(_heading(chapter))})")
        add("")

    add(f"## {inline(_heading(report.chapter('summary')))}")
    add("")
    add(f"**{tr('Verdict: {verdict}', verdict=md(report.verdict))}**" + (tr(" (provisional)") if report.draft else ""))
    add("")
    for reason in r.verdict_reasons:
        add(f"- {md(reason)}")
    add("")
    add(f"### {tr('What the rating rests on')}")
    add("")
    if report.basis is not None:
        b = report.basis
        add(f"**{md(b.sentence)}**")
        add("")
        add(md(tr("Of {n} questions that apply: {answered} answered, {dk} \u2018Don't know\u2019, {open} not yet "
                  "answered. Points short of the maximum: {dk_points} from \u2018Don't know\u2019, {answer_points} "
                  "from the answers given.", n=b.applicable, answered=b.answered, dk=b.dont_know, open=b.unanswered,
                  dk_points=points(b.lost_to_dont_know), answer_points=points(b.lost_to_answers))))
        add("")
    for fw in report.levels:
        lines.extend(_level_lines(fw, tr, f"{tr('Impact level')}: {inline(fw.framework.title)}"))
    add(f"| {tr('Framework')} | {tr('Rating')} | {tr('Assurance')} | {tr('Answered')} | {tr('Gates')} |")
    add("|---|---|--:|--:|--:|")
    for fw in report.frameworks:
        res = fw.result
        add(f"| {cell(fw.framework.title)} | **{fw.rating}** | {percent(res.assurance)} | "
            f"{percent(res.completeness)} | {len(res.gates)} |")
    add("")
    if report.gates:
        add(f"### {tr('Gates triggered')}")
        add("")
        if report.shared_findings:
            add(tr("Gates that rest on the same fact are one finding, shown once with every framework that raised "
                   "it: the verdict counts findings, not gates."))
            add("")
        for finding in report.findings:
            indent = ""
            if finding.heading:
                add(f"- **{md(finding.heading)}**")
                indent = "  "
            for g in finding.gates:
                plain = (tr("The question: {ask} The answer given: {answer}", ask=g.ask, answer=g.answer)
                         if g.ask else "")
                add(f"{indent}- **{tr('{framework}, question', framework=md(g.framework_title))} "
                    f"{g.question_number}:** {md(g.gate.message)}" + (f" {md(plain)}" if plain else ""))
        add("")
    if report.top_actions:
        add("### " + tr("Top actions ({shown} of {total})", shown=len(report.top_actions), total=len(report.actions)))
        add("")
        for act in report.top_actions:
            where = tr("{framework}, question", framework=md(act.framework_title))
            add(f"{act.action.rank}. **{act.priority}** ({where} {act.question_number}): "
                f"{md(act.action.recommendation)}")
        add("")
    if report.not_applicable:
        add(f"### {tr(NOT_APPLICABLE_HEADING)}")
        add("")
        add(tr(NOT_APPLICABLE_INTRO))
        add("")
        for n in report.not_applicable:
            critical = " " + tr("(critical)") if n.entry.critical else ""
            add(f"- **{tr('{framework}, question', framework=md(n.framework_title))} {n.question_number}{critical}:** "
                f"{md(n.entry.ask)} {md(tr('Reason given: {reason}', reason=n.entry.reason))}")
        add("")
    add(f"### {tr('Open points and conditions')}")
    add("")
    for condition in report.conditions:
        add(f"- {md(condition)}")
    if not report.conditions:
        add(tr("Nothing stands open: every question is answered and no rating carries a condition."))
    add("")
    lines.extend(_sign_off_lines(report, tr))
    if brief:
        return "\n".join(lines)

    for fw in report.frameworks:
        res = fw.result
        add(f"## {inline(_heading(report.chapter(fw.anchor)))}")
        add("")
        add(md(fw.framework.summary))
        add("")
        if fw.level is not None:
            lines.extend(_level_lines(fw, tr, tr("Impact level")))
        scored = tr("{points} of {maximum} points", points=points(res.points), maximum=points(res.max_points))
        add(f"**{tr('Rating: {rating}', rating=fw.rating)}** \u00b7 "
            f"{tr('assurance {percent}', percent=percent(res.assurance))} ({scored}) "
            f"\u00b7 {tr('answered {percent}', percent=percent(res.completeness))}")
        add("")
        for reason in res.rating_reasons:
            add(f"- {md(reason)}")
        add("")
        add(f"| {tr('Section')} | {tr('Assurance')} | {tr('Points')} | {tr('Answered')} |")
        add("|---|--:|--:|--:|")
        for s in fw.sections:
            add(f"| {s.number} {cell(s.section_title)} | {percent(s.result.assurance)} | "
                f"{tr('{points} of {maximum}', points=points(s.result.points), maximum=points(s.result.max_points))} | "
                f"{tr('{answered} of {visible}', answered=s.result.answered, visible=s.result.visible)} |")
        add("")
        for s in fw.sections:
            add(f"### {s.number} {md(s.section_title)}")
            add("")
            for block in s.blocks:
                if block.dont_know_run:
                    lines.extend(_dont_know_table(block.questions, tr))
                    continue
                q = block.questions[0]
                add(f"#### {q.number} {md(q.question.ask)}")
                add("")
                if q.hidden:
                    add(f"*{md(q.not_applicable)}*")
                    add("")
                    continue
                add(f"- **{tr('Answer')}:** {md(q.answer_text)}")
                if q.best_text:
                    add(f"- **{tr('Full marks')}:** {md(q.best_text)}")
                if q.reason_not_applicable:
                    add(f"- **{tr('Why not applicable')}:** {md(q.reason_not_applicable)}")
                add(f"- **{tr('Score')}:** {q.score_text}")
                if q.confidence:
                    add(f"- **{tr('Confidence')}:** {md(q.confidence)}")
                if q.note:
                    add(f"- **{tr('Note')}:** {md(q.note)}")
                if q.evidence:
                    add(f"- **{tr('Evidence')}:** " + "; ".join(link(e.text, e.url) for e in q.evidence))
                if q.files:
                    add(f"- **{tr('Evidence files')}:** " + "; ".join(
                        f"{inline(f.name)} ({f.kind}, {f.size}, SHA-256 {f.short_hash})" for f in q.files))
                for gate in q.gates:
                    add(f"- **{tr('Gate')}:** {md(gate.message)}")
                if q.gap:
                    add(f"- **{tr('Evidence gap')}:** {md(q.gap)}")
                if q.refs:
                    add(f"- **{tr('Sources')}:** "
                        + "; ".join(f"{md(ref.short)} \\[{ref.number}\\]" for ref in q.refs))
                add("")

    add(f"## {inline(_heading(report.chapter('actions')))}")
    add("")
    if report.actions:
        add(f"| # | {tr('Priority')} | {tr('Action')} | {tr('Framework and question')} | {tr('Owner')} | {tr('Due')} "
            f"| {tr('Status')} |")
        add("|--:|---|---|---|---|---|---|")
        for act in report.actions:
            add(f"| {act.action.rank} | {act.priority} | {cell(act.action.recommendation)} | "
                f"{cell(act.framework_title)}, {act.question_number} | {cell(act.owner)} | {cell(act.due)} | "
                f"{cell(act.status)} |")
    else:
        add(tr("No actions: every answer scored full marks."))
    add("")
    add(f"## {inline(_heading(report.chapter('gaps')))}")
    add("")
    if report.gaps:
        add(f"| {tr('Framework and question')} | {tr('Question')} | {tr('Gap')} |")
        add("|---|---|---|")
        for gap in report.gaps:
            add(f"| {cell(gap.framework_title)}, {gap.question_number} | {cell(gap.gap.ask)} | {cell(gap.reason)} |")
    else:
        add(tr("No evidence gaps."))
    add("")
    add(f"## {inline(_heading(report.chapter('references')))}")
    add("")
    for ref in report.references:
        text = f"\\[{ref.number}\\] {link(ref.cite, ref.url)}"
        if ref.uncertain:
            text += f" *{tr('(pinpoint not verified against the primary text)')}*"
        add(f"- {text}")
        for use in ref.uses:
            numbers = ", ".join(number for number, _ in use.questions)
            where = f" ({tr.plural(len(use.questions), 'question', 'questions')} {numbers})" if numbers else ""
            add(f"    - {md(use.framework_title)}{where}" + (f": {md(use.note)}" if use.note else ""))
    add("")
    add(f"## {inline(_heading(report.chapter('method')))}")
    add("")
    add(md(tr.prose("METHOD_SUMMARY")))
    add("")
    add(f"| {tr('Item')} | {tr('Version')} | {tr('Content hash (SHA-256)')} |")
    add("|---|---|---|")
    add(f"| {tr('assess (this tool)')} | {inline(r.tool_version)} | |")
    for fw in report.frameworks:
        add(f"| {cell(fw.framework.title)} | {inline(fw.framework.version)} | `{fw.result.sha256}` |")
    add(f"| {tr('The answers')} | | `{r.answers_sha256}` |")
    add("")
    for warning in r.warnings:
        add("- " + tr("Warning: {text}", text=md(warning)))
    if r.warnings:
        add("")
    if report.open_items:  # the same annex as the HTML's partials/open-review.j2
        add(f"## {inline(_heading(report.chapter('open-review')))}")
        add("")
        add(md(tr("Challenges a reviewer has raised and not yet withdrawn or accepted, and comment threads not yet "
                  "resolved, by question.")))
        add("")
        add(f"| {tr('Question')} | {tr('What is said')} | {tr('Raised by')} |")
        add("|---|---|---|")
        for item in report.open_items:
            add(f"| {cell(item.framework_title)}, {item.question_number} {cell(item.ask)} | **{cell(item.kind)}**: "
                f"{cell(item.text)} | {cell(item.by)} |")
        add("")
    return "\n".join(lines)


def _level_lines(fw: FrameworkView, tr: Translator, heading: str) -> list[str]:
    """The level block: where the framework lands, how, and what the level requires."""
    level = fw.level
    assert level is not None
    summary = f": {md(level.summary)}" if level.summary else ""
    out = [f"### {heading}", "", f"**{inline(level.heading)}**{summary}", ""]
    out.append(f"- **{inline(level.base.result.title)}:** {level.base.text}")
    label = tr("Adjustments") if len(level.adjustments) > 1 else tr("Adjustment")
    out.append(f"- **{label}:** " + ("; ".join(md(a) for a in level.adjustments) or tr("None applied")))
    out.append(f"- **{tr('Current score')}:** {md(level.score_text)}")
    out += [f"- **{inline(t.result.title)}:** {t.text}" for t in level.others]
    out += ["", f"**{tr('What this level requires')}**", ""]
    if not level.requirements:
        return [*out, tr("This level carries no requirements."), ""]
    out += [tr("The deploying body must meet each of these requirements before the system operates."), ""]
    for req in level.requirements:
        first, *rest = req.blocks or []
        out.append(f"- **{inline(req.title)}:** " + (_block_text(first) if first else ""))
        for block in rest:
            if block.is_list:
                out += [f"    - {md(line)}" for line in block.lines]
            else:
                out += ["", f"    {md(block.lines[0])}"]
    return [*out, ""]


def _sign_off_lines(report: ReportContext, tr: Translator) -> list[str]:
    out = [f"## {inline(_heading(report.chapter('sign-off')))}", ""]
    if not report.sign_offs:
        out += [f"| | {tr('Name')} | {tr('Role')} | {tr('Signature')} | {tr('Date')} |", "|---|---|---|---|---|"]
        out += [f"| {cell(tr(role))} | | | | |" for role in report.brand.sign_off]
        return [*out, ""]
    for s in report.sign_offs:
        out += [f"### {inline(tr('{name}, {role}', name=s.name, role=s.role))}", "",
                f"- **{tr('Decision')}:** {md(s.decision)}", f"- **{tr('Date')}:** {md(s.date)}",
                f"- **{tr('Conditions')}:** " + (md("; ".join(s.conditions)) if s.conditions else tr("None attached.")),
                f"- **{tr('Residual risks accepted')}:**" + ("" if s.risks else " " + tr("None."))]
        out += [f"    - {md(risk)}" for risk in s.risks]
        if s.answers_changed:
            changed = tr("The answers have changed since this decision was recorded: it was made on earlier answers.")
            out += ["", f"**{md(changed)}**"]
        out.append("")
    return out


def _dont_know_table(questions: list[QuestionView], tr: Translator) -> list[str]:
    """A run of plain 'Don't know' answers as one table rather than one block per question."""
    caption = tr("Answered \u201cDon't know\u201d ({n} questions in a row)", n=len(questions))
    out = [f"**{caption}**", "",
           f"| # | {tr('Question')} | {tr('Full marks')} | {tr('Score')} |", "|---|---|---|--:|"]
    for q in questions:
        note = f"<br>{tr('Note')}: {cell(q.note)}" if q.note else ""
        if q.evidence:
            note += f"<br>{tr('Evidence')}: " + "; ".join(cell(e.text) for e in q.evidence)
        out.append(f"| {q.number} | {cell(q.question.ask)}{note} | {cell(q.best_text or '')} | {q.score_text} |")
    return [*out, ""]


def _block_text(block: TextBlock) -> str:
    return "; ".join(md(line) for line in block.lines)


def _heading(chapter: Chapter) -> str:
    return chapter.label


def _slug(title: str) -> str:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    slug = re.sub(r"[^\w\- ]", "", visible(title).lower())  # the heading shows ⟦U+202E⟧; GitHub slugs that
    return slug.replace(" ", "-")
