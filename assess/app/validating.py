"""`assess validate`: frameworks and assessments checked, every problem of every file found at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assess.errors import AssessError, Diagnostic
from assess.loading import FrameworkLibrary


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
