"""Keep the libraries' own warnings off a user's standard error, which carries only assess's diagnostics.

A dependency that deprecates something (cryptography deprecating DSA, which pyHanko imports) or a
`PYTHONWARNINGS=default` / `-X dev` in the environment would otherwise add lines that are not assess's, and
not the one-line `path:line:col: error: ...` form people and scripts rely on. Here every Python warning,
and every log record of a library with nowhere else to go, is dropped, or with `--verbose` (ASSESS_VERBOSE=1,
which child processes inherit) shown as one `assess: library: ...` line each, for whoever is chasing a problem.

Only entry points that own their process install it: the command line's `main` and the PDF worker's
initialiser. Library code never does, so a program that embeds assess keeps its own warning settings.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import warnings
from typing import TextIO

VERBOSE_VARIABLE = "ASSESS_VERBOSE"
PREFIX = "assess: library: "


def verbose_from_environment() -> bool:
    return os.environ.get(VERBOSE_VARIABLE, "") not in ("", "0")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _show(message: Warning | str, category: type[Warning], filename: str, lineno: int,
          file: TextIO | None = None, line: str | None = None) -> None:
    stream = sys.stderr if file is None else file
    with contextlib.suppress(OSError, ValueError):  # standard error already closed (at exit): nowhere to say it
        stream.write(f"{PREFIX}{_one_line(f'{category.__name__}: {message} ({filename}:{lineno})')}\n")


def _drop(message: Warning | str, category: type[Warning], filename: str, lineno: int,
          file: TextIO | None = None, line: str | None = None) -> None:
    """Dropped: the filters still decide (`-W error` still raises); only the display is assess's."""


class _LibraryRecords(logging.Handler):
    """The root logger's handler, so records from loggers nobody configured (asyncio's slow-callback notes
    under `-X dev`, a library's stray warning) never fall through to logging's last-resort printer."""

    def __init__(self, verbose: bool) -> None:
        super().__init__(logging.DEBUG if verbose else logging.CRITICAL + 1)
        self.verbose = verbose

    def emit(self, record: logging.LogRecord) -> None:
        if not self.verbose:
            return
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(f"{PREFIX}{_one_line(f'{record.name}: {record.getMessage()}')}\n")


def install(verbose: bool | None = None) -> None:
    """Route warnings and unclaimed log records for the rest of this process. Safe to call again."""
    if verbose is None:
        verbose = verbose_from_environment()
    elif verbose:
        os.environ[VERBOSE_VARIABLE] = "1"  # a spawned worker process shows them too
    warnings.showwarning = _show if verbose else _drop
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _LibraryRecords)]:
        root.removeHandler(handler)
    root.addHandler(_LibraryRecords(verbose))
