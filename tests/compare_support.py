"""Helpers for the `assess compare` tests: the worked example, the second-review fixture, and
small synthetic assessments over the core test framework `mini`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from assess.comparison.build import compare
from assess.comparison.model import Comparison, Entry, Mode
from assess.loading import FrameworkLibrary, load_assessment
from assess.model import Assessment, Framework
from assess.scoring import score
from assess.yamlsource import parse_document
from tests.conftest import CORE_FIXTURES, ROOT

EXAMPLES = ROOT / "examples" / "met-officer-monitoring"
PERSPECTIVES = [EXAMPLES / "force.yaml", EXAMPLES / "staff-association.yaml", EXAMPLES / "ethics-board.yaml"]
FIRST_REVIEW = EXAMPLES / "ethics-board.yaml"
SECOND_REVIEW = ROOT / "tests" / "fixtures" / "compare" / "ethics-board-review.yaml"
MINI_DIR = CORE_FIXTURES / "frameworks"


def entries(paths: Sequence[Path], library: FrameworkLibrary | None = None) -> list[Entry]:
    library = library or FrameworkLibrary()
    found = []
    for path in paths:
        assessment, frameworks = load_assessment(path, library)
        found.append(Entry(str(path), assessment, frameworks, score(frameworks, assessment), path.read_bytes()))
    return found


def compare_files(paths: Sequence[Path], mode: Mode | None = None) -> Comparison:
    return compare(entries(paths), mode)


def mini_data() -> dict[str, Any]:
    """The core test framework's data, read the way assess reads YAML (`yes` stays a string)."""
    path = MINI_DIR / "mini.yaml"
    data: dict[str, Any] = parse_document(path.read_bytes(), str(path)).data
    return data


def mini_framework(**changes: Any) -> Framework:
    data = mini_data()
    data.update(changes)
    return Framework.model_validate(data)


def mini_assessment(answers: Mapping[str, Any], *, name: str | None = None, perspective: str = "board",
                    date: str = "2026-11-01", note: str | None = None, **top: Any) -> Assessment:
    data: dict[str, Any] = {
        "schema": "assess/assessment@1", "title": f"Mini ({name or perspective})",
        "subject": {"organisation": "Test Org", "system": "Test System", "stage": "pilot"},
        "respondent": {"name": name, "role": "member", "perspective": perspective},
        "classification": "OFFICIAL", "date": date, "frameworks": {"mini": {"version": "1.0.0"}},
        "answers": {"mini": {q: ({"answer": a, "note": note} if note else {"answer": a})
                             for q, a in answers.items()}},
    }
    data.update(top)
    return Assessment.model_validate(data)


def mini_entry(answers: Mapping[str, Any], framework: Framework | None = None, **kw: Any) -> Entry:
    framework = framework or mini_framework()
    assessment = mini_assessment(answers, **kw)
    label = kw.get("name") or kw.get("perspective") or "mini"
    return Entry(f"{label}.yaml", assessment, {"mini": framework}, score({"mini": framework}, assessment))


def write_yaml(path: Path, assessment: Assessment) -> Path:
    path.write_text(yaml.safe_dump(assessment.model_dump(mode="json", by_alias=True, exclude_none=True),
                                   sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
