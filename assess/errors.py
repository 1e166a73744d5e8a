"""One error type for everything a user can get wrong, carrying where it went wrong."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    """A problem or a warning, where it is: `path:line:col: severity: message (hint)`, one line. A line of 0
    means the file as a whole (`path: severity: message`); an empty path, the command as a whole."""

    path: str
    line: int  # 1-based; 0: no line
    column: int  # 1-based
    message: str
    hint: str | None = None
    severity: str = "error"  # "error", "warning" or "note"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}: " if self.line else (f"{self.path}: " if self.path else "")
        text = f"{where}{self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


def warning(path: str, message: str, line: int = 0, column: int = 0, hint: str | None = None) -> Diagnostic:
    """A warning, located where there is a place to point at (else the file as a whole)."""
    return Diagnostic(path, line, column, message, hint, "warning")


def note(path: str, message: str, line: int = 0, column: int = 0) -> Diagnostic:
    return Diagnostic(path, line, column, message, None, "note")


class AssessError(Exception):
    """A user-facing problem: printed as `path:line:col: error: message`, exit status 2."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @classmethod
    def at(cls, path: str, message: str, line: int = 1, column: int = 1, hint: str | None = None) -> AssessError:
        return cls([Diagnostic(path, line, column, message, hint)])


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the closest known spelling, or None when nothing is close."""
    import difflib  # only on the error path: it costs ~10 ms to import

    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else None
