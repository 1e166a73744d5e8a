"""The worked example in docs/framework-format.md is computed by the engine, not typed by hand."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from assess.checks import check_framework
from assess.model import Assessment, Framework
from assess.scoring import score
from assess.yamlsource import parse_document
from tests.conftest import ROOT

DOC = ROOT / "docs" / "framework-format.md"


def blocks() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    found = re.findall(r"<!-- worked-example: (\w+) -->\n```yaml\n(.*?)```", text, flags=re.S)
    return dict(found)


def test_worked_example_numbers_match_the_engine() -> None:
    parts = blocks()
    assert set(parts) == {"framework", "assessment", "expected"}
    doc = parse_document(parts["framework"].encode(), str(DOC))
    framework = Framework.model_validate(doc.data)
    assert list(check_framework(framework, doc)) == []
    assessment = Assessment.model_validate(parse_document(parts["assessment"].encode(), str(DOC)).data)
    expected: dict[str, Any] = yaml.safe_load(parts["expected"])

    result = score({"worked": framework}, assessment)
    fw = result.frameworks[0]
    assert fw.points == expected["points"]
    assert fw.max_points == expected["max_points"]
    assert fw.assurance == expected["assurance"]
    assert fw.rating.value == expected["rating"]
    assert result.verdict.value == expected["verdict"]
    assert {s.id: [s.points, s.max_points, s.assurance] for s in fw.sections} == expected["sections"]
    assert [g.question for g in fw.evidence_gaps] == expected["evidence_gaps"]
    assert [a.question for a in result.actions] == expected["actions"]


def test_the_gated_variant_in_the_last_paragraph() -> None:
    parts = blocks()
    framework = Framework.model_validate(parse_document(parts["framework"].encode(), "doc").data)
    data = parse_document(parts["assessment"].encode(), "doc").data
    data["answers"]["worked"]["objective"] = {"answer": "none"}
    fw = score({"worked": framework}, Assessment.model_validate(data)).frameworks[0]
    assert (fw.points, fw.max_points, fw.assurance) == (6, 16, 37.5)
    assert len(fw.rating_reasons) == 2 and fw.rating.value == "red"


def test_every_model_key_is_documented() -> None:
    from assess.model import Adjustment, Answer, Level, Option, Question, Reference, Section, Subject, Tally

    text = DOC.read_text(encoding="utf-8")
    for model in (Framework, Section, Question, Option, Reference, Assessment, Answer, Subject, Tally,
                  Adjustment, Level):
        for name, field in model.model_fields.items():
            key = field.alias or name
            assert f"`{key}`" in text, f"{model.__name__}.{key} is not documented in {DOC.name}"


def test_doc_exists_in_repo() -> None:
    assert Path(DOC).is_file()
