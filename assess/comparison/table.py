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
    GateRow,
    Mode,
    QuestionRow,
    ReviewStep,
)
from assess.i18n import ENGLISH, N_, Translator
from assess.rendering.plain import WIDTH, clip, one_line, wrap
from assess.safetext import visible

TITLE_WIDTH = 30
SIDE_WIDTH = 13  # "RED   100.0%"
TOP_DIVERGENT = 10
TOP_CHANGES = 10
# The comparison model's words for a cell's and an earlier action's status (comparison/model.py),
# translated where they are shown.
STATUS_WORDS = (
    N_("answered"), N_("don't know"), N_("not answered"), N_("not applicable"), N_("not in this framework version"),
    N_("removed from the framework"), N_("framework not assessed"), N_("not assessed"),
    N_("perspectives"), N_("reviews"), N_("board"),
    # compare.infer_mode's reasons that take no value (the others stay in English for now)
    N_("different respondents or perspectives"), N_("the same respondent at different dates"),
    N_("as asked (--mode)"),
    N_("met"), N_("met (gate cleared)"), N_("progressed"), N_("still open"), N_("worse"), N_("no longer applies"),
)


def pct(share: float, tr: Translator = ENGLISH) -> str:
    return tr.percent(100 * share)


def points_phrase(value: float, tr: Translator = ENGLISH) -> str:
    """'1 point', '2.5 points'."""
    count = 1 if value == 1 else 2
    return tr.ngettext("{points} point", "{points} points", count).format(points=tr.points(value))


def rating_cell(rating: str, assurance: float, tr: Translator = ENGLISH, word: int = 5, number: int = 5) -> str:
    """'GREEN  75.0%': the rating in capitals, the assurance to one decimal, in columns of `word` and
    `number` characters (0: no padding); in French 'VERT   75 %'."""
    if tr.lang == "en":
        return f"{rating.upper():<{word}} {assurance:>{number}.1f}%"
    return f"{tr(rating.upper()):<{word + 1 if word else 0}} {tr.percent(assurance):>{number + 1 if number else 0}}"


def cell_parts(cell: Cell, gate_column: bool = False, tr: Translator = ENGLISH) -> tuple[str, str]:
    """('    4/6 GATE  ', 'The answer'): the score right-aligned, then (when any side of the row has
    one) a column for the GATE tag, so every answer starts in the same column."""
    mark = tr("GATE")
    tag = (mark if cell.gates else "") if gate_column else None
    gate = f" {tag:<{len(mark)}}" if tag is not None else ""
    if cell.status in (CellStatus.answered, CellStatus.dont_know):
        score = f"{tr.points(cell.points)}/{tr.points(cell.max_points)}" if cell.max_points else ""
        return f"{score:>7}{gate}  ", one_line(cell.answer_label or "")
    return f"{'':>7}{gate}  ", f"({tr(cell.status_word.lower())})"


def cell_text(cell: Cell, gate_column: bool = False, tr: Translator = ENGLISH) -> str:
    return "".join(cell_parts(cell, gate_column, tr))


def hang(text: str, first: str, width: int) -> list[str]:
    """`text` after `first` on the first line; the lines after it start under the text, not under `first`."""
    if len(first) + len(text) <= width and "\n" not in text:
        return [first + text]
    return wrap(one_line(text), indent=" " * len(first), width=width).replace(" " * len(first), first, 1).split("\n")


def comparison_table(c: Comparison, width: int = WIDTH, tr: Translator = ENGLISH) -> str:
    lines: list[str] = []
    add = lines.append
    lines.extend(hang(c.system, tr("Comparison: "), width))
    add(wrap(c.organisation, width=width))
    add(wrap(tr("Mode: {mode} ({reason})", mode=tr(c.mode.value), reason=tr(c.mode_reason)), width=width))
    add("")
    label_width = min(max(22, width // 4), max(len(s.label) for s in c.sides))
    for s in c.sides:
        facts = " · ".join(x for x in (s.date, s.stage, s.file) if x)
        lines.extend(hang(facts, f"{clip(s.label, label_width):<{label_width}}  ", width))
    add("")
    add(tr("Verdicts"))
    for s in c.sides:
        add(f"  {clip(s.label, label_width):<{label_width}}  {tr(s.verdict.value)}"
            + ("" if s.complete else tr(" (provisional)")))
    add("")
    lines.extend(_ratings(c, width, tr))
    if c.board is not None:
        lines.extend(_board(c, label_width, width, tr))
    for step in c.reviews:
        lines.extend(_review(c, step, width, tr))
    if c.mode is not Mode.reviews:  # a review's steps already say which gates came and went
        lines.extend(_gates(c, width, tr))
        lines.extend(_divergent(c, label_width, width, tr))
    if c.answered_by_some:
        add("")
        add(tr("Answered by some, not by others ({n}):", n=len(c.answered_by_some)))
        for key in c.answered_by_some:
            row = c.question(key)
            who = ", ".join(c.label(i) for i in row.answered_by)
            not_who = ", ".join(f"{c.label(i)} ({tr(row.cells[i].status_word.lower())})" for i in row.not_answered_by)
            add(wrap(tr("{question}: answered by {who}; not by {others}", question=key, who=who, others=not_who),
                     indent="  ", bullet="- ", width=width))
    if c.versions:
        add("")
        add(tr("Framework versions differ:"))
        for v in c.versions:
            versions = ", ".join(f"{c.label(i)} {ver}" for i, ver in enumerate(v.versions) if ver)
            add(wrap(f"{v.framework}: {versions}", indent="  ", width=width))
            for q in v.questions:
                where = ", ".join(c.label(i) for i in q.present_in) or tr("no assessment scored against it")
                add(wrap(tr("{question}: only in the version of {where}", question=q.question, where=where),
                         indent="    ", bullet="- ", width=width))
    if c.warnings:
        add("")
        add(tr("Warnings:"))
        for w in c.warnings:
            add(wrap(w, indent="  ", bullet="- ", width=width))
    add("")
    add(wrap(tr("Notes and evidence side by side: --format pdf, html or md."), width=width))
    return visible("\n".join(lines))  # assessment and framework text, shown for what it is


def _ratings(c: Comparison, width: int, tr: Translator) -> list[str]:
    """Frameworks down, sides across, as many sides as fit; a title too long for its column wraps."""
    lines: list[str] = []
    # A side's name on one line if it can; a French cell ('ORANGE  17,6 %') is a character wider.
    side = max(SIDE_WIDTH + (tr.lang != "en"), min(max(len(s.label) for s in c.sides) + 1, 24))
    title_width = max(min(max(len(fw.title) for fw in c.frameworks) + 1, width - side * len(c.sides)),
                      TITLE_WIDTH) if c.frameworks else TITLE_WIDTH
    title_width = min(title_width, max(width - side, 16))
    per = max(1, (width - title_width) // side)
    for start in range(0, len(c.sides), per):
        chunk = c.sides[start:start + per]
        names = [wrap(s.label, width=side - 1).split("\n") for s in chunk]
        for n in range(max(len(x) for x in names)):
            first = tr("Rating, assurance") if n == 0 else ""
            lines.append((f"{first:<{title_width}}" + "".join(f"{(x[n] if n < len(x) else ''):<{side}}"
                                                               for x in names)).rstrip())
        lines.append("-" * min(width, title_width + side * len(chunk)))
        for fw in c.frameworks:
            title = wrap(fw.title, width=title_width - 1).split("\n")
            row = f"{title[0]:<{title_width}}"
            for s in chunk:
                sf = fw.per_side[s.index]
                text = rating_cell(sf.rating.value, sf.assurance, tr) if sf else "—"
                row += f"{text:<{side}}"
            lines.append(row.rstrip())
            lines.extend("  " + more for more in wrap(" ".join(title[1:]), width=title_width - 3).split("\n")
                         if len(title) > 1)
        lines.append("")
    return lines


def _gates(c: Comparison, width: int, tr: Translator) -> list[str]:
    split = c.split_gates
    if not c.gates:
        return [tr("No gate raised by any assessment.")]
    lines = []
    lines.append(tr("Gates ({n}; {split} raised by some only):", n=len(c.gates), split=len(split)))
    for rows in c.gate_findings:
        bullet, indent = "! ", "  "
        if len(rows) > 1:  # one fact several gates raised: named once, its gates under it
            lines.append(wrap(_finding_heading(c, rows, tr), indent="  ", bullet="! ", width=width))
            bullet, indent = "- ", "    "
        for g in rows:
            raised = ", ".join(c.label(i) for i in g.raised_by)
            not_raised = ", ".join(c.label(i) for i in g.not_raised_by)
            who = (tr("raised by {who}; not by {others}", who=raised, others=not_raised) if not_raised
                   else tr("raised by {who} (all)", who=raised))
            stop = tr(" [cannot be remedied]") if g.stop else ""
            lines.append(wrap(f"{g.framework}.{g.question}{stop}: {who}", indent=indent, bullet=bullet,
                              width=width))
            lines.append(wrap(g.message, indent=indent + "    ", width=width))
    return lines


def _finding_heading(c: Comparison, rows: list[GateRow], tr: Translator) -> str:
    frameworks = c.finding_frameworks(rows)
    if len(frameworks) > 1:
        return tr("One finding, raised in {n} frameworks: {frameworks}", n=len(frameworks),
                  frameworks=", ".join(frameworks))
    return tr("One finding, raised by {n} gates in {framework}", n=len(rows), framework=frameworks[0])


def _question_block(c: Comparison, row: QuestionRow, label_width: int, width: int, tr: Translator,
                    sides: Sequence[int] | None = None) -> list[str]:
    lines = [wrap(row.ask, indent="     ", width=width)]
    shown = [i for i in (sides if sides is not None else range(len(row.cells)))
             if row.cells[i].status is not CellStatus.not_assessed]
    gate_column = any(row.cells[i].gates for i in shown)
    for i in shown:
        prefix, answer = cell_parts(row.cells[i], gate_column, tr)
        lines.extend(hang(answer, f"     {clip(c.label(i), label_width):<{label_width}} {prefix}", width))
    return lines


def _top(total: int, shown: int, tr: Translator) -> str:
    return tr(", top {n}", n=shown) if shown < total else ""


def _divergent(c: Comparison, label_width: int, width: int, tr: Translator) -> list[str]:
    if c.mode is Mode.board:
        return []  # the board's agenda lists them
    lines = [""]
    if not c.divergent:
        lines.append(tr("The scored answers agree on every question."))
        return lines
    shown = c.divergent[:TOP_DIVERGENT]
    lines.append(wrap(tr("Where the answers diverge ({n} questions; largest first{top}):", n=len(c.divergent),
                         top=_top(len(c.divergent), len(shown), tr)), width=width))
    for n, key in enumerate(shown, start=1):
        row = c.question(key)
        spread = tr("{question}  spread {spread} ({points})", question=key, spread=pct(row.spread, tr),
                    points=points_phrase(row.points_difference, tr))
        lines.extend(hang(spread, f"{n:>3}. ", width))
        lines.extend(_question_block(c, row, label_width, width, tr))
    return lines


def _board(c: Comparison, label_width: int, width: int, tr: Translator) -> list[str]:
    board = c.board
    assert board is not None
    r = board.result
    lines = ["", tr("Board view ({n} members): {verdict}", n=len(board.members), verdict=tr(r.verdict.value))
             + ("" if r.complete else tr(" (provisional)"))]
    for reason in r.verdict_reasons:
        lines.append(wrap(reason, indent="  ", bullet="- ", width=width))
    title_width = max(min(max((len(fw.title) for fw in r.frameworks), default=0) + 1, width - 16), TITLE_WIDTH)
    for fw in r.frameworks:
        title = wrap(fw.title, width=title_width - 1).split("\n")
        lines.append(f"  {title[0]:<{title_width}}{rating_cell(fw.rating.value, fw.assurance, tr, 5, 6)}")
        lines.extend("    " + more for more in title[1:])
    lines.append(wrap(tr("Rule: {rule}", rule=board.rule), indent="  ", width=width))
    lines.append("")
    if not board.agenda:
        lines.append(tr("Agenda: the members agree on every scored question."))
        return lines
    shown = board.agenda[:TOP_DIVERGENT]
    lines.append(wrap(tr("Agenda: where members disagree most ({n} questions{top}):", n=len(board.agenda),
                         top=_top(len(board.agenda), len(shown), tr)), width=width))
    for n, key in enumerate(shown, start=1):
        row = c.question(key)
        median = tr("median {points}/{maximum}", points=tr.points((row.median_share or 0) * row.max_points),
                    maximum=tr.points(row.max_points)) if row.scored else ""
        spread = tr("{question}  spread {spread}, IQR {iqr}, {median}", question=key, spread=pct(row.spread, tr),
                    iqr=pct(row.iqr, tr), median=median)
        lines.extend(hang(spread, f"{n:>3}. ", width))
        lines.extend(_question_block(c, row, label_width, width, tr))
    return lines


def _change_lines(ch: Change, width: int, tr: Translator) -> list[str]:
    before = one_line(ch.before.answer_label or tr(ch.before.status_word.lower()))
    after = one_line(ch.after.answer_label or tr(ch.after.status_word.lower()))
    delta = ""
    if ch.points_change:
        sign = "+" if ch.points_change > 0 else "-"
        delta = " (" + sign + points_phrase(abs(ch.points_change), tr) + ")"
    if ch.reason not in ("score", "answer"):
        delta += f" [{ch.reason}]"
    return [*hang(f"{ch.framework}.{ch.question}{delta}", "    - ", width),
            *hang(f"{before} -> {after}", "        ", width)]


def _review(c: Comparison, step: ReviewStep, width: int, tr: Translator) -> list[str]:
    a, b = c.sides[step.before], c.sides[step.after]
    lines = [tr("Review: {before} -> {after}", before=a.label, after=b.label)]
    lines.append(tr("  Verdict: {before} -> {after}", before=tr(step.verdict_before.value),
                    after=tr(step.verdict_after.value)))
    for r in step.ratings:
        if r.before != r.after or r.assurance_before != r.assurance_after:
            before = rating_cell(r.before.value, r.assurance_before, tr, 0, 0) \
                if r.before and r.assurance_before is not None else tr("not assessed")
            after = rating_cell(r.after.value, r.assurance_after, tr, 0, 0) \
                if r.after and r.assurance_after is not None else tr("not assessed")
            lines.extend(hang(f"{r.title}: {before} -> {after}", "  ", width))
    for title, changes in ((N_("Improved"), step.improved), (N_("Worsened"), step.worsened), (N_("New"), step.new),
                           (N_("No longer answered"), step.dropped), (N_("Changed, same score"), step.changed)):
        if not changes:
            continue
        lines.append(f"  {tr(title)} ({len(changes)}):")
        for ch in changes[:TOP_CHANGES]:
            lines.extend(_change_lines(ch, width, tr))
        if len(changes) > TOP_CHANGES:
            lines.append(tr("    … and {n} more", n=len(changes) - TOP_CHANGES))
    for title, gates in ((N_("Gates cleared"), step.gates_cleared), (N_("New gates"), step.gates_new)):
        if gates:
            lines.append(f"  {tr(title)} ({len(gates)}):")
            lines.extend(wrap(f"{g.framework}.{g.question}: {g.message}", indent="    ", bullet="! ", width=width)
                         for g in gates)
    met = step.met_actions
    counts = {status: sum(o.status is status for o in step.actions) for status in ActionStatus}
    summary = ", ".join(f"{n} {tr(ACTION_STATUS_WORDS[status].lower())}" for status, n in counts.items() if n)
    lines.append(wrap(tr("Earlier action plan ({n} actions): {summary}", n=len(step.actions),
                         summary=summary or tr("none")), indent="  ", width=width))
    for outcome in met:
        act = outcome.action
        lines.append(wrap(f"{act.rank}. {act.framework}.{act.question}: {outcome.detail}", indent="    ",
                          bullet="✓ ", width=width))
    if step.new_actions:
        lines.append(tr("  New actions: {n}", n=len(step.new_actions)))
    lines.append("")
    return lines
