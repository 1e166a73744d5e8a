"""Words for the values an assessment stores as identifiers: its stage and whose view it gives.

The file keeps `staff-association` (stable, comparable across languages); what a reader sees is
'Staff association view', in the language of the output. A value the tool does not know (one the
respondent wrote) is shown as written.
"""

from __future__ import annotations

from assess.i18n import ENGLISH, Translator

STAGES: dict[str, str] = {
    "proposal": "Proposal",
    "pilot": "Pilot",
    "live": "Live",
    "extension": "Extension",
    "review": "Review",
}

# Short labels for covers and summaries; the questionnaire also explains each one when it asks.
PERSPECTIVES: dict[str, str] = {
    "ethics-board": "Ethics board view",
    "staff-association": "Staff association view",
    "organisation": "Deploying organisation's view",
    "policy": "Policy or assurance view",
}


def stage_label(value: str | None, tr: Translator = ENGLISH) -> str | None:
    if value is None:
        return None
    return tr(STAGES[value]) if value in STAGES else value


def perspective_label(value: str | None, tr: Translator = ENGLISH) -> str | None:
    """'staff-association' -> 'Staff association view'; a value of the respondent's own ('force') is
    read the same way ('Force view'), so a cover always says whose view it is in words."""
    if not value:
        return None
    if value in PERSPECTIVES:
        return tr(PERSPECTIVES[value])
    words = " ".join(value.replace("-", " ").replace("_", " ").split())
    return tr("{perspective} view", perspective=words.capitalize() if tr.lang == "en" else words)
