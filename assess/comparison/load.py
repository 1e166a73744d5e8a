"""From assessment files to scored entries, checked as a set before they are compared."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from assess.comparison.build import shared_framework, subject_mismatch
from assess.comparison.model import Entry
from assess.errors import AssessError, Diagnostic, warning
from assess.files import read_user_file
from assess.loading import FrameworkLibrary, load_assessment
from assess.scoring import score
from assess.yamlsource import MAX_FILE_BYTES, parse_document, read_document


def load_entries(names: Sequence[str], library: FrameworkLibrary, lang: str | None = None) -> list[Entry]:
    """Every file loaded and scored (the engine's reasons in `lang`); the errors of all of them reported
    together."""
    entries: list[Entry] = []
    problems: list[Diagnostic] = []
    for name in names:
        try:
            assessment, frameworks = load_assessment(Path(name), library)
        except AssessError as exc:
            problems.extend(exc.diagnostics)
            continue
        try:
            source = read_user_file(Path(name), name, "YAML", MAX_FILE_BYTES)
        except AssessError as exc:
            problems.extend(exc.diagnostics)
            continue
        entries.append(Entry(name=name, assessment=assessment, frameworks=frameworks,
                             result=score(frameworks, assessment, lang), source=source))
    if problems:
        raise AssessError(problems)
    return entries


def check_subjects(entries: Sequence[Entry], ignore_subject: bool) -> list[Diagnostic]:
    """Refuse (AssessError, one line) a set that cannot be compared; return warnings, at the subject that
    differs, for one that can only with care. Different organisations or systems are refused unless
    `ignore_subject`."""
    if not shared_framework(entries):
        raise AssessError.at(entries[-1].name, "no framework is answered by two or more of these assessments, "
                             "so there is nothing to compare",
                             hint="check the 'frameworks:' of each file")
    mismatch = subject_mismatch(entries)
    if mismatch is None:
        return []
    index, message = mismatch
    name = entries[index].name
    key = "organisation" if message.startswith("organisation") else "system"
    line, column = 1, 1
    with contextlib.suppress(AssessError):  # the bytes read (a file's, or a document held in memory), not the disk
        source = entries[index].source
        doc = parse_document(source, name) if source else read_document(Path(name), name)
        line, column = doc.position(("subject", key))
    if ignore_subject:
        return [warning(name, f"{message}; compared anyway (--ignore-subject)", line, column)]
    raise AssessError.at(name, f"not the same deployment: {message}", line, column,
                         hint="compare assessments of one system; if it is the same one under another name, "
                              "pass --ignore-subject")
