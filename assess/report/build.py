"""From an assessment file on disk to a `ReportInput`: load, check, score.

The file may be a plain assessment YAML or a bundle (assess/bundle.py: the YAML with its evidence files);
with `files_dir`, the evidence files are read from a directory of files named by their SHA-256.
"""

from __future__ import annotations

from pathlib import Path

from assess.bundle import MAX_BUNDLE_BYTES, file_refs, is_bundle, load_bundle
from assess.evidence_files import files_from_dir
from assess.files import read_user_file
from assess.loading import FrameworkLibrary, load_assessment
from assess.model import Assessment, Framework
from assess.rendering.pdf_variants import DEFAULT_PDF_VARIANT
from assess.rendering.templating import TemplateSet
from assess.report.inputs import ReportInput
from assess.scoring import score
from assess.yamlsource import MAX_FILE_BYTES


def load_job(
    path: Path, library: FrameworkLibrary, templates_dir: Path | None = None,
    pdf_variant: str = DEFAULT_PDF_VARIANT, display: str | None = None, lang: str | None = None,
    brief: bool = False, files_dir: Path | None = None,
) -> ReportInput:
    """`lang` (--lang): the report's own words, and its `<html lang>`, in that language."""
    if templates_dir is not None:
        TemplateSet(templates_dir)  # a missing directory is reported before any work is done
    shown = display or str(path)
    assessment, frameworks, source, files = _load(path, shown, library)
    if files_dir is not None:
        files = files_from_dir(file_refs(assessment), files_dir)
    return ReportInput(
        assessment=assessment, frameworks=frameworks, result=score(frameworks, assessment, lang),
        source_name=shown, source_bytes=source, templates_dir=templates_dir,
        pdf_variant=pdf_variant, lang=lang, brief=brief, evidence_files=files,
    )


def _load(path: Path, shown: str, library: FrameworkLibrary
          ) -> tuple[Assessment, dict[str, Framework], bytes, dict[str, bytes]]:
    """The assessment, its frameworks, the YAML bytes to embed in the PDF, and any evidence files."""
    if _starts_like_a_bundle(path):
        data = read_user_file(path, shown, "bundle", MAX_BUNDLE_BYTES)
        assessment, frameworks, bundle = load_bundle(data, shown, library)
        return assessment, frameworks, bundle.yaml, bundle.files
    assessment, frameworks = load_assessment(path, library)
    source = read_user_file(path, shown, "YAML", MAX_FILE_BYTES)  # the bytes embedded in the PDF
    return assessment, frameworks, source, {}


def _starts_like_a_bundle(path: Path) -> bool:
    if not path.is_file():  # a FIFO or a device is never opened here; the ordinary reader refuses it
        return False
    try:
        with path.open("rb") as stream:
            return is_bundle(stream.read(4))
    except OSError:
        return False  # the ordinary reader says what is wrong with the path


def missing_files_warning(job: ReportInput) -> str | None:
    """Said when the answers reference evidence files the report was not given, so the PDF lists but does
    not carry them."""
    missing = [ref for digest, ref in file_refs(job.assessment).items() if digest not in job.evidence_files]
    if not missing:
        return None
    return (f"{len(missing)} evidence file(s) are listed but not attached to the PDF (give the bundle .zip, or "
            "--files DIR holding the files named by their SHA-256)")
