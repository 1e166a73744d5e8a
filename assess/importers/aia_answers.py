"""The Algorithmic Impact Assessment tool's saved results as an assessment.

The tool saves `{"version", "currentPage", "data", "translationsOnResult"}`, where `data`
maps each SurveyJS question name to its value (choice values such as "item3-4", lists for
checkboxes). Questions are found by their `source_name` (or id) in a framework imported with
`assess import surveyjs`, and values by each option's `source_value` (or value).

A file saved part-way can hold answers to questions that the final answers hide (say, the
other phase's pages). The official tool clears them when the questionnaire is completed, so
they are dropped here too, and reported.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from assess.errors import AssessError
from assess.fingerprint import pin
from assess.model import ASSESSMENT_SCHEMA, Assessment, Framework, Question, QuestionType


@dataclass
class AnswersImport:
    assessment: Assessment
    dropped_hidden: list[str] = field(default_factory=list)  # our question ids
    unknown: list[str] = field(default_factory=list)  # SurveyJS names with no question here
    invalid: list[str] = field(default_factory=list)  # "name: why"
    tool_version: str | None = None


def import_answers(
    saved: Any,
    framework: Framework,
    source: str,
    title: str | None = None,
    organisation: str | None = None,
    system: str | None = None,
    date: dt.date | None = None,
) -> AnswersImport:
    if not isinstance(saved, dict) or not isinstance(saved.get("data"), dict):
        raise AssessError.at(source, "not an Algorithmic Impact Assessment results file: no 'data' object",
                             hint='expected {"version": ..., "currentPage": ..., "data": {...}}')
    data: dict[str, Any] = saved["data"]
    by_name: dict[str, Question] = {}
    for question in framework.questions():
        by_name.setdefault(question.source_name or question.id, question)
        by_name.setdefault(question.id, question)
    answers: dict[str, dict[str, Any]] = {}
    unknown: list[str] = []
    invalid: list[str] = []
    for name, value in data.items():
        if name.endswith("-Comment") and name[: -len("-Comment")] in by_name:
            target = by_name[name[: -len("-Comment")]]
            if isinstance(value, str) and value.strip():
                answers.setdefault(target.id, {})["note"] = value
            continue
        found = by_name.get(name)
        if found is None:
            unknown.append(name)
            continue
        converted, why = _value(found, value)
        if why is not None:
            invalid.append(f"{name}: {why}")
            continue
        if converted is None:
            continue
        answers.setdefault(found.id, {})["answer"] = converted
    answers = {qid: a for qid, a in answers.items() if "answer" in a}
    ordered = {q.id: answers[q.id] for q in framework.questions() if q.id in answers}
    assessment = Assessment.model_validate({
        "schema": ASSESSMENT_SCHEMA,
        "title": title or f"{framework.title}: {system or _text(data, 'title') or source}",
        "subject": {
            "organisation": organisation or _label(framework, data, "department") or "Not stated",
            "system": system or _text(data, "title") or "Not stated",
        },
        "date": (date or dt.date.today()).isoformat(),
        "frameworks": {framework.id: pin(framework).model_dump(mode="json")},
        "answers": {framework.id: ordered},
    })
    from assess.scoring import score

    result = score({framework.id: framework}, assessment)
    hidden = list(result.frameworks[0].ignored_answers)
    if hidden:
        kept = {qid: a for qid, a in ordered.items() if qid not in hidden}
        assessment = assessment.model_copy(update={"answers": {framework.id: _answers(kept)}})
    version = saved.get("version")
    return AnswersImport(assessment, hidden, unknown, invalid, str(version) if version is not None else None)


def option_index(question: Question) -> dict[str, str]:
    """A saved value (as JavaScript prints it) -> our option value."""
    index: dict[str, str] = {}
    for option in question.options:
        index.setdefault(option.source_value or option.value, option.value)
    for option in question.options:
        index.setdefault(option.value, option.value)
    if question.type is QuestionType.yesno:
        index.setdefault("true", "yes")
        index.setdefault("false", "no")
    return index


def _answers(raw: dict[str, dict[str, Any]]) -> Any:
    from assess.model import Answer

    return {qid: Answer.model_validate(a) for qid, a in raw.items()}


def _value(question: Question, value: Any) -> tuple[Any, str | None]:
    """Our answer for a saved SurveyJS value, or why it cannot be one."""
    if value is None or value == "" or value == []:
        return None, None
    if question.type in (QuestionType.choice, QuestionType.multi, QuestionType.yesno):
        index = option_index(question)
        items = value if isinstance(value, list) else [value]
        mapped = []
        for item in items:
            key = _key(item)
            if key not in index:
                return None, f"'{key}' is not a choice"
            mapped.append(index[key])
        if question.type is QuestionType.multi:
            return list(dict.fromkeys(mapped)), None
        if len(mapped) != 1:
            return None, "a list given for a single choice"
        return mapped[0], None
    if question.type is QuestionType.number:
        if isinstance(value, bool) or not isinstance(value, int | float):
            try:
                value = float(str(value))
            except ValueError:
                return None, "not a number"
        if isinstance(value, float) and not math.isfinite(value):  # "NaN", "1e999": no score may hold one
            return None, "not a finite number"
        return value, None
    if question.type is QuestionType.scale:
        return (value, None) if isinstance(value, int) and not isinstance(value, bool) else (None, "not a whole number")
    if question.type is QuestionType.date:
        try:
            return dt.date.fromisoformat(str(value)[:10]).isoformat(), None
        except ValueError:
            return None, "not a date"
    if isinstance(value, dict | list):
        return None, "not text"
    return str(value), None


def _key(item: Any) -> str:
    from assess.importers.surveyjs_conditions import js_string

    return js_string(item)


def _named(data: dict[str, Any], word: str) -> list[str]:
    """Saved names that suggest a project detail: the AIA's projectDetailsTitle,
    projectDetailsDepartment-NS, or a plainer projectTitle, department."""
    return [name for name in data if (word in name.lower() and "project" in name.lower()) or name.lower() == word
            or name.lower().startswith(word)]


def _text(data: dict[str, Any], word: str) -> str | None:
    for name in _named(data, word):
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()[:500]
    return None


def _label(framework: Framework, data: dict[str, Any], word: str) -> str | None:
    for name in _named(data, word):
        question = next((q for q in framework.questions() if (q.source_name or q.id) == name), None)
        if question is None or not question.options:
            continue
        chosen = question.option(option_index(question).get(_key(data[name]), ""))
        if chosen is not None:
            return chosen.label[:500]
    return None
