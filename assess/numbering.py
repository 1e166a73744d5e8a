"""One number per question, the same in every output: framework.section.question, counted from 1.

The report's chapters, the terminal questionnaire, the score table, the Markdown and the comparison all
name a question by this number, so a reader can move between them without a lookup table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from assess.identity_cache import IdentityCache
from assess.model import Framework


def question_numbers(frameworks: Iterable[Framework]) -> dict[tuple[str, str], str]:
    """(framework id, question id) -> "2.1.3", for the frameworks in the order the assessment lists them."""
    numbers: dict[tuple[str, str], str] = {}
    for f_index, framework in enumerate(frameworks, start=1):
        for s_index, section in enumerate(framework.sections, start=1):
            for q_index, question in enumerate(section.questions, start=1):
                numbers[(framework.id, question.id)] = f"{f_index}.{s_index}.{q_index}"
    return numbers


# A server numbers the same few lists of framework objects on every save (the questionnaire, a stop verdict).
_KEPT: IdentityCache[Mapping[tuple[str, str], str]] = IdentityCache(64)


def numbers_of(frameworks: tuple[Framework, ...]) -> Mapping[tuple[str, str], str]:
    """`question_numbers` of these framework objects in this order, worked out once and shared (read only)."""
    return _KEPT.get_or_make(frameworks, lambda: MappingProxyType(question_numbers(frameworks)))
