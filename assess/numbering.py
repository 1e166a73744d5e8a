"""One number per question, the same in every output: framework.section.question, counted from 1.

The report's chapters, the terminal questionnaire, the score table, the Markdown and the comparison all
name a question by this number, so a reader can move between them without a lookup table.
"""

from __future__ import annotations

from collections.abc import Iterable

from assess.model import Framework


def question_numbers(frameworks: Iterable[Framework]) -> dict[tuple[str, str], str]:
    """(framework id, question id) -> "2.1.3", for the frameworks in the order the assessment lists them."""
    numbers: dict[tuple[str, str], str] = {}
    for f_index, framework in enumerate(frameworks, start=1):
        for s_index, section in enumerate(framework.sections, start=1):
            for q_index, question in enumerate(section.questions, start=1):
                numbers[(framework.id, question.id)] = f"{f_index}.{s_index}.{q_index}"
    return numbers
