"""The comparison's formats, one class each, registered in `FORMATS` as the report's are
(assess/report/formats.py): `assess compare --format`, `-o`'s extension and any front end read it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assess.i18n import ENGLISH, Translator
from assess.rendering.formats import Format, Registry, Rendered, json_rendered
from assess.rendering.pdf_variants import DEFAULT_PDF_VARIANT

if TYPE_CHECKING:
    from assess.comparison.model import Comparison, Entry
    from assess.rendering.templating import TemplateSet

DEFAULT_FORMAT = "table"
TABLE_WIDTH = 80


@dataclass(frozen=True)
class ComparisonJob:
    """What every comparison renderer is given. `width`: the terminal table's (None: 80 columns)."""

    comparison: Comparison
    entries: Sequence[Entry]
    templates_dir: Path | None = None
    pdf_variant: str = DEFAULT_PDF_VARIANT
    width: int | None = None
    # The language of the terminal table's own words (the Markdown, HTML and PDF comparisons are in English
    # for now; their framework text follows --lang).
    tr: Translator = ENGLISH


FORMATS: Registry[ComparisonJob] = Registry("comparison", DEFAULT_FORMAT)


def _templates(job: ComparisonJob) -> TemplateSet:
    from assess.rendering.templating import TemplateSet

    return TemplateSet(job.templates_dir)


@FORMATS.register
class TableFormat(Format["ComparisonJob"]):
    name, extensions, media_type, label = "table", (".txt",), "text/plain; charset=utf-8", "Text table"

    def render(self, job: ComparisonJob) -> Rendered:
        from assess.comparison.table import comparison_table

        table = comparison_table(job.comparison, job.width or TABLE_WIDTH, job.tr)
        return Rendered((table + "\n").encode("utf-8"), [])


@FORMATS.register
class PdfFormat(Format["ComparisonJob"]):
    name, extensions, media_type, label = "pdf", (".pdf",), "application/pdf", "PDF"

    def render(self, job: ComparisonJob) -> Rendered:
        from assess.comparison.document import render_pdf

        data, warnings = render_pdf(job.comparison, job.entries, _templates(job), job.pdf_variant)
        return Rendered(data, warnings)


@FORMATS.register
class HtmlFormat(Format["ComparisonJob"]):
    name, extensions, media_type, label = "html", (".html", ".htm"), "text/html; charset=utf-8", "HTML"

    def render(self, job: ComparisonJob) -> Rendered:
        from assess.comparison.document import render_html

        return Rendered(render_html(job.comparison, _templates(job), "html").encode("utf-8"), [])


@FORMATS.register
class MarkdownFormat(Format["ComparisonJob"]):
    name, extensions, media_type, label = "md", (".md", ".markdown"), "text/markdown; charset=utf-8", "Markdown"

    def render(self, job: ComparisonJob) -> Rendered:
        from assess.comparison.markdown import render_markdown

        return Rendered(render_markdown(job.comparison).encode("utf-8"), [])


@FORMATS.register
class JsonFormat(Format["ComparisonJob"]):
    name, extensions, media_type, label = "json", (".json",), "application/json", "JSON (the comparison as data)"

    def render(self, job: ComparisonJob) -> Rendered:
        return json_rendered(job.comparison)


EXTENSIONS: dict[str, str] = FORMATS.extensions()


def choose_format(requested: str | None, output: Path | None) -> str:
    """--format wins; else the output's extension; else the terminal table."""
    return FORMATS.choose(requested, output).name


def render(fmt: str, comparison: Comparison, entries: Sequence[Entry], templates_dir: Path | None,
           pdf_variant: str, width: int | None = None, tr: Translator = ENGLISH) -> tuple[bytes, list[str]]:
    """The rendered bytes and any warnings (kept for callers of the function before the registry)."""
    rendered = FORMATS[fmt].render(ComparisonJob(comparison, entries, templates_dir, pdf_variant, width, tr))
    return rendered.data, rendered.warnings
