"""Shared helpers for the SurveyJS and AIA tests: import a survey, import saved answers, score."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assess.importers.aia_answers import AnswersImport, import_answers
from assess.importers.surveyjs import Options, convert_survey
from assess.loading import FrameworkLibrary
from assess.model import Framework
from assess.result import FrameworkResult
from assess.scoring import score
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "surveyjs"
MINI = FIXTURES / "mini-aia.json"
REAL_AIA = ROOT / "tests" / "fixtures" / "canada-aia"  # the official survey, MIT-licensed: see its README


def import_survey(survey: Path, out_dir: Path, framework_id: str, requirements: dict[str, Path] | None = None,
                  **options: Any) -> Path:
    """Run the importer as the command does and write ID.yaml into out_dir."""
    from assess.importers import framework_yaml

    text = survey.read_text(encoding="utf-8")
    loaded = {lang: json.loads(p.read_text(encoding="utf-8")) for lang, p in (requirements or {}).items()}
    imported = convert_survey(json.loads(text), Options(framework_id=framework_id, requirements=loaded,
                                                         source=survey.name, **options), text)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{framework_id}.yaml"
    path.write_text(framework_yaml(imported.data), encoding="utf-8")
    return path


def library(out_dir: Path, lang: str | None = None) -> FrameworkLibrary:
    return FrameworkLibrary(dirs=[out_dir], include_builtin=False, lang=lang)


def results_file(data: dict[str, Any]) -> dict[str, Any]:
    """A saved-results file as the official tool writes it."""
    return {"version": "test", "currentPage": 3, "data": data, "translationsOnResult": {}}


def score_saved(framework: Framework, data: dict[str, Any]) -> tuple[FrameworkResult, AnswersImport]:
    done = import_answers(results_file(data), framework, "results.json")
    result = score({framework.id: framework}, done.assessment)
    return result.frameworks[0], done


def tallies(fw: FrameworkResult) -> dict[str, float]:
    return {t.id: t.points for t in fw.tallies}
