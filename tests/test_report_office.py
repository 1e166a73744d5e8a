"""The editable outputs: DOCX (python-docx) and ODT (odfdo), the full report and the brief, opened with
their own libraries; and, where LibreOffice is installed, converted to PDF with every question's text in it."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile
from pathlib import Path

import odfdo
import pytest
from docx import Document

from assess.loading import FrameworkLibrary
from assess.report.build import load_job
from assess.report.formats import FORMATS, choose_format
from assess.report.inputs import ReportInput
from tests.needs import require
from tests.report_support import FIXTURE_ASSESSMENT, FIXTURE_FRAMEWORKS, need


def _job(brief: bool = False) -> ReportInput:
    return load_job(FIXTURE_ASSESSMENT, FrameworkLibrary(dirs=[FIXTURE_FRAMEWORKS]), brief=brief)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("office")
    files = {}
    for fmt in ("docx", "odt"):
        for brief in (False, True):
            path = out / f"report{'-brief' if brief else ''}.{fmt}"
            path.write_bytes(FORMATS[fmt].render(_job(brief)).data)
            files[f"{fmt}{'-brief' if brief else ''}"] = path
    return files


def _visible_questions(job: ReportInput) -> list[tuple[str, str]]:
    from assess.numbering import question_numbers

    numbers = question_numbers(job.frameworks[f] for f in job.assessment.frameworks)
    return [(numbers[(fr.id, q.id)], q.ask) for fr in job.result.frameworks for q in fr.questions]


def test_the_extension_chooses_the_format() -> None:
    assert choose_format(None, Path("x.docx")).name == "docx" and choose_format(None, Path("x.odt")).name == "odt"


def test_docx_outline_tables_picture_and_properties(rendered: dict[str, Path]) -> None:
    job = _job()
    document = Document(str(rendered["docx"]))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    level1 = [text for style, text in headings if style == "Heading 1"]
    assert level1[:2] == ["Decision brief", "Sign-off"] and level1[2].startswith("Annex 1: ")
    assert "Annex" in level1[-1] and "Method and provenance" in level1[-1]
    level3 = " ".join(text for style, text in headings if style == "Heading 3")
    tables_text = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    for number, _ask in _visible_questions(job):  # a question heading, or a row of a 'Don't know' table
        alone = re.compile(rf"(?<![\d.]){re.escape(number)}(?![\d.])")  # 1.1 is not found inside 1.1.2
        assert alone.search(level3) or alone.search(tables_text), number
    assert len(document.tables) >= 5
    plan = next(t for t in document.tables if t.rows[0].cells[0].text == "#" and len(t.columns) == 7)
    assert [c.text for c in plan.rows[0].cells][4:] == ["Owner", "Due", "Status"]
    props = document.core_properties
    assert props.title == job.assessment.title and props.author and props.subject and props.language == "en-GB"
    pictures = document.inline_shapes
    assert len(pictures) == 1 and "assurance" in pictures[0]._inline.docPr.get("descr")
    lang = document.styles["Normal"].element.xpath("./w:rPr/w:lang/@w:val")
    assert lang == ["en-GB"]


def test_odt_outline_tables_picture_and_metadata(rendered: dict[str, Path]) -> None:
    job = _job()
    document = odfdo.Document(str(rendered["odt"]))
    headers = document.body.get_headers()
    outline = [(h.get_attribute("text:outline-level"), str(h).strip()) for h in headers]
    assert outline[0] == ("1", "Decision brief") and ("1", "Sign-off") in outline
    assert any(level == "1" and text.startswith("Annex 1: ") for level, text in outline)
    assert any(level == "3" for level, _ in outline)
    assert len(document.body.get_tables()) >= 5
    assert document.meta.get_title() == job.assessment.title and document.meta.get_language() == "en-GB"
    assert document.meta.get_subject() and document.meta.get_initial_creator()
    frames = document.body.get_frames()
    assert len(frames) == 1 and "assurance" in (frames[0].svg_description or "")
    assert any(name.startswith("Pictures/") for name in document.container.parts)


def test_the_brief_alone(rendered: dict[str, Path]) -> None:
    document = Document(str(rendered["docx-brief"]))
    level1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert level1 == ["Decision brief", "Sign-off"]
    odt = odfdo.Document(str(rendered["odt-brief"]))
    assert [str(h).strip() for h in odt.body.get_headers() if h.get_attribute("text:outline-level") == "1"] == [
        "Decision brief", "Sign-off"]


def test_user_text_stays_text(rendered: dict[str, Path]) -> None:
    """The fixture's title carries markup and an ampersand: both documents hold it as characters."""
    job = _job()
    assert "<script>" in job.assessment.title
    assert Document(str(rendered["docx"])).core_properties.title == job.assessment.title
    body = odfdo.Document(str(rendered["odt"])).body
    assert job.assessment.title in " ".join(str(p) for p in body.get_paragraphs())


def test_libreoffice_converts_both_with_every_question(rendered: dict[str, Path], tmp_path: Path) -> None:
    office = require("libreoffice")
    need("pdftotext")
    profile = tmp_path / "profile"
    # The two files have one stem; copies with their own names give two PDFs.
    odt_copy, docx_copy = tmp_path / "report-odt.odt", tmp_path / "report-docx.docx"
    odt_copy.write_bytes(rendered["odt"].read_bytes())
    docx_copy.write_bytes(rendered["docx"].read_bytes())
    done = subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path), str(odt_copy), str(docx_copy)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for pdf in (tmp_path / "report-odt.pdf", tmp_path / "report-docx.pdf"):
        text = " ".join(subprocess.run([need("pdftotext"), str(pdf), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
        for _, ask in _visible_questions(_job()):
            assert " ".join(ask.split()) in text, (pdf.name, ask)


def test_a_docx_is_a_zip_that_word_processors_open() -> None:
    data = FORMATS["docx"].render(_job(brief=True)).data
    assert data[:2] == b"PK" and Document(io.BytesIO(data)).paragraphs


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_the_file_is_dated_when_it_was_made_and_nothing_else(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """With SOURCE_DATE_EPOCH set, the document's own dates and every zip entry carry that time (not the
    clock as the library wrote each entry, nor its template's date), so two renders are the same bytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    data = FORMATS[fmt].render(_job(brief=True)).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        if fmt == "odt":
            assert archive.infolist()[0].filename == "mimetype"
            assert archive.infolist()[0].compress_type == zipfile.ZIP_STORED  # how ODF readers know the type
    if fmt == "docx":
        properties = Document(io.BytesIO(data)).core_properties
        assert properties.created == properties.modified == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
    else:
        meta = odfdo.Document(io.BytesIO(data)).meta
        assert meta.get_creation_date() == meta.get_modification_date() == dt.datetime(2023, 11, 14, 22, 13, 20)
