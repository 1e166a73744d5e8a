"""`assess validate`: frameworks and assessments checked, every problem of every file found at once; and a
framework held in memory (an upload) checked the same way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assess.errors import AssessError, Diagnostic
from assess.loading import FrameworkLibrary

if TYPE_CHECKING:
    from assess.app.documents import Source
    from assess.model import Framework


@dataclass
class Validation:
    valid: int = 0  # files without an error (warnings allowed)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # per file, in the order the files were named

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity != "error"]


def validate_files(names: Sequence[str], library: FrameworkLibrary, lang: str | None = None) -> Validation:
    """Each named file read as a framework or an assessment, by what it says it is."""
    from assess.app.library import loadable_frameworks
    from assess.checks import misleading_text
    from assess.loading import assessment_from_document, check_framework_file, file_kind
    from assess.yamlsource import read_document

    outcome = Validation()
    for name in names:
        path = Path(name)
        found: list[Diagnostic] = []
        try:
            doc = read_document(path, name)
            found = list(misleading_text(doc))
            if file_kind(doc) == "framework":
                found += check_framework_file(path, name, lang, loadable_frameworks(library))[2]
            else:
                assessment_from_document(read_document(path, name), library)
        except AssessError as exc:
            found += exc.diagnostics
        if not any(d.severity == "error" for d in found):
            outcome.valid += 1
        outcome.diagnostics += sorted(found, key=lambda d: (d.path != name, d.path, d.line, d.column))
    return outcome


@dataclass
class FrameworkCheck:
    framework: Framework | None  # what validates of it (errors may remain); None: too little, or not a framework
    diagnostics: list[Diagnostic]  # errors and warnings, in the order `validate` gives them
    kind: str | None  # what the document says it is ('framework', 'assessment'); None when it cannot say


def check_framework_source(source: Source, library: FrameworkLibrary, lang: str | None = None) -> FrameworkCheck:
    """A framework's YAML held in memory, checked as `assess validate NAME` checks the file of that name:
    the safe reader, misleading text, the schema, the cross-checks, qualified `when` names resolved among
    `library`'s frameworks. An assessment is not checked as one: `kind` says what it is."""
    from assess.app.library import loadable_frameworks
    from assess.checks import misleading_text
    from assess.loading import check_framework_document, file_kind
    from assess.yamlsource import parse_document

    name = source.name
    found: list[Diagnostic] = []
    framework = kind = None
    try:
        doc = parse_document(source.data, name)
        found = list(misleading_text(doc))
        kind = file_kind(doc)
        if kind == "framework":  # parsed afresh for the check, as validate reads a file twice
            framework, _, problems = check_framework_document(parse_document(source.data, name), name, lang,
                                                              loadable_frameworks(library))
            found += problems
    except AssessError as exc:
        found += exc.diagnostics
    found.sort(key=lambda d: (d.path != name, d.path, d.line, d.column))
    return FrameworkCheck(framework, found, kind)
