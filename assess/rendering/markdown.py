"""User text made safe for Markdown that reads well on a code-hosting site (GitHub, GitLab): the
report's Markdown, the comparison's and the ATRS record's all put every string from an assessment or a
framework through `md()` (or `inline()`, or `cell()` inside a table) on its way out.

HTML characters become entities (no tags, no autolinks), and Markdown's own punctuation is
backslash-escaped (no emphasis, links, images or code spans). Bidi controls and zero-width characters
are shown as `⟦U+202E⟧` (assess/safetext.py): Markdown has no way to isolate them, and a rendered page
would otherwise reorder the words around them.
"""

from __future__ import annotations

import html
import re

from assess.safetext import visible

_INLINE = re.compile(r"([\\`*_\[\]|~#])")
_BLOCK_START = re.compile(r"^(\s*)(\d*)([-+=>.)])")


def md(text: object) -> str:
    """One paragraph of user text, safe to put anywhere a paragraph or list item may go."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", visible(str(text)))]
    out = []
    for para in paragraphs:
        escaped = _INLINE.sub(r"\\\1", html.escape(para, quote=False))
        out.append(_BLOCK_START.sub(_escape_block_start, escaped))
    return "\n\n".join(p for p in out if p)


def inline(text: object) -> str:
    """User text in the middle of a line (a heading after its '#', a link's text): no block escapes."""
    return _INLINE.sub(r"\\\1", html.escape(" ".join(visible(str(text)).split()), quote=False))


def _escape_block_start(match: re.Match[str]) -> str:
    """A leading '-', '+', '=', '>' or '1.' would start a list, heading or quote: escape the
    punctuation (CommonMark escapes punctuation only, never a digit)."""
    indent, digits, mark = match.groups()
    if digits or mark in "-+=>":
        return f"{indent}{digits}\\{mark}"
    return match.group(0)


def cell(text: object) -> str:
    """User text inside a table cell: one line, pipes escaped."""
    return inline(text) or " "


def link(text: str, url: str | None) -> str:
    """A link only to a web address already vetted by the context; the URL's own
    brackets and spaces are percent-encoded so it cannot end the link early."""
    if not url:
        return md(text)
    safe_url = visible(url)
    for char, code in (("(", "%28"), (")", "%29"), (" ", "%20"), ("<", "%3C"), (">", "%3E")):
        safe_url = safe_url.replace(char, code)
    return f"[{md(text)}]({safe_url})"
