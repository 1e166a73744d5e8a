"""Sign-offs: the residual risks a decision-maker may accept, and whether a sign-off still fits the answers.

A decision-maker accepts risks by reference (`gate:dpia/lawful_basis`, `rating:dpia`, `action:dpia/retention`),
so the file stays short and the words come from the scored result, in the report's language. The references
are the ones the report's decision brief shows: the gates triggered, the red ratings, and the actions.
"""

from __future__ import annotations

from dataclasses import dataclass

from assess.fingerprint import answers_sha256
from assess.model import Assessment, Decision, SignOff
from assess.result import Rating, Result, Verdict

KINDS = ("gate", "rating", "action")


@dataclass(frozen=True)
class Risk:
    reference: str  # gate:FRAMEWORK/QUESTION, rating:FRAMEWORK or action:FRAMEWORK/QUESTION
    kind: str  # one of KINDS
    framework: str
    question: str  # "" for a rating
    text: str  # the gate's message, the rating's reasons, or the action's recommendation


def decision_words(decision: Decision) -> str:
    """The decision in the engine's own words ("Proceed with conditions"), ready for translation."""
    return Verdict[decision.name].value


def residual_risks(result: Result) -> list[Risk]:
    """Every risk a decision-maker may accept on this result, gates first, then red ratings, then actions."""
    found: dict[str, Risk] = {}

    def add(kind: str, framework: str, question: str, text: str) -> None:
        reference = f"{kind}:{framework}/{question}" if question else f"{kind}:{framework}"
        earlier = found.get(reference)
        # Two gates on one question (two failing options of a multi) are one risk to accept.
        found[reference] = Risk(reference, kind, framework, question,
                                f"{earlier.text} {text}" if earlier and text not in earlier.text else text)

    for gate in result.gates:
        add("gate", gate.framework, gate.question, gate.message)
    for fr in result.frameworks:
        if fr.rating is Rating.red:
            add("rating", fr.id, "", " ".join(fr.rating_reasons))
    for action in result.actions:
        add("action", action.framework, action.question, action.recommendation)
    return list(found.values())


def current_hash(assessment: Assessment) -> str:
    return answers_sha256(assessment)


def made_on_these_answers(sign_off: SignOff, assessment: Assessment) -> bool | None:
    """True when the sign-off was made on the answers as they are now, False when they have changed since,
    None when the sign-off recorded no hash (written by hand)."""
    if sign_off.answers_sha256 is None:
        return None
    return sign_off.answers_sha256 == answers_sha256(assessment)
