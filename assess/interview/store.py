"""Where the questionnaire's answers live: creating, opening for resume, and saving.

Saving goes through `storage.save_assessment`, which writes a temporary file,
fsyncs it and renames it over the old one, so the file on disk is always a whole,
valid assessment holding every confirmed answer.

Opening is more forgiving than `load_assessment`: a file answered against an older
version of a framework still opens. Answers to questions that no longer exist are
set aside, and answers that no longer fit their question are cleared so they are
asked again; both are reported, and the file as it was is kept beside it first.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from assess.checks import answer_problem
from assess.errors import AssessError, Diagnostic, did_you_mean
from assess.fingerprint import pin
from assess.loading import FrameworkLibrary, file_kind, to_model
from assess.model import ASSESSMENT_SCHEMA, Answer, Assessment, Framework, Respondent, Subject
from assess.safewrite import Lock, Locked, acquire
from assess.scoring import detect_drift
from assess.storage import save_assessment
from assess.yamlsource import read_document


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


@dataclass
class Opened:
    assessment: Assessment
    frameworks: dict[str, Framework]
    notices: list[str] = field(default_factory=list)
    repaired: bool = False  # answers were set aside or cleared; the original was backed up
    backup: Path | None = None


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


def save(path: Path, assessment: Assessment) -> None:
    save_assessment(path, assessment)


def slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return words[:60].rstrip("-") or "assessment"


def default_path(title: str, directory: Path, taken: set[Path] | None = None) -> Path:
    """A file name for a new assessment, from its title, that does not overwrite anything
    (nor name one of `taken`)."""
    stem = slug(title)
    candidate = directory / f"{stem}.yaml"
    n = 2
    while candidate.exists() or candidate in (taken or set()):
        candidate = directory / f"{stem}-{n}.yaml"
        n += 1
    return candidate


def hold(path: Path) -> Lock:
    """Lock `path` for this questionnaire, or raise `Locked` naming the process that has it."""
    return acquire(path, "assess run", str(path))


def claim_default_path(title: str, directory: Path, held: contextlib.ExitStack) -> Path:
    """A new file name from the title, locked (the lock joins `held`). Another questionnaire may
    pick the same name at the same moment: whoever locks it second moves on to the next name."""
    taken: set[Path] = set()
    while True:
        candidate = default_path(title, directory, taken)
        try:
            lock = hold(candidate)
        except Locked:
            taken.add(candidate)
            continue
        if candidate.exists():  # created by another writer between the look and the lock
            lock.release()
            taken.add(candidate)
            continue
        held.callback(lock.release)
        return candidate


def check_new_path(path: Path) -> None:
    """Fail before any question is asked if a new file could not be written at `path`."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise AssessError.at(str(path), "an assessment file name ends in .yaml",
                             hint=f"try '{path.with_suffix('.yaml')}'")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise AssessError.at(str(path), f"directory '{parent}' does not exist", hint="create it first")


def open_existing(path: Path, library: FrameworkLibrary) -> Opened:
    """Open a saved assessment to carry on answering it."""
    if path.is_dir():
        raise AssessError.at(str(path), "is a directory, not an assessment file")
    doc = read_document(path, str(path))
    if file_kind(doc) != "assessment":
        raise AssessError([doc.diagnostic(("schema",), "this is a framework, not an assessment",
                                          "give `assess run` an assessment file, or a new file name")])
    assessment = to_model(Assessment, doc)
    problems: list[Diagnostic] = []
    known = library.ids()
    for fid in assessment.frameworks:
        if library.path(fid) is None:
            problems.append(doc.diagnostic(("frameworks", fid), f"unknown framework '{fid}'",
                                           did_you_mean(fid, known) or "use --frameworks DIR to say where it is",
                                           key=True))
    for fid in assessment.answers:
        if fid not in assessment.frameworks:
            problems.append(doc.diagnostic(("answers", fid), f"answers given for framework '{fid}', "
                                           "which is not listed under 'frameworks'", key=True))
    if problems:
        raise AssessError(problems)
    frameworks = library.load_many(list(assessment.frameworks))

    notices: list[str] = []
    answers: dict[str, dict[str, Answer]] = {}
    repaired = False
    for fid, framework in frameworks.items():
        pinned = assessment.frameworks[fid]
        given = assessment.answers.get(fid, {})
        drift = detect_drift(framework, pinned.version, pinned.sha256, pinned.questions, given)
        if drift is not None:
            notices.append("Warning: " + drift.describe() + ".")
        kept: dict[str, Answer] = {}
        for qid, answer in given.items():
            question = framework.question(qid)
            if question is None:
                notices.append(f"Set aside: the answer to '{fid}.{qid}', which is no longer a question "
                               f"of '{fid}'.")
                repaired = True
                continue
            problem = answer_problem(question, answer.answer)
            if problem is not None:
                notices.append(f"To answer again: '{fid}.{qid}': {problem[0]}.")
                kept[qid] = answer.model_copy(update={"answer": None})
                repaired = True
                continue
            kept[qid] = answer
        if kept:
            answers[fid] = kept
    backup = None
    if repaired:
        backup = _backup(path)
        notices.append(f"The file as it was is kept in {backup}.")
    return Opened(assessment.model_copy(update={"answers": answers}), frameworks, notices, repaired, backup)


def _backup(path: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{stamp}.bak")
    shutil.copy2(path, target)
    return target
