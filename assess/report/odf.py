"""The report as an editable OpenDocument text (odfdo), from the shared outline (`outline.py`).

Real headings (text:h with outline levels, so the navigator shows them), tables with a header
row group, the chart as a framed picture with its title and description (the text alternative),
and the document's language and metadata (title, author, subject, keywords) set.
"""

from __future__ import annotations

import io

from odfdo import (
    Cell,
    Document,
    DrawImage,
    Element,
    Frame,
    Header,
    HeaderRows,
    List,
    ListItem,
    PageBreak,
    Paragraph,
    Row,
    Style,
)
from odfdo import Table as OdfTable

from assess.rendering.timestamp import build_time, with_entry_times
from assess.report.outline import Bullets, Heading, Outline, Para, Picture, Table
from assess.report.outline import PageBreak as OutlinePageBreak
from assess.report.word import xml_text


def _paragraph(text: str, style: str | None = None) -> Paragraph:
    """A paragraph whose line breaks stay line breaks."""
    paragraph = Paragraph("", style=style)
    for index, line in enumerate(xml_text(text).split("\n")):
        if index:
            paragraph.append(Element.from_tag("<text:line-break/>"))
        paragraph.append_plain_text(line)
    return paragraph


def _styles(document: Document) -> None:
    # The headings carry their own numbers (1.2.3, Annex 2): turn off the template's automatic outline numbering.
    for level in document.styles.get_elements("//text:outline-style/text:outline-level-style"):
        level.set_attribute("style:num-format", "")
        for name in ("style:num-suffix", "loext:num-list-format"):
            level.del_attribute(name)
    document.add_page_break_style()
    document.insert_style(Style("paragraph", name="AssessStrong", parent_style="Text_20_body",
                                area="text", bold=True), automatic=False)
    document.insert_style(Style("paragraph", name="AssessNote", parent_style="Text_20_body",
                                area="text", italic=True), automatic=False)
    document.insert_style(Style("paragraph", name="AssessCellHead", parent_style="Table_20_Contents",
                                area="text", bold=True), automatic=False)


def _table(document: Document, block: Table, number: int) -> None:
    body = document.body
    body.append(_paragraph(block.caption, "AssessStrong"))
    columns = len(block.header) if block.header else max((len(r) for r in block.rows), default=2)
    table = OdfTable(f"Table{number}")
    if block.header:
        head = HeaderRows()
        row = Row()
        for text in block.header:
            cell = Cell()
            cell.append(_paragraph(text, "AssessCellHead"))
            row.append(cell)
        head.append(row)
        table.append(head)
    for values in block.rows:
        row = Row()
        for index in range(columns):
            text = values[index] if index < len(values) else ""
            cell = Cell()
            cell.append(_paragraph(text, "AssessCellHead" if not block.header and index == 0 else None))
            row.append(cell)
        table.append(row)
    body.append(table)


def _picture(document: Document, block: Picture, number: int) -> None:
    uri = document.add_file(io.BytesIO(block.png))
    width_mm = block.width_mm
    height_mm = width_mm * _png_height(block.png) / _png_width(block.png)
    frame = Frame.image_frame(DrawImage(uri), name=f"Chart{number}", size=(f"{width_mm:.1f}mm",
                                                                           f"{height_mm:.1f}mm"),
                              anchor_type="as-char")
    frame.svg_title = xml_text(block.title)
    frame.svg_description = xml_text(block.alt)
    holder = Paragraph("")
    holder.append(frame)
    document.body.append(holder)
    document.body.append(_paragraph(block.title, "AssessNote"))


def _png_width(png: bytes) -> int:
    return int.from_bytes(png[16:20], "big")


def _png_height(png: bytes) -> int:
    return int.from_bytes(png[20:24], "big")


def render_odt(outline: Outline) -> bytes:
    document = Document("text")
    document.body.clear()
    _styles(document)
    meta = document.meta
    meta.set_title(xml_text(outline.title))
    meta.set_subject(xml_text(outline.subject))
    meta.set_initial_creator(xml_text(outline.author))
    meta.set_creator(xml_text(outline.author))
    meta.set_keywords(xml_text(outline.keywords))
    meta.set_language(outline.lang)
    meta.set_generator("assess")
    made = build_time()
    meta.set_creation_date(made)
    meta.set_modification_date(made)
    document.set_language(outline.lang)
    tables = pictures = 0
    for block in outline.blocks:
        if isinstance(block, Heading):
            document.body.append(Header(block.level, xml_text(block.text), style=f"Heading_20_{block.level}"))
        elif isinstance(block, Para):
            style = {"strong": "AssessStrong", "title": "Title", "kind": "Subtitle", "note": "AssessNote"}.get(
                block.style)
            document.body.append(_paragraph(block.text, style))
        elif isinstance(block, Bullets):
            items = List()
            for item in block.items:
                entry = ListItem()
                entry.append(_paragraph(item))
                items.append(entry)
            document.body.append(items)
        elif isinstance(block, Table):
            tables += 1
            _table(document, block, tables)
        elif isinstance(block, Picture):
            pictures += 1
            _picture(document, block, pictures)
        elif isinstance(block, OutlinePageBreak):
            document.body.append(PageBreak())
    out = io.BytesIO()
    document.save(out)
    return with_entry_times(out.getvalue(), made)
