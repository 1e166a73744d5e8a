"""The action plan as a spreadsheet a board fills in, and back: XLSX (openpyxl) or CSV.

`export_plan` writes one row per action (question number, priority, recommendation, the answer given,
and empty Owner, Due and Status columns, or the values already recorded). `read_plan` reads a filled-in
sheet back as `PlanEntry` values keyed by framework and question, reporting every bad cell by its place
(`plan.xlsx:Sheet1!J7: error: ...`, `plan.csv:7:10: error: ...`) and changing nothing when any is bad.
Columns are found by their header, so a board may reorder them or add its own.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assess.errors import AssessError, Diagnostic
from assess.files import read_user_file
from assess.model import MAX_SHORT_TEXT, Assessment, Framework, PlanEntry, PlanStatus
from assess.numbering import question_numbers
from assess.result import Result
from assess.xlsx_guard import check_xlsx

HEADERS = ("#", "Question", "Question ID", "Framework", "Priority", "Recommendation", "Asked", "Answer given",
           "Owner", "Due", "Status")
WIDTHS = (5, 10, 30, 28, 9, 60, 50, 30, 20, 12, 13)
FORMATS = (".xlsx", ".csv")
MAX_BYTES = 20 * 1024 * 1024  # a plan is a few hundred rows; anything this large is not one
MAX_ROWS = 10_000
MAX_COLUMNS = 100  # the plan's 11, and room for the board's own; cells further right are not read
STATUS_WORDS = {s.value: s for s in PlanStatus} | {"in-progress": PlanStatus.in_progress,
                                                   "in_progress": PlanStatus.in_progress}


@dataclass(frozen=True)
class CellDiagnostic(Diagnostic):
    """A problem in one spreadsheet cell, located as the spreadsheet names it: `plan.xlsx:Sheet1!J7`."""

    def __str__(self) -> str:
        return f"{self.path}: {self.severity}: {self.message}" + (f" ({self.hint})" if self.hint else "")


@dataclass(frozen=True)
class PlanRow:
    rank: int
    number: str
    key: str  # framework.question
    framework: str
    priority: str
    recommendation: str
    ask: str
    answer: str
    owner: str
    due: dt.date | None
    status: str

    def cells(self) -> list[Any]:
        return [self.rank, self.number, self.key, self.framework, self.priority.capitalize(), self.recommendation,
                self.ask, self.answer, self.owner, self.due, self.status]


def plan_rows(assessment: Assessment, frameworks: Mapping[str, Framework], result: Result) -> list[PlanRow]:
    numbers = question_numbers(frameworks[fr.id] for fr in result.frameworks)
    titles = {fr.id: fr.title for fr in result.frameworks}
    recorded = assessment.action_plan or {}
    rows = []
    for action in result.actions:
        entry = recorded.get(action.framework, {}).get(action.question) or PlanEntry()
        rows.append(PlanRow(
            rank=action.rank, number=numbers.get((action.framework, action.question), ""),
            key=f"{action.framework}.{action.question}", framework=titles.get(action.framework, action.framework),
            priority=action.priority, recommendation=action.recommendation, ask=action.ask,
            answer=action.answer_label, owner=entry.owner or "", due=entry.due,
            status=entry.status.value if entry.status else "",
        ))
    return rows


def export_plan(rows: list[PlanRow], suffix: str) -> bytes:
    if suffix == ".csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADERS)
        for row in rows:
            writer.writerow(["" if c is None else (c.isoformat() if isinstance(c, dt.date) else _csv_text(c))
                             for c in row.cells()])
        return out.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheet programs read UTF-8
    return _xlsx(rows)


def _xlsx(rows: list[PlanRow]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row.cells())
    for line in sheet.iter_rows(min_row=2):
        for cell in line:  # openpyxl reads a string starting '=' as a formula: user text stays text
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(ord("A") + index - 1)].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        line[HEADERS.index("Due")].number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    if rows:  # offer the statuses as a list, so a board picks rather than types them
        status_column = chr(ord("A") + HEADERS.index("Status"))
        choices = DataValidation(type="list", formula1='"' + ",".join(s.value for s in PlanStatus) + '"',
                                 allow_blank=True)
        choices.add(f"{status_column}2:{status_column}{len(rows) + 1}")
        sheet.add_data_validation(choices)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_text(value: Any) -> Any:
    """A spreadsheet program reads a CSV field starting '=', '+', '-' or '@' as a formula: a leading
    apostrophe keeps user text as text (and `read_plan` takes it off again)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


# ------------------------------------------------------------------ reading a filled-in plan


def read_plan(path: Path, known: Mapping[str, set[str]], display: str | None = None,
              ) -> dict[str, dict[str, PlanEntry]]:
    """The owners, due dates and statuses in a filled-in plan, by framework and question. `known` names
    the questions of the assessment's frameworks; a row for any other is an error."""
    name = display or str(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise AssessError.at(name, f"a plan is a .xlsx or .csv file, not '{path.suffix or path.name}'")
    # The bounded reader: a FIFO or a device is refused, and no more than the limit is ever read.
    return parse_plan(read_user_file(path, name, "spreadsheet", MAX_BYTES), suffix, known, name)


def parse_plan(data: bytes, suffix: str, known: Mapping[str, set[str]], name: str,
               ) -> dict[str, dict[str, PlanEntry]]:
    """A filled-in plan already read (an upload, say): `suffix` is ".xlsx" or ".csv"."""
    if suffix not in FORMATS:
        raise AssessError.at(name, f"a plan is a .xlsx or .csv file, not '{suffix or name}'")
    if len(data) > MAX_BYTES:
        raise AssessError.at(name, f"{len(data) // (1024 * 1024)} MiB is too large for an action plan")
    grid = _csv_grid(data, name) if suffix == ".csv" else _xlsx_grid(data, name)
    return _entries(grid, known, name, suffix)


@dataclass(frozen=True)
class _Grid:
    sheet: str  # "" for CSV
    rows: list[list[Any]]


def _csv_grid(data: bytes, name: str) -> _Grid:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AssessError.at(name, f"not UTF-8 text (byte {exc.start + 1}); save the sheet as CSV UTF-8") from None
    reader = csv.reader(io.StringIO(text))
    rows: list[list[Any]] = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_ROWS:
                break
    except csv.Error as exc:  # a field past csv's own limit (128 KiB), a NUL character, a stray quote
        raise AssessError.at(name, f"not a readable CSV file: {exc}", line=reader.line_num) from None
    return _Grid("", rows)


def _xlsx_grid(data: bytes, name: str) -> _Grid:
    from openpyxl import load_workbook

    # What the archive inflates to, and every XML part's DTD, are checked before openpyxl reads a byte.
    check_xlsx(data, name)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - a hostile workbook fails openpyxl in ways it does not list
        raise AssessError.at(name, f"not a readable .xlsx workbook ({type(exc).__name__})") from None
    try:
        sheet = book.worksheets[0]
        if not hasattr(sheet, "reset_dimensions"):
            raise AssessError.at(name, "the first sheet is a chart, not a table of rows")
        # The sheet's declared size (<dimension ref="A1:XFD1048576">) is the writer's claim: openpyxl would pad
        # every row to it. The rows present are read instead, at most MAX_ROWS of them and MAX_COLUMNS wide.
        sheet.reset_dimensions()
        lines = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        rows = [list(r) for _, r in zip(range(MAX_ROWS + 1), lines, strict=False)]
        return _Grid(sheet.title, rows)
    except AssessError:
        raise
    except Exception as exc:  # noqa: BLE001 - malformed XML in a sheet surfaces only as its rows are read
        raise AssessError.at(name, f"not a readable .xlsx workbook: its first sheet is damaged "
                             f"({type(exc).__name__})") from None
    finally:
        book.close()


def _where(grid: _Grid, name: str, row: int, column: int) -> str:
    """`plan.xlsx:Sheet1!J7`; for CSV, `plan.csv:7:10` (line and column)."""
    if grid.sheet:
        sheet = grid.sheet if grid.sheet.replace("_", "").isalnum() else "'" + grid.sheet.replace("'", "''") + "'"
        return f"{name}:{sheet}!{_column_letters(column)}{row}"
    return f"{name}:{row}:{column}"


def _column_letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _entries(grid: _Grid, known: Mapping[str, set[str]], name: str, suffix: str,
             ) -> dict[str, dict[str, PlanEntry]]:
    if not grid.rows:
        raise AssessError.at(name, "the sheet is empty: it needs the header row the export wrote")
    header = [str(c).strip().casefold() if c is not None else "" for c in grid.rows[0]]
    columns = {h: header.index(h.casefold()) for h in ("Question ID", "Owner", "Due", "Status")
               if h.casefold() in header}
    missing = [h for h in ("Question ID", "Owner", "Due", "Status") if h not in columns]
    if missing:
        where = _where(grid, name, 1, 1)
        raise AssessError([CellDiagnostic(where, 1, 1, "the header row has no " + ", ".join(
            f"'{m}'" for m in missing) + " column", hint="export the plan again with `assess actions export`")])
    problems: list[Diagnostic] = []
    plan: dict[str, dict[str, PlanEntry]] = {}

    def problem(row: int, column: int, message: str, hint: str | None = None) -> None:
        where = _where(grid, name, row, column + 1)
        problems.append(CellDiagnostic(where, row, column + 1, message, hint) if grid.sheet
                        else Diagnostic(name, row, column + 1, message, hint))

    for index, values in enumerate(grid.rows[1:], start=2):
        def value(label: str, cells: list[Any] = values) -> Any:
            position = columns[label]
            return cells[position] if position < len(cells) else None

        key = _text(value("Question ID"))
        owner, due_cell, status_cell = _text(value("Owner")), value("Due"), _text(value("Status"))
        if not key:
            if owner or _text(due_cell) or status_cell:
                problem(index, columns["Question ID"], "a row with an owner, due date or status needs its "
                        "Question ID (framework.question)")
            continue
        framework, _, question = key.partition(".")
        if framework not in known or question not in known[framework]:
            problem(index, columns["Question ID"], f"{_quoted(key)} is not a question of this assessment's frameworks")
            continue
        due = _date(due_cell)
        if due is None and _text(due_cell):
            problem(index, columns["Due"], f"due date {_quoted(_text(due_cell))} is not a date",
                    hint="write it as 2027-01-31, or as a date cell")
            continue
        if len(owner) > MAX_SHORT_TEXT:  # the file format's limit (assess/model.py), whatever the sheet holds
            problem(index, columns["Owner"], f"an owner is at most {MAX_SHORT_TEXT} characters, not {len(owner):,}")
            continue
        status = STATUS_WORDS.get(status_cell.casefold()) if status_cell else None
        if status_cell and status is None:
            problem(index, columns["Status"], f"status {_quoted(status_cell)} is not one of: "
                    + ", ".join(s.value for s in PlanStatus))
            continue
        if owner or due or status:
            plan.setdefault(framework, {})[question] = PlanEntry(owner=owner or None, due=due, status=status)
    if len(grid.rows) > MAX_ROWS:
        problems.append(Diagnostic(name, MAX_ROWS + 1, 1, f"more than {MAX_ROWS} rows: not an action plan"))
    if problems:
        raise AssessError(problems)
    return plan


def _quoted(text: str, limit: int = 60) -> str:
    """A cell's text quoted in a message, cut short: a megabyte-long cell must not make a megabyte-long line."""
    return "'" + (text if len(text) <= limit else text[:limit] + "...") + "'"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(str(value).split())
    return text[1:] if text.startswith("'") else text


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def plan_block(plan: Mapping[str, Mapping[str, PlanEntry]]) -> dict[str, dict[str, dict[str, str]]]:
    """The plan as the assessment file's `action_plan:` block."""
    return {fid: {qid: entry.model_dump(mode="json", exclude_none=True) for qid, entry in questions.items()}
            for fid, questions in plan.items()}
