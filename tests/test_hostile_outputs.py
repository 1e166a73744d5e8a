"""Hostile outputs: every command that writes a file refuses, with exit status 2 and one line, an
output that is one of its own inputs, whatever name reaches it (the same name, `x/../name`, a
symbolic link, a hard link), for every format, and leaves the input exactly as it was.

The cases are made in a temporary directory: links cannot live in git."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.aia_support import MINI, import_survey, results_file
from tests.conftest import ROOT

REPORT = ROOT / "tests" / "fixtures" / "report"
Cli = Callable[..., tuple[int, str, str]]

ALIASES = ("same", "dotdot", "symlink", "hardlink")


def alias(target: Path, kind: str) -> Path:
    """Another name for `target`: the output a careless or hostile command line would give."""
    if kind == "same":
        return target
    if kind == "dotdot":
        (target.parent / "sub").mkdir(exist_ok=True)
        return target.parent / "sub" / ".." / target.name
    other = target.parent / f"other-{kind}{target.suffix}"
    if kind == "symlink":
        other.symlink_to(target.name)
    else:
        os.link(target, other)
    return other


def refusal(output: Path, role: str, source: Path) -> str:
    return (f"{output}:1:1: error: the output would overwrite {role} '{source}', which this command reads "
            "(name another output file)\n")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copy(REPORT / "assessment.yaml", tmp_path / "a.yaml")
    shutil.copytree(REPORT / "frameworks", tmp_path / "fw")
    return tmp_path


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real report (rendered once: it takes a few seconds), for `extract`."""
    from assess.cli import main

    out = tmp_path_factory.mktemp("pdf") / "r.pdf"
    assert main(["report", str(REPORT / "assessment.yaml"), "-o", str(out), "--frameworks",
                 str(REPORT / "frameworks")]) == 0
    return out.read_bytes()


@pytest.mark.parametrize("kind", ALIASES)
@pytest.mark.parametrize("fmt", ["pdf", "html", "md", "json"])
def test_report_onto_its_assessment(work: Path, cli: Cli, kind: str, fmt: str) -> None:
    source = work / "a.yaml"
    before = source.read_bytes()
    output = alias(source, kind)
    code, out, err = cli("report", source, "-o", output, "--format", fmt, "--frameworks", work / "fw")
    assert (code, out, err) == (2, "", refusal(output, "the assessment", source))
    assert source.read_bytes() == before


def test_report_onto_its_assessment_with_the_format_from_the_name(work: Path, cli: Cli) -> None:
    # `assess report a.yaml -o a.yaml`: .yaml is no report format, so this would have been a PDF.
    source = work / "a.yaml"
    before = source.read_bytes()
    code, _, err = cli("report", source, "-o", source, "--frameworks", work / "fw")
    assert (code, err) == (2, refusal(source, "the assessment", source))
    assert source.read_bytes() == before


def test_report_onto_a_framework_it_reads(work: Path, cli: Cli) -> None:
    framework = work / "fw" / "report-fixture.yaml"
    before = framework.read_bytes()
    code, _, err = cli("report", work / "a.yaml", "-o", framework, "--format", "md", "--frameworks", work / "fw")
    assert (code, err) == (2, refusal(framework, "the framework", framework))
    assert framework.read_bytes() == before


def test_report_onto_a_template_it_reads(work: Path, cli: Cli) -> None:
    templates = work / "brand"
    templates.mkdir()
    (templates / "extra.css").write_text("body { color: black; }\n")
    target = templates / "extra.css"
    code, _, err = cli("report", work / "a.yaml", "-o", target, "--format", "html", "--templates", templates,
                       "--frameworks", work / "fw")
    assert code == 2
    assert err == (f"{target}:1:1: error: the output would overwrite a file in the templates directory "
                   f"'{templates}', which this command reads (name another output file)\n")
    assert target.read_text() == "body { color: black; }\n"


def test_a_new_file_in_the_templates_directory_is_allowed(work: Path, cli: Cli) -> None:
    templates = work / "brand"
    templates.mkdir()
    code, _, err = cli("report", work / "a.yaml", "-o", templates / "new.md", "--templates", templates,
                       "--frameworks", work / "fw")
    assert code == 0, err
    assert "# Fixture pilot" in (templates / "new.md").read_text()


@pytest.mark.parametrize("kind", ALIASES)
def test_extract_onto_its_report(work: Path, cli: Cli, report_pdf: bytes, kind: str) -> None:
    source = work / "r.pdf"
    source.write_bytes(report_pdf)
    output = alias(source, kind)
    code, out, err = cli("extract", source, "-o", output)
    assert (code, out, err) == (2, "", refusal(output, "the report", source))
    assert source.read_bytes() == report_pdf


def test_extract_to_another_file_still_works(work: Path, cli: Cli, report_pdf: bytes) -> None:
    (work / "r.pdf").write_bytes(report_pdf)
    code, out, _ = cli("extract", work / "r.pdf", "-o", work / "back.yaml")
    assert code == 0 and out == f"wrote {work / 'back.yaml'}\n"
    assert (work / "back.yaml").read_bytes() == (REPORT / "assessment.yaml").read_bytes()


@pytest.mark.parametrize("kind", ALIASES)
@pytest.mark.parametrize("fmt", ["table", "pdf", "html", "md", "json"])
def test_compare_onto_one_of_its_assessments(work: Path, cli: Cli, kind: str, fmt: str) -> None:
    first, second = work / "a.yaml", work / "b.yaml"
    shutil.copy(first, second)
    before = second.read_bytes()
    output = alias(second, kind)
    code, out, err = cli("compare", first, second, "-o", output, "--format", fmt, "--frameworks", work / "fw")
    assert (code, out, err) == (2, "", refusal(output, "the assessment", second))
    assert second.read_bytes() == before


@pytest.mark.parametrize("kind", ["symlink", "hardlink"])
def test_import_surveyjs_onto_its_survey(work: Path, cli: Cli, kind: str) -> None:
    survey = work / "survey.json"
    shutil.copy(MINI, survey)
    before = survey.read_bytes()
    output = work / "mini.yaml"  # the output must be named ID.yaml: here it is another name for the survey
    if kind == "symlink":
        output.symlink_to(survey.name)
    else:
        os.link(survey, output)
    code, _, err = cli("import", "surveyjs", survey, "-o", output, "--force")
    assert (code, err) == (2, refusal(output, "the survey", survey))
    assert survey.read_bytes() == before


def test_import_surveyjs_onto_its_requirements_file(work: Path, cli: Cli) -> None:
    requirements = work / "req.json"
    requirements.write_text("{}")
    output = work / "mini.yaml"
    output.symlink_to(requirements.name)
    code, _, err = cli("import", "surveyjs", MINI, "-o", output, "--force", "--requirements", f"en={requirements}")
    assert (code, err) == (2, refusal(output, "a requirements file", requirements))
    assert requirements.read_text() == "{}"


@pytest.mark.parametrize("kind", ["same", "symlink", "hardlink"])
def test_import_aia_answers_onto_its_results(work: Path, cli: Cli, kind: str) -> None:
    fw = work / "aia"
    import_survey(MINI, fw, "mini-aia")
    results = work / "results.yaml"  # a JSON file under any name is read as JSON
    results.write_text(json.dumps(results_file({"phase": "item1"})))
    before = results.read_bytes()
    output = alias(results, kind)
    code, _, err = cli("import", "aia-answers", results, "-o", output, "--force", "--framework", "mini-aia",
                       "--frameworks", fw, "--system", "S", "--organisation", "O")
    assert (code, err) == (2, refusal(output, "the results", results))
    assert results.read_bytes() == before


def test_import_aia_answers_onto_the_framework_it_reads(work: Path, cli: Cli) -> None:
    fw = work / "aia"
    framework = import_survey(MINI, fw, "mini-aia")
    before = framework.read_bytes()
    results = work / "results.json"
    results.write_text(json.dumps(results_file({"phase": "item1"})))
    code, _, err = cli("import", "aia-answers", results, "-o", framework, "--force", "--framework", "mini-aia",
                       "--frameworks", fw, "--system", "S", "--organisation", "O")
    assert (code, err) == (2, refusal(framework, "the framework", framework))
    assert framework.read_bytes() == before


def test_standard_output_is_never_refused(work: Path, cli: Cli) -> None:
    code, out, _ = cli("report", work / "a.yaml", "-o", "-", "--format", "json", "--frameworks", work / "fw")
    assert code == 0 and json.loads(out)["frameworks"]
