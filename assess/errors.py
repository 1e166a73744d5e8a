"""One error type for everything a user can get wrong, carrying where it went wrong."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    message: str
    hint: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


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
