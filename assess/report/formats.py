"""One `Format` per output, and the tables that pick one (after deon's `formats.py`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assess.report.inputs import ReportInput
from assess.report.templating import TemplateSet
from assess.safetext import json_visible


@dataclass(frozen=True)
class Rendered:
    data: bytes
    warnings: list[str]


class Format:
    name = ""
    extension = ""

    def render(self, job: ReportInput) -> Rendered:
        raise NotImplementedError


class PdfFormat(Format):
    name, extension = "pdf", ".pdf"

    def render(self, job: ReportInput) -> Rendered:
        from assess.report.pdf import render_pdf

        data, warnings = render_pdf(job, TemplateSet(job.templates_dir, lang=job.lang))
        return Rendered(data, warnings)


class HtmlFormat(Format):
    name, extension = "html", ".html"

    def render(self, job: ReportInput) -> Rendered:
        from assess.report.document import render_html

        return Rendered(render_html(job, TemplateSet(job.templates_dir, lang=job.lang), "html").encode("utf-8"), [])


class MarkdownFormat(Format):
    name, extension = "md", ".md"

    def render(self, job: ReportInput) -> Rendered:
        from assess.report.document import report_context
        from assess.report.markdown import render_markdown

        context = report_context(job, TemplateSet(job.templates_dir, lang=job.lang), "md")
        return Rendered(render_markdown(context).encode("utf-8"), [])


class DocxFormat(Format):
    """An editable Word document: the same brief and annexes as the PDF, from the same report model."""

    name, extension = "docx", ".docx"

    def render(self, job: ReportInput) -> Rendered:
        from assess.report.document import report_context
        from assess.report.outline import build_outline
        from assess.report.word import render_docx

        context = report_context(job, TemplateSet(job.templates_dir, lang=job.lang), "docx")
        return Rendered(render_docx(build_outline(context, brief=job.brief)), [])


class OdtFormat(Format):
    """An editable OpenDocument text, as `DocxFormat` for LibreOffice and other ODF editors."""

    name, extension = "odt", ".odt"

    def render(self, job: ReportInput) -> Rendered:
        from assess.report.document import report_context
        from assess.report.odf import render_odt
        from assess.report.outline import build_outline

        context = report_context(job, TemplateSet(job.templates_dir, lang=job.lang), "odt")
        return Rendered(render_odt(build_outline(context, brief=job.brief)), [])


class JsonFormat(Format):
    name, extension = "json", ".json"

    def render(self, job: ReportInput) -> Rendered:
        data = job.result.model_dump(mode="json", by_alias=True)
        text = json_visible(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))
        return Rendered((text + "\n").encode("utf-8"), [])


FORMATS: dict[str, Format] = {f.name: f for f in (PdfFormat(), HtmlFormat(), MarkdownFormat(), DocxFormat(),
                                                   OdtFormat(), JsonFormat())}
EXTENSIONS: dict[str, str] = {".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md",
                              ".docx": "docx", ".odt": "odt", ".json": "json"}
DEFAULT_FORMAT = "pdf"


def choose_format(requested: str | None, output: Path | None) -> Format:
    """--format wins; else the output's extension; else PDF."""
    if requested:
        return FORMATS[requested]
    if output is not None and output.suffix.lower() in EXTENSIONS:
        return FORMATS[EXTENSIONS[output.suffix.lower()]]
    return FORMATS[DEFAULT_FORMAT]


def default_output(assessment: Path, fmt: Format) -> Path:
    """`examples/x/ethics-board.yaml` -> `ethics-board.pdf`, in the current directory."""
    return Path(assessment.stem + fmt.extension)
