"""The text the questionnaire shows: plain strings, 80 columns, no meaning carried by colour."""

from __future__ import annotations

import re
import shlex
import textwrap
from collections.abc import Sequence
from pathlib import Path

from assess.i18n import Translator
from assess.interview.session import Session
from assess.model import DONT_KNOW, Framework, Question, QuestionType
from assess.result import QuestionStatus, Result
from assess.safetext import visible
from assess.scoring import answer_label

WIDTH = 80
SOURCE_LENGTH = 60
MARKS = {QuestionStatus.answered: "✓", QuestionStatus.dont_know: "?", QuestionStatus.unanswered: "·"}
MARK_LEGEND = "✓ answered, ? don't know, · open"


def wrap(text: str, indent: str = "", width: int = WIDTH) -> list[str]:
    text = visible(text)  # a bidi override or an ESC in a framework must not rewrite the screen
    return textwrap.wrap(" ".join(text.split()), width=width, initial_indent=indent, subsequent_indent=indent) or [""]


def clip(text: str, width: int) -> str:
    text = " ".join(visible(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


_NEUTRAL = re.compile(r"\[\d{4}\] [A-Z][A-Za-z]*(?: [A-Z][a-z]+)? \d+")
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b(?!/)")


def short_cite(cite: str, limit: int = SOURCE_LENGTH) -> str:
    """A citation short enough for a header line. Cases become 'Parties [2020] EWCA Civ 1058'
    (or 'Parties (2017)'); other sources are cut at a comma where one falls early enough."""
    cite = " ".join(cite.split())
    if " v " in cite:
        parties = re.split(r" \[|, ", cite, maxsplit=1)[0]
        if len(parties) > 35:
            parties = parties.split(" v ")[0]
        neutral = _NEUTRAL.search(cite)
        year = _YEAR.search(cite)
        tail = neutral.group(0) if neutral else (f"({year.group(0)})" if year else "")
        return clip(f"{parties} {tail}".strip(), limit)
    if len(cite) <= limit:
        return cite
    article = re.match(r"^(.{3,40}?), ['‘\"]", cite)
    year = _YEAR.search(cite)
    if article and year:
        return f"{article.group(1)} ({year.group(0)})"
    cut = cite.rfind(", ", 0, limit)
    if cut >= 40:
        return cite[:cut]
    return clip(cite, limit)


def sources(framework: Framework, question: Question) -> list[str]:
    return [visible(short_cite(framework.references[r].cite)) for r in question.refs if r in framework.references]


def sources_lines(framework: Framework, question: Question, max_lines: int = 2, lang: str = "en") -> list[str]:
    """'Sources: A; B; C', whole items only, in at most `max_lines` lines."""
    tr = Translator(lang)
    cited = sources(framework, question)
    if not cited:
        return []
    for shown in range(len(cited), 0, -1):
        rest = len(cited) - shown
        text = tr("Sources: {list}", list="; ".join(cited[:shown])) + (tr("; and {n} more [h]", n=rest) if rest else "")
        lines = textwrap.wrap(text, width=WIDTH, subsequent_indent="  ")
        if len(lines) <= max_lines:
            return lines
    return [clip(tr("Sources: {list}", list=cited[0]), WIDTH)]


def location(session: Session, index: int) -> str:
    """'12/48 · Proportionality and necessity › Does it work?'"""
    slot = session.slots[index]
    n, total = session.position(index)
    head = f"{n}/{total} · {visible(slot.framework.title)} › "
    tail = " · " + Translator(session.lang)("critical") if slot.question.critical else ""
    return head + clip(slot.section.title, max(WIDTH - len(head) - len(tail), 10)) + tail


def current_answer(session: Session, index: int) -> str | None:
    answer = session.answer(index)
    if answer is None or answer.answer is None:
        return None
    return value_text(session.slots[index].question, answer.answer, session.lang)


def header(session: Session, index: int, help_lines: int | None = None) -> list[str]:
    """The lines above the options. `help_lines` caps the help text (None: all of it)."""
    slot = session.slots[index]
    question = slot.question
    tr = Translator(session.lang)
    lines = [location(session, index), ""]
    lines += wrap(question.ask)
    if question.help:
        body = wrap(question.help, indent="  ")
        if help_lines is not None and len(body) > help_lines:
            body = body[:max(help_lines, 1)]
            body[-1] = "  " + clip(body[-1], WIDTH - 24) + tr("  [h: all of the help]")
        lines += body
    lines += sources_lines(slot.framework, question, lang=session.lang)
    label = current_answer(session, index)
    if label is not None:
        lines.append(clip(tr("Answered: {answer}", answer=label), WIDTH))
    return lines


def full_help(session: Session, index: int) -> list[str]:
    slot = session.slots[index]
    question = slot.question
    tr = Translator(session.lang)
    lines = [location(session, index), "", *wrap(question.ask), ""]
    if question.help:
        lines += [*wrap(question.help), ""]
    if question.evidence_hint:
        lines += [*wrap(tr("Evidence that would support an answer: {hint}", hint=question.evidence_hint)), ""]
    if question.refs:
        lines.append(tr("Sources:"))
    for ref in question.refs:
        found = slot.framework.references.get(ref)
        if found is None:
            continue
        lines += wrap(found.cite, indent="  ")
        if found.url:
            lines.append("    " + visible(found.url))
        if found.note:
            lines += wrap(found.note, indent="    ")
        if found.uncertain:
            lines.append("    " + tr("(pinpoint not checked against the primary text)"))
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


def jump_entry(session: Session, index: int) -> str:
    slot = session.slots[index]
    n, _ = session.position(index)
    mark = MARKS.get(session.status(index), "·")
    return f"{n:>3} {mark} " + clip(slot.question.ask, WIDTH - 12)


def dropped_notice(names: Sequence[str], lang: str = "en") -> str:
    return Translator(lang).plural(len(names), "That change hides this question, so its answer was removed: {names}",
                                   "That change hides these questions, so their answers were removed: {names}",
                                   names="; ".join(names))


def slot_name(session: Session, index: int) -> str:
    return clip(session.slots[index].question.ask, 70)


def progress_line(session: Session) -> str:
    answered, total = session.progress()
    return Translator(session.lang)("{answered} of {total} answered", answered=answered, total=total)


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def command(program: Sequence[str], *args: str) -> str:
    return " ".join(shlex.quote(a) for a in [*program, *args])


def summary(result: Result, lang: str = "en") -> list[str]:
    from assess.text import result_table

    return result_table(result, lang).splitlines()


def value_text(question: Question, value: object, lang: str = "en") -> str:
    tr = Translator(lang)
    if value == DONT_KNOW:
        return tr("Don't know")
    label = answer_label(question, value) or ""
    return tr(label) if label == "None chosen" else label
