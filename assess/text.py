"""Plain-text views of results for the terminal: readable at 80 columns, no colour needed."""

from __future__ import annotations

import textwrap

from assess.result import FrameworkResult, Result

WIDTH = 80
TOP_ACTIONS = 5


def wrap(text: str, indent: str = "", width: int = WIDTH, bullet: str = "") -> str:
    """Fill `text` to `width`; with a `bullet`, continuation lines hang under the text, not the bullet."""
    return textwrap.fill(" ".join(text.split()), width=width, initial_indent=indent + bullet,
                         subsequent_indent=indent + " " * len(bullet))


def level_lines(fw: FrameworkResult) -> list[str]:
    """A framework scored by level: where it lands, its tallies, and what the level requires."""
    level = fw.level
    assert level is not None
    lines = ["", f"{fw.title}: {level.title} ({level.position} of {level.count})"]
    tallies = "; ".join(f"{t.title} {t.points:g} of {t.max_points:g}" for t in fw.tallies)
    lines.append(wrap(f"{tallies}; current score {level.score:g}", indent="  "))
    for adjustment in level.adjustments:
        lines.append(wrap("- " + adjustment, indent="  "))
    if level.requirements:
        lines.append(wrap("Requirements: " + ", ".join(r.title for r in level.requirements), indent="  "))
    return lines


def result_table(result: Result) -> str:
    lines = [result.title]
    context = [result.organisation, result.system, result.stage, result.perspective]
    lines.append(" · ".join(c for c in context if c))
    lines.append("")
    lines.append(f"{'Framework':<34} {'Rating':<6} {'Assurance':>9} {'Answered':>9} {'Gates':>6}")
    lines.append("-" * 68)
    for fw in result.frameworks:
        title = fw.title if len(fw.title) <= 34 else fw.title[:33] + "…"
        rating = fw.rating.value.upper()
        lines.append(f"{title:<34} {rating:<6} {fw.assurance:>8.1f}% {fw.completeness:>8.0f}% {len(fw.gates):>6}")
    for fw in result.frameworks:
        if fw.level is not None:
            lines.extend(level_lines(fw))
    lines.append("")
    lines.append(f"Verdict: {result.verdict.value}" + ("" if result.complete else " (provisional)"))
    for reason in result.verdict_reasons:
        lines.append(wrap(reason, indent="  ", bullet="- "))
    if result.gates:
        lines.append("")
        lines.append(f"Gates ({len(result.gates)}):")
        for gate in result.gates:
            lines.append(wrap(f"{gate.framework}.{gate.question}: {gate.message}", indent="  ", bullet="! "))
    if result.evidence_gaps:
        critical = sum(g.critical for g in result.evidence_gaps)
        lines.append("")
        lines.append(f"Evidence gaps: {len(result.evidence_gaps)} ({critical} on critical questions)")
    if result.actions:
        lines.append("")
        lines.append(f"Top actions ({min(TOP_ACTIONS, len(result.actions))} of {len(result.actions)}):")
        for action in result.actions[:TOP_ACTIONS]:
            lines.append(wrap(f"[{action.priority}] {action.framework}.{action.question}: {action.recommendation}",
                              indent="  ", bullet=f"{action.rank}. "))
    return "\n".join(lines)
