"""The shipped examples stay in step with the shipped frameworks."""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.loading import FrameworkLibrary, load_assessment
from assess.scoring import score
from tests.conftest import ROOT

EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_is_pinned_to_the_current_frameworks(path: Path) -> None:
    assessment, frameworks = load_assessment(path, FrameworkLibrary())
    result = score(frameworks, assessment)
    assert result.warnings == [], f"re-pin with: assess pin {path.relative_to(ROOT)}"
    assert all(pin.sha256 for pin in assessment.frameworks.values())
