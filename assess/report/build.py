"""From an assessment file on disk to a `ReportInput`: load, check, score."""

from __future__ import annotations

from pathlib import Path

from assess.files import read_user_file
from assess.loading import FrameworkLibrary, load_assessment
from assess.report import DEFAULT_PDF_VARIANT
from assess.report.inputs import ReportInput
from assess.report.templating import TemplateSet
from assess.scoring import score
from assess.yamlsource import MAX_FILE_BYTES


def load_job(
    path: Path, library: FrameworkLibrary, templates_dir: Path | None = None,
    pdf_variant: str = DEFAULT_PDF_VARIANT, display: str | None = None, lang: str | None = None,
    brief: bool = False,
) -> ReportInput:
    """`lang` (--lang): the report's own words, and its `<html lang>`, in that language."""
    if templates_dir is not None:
        TemplateSet(templates_dir)  # a missing directory is reported before any work is done
    assessment, frameworks = load_assessment(path, library)
    source = read_user_file(path, display or str(path), "YAML", MAX_FILE_BYTES)  # the bytes embedded in the PDF
    return ReportInput(
        assessment=assessment, frameworks=frameworks, result=score(frameworks, assessment, lang),
        source_name=display or str(path), source_bytes=source, templates_dir=templates_dir,
        pdf_variant=pdf_variant, lang=lang, brief=brief,
    )
