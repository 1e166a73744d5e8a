"""The report of a workspace assessment, through the same renderers as `assess report`.

The report is rendered from the exported YAML itself (the bytes a user downloads with "Export"), so the
PDF embeds exactly that file and is the same document `assess report` makes from it.
"""

from __future__ import annotations

from assess.report.formats import FORMATS
from assess.report.inputs import ReportInput
from assess.scoring import score
from assess.web.workspace import Loaded, export_yaml

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
}
LABELS = {"pdf": "PDF", "html": "HTML", "md": "Markdown", "json": "JSON (the scores as data)"}
REPORT_FORMATS = {name: MEDIA_TYPES[name] for name in FORMATS if name in MEDIA_TYPES}


def render_report(loaded: Loaded, extension: str, source_name: str, lang: str | None = None) -> tuple[bytes, str]:
    """The report in `lang` (the page's language), as `assess report --lang` makes it."""
    source = export_yaml(loaded).encode("utf-8")
    job = ReportInput(
        assessment=loaded.assessment,
        frameworks=loaded.frameworks,
        result=score(loaded.frameworks, loaded.assessment, lang),
        source_name=source_name,
        source_bytes=source,
        lang=lang,
    )
    return FORMATS[extension].render(job).data, REPORT_FORMATS[extension]
