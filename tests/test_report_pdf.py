"""The PDF report: pages, running header and footer, tags, metadata, attachment, reproducibility."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from assess.loading import FrameworkLibrary, load_assessment
from assess.report.extract import attachments
from assess.scoring import score
from tests.report_support import (
    EXAMPLE,
    FIXTURE_ASSESSMENT,
    fixture_args,
    need,
    pdfdetach_list,
    pdfinfo,
    pdftotext,
    run,
)


def _source() -> tuple[Path, list[str]]:
    """The officer-monitoring example where it exists, else the test fixture."""
    if EXAMPLE.is_file():
        return EXAMPLE, []
    return FIXTURE_ASSESSMENT, fixture_args()


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source, extra = _source()
    out = tmp_path_factory.mktemp("report") / "report.pdf"
    done = run("report", source, "-o", out, *extra)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", "a clean render prints nothing to stderr"
    return out


def test_page_count_is_sane(example_pdf: Path) -> None:
    pages = int(pdfinfo(example_pdf)["Pages"])
    assert 8 <= pages <= 120


def test_running_header_and_footer_on_every_page(example_pdf: Path) -> None:
    source, _ = _source()
    assessment, _ = load_assessment(source, FrameworkLibrary())
    pages = int(pdfinfo(example_pdf)["Pages"])
    for page in (1, 2, pages // 2, pages):
        text = pdftotext(example_pdf, page, page)
        assert f"Page {page} of {pages}" in text
        assert assessment.title[:40] in " ".join(text.split())
        assert assessment.classification and assessment.classification in text


def test_tagged_with_metadata(example_pdf: Path) -> None:
    info = pdfinfo(example_pdf)
    assert info["Tagged"] == "yes"
    assert info["Title"] and info["Author"] and info["Subject"]
    data = example_pdf.read_bytes()
    objects = _objects_text(data)  # the raw file and its inflated streams
    assert b"/StructTreeRoot" in objects
    assert re.search(rb"/Lang\s*\((en-GB)\)", objects), "the document's language is not declared"
    assert b"pdfuaid" in objects  # the PDF/UA identification in the XMP metadata


def test_contents_has_page_numbers_and_bookmarks(example_pdf: Path) -> None:
    contents = pdftotext(example_pdf, 2, 2)
    assert re.search(r"Decision brief\s+\d+", contents)
    assert re.search(r"Action plan\s+\d+", contents)
    assert b"/Outlines" in _objects_text(example_pdf.read_bytes())


def test_attachment_round_trip_scores_identically(example_pdf: Path, tmp_path: Path) -> None:
    source, extra = _source()
    assert pdfdetach_list(example_pdf) == ["assessment.yaml"]
    out = tmp_path / source.name
    done = run("extract", example_pdf, "-o", out)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == source.read_bytes()
    library = FrameworkLibrary(dirs=[Path(extra[1])] if extra else [])
    original = score(*reversed(load_assessment(source, library)))
    again = score(*reversed(load_assessment(out, library)))
    assert again.model_dump() == original.model_dump()
    # and to standard output, by default
    done = run("extract", example_pdf)
    assert done.stdout == source.read_text(encoding="utf-8")


def test_reproducible_with_source_date_epoch(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for out in (first, second):
        done = run("report", FIXTURE_ASSESSMENT, "-o", out, *fixture_args(), env=env)
        assert done.returncode == 0, done.stderr
    assert first.read_bytes() == second.read_bytes()
    assert "2026" in pdfinfo(first)["CreationDate"]  # 1 January 2026, from the variable


def test_draft_watermark_only_while_incomplete(tmp_path: Path) -> None:
    need("pdftotext")
    text = FIXTURE_ASSESSMENT.read_text(encoding="utf-8")
    incomplete = tmp_path / "incomplete.yaml"
    incomplete.write_text(text.replace("    oversight: {answer: internal, confidence: asserted}\n", ""),
                          encoding="utf-8")
    draft, final = tmp_path / "draft.pdf", tmp_path / "final.pdf"
    assert run("report", incomplete, "-o", draft, *fixture_args()).returncode == 0
    assert run("report", FIXTURE_ASSESSMENT, "-o", final, *fixture_args()).returncode == 0
    pages = int(pdfinfo(draft)["Pages"])
    assert "DRAFT" in pdftotext(draft, pages, pages)  # the running header, on every page
    assert "DRAFT" in pdftotext(draft, 1, 1)
    assert "DRAFT" not in pdftotext(final, 1, 1) and "DRAFT" not in pdftotext(final, 5, 5)


def test_pdf_a3a_variant(tmp_path: Path) -> None:
    out = tmp_path / "a3a.pdf"
    done = run("report", FIXTURE_ASSESSMENT, "-o", out, "--pdf-variant", "pdf/a-3a", *fixture_args())
    assert done.returncode == 0, done.stderr
    assert pdfinfo(out)["Tagged"] == "yes"
    assert b"pdfaid" in _objects_text(out.read_bytes())
    assert attachments(out.read_bytes())["assessment.yaml"] == FIXTURE_ASSESSMENT.read_bytes()


def test_hidden_question_shown_as_not_applicable(tmp_path: Path) -> None:
    out = tmp_path / "fixture.pdf"
    assert run("report", FIXTURE_ASSESSMENT, "-o", out, *fixture_args()).returncode == 0
    text = " ".join(pdftotext(out).split())
    assert "Not applicable: this question is asked only when objective == 'specific'" in text
    assert "Don't know" in text and "Page 1 of" in text


def test_extract_refuses_a_pdf_without_an_assessment(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    plain = tmp_path / "plain.pdf"
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.write(plain)
    done = run("extract", plain)
    assert done.returncode == 2
    assert done.stderr.startswith(f"{plain}:1:1: error: no 'assessment.yaml' attached")
    not_pdf = tmp_path / "x.pdf"
    not_pdf.write_text("hello")
    assert run("extract", not_pdf).returncode == 2


def _objects_text(data: bytes) -> bytes:
    """The PDF with its compressed object streams inflated, for searching."""
    import zlib

    chunks = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            chunks.append(zlib.decompressobj().decompress(data[match.end(): match.end() + 2_000_000]))
        except zlib.error:
            continue
    return b"\n".join(chunks)
