"""Plain-text views of results for the terminal: readable at 80 columns, no colour needed."""

from __future__ import annotations

import re
import textwrap

from assess.i18n import ENGLISH, Translator
from assess.result import FrameworkResult, Result

WIDTH = 80
TOP_ACTIONS = 5


def wrap(text: str, indent: str = "", width: int = WIDTH, bullet: str = "") -> str:
    """Fill `text` to `width`; with a `bullet`, continuation lines hang under the text, not the bullet."""
    # Fold only ordinary white space: a no-break space (French puts one before ':') must hold.
    return textwrap.fill(" ".join(re.split(r"[ \t\n\r]+", text.strip())), width=width, initial_indent=indent + bullet,
                         subsequent_indent=indent + " " * len(bullet))


def level_lines(fw: FrameworkResult, tr: Translator = ENGLISH) -> list[str]:
    """A framework scored by level: where it lands, its tallies, and what the level requires."""
    level = fw.level
    assert level is not None
    heading = tr("{title} ({position} of {count})", title=level.title, position=level.position, count=level.count)
    lines = ["", f"{fw.title}: {heading}"]
    tallies = "; ".join(f"{t.title} " + tr("{points} of {maximum}", points=tr.points(t.points),
                                          maximum=tr.points(t.max_points)) for t in fw.tallies)
    score = tr("current score {score}", score=tr.points(level.score))
    lines.append(wrap(f"{tallies}; {score}", indent="  "))
    for adjustment in level.adjustments:
        lines.append(wrap(adjustment, indent="  ", bullet="- "))
    if level.requirements:
        titles = ", ".join(r.title for r in level.requirements)
        lines.append(wrap(tr("Requirements: {titles}", titles=titles), indent="  "))
    return lines


def result_table(result: Result, lang: str = "en") -> str:
    """The terminal summary; its own words in `lang` (the frameworks' text is already translated)."""
    tr = Translator(lang)
    lines = [result.title]
    context = [result.organisation, result.system, result.stage, result.perspective]
    lines.append(" · ".join(c for c in context if c))
    lines.append("")
    english = tr.lang == "en"
    rw, gw = (6, 6) if english else (7, 8)  # "ORANGE", "Blocages"
    lines.append(f"{tr('Framework'):<34} {tr('Rating'):<{rw}} {tr('Assurance'):>9} {tr('Answered'):>9} "
                 f"{tr('Gates'):>{gw}}")
    lines.append("-" * (62 + rw + gw - 6))
    for fw in result.frameworks:
        title = fw.title if len(fw.title) <= 34 else fw.title[:33] + "…"
        rating = tr(fw.rating.value.upper())
        assurance, answered = tr.percent(fw.assurance), tr.percent(fw.completeness)
        lines.append(f"{title:<34} {rating:<{rw}} {assurance:>9} {answered:>9} {len(fw.gates):>{gw}}")
    for fw in result.frameworks:
        if fw.level is not None:
            lines.extend(level_lines(fw, tr))
    lines.append("")
    lines.append(tr("Verdict: {verdict}", verdict=tr(result.verdict.value))
                 + ("" if result.complete else tr(" (provisional)")))
    for reason in result.verdict_reasons:
        lines.append(wrap(reason, indent="  ", bullet="- "))
    if result.gates:
        lines.append("")
        lines.append(tr("Gates ({n}):", n=len(result.gates)))
        for gate in result.gates:
            lines.append(wrap(f"{gate.framework}.{gate.question}: {gate.message}", indent="  ", bullet="! "))
    if result.evidence_gaps:
        critical = sum(g.critical for g in result.evidence_gaps)
        lines.append("")
        lines.append(tr("Evidence gaps: {n} ({critical} on critical questions)", n=len(result.evidence_gaps),
                        critical=critical))
    if result.actions:
        lines.append("")
        lines.append(tr("Top actions ({shown} of {total}):", shown=min(TOP_ACTIONS, len(result.actions)),
                        total=len(result.actions)))
        for action in result.actions[:TOP_ACTIONS]:
            priority = action.priority if tr.lang == "en" else tr(action.priority.capitalize()).lower()
            lines.append(wrap(f"[{priority}] {action.framework}.{action.question}: {action.recommendation}",
                              indent="  ", bullet=f"{action.rank}. "))
    return "\n".join(lines)
