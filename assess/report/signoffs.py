"""The report's view of the recorded sign-offs: each decision, its conditions and the accepted risks in words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from assess.i18n import Translator
from assess.model import Assessment
from assess.result import Result
from assess.signoff import decision_words, made_on_these_answers, residual_risks

# The report's own words about sign-offs, in one place (French in assess/i18n.py).
RISK_WORDS = {
    "gate": "Gate, {framework}, question {number}: {text}",
    "rating": "Red rating, {framework}: {text}",
    "action": "Action, {framework}, question {number}: {text}",
}
UNKNOWN_RISK = "{reference} (not among this report's risks)"


@dataclass(frozen=True)
class SignOffView:
    name: str
    role: str
    decision: str  # in words, in the report's language
    decision_name: str  # proceed, conditions, pause, stop: for a style
    date: str
    conditions: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    answers_changed: bool = False  # the answers have changed since the decision was made on them


def sign_off_views(assessment: Assessment, result: Result, titles: dict[str, str],
                   locate: Callable[[str, str], tuple[str, str]], tr: Translator) -> list[SignOffView]:
    risks = {risk.reference: risk for risk in residual_risks(result)}
    views = []
    for sign_off in assessment.sign_offs:
        worded = []
        for reference in sign_off.accepted_risks:
            risk = risks.get(reference)
            if risk is None:
                worded.append(tr(UNKNOWN_RISK, reference=reference))
                continue
            number = locate(risk.framework, risk.question)[0] if risk.question else ""
            worded.append(tr(RISK_WORDS[risk.kind], framework=titles.get(risk.framework, risk.framework),
                             number=number or risk.question, text=risk.text))
        views.append(SignOffView(
            name=sign_off.name, role=sign_off.role, decision=tr(decision_words(sign_off.decision)),
            decision_name=sign_off.decision.name, date=tr.date(sign_off.date), conditions=list(sign_off.conditions),
            risks=worded, answers_changed=made_on_these_answers(sign_off, assessment) is False))
    return views
