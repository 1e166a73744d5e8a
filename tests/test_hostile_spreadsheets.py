"""Action plan spreadsheets from someone else: bounded by what they inflate to, not by the bytes sent.

Each hostile workbook is a few kilobytes. The memory its reading costs is measured in a child process of its
own (its peak resident set, VmHWM in /proc: Linux), against the same child reading an honest plan: a memory
bound, not a time bound. The child runs under an address-space limit, so code that did inflate the bomb fails
with MemoryError rather than take the test machine's memory.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.report_support import run
from tests.web_support import Person

EXAMPLE = ROOT / "examples" / "met-officer-monitoring" / "staff-association.yaml"
SHEET = "xl/worksheets/sheet1.xml"
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
MIB = 1024 * 1024

# The child: read the plan as `assess actions import` and the workspace do, then say what it cost.
CHILD = """
import json, resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]), int(sys.argv[2])))
from assess.errors import AssessError
from assess.plan import parse_plan
data = Path(sys.argv[1]).read_bytes()
try:
    parse_plan(data, ".xlsx", {}, "plan.xlsx")
    outcome = "read"
except AssessError as exc:
    outcome = str(exc.diagnostics[0])
except MemoryError:
    outcome = "MemoryError"
# VmHWM is the peak of this process's own memory since exec; ru_maxrss can carry the parent's from before it.
peak = [line.split()[1] for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM:")]
print(json.dumps({"outcome": outcome, "peak_kib": int(peak[0])}))
"""
ADDRESS_LIMIT = 2048 * MIB  # virtual memory: the interpreter, openpyxl and lxml take a few hundred MiB of it


@pytest.fixture(scope="module")
def honest(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("plan")
    assessment = folder / "a.yaml"
    shutil.copyfile(EXAMPLE, assessment)
    done = run("actions", "export", assessment, "-o", folder / "plan.xlsx")
    assert done.returncode == 0, done.stderr
    return (folder / "plan.xlsx").read_bytes()


def rewritten(workbook: bytes, parts: dict[str, Iterator[bytes]]) -> bytes:
    """The workbook with some parts replaced, each written from chunks (so a bomb is never held whole)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        for entry in source.infolist():
            if entry.filename in parts:
                continue
            zipped.writestr(entry, source.read(entry))
        for name, chunks in parts.items():
            with zipped.open(name, "w", force_zip64=True) as stream:
                for chunk in chunks:
                    stream.write(chunk)
    return out.getvalue()


def sheet(*rows: str, head: str = "", prolog: str = "") -> Iterator[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet {MAIN}>{head}<sheetData>'.encode()
    for row in rows:
        yield row.encode()
    yield b"</sheetData></worksheet>"


HEADER_ROW = ('<row r="1">' + "".join(
    f'<c r="{col}1" t="inlineStr"><is><t>{text}</t></is></c>'
    for col, text in zip("ABCD", ("Question ID", "Owner", "Due", "Status"), strict=True)) + "</row>")


def measured(tmp_path: Path, data: bytes) -> dict[str, object]:
    path = tmp_path / f"plan-{len(list(tmp_path.iterdir()))}.xlsx"
    path.write_bytes(data)
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(ADDRESS_LIMIT)], capture_output=True,
                          text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    found: dict[str, object] = json.loads(done.stdout)
    return found


def assert_bounded(tmp_path: Path, honest: bytes, hostile: bytes, expected: str) -> None:
    baseline = measured(tmp_path, honest)
    assert baseline["outcome"] != "MemoryError"
    found = measured(tmp_path, hostile)
    assert expected in str(found["outcome"]), found
    extra_mib = (int(str(found["peak_kib"])) - int(str(baseline["peak_kib"]))) / 1024
    print(f"peak {int(str(found['peak_kib'])) // 1024} MiB, honest plan {int(str(baseline['peak_kib'])) // 1024} MiB")
    assert extra_mib < 64, f"reading it took {extra_mib:.0f} MiB more than an honest plan"


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path, honest: bytes) -> None:
    # 1 GiB of one inline string, which deflates to about a megabyte.
    cell = '<row r="2"><c r="B2" t="inlineStr"><is><t>'
    bomb = rewritten(honest, {SHEET: sheet(HEADER_ROW, cell, *(("A" * MIB) for _ in range(1024)),
                                           "</t></is></c></row>")})
    assert len(bomb) < 2 * MIB
    assert_bounded(tmp_path, honest, bomb, "plan.xlsx:1:1: error: the workbook inflates to 1,024 MiB")


def test_a_huge_declared_sheet_is_not_padded_out(tmp_path: Path, honest: bytes) -> None:
    # A few hundred bytes that declare the largest sheet Excel allows: every row would be padded to 16,384 cells.
    huge = rewritten(honest, {SHEET: sheet(HEADER_ROW, head='<dimension ref="A1:XFD1048576"/>')})
    assert len(huge) < len(honest) + 1024
    assert_bounded(tmp_path, honest, huge, "read")
    # Rows far down the sheet are read as the rows they are, up to the limit, and refused past it.
    far = rewritten(honest, {SHEET: sheet(HEADER_ROW, '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
                                          head='<dimension ref="A1:XFD1048576"/>')})
    assert_bounded(tmp_path, honest, far, "more than 10000 rows")


def test_many_tiny_elements_are_refused(tmp_path: Path, honest: bytes) -> None:
    # Two million empty cells: 10 bytes of XML each, a Python object each once parsed.
    cells = rewritten(honest, {SHEET: sheet(HEADER_ROW, '<row r="2">', *("<c/>" * 100_000 for _ in range(20)),
                                            "</row>")})
    assert_bounded(tmp_path, honest, cells, "more than 1,000,000 XML elements")


def test_a_megabyte_cell_is_refused_by_the_models_limit(tmp_path: Path, honest: bytes) -> None:
    owner = rewritten(honest, {SHEET: sheet(HEADER_ROW, '<row r="2"><c r="A2" t="inlineStr"><is><t>x.y</t></is>'
                                            '</c><c r="B2" t="inlineStr"><is><t>', "O" * (30 * MIB),
                                            "</t></is></c></row>")})
    assert len(owner) < 64 * 1024
    # No known questions are passed, so only the owner's length can be the first problem found on row 2.
    from assess.errors import AssessError
    from assess.plan import parse_plan
    with pytest.raises(AssessError) as raised:
        parse_plan(owner, ".xlsx", {"x": {"y"}}, "plan.xlsx")
    assert str(raised.value.diagnostics[0]) == (
        f"plan.xlsx:Plan!B2: error: an owner is at most 500 characters, not {30 * MIB:,}")


@pytest.mark.parametrize(("part", "expected"), [
    (sheet(HEADER_ROW, prolog='<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'),
     "part 'xl/worksheets/sheet1.xml' declares a DTD"),
    (iter([b"<worksheet><sheetData><row r='1'><c r='A1'><v>1</v></c>"]), "not a readable .xlsx workbook (ParseError)"),
    (iter(['<?xml version="1.0" encoding="UTF-16"?><worksheet/>'.encode("utf-16")]), "is not UTF-8 XML"),
])
def test_a_malformed_workbook_is_a_located_error_with_exit_status_2(tmp_path: Path, honest: bytes,
                                                                    part: Iterator[bytes], expected: str) -> None:
    assessment = tmp_path / "a.yaml"
    shutil.copyfile(EXAMPLE, assessment)
    before = assessment.read_bytes()
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(rewritten(honest, {SHEET: part}))
    done = run("actions", "import", plan, assessment)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"{plan}:") and ": error: " in done.stderr and expected in done.stderr
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert assessment.read_bytes() == before


def test_a_bomb_uploaded_in_the_workspace_is_refused_beside_the_field(alice: Person, honest: bytes) -> None:
    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}/plan")
    bomb = rewritten(honest, {SHEET: sheet(HEADER_ROW, *(("A" * MIB) for _ in range(128)))})
    sent = alice.post(f"/a/{ref}/plan", files={"file": ("plan.xlsx", bomb, "application/octet-stream")})
    assert sent.status_code == 422
    assert 'id="plan-errors"' in sent.text and "the workbook inflates to 128 MiB" in sent.text
