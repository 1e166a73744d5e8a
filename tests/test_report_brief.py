"""The decision brief first, annexes after; and what a careful reader trips over: numbering, citations,
one references entry per source, the action plan's order, one percentage format, who made the assessment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assess.i18n import ENGLISH
from assess.loading import FrameworkLibrary
from assess.numbering import question_numbers
from assess.rendering.templating import TemplateSet
from assess.report.build import load_job
from assess.report.document import report_context
from assess.report.formats import FORMATS
from assess.score_table import result_table
from tests.conftest import ROOT
from tests.report_support import FIXTURE_ASSESSMENT, FIXTURE_FRAMEWORKS, pdfinfo, pdftotext, run

EXAMPLES = ROOT / "examples" / "met-officer-monitoring"
PERSPECTIVES = ("force", "staff-association", "ethics-board")
PRIORITY_ORDER = {"gate": 0, "high": 1, "medium": 2, "low": 3}


def _job(name: str, brief: bool = False):  # type: ignore[no-untyped-def]
    return load_job(EXAMPLES / f"{name}.yaml", FrameworkLibrary(), brief=brief)


def _context(name: str):  # type: ignore[no-untyped-def]
    job = _job(name)
    return report_context(job, TemplateSet(None), "html")


@pytest.fixture(scope="module")
def briefs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The brief of each example perspective, rendered once for the module."""
    out = tmp_path_factory.mktemp("briefs")
    done = {}
    for name in PERSPECTIVES:
        pdf = out / f"{name}.pdf"
        result = run("report", EXAMPLES / f"{name}.yaml", "--brief", "-o", pdf)
        assert result.returncode == 0, result.stderr
        assert result.stderr == "", "a brief links to nothing it leaves out"
        done[name] = pdf
    return done


def test_the_brief_is_at_most_eight_pages(briefs: dict[str, Path]) -> None:
    for name, pdf in briefs.items():
        assert 2 <= int(pdfinfo(pdf)["Pages"]) <= 8, name


def test_the_brief_says_what_the_rating_rests_on_and_leaves_the_annexes_out(briefs: dict[str, Path]) -> None:
    text = " ".join(pdftotext(briefs["staff-association"]).split())
    assert "Decision brief" in text and "What the rating rests on" in text and "Sign-off" in text
    assert re.search(r"\d+ of \d+ answers are .Don't know.: the red ratings mostly reflect missing information",
                     text)
    assert "Gates triggered" in text and "Top actions" in text and "Open points and conditions" in text
    assert "Annex 1:" not in text and "Method and provenance" not in text
    assert "Staff association view" in text  # who made it, on the cover


def test_the_full_report_puts_the_annexes_after_the_brief() -> None:
    html = FORMATS["html"].render(_job("staff-association")).data.decode("utf-8")
    brief, sign_off, annex = html.index('id="summary"'), html.index('id="sign-off"'), html.index('id="fw-1"')
    assert brief < sign_off < annex < html.index('id="actions"') < html.index('id="method"')
    assert "Annex 1:" in html and "Annexes" in html


def test_question_numbers_are_the_shared_ones_in_every_report_output() -> None:
    job = _job("ethics-board")
    numbers = question_numbers(job.frameworks[f] for f in job.assessment.frameworks)
    context = report_context(job, TemplateSet(None), "md")
    shown = {(v.framework.id, q.result.id): q.number for v in context.frameworks for s in v.sections
             for q in s.questions}
    assert shown == numbers
    markdown = FORMATS["md"].render(job).data.decode("utf-8")
    first = next(iter(numbers.values()))
    assert f"#### {first} " in markdown


def test_citations_are_never_cut_and_sources_are_listed_once() -> None:
    context = _context("staff-association")
    refs = [r for v in context.frameworks for r in v.references]
    for ref in refs:
        assert not ref.short.endswith("\u2026")
        assert ref.short == ref.cite or len(ref.short) < len(ref.cite)
    bridges = [r for r in context.references if "Bridges" in r.cite and "EWCA Civ 1058" in r.cite]
    assert len(bridges) == 1, [r.cite for r in bridges]
    assert len(bridges[0].uses) >= 3 and all(u.framework_title for u in bridges[0].uses)
    assert len({r.number for r in context.references}) == len(context.references)
    # Every framework's reference to the source points at the one entry.
    assert {r.number for r in refs if "EWCA Civ 1058" in r.cite} == {bridges[0].number}


def test_the_action_plan_follows_its_priority_column() -> None:
    for name in PERSPECTIVES:
        actions = _job(name).result.actions
        ranks = [PRIORITY_ORDER[a.priority] for a in actions]
        assert ranks == sorted(ranks), name
        assert [a.rank for a in actions] == list(range(1, len(actions) + 1))


def test_one_percentage_format_everywhere() -> None:
    job = _job("staff-association")
    table = result_table(job.result)
    markdown = FORMATS["md"].render(job).data.decode("utf-8")
    for fw in job.result.frameworks:
        shown = ENGLISH.percent(fw.assurance)
        assert shown in table and shown in markdown
    reasons = " ".join(r for fw in job.result.frameworks for r in fw.rating_reasons)
    assert not re.search(r"\d\.\d\d%", reasons)  # no two-decimal percentage beside a one-decimal table
    assert "0.0%" not in table and ENGLISH.percent(0) == "0%"


def test_each_short_answer_shows_the_full_marks_answer_and_dont_know_runs_collapse() -> None:
    context = _context("staff-association")
    questions = [q for v in context.frameworks for s in v.sections for q in s.questions]
    short = [q for q in questions if q.result.scored and not q.hidden and q.result.points < q.result.max_points]
    assert short and all(q.best_text for q in short if q.question.options)
    full = [q for q in questions if q.result.scored and q.result.max_points and q.result.points >= q.result.max_points]
    assert all(q.best_text is None for q in full)
    runs = [b for v in context.frameworks for s in v.sections for b in s.blocks if b.dont_know_run]
    assert runs
    html = FORMATS["html"].render(_job("staff-association")).data.decode("utf-8")
    assert html.count('class="data dont-know-run"') == len(runs)
    for q in runs[0].questions:  # each question in a run keeps its anchor for the links that point to it
        assert f'<tr id="{q.anchor}">' in html


def test_the_cover_names_who_made_the_assessment_not_the_deploying_body() -> None:
    context = _context("staff-association")
    assert context.made_by.endswith("Staff association view")
    assert context.organisation == context.made_by
    assert context.assessment.subject.organisation not in context.organisation


def test_a_question_heading_has_no_leading_space() -> None:
    html = FORMATS["html"].render(load_job(FIXTURE_ASSESSMENT, FrameworkLibrary(dirs=[FIXTURE_FRAMEWORKS]))).data
    assert re.search(rb'<span class="qnum">[\d.]+</span>\S', html)


def test_the_comparison_names_questions_by_the_same_numbers(tmp_path: Path) -> None:
    out = tmp_path / "comparison.md"
    done = run("compare", EXAMPLES / "force.yaml", EXAMPLES / "staff-association.yaml", "-o", out)
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    job = _job("force")
    numbers = question_numbers(job.frameworks[f] for f in job.assessment.frameworks)
    shown = re.findall(r"· ([\d.]+) \(`([\w-]+)\.(\w+)`\)", text)
    assert shown and all(numbers[(fid, qid)] == number for number, fid, qid in shown)
