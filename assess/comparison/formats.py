"""One renderer per `assess compare --format`, and the extensions that pick one for `-o`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from assess.comparison.model import Comparison, Entry
from assess.i18n import ENGLISH, Translator
from assess.safetext import json_visible

EXTENSIONS: dict[str, str] = {".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md",
                              ".json": "json", ".txt": "table"}


def choose_format(requested: str | None, output: Path | None) -> str:
    """--format wins; else the output's extension; else the terminal table."""
    if requested:
        return requested
    if output is not None and str(output) != "-" and output.suffix.lower() in EXTENSIONS:
        return EXTENSIONS[output.suffix.lower()]
    return "table"


def render(fmt: str, comparison: Comparison, entries: Sequence[Entry], templates_dir: Path | None,
           pdf_variant: str, width: int | None = None, tr: Translator = ENGLISH) -> tuple[bytes, list[str]]:
    """The rendered bytes and any warnings (from user templates or WeasyPrint). `width`: the
    terminal table's (None: 80 columns). `tr`: the language of the table's own words (the Markdown,
    HTML and PDF comparisons are in English for now; their framework text follows --lang)."""
    if fmt == "json":
        data = comparison.model_dump(mode="json", by_alias=True)
        text = json_visible(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))
        return (text + "\n").encode("utf-8"), []
    if fmt == "md":
        from assess.comparison.markdown import render_markdown

        return render_markdown(comparison).encode("utf-8"), []
    if fmt == "html":
        from assess.comparison.document import render_html
        from assess.report.templating import TemplateSet

        return render_html(comparison, TemplateSet(templates_dir), "html").encode("utf-8"), []
    if fmt == "pdf":
        from assess.comparison.document import render_pdf
        from assess.report.templating import TemplateSet

        return render_pdf(comparison, entries, TemplateSet(templates_dir), pdf_variant)
    from assess.comparison.text import comparison_table

    return (comparison_table(comparison, width or 80, tr) + "\n").encode("utf-8"), []
