"""Documents held in memory, for the entry points a front end without files calls (the workspace keeps its
assessments in a database): the bytes a file would hold with the name it is shown under, or an assessment
already read, with the frameworks it was read against and the YAML it exports as.

Either reads as the file of that name would: the same safe reader, the same checks, the same located errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assess.loading import FrameworkLibrary
    from assess.model import Assessment, Framework


@dataclass(frozen=True)
class Source:
    """A YAML document as bytes (an upload, an export), named as its file would be."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Parsed:
    """An assessment already read and checked, with its frameworks and `source`, the YAML it exports as (what
    a comparison embeds and hashes)."""

    name: str
    source: bytes
    assessment: Assessment
    frameworks: Mapping[str, Framework]


Document = Source | Parsed


def parsed(document: Document, library: FrameworkLibrary) -> Parsed:
    """The document read, as `assess validate` reads a file (AssessError with every problem at once); a
    `Parsed` one is returned as it is."""
    if isinstance(document, Parsed):
        return document
    from assess.app.importing import assessment_from_bytes

    assessment, frameworks = assessment_from_bytes(document.data, document.name, library)
    return Parsed(document.name, document.data, assessment, frameworks)
