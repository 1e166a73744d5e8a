"""The comparison for the terminal, in the style of `assess.text`: 80 columns, no colour.

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
from assess.text import WIDTH, wrap

TITLE_WIDTH = 30
SIDE_WIDTH = 13  # "RED   100.0%"
TOP_DIVERGENT = 10
TOP_CHANGES = 10


def fit(text: str, width: int) -> str:
    """`text` cut to `width` characters, with an ellipsis where it was cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def one_line(text: str) -> str:
    return " ".join(text.split())


def pts(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def pct(share: float) -> str:
    return ENGLISH.percent(100 * share)


def cell_text(cell: Cell) -> str:
    if cell.status in (CellStatus.answered, CellStatus.dont_know):
        score = f"{pts(cell.points)}/{pts(cell.max_points)}" if cell.max_points else ""
        gate = " GATE" if cell.gates else ""
        return f"{score:>7}{gate}  {one_line(cell.answer_label or '')}"
    return f"{'':>7}  ({cell.status_word.lower()})"


def comparison_table(c: Comparison) -> str:
    lines: list[str] = []
    add = lines.append
    add(fit(f"Comparison: {c.system}", WIDTH))
    add(fit(c.organisation, WIDTH))
    add(wrap(f"Mode: {c.mode.value} ({c.mode_reason})"))
    add("")
    label_width = min(22, max(len(s.label) for s in c.sides))
    for s in c.sides:
        facts = " · ".join(x for x in (s.date, s.stage, s.file) if x)
        add(fit(f"{s.label:<{label_width}}  {facts}", WIDTH))
    add("")
    add("Verdicts")
    for s in c.sides:
        add(f"  {s.label:<{label_width}}  {s.verdict.value}" + ("" if s.complete else " (provisional)"))
    add("")
    lines.extend(_ratings(c))
    if c.board is not None:
        lines.extend(_board(c, label_width))
    for step in c.reviews:
        lines.extend(_review(c, step))
    if c.mode is not Mode.reviews:  # a review's steps already say which gates came and went
        lines.extend(_gates(c))
        lines.extend(_divergent(c, label_width))
    if c.answered_by_some:
        add("")
        add(f"Answered by some, not by others ({len(c.answered_by_some)}):")
        for key in c.answered_by_some:
            row = c.question(key)
            who = ", ".join(c.label(i) for i in row.answered_by)
            not_who = ", ".join(f"{c.label(i)} ({row.cells[i].status_word.lower()})" for i in row.not_answered_by)
            add(wrap(f"- {key}: answered by {who}; not by {not_who}", indent="  "))
    if c.versions:
        add("")
        add("Framework versions differ:")
        for v in c.versions:
            versions = ", ".join(f"{c.label(i)} {ver}" for i, ver in enumerate(v.versions) if ver)
            add(wrap(f"{v.framework}: {versions}", indent="  "))
            for q in v.questions:
                where = ", ".join(c.label(i) for i in q.present_in) or "no assessment scored against it"
                add(wrap(f"- {q.question}: only in the version of {where}", indent="    "))
    if c.warnings:
        add("")
        add("Warnings:")
        for w in c.warnings:
            add(wrap(w, indent="  ", bullet="- "))
    add("")
    add("Notes and evidence side by side: --format pdf, html or md.")
    return "\n".join(lines)


def _ratings(c: Comparison) -> list[str]:
    lines: list[str] = []
    per = max(1, (WIDTH - TITLE_WIDTH) // SIDE_WIDTH)
    for start in range(0, len(c.sides), per):
        chunk = c.sides[start:start + per]
        header = f"{'Rating, assurance':<{TITLE_WIDTH}}" + "".join(f"{fit(s.label, SIDE_WIDTH - 1):<{SIDE_WIDTH}}"
                                                                     for s in chunk)
        lines.append(header.rstrip())
        lines.append("-" * min(WIDTH, TITLE_WIDTH + SIDE_WIDTH * len(chunk)))
        for fw in c.frameworks:
            row = f"{fit(fw.title, TITLE_WIDTH - 1):<{TITLE_WIDTH}}"
            for s in chunk:
                sf = fw.per_side[s.index]
                text = f"{sf.rating.value.upper():<5} {sf.assurance:>5.1f}%" if sf else "—"
                row += f"{text:<{SIDE_WIDTH}}"
            lines.append(row.rstrip())
        lines.append("")
    return lines


def _gates(c: Comparison) -> list[str]:
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
        lines.append(wrap(f"! {g.framework}.{g.question}{stop}: {who}", indent="  "))
        lines.append(wrap(g.message, indent="      "))
    return lines


def _question_block(c: Comparison, row: QuestionRow, label_width: int, sides: Sequence[int] | None = None) -> list[str]:
    lines = [wrap(row.ask, indent="     ")]
    for i in sides if sides is not None else range(len(row.cells)):
        cell = row.cells[i]
        if cell.status is CellStatus.not_assessed:
            continue
        lines.append(fit(f"     {c.label(i):<{label_width}} {cell_text(cell)}", WIDTH))
    return lines


def _divergent(c: Comparison, label_width: int) -> list[str]:
    if c.mode is Mode.board:
        return []  # the board's agenda lists them
    lines = [""]
    if not c.divergent:
        lines.append("The scored answers agree on every question.")
        return lines
    shown = c.divergent[:TOP_DIVERGENT]
    lines.append(f"Where the answers diverge ({len(c.divergent)} questions; largest first"
                 + (f", top {len(shown)}" if len(shown) < len(c.divergent) else "") + "):")
    for n, key in enumerate(shown, start=1):
        row = c.question(key)
        lines.append(f"{n:>3}. {key}  spread {pct(row.spread)} ({pts(row.points_difference)} points)")
        lines.extend(_question_block(c, row, label_width))
    return lines


def _board(c: Comparison, label_width: int) -> list[str]:
    board = c.board
    assert board is not None
    r = board.result
    lines = ["", f"Board view ({len(board.members)} members): {r.verdict.value}"
             + ("" if r.complete else " (provisional)")]
    for reason in r.verdict_reasons:
        lines.append(wrap(reason, indent="  ", bullet="- "))
    for fw in r.frameworks:
        title = fit(fw.title, TITLE_WIDTH - 1)
        lines.append(f"  {title:<{TITLE_WIDTH}}{fw.rating.value.upper():<6}{fw.assurance:>6.1f}%")
    lines.append(wrap("Rule: " + board.rule, indent="  "))
    lines.append("")
    if not board.agenda:
        lines.append("Agenda: the members agree on every scored question.")
        return lines
    shown = board.agenda[:TOP_DIVERGENT]
    lines.append(f"Agenda: where members disagree most ({len(board.agenda)} questions"
                 + (f", top {len(shown)}" if len(shown) < len(board.agenda) else "") + "):")
    for n, key in enumerate(shown, start=1):
        row = c.question(key)
        median = f"median {pts((row.median_share or 0) * row.max_points)}/{pts(row.max_points)}" if row.scored else ""
        lines.append(fit(f"{n:>3}. {key}  spread {pct(row.spread)}, IQR {pct(row.iqr)}, {median}", WIDTH))
        lines.extend(_question_block(c, row, label_width))
    return lines


def _change_lines(ch: Change) -> list[str]:
    before = one_line(ch.before.answer_label or ch.before.status_word.lower())
    after = one_line(ch.after.answer_label or ch.after.status_word.lower())
    delta = f" ({ch.points_change:+g} points)" if ch.points_change else ""
    if ch.reason not in ("score", "answer"):
        delta += f" [{ch.reason}]"
    half = (WIDTH - 8 - 4) // 2
    return [fit(f"    - {ch.framework}.{ch.question}{delta}", WIDTH),
            f"        {fit(before, half)} -> {fit(after, half)}"]


def _review(c: Comparison, step: ReviewStep) -> list[str]:
    a, b = c.sides[step.before], c.sides[step.after]
    lines = [f"Review: {a.label} -> {b.label}"]
    lines.append(f"  Verdict: {step.verdict_before.value} -> {step.verdict_after.value}")
    for r in step.ratings:
        if r.before != r.after or r.assurance_before != r.assurance_after:
            before = f"{r.before.value.upper()} {r.assurance_before:.1f}%" \
                if r.before and r.assurance_before is not None else "not assessed"
            after = f"{r.after.value.upper()} {r.assurance_after:.1f}%" \
                if r.after and r.assurance_after is not None else "not assessed"
            lines.append(fit(f"  {r.title}: {before} -> {after}", WIDTH))
    for title, changes in (("Improved", step.improved), ("Worsened", step.worsened), ("New", step.new),
                           ("No longer answered", step.dropped), ("Changed, same score", step.changed)):
        if not changes:
            continue
        lines.append(f"  {title} ({len(changes)}):")
        for ch in changes[:TOP_CHANGES]:
            lines.extend(_change_lines(ch))
        if len(changes) > TOP_CHANGES:
            lines.append(f"    … and {len(changes) - TOP_CHANGES} more")
    for title, gates in (("Gates cleared", step.gates_cleared), ("New gates", step.gates_new)):
        if gates:
            lines.append(f"  {title} ({len(gates)}):")
            lines.extend(wrap(f"! {g.framework}.{g.question}: {g.message}", indent="    ") for g in gates)
    met = step.met_actions
    counts = {status: sum(o.status is status for o in step.actions) for status in ActionStatus}
    summary = ", ".join(f"{n} {ACTION_STATUS_WORDS[status].lower()}" for status, n in counts.items() if n)
    lines.append(wrap(f"Earlier action plan ({len(step.actions)} actions): {summary or 'none'}", indent="  "))
    for outcome in met:
        act = outcome.action
        lines.append(wrap(f"✓ {act.rank}. {act.framework}.{act.question}: {outcome.detail}", indent="    "))
    if step.new_actions:
        lines.append(f"  New actions: {len(step.new_actions)}")
    lines.append("")
    return lines
