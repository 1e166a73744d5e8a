"""The report as an editable Word document (python-docx), from the shared outline (`outline.py`).

Real Word headings (Heading 1-3, so the navigation pane shows the outline), real tables with a
repeating header row, the chart as a picture with its text alternative, and the document's
language and core properties (title, author, subject, keywords) set.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from assess.rendering.timestamp import build_time, with_entry_times
from assess.report.outline import Bullets, Heading, Outline, PageBreak, Para, Picture, Table

# Characters XML 1.0 cannot carry; an answer pasted from elsewhere may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _lines(paragraph: Paragraph, text: str, bold: bool = False) -> None:
    """Text with its line breaks kept as breaks within one paragraph."""
    lines = xml_text(text).split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        if bold:
            run.bold = True
        if index < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)


def _cell(cell: _Cell, text: str, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    _lines(paragraph, text, bold)


def _repeat_header(row_element: CT_Row) -> None:
    properties = row_element.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _set_language(document: DocxDocument, lang: str) -> None:
    """The default run language, so spelling and screen readers use the report's language."""
    run_properties = document.styles["Normal"].element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), lang)
    run_properties.append(language)


def _table(document: DocxDocument, block: Table) -> None:
    document.add_paragraph(xml_text(block.caption), style="Caption")
    columns = len(block.header) if block.header else max((len(r) for r in block.rows), default=2)
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    if block.header:
        cells = table.add_row().cells
        for cell, text in zip(cells, block.header, strict=True):
            _cell(cell, text, bold=True)
        _repeat_header(table.rows[0]._tr)
    for row in block.rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, row, strict=False)):
            _cell(cell, text, bold=not block.header and index == 0)
    document.add_paragraph()


def _picture(document: DocxDocument, block: Picture) -> None:
    shape = document.add_picture(io.BytesIO(block.png), width=Mm(block.width_mm))
    properties = shape._inline.docPr
    properties.set("descr", xml_text(block.alt))
    properties.set("title", xml_text(block.title))
    caption = document.add_paragraph(style="Caption")
    _lines(caption, block.title)


def render_docx(outline: Outline) -> bytes:
    document = Document()
    for section in document.sections:  # python-docx's template is US Letter; the report is A4
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
    _set_language(document, outline.lang)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    props = document.core_properties
    props.title, props.subject, props.author = (xml_text(outline.title), xml_text(outline.subject)[:255],
                                                xml_text(outline.author))
    props.keywords, props.language = xml_text(outline.keywords), outline.lang
    props.comments = "Made by assess"
    made = build_time()
    props.created = props.modified = made
    for block in outline.blocks:
        if isinstance(block, Heading):
            document.add_heading(xml_text(block.text), level=block.level)
        elif isinstance(block, Para):
            style = {"title": "Title", "kind": "Subtitle", "note": "Quote"}.get(block.style)
            paragraph = document.add_paragraph(style=style)
            _lines(paragraph, block.text, bold=block.style == "strong")
        elif isinstance(block, Bullets):
            for item in block.items:
                paragraph = document.add_paragraph(style="List Number" if block.ordered else "List Bullet")
                _lines(paragraph, item)
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Picture):
            _picture(document, block)
        elif isinstance(block, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    document.save(out)
    return with_entry_times(out.getvalue(), made)
