"""`assess import surveyjs` and `assess import aia-answers`, end to end through the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assess.fingerprint import framework_sha256
from assess.scoring import question_maximum
from tests.aia_support import FIXTURES, MINI, REAL_AIA, import_survey, library, results_file, score_saved


def test_the_mini_survey_becomes_a_valid_framework(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "fw" / "mini-aia.yaml"
    code, stdout, stderr = cli("import", "surveyjs", MINI, "-o", out, "--reviewed", "2026-01-01")
    assert code == 0, stderr
    assert "4 sections, 20 questions" in stdout
    assert "page 'welcome' has no question" in stderr
    assert cli("validate", out)[0] == 0
    fw = library(out.parent).load("mini-aia")
    by_id = {q.id: q for q in fw.questions()}
    # roles from panel-name suffixes; a question's own -NS suffix wins over its panel's -RS
    assert {q.id for q in fw.questions() if q.role == "impact"} == {"r1", "r2", "r3", "r4", "r5", "r7", "r8"}
    assert by_id["r6_ns"].role is None and by_id["r6_ns"].source_name == "r6-NS"
    assert by_id["department_ns"].role is None
    # weights moved out of the values into scores; the original value kept for answer files
    assert [(o.value, o.score, o.source_value) for o in by_id["r7"].options] == [
        ("item1", 10, "item1-10"), ("item2", 5, "item2-5"), ("item3", 0, "item3-0")]
    assert [o.score for o in by_id["r6_ns"].options] == [0, 0]
    assert question_maximum(by_id["r2"]) == 6
    # conditions: the page's and the question's own, in SurveyJS's meaning
    assert by_id["r1_why"].when == "r1 == 'item2'"
    assert by_id["r2_other"].when == "'item1' not in (r2 or [])"
    assert by_id["m2"].when == "phase == 'item1'"
    assert by_id["r8_more"].when == "('item1' in (r8 or []) and 'item2' in (r8 or [])) or r7 != 'item3'"
    assert fw.scoring.method.value == "levels" and fw.scoring.level_from == "impact"
    assert fw.languages == ["en", "fr"]


def test_french_text_and_the_same_hash_in_both_languages(tmp_path: Path) -> None:
    import_survey(MINI, tmp_path, "mini-aia")
    en, fr = library(tmp_path).load("mini-aia"), library(tmp_path, "fr").load("mini-aia")
    assert (en.title, fr.title) == ("Mini impact check", "Petit contrôle d'incidence")
    assert fr.question("phase").options[1].label == "Réalisation"  # type: ignore[union-attr]
    assert fr.question("r1").ask == "Is it used on people?"  # type: ignore[union-attr]  # untranslated
    assert framework_sha256(en) == framework_sha256(fr)


def test_score_in_french_from_the_command_line(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    fw_dir = tmp_path / "fw"
    import_survey(MINI, fw_dir, "mini-aia", requirements={"en": FIXTURES / "mini-requirements-en.json",
                                                          "fr": FIXTURES / "mini-requirements-fr.json"})
    saved = tmp_path / "results.json"
    saved.write_text(json.dumps(results_file({"phase": "item1", "r7": "item1-10", "m1": "item1-4",
                                              "m2": ["item3-1"], "m3": "item1-3", "b1": "item2-0"})))
    answers = tmp_path / "answers.yaml"
    code, stdout, stderr = cli("import", "aia-answers", saved, "-o", answers, "--framework", "mini-aia",
                               "--frameworks", fw_dir, "--system", "Queue triage", "--organisation", "Test")
    assert code == 0, stderr
    assert "1 answer(s) to questions the final answers hide were dropped" in stderr and "b1" in stderr
    code, stdout, _ = cli("score", answers, "--frameworks", fw_dir, "--format", "json", "--lang", "fr")
    assert code == 0
    fw = json.loads(stdout)["frameworks"][0]
    assert fw["title"] == "Petit contrôle d'incidence"
    assert (fw["level"]["id"], fw["level"]["raw"], fw["level"]["score"]) == ("II", 10, 9)
    assert [r["text"] for r in fw["level"]["requirements"]] == ["Avis B", "Un examinateur"]
    code, stdout, _ = cli("score", answers, "--frameworks", fw_dir)
    assert "Level II (2 of 4)" in stdout and "current score 9" in stdout


def test_bad_json_is_a_located_error_and_writes_nothing(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "survey.json"
    bad.write_text('{"pages": [\n  {"name": "p1",\n   "elements": [}\n]}')
    out = tmp_path / "fw" / "x.yaml"
    code, _, stderr = cli("import", "surveyjs", bad, "-o", out)
    assert code == 2
    assert stderr.startswith(f"{bad}:3:17: error: invalid JSON")
    assert "Traceback" not in stderr and not out.exists()
    code, _, stderr = cli("import", "aia-answers", bad, "-o", tmp_path / "a.yaml", "--framework", "x")
    assert code == 2 and not (tmp_path / "a.yaml").exists()


def test_an_untranslatable_condition_is_located(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    survey = {"pages": [{"name": "p", "elements": [
        {"type": "text", "name": "a", "title": "A"},
        {"type": "text", "name": "b", "title": "B", "visibleIf": "{a} = {c}"},
    ]}]}
    path = tmp_path / "s.json"
    path.write_text(json.dumps(survey, indent=1))
    out = tmp_path / "x.yaml"
    code, _, stderr = cli("import", "surveyjs", path, "-o", out)
    assert code == 2 and not out.exists()
    text = path.read_text()
    line = text[: text.index("{a} = {c}")].count("\n") + 1
    assert stderr.startswith(f"{path}:{line}:") and "cannot translate the visibleIf of 'b'" in stderr


def test_an_existing_output_is_kept_without_force(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "mini-aia.yaml"
    out.write_text("keep me")
    code, _, stderr = cli("import", "surveyjs", MINI, "-o", out)
    assert code == 2 and "already exists" in stderr and out.read_text() == "keep me"
    assert cli("import", "surveyjs", MINI, "-o", out, "--force")[0] == 0


def test_the_output_name_must_be_the_framework_id(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    code, _, stderr = cli("import", "surveyjs", MINI, "-o", tmp_path / "a.yaml", "--id", "other")
    assert code == 2 and "named after the framework id" in stderr


def test_a_general_survey_without_the_aia_conventions(tmp_path: Path) -> None:
    survey: dict[str, Any] = {"title": "Plain", "elements": [
        {"type": "boolean", "name": "ok", "title": "OK?"},
        {"type": "rating", "name": "stars", "title": "Stars", "rateMin": 1, "rateMax": 5,
         "visibleIf": "{ok} = true"},
        {"type": "checkbox", "name": "tags", "choices": ["a-1", "b"], "hasNone": True},
        {"type": "matrix", "name": "grid"},
    ]}
    path = tmp_path / "plain.json"
    path.write_text(json.dumps(survey))
    import_survey(path, tmp_path / "fw", "plain")
    fw = library(tmp_path / "fw").load("plain")
    assert fw.scoring.method.value == "assurance" and not fw.scoring.tallies
    stars, tags = fw.question("stars"), fw.question("tags")
    assert stars is not None and stars.type.value == "scale" and stars.when == "ok == 'yes'"
    assert tags is not None and [o.value for o in tags.options] == ["a-1", "b", "none"]  # weights left alone
    assert fw.question("grid") is None


def test_the_real_aia_survey_imports_with_the_published_maxima(tmp_path: Path) -> None:
    import_survey(REAL_AIA / "survey-enfr.json", tmp_path, "canada-aia", version="1.0.1", requirements={
        "en": REAL_AIA / "i18n-en.json", "fr": REAL_AIA / "i18n-fr.json"})
    fw = library(tmp_path).load("canada-aia")
    maxima: dict[str, float] = {}
    for q in fw.questions():
        if q.role:
            maxima[q.role] = maxima.get(q.role, 0) + question_maximum(q)
    assert maxima == {"impact": 167, "mitigation": 154}
    assert fw.scoring.adjustments[0].of == 77  # one phase
    result, _ = score_saved(fw, {})
    assert result.level is not None and result.level.bounds == [41.75, 83.5, 125.25]
    assert [r.title for r in result.level.requirements][:3] == ["Notice", "Explanation", "Peer review"]
    assert library(tmp_path, "fr").load("canada-aia").scoring.levels[0].requirements[0].title == "Avis"


# A design-phase answer set, worked out by hand from the published rules. Impact points per
# answer: businessDrivers5 2, businessDrivers9 1, businessDrivers11 2, riskProfile1 3,
# riskProfile2 3, riskProfile4 4, riskProfile7 3, projectAuthority1 2, aboutSystem3 1,
# aboutSystem5 2, aboutSystem11 2, aboutAlgorithm1 1, aboutAlgorithm2 3, impact30 4, impact6 3,
# impact7 4, aboutDataSource5 4, aboutDataSource6 4, the rest 0: raw 48 (> 41.75: level II
# before mitigation). Mitigation (design pages): consultation 2+2+3+3 = 10, data quality
# 3+1+1+1+2+1+2+1+2 = 14, fairness 1+1+2+2+2+2+1+2+2+1+2+2+2+2+2+2+2+2+2+2+2 = 40 (2 of them
# fairnessDesign21's two 1-point choices), privacy 2+2+2+1+1+1 = 9: 73 >= 0.8 * 77 = 61.6, so
# the current score is Math.round(0.85 * 48) = Math.round(40.8) = 41 <= 41.75: level I.
REAL_ANSWERS: dict[str, Any] = {
    "projectDetailsTitle": "Benefit triage", "projectDetailsPhase": "item1",
    "businessDrivers1": ["item1", "item3"], "businessDrivers5": "item1-2", "businessDrivers9": "item2-1",
    "businessDrivers11": ["item1-2", "item2-0"], "riskProfile1": "item1-3", "riskProfile2": "item1-3",
    "riskProfile3": "item2-0", "riskProfile4": "item3-4", "riskProfile7": "item1-3", "riskProfile8": "item2-0",
    "riskProfile9": "item1-0", "projectAuthority1": "item1-2", "aboutSystem3": "item3-1",
    "aboutSystem5": "item3-2", "aboutSystem5B": "item1-0", "aboutSystem11": "item2-2",
    "aboutAlgorithm1": "item1-1", "aboutAlgorithm2": "item1-3", "impact30": "item1-4", "impact6": "item3-3",
    "impact7": "item4-4", "aboutDataSource1": "item2-0", "aboutDataSource5": "item1-4",
    "aboutDataSource6": "item1-4",
    "consultationDesign1": "item1-2", "consultationDesign2": ["item2"], "consultationDesign3": "item1-2",
    "consultationDesign6": "item1-3", "consultationDesign7": "item1-3",
    "dataQualityDesign1": "item1-3", "dataQualityDesign2": "item1-1", "dataQualityDesign3": "item1-1",
    "dataQualityDesign4": "item1-1", "dataQualityDesign5": "item1-2", "dataQualityDesign7": "item1-1",
    "dataQualityDesign8": "item1-2", "dataQualityDesign9": "item1-1", "dataQualityDesign10": "item1-2",
    "fairnessDesign1": "item1-1", "fairnessDesign1A": "item1-1", "fairnessDesign2": "item1-2",
    "fairnessDesign3": "item1-2", "fairnessDesign4": "item1-2", "fairnessDesign5": "item1-2",
    "fairnessDesign7": "item1-1", "fairnessDesign10": "item1-2", "fairnessDesign8": "item1-2",
    "fairnessDesign9": "item1-1", "fairnessDesign12": "item1-2", "fairnessDesign13": "item1-2",
    "fairnessDesign16": "item1-2", "fairnessDesign17": "item1-2", "fairnessDesign18": "item1-2",
    "fairnessDesign19": "item1-2", "fairnessDesign20": "item1-2", "fairnessDesign21": ["item1-1", "item2-1"],
    "fairnessDesign22": "item1-2", "fairnessDesign22A": "item1-2", "fairnessDesign23": "item1-2",
    "fairnessDesign24": "item1-2",
    "privacyDesign1": "item1-2", "privacyDesign2": "item1-2", "privacyDesign9": "item1-2",
    "privacyDesign3": "item1-1", "privacyDesign4": "item1-1", "privacyDesign7": "item1-1",
    # stale: hidden by the final answers (the implementation phase; aboutDataSource1 is not item1-2)
    "riskProfile10": "item2-0", "aboutDataSource9": "item2-2", "consultationImplementation1": "item1-2",
    "privacyImplementation1": "item1-2",
}


def test_a_real_answer_set_reproduces_the_official_result(tmp_path: Path) -> None:
    import_survey(REAL_AIA / "survey-enfr.json", tmp_path, "canada-aia", version="1.0.1")
    fw = library(tmp_path).load("canada-aia")
    result, done = score_saved(fw, REAL_ANSWERS)
    assert sorted(done.dropped_hidden) == sorted(["risk_profile10", "about_data_source9",
                                                   "consultation_implementation1", "privacy_implementation1"])
    assert done.unknown == [] and done.invalid == []
    assert {t.id: t.points for t in result.tallies} == {"impact": 48, "mitigation": 73}
    assert result.level is not None
    assert (result.level.raw, result.level.score, result.level.id) == (48, 41, "I")
