"""The report as Markdown that reads well on a code-hosting site (GitHub, GitLab).

Built in code rather than from a template, so that every string from an assessment
or a framework passes through `md()` (or `cell()` inside a table) on its way out:
HTML characters become entities (no tags, no autolinks), and Markdown's own
punctuation is backslash-escaped (no emphasis, links, images or code spans).
"""

from __future__ import annotations

import html
import re

from assess.report.context import Chapter, ReportContext
from assess.report.templating import percent, points

_INLINE = re.compile(r"([\\`*_\[\]|~#])")
_BLOCK_START = re.compile(r"^(\s*)(\d*)([-+=>.)])")


def md(text: object) -> str:
    """One paragraph of user text, safe to put anywhere a paragraph or list item may go."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", str(text))]
    out = []
    for para in paragraphs:
        escaped = _INLINE.sub(r"\\\1", html.escape(para, quote=False))
        out.append(_BLOCK_START.sub(_escape_block_start, escaped))
    return "\n\n".join(p for p in out if p)


def inline(text: object) -> str:
    """User text in the middle of a line (a heading after its '#', a link's text): no block escapes."""
    return _INLINE.sub(r"\\\1", html.escape(" ".join(str(text).split()), quote=False))


def _escape_block_start(match: re.Match[str]) -> str:
    """A leading '-', '+', '=', '>' or '1.' would start a list, heading or quote: escape the
    punctuation (CommonMark escapes punctuation only, never a digit)."""
    indent, digits, mark = match.groups()
    if digits or mark in "-+=>":
        return f"{indent}{digits}\\{mark}"
    return match.group(0)


def cell(text: object) -> str:
    """User text inside a table cell: one line, pipes escaped."""
    return inline(text) or " "


def link(text: str, url: str | None) -> str:
    """A link only to a web address already vetted by the context; the URL's own
    brackets and spaces are percent-encoded so it cannot end the link early."""
    if not url:
        return md(text)
    safe_url = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return f"[{md(text)}]({safe_url})"


def render_markdown(report: ReportContext) -> str:
    r = report.result
    a = report.assessment
    lines: list[str] = []
    add = lines.append
    marking = a.classification
    if marking:
        add(f"**{md(marking)}**")
        add("")
    add(f"# {md(report.title)}")
    add("")
    if report.draft:
        add(f"> **DRAFT** \u2013 {report.unanswered} question(s) not yet answered; the verdict is provisional.")
        add("")
    facts = [
        ("Organisation", report.organisation),
        ("System", a.subject.system),
        ("Stage", a.subject.stage),
        ("Respondent", ", ".join(x for x in (a.respondent.name, a.respondent.role) if x) or None),
        ("Perspective", a.respondent.perspective),
        ("Date", report.date or None),
        ("Protective marking", marking),
        ("Verdict", report.verdict + ("" if not report.draft else " (provisional)")),
    ]
    add("| | |")
    add("|---|---|")
    for label, value in facts:
        if value:
            add(f"| {label} | {cell(value)} |")
    add("")
    add("## Contents")
    add("")
    for chapter in report.chapters:
        add(f"- [{inline(_heading(chapter))}](#{_slug(_heading(chapter))})")
    add("")

    add(f"## {inline(_heading(report.chapter('summary')))}")
    add("")
    add(f"**Verdict: {md(report.verdict)}**" + (" (provisional)" if report.draft else ""))
    add("")
    for reason in r.verdict_reasons:
        add(f"- {md(reason)}")
    add("")
    add("| Framework | Rating | Assurance | Answered | Gates |")
    add("|---|---|--:|--:|--:|")
    for fw in report.frameworks:
        res = fw.result
        add(f"| {cell(fw.framework.title)} | **{fw.rating}** | {percent(res.assurance)} | "
            f"{percent(res.completeness)} | {len(res.gates)} |")
    add("")
    if report.gates:
        add("### Gates triggered")
        add("")
        for g in report.gates:
            add(f"- **{md(g.framework_title)}, question {g.question_number}:** {md(g.gate.message)}")
        add("")
    if report.top_actions:
        add(f"### Top actions ({len(report.top_actions)} of {len(report.actions)})")
        add("")
        for act in report.top_actions:
            add(f"{act.action.rank}. **{act.priority}** ({md(act.framework_title)}, question "
                f"{act.question_number}): {md(act.action.recommendation)}")
        add("")

    for fw in report.frameworks:
        res = fw.result
        add(f"## {inline(_heading(report.chapter(fw.anchor)))}")
        add("")
        add(md(fw.framework.summary))
        add("")
        add(f"**Rating: {fw.rating}** \u00b7 assurance {percent(res.assurance)} "
            f"({points(res.points)} of {points(res.max_points)} points) \u00b7 answered {percent(res.completeness)}")
        add("")
        for reason in res.rating_reasons:
            add(f"- {md(reason)}")
        add("")
        add("| Section | Assurance | Points | Answered |")
        add("|---|--:|--:|--:|")
        for s in fw.sections:
            add(f"| {s.number} {cell(s.section_title)} | {percent(s.result.assurance)} | "
                f"{points(s.result.points)} of {points(s.result.max_points)} | "
                f"{s.result.answered} of {s.result.visible} |")
        add("")
        for s in fw.sections:
            add(f"### {s.number} {md(s.section_title)}")
            add("")
            for q in s.questions:
                add(f"#### {q.number} {md(q.question.ask)}")
                add("")
                if q.hidden:
                    add(f"*{md(q.not_applicable)}*")
                    add("")
                    continue
                add(f"- **Answer:** {md(q.answer_text)}")
                add(f"- **Score:** {q.score_text}")
                if q.confidence:
                    add(f"- **Confidence:** {md(q.confidence)}")
                if q.note:
                    add(f"- **Note:** {md(q.note)}")
                if q.evidence:
                    add("- **Evidence:** " + "; ".join(link(e.text, e.url) for e in q.evidence))
                for gate in q.gates:
                    add(f"- **Gate:** {md(gate.message)}")
                if q.gap:
                    add(f"- **Evidence gap:** {md(q.gap)}")
                if q.refs:
                    add("- **Sources:** " + "; ".join(f"{md(ref.short)} \\[{ref.number}\\]" for ref in q.refs))
                add("")

    add(f"## {inline(_heading(report.chapter('actions')))}")
    add("")
    if report.actions:
        add("| # | Priority | Action | Framework and question | Owner | Due |")
        add("|--:|---|---|---|---|---|")
        for act in report.actions:
            add(f"| {act.action.rank} | {act.priority} | {cell(act.action.recommendation)} | "
                f"{cell(act.framework_title)}, {act.question_number} | | |")
    else:
        add("No actions: every answer scored full marks.")
    add("")
    add(f"## {inline(_heading(report.chapter('gaps')))}")
    add("")
    if report.gaps:
        add("| Framework and question | Question | Gap |")
        add("|---|---|---|")
        for gap in report.gaps:
            add(f"| {cell(gap.framework_title)}, {gap.question_number} | {cell(gap.gap.ask)} | {cell(gap.reason)} |")
    else:
        add("No evidence gaps.")
    add("")
    add(f"## {inline(_heading(report.chapter('references')))}")
    add("")
    for fw in report.frameworks:
        if not fw.references:
            continue
        add(f"### {md(fw.framework.title)}")
        add("")
        for ref in fw.references:
            text = f"\\[{ref.number}\\] {link(ref.cite, ref.url)}"
            if ref.uncertain:
                text += " *(pinpoint not verified against the primary text)*"
            if ref.note:
                text += f" \u2013 {md(ref.note)}"
            add(f"- {text}")
        add("")
    add(f"## {inline(_heading(report.chapter('sign-off')))}")
    add("")
    add("| | Name | Role | Signature | Date |")
    add("|---|---|---|---|---|")
    for role in report.brand.sign_off:
        add(f"| {cell(role)} | | | | |")
    add("")
    add(f"## {inline(_heading(report.chapter('method')))}")
    add("")
    add(md(METHOD_SUMMARY))
    add("")
    add("| Item | Version | Content hash (SHA-256) |")
    add("|---|---|---|")
    add(f"| assess (this tool) | {inline(r.tool_version)} | |")
    for fw in report.frameworks:
        add(f"| {cell(fw.framework.title)} | {inline(fw.framework.version)} | `{fw.result.sha256}` |")
    add(f"| The answers | | `{r.answers_sha256}` |")
    add("")
    for warning in r.warnings:
        add(f"- Warning: {md(warning)}")
    if r.warnings:
        add("")
    return "\n".join(lines)


METHOD_SUMMARY = (
    "Each answer scores its option's points times the question's weight, against the best points the question "
    "could give. \u201cDon't know\u201d and unanswered questions score nothing against the full maximum; "
    "questions that do not apply (their condition does not hold) count in neither. Assurance is the points as a "
    "percentage of the maximum. A framework is rated red on any gate or below its amber threshold, amber below "
    "its green threshold or with an evidence gap on a critical question, and green otherwise. The verdict is "
    "Do not proceed on a gate that cannot be remedied or gates in two or more frameworks; Pause and remediate on "
    "any gate or red rating; Proceed with conditions on any amber rating; otherwise Proceed."
)


def _heading(chapter: Chapter) -> str:
    return chapter.label


def _slug(title: str) -> str:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    slug = re.sub(r"[^\w\- ]", "", title.lower())
    return slug.replace(" ", "-")
