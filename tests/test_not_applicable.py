"""'Not applicable', with a reason: allowed only where the framework says so, located errors otherwise,
scored as a hidden question is, and listed with its reason wherever answers are shown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from assess.loading import FrameworkLibrary
from assess.model import Assessment
from assess.result import QuestionStatus, Rating
from assess.scoring import score
from assess.storage import dump_assessment
from assess.yamlsource import read_document
from tests.conftest import CORE_FIXTURES

MINI = CORE_FIXTURES / "frameworks" / "mini.yaml"
REASON = "The system has no safeguards of its own: it only reads a nightly export."


def allowing(tmp_path: Path, *ids: str) -> Path:
    """The mini framework, with `may_be_not_applicable` on the questions named."""
    data = read_document(MINI).data
    for section in data["sections"]:
        for question in section["questions"]:
            if question["id"] in ids:
                question["may_be_not_applicable"] = True
    folder = tmp_path / "frameworks"
    folder.mkdir()
    (folder / "mini.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


FULL: dict[str, Any] = {
    "objective": {"answer": "specific", "evidence": ["doc"]},
    "link": {"answer": "validated"},
    "categories": {"answer": ["work"]},
    "safeguards": {"answer": ["audit", "review"]},
    "consulted": {"answer": "yes"},
    "trust": {"answer": 5},
    "headcount": {"answer": 10},
    "golive": {"answer": "2026-01-01"},
    "remarks": {"answer": "fine"},
}


def assessment(answers: dict[str, Any]) -> Assessment:
    return Assessment.model_validate({
        "schema": "assess/assessment@1", "title": "T", "subject": {"organisation": "O", "system": "S"},
        "frameworks": {"mini": {"version": "1.0.0"}}, "answers": {"mini": answers},
    })


def test_not_applicable_counts_like_a_hidden_question(tmp_path: Path) -> None:
    library = FrameworkLibrary(dirs=[allowing(tmp_path, "safeguards")], include_builtin=False)
    frameworks = {"mini": library.load("mini")}
    full = score(frameworks, assessment(FULL)).frameworks[0]
    answers = {**FULL, "safeguards": {"not_applicable": REASON}}
    result = score(frameworks, assessment(answers))
    fw = result.frameworks[0]
    safeguards = next(q for q in fw.questions if q.id == "safeguards")
    assert safeguards.status is QuestionStatus.not_applicable
    assert (safeguards.points, safeguards.max_points) == (0.0, 0.0)
    assert safeguards.not_applicable == REASON
    # Its three points leave both the score and the maximum.
    assert (fw.points, fw.max_points) == (full.points - 3, full.max_points - 3)
    assert fw.complete and fw.rating is Rating.green
    assert [(n.question, n.reason, n.critical) for n in result.not_applicable] == [("safeguards", REASON, False)]
    assert not result.actions and not result.evidence_gaps and not result.warnings
    data = json.loads(result.model_dump_json(by_alias=True))
    assert data["not_applicable"][0]["reason"] == REASON


def test_a_claim_the_framework_does_not_allow_scores_as_unanswered(tmp_path: Path) -> None:
    library = FrameworkLibrary(dirs=[allowing(tmp_path)], include_builtin=False)
    result = score({"mini": library.load("mini")}, assessment({**FULL, "safeguards": {"not_applicable": REASON}}))
    safeguards = next(q for q in result.frameworks[0].questions if q.id == "safeguards")
    assert safeguards.status is QuestionStatus.unanswered and safeguards.max_points == 3.0
    assert not result.not_applicable and not result.complete


def test_critical_not_applicable_is_named_in_the_warnings(tmp_path: Path) -> None:
    library = FrameworkLibrary(dirs=[allowing(tmp_path, "objective")], include_builtin=False)
    result = score({"mini": library.load("mini")}, assessment({**FULL, "objective": {"not_applicable": "None."}}))
    assert [(n.question, n.critical) for n in result.not_applicable] == [("objective", True)]
    assert not result.evidence_gaps  # not an evidence gap: a claim, listed for the board to challenge
    assert len(result.warnings) == 1 and "critical question 'objective'" in result.warnings[0]
    assert "None." in result.warnings[0]
    # `link` asks only when objective != 'none': a not-applicable objective is no answer, so link stays shown.
    link = next(q for q in result.frameworks[0].questions if q.id == "link")
    assert link.status is QuestionStatus.answered


def test_yaml_round_trip_and_hash_of_old_files_unchanged() -> None:
    with_reason = assessment({"safeguards": {"not_applicable": REASON, "note": "n"}})
    again = Assessment.model_validate(yaml.safe_load(dump_assessment(with_reason)))
    assert again == with_reason
    plain = assessment({"consulted": {"answer": "yes"}})
    assert "not_applicable" not in dump_assessment(plain)
    assert "not_applicable" not in json.dumps(plain.model_dump(mode="json", exclude_none=True))


@pytest.mark.parametrize(("entry", "line", "col", "message"), [
    ("safeguards: {not_applicable: 'No.'}", 8, 34, "'safeguards' cannot be answered not applicable"),
    ("objective: {not_applicable: '  '}", 8, 33, "'not_applicable' on 'objective' needs a reason"),
    ("objective: {answer: specific, not_applicable: 'No.'}", 8, 25,
     "'objective' has both an answer and 'not_applicable'"),
])
def test_validate_locates_each_problem(tmp_path: Path, cli, entry: str, line: int, col: int,  # type: ignore[no-untyped-def]
                                       message: str) -> None:
    folder = allowing(tmp_path, "objective")
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: assess/assessment@1\ntitle: T\nsubject: {organisation: O, system: S}\n"
                   f"frameworks:\n  mini: {{version: 1.0.0}}\nanswers:\n  mini:\n    {entry}\n")
    code, _, err = cli("validate", bad, "--frameworks", folder)
    assert code == 2
    errors = [e for e in err.splitlines() if ": error: " in e]
    assert len(errors) == 1, err
    assert errors[0].startswith(f"{bad}:{line}:{col}: error: {message}")


def test_validate_accepts_an_allowed_reasoned_claim(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    folder = allowing(tmp_path, "safeguards")
    good = tmp_path / "good.yaml"
    good.write_text("schema: assess/assessment@1\ntitle: T\nsubject: {organisation: O, system: S}\n"
                    f"frameworks:\n  mini: {{version: 1.0.0}}\nanswers:\n  mini:\n"
                    f"    safeguards: {{not_applicable: '{REASON}'}}\n")
    code, out, err = cli("validate", good, "--frameworks", folder)
    assert code == 0, err
    code, out, err = cli("score", good, "--frameworks", folder)
    assert code == 0, err
    assert "Not applicable (1):" in out and REASON in " ".join(out.split())


@pytest.fixture
def claimed(tmp_path: Path) -> tuple[Path, Path]:
    """An assessment claiming 'not applicable' on a critical question (objective) and an ordinary one."""
    folder = allowing(tmp_path, "objective", "safeguards")
    answers = {**FULL, "objective": {"not_applicable": "No <objective> & nothing to state."},
               "safeguards": {"not_applicable": REASON}}
    data = assessment(answers).model_dump(mode="json", by_alias=True, exclude_none=True)
    path = tmp_path / "claimed.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path, folder


def test_every_report_format_lists_the_claims_with_their_reasons(claimed: tuple[Path, Path]) -> None:
    import docx
    import odfdo

    from assess.report.build import load_job
    from assess.report.formats import FORMATS

    path, folder = claimed
    job = load_job(path, FrameworkLibrary(dirs=[folder], include_builtin=False))
    html = FORMATS["html"].render(job).data.decode()
    assert "Answered \u201cnot applicable\u201d" in html
    assert "No &lt;objective&gt; &amp; nothing to state." in html  # escaped, as all user text
    assert html.count("Why not applicable") == 2 and REASON in html
    markdown = FORMATS["md"].render(job).data.decode()
    assert "### Answered \u201cnot applicable\u201d" in markdown
    assert "Mini framework, question 1.1.1 (critical):**" in markdown and REASON in markdown
    assert "- **Why not applicable:**" in markdown
    data = json.loads(FORMATS["json"].render(job).data)
    assert [n["question"] for n in data["not_applicable"]] == ["objective", "safeguards"]
    assert data["warnings"] and "critical question 'objective'" in data["warnings"][0]
    word = FORMATS["docx"].render(job).data
    odt = FORMATS["odt"].render(job).data
    out = path.parent
    (out / "r.docx").write_bytes(word)
    (out / "r.odt").write_bytes(odt)
    document = docx.Document(str(out / "r.docx"))
    text = " ".join(p.text for p in document.paragraphs) + " ".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Answered \u201cnot applicable\u201d" in text and REASON in text and "Why not applicable" in text
    odt_text = odfdo.Document(str(out / "r.odt")).body.text_recursive
    assert "Answered \u201cnot applicable\u201d" in odt_text and REASON in odt_text
