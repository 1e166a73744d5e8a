"""A questionnaire over an assessment file: started, resumed, answered, each answer saved at once.

The caller holds the file's lock for the whole questionnaire (`hold`): a second questionnaire, `assess pin` or
`assess actions import` on the same file is refused while it is open. The terminal's loop
(`assess.interview.flow`) and any other front end drive the same `assess.questionnaire.Questionnaire`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assess.assessments import Metadata, add_frameworks, new_assessment
from assess.i18n import Translator
from assess.loading import FrameworkLibrary
from assess.model import Answer, Assessment, Framework
from assess.questionnaire import Change, Questionnaire
from assess.resuming import open_existing
from assess.safewrite import Lock, acquire
from assess.storage import save_assessment


@dataclass
class QuestionnaireFile:
    path: Path
    questionnaire: Questionnaire
    resumed: bool
    notices: list[str] = field(default_factory=list)  # what the respondent is told before the first question

    def save(self, assessment: Assessment | None = None) -> None:
        """The assessment (by default the questionnaire's) written to the file, atomically."""
        save_assessment(self.path, assessment if assessment is not None else self.questionnaire.assessment())


def hold(path: Path) -> Lock:
    """The questionnaire's lock on `path`, or `Locked` naming the process that has it."""
    return acquire(path, "assess run", str(path))


def start_questionnaire(path: Path, meta: Metadata, frameworks: Mapping[str, Framework],
                        lang: str = "en") -> QuestionnaireFile:
    """A new assessment of `frameworks`, saved to `path` before the first question is asked."""
    assessment = new_assessment(meta, frameworks)
    save_assessment(path, assessment)
    return QuestionnaireFile(path, Questionnaire(assessment, frameworks, lang), resumed=False)


def resume_questionnaire(path: Path, library: FrameworkLibrary, add: Sequence[str] = (),
                         tr: Translator | None = None) -> QuestionnaireFile:
    """A saved assessment opened to carry on, with the frameworks `add` names included. Answers that no
    longer fit are set aside (the file as it was is backed up first) and the notices say so."""
    tr = tr or Translator("en")
    opened = open_existing(path, library)
    assessment, frameworks = opened.assessment, opened.frameworks
    notices = list(opened.notices)
    extra = [fid for fid in add if fid not in frameworks]
    if extra:
        added = library.load_many(extra)
        assessment = add_frameworks(assessment, added)
        frameworks.update(added)
        notices.append(tr("Added: {titles}.", titles=", ".join(fw.title for fw in added.values())))
    if opened.repaired or extra:
        save_assessment(path, assessment)
    return QuestionnaireFile(path, Questionnaire(assessment, frameworks, tr.lang), resumed=True, notices=notices)


def answer_question(file: QuestionnaireFile, index: int, answer: Answer | None) -> Change:
    """The answer to the questionnaire's question `index` (None clears it), saved before this returns."""
    change = file.questionnaire.set_answer(index, answer)
    file.save()
    return change
