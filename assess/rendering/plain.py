"""Plain text for the terminal and for citations, shared by the score table, the comparison table and the
questionnaire: wrapped to a width, cut with an ellipsis, citations shortened for a header line.

Every function shows text for what it is (`safetext.visible`): a bidi override or an escape sequence in a
framework or an answer must not rewrite the screen.
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

from assess.safetext import visible

if TYPE_CHECKING:
    from assess.model import Reference

WIDTH = 80
SOURCE_LENGTH = 60  # a citation on a header line


def one_line(text: str) -> str:
    """Every run of white space, line breaks included, as one space."""
    return " ".join(text.split())


def wrap_lines(text: str, indent: str = "", width: int = WIDTH, bullet: str = "") -> list[str]:
    """`text` filled to `width`, as lines (one empty line for empty text); with a `bullet`, continuation
    lines hang under the text, not under the bullet."""
    # Fold only ordinary white space: a no-break space (French puts one before ':') must hold.
    # break_on_hyphens=False: 'staff-association' is one name, never 'staff-' and 'association'.
    text = " ".join(re.split(r"[ \t\n\r]+", visible(text).strip()))
    return textwrap.wrap(text, width=width, initial_indent=indent + bullet,
                         subsequent_indent=indent + " " * len(bullet), break_on_hyphens=False) or [""]


def wrap(text: str, indent: str = "", width: int = WIDTH, bullet: str = "") -> str:
    """`wrap_lines` joined into one string."""
    return "\n".join(wrap_lines(text, indent, width, bullet))


def clip(text: str, width: int) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis where it was cut."""
    text = one_line(visible(text))
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def short_cite(reference: Reference, limit: int | None = None) -> str:
    """How a reference is cited briefly: the framework's own short form where it gives one; else the whole
    citation (`limit` None: the report, which never cuts a citation mid-reference), or the citation
    shortened to `limit` characters by `shorten_citation` (a header line on the terminal)."""
    if reference.short:
        return one_line(reference.short)
    return one_line(reference.cite) if limit is None else shorten_citation(reference.cite, limit)


_NEUTRAL = re.compile(r"\[\d{4}\] [A-Z][A-Za-z]*(?: [A-Z][a-z]+)? \d+")
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b(?!/)")


def shorten_citation(cite: str, limit: int = SOURCE_LENGTH) -> str:
    """A citation short enough for a header line, used where a reference gives no `short:` form.
    Cases keep their name and their citation: 'Parties [2020] EWCA Civ 1058' (or 'Parties (2017)');
    where the parties are too long, the first party stays unless it is a bare 'R', whose case is
    known by its 'ex p' name. Other sources are cut at a comma where one falls early enough."""
    cite = one_line(cite)
    if " v " in cite:
        parties = re.split(r" \[|, (?!ex p)| \(\d{4}\)", cite, maxsplit=1)[0]
        neutral = _NEUTRAL.search(cite)
        year = _YEAR.search(cite)
        tail = neutral.group(0) if neutral else (f"({year.group(0)})" if year else "")
        if len(parties) + 1 + len(tail) > limit:
            parties = _short_parties(parties, limit - 1 - len(tail))
        return clip(f"{parties} {tail}".strip(), limit)
    if len(cite) <= limit:
        return cite
    article = re.match(r"^(.{3,40}?), ['‘\"]", cite)
    year = _YEAR.search(cite)
    if article and year:
        return f"{article.group(1)} ({year.group(0)})"
    cut = cite.rfind(", ", 0, limit)
    if cut >= 40:
        return cite[:cut]
    aside = cite.find(" (", 15)  # 'Police Act 1996, s.59 (Police Federation ...)': the aside goes, not half of it
    if 0 < aside <= limit:
        return cite[:aside].rstrip(",;")
    return clip(cite, limit)


def _short_parties(parties: str, room: int) -> str:
    first, _, rest = parties.partition(" v ")
    ex_parte = re.search(r",? ex p(?:arte)? (.+)$", rest)
    if ex_parte and len(first) <= 3:  # 'R v Authority, ex p Coughlan': the case is Coughlan's
        return clip(f"{first} v …, ex p {ex_parte.group(1)}", max(room, 12))
    if len(first) <= 3:  # a bare 'R' or 'AB' says nothing: keep the other party too
        return clip(parties, max(room, 12))
    return clip(first, max(room, 12))
