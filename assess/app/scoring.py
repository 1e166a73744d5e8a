"""Assessments scored (files, or held in memory): the results, with the engine's sentences in the language
asked for, and what scoring warned about, located in each file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assess.errors import AssessError, Diagnostic, warning
from assess.loading import FrameworkLibrary
from assess.result import Rating, Result, Verdict

if TYPE_CHECKING:
    from assess.model import Assessment, Framework


@dataclass
class Scored:
    results: list[Result]
    diagnostics: list[Diagnostic] = field(default_factory=list)


def result_warnings(name: str, result: Result) -> list[Diagnostic]:
    """Scoring's warnings (a framework changed since the answers were given, …) about the file `name`."""
    return [warning(name, text) for text in result.warnings]


def score_assessment(frameworks: Mapping[str, Framework], assessment: Assessment, lang: str | None) -> Result:
    """An assessment held in memory (the workspace's) scored, the engine's sentences (reasons, gates' words,
    fallback recommendations, answer labels) in `lang`. The language has no default: a page that forgot it
    would show English sentences among its own words in another language."""
    from assess.scoring import score

    return score(frameworks, assessment, lang)


def score_files(names: Sequence[str], library: FrameworkLibrary, lang: str | None = None) -> Scored:
    """Every file loaded and scored; the errors of all of them raised together."""
    from assess.loading import load_assessment
    from assess.scoring import score

    scored = Scored([])
    problems: list[Diagnostic] = []
    for name in names:
        try:
            assessment, frameworks = load_assessment(Path(name), library)
        except AssessError as exc:
            problems.extend(exc.diagnostics)
            continue
        result = score(frameworks, assessment, lang)
        scored.diagnostics += result_warnings(name, result)
        scored.results.append(result)
    if problems:
        raise AssessError(problems)
    return scored


def reaches(results: Sequence[Result], fail_on: str) -> bool:
    """Whether any verdict is at least as grave as `--fail-on` asks: amber ('Proceed with conditions' or worse)
    or red ('Pause and remediate' or worse)."""
    threshold = Verdict.conditions if Rating(fail_on) is Rating.amber else Verdict.pause
    return any(r.verdict.rank >= threshold.rank for r in results)
