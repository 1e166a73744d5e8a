"""Helpers shared by the report tests: fixture paths, running the CLI, poppler tools."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.needs import require as need  # a poppler tool's path, or the test skipped (failed under CI)

FIXTURE = ROOT / "tests" / "fixtures" / "report"
FIXTURE_FRAMEWORKS = FIXTURE / "frameworks"
FIXTURE_ASSESSMENT = FIXTURE / "assessment.yaml"
EXAMPLE = ROOT / "examples" / "met-officer-monitoring" / "ethics-board.yaml"


def run(
    *args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """The real command, as a separate process."""
    return subprocess.run([sys.executable, "-m", "assess", *[str(a) for a in args]], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=300)


def pdftotext(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    args = [need("pdftotext"), "-layout"]
    if first is not None:
        args += ["-f", str(first)]
    if last is not None:
        args += ["-l", str(last)]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdfinfo(pdf: Path) -> dict[str, str]:
    out = subprocess.run([need("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines()) if v}


def pdfdetach_list(pdf: Path) -> list[str]:
    out = subprocess.run([need("pdfdetach"), "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split(": ", 1)[1] for line in out.splitlines()[1:] if ": " in line]


def fixture_args() -> list[str]:
    return ["--frameworks", str(FIXTURE_FRAMEWORKS)]
