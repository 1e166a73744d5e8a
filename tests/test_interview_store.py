"""Creating, saving and re-opening assessments for the questionnaire, drift included."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from assess.assessments import Metadata, new_assessment, slug
from assess.errors import AssessError
from assess.interview import paths, render
from assess.loading import FrameworkLibrary, load_assessment
from assess.model import Answer
from assess.questionnaire import Questionnaire
from assess.rendering.plain import SOURCE_LENGTH, short_cite, shorten_citation
from assess.resuming import open_existing
from assess.storage import save_assessment

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "interview"
META = Metadata(title="Officer monitoring: staff view", organisation="A force", system="Platform",
                stage="pilot", role="Branch secretary", perspective="staff-association",
                classification="OFFICIAL-SENSITIVE")


@pytest.fixture
def library(tmp_path: Path) -> FrameworkLibrary:
    target = tmp_path / "frameworks"
    target.mkdir()
    shutil.copy(FIXTURES / "pilot-check.yaml", target)
    return FrameworkLibrary(dirs=[target], include_builtin=False)


def test_a_new_assessment_is_valid_and_pinned(tmp_path: Path, library: FrameworkLibrary) -> None:
    frameworks = library.load_many(["pilot-check"])
    path = tmp_path / "a.yaml"
    save_assessment(path, new_assessment(META, frameworks, dt.date(2026, 5, 1)))
    assessment, _ = load_assessment(path, library)
    assert assessment.respondent.perspective == "staff-association"
    assert assessment.frameworks["pilot-check"].questions  # per-question fingerprints, for drift


def test_default_path_never_overwrites(tmp_path: Path) -> None:
    first = paths.default_path(META.title, tmp_path)
    assert first.name == "officer-monitoring-staff-view.yaml"
    first.write_text("x")
    assert paths.default_path(META.title, tmp_path).name == "officer-monitoring-staff-view-2.yaml"
    assert slug("???") == "assessment"


def test_a_new_path_is_checked_before_any_question(tmp_path: Path) -> None:
    with pytest.raises(AssessError, match="does not exist"):
        paths.check_new_path(tmp_path / "missing" / "a.yaml")
    with pytest.raises(AssessError, match=r"\.yaml"):
        paths.check_new_path(tmp_path / "a.txt")
    paths.check_new_path(tmp_path / "a.yaml")


def test_opening_refuses_a_framework_file(library: FrameworkLibrary) -> None:
    path = library.path("pilot-check")
    assert path is not None
    with pytest.raises(AssessError, match="framework, not an assessment"):
        open_existing(path, library)


def test_a_drifted_file_opens_with_warnings_and_a_backup(tmp_path: Path, library: FrameworkLibrary) -> None:
    frameworks = library.load_many(["pilot-check"])
    assessment = new_assessment(META, frameworks).model_copy(update={"answers": {"pilot-check": {
        "has_policy": Answer(answer="yes", note="kept"),
        "policy_age": Answer(answer="recent"),
        "safeguards": Answer(answer=["audit"]),
        "trust": Answer(answer=5, evidence=["staff survey"]),
        "owner": Answer(answer="Chief officer"),
    }}})
    path = tmp_path / "a.yaml"
    save_assessment(path, assessment)
    original = path.read_text()

    # The framework changes: 'owner' removed, the scale of 'trust' shrinks to 1..3.
    fw_path = library.path("pilot-check")
    assert fw_path is not None
    text = fw_path.read_text().replace("version: 1.0.0", "version: 1.1.0")
    text = text.replace("{min: 1, max: 5,", "{min: 1, max: 3,")
    text = text[: text.index("      - id: owner")]
    fw_path.write_text(text)
    library = FrameworkLibrary(dirs=[fw_path.parent], include_builtin=False)

    with pytest.raises(AssessError):
        load_assessment(path, library)  # the strict loader refuses it ...
    opened = open_existing(path, library)  # ... the questionnaire carries on
    joined = "\n".join(opened.notices)
    assert "version 1.0.0 -> 1.1.0" in joined and "removed: owner" in joined and "changed: trust" in joined
    assert "Set aside" in joined and "pilot-check.owner" in joined
    assert "To answer again: 'pilot-check.trust'" in joined
    assert opened.backup is not None and opened.backup.read_text() == original
    answers = opened.assessment.answers["pilot-check"]
    assert "owner" not in answers
    assert answers["trust"].answer is None and answers["trust"].evidence == ["staff survey"]
    questionnaire = Questionnaire(opened.assessment, opened.frameworks)
    assert questionnaire.slots[questionnaire.first_open() or 0].question.id == "trust"  # re-asked, never scored
    save_assessment(path, opened.assessment)
    load_assessment(path, library)  # what is saved is valid again


def test_unknown_frameworks_are_errors_with_a_hint(tmp_path: Path, library: FrameworkLibrary) -> None:
    path = tmp_path / "a.yaml"
    save_assessment(path, new_assessment(META, library.load_many(["pilot-check"])))
    path.write_text(path.read_text().replace("pilot-check:", "pilot-chek:"))
    with pytest.raises(AssessError, match="unknown framework 'pilot-chek'") as caught:
        open_existing(path, library)
    assert caught.value.diagnostics[0].line > 1


def test_short_citations() -> None:
    from assess.model import Reference

    with_short = Reference.model_validate({"cite": "Data Protection Act 2018, section 35(5)", "short": "DPA  s.35"})
    assert short_cite(with_short) == "DPA s.35" and short_cite(with_short, 10) == "DPA s.35"
    without = with_short.model_copy(update={"short": None})
    assert short_cite(without) == "Data Protection Act 2018, section 35(5)"  # the report: never cut
    assert short_cite(without, 30) == shorten_citation(without.cite, 30)  # a header line: shortened
    assert shorten_citation("Data Protection Act 2018, s.35(5)") == "Data Protection Act 2018, s.35(5)"
    long = "Bank Mellat v HM Treasury (No 2) [2013] UKSC 39, [2014] AC 700, at [74] (Lord Reed)"
    assert shorten_citation(long) == "Bank Mellat v HM Treasury (No 2) [2013] UKSC 39"
    assert len(shorten_citation("x" * 200)) == SOURCE_LENGTH


def test_a_short_citation_keeps_the_case_name() -> None:
    coughlan = "R v North and East Devon Health Authority, ex p Coughlan [2001] QB 213, at [108]"
    assert shorten_citation(coughlan) == "R v …, ex p Coughlan [2001] QB 213"  # never the bare 'R [2001] QB 213'
    bridges = "R (Bridges) v Chief Constable of South Wales Police [2020] EWCA Civ 1058, [174]-[202]"
    assert shorten_citation(bridges) == "R (Bridges) [2020] EWCA Civ 1058"
    schufa = "Case C-634/21 OQ v Land Hessen (SCHUFA Holding), 7 December 2023, ECLI:EU:C:2023:957"
    assert shorten_citation(schufa) == "Case C-634/21 OQ v Land Hessen (SCHUFA Holding) (2023)"
    act = "Police Act 1996, s.59 (Police Federation for England and Wales: consultation on conditions of service)"
    assert shorten_citation(act) == "Police Act 1996, s.59"  # the aside goes whole, not half of it


def test_a_reference_with_a_short_form_is_shown_by_it(library: FrameworkLibrary) -> None:
    framework = library.load("pilot-check")
    question = next(q for q in framework.questions() if q.refs)
    ref = question.refs[0]
    named = framework.references[ref].model_copy(update={"short": "Coughlan (2001)"})
    changed = framework.model_copy(update={"references": {**framework.references, ref: named}})
    assert render.sources(changed, question)[0] == "Coughlan (2001)"
    assert render.sources(framework, question)[0] == shorten_citation(framework.references[ref].cite)


def test_headers_fit_any_width_from_the_minimum(library: FrameworkLibrary) -> None:
    frameworks = library.load_many(["pilot-check"])
    questionnaire = Questionnaire(new_assessment(META, frameworks), frameworks)
    for width in (render.MIN_WIDTH - 1, 59, 79, 100):
        for index in range(len(questionnaire.slots)):
            lines = [*render.header(questionnaire, index, width=width),
                     *render.full_help(questionnaire, index, width=width)]
            for line in lines:
                assert len(line) <= width, (width, line)
    assert render.location(questionnaire, 0) == "Question 1.1.1 · 1/4 · Pilot check › Starting out · critical"
    assert render.location(questionnaire, 0, width=39) == "1.1.1 · 1/4 · Pilot check · critical"


def test_a_short_terminal_keeps_the_position_and_the_question(library: FrameworkLibrary) -> None:
    frameworks = library.load_many(["pilot-check"])
    questionnaire = Questionnaire(new_assessment(META, frameworks), frameworks)
    for index in range(len(questionnaire.slots)):
        full = render.header(questionnaire, index, width=59)
        for room in (2, 3, 5):
            lines = render.header(questionnaire, index, width=59, max_lines=room)
            assert len(lines) <= room
            assert lines[0] == full[0]  # the position line always comes first
            assert questionnaire.slots[index].question.ask.split()[0] in " ".join(lines[1:3])
