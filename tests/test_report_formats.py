"""HTML, Markdown and JSON reports; choosing the format; errors that leave no file behind."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from assess.rendering.markdown import cell, md
from assess.report.formats import EXTENSIONS, FORMATS, choose_format, default_output
from assess.schemas import json_schema
from tests.report_support import FIXTURE_ASSESSMENT, FIXTURE_FRAMEWORKS, fixture_args, run


def _cli(cli, *args: object) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    return cli("report", *args, "--frameworks", FIXTURE_FRAMEWORKS)  # type: ignore[no-any-return]


def test_format_from_extension_and_flag() -> None:
    assert choose_format(None, Path("x.md")).name == "md"
    assert choose_format(None, Path("x.HTML")).name == "html"
    assert choose_format(None, Path("x.json")).name == "json"
    assert choose_format(None, Path("x.unknown")).name == "pdf"
    assert choose_format(None, None).name == "pdf"
    assert choose_format("md", Path("x.pdf")).name == "md"
    assert set(EXTENSIONS.values()) == set(FORMATS)
    assert default_output(Path("examples/x/ethics-board.yaml"), FORMATS["html"]) == Path("ethics-board.html")


def test_json_is_the_result_under_its_schema(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "result.json"
    code, _, _ = _cli(cli, FIXTURE_ASSESSMENT, "-o", out)
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, json_schema("result"))
    assert data["schema"] == "assess/result@1" and data["verdict"] == "Pause and remediate"
    code, score_out, _ = cli("score", FIXTURE_ASSESSMENT, "--format", "json", "--frameworks", FIXTURE_FRAMEWORKS)
    assert json.loads(score_out) == data


def test_html_is_standalone_and_escaped(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.html"
    code, stdout, _ = _cli(cli, FIXTURE_ASSESSMENT, "-o", out)
    assert code == 0 and f"wrote {out}" in stdout
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'src="data:image/svg+xml;base64,' in page  # the logo, inline
    assert "assess-templates:" not in page and "<link" not in page  # nothing to fetch
    assert 'role="img"' in page and "<title id=\"chart-title\">" in page and "<desc" in page
    assert "<caption>Ratings by framework (the chart&#39;s data)</caption>" in page  # the chart has bars here
    for heading in ("Decision brief", "Action plan", "Evidence gaps", "References", "Sign-off",
                    "Method and provenance"):
        assert heading in page


def test_markdown_reads_well_and_escapes(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.md"
    code, _, _ = _cli(cli, FIXTURE_ASSESSMENT, "-o", out)
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("**OFFICIAL-SENSITIVE**\n")  # a hyphen needs no escape in Markdown
    assert "# Fixture pilot &amp; review &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "| # | Priority | Action | Framework and question | Owner | Due | Status |" in text
    assert "<script" not in text and "<img" not in text and "<link" not in text
    assert "## Decision brief" in text and "- [Decision brief](#decision-brief)" in text
    assert "## Annex 1: " in text and text.index("## Sign-off") < text.index("## Annex 1: ")
    assert "**Verdict: Pause and remediate**" in text


def test_markdown_escaping() -> None:
    assert md("a *b* _c_ [x](javascript:y) `z`") == "a \\*b\\* \\_c\\_ \\[x\\](javascript:y) \\`z\\`"
    assert md("<b>&") == "&lt;b&gt;&amp;"
    assert md("# not a heading") == "\\# not a heading"
    assert md("- not a list\n\n1. nor this") == "\\- not a list\n\n1\\. nor this"
    assert cell("a | b\nc") == "a \\| b c"


def test_stdout_output(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = _cli(cli, FIXTURE_ASSESSMENT, "-o", "-", "--format", "json")
    assert code == 0 and json.loads(out)["title"].startswith("Fixture pilot")


def test_default_output_name(tmp_path: Path) -> None:
    done = run("report", FIXTURE_ASSESSMENT, "--format", "md", *fixture_args(), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "assessment.md").is_file()


@pytest.mark.parametrize("fmt", ["pdf", "html", "md"])
def test_errors_are_one_line_and_leave_no_file(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    missing = run("report", tmp_path / "missing.yaml", "-o", out)
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1
    assert "error" in missing.stderr and "Traceback" not in missing.stderr
    bad_templates = run("report", FIXTURE_ASSESSMENT, "-o", out, "--templates", tmp_path / "nope", *fixture_args())
    assert bad_templates.returncode == 2
    assert bad_templates.stderr.strip() == f"{tmp_path / 'nope'}:1:1: error: templates directory not found " \
        "(--templates takes a directory of files that override the shipped ones)"
    broken = tmp_path / "broken"
    (broken / "partials").mkdir(parents=True)
    (broken / "partials" / "cover.j2").write_text("{% if %}")
    bad_template = run("report", FIXTURE_ASSESSMENT, "-o", out, "--templates", broken, *fixture_args())
    message = bad_template.stderr.replace(str(broken / "partials") + "/", "")
    assert fmt == "md" or (bad_template.returncode == 2 and "cover.j2:1:1: error: template:" in message)
    bad_brand = tmp_path / "brand"
    bad_brand.mkdir()
    (bad_brand / "brand.yaml").write_text("colours: {primary: 'red; } body { x'}\n")
    assert run("report", FIXTURE_ASSESSMENT, "-o", out, "--templates", bad_brand, *fixture_args()).returncode == 2
    if fmt == "md":  # Markdown is built without templates
        (tmp_path / "out.md").unlink()
    assert list(tmp_path.glob("out*")) == [] and list(tmp_path.glob(".out*")) == []


def test_branding_overrides_file_by_file(tmp_path: Path) -> None:
    templates = tmp_path / "brand"
    templates.mkdir()
    (templates / "brand.yaml").write_text("organisation: Example Ethics Board\nlogo: crest.svg\nlogo_alt: Crest\n"
                                         "colours: {primary: '#4c2c92'}\nsign_off: [Chair, Secretary]\n")
    (templates / "crest.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    (templates / "extra.css").write_text("h2 { letter-spacing: 0.01em; }\n")
    out = tmp_path / "branded.html"
    done = run("report", FIXTURE_ASSESSMENT, "-o", out, "--templates", templates, *fixture_args())
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert "Example Ethics Board" in page and 'alt="Crest"' in page and "--primary: #4c2c92;" in page
    assert "letter-spacing: 0.01em" in page and ">Chair<" in page and ">Secretary<" in page
    assert "Decision brief" in page  # everything not overridden still comes from the shipped set
