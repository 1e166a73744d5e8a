"""The text the questionnaire shows: plain strings wrapped to the terminal's width (80 columns
when there is no terminal), no meaning carried by colour."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

from assess.i18n import N_, Translator
from assess.model import DONT_KNOW, Framework, Question, QuestionType
from assess.questionnaire import Questionnaire
from assess.rendering.plain import SOURCE_LENGTH, short_cite, wrap_lines
from assess.rendering.plain import clip as clip  # the questionnaire's modules call render.clip
from assess.result import QuestionStatus, Result
from assess.safetext import visible
from assess.scoring import answer_label

WIDTH = 80
MIN_WIDTH = 40  # narrower than this, the questionnaire asks for a wider window instead of garbling
MAX_WIDTH = 100  # wider lines are hard to read; a wider terminal keeps a margin
MARKS = {QuestionStatus.answered: "✓", QuestionStatus.dont_know: "?", QuestionStatus.unanswered: "·",
         QuestionStatus.not_applicable: "–"}
MARK_LEGEND = N_("✓ answered, ? don't know, – not applicable, · open")


def terminal_size() -> os.terminal_size:
    """The terminal's size now. The terminal itself is asked first: COLUMNS and LINES, which
    shutil prefers, are set once by the shell and go stale when the window is resized."""
    try:
        size = os.get_terminal_size(sys.stdout.fileno())
        if size.columns > 0 and size.lines > 0:
            return size
    except (OSError, ValueError):
        pass
    return shutil.get_terminal_size((WIDTH, 24))


def columns() -> int:
    return terminal_size().columns


def screen_width() -> int:
    """The width to wrap to: the terminal's, less the last column (writing there makes some terminals
    wrap early), and at most MAX_WIDTH."""
    return max(min(columns() - 1, MAX_WIDTH), MIN_WIDTH - 1)


def wrap(text: str, indent: str = "", width: int = WIDTH) -> list[str]:
    # A word longer than the line is cut (never happens with real words at MIN_WIDTH).
    return wrap_lines(text, indent, width)


def wrap_items(items: Sequence[str], width: int = WIDTH, separator: str = " · ") -> list[str]:
    """Items such as 'h help' on as few lines as fit, each kept whole on its line."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + len(separator) + len(item) <= width:
            lines[-1] += separator + item
        else:
            lines.append(clip(item, width))
    return lines or [""]


def sources(framework: Framework, question: Question) -> list[str]:
    """Each source in its short form: the reference's own `short:` where it gives one."""
    found = [framework.references[r] for r in question.refs if r in framework.references]
    return [visible(short_cite(ref, SOURCE_LENGTH)) for ref in found]


def sources_lines(framework: Framework, question: Question, max_lines: int = 2, lang: str = "en",
                  width: int = WIDTH) -> list[str]:
    """'Sources: A; B; C', whole items only, in at most `max_lines` lines."""
    tr = Translator(lang)
    cited = sources(framework, question)
    if not cited or max_lines < 1:
        return []
    for shown in range(len(cited), 0, -1):
        rest = len(cited) - shown
        text = tr("Sources: {list}", list="; ".join(cited[:shown])) + (tr("; and {n} more [h]", n=rest) if rest else "")
        lines = textwrap.wrap(text, width=width, subsequent_indent="  ", break_on_hyphens=False)
        if len(lines) <= max_lines:
            return lines
    return [clip(tr("Sources: {list}", list=cited[0]), width)]


def location(questionnaire: Questionnaire, index: int, width: int = WIDTH) -> str:
    """'Question 2.1.3 · 12/48 · Proportionality and necessity › Does it work?': the number the report
    uses, the place among the questions shown, and where it belongs. Titles give way first."""
    slot = questionnaire.slots[index]
    tr = Translator(questionnaire.lang)
    n, total = questionnaire.position(index)
    head = tr("Question {number}", number=questionnaire.number(index)) + f" · {n}/{total} · "
    tail = " · " + tr("critical") if slot.question.critical else ""
    if width - len(head) - len(tail) < 12:  # narrow: the number alone says which question it is
        head = f"{questionnaire.number(index)} · {n}/{total} · "
    room = max(width - len(head) - len(tail), 4)
    framework, section = visible(slot.framework.title), visible(slot.section.title)
    if len(framework) + 3 + len(section) <= room:
        where = f"{framework} › {section}"
    elif len(framework) + 3 + 12 <= room:
        where = f"{framework} › " + clip(section, room - len(framework) - 3)
    else:
        where = clip(framework, room)
    return head + where + tail


def current_answer(questionnaire: Questionnaire, index: int) -> str | None:
    answer = questionnaire.answer(index)
    if answer is not None and answer.not_applicable is not None and answer.answer is None:
        return Translator(questionnaire.lang)("Not applicable: {reason}", reason=answer.not_applicable)
    if answer is None or answer.answer is None:
        return None
    return value_text(questionnaire.slots[index].question, answer.answer, questionnaire.lang)


def header(questionnaire: Questionnaire, index: int, help_lines: int | None = None, width: int = WIDTH,
           max_lines: int | None = None) -> list[str]:
    """The lines above the options. `help_lines` caps the help text (None: all of it); `max_lines`
    caps the whole (the position line and the question come first, then help, sources, answer)."""
    slot = questionnaire.slots[index]
    question = slot.question
    tr = Translator(questionnaire.lang)
    more = tr("  [h: all of the help]")
    room = max_lines if max_lines is not None else 10_000
    lines = [location(questionnaire, index, width)]
    ask = wrap(question.ask, width=width)
    if len(ask) > room - 1:  # a very short terminal: the question's start, and h shows it whole
        ask = ask[:max(room - 1, 1)]
        ask[-1] = clip(ask[-1], width - len(more)) + more
    lines += [""] if len(lines) + len(ask) + 2 <= room else []
    lines += ask
    label = current_answer(questionnaire, index)
    answered = [clip(tr("Answered: {answer}", answer=label), width)] if label is not None else []
    room -= len(lines) + len(answered)
    cited = sources_lines(slot.framework, question, max_lines=min(2, room - 1), lang=questionnaire.lang, width=width) \
        if room >= 3 else []
    if question.help and room - len(cited) >= 1:
        body = wrap(question.help, indent="  ", width=width)
        cap = min(help_lines if help_lines is not None else len(body), room - len(cited))
        if len(body) > cap:
            body = body[:max(cap, 1)]
            body[-1] = "  " + clip(body[-1].strip(), width - 2 - len(more)) + more
        lines += body
    return lines + cited + answered


def full_help(questionnaire: Questionnaire, index: int, width: int = WIDTH) -> list[str]:
    slot = questionnaire.slots[index]
    question = slot.question
    tr = Translator(questionnaire.lang)
    lines = [location(questionnaire, index, width), "", *wrap(question.ask, width=width), ""]
    if question.help:
        lines += [*wrap(question.help, width=width), ""]
    if question.evidence_hint:
        lines += [*wrap(tr("Evidence that would support an answer: {hint}", hint=question.evidence_hint),
                        width=width), ""]
    if question.refs:
        lines.append(tr("Sources:"))
    for ref in question.refs:
        found = slot.framework.references.get(ref)
        if found is None:
            continue
        lines += wrap(found.cite, indent="  ", width=width)
        if found.url:
            # Whole, so it can be copied; only its indent gives way on a narrow terminal.
            url = visible(found.url)
            lines.append(("    " if len(url) + 4 <= width else "") + url)
        if found.note:
            lines += wrap(found.note, indent="    ", width=width)
        if found.uncertain:
            lines += wrap(tr("(pinpoint not checked against the primary text)"), indent="    ", width=width)
    return lines


def type_hint(question: Question, lang: str = "en") -> str:
    tr = Translator(lang)
    if question.type is QuestionType.multi:
        return tr("Tick every option that applies.")
    if question.type is QuestionType.scale and question.scale is not None:
        scale = question.scale
        ends = f"{scale.min} = {scale.low_label or tr('lowest')}, {scale.max} = {scale.high_label or tr('highest')}"
        return visible(tr("On a scale: {ends}.", ends=ends))
    return ""


def mark_legend(lang: str = "en") -> str:
    return Translator(lang)(MARK_LEGEND)


def jump_entry(questionnaire: Questionnaire, index: int, width: int = WIDTH) -> str:
    """'2.1.3 ✓ Was the staff association consulted…', cut to one line."""
    slot = questionnaire.slots[index]
    mark = MARKS.get(questionnaire.status(index), "·")
    head = f"{questionnaire.number(index):>7} {mark} "
    return head + clip(slot.question.ask, width - len(head))


def hidden_notice(names: Sequence[str], lang: str = "en") -> str:
    """The questions a change hid: their answers are set aside, not deleted (assess/questionnaire.py)."""
    return Translator(lang).plural(
        len(names),
        "That change hides this question. Its answer is set aside, not counted, and comes back if the question "
        "shows again before you quit: {names}",
        "That change hides these questions. Their answers are set aside, not counted, and come back if the "
        "questions show again before you quit: {names}",
        names="; ".join(names))


def slot_name(questionnaire: Questionnaire, index: int) -> str:
    return clip(questionnaire.slots[index].question.ask, 70)


def progress_line(questionnaire: Questionnaire) -> str:
    answered, total = questionnaire.progress()
    return Translator(questionnaire.lang)("{answered} of {total} answered", answered=answered, total=total)


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def command(program: Sequence[str], *args: str) -> str:
    return " ".join(shlex.quote(a) for a in [*program, *args])


def summary(result: Result, lang: str = "en") -> list[str]:
    from assess.score_table import result_table

    return result_table(result, lang).splitlines()


def value_text(question: Question, value: object, lang: str = "en") -> str:
    tr = Translator(lang)
    if value == DONT_KNOW:
        return tr("Don't know")
    label = answer_label(question, value) or ""
    return tr(label) if label == "None chosen" else label
