"""The report's PDF: its HTML made a tagged PDF (assess/rendering/pdf.py), with the assessment's YAML, byte for
byte, attached as `assessment.yaml` (`assess extract` reads it back) and the evidence files beside it."""

from __future__ import annotations

from assess.rendering.pdf import PdfAttachment, html_to_pdf
from assess.rendering.templating import TemplateSet
from assess.report.document import render_html
from assess.report.inputs import ReportInput

ATTACHMENT_NAME = "assessment.yaml"
ATTACHMENT_DESCRIPTION = "The assessment this report was produced from (assess/assessment@1)"


def render_pdf(job: ReportInput, templates: TemplateSet) -> tuple[bytes, list[str]]:
    """The report's PDF, and any warnings worth showing the user (nothing, for the shipped templates)."""
    attachment = PdfAttachment(ATTACHMENT_NAME, job.source_bytes, ATTACHMENT_DESCRIPTION)
    return html_to_pdf(render_html(job, templates, "pdf"), templates, [attachment, *evidence_attachments(job)],
                       job.pdf_variant, job.source_name)


def evidence_attachments(job: ReportInput) -> list[PdfAttachment]:
    """Each evidence file the answers reference, once, named `evidence-<short hash>-<name>` (unique, and
    matched to the report's list by the short hash); `assess extract --files` finds them by their hash."""
    from assess.bundle import file_refs
    from assess.evidence_files import EVIDENCE_ATTACHMENT_PREFIX, download_name, short_hash

    found: list[PdfAttachment] = []
    for digest, ref in sorted(file_refs(job.assessment).items()):
        data = job.evidence_files.get(digest)
        if data is None:
            continue
        name = f"{EVIDENCE_ATTACHMENT_PREFIX}{short_hash(digest)}-{download_name(ref)}"
        found.append(PdfAttachment(name, data, f"Evidence file of the assessment (SHA-256 {digest})",
                                   relationship="Supplement"))
    return found
