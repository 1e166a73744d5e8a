"""The report's annex of what is still under discussion: open challenges and open comment threads, by question,
from the assessment file's `review:` and `comments:`; absent (and no chapter renumbered) when nothing is open."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT
from tests.report_support import run

EXAMPLE = ROOT / "examples" / "met-officer-monitoring" / "staff-association.yaml"
DISCUSSED = """
review:
  state: returned
  steps:
  - {from: draft, to: in_review, by: rep, at: '2026-05-01T09:00:00Z'}
  - {from: in_review, to: returned, by: chair, at: '2026-05-02T09:00:00Z', reason: See the challenges}
  challenges:
  - {framework: consultation, question: staff_association, reason: "Name the meeting <b>and</b> its date",
     by: chair, at: '2026-05-02T08:00:00Z'}
  - {framework: consultation, question: duty_identified, reason: Withdrawn one, by: chair,
     at: '2026-05-02T08:30:00Z', status: withdrawn, closed_by: chair, closed_at: '2026-05-02T08:40:00Z'}
comments:
- framework: consultation
  question: duty_identified
  posts:
  - {by: chair, at: '2026-05-02T08:10:00Z', text: Which statute imposes the duty?}
  - {by: rep, at: '2026-05-02T08:20:00Z', text: The 2003 regulations}
- framework: consultation
  question: staff_association
  resolved: true
  posts:
  - {by: rep, at: '2026-05-02T08:10:00Z', text: Settled already}
"""


def _report(tmp_path: Path, extra: str, suffix: str) -> str:
    source = tmp_path / "assessment.yaml"
    source.write_text(EXAMPLE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    out = tmp_path / f"report{suffix}"
    done = run("report", source, "-o", out)
    assert done.returncode == 0, done.stderr
    return out.read_text(encoding="utf-8")


def test_the_annex_lists_open_challenges_and_threads_by_question(tmp_path: Path) -> None:
    html = _report(tmp_path, DISCUSSED, ".html")
    annex = html[html.index('id="open-review"'):]
    assert "Open challenges and comments" in annex
    assert "Name the meeting &lt;b&gt;and&lt;/b&gt; its date" in annex  # escaped, as all user text
    assert "Which statute imposes the duty?" in annex and "1 reply" in annex
    assert "Withdrawn one" not in annex and "Settled already" not in annex  # closed: not open any more
    # In question order: the duty question (asked first) before the staff association question.
    assert annex.index("Which statute") < annex.index("Name the meeting")
    markdown = _report(tmp_path, DISCUSSED, ".md")
    assert "Open challenges and comments" in markdown and "Which statute imposes the duty?" in markdown


def test_without_open_items_there_is_no_annex(tmp_path: Path) -> None:
    html = _report(tmp_path, "", ".html")
    assert 'id="open-review"' not in html and "Open challenges and comments" not in html
