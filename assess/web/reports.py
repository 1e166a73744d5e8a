"""The report of a workspace assessment, through the application layer `assess report` uses.

The report is rendered from the exported YAML itself (the bytes a user downloads with "Export"), so the
PDF embeds exactly that file and is the same document `assess report` makes from it. The formats offered,
their media types and their link labels come from the report's format registry.
"""

from __future__ import annotations

from assess.app.rendering import render_report as render
from assess.app.rendering import report_job_from_document
from assess.report.formats import FORMATS
from assess.web.workspace import Loaded, export_yaml

REPORT_FORMATS = {name: fmt.media_type for name, fmt in FORMATS.items()}
LABELS = {name: fmt.label for name, fmt in FORMATS.items()}


def render_report(loaded: Loaded, extension: str, source_name: str, lang: str | None = None) -> tuple[bytes, str]:
    """The report in `lang` (the page's language), as `assess report --lang` makes it."""
    source = export_yaml(loaded).encode("utf-8")
    job = report_job_from_document(loaded.assessment, loaded.frameworks, source, source_name, lang)
    output = render(job, extension)
    return output.data, output.media_type
