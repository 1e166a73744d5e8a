"""The draft ATRS record: the fields an assessment supports are filled from it, with their source; the rest
are marked to complete; JSON and Markdown carry the same record."""

from __future__ import annotations

import json
from pathlib import Path

from assess.i18n import ENGLISH
from assess.loading import FrameworkLibrary, load_assessment
from assess.model import Assessment
from assess.result import Result
from assess.scoring import score
from tests.conftest import ROOT
from tests.report_support import run

EXAMPLE = ROOT / "examples" / "met-officer-monitoring" / "ethics-board.yaml"


def score_of(assessment: Assessment) -> Result:
    _, frameworks = load_assessment(EXAMPLE, FrameworkLibrary())
    return score(frameworks, assessment)


def test_the_json_record(tmp_path: Path) -> None:
    out = tmp_path / "record.json"
    done = run("atrs", EXAMPLE, "-o", out)
    assert done.returncode == 0, done.stderr
    record = json.loads(out.read_text(encoding="utf-8"))
    assessment, _ = load_assessment(EXAMPLE, FrameworkLibrary())
    fields = {f["name"]: f for s in record["sections"] for f in s["fields"]}
    titles = [s["title"] for s in record["sections"]]
    assert titles[0].startswith("Tier 1") and all(t.startswith("Tier 2") for t in titles[1:])
    assert fields["Name"]["value"] == assessment.subject.system
    assert fields["Organisation or department"]["value"] == assessment.subject.organisation
    assert fields["Phase"]["value"] == assessment.subject.stage
    assert fields["Contact email"]["value"] is None and fields["Contact email"]["source"]
    impact = fields["Impact assessments"]
    assert assessment.title in impact["value"] and len(impact["items"]) == len(assessment.frameworks)
    assert fields["Mitigations"]["items"] and fields["Risks"]["items"]
    result = score_of(assessment)
    assert [f"assurance {ENGLISH.percent(fr.assurance)}" in item for fr, item in zip(
        result.frameworks, impact["items"], strict=True)] == [True] * len(result.frameworks)


def test_the_markdown_record_marks_what_to_complete() -> None:
    done = run("atrs", EXAMPLE)
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert text.startswith("# Algorithmic Transparency Recording Standard: draft record")
    assert "| Senior responsible owner | **To complete** |" in text
    assert "## Tier 2: risks, mitigations and impact assessments" in text
