"""The assessment attached to a report PDF this tool wrote, byte for byte."""

from __future__ import annotations

from pathlib import Path


def extract_assessment(report: Path) -> bytes:
    from assess.report.extract import extract_assessment as extract

    return extract(report)
