"""Reading a file the user named, with one-line errors instead of tracebacks."""

from __future__ import annotations

from pathlib import Path

from assess.errors import AssessError


def read_user_file(path: Path, shown: str, kind: str) -> bytes:
    """The file's bytes; `kind` ("YAML", "JSON") says what was expected, for the error."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise AssessError.at(shown, "no such file") from None
    except IsADirectoryError:
        raise AssessError.at(shown, f"is a directory, not a {kind} file") from None
    except OSError as exc:
        raise AssessError.at(shown, f"cannot read file: {exc.strerror or exc}") from None
