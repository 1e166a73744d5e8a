"""The action plan as a spreadsheet: export, fill in with openpyxl (as a board would in Excel), import,
score, report: the owners, dates and statuses appear; bad cells are reported where they are."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assess.fingerprint import answers_sha256
from assess.loading import FrameworkLibrary, load_assessment
from tests.conftest import ROOT
from tests.report_support import run

EXAMPLE = ROOT / "examples" / "met-officer-monitoring" / "staff-association.yaml"


@pytest.fixture
def assessment(tmp_path: Path) -> Path:
    copy = tmp_path / "staff-association.yaml"
    shutil.copyfile(EXAMPLE, copy)
    return copy


def _export(assessment: Path, name: str) -> Path:
    out = assessment.parent / name
    done = run("actions", "export", assessment, "-o", out)
    assert done.returncode == 0, done.stderr
    return out


def test_round_trip_through_xlsx(assessment: Path) -> None:
    plan = _export(assessment, "plan.xlsx")
    book = load_workbook(plan)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["#", "Question"] and header[-3:] == ["Owner", "Due", "Status"]
    assert "Priority" in header and "Recommendation" in header
    first_key = sheet.cell(row=2, column=header.index("Question ID") + 1).value
    second_key = sheet.cell(row=3, column=header.index("Question ID") + 1).value
    owner, due, status = (header.index(h) + 1 for h in ("Owner", "Due", "Status"))
    sheet.cell(row=2, column=owner, value="Head of Professional Standards")
    sheet.cell(row=2, column=due, value=dt.date(2027, 1, 31))
    sheet.cell(row=2, column=status, value="In progress")
    sheet.cell(row=3, column=due, value="2027-03-01")
    sheet.cell(row=3, column=status, value="done")
    book.save(plan)
    before_hash = answers_sha256(load_assessment(assessment, FrameworkLibrary())[0])
    comment = "# Worked example"
    assert comment in assessment.read_text(encoding="utf-8")

    done = run("actions", "import", plan, assessment)
    assert done.returncode == 0, done.stderr
    text = assessment.read_text(encoding="utf-8")
    assert comment in text  # the rest of the file, comments included, is as it was
    loaded, _ = load_assessment(assessment, FrameworkLibrary())
    fid, qid = first_key.split(".")
    entry = loaded.action_plan[fid][qid]  # type: ignore[index]
    assert (entry.owner, entry.due, entry.status.value) == (  # type: ignore[union-attr]
        "Head of Professional Standards", dt.date(2027, 1, 31), "in progress")
    assert answers_sha256(loaded) == before_hash  # the plan is not part of the answers' hash

    score = run("score", assessment)
    assert score.returncode in (0, 1), score.stderr
    report = assessment.parent / "report.md"
    done = run("report", assessment, "-o", report)
    assert done.returncode == 0, done.stderr
    rows = [line for line in report.read_text(encoding="utf-8").splitlines() if line.startswith("| 1 |")]
    assert rows and "Head of Professional Standards" in rows[0] and "31 January 2027" in rows[0]
    assert "In progress" in rows[0]
    second = next(line for line in report.read_text(encoding="utf-8").splitlines() if line.startswith("| 2 |"))
    assert "1 March 2027" in second and "Done" in second and second_key

    # Exporting again carries the recorded values, so the sheet can go round once more.
    again = load_workbook(_export(assessment, "plan-again.xlsx")).active
    assert again.cell(row=2, column=owner).value == "Head of Professional Standards"


def test_bad_cells_are_located_and_nothing_is_written(assessment: Path) -> None:
    plan = _export(assessment, "plan.xlsx")
    book = load_workbook(plan)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    due, status, key = (header.index(h) + 1 for h in ("Due", "Status", "Question ID"))
    sheet.cell(row=4, column=due, value="31/01")
    sheet.cell(row=5, column=status, value="finished")
    sheet.cell(row=6, column=key, value="proportionality.no_such_question")
    book.save(plan)
    before = assessment.read_bytes()
    done = run("actions", "import", plan, assessment)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    col = {n: chr(ord("A") + i - 1) for n, i in (("due", due), ("status", status), ("key", key))}
    assert lines[0] == f"{plan}:Plan!{col['due']}4: error: due date '31/01' is not a date " \
                       "(write it as 2027-01-31, or as a date cell)"
    assert lines[1].startswith(f"{plan}:Plan!{col['status']}5: error: status 'finished' is not one of: open,")
    assert lines[2].startswith(f"{plan}:Plan!{col['key']}6: error: 'proportionality.no_such_question'")
    assert assessment.read_bytes() == before


def test_round_trip_through_csv(assessment: Path) -> None:
    plan = _export(assessment, "plan.csv")
    with plan.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    rows[1][header.index("Owner")] = "=cmd|' /C calc'!A0"  # a formula-looking owner stays text
    rows[1][header.index("Due")] = "2027-05-01"
    rows[2][header.index("Status")] = "sometime"
    with plan.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    done = run("actions", "import", plan, assessment)
    assert done.returncode == 2
    assert done.stderr.startswith(f"{plan}:3:{header.index('Status') + 1}: error: status 'sometime'")
    rows[2][header.index("Status")] = ""
    with plan.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    done = run("actions", "import", plan, assessment)
    assert done.returncode == 0, done.stderr
    loaded, _ = load_assessment(assessment, FrameworkLibrary())
    fid, qid = rows[1][header.index("Question ID")].split(".")
    assert loaded.action_plan[fid][qid].owner == "=cmd|' /C calc'!A0"  # type: ignore[index]


def test_a_plan_that_is_not_a_spreadsheet(assessment: Path, tmp_path: Path) -> None:
    fake = tmp_path / "plan.xlsx"
    fake.write_bytes(b"not a zip")
    done = run("actions", "import", fake, assessment)
    assert done.returncode == 2 and done.stderr.startswith(f"{fake}:1:1: error: not a readable .xlsx workbook")
    done = run("actions", "export", assessment, "-o", tmp_path / "plan.ods")
    assert done.returncode == 2 and "error: the plan is written as .xlsx or .csv" in done.stderr
