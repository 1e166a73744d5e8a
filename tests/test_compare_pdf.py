"""The comparison as PDF and HTML: the report's look, safety and accessibility."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.compare_support import FIRST_REVIEW, MINI_DIR, PERSPECTIVES, SECOND_REVIEW, mini_assessment, write_yaml
from tests.report_support import need, pdfdetach_list, pdfinfo, pdftotext, run

HOSTILE = "<script>alert(1)</script><img src='http://evil.example/x.png'> [x](javascript:alert(1)) **bold**"


def reading_order(pdf: Path) -> str:
    """The PDF's text in reading order (no -layout, so table columns do not interleave), one line."""
    out = subprocess.run([need("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


@pytest.fixture(scope="module")
def perspectives_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("compare") / "perspectives.pdf"
    done = run("compare", *PERSPECTIVES, "-o", out)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", "a clean render prints nothing to stderr"
    return out


def test_tagged_with_metadata_and_the_inputs_attached(perspectives_pdf: Path) -> None:
    info = pdfinfo(perspectives_pdf)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Officer and staff analytics pilot (Palantir software): perspectives compared"
    assert "force: Pause and remediate; staff-association: Pause and remediate" in info["Subject"]
    assert info["Page size"].startswith("595.276 x 841.89")
    assert pdfdetach_list(perspectives_pdf) == ["1-force.yaml", "2-staff-association.yaml", "3-ethics-board.yaml"]


def test_running_headers_and_chapters(perspectives_pdf: Path) -> None:
    page3 = pdftotext(perspectives_pdf, 3, 3)
    assert "Officer and staff analytics pilot (Palantir software)" in page3  # running header
    assert "OFFICIAL" in page3 and "Page 3 of" in page3
    text = " ".join(pdftotext(perspectives_pdf).split())
    for heading in ("1. Summary", "2. Where the answers diverge", "Appendix A: How to read this comparison"):
        assert heading in text
    assert "In practice, what role does a flag play in what happens to the person flagged?" in text


def test_reviews_and_board_render(tmp_path: Path) -> None:
    out = tmp_path / "reviews.pdf"
    done = run("compare", FIRST_REVIEW, SECOND_REVIEW, "-o", out)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    text = " ".join(pdftotext(out).split())
    assert "The earlier action plan, item by item" in text and "1 met (gate cleared)" in text
    assert pdfinfo(out)["Tagged"] == "yes"
    members = [write_yaml(tmp_path / f"{n}.yaml", mini_assessment(
        {"objective": a, "consulted": c}, name=n)) for n, a, c in
        (("Ann", "specific", "yes"), ("Bob", "general", "yes"), ("Cat", "specific", "no"))]
    board = tmp_path / "board.pdf"
    done = run("compare", *members, "--frameworks", MINI_DIR, "-o", board)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    text = reading_order(board)
    assert "Agenda: where members disagree most" in text and "Board's answer (median)" in text


def test_hostile_text_in_notes_stays_text(tmp_path: Path) -> None:
    members = [write_yaml(tmp_path / f"{n}.yaml", mini_assessment(
        {"objective": a, "consulted": "yes"}, name=n, note=HOSTILE)) for n, a in (("Ann", "specific"), ("Bob", "none"))]
    html = tmp_path / "c.html"
    done = run("compare", *members, "--frameworks", MINI_DIR, "-o", html)
    assert done.returncode == 0, done.stderr
    page = html.read_text(encoding="utf-8")
    assert "<script" not in page and "evil.example/x.png'>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=" in page
    pdf = tmp_path / "c.pdf"
    done = run("compare", *members, "--frameworks", MINI_DIR, "-o", pdf)
    assert done.returncode == 0 and done.stderr == "", done.stderr  # nothing fetched: the img is text
    assert "<script>alert(1)</script>" in "".join(pdftotext(pdf).split())
    md = tmp_path / "c.md"
    run("compare", *members, "--frameworks", MINI_DIR, "-o", md)
    text = md.read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text and "\\*\\*bold\\*\\*" in text


def test_report_look_and_user_templates(tmp_path: Path) -> None:
    html = tmp_path / "c.html"
    assert run("compare", *PERSPECTIVES, "-o", html).returncode == 0
    page = html.read_text(encoding="utf-8")
    assert "string-set: doc-title" in page  # report.css, the report's own stylesheet
    assert "table.sides" in page  # compare.css
    assert 'class="cover-title"' in page and 'class="cover-marking"' in page
    mine = tmp_path / "mine"
    (mine / "partials").mkdir(parents=True)
    (mine / "extra.css").write_text('body { background: url("https://example.org/track.png"); }\n', encoding="utf-8")
    (mine / "partials" / "compare-method.j2").write_text(
        '<section class="chapter" id="method"><h2>Our own method</h2></section>\n', encoding="utf-8")
    pdf = tmp_path / "c.pdf"
    done = run("compare", *PERSPECTIVES, "-o", pdf, "--templates", mine)
    assert done.returncode == 0, done.stderr
    assert "outside its directories: https://example.org/track.png" in done.stderr
    assert "Our own method" in pdftotext(pdf)
