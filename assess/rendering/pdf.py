"""HTML to an accessible, self-contained PDF through WeasyPrint, for any document rendered from the
templates (the report, the comparison).

- Tagged (PDF/UA-1 unless another variant is asked for), with language, title, author
  and subject from the document's `<html lang>`, `<title>` and `<meta>` elements.
- The files given, attached (the report attaches its assessment; `assess extract` reads it back).
- Every object that could fetch a URL is handed the same `TemplateFetcher`.
- WeasyPrint's log messages are collected rather than printed, and returned as
  warnings, so a clean render prints nothing.
- File dates come from SOURCE_DATE_EPOCH where set, so two renders are byte-identical.

WeasyPrint is imported only here and by `fetcher`, and only when a PDF is made.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assess.errors import AssessError
from assess.rendering.pdf_variants import PDF_VARIANTS
from assess.rendering.timestamp import build_time

if TYPE_CHECKING:
    from assess.rendering.templating import TemplateSet


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())
        if message not in self.messages:
            self.messages.append(message)


@contextlib.contextmanager
def quiet_weasyprint() -> Iterator[_Collector]:
    """Collect WeasyPrint's warnings and errors instead of letting them reach stderr."""
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    saved = logger.propagate
    logger.addHandler(collector)
    logger.propagate = False
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.propagate = saved


@dataclass(frozen=True)
class PdfAttachment:
    name: str
    data: bytes | str
    description: str
    relationship: str = "Source"  # PDF/A-3's AFRelationship: the assessment is the report's source


def html_to_pdf(html: str, templates: TemplateSet, attachments: Sequence[PdfAttachment], pdf_variant: str,
                source_name: str) -> tuple[bytes, list[str]]:
    """Any document rendered from the templates, as a tagged PDF with these files attached.
    `source_name` is what an error about the variant points at."""
    with quiet_weasyprint() as collector:
        from weasyprint import HTML, Attachment
        from weasyprint.pdf import VARIANTS

        from assess.rendering.fetcher import BASE_URL, TemplateFetcher

        if pdf_variant not in VARIANTS or pdf_variant not in PDF_VARIANTS:
            supported = ", ".join(v for v in PDF_VARIANTS if v in VARIANTS)
            raise AssessError.at(source_name, f"PDF variant '{pdf_variant}' is not available",
                                 hint=f"use one of: {supported}")
        fetcher = TemplateFetcher(templates)
        when = build_time()
        files = [
            Attachment(string=a.data, name=a.name, description=a.description, created=when, modified=when,
                       relationship=a.relationship, url_fetcher=fetcher)
            for a in attachments
        ]
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        pdf = document.write_pdf(attachments=files, pdf_variant=pdf_variant, pdf_tags=True, pdf_identifier=True)
    warnings = [f"template tried to load a file or address outside its directories: {url}"
                for url in fetcher.refused]
    warnings += [f"weasyprint: {m}" for m in collector.messages if not _about_refusal(m, fetcher.refused)]
    assert isinstance(pdf, bytes)
    return pdf, warnings


def _about_refusal(message: str, refused: list[str]) -> bool:
    return any(url in message for url in refused) or "refused to load" in message
