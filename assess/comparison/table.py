"""The comparison for the terminal, in the style of `assess.score_table`: the terminal's width (80 columns
when written to a file), no colour. Names wrap rather than being cut wherever there is room.

The terminal view is a summary for the person at the keyboard: verdicts, ratings, the gates
and the largest divergences with each side's answer and score. Notes and evidence, side by
side, are in the Markdown, HTML and PDF outputs.
"""

from __future__ import annotations

from collections.abc import Sequence

from assess.comparison.model import (
    ACTION_STATUS_WORDS,
    ActionStatus,
    Cell,
    CellStatus,
    Change,
    Comparison,
    Mode,
    QuestionRow,
    ReviewStep,
)
from assess.i18n import ENGLISH
from assess.rendering.plain import WIDTH, clip, one_line, wrap
from assess.safetext import visible

TITLE_WIDTH = 30
SIDE_WIDTH = 13  # "RED   100.0%"
TOP_DIVERGENT = 10
TOP_CHANGES = 10


def pts(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def pct(share: float) -> str:
    return ENGLISH.percent(100 * share)


def points_phrase(value: float) -> str:
    """'1 point', '2.5 points'."""
    return f"{pts(value)} point" + ("" if value == 1 else "s")


def cell_parts(cell: Cell, gate_column: bool = False) -> tuple[str, str]:
    """('    4/6 GATE  ', 'The answer'): the score right-aligned, then (when any side of the row has
    one) a column for the GATE tag, so every answer starts in the same column."""
    tag = ("GATE" if cell.gates else "") if gate_column else None
    gate = f" {tag:<4}" if tag is not None else ""
    if cell.status in (CellStatus.answered, CellStatus.dont_know):
        score = f"{pts(cell.points)}/{pts(cell.max_points)}" if cell.max_points else ""
        return f"{score:>7}{gate}  ", one_line(cell.answer_label or "")
    return f"{'':>7}{gate}  ", f"({cell.status_word.lower()})"


def cell_text(cell: Cell, gate_column: bool = False) -> str:
    return "".join(cell_parts(cell, gate_column))


def hang(text: str, first: str, width: int) -> list[str]:
    """`text` after `first` on the first line; the lines after it start under the text, not under `first`."""
    if len(first) + len(text) <= width and "\n" not in text:
        return [first + text]
    return wrap(one_line(text), indent=" " * len(first), width=width).replace(" " * len(first), first, 1).split("\n")


def comparison_table(c: Comparison, width: int = WIDTH) -> str:
    lines: list[str] = []
    add = lines.append
    lines.extend(hang(c.system, "Comparison: ", width))
    add(wrap(c.organisation, width=width))
    add(wrap(f"Mode: {c.mode.value} ({c.mode_reason})", width=width))
    add("")
    label_width = min(max(22, width // 4), max(len(s.label) for s in c.sides))
    for s in c.sides:
        facts = " · ".join(x for x in (s.date, s.stage, s.file) if x)
        lines.extend(hang(facts, f"{clip(s.label, label_width):<{label_width}}  ", width))
    add("")
    add("Verdicts")
    for s in c.sides:
        add(f"  {clip(s.label, label_width):<{label_width}}  {s.verdict.value}"
            + ("" if s.complete else " (provisional)"))
    add("")
    lines.extend(_ratings(c, width))
    if c.board is not None:
        lines.extend(_board(c, label_width, width))
    for step in c.reviews:
        lines.extend(_review(c, step, width))
    if c.mode is not Mode.reviews:  # a review's steps already say which gates came and went
        lines.extend(_gates(c, width))
        lines.extend(_divergent(c, label_width, width))
    if c.answered_by_some:
        add("")
        add(f"Answered by some, not by others ({len(c.answered_by_some)}):")
        for key in c.answered_by_some:
            row = c.question(key)
            who = ", ".join(c.label(i) for i in row.answered_by)
            not_who = ", ".join(f"{c.label(i)} ({row.cells[i].status_word.lower()})" for i in row.not_answered_by)
            add(wrap(f"{key}: answered by {who}; not by {not_who}", indent="  ", bullet="- ", width=width))
    if c.versions:
        add("")
        add("Framework versions differ:")
        for v in c.versions:
            versions = ", ".join(f"{c.label(i)} {ver}" for i, ver in enumerate(v.versions) if ver)
            add(wrap(f"{v.framework}: {versions}", indent="  ", width=width))
            for q in v.questions:
                where = ", ".join(c.label(i) for i in q.present_in) or "no assessment scored against it"
                add(wrap(f"{q.question}: only in the version of {where}", indent="    ", bullet="- ", width=width))
    if c.warnings:
        add("")
        add("Warnings:")
        for w in c.warnings:
            add(wrap(w, indent="  ", bullet="- ", width=width))
    add("")
    add(wrap("Notes and evidence side by side: --format pdf, html or md.", width=width))
    return visible("\n".join(lines))  # assessment and framework text, shown for what it is


def _ratings(c: Comparison, width: int) -> list[str]:
    """Frameworks down, sides across, as many sides as fit; a title too long for its column wraps."""
    lines: list[str] = []
    side = max(SIDE_WIDTH, min(max(len(s.label) for s in c.sides) + 1, 24))  # a side's name on one line if it can
    title_width = max(min(max(len(fw.title) for fw in c.frameworks) + 1, width - side * len(c.sides)),
                      TITLE_WIDTH) if c.frameworks else TITLE_WIDTH
    title_width = min(title_width, max(width - side, 16))
    per = max(1, (width - title_width) // side)
    for start in range(0, len(c.sides), per):
        chunk = c.sides[start:start + per]
        names = [wrap(s.label, width=side - 1).split("\n") for s in chunk]
        for n in range(max(len(x) for x in names)):
            first = "Rating, assurance" if n == 0 else ""
            lines.append((f"{first:<{title_width}}" + "".join(f"{(x[n] if n < len(x) else ''):<{side}}"
                                                               for x in names)).rstrip())
        lines.append("-" * min(width, title_width + side * len(chunk)))
        for fw in c.frameworks:
            title = wrap(fw.title, width=title_width - 1).split("\n")
            row = f"{title[0]:<{title_width}}"
            for s in chunk:
                sf = fw.per_side[s.index]
                text = f"{sf.rating.value.upper():<5} {sf.assurance:>5.1f}%" if sf else "—"
                row += f"{text:<{side}}"
            lines.append(row.rstrip())
            lines.extend("  " + more for more in wrap(" ".join(title[1:]), width=title_width - 3).split("\n")
                         if len(title) > 1)
        lines.append("")
    return lines


def _gates(c: Comparison, width: int) -> list[str]:
    split = c.split_gates
    if not c.gates:
        return ["No gate raised by any assessment."]
    lines = []
    lines.append(f"Gates ({len(c.gates)}; {len(split)} raised by some only):")
    for g in c.gates:
        raised = ", ".join(c.label(i) for i in g.raised_by)
        not_raised = ", ".join(c.label(i) for i in g.not_raised_by)
        who = f"raised by {raised}" + (f"; not by {not_raised}" if not_raised else " (all)")
        stop = " [cannot be remedied]" if g.stop else ""
        lines.append(wrap(f"{g.framework}.{g.question}{stop}: {who}", indent="  ", bullet="! ", width=width))
        lines.append(wrap(g.message, indent="      ", width=width))
    return lines


def _question_block(c: Comparison, row: QuestionRow, label_width: int, width: int,
                    sides: Sequence[int] | None = None) -> list[str]:
    lines = [wrap(row.ask, indent="     ", width=width)]
    shown = [i for i in (sides if sides is not None else range(len(row.cells)))
             if row.cells[i].status is not CellStatus.not_assessed]
    gate_column = any(row.cells[i].gates for i in shown)
    for i in shown:
        prefix, answer = cell_parts(row.cells[i], gate_column)
        lines.extend(hang(answer, f"     {clip(c.label(i), label_width):<{label_width}} {prefix}", width))
    return lines


def _divergent(c: Comparison, label_width: int, width: int) -> list[str]:
    if c.mode is Mode.board:
        return []  # the board's agenda lists them
    lines = [""]
    if not c.divergent:
        lines.append("The scored answers agree on every question.")
        return lines
    shown = c.divergent[:TOP_DIVERGENT]
    lines.append(wrap(f"Where the answers diverge ({len(c.divergent)} questions; largest first"
                      + (f", top {len(shown)}" if len(shown) < len(c.divergent) else "") + "):", width=width))
    for n, key in enumerate(shown, start=1):
        row = c.question(key)
        lines.extend(hang(f"{key}  spread {pct(row.spread)} ({points_phrase(row.points_difference)})", f"{n:>3}. ",
                          width))
        lines.extend(_question_block(c, row, label_width, width))
    return lines


def _board(c: Comparison, label_width: int, width: int) -> list[str]:
    board = c.board
    assert board is not None
    r = board.result
    lines = ["", f"Board view ({len(board.members)} members): {r.verdict.value}"
             + ("" if r.complete else " (provisional)")]
    for reason in r.verdict_reasons:
        lines.append(wrap(reason, indent="  ", bullet="- ", width=width))
    title_width = max(min(max((len(fw.title) for fw in r.frameworks), default=0) + 1, width - 16), TITLE_WIDTH)
    for fw in r.frameworks:
        title = wrap(fw.title, width=title_width - 1).split("\n")
        lines.append(f"  {title[0]:<{title_width}}{fw.rating.value.upper():<6}{fw.assurance:>6.1f}%")
        lines.extend("    " + more for more in title[1:])
    lines.append(wrap("Rule: " + board.rule, indent="  ", width=width))
    lines.append("")
    if not board.agenda:
        lines.append("Agenda: the members agree on every scored question.")
        return lines
    shown = board.agenda[:TOP_DIVERGENT]
    lines.append(wrap(f"Agenda: where members disagree most ({len(board.agenda)} questions"
                      + (f", top {len(shown)}" if len(shown) < len(board.agenda) else "") + "):", width=width))
    for n, key in enumerate(shown, start=1):
        row = c.question(key)
        median = f"median {pts((row.median_share or 0) * row.max_points)}/{pts(row.max_points)}" if row.scored else ""
        lines.extend(hang(f"{key}  spread {pct(row.spread)}, IQR {pct(row.iqr)}, {median}", f"{n:>3}. ", width))
        lines.extend(_question_block(c, row, label_width, width))
    return lines


def _change_lines(ch: Change, width: int) -> list[str]:
    before = one_line(ch.before.answer_label or ch.before.status_word.lower())
    after = one_line(ch.after.answer_label or ch.after.status_word.lower())
    delta = f" ({ch.points_change:+g} point{'' if abs(ch.points_change) == 1 else 's'})" if ch.points_change else ""
    if ch.reason not in ("score", "answer"):
        delta += f" [{ch.reason}]"
    return [*hang(f"{ch.framework}.{ch.question}{delta}", "    - ", width),
            *hang(f"{before} -> {after}", "        ", width)]


def _review(c: Comparison, step: ReviewStep, width: int) -> list[str]:
    a, b = c.sides[step.before], c.sides[step.after]
    lines = [f"Review: {a.label} -> {b.label}"]
    lines.append(f"  Verdict: {step.verdict_before.value} -> {step.verdict_after.value}")
    for r in step.ratings:
        if r.before != r.after or r.assurance_before != r.assurance_after:
            before = f"{r.before.value.upper()} {r.assurance_before:.1f}%" \
                if r.before and r.assurance_before is not None else "not assessed"
            after = f"{r.after.value.upper()} {r.assurance_after:.1f}%" \
                if r.after and r.assurance_after is not None else "not assessed"
            lines.extend(hang(f"{r.title}: {before} -> {after}", "  ", width))
    for title, changes in (("Improved", step.improved), ("Worsened", step.worsened), ("New", step.new),
                           ("No longer answered", step.dropped), ("Changed, same score", step.changed)):
        if not changes:
            continue
        lines.append(f"  {title} ({len(changes)}):")
        for ch in changes[:TOP_CHANGES]:
            lines.extend(_change_lines(ch, width))
        if len(changes) > TOP_CHANGES:
            lines.append(f"    … and {len(changes) - TOP_CHANGES} more")
    for title, gates in (("Gates cleared", step.gates_cleared), ("New gates", step.gates_new)):
        if gates:
            lines.append(f"  {title} ({len(gates)}):")
            lines.extend(wrap(f"{g.framework}.{g.question}: {g.message}", indent="    ", bullet="! ", width=width)
                         for g in gates)
    met = step.met_actions
    counts = {status: sum(o.status is status for o in step.actions) for status in ActionStatus}
    summary = ", ".join(f"{n} {ACTION_STATUS_WORDS[status].lower()}" for status, n in counts.items() if n)
    lines.append(wrap(f"Earlier action plan ({len(step.actions)} actions): {summary or 'none'}", indent="  ",
                      width=width))
    for outcome in met:
        act = outcome.action
        lines.append(wrap(f"{act.rank}. {act.framework}.{act.question}: {outcome.detail}", indent="    ",
                          bullet="✓ ", width=width))
    if step.new_actions:
        lines.append(f"  New actions: {len(step.new_actions)}")
    lines.append("")
    return lines
