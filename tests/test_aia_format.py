"""The general format extensions the AIA needed: roles and tallies, the levels method,
translated text. Frameworks here are written by hand, not imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.errors import AssessError
from assess.fingerprint import framework_sha256
from assess.loading import load_framework
from assess.model import Assessment
from assess.scoring import score

FRAMEWORK = """\
schema: assess/framework@1
id: tally
version: 1.0.0
title: {en: Tally test, fr: Essai de décompte}
summary: Two tallies and three levels.
last_reviewed: 2026-01-01
languages: [en, fr]
scoring:
  method: levels
  tallies:
    - {id: harm, title: Harm, higher: worse, maximum: %(maximum)s}
    - {id: care, title: {en: Care, fr: Soin}}
  level_from: harm
  adjustments:
    - {tally: care, at_least: 50, reduce_by: 50, rounding: %(rounding)s}
  levels:
    - {id: low, title: Low, up_to: 40, rating: green}
    - {id: mid, title: Middle, up_to: 80, rating: amber, requirements: [{title: Review, text: {en: One, fr: Un}}]}
    - {id: high, title: High, rating: red}
sections:
  - id: s
    title: S
    questions:
      - {id: a, ask: A?, role: harm,
         options: [{value: big, label: Big, score: 5}, {value: none, label: None, score: 0}]}
      - {id: b, ask: B?, role: harm, when: "a == 'big'",
         options: [{value: big, label: Big, score: 5}, {value: none, label: None, score: 0}]}
      - {id: c, ask: C?, role: care, options: [{value: yes, label: Yes, score: 2}, {value: no, label: No, score: 0}]}
      - {id: d, ask: D?, type: text}
"""


def write(tmp_path: Path, maximum: str = "all", rounding: str = "half-up", text: str = FRAMEWORK) -> Path:
    path = tmp_path / "tally.yaml"
    path.write_text(text % {"maximum": maximum, "rounding": rounding}, encoding="utf-8")
    return path


def assessment(**answers: str) -> Assessment:
    return Assessment.model_validate({
        "schema": "assess/assessment@1", "title": "t", "subject": {"organisation": "o", "system": "s"},
        "frameworks": {"tally": {"version": "1.0.0"}},
        "answers": {"tally": {k: {"answer": v} for k, v in answers.items()}},
    })


@pytest.mark.parametrize(("maximum", "answers", "expected"), [
    ("all", {"a": "none", "c": "no"}, ("low", 0, 10)),  # b hidden, but counted in the maximum
    ("shown", {"a": "none", "c": "no"}, ("low", 0, 5)),
    ("20", {"a": "big", "b": "big", "c": "no"}, ("mid", 10, 20)),  # 10 <= 80 % of 20
    ("all", {"a": "big", "b": "big", "c": "no"}, ("high", 10, 10)),
    ("all", {"a": "big", "b": "none", "c": "no"}, ("mid", 5, 10)),  # 5 <= 8: exactly 50 % is mid
])
def test_tally_maxima_and_levels(tmp_path: Path, maximum: str, answers: dict[str, str], expected) -> None:  # type: ignore[no-untyped-def]
    fw = load_framework(write(tmp_path, maximum))
    result = score({"tally": fw}, assessment(**answers)).frameworks[0]
    assert result.level is not None
    assert (result.level.id, result.level.score, result.level.max_points) == expected


@pytest.mark.parametrize(("rounding", "score_after"), [("half-up", 3), ("half-even", 2), ("none", 2.5)])
def test_adjustment_rounding(tmp_path: Path, rounding: str, score_after: float) -> None:
    fw = load_framework(write(tmp_path, rounding=rounding))
    # harm a 5 (b hidden? no: a big shows b) -> a big + b none = 5; care 2 >= 50 % of 2: 5 * 0.5 = 2.5
    result = score({"tally": fw}, assessment(a="big", b="none", c="yes")).frameworks[0]
    assert result.level is not None and result.level.score == score_after
    assert result.level.adjustments and "reduced by 50%" in result.level.adjustments[0]


def test_levels_rating_gates_and_assurance(tmp_path: Path) -> None:
    fw = load_framework(write(tmp_path))
    result = score({"tally": fw}, assessment(a="big", b="big", c="yes"))
    framework = result.frameworks[0]
    assert framework.rating.value == "amber" and framework.level is not None and framework.level.id == "mid"
    assert (framework.points, framework.max_points) == (2, 2)  # only care counts in assurance
    assert [r.text for r in framework.level.requirements] == ["One"]
    assert result.verdict.value == "Proceed with conditions"
    assert [q.role for q in framework.questions] == ["harm", "harm", "care", None]


def test_translations_resolve_and_keep_one_hash(tmp_path: Path) -> None:
    path = write(tmp_path)
    en, fr = load_framework(path), load_framework(path, lang="fr")
    assert (en.title, fr.title) == ("Tally test", "Essai de décompte")
    assert fr.scoring.tallies[1].title == "Soin" and fr.scoring.levels[1].requirements[0].text == "Un"
    assert load_framework(path, lang="de").title == "Tally test"  # falls back to the default language
    assert framework_sha256(en) == framework_sha256(fr)


@pytest.mark.parametrize(("old", "new", "message"), [
    ("role: harm,", "role: hurt,", "unknown tally 'hurt'"),
    ("level_from: harm", "level_from: hrm", "unknown tally 'hrm'"),
    ("up_to: 80, ", "", "every level but the last needs 'up_to'"),
    ("up_to: 80", "up_to: 30", "must be above the one before"),
    ("{id: high, title: High, rating: red}", "{id: high, title: High, up_to: 90, rating: red}", "the last level"),
    ("{id: d, ask: D?, type: text}", "{id: d, ask: D?, type: text, role: care}", "cannot count in a tally"),
    ("title: {en: Tally test, fr: Essai de décompte}", "title: {english: Tally test}", "not a language code"),
    ("method: levels", "method: assurance", "only applies to 'method: levels'"),
])
def test_mistakes_are_located(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = FRAMEWORK.replace(old, new, 1)
    assert text != FRAMEWORK
    with pytest.raises(AssessError) as caught:
        load_framework(write(tmp_path, text=text))
    found = [str(d) for d in caught.value.diagnostics]
    assert any(message in d for d in found), found
    assert all(not d.startswith(f"{tmp_path}/tally.yaml:1:1:") for d in found if message in d), found


def test_frameworks_without_the_new_keys_keep_their_hashes() -> None:
    # The example assessments were pinned before tallies and translations existed.
    from assess.loading import FrameworkLibrary, load_assessment
    from tests.conftest import ROOT

    library = FrameworkLibrary()
    for example in sorted((ROOT / "examples").rglob("*.yaml")):
        assessment_, frameworks = load_assessment(example, library)
        result = score(frameworks, assessment_)
        assert not [w for w in result.warnings if "changed since" in w], example
