"""Text from a framework or an assessment, shown for what it is.

Invisible characters can make text say something other than what it holds: a right-to-left
override (U+202E) reverses what follows it on screen, so `Risk: low\u202e` and the words after
it read backwards; a zero-width space makes two ids that look the same differ. Such characters
are kept in the data (nothing is lost), and every output shows them:

- terminal and plain text, Markdown: each becomes a visible mark, `⟦U+202E⟧` (`visible`);
  the terminal also gets the control characters (ESC, CR, ...) that could rewrite the screen;
- JSON: escaped as `\\u202e`, the same string in a form a reader can see (`json_visible`);
  the YAML files assess writes likewise, as `"\\u202E"` (`yaml_visible`);
- HTML and PDF: the text is isolated in `<bdi>` with U+2068/U+2069 (first-strong isolate,
  pop directional isolate) around it, so it cannot reorder the text beside it
  (see rendering/templating.py);
- `assess validate` warns where they appear (`locate_hidden`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any, TextIO

# Bidirectional formatting characters: embeddings, overrides and isolates, and the marks.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Characters with no width that can hide in or between words. ZWJ and ZWNJ are needed by some
# scripts (Persian, Indic) and emoji; in this tool's text they are far more likely to mislead.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e")
MISLEADING = BIDI_CONTROLS | ZERO_WIDTH

# What a terminal must not receive raw: the above, and the C0 and C1 controls (ESC starts a
# sequence that can move the cursor or retitle the window; CR returns to overwrite a line),
# bar the line break and the tab.
_C0_C1 = {chr(c) for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]} - {"\n", "\t"}
TERMINAL_UNSAFE = MISLEADING | frozenset(_C0_C1)

_TERMINAL_PATTERN = re.compile("[" + re.escape("".join(sorted(TERMINAL_UNSAFE))) + "]")
_MISLEADING_PATTERN = re.compile("[" + re.escape("".join(sorted(MISLEADING))) + "]")
_CONTROL_PATTERN = re.compile("[" + re.escape("".join(sorted(_C0_C1))) + "]")
# JSON output is already free of C0 controls (json.dumps escapes them); C1 controls are not.
_JSON_PATTERN = re.compile("[" + re.escape("".join(sorted(MISLEADING | frozenset(_C0_C1)))) + "]")


def mark(char: str) -> str:
    """The visible stand-in for one character: ⟦U+202E⟧."""
    return f"⟦U+{ord(char):04X}⟧"


def visible(text: str) -> str:
    """`text` for a terminal, a plain-text or a Markdown file: every misleading or control character
    made visible. Text without any is returned as it is (the common case, and cheap)."""
    return _TERMINAL_PATTERN.sub(lambda m: mark(m.group(0)), text)


def visible_misleading(text: str) -> str:
    """Only the bidi and zero-width characters made visible (for HTML attributes and titles)."""
    return _MISLEADING_PATTERN.sub(lambda m: mark(m.group(0)), text)


def has_misleading(text: str) -> bool:
    return _MISLEADING_PATTERN.search(text) is not None


def has_hidden(text: str) -> bool:
    """True when `text` holds a misleading or a control character (what `visible` would mark)."""
    return _TERMINAL_PATTERN.search(text) is not None


def visible_controls(text: str) -> str:
    """Only the C0 and C1 control characters made visible (for HTML: no meaning there, and a PDF
    would draw a blank box); the bidi and zero-width ones are isolated instead."""
    return _CONTROL_PATTERN.sub(lambda m: mark(m.group(0)), text)


def json_visible(dumped: str) -> str:
    """JSON text (from json.dumps) with these characters as \\u escapes: the same data, visible.
    Safe on the whole document: outside strings, JSON text is ASCII."""
    return _JSON_PATTERN.sub(lambda m: f"\\u{ord(m.group(0)):04x}", dumped)


def yaml_visible(dumped: str) -> str:
    """YAML text in which every string holding a misleading character was written double-quoted
    (see `needs_quotes`), with those characters as \\u escapes: the same data, visible in an editor."""
    return _MISLEADING_PATTERN.sub(lambda m: f"\\u{ord(m.group(0)):04X}", dumped)


def needs_quotes(text: str) -> bool:
    """A string to write double-quoted in YAML, where escapes can show what it holds."""
    return _TERMINAL_PATTERN.search(text) is not None


def describe(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE'."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"


def locate_hidden(text: str) -> Iterator[tuple[int, str]]:
    """The offset and the character of each misleading or control character in `text`."""
    for match in _TERMINAL_PATTERN.finditer(text):
        yield match.start(), match.group(0)


class VisibleStream:
    """A text stream that passes everything through `visible` (stdout and stderr of the commands
    that print text; the interactive questionnaire writes its own control sequences and is not
    wrapped, its screens escape the text they show instead)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
