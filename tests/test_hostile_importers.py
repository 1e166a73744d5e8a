"""Hostile SurveyJS questionnaires and AIA answer files (tests/hostile/importers/).

Importers keep what they were given (issue 10, item 10): an element `name` that is not a string is
refused with its JSON path, never turned into '42' or 'None'; a missing or clashing name is reported
with its JSON path; NaN and infinities are refused (RFC 8259 has neither); text that holds bidi
controls is kept as it is, written so that the YAML shows it (`"\\u202E"`), and every message
quoting it shows it as `⟦U+202E⟧`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.conftest import ROOT

HOSTILE = ROOT / "tests" / "hostile" / "importers"
HINT = "(SurveyJS names are strings: put it in quotes)"


def test_names_that_are_not_strings_are_refused_with_their_json_path(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    survey = HOSTILE / "names-not-strings.json"
    out = tmp_path / "fw" / "names.yaml"
    code, stdout, stderr = cli("import", "surveyjs", survey, "-o", out)
    assert (code, stdout) == (2, "")
    assert stderr.splitlines() == [
        f"{survey}:4:27: error: pages[0].elements[1]: 'name' must be a string, found 42 {HINT}",
        f"{survey}:6:23: error: pages[0].elements[2].elements[0]: 'name' must be a string, found null {HINT}",
        f"{survey}:7:26: error: pages[0].elements[2].elements[1]: 'name' must be a string, found "
        f'{{"en": "remarks"}} {HINT}',
        f'{survey}:8:4: error: pages[1]: \'name\' must be a string, found ["page", 2] {HINT}',
    ]
    assert not out.exists() and not out.parent.exists()


def test_a_missing_name_is_reported_with_its_json_path(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    survey = HOSTILE / "name-missing.json"
    out = tmp_path / "missing.yaml"
    code, stdout, stderr = cli("import", "surveyjs", survey, "-o", out)
    assert code == 0
    assert stdout == f"wrote {out}: 1 sections, 1 questions (1 left out)\n"
    assert stderr == (f"{survey}: warning: pages[0].elements[1].elements[0]: a comment element without a name; "
                      "left out\n")


def test_clashing_names_are_reported_not_silently_renamed(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    survey = HOSTILE / "names-duplicate.json"
    out = tmp_path / "dup.yaml"
    code, _, stderr = cli("import", "surveyjs", survey, "-o", out)
    assert code == 0
    assert stderr.splitlines() == [
        f"{survey}: warning: pages[0].elements[1]: the name 'q1' is used by an earlier question too; imported as "
        "'q1_2', and answers saved under 'q1' go to the first",
        f"{survey}: warning: pages[0].elements[2]: 'Q1' would have the id of an earlier question; imported as 'q1_3'",
    ]
    questions = yaml.safe_load(out.read_text(encoding="utf-8"))["sections"][0]["questions"]
    assert [(q["id"], q.get("source_name")) for q in questions] == [("q1", None), ("q1_2", "q1"), ("q1_3", "Q1")]


def test_nan_in_a_survey_is_not_json(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    survey = HOSTILE / "survey-nan.json"
    out = tmp_path / "nan.yaml"
    code, _, stderr = cli("import", "surveyjs", survey, "-o", out)
    assert code == 2
    # The "NaN" inside the title's string is text; the bare one after rateMax is the error.
    assert stderr == (f"{survey}:3:94: error: invalid JSON: NaN is not a JSON value (RFC 8259) "
                      "(write the number, or null)\n")
    assert not out.exists()


def _small_framework(tmp_path: Path, cli) -> Path:  # type: ignore[no-untyped-def]
    frameworks = tmp_path / "frameworks"
    assert cli("import", "surveyjs", HOSTILE / "small.json", "-o", frameworks / "small.yaml")[0] == 0
    return frameworks


def test_infinity_in_saved_answers_is_not_json(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    frameworks = _small_framework(tmp_path, cli)
    saved = HOSTILE / "answers-nan.json"
    out = tmp_path / "a.yaml"
    code, _, stderr = cli("import", "aia-answers", saved, "--framework", "small", "--frameworks", frameworks,
                          "-o", out, "--date", "2026-11-01")
    assert code == 2
    assert stderr == (f"{saved}:3:24: error: invalid JSON: -Infinity is not a JSON value (RFC 8259) "
                      "(write the number, or null)\n")
    assert not out.exists()


def test_hostile_saved_answers_are_reported_and_kept_visible(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    frameworks = _small_framework(tmp_path, cli)
    saved = tmp_path / "answers-hostile.json"
    shutil.copy(HOSTILE / "answers-hostile.json", saved)
    out = tmp_path / "a.yaml"
    code, stdout, stderr = cli("import", "aia-answers", saved, "--framework", "small", "--frameworks", frameworks,
                               "-o", out, "--date", "2026-11-01")
    assert code == 0
    assert stdout == f"wrote {out}: 1 answer(s) to 'small'\n"
    assert stderr.splitlines() == [
        f"{saved}: warning: 'head⟦U+202E⟧count' is not a question of 'small'; left out",
        f"{saved}: warning: consulted: '{{'value': 'yes'}}' is not a choice; left out",
        f"{saved}: warning: headcount: not a finite number; left out",  # "1e999" would be infinity
    ]
    written = out.read_text(encoding="utf-8")
    # The note keeps its override (nothing lost), written as an escape an editor shows as such.
    assert '      note: "Board: \\u202Eon saw tI"\n' in written
    assert "\u202e" not in written
    assert yaml.safe_load(written)["answers"]["small"]["remarks"]["note"] == "Board: \u202eon saw tI"
    assert cli("validate", out, "--frameworks", frameworks)[0] == 0


def test_survey_text_with_an_override_is_kept_and_shown(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    survey = tmp_path / "s.json"
    survey.write_text('{"title": "Survey \\u202eeman", "pages": [{"name": "p", "elements": ['
                      '{"type": "text", "name": "q\\u200bone", "title": "Ask \\u2066this"}]}]}', encoding="utf-8")
    out = tmp_path / "fw" / "s.yaml"
    code, _, stderr = cli("import", "surveyjs", survey, "-o", out)
    assert code == 0, stderr
    written = out.read_text(encoding="utf-8")
    assert 'title: "Survey \\u202Eeman"' in written and 'ask: "Ask \\u2066this"' in written
    assert "source_name: \"q\\u200Bone\"" in written
    question = yaml.safe_load(written)["sections"][0]["questions"][0]
    assert question["source_name"] == "q\u200bone"  # the name as given, for answers saved under it
    code, _, stderr = cli("validate", out)
    assert code == 0
    assert f"{out}:6:8: warning: 'title' holds U+202E RIGHT-TO-LEFT OVERRIDE" in stderr


def test_every_element_left_out_is_named_by_its_json_path(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    survey = tmp_path / "w.json"
    survey.write_text('{"pages": [{"name": "p", "elements": [{"type": "text", "name": "ok"},\n'
                      '{"type": 5, "name": "odd"}, {"type": "text", "name": "hidden", "visible": false},\n'
                      '{"type": "rating", "name": "r", "rateMax": "x"}]}]}', encoding="utf-8")
    code, stdout, stderr = cli("import", "surveyjs", survey, "-o", tmp_path / "fw" / "w.yaml")
    assert code == 0
    assert stdout == f"wrote {tmp_path / 'fw' / 'w.yaml'}: 1 sections, 2 questions (2 left out)\n"
    assert stderr.splitlines() == [
        f"{survey}: warning: pages[0].elements[1]: 'odd' is a SurveyJS '5' question, which has no equivalent; left out",
        f"{survey}: warning: pages[0].elements[2]: 'hidden' is never visible (visible: false); left out",
        f"{survey}: warning: pages[0].elements[3]: 'r' has a rating scale that cannot be read; imported as text",
    ]
