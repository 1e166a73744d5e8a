"""What every renderer is given."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from assess.model import Assessment, Framework
from assess.rendering.pdf_variants import DEFAULT_PDF_VARIANT
from assess.result import Result


@dataclass(frozen=True)
class ReportInput:
    assessment: Assessment
    frameworks: Mapping[str, Framework]
    result: Result
    source_name: str  # the assessment file as the user named it
    source_bytes: bytes  # its exact contents, embedded in the PDF
    templates_dir: Path | None = None  # the user's overrides, searched before the shipped templates
    pdf_variant: str = DEFAULT_PDF_VARIANT
    lang: str | None = None  # --lang: the report's own words in this language (else brand.yaml's `lang`)
    brief: bool = False  # --brief: the decision brief alone, without the annexes
    # The answers' evidence files by SHA-256, each checked against its reference; attached to the PDF.
    # Empty when the assessment was given without them (a plain YAML file and no --files).
    evidence_files: Mapping[str, bytes] = field(default_factory=dict)
