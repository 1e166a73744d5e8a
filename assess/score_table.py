"""Plain-text views of results for the terminal: readable at 80 columns, no colour needed."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from assess.findings import finding_heading, findings_of
from assess.i18n import ENGLISH, Translator
from assess.labels import perspective_label, stage_label
from assess.rendering.plain import WIDTH, wrap
from assess.result import FrameworkResult, Result
from assess.safetext import visible

TOP_ACTIONS = 5


def level_lines(fw: FrameworkResult, tr: Translator = ENGLISH, width: int = WIDTH) -> list[str]:
    """A framework scored by level: where it lands, its tallies, and what the level requires."""
    level = fw.level
    assert level is not None
    heading = tr("{title} ({position} of {count})", title=level.title, position=level.position, count=level.count)
    lines = ["", wrap(f"{fw.title}: {heading}", width=width)]
    tallies = "; ".join(f"{t.title} " + tr("{points} of {maximum}", points=tr.points(t.points),
                                          maximum=tr.points(t.max_points)) for t in fw.tallies)
    score = tr("current score {score}", score=tr.points(level.score))
    lines.append(wrap(f"{tallies}; {score}", indent="  ", width=width))
    for adjustment in level.adjustments:
        lines.append(wrap(adjustment, indent="  ", bullet="- ", width=width))
    if level.requirements:
        titles = ", ".join(r.title for r in level.requirements)
        lines.append(wrap(tr("Requirements: {titles}", titles=titles), indent="  ", width=width))
    return lines


def ratings_lines(result: Result, tr: Translator = ENGLISH, width: int = WIDTH) -> list[str]:
    """The title, what is assessed, and one row per framework: its rating, assurance, answered and gates.
    A framework's title too long for its column wraps onto the next line, indented under itself."""
    lines = [wrap(result.title, width=width)]
    context = [result.organisation, result.system, stage_label(result.stage, tr),
               perspective_label(result.perspective, tr)]
    lines.append(wrap(" · ".join(c for c in context if c), width=width))
    lines.append("")
    english = tr.lang == "en"
    rw, gw = (6, 6) if english else (7, 8)  # "ORANGE", "Blocages"
    tw = min(width - (22 + rw + gw), 34)  # the title column takes what the numbers leave
    stacked = tw < 14  # a very narrow terminal: each title on its own line, its figures under it
    tw = 2 if stacked else tw
    first = "" if stacked else tr("Framework")
    lines.append(f"{first:<{tw}} {tr('Rating'):<{rw}} {tr('Assurance'):>9} {tr('Answered'):>9} {tr('Gates'):>{gw}}")
    lines.append("-" * (tw + 22 + rw + gw))
    for fw in result.frameworks:
        title = textwrap.wrap(fw.title, width=width if stacked else tw, break_on_hyphens=False) or [""]
        rating = tr(fw.rating.value.upper())
        assurance, answered = tr.percent(fw.assurance), tr.percent(fw.completeness)  # as every output shows them
        figures = f"{rating:<{rw}} {assurance:>9} {answered:>9} {len(fw.gates):>{gw}}"
        if stacked:
            lines.extend([*title, f"{'':<{tw}} {figures}"])
            continue
        lines.append(f"{title[0]:<{tw}} {figures}")
        lines.extend("  " + more for more in textwrap.wrap(" ".join(title[1:]), width=tw - 2,
                                                            break_on_hyphens=False))
    return lines


def question_numbers(result: Result) -> dict[tuple[str, str], str]:
    """(framework id, question id) -> "2.1.3", counted as assess.numbering counts them (the frameworks in
    the assessment's order, then sections, then questions), so the table names a question as the report does."""
    numbers: dict[tuple[str, str], str] = {}
    for f_index, fw in enumerate(result.frameworks, start=1):
        for s_index, section in enumerate(fw.sections, start=1):
            asked = [q for q in fw.questions if q.section == section.id]
            for q_index, question in enumerate(asked, start=1):
                numbers[(fw.id, question.id)] = f"{f_index}.{s_index}.{q_index}"
    return numbers


def _gate_lines(result: Result, named: Callable[[str, str], str], tr: Translator, width: int) -> list[str]:
    """The gates, a finding several gates raised shown once with its gates under it."""
    findings = findings_of(result)
    if len(findings) == len(result.gates):
        lines = ["", tr("Gates ({n}):", n=len(result.gates))]
    else:
        lines = ["", tr.plural(len(findings), "Gates ({gates}), one finding:",
                               "Gates ({gates}), {n} distinct findings:", gates=len(result.gates))]
    titles = {fw.id: fw.title for fw in result.frameworks}
    for finding in findings:
        if len(finding.gates) == 1:
            gate = finding.gates[0]
            lines.append(wrap(f"{named(gate.framework, gate.question)}: {gate.message}", indent="  ", bullet="! ",
                              width=width))
            continue
        lines.append(wrap(finding_heading(finding, titles, tr), indent="  ", bullet="! ", width=width))
        for gate in finding.gates:
            lines.append(wrap(f"{named(gate.framework, gate.question)}: {gate.message}", indent="    ", bullet="- ",
                              width=width))
    return lines


def verdict_line(result: Result, tr: Translator = ENGLISH) -> str:
    return (tr("Verdict: {verdict}", verdict=tr(result.verdict.value))
            + ("" if result.complete else tr(" (provisional)")))


def result_table(result: Result, lang: str = "en", width: int = WIDTH) -> str:
    """The terminal summary; its own words in `lang` (the frameworks' text is already translated)."""
    tr = Translator(lang)
    lines = ratings_lines(result, tr, width)
    for fw in result.frameworks:
        if fw.level is not None:
            lines.extend(level_lines(fw, tr, width))
    lines.append("")
    lines.append(wrap(verdict_line(result, tr), width=width))
    for reason in result.verdict_reasons:
        lines.append(wrap(reason, indent="  ", bullet="- ", width=width))
    numbers = question_numbers(result)

    def named(framework: str, question: str) -> str:  # the number on screen, never the internal id
        return numbers.get((framework, question), f"{framework}.{question}")

    if result.gates:
        lines.extend(_gate_lines(result, named, tr, width))
    if result.evidence_gaps:
        critical = sum(g.critical for g in result.evidence_gaps)
        lines.append("")
        lines.append(wrap(tr("Evidence gaps: {n} ({critical} on critical questions)", n=len(result.evidence_gaps),
                             critical=critical), width=width))
    if result.not_applicable:  # each with its reason, so a reader can challenge the claim
        lines.append("")
        lines.append(tr("Not applicable ({n}):", n=len(result.not_applicable)))
        for entry in result.not_applicable:
            marker = " " + tr("(critical)") if entry.critical else ""
            lines.append(wrap(f"{named(entry.framework, entry.question)}{marker}: {entry.reason}", indent="  ",
                              bullet="- ", width=width))
    if result.actions:
        lines.append("")
        lines.append(wrap(tr("Top actions ({shown} of {total}):", shown=min(TOP_ACTIONS, len(result.actions)),
                             total=len(result.actions)), width=width))
        for action in result.actions[:TOP_ACTIONS]:
            priority = action.priority if tr.lang == "en" else tr(action.priority.capitalize()).lower()
            lines.append(wrap(f"[{priority}] {named(action.framework, action.question)}: {action.recommendation}",
                              indent="  ", bullet=f"{action.rank}. ", width=width))
    return visible("\n".join(lines))  # framework and answer text, shown for what it is
