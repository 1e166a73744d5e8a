"""The report's formats, one class each, registered in `FORMATS` (after deon's `formats.py`).

A new output format is one class here: its name, extensions, media type, link label and `render`, with
`@FORMATS.register` above it. `assess report --format`, `-o`'s extension and the workspace's download links
all read the registry. Renderers are imported inside `render`, so listing the formats loads nothing heavy.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assess.rendering.formats import Format, Registry, Rendered, json_rendered

if TYPE_CHECKING:
    from assess.rendering.templating import TemplateSet
    from assess.report.inputs import ReportInput

__all__ = ["DEFAULT_FORMAT", "EXTENSIONS", "FORMATS", "Format", "Rendered", "choose_format", "default_output"]

DEFAULT_FORMAT = "pdf"
FORMATS: Registry[ReportInput] = Registry("report", DEFAULT_FORMAT)


def _templates(job: ReportInput) -> TemplateSet:
    from assess.rendering.templating import TemplateSet

    return TemplateSet(job.templates_dir, lang=job.lang)


@FORMATS.register
class PdfFormat(Format["ReportInput"]):
    name, extensions, media_type, label = "pdf", (".pdf",), "application/pdf", "PDF"

    def render(self, job: ReportInput) -> Rendered:
        from assess.report.pdf import render_pdf

        data, warnings = render_pdf(job, _templates(job))
        return Rendered(data, warnings)


@FORMATS.register
class HtmlFormat(Format["ReportInput"]):
    name, extensions, media_type, label = "html", (".html", ".htm"), "text/html; charset=utf-8", "HTML"

    def render(self, job: ReportInput) -> Rendered:
        from assess.report.document import render_html

        return Rendered(render_html(job, _templates(job), "html").encode("utf-8"), [])


@FORMATS.register
class MarkdownFormat(Format["ReportInput"]):
    name, extensions, media_type, label = "md", (".md", ".markdown"), "text/markdown; charset=utf-8", "Markdown"

    def render(self, job: ReportInput) -> Rendered:
        from assess.report.document import report_context
        from assess.report.markdown import render_markdown

        return Rendered(render_markdown(report_context(job, _templates(job), "md")).encode("utf-8"), [])


@FORMATS.register
class DocxFormat(Format["ReportInput"]):
    """An editable Word document: the same brief and annexes as the PDF, from the same report model."""

    name, extensions, label = "docx", (".docx",), "Word (DOCX, editable)"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def render(self, job: ReportInput) -> Rendered:
        from assess.report.document import report_context
        from assess.report.outline import build_outline
        from assess.report.word import render_docx

        context = report_context(job, _templates(job), "docx")
        return Rendered(render_docx(build_outline(context, brief=job.brief)), [])


@FORMATS.register
class OdtFormat(Format["ReportInput"]):
    """An editable OpenDocument text, as `DocxFormat` for LibreOffice and other ODF editors."""

    name, extensions, label = "odt", (".odt",), "OpenDocument (ODT, editable)"
    media_type = "application/vnd.oasis.opendocument.text"

    def render(self, job: ReportInput) -> Rendered:
        from assess.report.document import report_context
        from assess.report.odf import render_odt
        from assess.report.outline import build_outline

        context = report_context(job, _templates(job), "odt")
        return Rendered(render_odt(build_outline(context, brief=job.brief)), [])


@FORMATS.register
class JsonFormat(Format["ReportInput"]):
    name, extensions, media_type, label = "json", (".json",), "application/json", "JSON (the scores as data)"

    def render(self, job: ReportInput) -> Rendered:
        return json_rendered(job.result)


EXTENSIONS: dict[str, str] = FORMATS.extensions()


def choose_format(requested: str | None, output: Path | None) -> Format[ReportInput]:
    """--format wins; else the output's extension; else PDF."""
    return FORMATS.choose(requested, output)


def default_output(assessment: Path, fmt: Format[ReportInput]) -> Path:
    """`examples/x/ethics-board.yaml` -> `ethics-board.pdf`, in the current directory."""
    return Path(assessment.stem + fmt.extension)
