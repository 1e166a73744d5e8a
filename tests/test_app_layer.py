"""The application layer (assess/app/) and the format registry: values and diagnostics back, nothing printed,
and the same bytes whichever front end asks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from fastapi import FastAPI

from assess.app.library import open_library
from assess.app.questionnaire import answer_question, hold, resume_questionnaire, start_questionnaire
from assess.app.rendering import render_report, render_report_source, report_job
from assess.app.scoring import score_files
from assess.assessments import Metadata
from assess.errors import AssessError, Diagnostic, warning
from assess.model import Answer
from assess.rendering.formats import Format, Registry, Rendered
from assess.report.formats import FORMATS as REPORTS
from tests.conftest import CORE_FIXTURES
from tests.report_support import FIXTURE_ASSESSMENT, FIXTURE_FRAMEWORKS
from tests.web_support import MINI_FRAMEWORKS, Person


def test_a_diagnostic_is_one_line_located_where_it_can_be() -> None:
    assert str(Diagnostic("a.yaml", 3, 7, "bad", "fix it")) == "a.yaml:3:7: error: bad (fix it)"
    assert str(warning("a.yaml", "changed", 4, 2)) == "a.yaml:4:2: warning: changed"
    assert str(warning("a.yaml", "changed")) == "a.yaml: warning: changed"  # the file as a whole
    assert str(warning("", "odd")) == "warning: odd"


def test_one_registry_gives_names_extensions_and_media_types() -> None:
    from assess.comparison.formats import FORMATS as COMPARISONS

    assert REPORTS.names() == ("pdf", "html", "md", "docx", "odt", "json")
    assert REPORTS.choose(None, Path("x.ODT")).name == "odt" and REPORTS.choose(None, Path("-")).name == "pdf"
    assert REPORTS["docx"].media_type.endswith("wordprocessingml.document") and REPORTS["docx"].label
    assert COMPARISONS.choose(None, Path("x.txt")).name == "table" and COMPARISONS.choose(None, None).name == "table"
    assert REPORTS.extensions()[".htm"] == "html" and COMPARISONS.extensions()[".markdown"] == "md"


def test_a_format_registered_twice_is_refused() -> None:
    registry: Registry[str] = Registry("test", "plain")

    @registry.register
    class Plain(Format[str]):
        name, extensions, media_type, label = "plain", (".txt",), "text/plain", "Text"

        def render(self, document: str) -> Rendered:
            return Rendered(document.encode())

    assert registry["plain"].render("hi").data == b"hi" and registry.by_extension(Path("a.TXT")) is not None

    class Clash(Plain):
        name = "other"  # a new name, but .txt is taken

    with pytest.raises(ValueError, match="clashes"):
        registry.register(Clash)


def test_the_cli_offers_what_the_registry_holds(capsys: pytest.CaptureFixture[str]) -> None:
    from assess.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["report", str(FIXTURE_ASSESSMENT), "--format", "nope"])
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and ", ".join(f"'{name}'" for name in REPORTS) in err


def test_scoring_returns_warnings_and_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = open_library([FIXTURE_FRAMEWORKS])
    scored = score_files([str(FIXTURE_ASSESSMENT)], library)
    assert [r.verdict.value for r in scored.results] == ["Pause and remediate"]
    assert all(d.severity == "warning" and d.path == str(FIXTURE_ASSESSMENT) for d in scored.diagnostics)
    with pytest.raises(AssessError) as caught:
        score_files([str(tmp_path / "missing.yaml"), str(FIXTURE_ASSESSMENT)], library)
    assert caught.value.diagnostics[0].path.endswith("missing.yaml")
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_the_application_layer_and_the_cli_render_the_same_bytes(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the time the file was made, fixed
    monkeypatch.chdir(tmp_path)  # the CLI names the file as typed, "assessment.yaml", as the memory render does
    source = FIXTURE_ASSESSMENT.read_bytes()
    library = open_library([FIXTURE_FRAMEWORKS])
    from_memory = render_report_source(source, "assessment.yaml", library, fmt)
    Path("assessment.yaml").write_bytes(source)
    code, _, err = cli("report", "assessment.yaml", "-o", f"report.{fmt}", "--frameworks", FIXTURE_FRAMEWORKS)
    assert code == 0, err
    from_file = render_report(report_job(Path("assessment.yaml"), library, display="assessment.yaml"), fmt)
    assert from_memory.media_type == REPORTS[fmt].media_type
    assert from_memory.data == from_file.data == Path(f"report.{fmt}").read_bytes()
    if fmt != "json":  # JSON carries the title as data; the documents escape it
        assert b"<script>alert(1)" not in from_memory.data


@pytest.mark.parametrize("fmt", ["md", "html", "json", "docx", "odt"])
def test_the_workspace_and_the_cli_render_the_same_bytes(  # type: ignore[no-untyped-def]
    cli, app: FastAPI, alice: Person, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report downloaded from the workspace is the one `assess report` makes from the YAML downloaded
    beside it (the PDF goes through the background builder: tests/test_web_pdf.py compares it)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the time the file was made, fixed
    monkeypatch.chdir(tmp_path)
    ref = alice.start(["mini"], title="Rota <b>pilot</b>")
    alice.page(f"/a/{ref}/s/mini/aim")
    saved = alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "general", "revision": "0",
                                                           "note": "Agreed with <script>alert(1)</script>"})
    assert saved.status_code == 303, saved.text[:300]
    exported = alice.client.get(f"/a/{ref}/export.yaml")
    assert exported.status_code == 200 and b"Agreed with <script>" in exported.content
    name = exported.headers["content-disposition"].split('filename="', 1)[1].rstrip('"')
    Path(name).write_bytes(exported.content)
    downloaded = alice.client.get(f"/a/{ref}/report.{fmt}")
    assert downloaded.status_code == 200 and downloaded.headers["content-type"] == REPORTS[fmt].media_type
    code, _, err = cli("report", name, "-o", f"cli.{fmt}", "--frameworks", MINI_FRAMEWORKS)
    assert code == 0, err
    assert downloaded.content == Path(f"cli.{fmt}").read_bytes()


def test_a_questionnaire_starts_answers_and_resumes(tmp_path: Path) -> None:
    library = open_library([CORE_FIXTURES / "frameworks"])
    path = tmp_path / "mine.yaml"
    lock = hold(path)
    try:
        started = start_questionnaire(path, Metadata("Mine", "Org", "Sys"), library.load_many(["mini"]))
        assert path.exists() and not started.resumed
        index = next(i for i, slot in enumerate(started.questionnaire.slots) if slot.question.id == "objective")
        answer_question(started, index, Answer(answer="general"))
        saved = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert saved["answers"]["mini"]["objective"]["answer"] == "general"  # saved at once
    finally:
        lock.release()
    resumed = resume_questionnaire(path, library)
    again = resumed.questionnaire.answer(index)
    assert resumed.resumed and again is not None and again.answer == "general"


def test_the_workspace_links_every_registered_format(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["consultation"])
    page = alice.page(f"/a/{ref}")
    for name, fmt in REPORTS.items():
        assert f'href="/a/{ref}/report.{name}"' in page and f"The report as {fmt.label}" in page
    for name in ("docx", "odt"):  # the editable formats, new to the workspace, come from the registry
        response = alice.client.get(f"/a/{ref}/report.{name}")
        assert response.status_code == 200 and response.headers["content-type"] == REPORTS[name].media_type
        assert response.content.startswith(b"PK")  # both are zip packages


def test_saving_is_refused_while_a_questionnaire_holds_the_file(tmp_path: Path) -> None:
    from assess.app.saving import assessment_yaml, save_assessment
    from assess.safewrite import Locked

    library = open_library([CORE_FIXTURES / "frameworks"])
    path = tmp_path / "held.yaml"
    lock = hold(path)
    try:
        started = start_questionnaire(path, Metadata("Held", "Org", "Sys"), library.load_many(["mini"]))
        before = path.read_bytes()
        with pytest.raises(Locked):
            save_assessment(path, started.questionnaire.assessment(), "assess test")
        assert path.read_bytes() == before  # nothing written, nothing lost
    finally:
        lock.release()
    save_assessment(path, started.questionnaire.assessment(), "assess test")
    assert path.read_text(encoding="utf-8") == assessment_yaml(started.questionnaire.assessment())
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary file was renamed into place


def _mini_questionnaire(tmp_path: Path):  # type: ignore[no-untyped-def]
    library = open_library([CORE_FIXTURES / "frameworks"])
    path = tmp_path / "mine.yaml"
    started = start_questionnaire(path, Metadata("Mine", "Org", "Sys"), library.load_many(["mini"]))
    where = {slot.question.id: slot.index for slot in started.questionnaire.slots}
    return path, started, where


def _answers_in(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text(encoding="utf-8"))["answers"].get("mini", {})  # type: ignore[no-any-return]


def test_an_answer_a_change_hides_is_kept_off_the_record_and_comes_back(tmp_path: Path) -> None:
    path, started, where = _mini_questionnaire(tmp_path)
    lock = hold(path)
    try:
        answer_question(started, where["objective"], Answer(answer="specific"))
        link = Answer(answer="validated", note="Checked by the audit team", evidence=["Audit report 2026"])
        answer_question(started, where["link"], link)
        change = answer_question(started, where["objective"], Answer(answer="none"))
        assert [slot.question.id for slot in change.hidden] == ["link"]
        # Off the record: not in the file, not scored; kept by the questionnaire.
        assert set(_answers_in(path)) == {"objective"}
        assert started.questionnaire.result().frameworks[0].questions[where["link"]].points == 0
        assert started.questionnaire.kept() == {"mini": {"link": link}}
        answer_question(started, where["objective"], Answer(answer="general"))
        assert started.questionnaire.answer(where["link"]) == link
        assert _answers_in(path)["link"] == {"answer": "validated", "note": "Checked by the audit team",
                                             "evidence": ["Audit report 2026"]}
    finally:
        lock.release()


def test_the_workspace_and_the_questionnaire_agree_on_hidden_answers(tmp_path: Path, app: FastAPI,
                                                                      alice: Person) -> None:
    path, started, where = _mini_questionnaire(tmp_path)
    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}/s/mini/aim")
    revisions = {"objective": 0, "link": 0}

    def both(qid: str, value: str) -> None:
        answer_question(started, where[qid], Answer(answer=value))
        reply = alice.client.put(f"/api/assessments/{ref}/answers/mini/{qid}",
                                 json={"answer": {"answer": value}, "base_revision": revisions[qid]},
                                 headers={"x-csrf-token": alice.token})
        assert reply.status_code == 200, reply.text
        revisions[qid] = reply.json()["revision"]

    def exported() -> dict:  # type: ignore[type-arg]
        text = alice.client.get(f"/a/{ref}/export.yaml").text
        return yaml.safe_load(text)["answers"].get("mini", {})  # type: ignore[no-any-return]

    lock = hold(path)
    try:
        for qid, value in (("objective", "specific"), ("link", "asserted"), ("objective", "none")):
            both(qid, value)
        assert exported() == _answers_in(path) == {"objective": {"answer": "none"}}
        both("objective", "general")
        assert exported() == _answers_in(path) == {"objective": {"answer": "general"}, "link": {"answer": "asserted"}}
    finally:
        lock.release()


def test_a_framework_held_in_memory_is_checked_as_validate_checks_its_file(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The upload check and `assess validate` are one function's: the same problems, located the same way."""
    from assess.app.documents import Source
    from assess.app.validating import check_framework_source, validate_files

    monkeypatch.chdir(tmp_path)  # the file named as typed, "mini.yaml", as the memory check names it
    text = (CORE_FIXTURES / "frameworks" / "mini.yaml").read_text(encoding="utf-8")
    bad = (text.replace("id: mini", "id: mini2", 1).replace("weight: 2", 'weight: "2"', 1)
           .replace("help: Stage one.", "help: Stage \u202eone.", 1))  # two errors and misleading text
    Path("mini.yaml").write_text(bad, encoding="utf-8")
    library = open_library()
    checked = check_framework_source(Source("mini.yaml", bad.encode()), library)
    assert checked.kind == "framework"
    assert checked.diagnostics == validate_files(["mini.yaml"], library).diagnostics
    assert sorted(d.severity for d in checked.diagnostics) == ["error", "error", "warning"]
    good = check_framework_source(Source("mini.yaml", text.encode()), library)
    assert good.framework is not None and good.framework.id == "mini" and good.diagnostics == []
    assessment = check_framework_source(Source("good.yaml", (CORE_FIXTURES / "good.yaml").read_bytes()), library)
    assert assessment.kind == "assessment" and assessment.framework is None


def test_documents_held_in_memory_compare_as_their_files_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`compare_documents` (the workspace's board and reviews) and `compare_files` (`assess compare`) give one
    comparison, from bytes or from models already read; the engine's reasons follow the language asked for."""
    from assess.app.documents import Source, parsed
    from assess.app.rendering import compare_documents, compare_files, render_comparison

    monkeypatch.chdir(tmp_path)
    library = open_library([CORE_FIXTURES / "frameworks"])
    good = yaml.safe_load((CORE_FIXTURES / "good.yaml").read_text(encoding="utf-8"))
    named = []
    for name, objective in (("carol.yaml", "specific"), ("erin.yaml", "none")):
        data = {**good, "answers": {"mini": {"objective": {"answer": objective}}}}
        raw = yaml.safe_dump(data, sort_keys=False).encode()
        Path(name).write_bytes(raw)
        named.append(Source(name, raw))
    from_files = compare_files([s.name for s in named], library, "board", tool_version="x", lang="fr")
    from_bytes = compare_documents(named, library, "board", tool_version="x", lang="fr")
    from_models = compare_documents([parsed(s, library) for s in named], library, "board", tool_version="x",
                                    lang="fr")
    assert from_bytes.comparison == from_files.comparison == from_models.comparison
    assert from_bytes.diagnostics == from_files.diagnostics
    assert render_comparison(from_bytes, "json").data == render_comparison(from_files, "json").data
    board = from_bytes.comparison.board
    assert board is not None and any(reason.startswith("blocage") for reason in board.result.verdict_reasons)


def test_a_library_holds_frameworks_given_as_bytes_behind_those_from_files() -> None:
    from assess.app.library import library_with

    mini = (CORE_FIXTURES / "frameworks" / "mini.yaml").read_bytes()
    renamed = mini.replace(b"title: Mini framework", b"title: Held mini", 1)
    with library_with([], {"mini": renamed}) as held:
        assert held.load("mini").title == "Held mini"
        scratch = held.path("mini")
        assert scratch is not None and scratch.exists()
    assert not scratch.exists()  # gone with the block
    with library_with([CORE_FIXTURES / "frameworks"], {"mini": renamed}) as both:
        assert both.load("mini").title == "Mini framework"  # a framework from a file wins
