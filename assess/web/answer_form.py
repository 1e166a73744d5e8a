"""One question's form fields to an `Answer`, with each problem worded for the field it belongs to.

The fields are `answer` (one value, several for a multi question), `note`, `evidence` (one item per
line), `confidence`, and `not_applicable` (the reason, where the answer is NOT_APPLICABLE and the framework
allows it). Problems name options by their labels, never by their internal values, and
nothing the person typed is dropped: the caller shows the form again with their input and the message.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from assess.i18n import N_
from assess.model import (
    DONT_KNOW,
    MAX_EVIDENCE_ITEM,
    MAX_EVIDENCE_ITEMS,
    MAX_LONG_TEXT,
    Answer,
    Confidence,
    Question,
    QuestionType,
)

MAX_NOTE = MAX_LONG_TEXT  # the model's limits (assess/model.py), which the API and every import enforce too
NOT_APPLICABLE = "__not_applicable__"  # the form's value for "not applicable"; no option value starts with "_"


@dataclass
class FormInput:
    """What was posted for one question, kept as typed so it can be shown again."""

    values: list[str] = field(default_factory=list)
    note: str = ""
    evidence: str = ""
    confidence: str = ""
    reason: str = ""  # why the question does not apply, with NOT_APPLICABLE


@dataclass
class Parsed:
    answer: Answer | None
    errors: dict[str, str]  # field name -> message


def form_input(values: Sequence[str], note: str | None, evidence: str | None, confidence: str | None,
               reason: str | None = None) -> FormInput:
    return FormInput([v for v in values if v != ""], note or "", evidence or "", confidence or "", reason or "")


def input_of(answer: Answer | None) -> FormInput:
    """The form's fields for a saved answer."""
    if answer is None:
        return FormInput()
    if answer.not_applicable is not None and answer.answer is None:
        return FormInput([NOT_APPLICABLE], answer.note or "", "\n".join(answer.evidence),
                         answer.confidence.value if answer.confidence else "", answer.not_applicable)
    value = answer.answer
    values = [str(v) for v in value] if isinstance(value, list) else ([] if value is None else [_plain(value)])
    return FormInput(
        values, answer.note or "", "\n".join(answer.evidence), answer.confidence.value if answer.confidence else ""
    )


def _plain(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse(question: Question, given: FormInput) -> Parsed:
    errors: dict[str, str] = {}
    value = _value(question, given.values, errors)
    note = given.note.strip()
    if len(note) > MAX_NOTE:
        errors["note"] = f"a note is at most {MAX_NOTE:,} characters"
    evidence = [line.strip() for line in given.evidence.splitlines() if line.strip()]
    if len(evidence) > MAX_EVIDENCE_ITEMS:
        errors["evidence"] = f"at most {MAX_EVIDENCE_ITEMS} evidence items, one per line"
    elif any(len(line) > MAX_EVIDENCE_ITEM for line in evidence):
        errors["evidence"] = f"an evidence item is at most {MAX_EVIDENCE_ITEM:,} characters"
    confidence: Confidence | None = None
    if given.confidence:
        try:
            confidence = Confidence(given.confidence)
        except ValueError:
            errors["confidence"] = N_("choose how sure this answer is from the list")
    if value == DONT_KNOW:
        confidence = None  # a confidence in "Don't know" means nothing
    reason = given.reason.strip()
    if value == NOT_APPLICABLE and not reason:
        errors["not_applicable"] = "say why this question does not apply to this deployment"
    elif len(reason) > MAX_NOTE:
        errors["not_applicable"] = f"a reason is at most {MAX_NOTE:,} characters"
    if errors:
        return Parsed(None, errors)
    if value == NOT_APPLICABLE:
        return Parsed(Answer(not_applicable=reason, note=note or None, evidence=evidence, confidence=confidence), {})
    if value is None and not note and not evidence and confidence is None:
        return Parsed(None, {})
    return Parsed(Answer(answer=value, note=note or None, evidence=evidence, confidence=confidence), {})


def _value(question: Question, values: list[str], errors: dict[str, str]) -> str | int | float | list[str] | None:
    labels = {o.value: o.label for o in question.options}
    kind = question.type
    if not values:
        return None
    if NOT_APPLICABLE in values:
        if not question.may_be_not_applicable:
            errors["answer"] = "this question cannot be answered \u201cnot applicable\u201d; reload the page"
            return None
        if len(values) > 1:
            errors["answer"] = "\u201cNot applicable\u201d cannot be chosen together with an answer"
            return None
        return NOT_APPLICABLE
    if kind is QuestionType.multi:
        if DONT_KNOW in values:
            if len(values) > 1:
                errors["answer"] = N_("\u201cDon't know\u201d cannot be ticked together with other options")
                return None
            return DONT_KNOW
        unknown = [v for v in values if v not in labels]
        if unknown:
            errors["answer"] = N_("that is not one of this question's options; reload the page")
            return None
        exclusive = [labels[o.value] for o in question.options if o.exclusive and o.value in values]
        if exclusive and len(values) > 1:
            errors["answer"] = f"\u201c{exclusive[0]}\u201d cannot be ticked together with other options"
            return None
        return list(dict.fromkeys(values))
    raw = values[0].strip()
    if raw == DONT_KNOW and question.scored:
        return DONT_KNOW
    if kind in (QuestionType.choice, QuestionType.yesno):
        if raw not in labels:
            errors["answer"] = N_("that is not one of this question's options; reload the page")
            return None
        return raw
    if kind is QuestionType.scale:
        low, high = (question.scale.min, question.scale.max) if question.scale else (1, 5)
        try:
            number = int(raw)
        except ValueError:
            number = low - 1
        if not low <= number <= high:
            errors["answer"] = f"choose a whole number from {low} to {high}"
            return None
        return number
    if kind is QuestionType.number:
        try:
            parsed = float(raw.replace(",", "")) if raw else math.nan
        except ValueError:
            parsed = math.nan
        if not math.isfinite(parsed):
            errors["answer"] = N_("enter a number, such as 46000 or 2.5")
            return None
        return int(parsed) if parsed.is_integer() and abs(parsed) < 2**53 else parsed
    if kind is QuestionType.date:
        try:
            return dt.date.fromisoformat(raw).isoformat()
        except ValueError:
            errors["answer"] = N_("enter a date as YYYY-MM-DD, such as 2026-05-21")
            return None
    if len(raw) > MAX_NOTE:
        errors["answer"] = f"an answer is at most {MAX_NOTE:,} characters"
        return None
    return raw or None
