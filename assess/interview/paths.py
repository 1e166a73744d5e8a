"""The file a new questionnaire writes in the terminal: its name made from the title, claimed under its lock
before anything is written, and a name the respondent gave checked before the first question is asked.

Starting, resuming and saving the file are `assess.app.questionnaire`'s; making the assessment is
`assess.assessments`'.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from assess.app.questionnaire import hold
from assess.assessments import slug
from assess.errors import AssessError
from assess.safewrite import Locked


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
