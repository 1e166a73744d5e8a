"""What some tests need from the machine, and what to install when it is missing.

Every test that needs a program goes through here: `require("pdftotext")` in a test or fixture, or the mark
`needs("chromium")` on a test or module. On a developer's machine a missing program skips the test, the
reason saying what to install. Under CI=true it fails instead: tests/ci_skips.py turns every skip into a
failure there, except a skip that says the test does not apply (`not_applicable`), which is not a missing tool.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

BOOTSTRAP = "bash scripts/bootstrap.sh --dev installs it"
# The start of a skip's reason that CI accepts: the test is not meant for this case (say, a server
# connection on SQLite), as opposed to a tool this machine lacks.
NOT_APPLICABLE = "not applicable: "


@dataclass(frozen=True)
class Tool:
    """A program the tests run, found at a fixed path or on PATH, and the Debian package that has it."""

    names: tuple[str, ...]  # an absolute path, or names to look up on PATH (the first found wins)
    package: str

    def path(self) -> str | None:
        for name in self.names:
            if os.path.isabs(name):
                if Path(name).exists():
                    return name
            elif found := shutil.which(name):
                return found
        return None

    def missing(self) -> str:
        shown = self.names[0] if os.path.isabs(self.names[0]) else " or ".join(self.names)
        return f"{shown} is missing: apt-get install {self.package} ({BOOTSTRAP})"


POPPLER = "poppler-utils"
TOOLS = {
    "chromium": Tool(("/usr/bin/chromium",), "chromium"),  # Debian's, driven by Playwright
    "libreoffice": Tool(("libreoffice", "soffice"), "libreoffice-writer-nogui"),
    "pdftotext": Tool(("pdftotext",), POPPLER),
    "pdftoppm": Tool(("pdftoppm",), POPPLER),
    "pdfinfo": Tool(("pdfinfo",), POPPLER),
    "pdfdetach": Tool(("pdfdetach",), POPPLER),
    "tmux": Tool(("tmux",), "tmux"),
    "stty": Tool(("stty",), "coreutils"),
}
CHROMIUM = Path(TOOLS["chromium"].names[0])

POSTGRES_URL = os.environ.get("ASSESS_TEST_POSTGRES_URL")
POSTGRES_MISSING = ("no PostgreSQL server: ASSESS_TEST_POSTGRES_URL is not set: apt-get install postgresql "
                    f"({BOOTSTRAP}; scripts/check.sh then starts one, or eval \"$(bash scripts/postgres.sh start)\")")


def require(name: str) -> str:
    """The path of the program `name` (a key of TOOLS), or the test skipped saying what to install."""
    tool = TOOLS[name]
    found = tool.path()
    if found is None:
        pytest.skip(tool.missing())
    return found


def needs(*names: str) -> pytest.MarkDecorator:
    """A mark that skips the test (or module, as `pytestmark`) when any of the programs is missing."""
    missing = [TOOLS[name].missing() for name in names if TOOLS[name].path() is None]
    return pytest.mark.skipif(bool(missing), reason="; ".join(missing) or "nothing missing")


def needs_postgres() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not POSTGRES_URL, reason=POSTGRES_MISSING)


def not_applicable(reason: str) -> NoReturn:
    """Skip a test that does not apply here, for a reason other than a missing tool: allowed under CI=true."""
    pytest.skip(NOT_APPLICABLE + reason)
