"""The level block: a framework scored by levels shows, in the executive summary and at the head
of its chapter, its level, the raw score, the adjustment, the current score against the level
bounds, each tally, and what the level requires; in HTML (and so the PDF), Markdown and the
terminal table. Frameworks rated by assurance are untouched (tests/test_report_*.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assess.loading import FrameworkLibrary, load_assessment
from assess.report.context import text_blocks
from assess.score_table import result_table
from assess.scoring import score
from tests.aia_support import REAL_AIA, import_survey, results_file
from tests.report_support import pdftotext
from tests.test_i18n import aia, render_report, visible_text

__all__ = ["aia"]  # the module-scoped fixture, shared with test_i18n


def frameworks_of(answers: Path) -> Path:
    return answers.parent / "frameworks"


def test_the_level_block_in_html(aia: Path) -> None:
    html = render_report(aia, frameworks_of(aia), "html")
    text = visible_text(html)
    # Once in the executive summary and once at the head of the chapter.
    assert text.count("Level II (2 of 4)") == 2
    assert text.count("Impact level: Mini impact check") == 1
    assert "Raw impact score 20 of 34 points (58.8%)" in text
    assert "Mitigation score 9 of 10 reached 80%: 15% off, rounded half up \u2192 17" in text
    assert "17 of 34 (Level II: above 8.5, up to 17)" in text
    assert "Mitigation score 9 of 20 points (45%)" in text
    assert "What this level requires" in text
    assert "Notice Notice B" in text and "Review One reviewer" in text
    summary = text[text.index("Decision brief", text.index("Contents") + 20):]
    assert summary.index("Level II (2 of 4)") < summary.index("Gates triggered")
    # The chart: an image with a title and a description naming every level and bound.
    svg = re.search(r'<svg[^>]*class="level-chart".*?</svg>', html, flags=re.S)
    assert svg is not None and 'role="img"' in svg.group(0)
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg.group(0), flags=re.S)
    assert desc is not None
    assert desc.group(1) == ("Current score 17 of 34: Level II. Level I: up to 8.5; Level II: above 8.5, up to 17; "
                             "Level III: above 17, up to 25.5; Level IV: above 25.5.")
    # The assurance chart and thresholds are for frameworks rated by assurance bands only.
    assert 'class="assurance-chart"' not in html
    assert "green from" not in text
    assert "Impact levels: Mini impact check" in text  # the method appendix's bounds table


def test_the_level_block_in_markdown(aia: Path) -> None:
    md = render_report(aia, frameworks_of(aia), "md")
    assert md.count("**Level II (2 of 4)**") == 2
    assert "- **Adjustment:** Mitigation score 9 of 10 reached 80%: 15% off, rounded half up \u2192 17" in md
    assert "- **Current score:** 17 of 34 (Level II: above 8.5, up to 17)" in md
    assert "- **Notice:** Notice B" in md


def test_no_adjustment_says_so(aia: Path, tmp_path: Path) -> None:
    from assess.importers.aia_answers import import_answers
    from assess.storage import dump_assessment

    framework = FrameworkLibrary(dirs=[frameworks_of(aia)], include_builtin=False).load("mini-aia")
    data = {"phase": "item1", "r7": "item1-10", "m1": "item1-4"}
    path = tmp_path / "a.yaml"
    path.write_text(dump_assessment(import_answers(results_file(data), framework, "r.json").assessment))
    text = visible_text(render_report(path, frameworks_of(aia), "html"))
    assert "Mitigation score 4 of 10 is below 80%: no reduction" in text
    assert "10 of 34 (Level II: above 8.5, up to 17)" in text


def test_the_terminal_table_shows_the_level(aia: Path) -> None:
    assessment, frameworks = load_assessment(aia, FrameworkLibrary(dirs=[frameworks_of(aia)]))
    table = result_table(score(frameworks, assessment))
    assert "Mini impact check: Level II (2 of 4)" in table
    assert "Raw impact score 20 of 34; Mitigation score 9 of 20; current score 17" in table
    assert "Requirements: Notice, Review" in table
    for line in table.splitlines():
        assert len(line) <= 80


def test_requirement_text_keeps_its_paragraphs_and_lists() -> None:
    text = ("Consult one of the following experts:\n\nA government body\nA university\n\n\n"
            "Training must be recurring.\nSecond line.")
    blocks = text_blocks(text)
    assert [(b.is_list, b.lines) for b in blocks] == [
        (False, ["Consult one of the following experts:"]), (True, ["A government body", "A university"]),
        (False, ["Training must be recurring."]), (False, ["Second line."])]


def test_the_json_result_is_unchanged_by_the_language(aia: Path) -> None:
    english = json.loads(render_report(aia, frameworks_of(aia), "json"))
    assert english["frameworks"][0]["level"]["id"] == "II"
    assert english["verdict"] == "Proceed with conditions"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_real_aia_renders_its_requirements(lang: str, tmp_path: Path) -> None:
    out = tmp_path / "frameworks"
    import_survey(REAL_AIA / "survey-enfr.json", out, "aia", requirements={
        "en": REAL_AIA / "i18n-en.json", "fr": REAL_AIA / "i18n-fr.json"})
    from assess.importers.aia_answers import import_answers
    from assess.storage import dump_assessment

    framework = FrameworkLibrary(dirs=[out], include_builtin=False).load("aia")
    path = tmp_path / "a.yaml"
    path.write_text(dump_assessment(import_answers(results_file({}), framework, "r.json", "AIA").assessment))
    pdf = tmp_path / "aia.pdf"
    done = subprocess.run([sys.executable, "-m", "assess", "report", str(path), "--frameworks", str(out),
                           "--lang", lang, "-o", str(pdf)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    text = " ".join(pdftotext(pdf, 1, 6).split())
    if lang == "en":
        assert "Level I (1 of 4)" in text and "Gender-based Analysis Plus" in text and "Peer review" in text
    else:
        assert "Niveau I (1 sur 4)" in text and "Analyse comparative entre les sexes plus" in text
        assert "Page 1 sur" in text
