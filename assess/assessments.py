"""A new assessment: what it says about itself (`Metadata`), made with the frameworks it pins, frameworks added
later, and the name it goes by in a file or a download (`slug`). The terminal questionnaire and the workspace
make their assessments here."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from assess.fingerprint import pin
from assess.model import ASSESSMENT_SCHEMA, Assessment, Framework, Respondent, Subject


@dataclass(frozen=True)
class Metadata:
    title: str
    organisation: str
    system: str
    stage: str | None = None
    role: str | None = None
    perspective: str | None = None
    classification: str | None = None
    name: str | None = None  # the respondent's
    date: dt.date | None = None  # the assessment's; None: today


def new_assessment(meta: Metadata, frameworks: Mapping[str, Framework], today: dt.date | None = None) -> Assessment:
    return Assessment.model_validate({
        "schema": ASSESSMENT_SCHEMA,
        "title": meta.title,
        "subject": Subject(organisation=meta.organisation, system=meta.system, stage=meta.stage),
        "respondent": Respondent(name=meta.name, role=meta.role, perspective=meta.perspective),
        "classification": meta.classification,
        "date": meta.date or today or dt.date.today(),
        "frameworks": {fid: pin(fw) for fid, fw in frameworks.items()},
    })


def add_frameworks(assessment: Assessment, frameworks: Mapping[str, Framework]) -> Assessment:
    """The assessment with further frameworks included (pinned as they are now)."""
    pins = dict(assessment.frameworks)
    for fid, fw in frameworks.items():
        pins.setdefault(fid, pin(fw))
    return assessment.model_copy(update={"frameworks": pins})


def slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return words[:60].rstrip("-") or "assessment"
