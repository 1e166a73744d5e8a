"""Assessments answered against different versions of a framework compare by question id."""

from __future__ import annotations

from pathlib import Path

import yaml

from assess.comparison.build import compare
from assess.comparison.model import CellStatus
from assess.fingerprint import framework_sha256, question_fingerprints
from tests.compare_support import mini_assessment, mini_data, mini_entry, mini_framework, write_yaml


def version_2():  # type: ignore[no-untyped-def]
    """mini 2.0.0: `remarks` removed, `purpose_limit` added to the data section."""
    data = mini_data()
    data["version"] = "2.0.0"
    data["sections"][1]["questions"] = [q for q in data["sections"][1]["questions"] if q["id"] != "remarks"]
    data["sections"][1]["questions"].append({
        "id": "purpose_limit", "ask": "Are the uses limited?", "refs": ["case"],
        "options": [{"value": "closed", "label": "Closed list", "score": 3},
                    {"value": "open", "label": "Open", "score": 0}]})
    return mini_framework(**data)


def test_two_framework_objects_compare_by_question_id() -> None:
    old = mini_entry({"objective": "general", "consulted": "yes", "remarks": "Fine."}, name="Old")
    new = mini_entry({"objective": "specific", "consulted": "yes", "purpose_limit": "open"},
                     framework=version_2(), name="New", frameworks={"mini": {"version": "2.0.0"}})
    c = compare([old, new])
    assert c.question("mini.objective").spread == round(1 - 1 / 3, 4)
    [diff] = c.versions
    assert diff.versions == ["1.0.0", "2.0.0"]
    only = {q.question: (q.present_in, q.missing_from) for q in diff.questions}
    assert only == {"remarks": ([0], [1]), "purpose_limit": ([1], [0])}
    assert c.question("mini.remarks").cells[1].status is CellStatus.absent
    assert c.question("mini.purpose_limit").cells[0].status is CellStatus.absent
    assert "mini.purpose_limit" in c.answered_by_some


def test_drift_from_the_pinned_fingerprints(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """One library (v2), and an older assessment pinned to v1's questions: the removed question is
    listed as in its version only, and the added one as not in its version (not as unanswered)."""
    v1 = mini_framework()
    old = mini_assessment({"objective": "general", "consulted": "yes"}, name="Old",
                          frameworks={"mini": {"version": "1.0.0", "sha256": framework_sha256(v1),
                                               "questions": question_fingerprints(v1)}})
    new = mini_assessment({"objective": "specific", "consulted": "yes", "purpose_limit": "open"}, name="New",
                          frameworks={"mini": {"version": "2.0.0"}})
    library = tmp_path / "frameworks"
    library.mkdir()
    data = version_2().model_dump(mode="json", by_alias=True, exclude_none=True)
    (library / "mini.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    a, b = write_yaml(tmp_path / "old.yaml", old), write_yaml(tmp_path / "new.yaml", new)
    code, out, err = cli("compare", a, b, "--frameworks", library, "--format", "json")
    assert code == 0, err
    import json

    c = json.loads(out)
    [diff] = c["versions"]
    assert diff["versions"] == ["1.0.0", "2.0.0"]
    only = {q["question"]: (q["present_in"], q["missing_from"]) for q in diff["questions"]}
    assert only == {"purpose_limit": ([1], [0]), "remarks": ([0], [1])}
    cells = {q["question"]: [cell["status"] for cell in q["cells"]] for q in c["questions"]}
    assert cells["remarks"] == ["removed", "absent"]
    assert cells["purpose_limit"] == ["absent", "answered"]
    assert any("changed since these answers were given" in w for w in c["warnings"])
    code, out, err = cli("compare", a, b, "--frameworks", library)
    assert "Framework versions differ:" in out and "- remarks: only in the version of Old" in out
