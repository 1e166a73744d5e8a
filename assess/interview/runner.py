"""`assess run` from start to end: open or create the file, ask, and hand back what happened."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assess.app.questionnaire import hold, resume_questionnaire, start_questionnaire
from assess.errors import AssessError, did_you_mean
from assess.i18n import Translator, language
from assess.interview import paths
from assess.interview.flow import Interview, Outcome
from assess.interview.render import display_path
from assess.loading import FrameworkLibrary
from assess.model import Framework
from assess.result import Result


class Interrupted(Exception):
    """Ctrl-C: everything confirmed is saved in `path` (None when nothing had been saved yet)."""

    def __init__(self, path: Path | None) -> None:
        super().__init__("interrupted")
        self.path = path


@dataclass
class RunResult:
    path: Path
    outcome: Outcome
    result: Result
    created: bool
    messages: list[str] = field(default_factory=list)


def check_framework_ids(ids: list[str], library: FrameworkLibrary) -> None:
    known = library.ids()
    for fid in ids:
        if fid not in known:
            raise AssessError.at("--framework", f"unknown framework '{fid}'",
                                 hint=did_you_mean(fid, known) or f"available: {', '.join(known) or 'none'}")


def language_notices(frameworks: Iterable[Framework], tr: Translator) -> list[str]:
    """Said once, at the start: which frameworks have no text in the chosen language, so their questions
    come in another one beside the questionnaire's own words."""
    lacking = [fw for fw in frameworks if tr.lang not in (fw.languages or ["en"])]
    if not lacking:
        return []
    names = ", ".join(fw.title for fw in lacking)
    shown = lacking[0].languages[0] if lacking[0].languages else "en"
    return [tr.plural(len(lacking), "{names} has no text in this language: its questions are shown in {shown}.",
                      "{names} have no text in this language: their questions are shown in {shown}.",
                      names=names, shown=tr(LANGUAGE_NAMES.get(shown, shown)))]


LANGUAGE_NAMES = {"en": "English", "fr": "French"}


def run(
    path: Path | None,
    framework_ids: list[str],
    library: FrameworkLibrary,
    *,
    ask_details: bool = True,
    workdir: Path | None = None,
    lang: str | None = None,
) -> RunResult:
    """`lang` (--lang): the questionnaire's own words in that language (English by default)."""
    tr = Translator(language(lang))
    check_framework_ids(framework_ids, library)
    if not library.ids():
        raise AssessError.at("--frameworks", "no frameworks found", hint="use --frameworks DIR")
    if path is not None and not path.exists():
        paths.check_new_path(path)
    with contextlib.ExitStack() as held:
        if path is not None:  # before the file is read: a second writer is refused before it asks anything
            held.callback(hold(path).release)
        return _run(path, framework_ids, library, held, tr, ask_details=ask_details, workdir=workdir)


def _run(
    path: Path | None,
    framework_ids: list[str],
    library: FrameworkLibrary,
    held: contextlib.ExitStack,
    tr: Translator,
    *,
    ask_details: bool,
    workdir: Path | None,
) -> RunResult:
    """`run` with the file (when named) locked; `held` takes the lock of a file named later."""
    resuming = path is not None and path.exists()
    if path is not None and not resuming:
        paths.check_new_path(path)

    # Only now, with the arguments known to be good, load the terminal library.
    from assess.interview.prompts import TerminalUI

    ui = TerminalUI(tr.lang)
    notices: list[str] = []
    saved_path: Path | None = path if resuming else None
    try:
        if resuming:
            assert path is not None
            opened = resume_questionnaire(path, library, framework_ids, tr)
            notices += opened.notices
        else:
            meta = ui.ask_metadata()
            ids = framework_ids or ui.choose_frameworks(library.load_many(library.ids()))
            frameworks = library.load_many(ids)
            if path is None:
                path = paths.claim_default_path(meta.title, workdir or Path.cwd(), held)
            opened = start_questionnaire(path, meta, frameworks, tr.lang)
            saved_path = path
            notices.append(tr("Saved to {path}; every answer is saved as you go.", path=display_path(path)))
        questionnaire = opened.questionnaire
        notices += language_notices(questionnaire.frameworks.values(), tr)
        # Everything loaded so far lives for the whole run: keep the garbage collector from
        # walking it again after every answer (a pause a respondent would notice).
        gc.collect()
        gc.freeze()
        gc.disable()  # collected while each prompt waits instead: see prompts._collect_when_idle
        interview = Interview(questionnaire, ui, save=opened.save, ask_details=ask_details)
        start = questionnaire.first_open()
        answered, total = questionnaire.progress()
        if resuming:
            notices.insert(0, tr("Resuming: {answered} of {total} answered.", answered=answered, total=total))
        if start is None and resuming:
            # Everything is answered already: offer the list, to change an answer, or finish.
            start = ui.ask_jump(questionnaire, None)
            outcome = Outcome(finished=True, complete=True) if start is None else interview.run(start, notices)
        else:
            outcome = interview.run(start, notices)
    except KeyboardInterrupt:
        raise Interrupted(saved_path) from None
    finally:
        gc.enable()
    ui.clear()
    return RunResult(path=path, outcome=outcome, result=questionnaire.result(), created=not resuming)
