"""Files written by other tools (and uploads) into our formats, checked before anything is written."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assess.errors import AssessError, Diagnostic, note, warning
from assess.loading import FrameworkLibrary
from assess.model import Assessment, Framework

FRAMEWORK_ID = re.compile(r"^[a-z][a-z0-9_-]*$")


def assessment_from_bytes(raw: bytes, name: str, library: FrameworkLibrary) -> tuple[Assessment, dict[str, Framework]]:
    """An assessment's YAML held in memory (an upload), through the same safe reader and checks as
    `assess validate`."""
    from assess.loading import assessment_from_document
    from assess.yamlsource import parse_document

    assessment, frameworks = assessment_from_document(parse_document(raw, name), library)
    return assessment, dict(frameworks)


@dataclass
class ImportedFramework:
    text: str  # the framework's YAML, read back as `assess validate` would before it is returned
    sections: int
    questions: int
    skipped: int
    diagnostics: list[Diagnostic] = field(default_factory=list)


def surveyjs_framework_id(output: Path, shown: str, requested: str | None) -> str:
    """The framework id (--id, else the output's name), refused unless the output is named ID.yaml."""
    framework_id = requested or output.stem
    if not FRAMEWORK_ID.match(framework_id) or len(framework_id) > 64:
        raise AssessError.at(shown, f"'{framework_id}' cannot be a framework id",
                             hint="use lower-case letters, digits, '-' and '_', starting with a letter (--id)")
    if output.suffix not in (".yaml", ".yml") or output.stem != framework_id:
        raise AssessError.at(shown, "the output must be named after the framework id, as ID.yaml",
                             hint=f"use -o {output.with_name(framework_id + '.yaml')}")
    return framework_id


def requirement_files(specs: Sequence[str]) -> list[Path]:
    """The files named by `--requirements [LANG=]FILE`."""
    return [Path(spec.rpartition("=")[2]) for spec in specs]


def import_surveyjs(survey: Path, shown: str, framework_id: str, output_name: str, *, title: str | None,
                    version: str, default_lang: str, convention: str, reviewed: dt.date,
                    requirements: Sequence[str] = ()) -> ImportedFramework:
    """A SurveyJS questionnaire as a framework's YAML. `requirements`: `[LANG=]FILE` of the AIA's language
    files. The text is read back as a framework (under `output_name`) before it is returned."""
    from assess.importers import (
        MAX_SURVEY_BYTES,
        check_framework_bytes,
        check_framework_values,
        framework_yaml,
        read_json,
    )
    from assess.importers.surveyjs import Options, convert_survey
    from assess.loading import load_framework

    data, text = read_json(survey, shown, MAX_SURVEY_BYTES)
    found: dict[str, object] = {}
    for spec in requirements:
        lang, _, name = spec.rpartition("=")
        found[lang or default_lang] = read_json(Path(name), name, MAX_SURVEY_BYTES)[0]
    options = Options(framework_id=framework_id, title=title, version=version, default_lang=default_lang,
                      convention=convention, reviewed=reviewed, requirements=found, source=shown)
    imported = convert_survey(data, options, text)
    check_framework_values(imported.data, shown)
    header = (f"# Converted from {survey.name} by `assess import surveyjs`.\n"
              "# Its text is the survey author's; check the licence before you share this file.\n")
    written = framework_yaml(imported.data, header)
    check_framework_bytes(written, shown)
    with tempfile.TemporaryDirectory() as scratch:  # read back as `assess validate` would
        check = Path(scratch) / Path(output_name).name
        check.write_text(written, encoding="utf-8")
        load_framework(check, output_name)
    sections = imported.data["sections"]
    return ImportedFramework(written, len(sections), sum(len(s["questions"]) for s in sections), imported.skipped,
                             [warning(shown, text) for text in imported.warnings])


@dataclass
class ImportedAnswers:
    assessment: Assessment
    text: str  # its YAML
    kept: int  # answers imported
    diagnostics: list[Diagnostic] = field(default_factory=list)


def import_aia_answers(results: Path, shown: str, framework: Framework, *, title: str | None,
                       organisation: str | None, system: str | None, date: dt.date | None) -> ImportedAnswers:
    """Answers saved by Canada's AIA tool as an assessment of `framework` (imported from its survey)."""
    from assess.importers import read_json
    from assess.importers.aia_answers import import_answers
    from assess.storage import dump_assessment

    saved, _ = read_json(results, shown)
    done = import_answers(saved, framework, shown, title, organisation, system, date)
    found = [warning(shown, f"'{name}' is not a question of '{framework.id}'; left out") for name in done.unknown]
    found += [warning(shown, f"{why}; left out") for why in done.invalid]
    if done.dropped_hidden:
        found.append(note(shown, f"{len(done.dropped_hidden)} answer(s) to questions the final answers hide were "
                                 f"dropped, as the official tool drops them: {', '.join(done.dropped_hidden)}"))
    kept = len(done.assessment.answers.get(framework.id, {}))
    return ImportedAnswers(done.assessment, dump_assessment(done.assessment), kept, found)


def known_framework(library: FrameworkLibrary, framework_id: str, shown: str) -> Framework:
    """The framework answers are imported into, or a one-line error at the file being imported."""
    if library.path(framework_id) is None:
        from assess.errors import did_you_mean

        raise AssessError.at(shown, f"unknown framework '{framework_id}'",
                             hint=did_you_mean(framework_id, library.ids())
                             or "import the survey first: assess import surveyjs, then --frameworks DIR")
    return library.load(framework_id)

