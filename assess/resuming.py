"""A saved assessment opened to carry on answering it (`app.questionnaire.resume_questionnaire`).

Opening is more forgiving than `load_assessment`: a file answered against an older
version of a framework still opens. Answers to questions that no longer exist are
set aside, and answers that no longer fit their question are cleared so they are
asked again; both are reported, and the file as it was is kept beside it first.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from assess.checks import answer_problem
from assess.errors import AssessError, Diagnostic, did_you_mean
from assess.loading import FrameworkLibrary, file_kind, to_model
from assess.model import Answer, Assessment, Framework
from assess.scoring import detect_drift
from assess.yamlsource import read_document


@dataclass
class Opened:
    assessment: Assessment
    frameworks: dict[str, Framework]
    notices: list[str] = field(default_factory=list)
    repaired: bool = False  # answers were set aside or cleared; the original was backed up
    backup: Path | None = None


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
