"""Evidence files through the command line: `assess report` takes them from a bundle or from `--files DIR`,
lists them beside each answer and attaches them to the PDF; `assess extract --files DIR` writes them back out,
byte for byte, never over an existing file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from assess.bundle import write_bundle
from assess.evidence_files import check_file, sha256_of
from tests import evidence_support as make
from tests.needs import needs

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "core" / "frameworks"
FILES = {"Minutes\u202e of the meeting.pdf": make.pdf(), "rota photo.png": make.png(), "absence.csv": make.CSV}


def _assess(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assess", *args], cwd=cwd, capture_output=True, text=True,
                          check=False)


def _assessment(files: dict[str, bytes]) -> str:
    refs = [check_file(data, name).ref.model_dump() for name, data in files.items()]
    document: dict[str, Any] = {
        "schema": "assess/assessment@1", "title": "Pilot", "subject": {"organisation": "Force", "system": "Rota"},
        "frameworks": {"mini": {"version": "1.0.0"}},
        "answers": {"mini": {"objective": {"answer": "general", "files": refs[:2]},
                             "link": {"answer": "asserted", "files": refs[2:]}}},
    }
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bundle, its report, and the same assessment as plain YAML with the files in a folder by hash."""
    folder = tmp_path_factory.mktemp("evidence")
    text = _assessment(FILES)
    (folder / "a.yaml").write_text(text, encoding="utf-8")
    (folder / "pilot.zip").write_bytes(write_bundle(text, {sha256_of(d): d for d in FILES.values()}))
    result = _assess("report", "pilot.zip", "-o", "pilot.pdf", "--frameworks", str(MINI), cwd=folder)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no warning: every file was given
    return folder


def test_the_report_lists_each_file_beside_its_answer(made: Path) -> None:
    result = _assess("report", "pilot.zip", "-o", "pilot.html", "--frameworks", str(MINI), cwd=made)
    assert result.returncode == 0, result.stderr
    html = (made / "pilot.html").read_text(encoding="utf-8")
    assert "Minutes of the meeting.pdf" in html and "\u202e" not in html  # the bidi override is gone
    assert f"SHA-256 {sha256_of(make.png())[:12]}" in html and "PNG image" in html


@needs("pdfdetach")
def test_pdfdetach_lists_the_files_beside_the_assessment(made: Path) -> None:
    listed = subprocess.run(["pdfdetach", "-list", str(made / "pilot.pdf")], capture_output=True, text=True,
                            check=True).stdout
    names = [line.split(": ", 1)[1] for line in listed.splitlines()[1:]]
    assert names[0] == "assessment.yaml"
    assert sorted(names[1:]) == sorted([
        f"evidence-{sha256_of(make.pdf())[:12]}-Minutes of the meeting.pdf",
        f"evidence-{sha256_of(make.png())[:12]}-rota photo.png",
        f"evidence-{sha256_of(make.CSV)[:12]}-absence.csv",
    ])


def test_extract_writes_the_files_back_byte_for_byte_and_never_overwrites(made: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _assess("extract", str(made / "pilot.pdf"), "--files", str(out), "-o", str(tmp_path / "a.yaml"),
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a.yaml").read_bytes() == (made / "a.yaml").read_bytes()
    written = {p.name: p.read_bytes() for p in out.iterdir()}
    assert written == {"Minutes of the meeting.pdf": make.pdf(), "rota photo.png": make.png(),
                       "absence.csv": make.CSV}
    (out / "absence.csv").write_bytes(b"mine")
    again = _assess("extract", str(made / "pilot.pdf"), "--files", str(out), cwd=tmp_path)
    assert again.returncode == 2 and "already exists; nothing was written" in again.stderr
    assert "Traceback" not in again.stderr and (out / "absence.csv").read_bytes() == b"mine"


def test_files_by_hash_in_a_folder_are_attached_as_a_bundle_s_are(made: Path, tmp_path: Path) -> None:
    folder = tmp_path / "by-hash"
    folder.mkdir()
    for data in FILES.values():
        (folder / sha256_of(data)).write_bytes(data)
    shutil.copy(made / "a.yaml", tmp_path / "a.yaml")
    result = _assess("report", "a.yaml", "--files", str(folder), "-o", "a.pdf", "--frameworks", str(MINI),
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert _assess("extract", "a.pdf", "--files", str(out), "-o", "x.yaml", cwd=tmp_path).returncode == 0
    assert sorted(p.read_bytes() for p in out.iterdir()) == sorted(FILES.values())
    # One missing from the folder: a located error, and no PDF.
    (folder / sha256_of(make.CSV)).unlink()
    missing = _assess("report", "a.yaml", "--files", str(folder), "-o", "b.pdf", "--frameworks", str(MINI),
                      cwd=tmp_path)
    assert missing.returncode == 2 and not (tmp_path / "b.pdf").exists()
    assert missing.stderr.startswith(f"{folder / sha256_of(make.CSV)}:1:1: error: missing: an answer references "
                                     "'absence.csv'")


def test_a_yaml_given_without_its_files_is_reported_with_a_warning(made: Path, tmp_path: Path) -> None:
    shutil.copy(made / "a.yaml", tmp_path / "a.yaml")
    result = _assess("report", "a.yaml", "-o", "a.pdf", "--frameworks", str(MINI), cwd=tmp_path)
    assert result.returncode == 0
    assert "warning: 3 evidence file(s) are listed but not attached to the PDF" in result.stderr


def test_a_tampered_bundle_is_refused_with_the_entry_named(tmp_path: Path) -> None:
    text = _assessment(FILES)
    files = {sha256_of(d): d for d in FILES.values()}
    files[sha256_of(make.CSV)] = b"officer,days\r\nA,30\r\n"  # altered after it was hashed
    (tmp_path / "bad.zip").write_bytes(write_bundle(text, files))
    result = _assess("report", "bad.zip", "-o", "bad.pdf", "--frameworks", str(MINI), cwd=tmp_path)
    assert result.returncode == 2 and not (tmp_path / "bad.pdf").exists()
    assert result.stderr.strip() == (f"bad.zip: files/{sha256_of(make.CSV)}:1:1: error: the file's content does not "
                                     "match its hash (damaged or altered)")
