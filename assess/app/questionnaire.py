"""A questionnaire session over an assessment file: started, resumed, answered, each answer saved at once.

The caller holds the file's lock for the whole session (`hold`): a second questionnaire, `assess pin` or
`assess actions import` on the same file is refused while it is open. The terminal's loop
(`assess.interview.flow`) and any other front end drive the same `Session`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assess.i18n import Translator
from assess.interview import store
from assess.interview.session import Change, Session
from assess.loading import FrameworkLibrary
from assess.model import Answer, Assessment, Framework
from assess.safewrite import Lock


@dataclass
class Questionnaire:
    path: Path
    session: Session
    resumed: bool
    notices: list[str] = field(default_factory=list)  # what the respondent is told before the first question

    def save(self, assessment: Assessment | None = None) -> None:
        """The assessment (by default the session's) written to the file, atomically."""
        store.save(self.path, assessment if assessment is not None else self.session.assessment())


def hold(path: Path) -> Lock:
    """The questionnaire's lock on `path`, or `Locked` naming the process that has it."""
    return store.hold(path)


def start_questionnaire(path: Path, meta: store.Metadata, frameworks: Mapping[str, Framework],
                        lang: str = "en") -> Questionnaire:
    """A new assessment of `frameworks`, saved to `path` before the first question is asked."""
    assessment = store.new_assessment(meta, frameworks)
    store.save(path, assessment)
    return Questionnaire(path, Session(assessment, frameworks, lang), resumed=False)


def resume_questionnaire(path: Path, library: FrameworkLibrary, add: Sequence[str] = (),
                         tr: Translator | None = None) -> Questionnaire:
    """A saved assessment opened to carry on, with the frameworks `add` names included. Answers that no
    longer fit are set aside (the file as it was is backed up first) and the notices say so."""
    tr = tr or Translator("en")
    opened = store.open_existing(path, library)
    assessment, frameworks = opened.assessment, opened.frameworks
    notices = list(opened.notices)
    extra = [fid for fid in add if fid not in frameworks]
    if extra:
        added = library.load_many(extra)
        assessment = store.add_frameworks(assessment, added)
        frameworks.update(added)
        notices.append(tr("Added: {titles}.", titles=", ".join(fw.title for fw in added.values())))
    if opened.repaired or extra:
        store.save(path, assessment)
    return Questionnaire(path, Session(assessment, frameworks, tr.lang), resumed=True, notices=notices)


def answer_question(questionnaire: Questionnaire, index: int, answer: Answer | None) -> Change:
    """The answer to the session's question `index` (None clears it), saved before this returns."""
    change = questionnaire.session.set_answer(index, answer)
    questionnaire.save()
    return change
