"""One fact, however many frameworks raise it, is one finding: the verdict counts findings, not gates or
frameworks, and every output shows a shared finding once (docs/framework-format.md, "Findings")."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from assess.loading import FrameworkLibrary, load_assessment
from assess.model import Answer, Assessment
from assess.rendering.brand import Brand
from assess.report.context import build_context
from assess.report.markdown import render_markdown
from assess.result import Result, Verdict
from assess.score_table import result_table
from assess.scoring import score
from tests import scoring_reference
from tests.conftest import ROOT

FRAMEWORK_DIR = ROOT / "frameworks"
EXAMPLES = ROOT / "examples" / "met-officer-monitoring"
DOC = ROOT / "docs" / "framework-format.md"

# The three gates of the documented worked example, each (framework, question, option).
VALIDATION = [("proportionality", "rational_connection", "none_or_contrary"),
              ("accuracy-and-validation", "performance_at_threshold", "none_measured")]
NOT_CONSULTED = [("consultation", "staff_association", "not_told")]
NOT_TOLD = [*NOT_CONSULTED, ("data-protection", "privacy_information", "not_covered")]
# The consultation gate is asked only where a duty to consult was identified: where these tests raise it, one was.
DUTY_FOUND = ("consultation", "duty_identified", "duty_identified_before")


def _library(directory: Path = FRAMEWORK_DIR) -> FrameworkLibrary:
    return FrameworkLibrary(dirs=[directory], include_builtin=False)


def _force_with(gates: list[tuple[str, str, str]], library: FrameworkLibrary | None = None
                ) -> tuple[Assessment, dict[str, Any]]:
    """The force's example (it raises no gate) with the given gate answers set and nothing else changed."""
    assessment, frameworks = load_assessment(EXAMPLES / "force.yaml", library or _library())
    answers = {fid: dict(given) for fid, given in assessment.answers.items()}
    needs_duty = any(qid == "staff_association" for _, qid, _ in gates)
    for fid, qid, option in [DUTY_FOUND, *gates] if needs_duty else gates:
        answers[fid][qid] = Answer(answer=option)
    return assessment.model_copy(update={"answers": answers}), frameworks


def _scored(gates: list[tuple[str, str, str]]) -> Result:
    assessment, frameworks = _force_with(gates)
    result = score(frameworks, assessment)
    assert [(g.framework, g.question, g.option) for g in result.gates] == sorted(
        gates, key=lambda g: list(assessment.frameworks).index(g[0]))
    return result


def test_the_same_fact_raised_in_two_frameworks_is_one_finding_and_pauses() -> None:
    result = _scored(VALIDATION)
    (finding,) = result.findings
    assert finding.id == "no_validation_evidence" and finding.declared and not finding.stop
    assert finding.frameworks == ["proportionality", "accuracy-and-validation"]
    assert len(finding.gates) == 2
    # Gates in two frameworks used to mean "Do not proceed"; one fact now holds the verdict at a pause.
    assert result.verdict is Verdict.pause
    assert result.verdict_reasons[0] == (
        "gate raised: one finding, raised in 2 frameworks (Proportionality and necessity, question 1.2.1; "
        "Accuracy, error and validation, question 7.1.2)")


def test_two_distinct_findings_still_give_do_not_proceed() -> None:
    result = _scored([*VALIDATION, *NOT_CONSULTED])
    assert [f.id for f in result.findings] == ["no_validation_evidence", "staff_not_told"]
    assert result.verdict is Verdict.stop
    assert result.verdict_reasons[0].startswith("2 distinct findings from gates: one finding, raised in 2 frameworks")


def test_staff_not_told_in_two_frameworks_is_one_finding() -> None:
    result = _scored(NOT_TOLD)
    assert [(f.id, f.frameworks) for f in result.findings] == [("staff_not_told", ["consultation", "data-protection"])]
    assert result.verdict is Verdict.pause


def test_a_gate_without_a_finding_id_is_a_finding_of_its_own() -> None:
    result = _scored([("proportionality", "fair_balance", "no_balance"), ("transparency", "contract_disclosure",
                                                                          "prevents_explanation")])
    assert [(f.id, f.declared) for f in result.findings] == [
        ("proportionality.fair_balance.no_balance", False),
        ("transparency.contract_disclosure.prevents_explanation", False)]
    assert result.verdict is Verdict.stop


def test_two_distinct_findings_in_one_framework_give_do_not_proceed() -> None:
    """The verdict counts findings wherever they are raised: two unrelated failures of one framework are two."""
    result = _scored([("proportionality", "alternatives", "workable_rejected"),
                      ("proportionality", "fair_balance", "no_balance")])
    assert len(result.findings) == 2 and result.verdict is Verdict.stop


def test_two_gates_of_one_framework_that_rest_on_one_fact_are_one_finding() -> None:
    result = _scored([("human-oversight", "output_role", "rubber_stamp"),
                      ("human-oversight", "reviewer_authority", "cannot_dismiss")])
    (finding,) = result.findings
    assert finding.id == "nominal_human_review" and finding.frameworks == ["human-oversight"]
    assert result.verdict is Verdict.pause
    assert result.verdict_reasons[0] == (
        "gate raised: one finding, raised by 2 gates (Human oversight of automated flags, question 4.1.1; Human "
        "oversight of automated flags, question 4.2.1)")
    table = re.sub(r"\s+", " ", result_table(result))
    assert "! One finding, raised by 2 gates in Human oversight of automated flags - 4.1.1: " in table


def test_each_framework_scores_exactly_as_without_findings(tmp_path: Path) -> None:
    """Only the verdict and the grouping of gates change: the same frameworks with every `finding` line removed
    give the same points, assurance, rating and gates per framework, and the old verdict."""
    plain = tmp_path / "frameworks"
    plain.mkdir()
    for path in FRAMEWORK_DIR.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        (plain / path.name).write_text(re.sub(r"(?m)^ +finding: .*\n", "", text), encoding="utf-8")
    gates = [*VALIDATION, *NOT_TOLD]
    with_findings = score(*reversed(_force_with(gates)))
    without = score(*reversed(_force_with(gates, _library(plain))))
    for a, b in zip(with_findings.frameworks, without.frameworks, strict=True):
        assert (a.points, a.max_points, a.assurance, a.rating, a.rating_reasons) == (
            b.points, b.max_points, b.assurance, b.rating, b.rating_reasons)
        assert [g.model_dump(exclude={"finding"}) for g in a.gates] == [
            g.model_dump(exclude={"finding"}) for g in b.gates]
    assert with_findings.actions == without.actions
    assert len(with_findings.findings) == 2 and len(without.findings) == 4
    assert with_findings.verdict is without.verdict is Verdict.stop


def test_the_reference_engine_groups_findings_as_the_engine_does() -> None:
    for gates in (VALIDATION, [*VALIDATION, *NOT_TOLD], NOT_TOLD):
        assessment, frameworks = _force_with(gates)
        for lang in (None, "fr"):
            result = score(frameworks, assessment, lang)
            assert result.findings and result == scoring_reference.score(frameworks, assessment, lang)


def test_the_score_table_and_the_report_show_a_shared_finding_once() -> None:
    assessment, frameworks = _force_with(NOT_TOLD)
    result = score(frameworks, assessment)
    table = re.sub(r"\s+", " ", result_table(result))
    assert "Gates (2), one finding: ! One finding, raised in 2 frameworks: Consultation and staff voice, Data " \
           "protection impact (DPIA) - 3.1.2: " in table
    french = re.sub(r"\s+", " ", result_table(score(frameworks, assessment, "fr"), "fr"))
    assert "Blocages (2), 1 constat : ! Un seul constat, relevé dans 2 cadres" in french
    context = build_context(assessment, frameworks, result, Brand(), dt.datetime(2026, 12, 7, tzinfo=dt.UTC))
    markdown = render_markdown(context)
    assert ("- **One finding, raised in 2 frameworks: Consultation and staff voice, Data protection impact "
            "(DPIA)**\n  - **Consultation and staff voice, question 3.1.2:**") in markdown


def test_the_documented_table_of_findings_is_the_frameworks_own() -> None:
    declared: dict[str, list[str]] = {}
    library = _library()
    for fid in library.ids():
        for question in library.load(fid).questions():
            for option in question.options:
                if option.finding:
                    declared.setdefault(option.finding, []).append(f"{fid}, {question.id}: {option.value}")
    documented: dict[str, list[str]] = {}
    text = DOC.read_text(encoding="utf-8").split("The findings the built-in frameworks declare:")[1]
    table = text.split("\n\n")[1]
    for finding, gates in re.findall(r"(?m)^\| `([a-z_]+)` \| (.+) \|$", table):
        documented[finding] = sorted(g.strip() for g in re.sub(r" \(.*\)$", "", gates).split(";"))
    assert documented == {finding: sorted(gates) for finding, gates in declared.items()}


# --------------------------------------------------------------------------- assess validate


FRAMEWORK = """\
schema: assess/framework@1
id: {id}
version: 1.0.0
title: Own
summary: A framework of one's own that joins a built-in finding.
last_reviewed: 2026-12-01
sections:
  - id: s
    title: S
    questions:
      - id: basis
        ask: Is there a legal basis?
        options:
          - {{value: yes_basis, label: "Yes", score: 3}}
          - value: none
            label: None
            score: 0
            finding: {finding}
            gate: No basis.
{extra}"""


def _validate(cli, tmp_path: Path, finding: str, extra: str = "", name: str = "own") -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{name}.yaml"
    path.write_text(FRAMEWORK.format(id=name, finding=finding, extra=extra), encoding="utf-8")
    return cli("validate", path)  # type: ignore[no-any-return]


def test_validate_accepts_a_framework_that_joins_a_finding_with_the_same_severity(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = _validate(cli, tmp_path, "no_legal_basis")
    assert (code, err) == (0, "") and "1 file(s) valid" in out


def test_validate_refuses_a_finding_whose_gates_disagree_on_stop_across_frameworks(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = _validate(cli, tmp_path, "no_legal_basis", "            stop: true\n")
    assert code == 2
    first = err.splitlines()[0]
    assert first.startswith(
        f"{tmp_path / 'own.yaml'}:18:22: error: finding 'no_legal_basis' is marked 'stop' here but is not at "
        "article8-privacy, legal_basis: none_identified: the gates of one finding must agree on whether it can be "
        "remedied")


def test_validate_refuses_a_finding_whose_gates_disagree_within_a_framework(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    second = """\
      - id: again
        ask: Is the basis recorded?
        options:
          - {value: recorded, label: "Yes", score: 3}
          - {value: not_recorded, label: "No", score: 0, finding: own_fact, gate: Not recorded., stop: true}
"""
    code, _, err = _validate(cli, tmp_path, "own_fact", second)
    assert code == 2
    assert "own.yaml:24:67: error: " in err.splitlines()[0]
    assert ("error: finding 'own_fact' is marked 'stop' here but is not at basis: none: the gates of one finding "
            "must agree") in err


def test_validate_refuses_a_finding_on_an_option_without_a_gate(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "own.yaml"
    text = FRAMEWORK.format(id="own", finding="own_fact", extra="").replace(
        '{value: yes_basis, label: "Yes", score: 3}', '{value: yes_basis, label: "Yes", score: 3, finding: own_fact}')
    path.write_text(text, encoding="utf-8")
    code, _, err = cli("validate", path)
    assert code == 2
    assert f"{path}:14:65: error: 'finding' only applies to an option that has a 'gate'" in err


@pytest.mark.parametrize("finding", ["Staff-Not-Told", "1st"])
def test_a_finding_id_is_an_identifier(cli, tmp_path: Path, finding: str) -> None:  # type: ignore[no-untyped-def]
    code, _, err = _validate(cli, tmp_path, f'"{finding}"')
    assert code == 2 and "own.yaml:18:22: error: 'finding': string should match pattern" in err
