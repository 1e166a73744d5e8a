"""Hostile text (tests/hostile/text/): bidi overrides, isolates, zero-width and control characters in
a framework and in answers. Every output shows them for what they are (issue 10, item 8):

- terminal and plain text, Markdown: `⟦U+202E⟧` in place of each, no raw control reaches the screen;
- JSON: `\\u202e` escapes, the same strings once parsed, RFC 8259 throughout;
- HTML and PDF: isolated in `<bdi>` + U+2068/U+2069, so the words beside them keep their order;
  where an element cannot go (attributes, <title>, SVG) they are made visible;
- `assess validate` warns at the line and column of each, and exits 0 when nothing else is wrong.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assess.interview import render
from assess.safetext import TERMINAL_UNSAFE, json_visible, visible
from tests.conftest import ROOT
from tests.report_support import pdfinfo, pdftotext

HOSTILE = ROOT / "tests" / "hostile" / "text"
FRAMEWORKS = HOSTILE / "frameworks"
FRAMEWORK = FRAMEWORKS / "trojan.yaml"
ANSWERS = HOSTILE / "trojan.yaml"
RLO, ZWSP, ESC = "\u202e", "\u200b", "\x1b"


def raw_controls(text: str) -> set[str]:
    return {c for c in text if c in TERMINAL_UNSAFE}


def test_validate_warns_where_each_one_is(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("validate", FRAMEWORK, ANSWERS, "--frameworks", FRAMEWORKS)
    assert code == 0
    assert out == "2 file(s) valid, 11 warning(s)\n"
    tail = "which can make it read differently from what it says; outputs show it as {} (delete it unless the text " \
           "needs it)"
    lines = err.splitlines()
    assert lines[0] == f"{FRAMEWORK}:7:8: warning: 'title' holds U+202E RIGHT-TO-LEFT OVERRIDE, " + tail.format(
        "⟦U+202E⟧")
    assert lines[4] == f"{FRAMEWORK}:17:14: warning: 'ask' holds U+001B control character, " + tail.format("⟦U+001B⟧")
    assert lines[10] == f"{ANSWERS}:11:23: warning: 'answer' holds U+000D control character, " + tail.format(
        "⟦U+000D⟧")
    assert [line.split(": warning: ")[0] for line in lines] == [
        f"{FRAMEWORK}:7:8", f"{FRAMEWORK}:8:10", f"{FRAMEWORK}:11:15", f"{FRAMEWORK}:14:12", f"{FRAMEWORK}:17:14",
        f"{FRAMEWORK}:22:34", f"{FRAMEWORK}:22:116", f"{ANSWERS}:3:8", f"{ANSWERS}:4:25", f"{ANSWERS}:10:37",
        f"{ANSWERS}:11:23"]
    assert not raw_controls(err)


def test_warnings_come_with_errors_in_file_order(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "trojan.yaml"
    broken.write_text(FRAMEWORK.read_text(encoding="utf-8").replace("version: 1.0.0", "version: one"),
                      encoding="utf-8")
    code, _, err = cli("validate", broken)
    assert code == 2
    lines = err.splitlines()
    assert lines[0].startswith(f"{broken}:6:10: error: 'version': string should match pattern")
    assert lines[1].startswith(f"{broken}:7:8: warning: 'title' holds U+202E")
    assert lines[-1] == "1 error(s) in 1 file(s), 7 warning(s); 0 file(s) valid"


def test_the_terminal_table_shows_the_marks(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("score", ANSWERS, "--frameworks", FRAMEWORKS)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Pilot ⟦U+202E⟧review"
    assert lines[1] == "Metro⟦U+200B⟧politan Police · Insight"
    assert lines[5].startswith("Staff ⟦U+202E⟧ydob ")
    assert "  1. [gate] 1.1.1: Consult ⟦U+2066⟧them." in lines  # questions named by their number
    assert not raw_controls(out)


def test_an_error_quoting_hostile_text_shows_the_marks(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    answers = tmp_path / "a.yaml"
    answers.write_text(ANSWERS.read_text(encoding="utf-8").replace('answer: "no"', 'answer: "n\\u202eo"'),
                       encoding="utf-8")
    code, out, err = cli("score", answers, "--frameworks", FRAMEWORKS)
    assert (code, out) == (2, "")
    assert err == f"{answers}:10:25: error: 'n⟦U+202E⟧o' is not an option of 'consulted' (did you mean 'no'?)\n"


def test_json_escapes_them_and_keeps_the_data(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("score", ANSWERS, "--format", "json", "--frameworks", FRAMEWORKS)
    assert code == 0
    assert not raw_controls(out)
    assert '"title": "Pilot \\u202ereview"' in out
    data = json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    assert data["title"] == "Pilot \u202ereview"  # nothing lost: the same string once parsed
    assert json_visible(json.dumps({"k": "a\u202eb\x85"}, ensure_ascii=False)) == '{"k": "a\\u202eb\\u0085"}'


def test_markdown_shows_the_marks(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "r.md"
    assert cli("report", ANSWERS, "-o", out, "--frameworks", FRAMEWORKS)[0] == 0
    text = out.read_text(encoding="utf-8")
    assert not raw_controls(text)
    assert "# Pilot ⟦U+202E⟧review" in text
    assert "Board: ⟦U+202E⟧on saw tI" in text
    assert "Fine⟦U+000D⟧HIDDEN" in text
    # The contents link to a chapter whose title holds a mark goes where GitHub puts the heading's anchor.
    assert "## Annex 1: Staff ⟦U+202E⟧ydob" in text and "(#annex-1-staff-u202eydob)" in text


def test_html_isolates_them_in_text_and_shows_them_elsewhere(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "r.html"
    assert cli("report", ANSWERS, "-o", out, "--frameworks", FRAMEWORKS)[0] == 0
    page = out.read_text(encoding="utf-8")
    assert "<bdi>\u2068Board: \u202eon saw tI\u2069</bdi>" in page
    assert "<bdi>\u2068Staff \u202eydob\u2069</bdi>, <a href=" in page
    # Where an element cannot go, the mark: the page title, an attribute, the chart's SVG text.
    assert "<title>Pilot ⟦U+202E⟧review</title>" in page
    assert 'content="impact assessment, Metro⟦U+200B⟧politan Police, Insight"' in page
    assert re.search(r"<text [^>]*>Staff ⟦U\+202E⟧ydob</text>", page)
    # Outside the isolates no bidi control is left, and no terminal control anywhere.
    outside = re.sub(r"<bdi>\u2068.*?\u2069</bdi>", "", page, flags=re.DOTALL)
    assert not raw_controls(outside)
    assert ESC not in page and "Fine⟦U+000D⟧HIDDEN" in page
    # Text a user writes that happens to hold the private markers cannot forge an isolate.
    forged = tmp_path / "forged.yaml"
    forged.write_text(ANSWERS.read_text(encoding="utf-8").replace('"Fine\\rHIDDEN"', '"a\\ue001</x>\\ue000b"'),
                      encoding="utf-8")
    assert cli("report", forged, "-o", tmp_path / "f.html", "--frameworks", FRAMEWORKS)[0] == 0
    assert "a⟦U+E001⟧&lt;/x&gt;⟦U+E000⟧b" in (tmp_path / "f.html").read_text(encoding="utf-8")


def test_pdf_keeps_the_words_beside_them_in_order(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "r.pdf"
    code, _, err = cli("report", ANSWERS, "-o", out, "--frameworks", FRAMEWORKS)
    assert code == 0
    assert "notdef" not in err  # no control character reached the page as a blank box
    text = pdftotext(out)
    # Unisolated, the override in the framework's title would carry on into the words after it:
    # "(Staff noitseuq ,body 2.1.1)". Isolated, only the title's own text is affected.
    assert "Consult them. (Staff body, question 1.1.1)" in text
    assert "noitseuq" not in text
    assert pdfinfo(out)["Title"] == "Pilot ⟦U+202E⟧review"


def test_the_comparison_table_shows_the_marks(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("compare", ANSWERS, ANSWERS, "--frameworks", FRAMEWORKS, "--format", "table", "-o", "-")
    assert code == 0, err
    assert "Staff ⟦U+202E⟧ydob" in out and not raw_controls(out)


def test_the_questionnaire_screens_show_the_marks() -> None:
    """The interview's own text goes through render.wrap and render.clip (option labels too)."""
    ask = "Was the staff association consulted? \x1b[2J\x1b[31mYES\x1b[0m"
    assert render.wrap(ask) == ["Was the staff association consulted? ⟦U+001B⟧[2J⟦U+001B⟧[31mYES⟦U+001B⟧[0m"]
    assert render.clip("No \u202eyllanoitnetni", 40) == "No ⟦U+202E⟧yllanoitnetni"


@pytest.mark.parametrize(("text", "shown"), [
    ("plain text, accents é and a no-break\u00a0space", "plain text, accents é and a no-break\u00a0space"),
    ("tab\tand\nnewline", "tab\tand\nnewline"),
    (f"{RLO}{ZWSP}{ESC}\r\x7f\x9b", "⟦U+202E⟧⟦U+200B⟧⟦U+001B⟧⟦U+000D⟧⟦U+007F⟧⟦U+009B⟧"),
    ("\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u200e\u200f\u061c\ufeff\u2060",
     "⟦U+2066⟧⟦U+2067⟧⟦U+2068⟧⟦U+2069⟧⟦U+202A⟧⟦U+202B⟧⟦U+202C⟧⟦U+202D⟧⟦U+200E⟧⟦U+200F⟧⟦U+061C⟧⟦U+FEFF⟧⟦U+2060⟧"),
])
def test_visible(text: str, shown: str) -> None:
    assert visible(text) == shown
    assert visible(visible(text)) == shown  # marking twice changes nothing


def test_confusable_ids_are_refused_and_confusable_answers_do_not_match(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """Look-alike letters (Cyrillic 'е' for Latin 'e') are legitimate in text, so they are shown as
    they are; where they could pass for something else, in ids, option values and answers, they are
    refused, never matched to the Latin spelling."""
    framework = tmp_path / "frameworks" / "trojan.yaml"
    framework.parent.mkdir()
    framework.write_text(FRAMEWORK.read_text(encoding="utf-8").replace("id: remarks", "id: r\u0435marks"),
                         encoding="utf-8")
    code, _, err = cli("validate", framework)
    assert code == 2
    assert f"{framework}:23:13: error: 'id': string should match pattern '^[a-z][a-z0-9_]*$'" in err.splitlines()
    answers = tmp_path / "a.yaml"
    answers.write_text(ANSWERS.read_text(encoding="utf-8").replace('answer: "no"', 'answer: "n\u043e"'),
                       encoding="utf-8")
    code, _, err = cli("score", answers, "--frameworks", FRAMEWORKS)
    assert code == 2
    assert err == f"{answers}:10:25: error: 'n\u043e' is not an option of 'consulted' (options: yes, no, dont_know)\n"


def test_the_questionnaire_in_a_real_terminal_shows_the_marks(tmp_path: Path) -> None:
    """`assess run` on the hostile framework, in an 80x24 pseudo-terminal, as a respondent sees it:
    the framework's escape sequence is on screen as text, not obeyed, and the override is a mark."""
    import os
    import sys

    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "TERM": "xterm", "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1", "COLUMNS": "80",
           "LINES": "24"}
    child = pexpect.spawn(sys.executable, ["-m", "assess", "run", "a.yaml", "--framework", "trojan", "--quick",
                                           "--frameworks", str(FRAMEWORKS)],
                          cwd=str(tmp_path), env=env, dimensions=(24, 80), encoding="utf-8", timeout=30)
    try:
        child.expect_exact("Title of this assessment")
        child.send("Pilot\r")
        child.expect_exact("Organisation")
        child.send("A force\r")
        child.expect_exact("system or tool")
        child.send("Platform\r")
        for prompt in ("Stage of the deployment", "Your name", "Your role", "Whose view", "Date of the assessment",
                       "Protective marking"):
            child.expect_exact(prompt)
            child.send("\r")
        child.expect_exact("1/2 · Staff ⟦U+202E⟧ydob › Lawful ⟦U+200D⟧basis")  # after "Question 1.1.1 · "
        child.expect_exact("Was the staff association consulted? ⟦U+001B⟧[2J⟦U+001B⟧[31mYES⟦U+001B⟧[0m")
        child.expect_exact("No ⟦U+202E⟧yllanoitnetni")
        screen = child.before or ""
        assert "\x1b[31mYES" not in screen and "\u202e" not in screen
    finally:
        child.terminate(force=True)
