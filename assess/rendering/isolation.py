"""Bidi isolation in rendered HTML: a value printed into a template that holds a bidi control or a
zero-width character cannot reorder the words beside it, whichever template prints it (assess/safetext.py
says what counts). `isolate` is the Jinja environment's `finalize`; `place_isolates` finishes the page.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from assess.safetext import has_hidden, has_misleading, mark, visible_controls, visible_misleading

# Private-use characters that mark, in the rendered page, where an isolated value starts and ends.
# Only after rendering is it known whether a value landed in text (it becomes <bdi>), or in an
# attribute, a <title> or an SVG drawing (where an element cannot go: its controls become visible).
_OPEN, _CLOSE = "\ue000", "\ue001"
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*>", re.DOTALL)
_TEXT_ONLY = {"title", "style", "script", "textarea"}  # their content is text, never elements


def isolate(value: Any) -> Any:
    """Jinja's `finalize`: a value printed into a template, isolated (between markers) when it holds a
    bidi control or zero-width character. Plain values are left to autoescaping as before."""
    if not isinstance(value, str):
        return value
    if isinstance(value, Markup):  # built by the template (or t()); the values in it are isolated already
        return value if _OPEN in value or not has_misleading(value) else Markup(_OPEN) + value + Markup(_CLOSE)
    if not (has_hidden(value) or _OPEN in value or _CLOSE in value):
        return value
    shown = visible_controls(value).replace(_OPEN, mark(_OPEN)).replace(_CLOSE, mark(_CLOSE))
    return Markup(_OPEN) + Markup.escape(shown) + Markup(_CLOSE)


def isolate_in_forms(value: Any) -> Any:
    """`isolate` for pages with forms (the workspace): only bidi and zero-width characters are isolated. Control
    characters are left as they are, as they were before: a note typed in a browser holds CR LF, and a form
    field must send back exactly what it shows."""
    if not isinstance(value, str) or isinstance(value, Markup):
        return isolate(value)
    if not (has_misleading(value) or _OPEN in value or _CLOSE in value):
        return value
    shown = value.replace(_OPEN, mark(_OPEN)).replace(_CLOSE, mark(_CLOSE))
    return Markup(_OPEN) + Markup.escape(shown) + Markup(_CLOSE)


def place_isolates(page: str, *, editable: bool = False) -> str:
    """Turn the markers `isolate` left into `<bdi>` + U+2068 ... U+2069 + `</bdi>` in running text (the
    characters isolate it where CSS `unicode-bidi` is not applied, as in a PDF), and elsewhere drop
    them and make the controls visible: `⟦U+202E⟧`. With `editable` (a page of forms), text in a tag's
    attributes and in a <textarea> keeps its characters as they are: it is what a form sends back, and a
    visible mark there would be saved in place of the character."""
    if _OPEN not in page:
        return page
    out: list[str] = []
    text_only: str | None = None  # inside <title> and the like: the tag that ends it
    svg_depth = 0
    at = 0
    for match in _TAG.finditer(page):
        if editable and text_only == "textarea":
            out.append(_unmarked(page[at:match.start()]))
        else:
            out.append(_text(page[at:match.start()], plain=text_only is not None or svg_depth > 0))
        closing, name = match.group(1), (match.group(2) or "").lower()
        out.append(_unmarked(match.group(0)) if editable else _text(match.group(0), plain=True))
        if text_only is not None:
            if closing and name == text_only:
                text_only = None
        elif name == "svg" and not match.group(0).endswith("/>"):
            svg_depth += -1 if closing else 1
        elif name in _TEXT_ONLY and not closing:
            text_only = name
        at = match.end()
    out.append(_text(page[at:], plain=text_only is not None or svg_depth > 0))
    return "".join(out)


def _unmarked(chunk: str) -> str:
    return chunk.replace(_OPEN, "").replace(_CLOSE, "")


def _text(chunk: str, plain: bool) -> str:
    if _OPEN not in chunk and _CLOSE not in chunk:
        return chunk
    if plain:
        return visible_misleading(chunk.replace(_OPEN, "").replace(_CLOSE, ""))
    return chunk.replace(_OPEN, "<bdi>\u2068").replace(_CLOSE, "\u2069</bdi>")
