"""Checks that span fields: the ones a type alone cannot express.

Each check yields diagnostics located at the YAML node that causes the problem,
so a file with five mistakes gets five messages at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import weakref
from collections.abc import Iterator, Mapping

from assess.conditions import ConditionError, compile_condition, namespace_name
from assess.errors import Diagnostic, did_you_mean
from assess.model import DONT_KNOW, Answer, Assessment, Framework, MultiRule, Question, QuestionType, ScoringMethod
from assess.safetext import describe, locate_hidden, mark
from assess.scoring_tables import tables_of
from assess.yamlsource import Document, Loc

_OPTION_TYPES = {QuestionType.choice, QuestionType.multi, QuestionType.yesno}


def check_framework(
    framework: Framework, doc: Document, others: Mapping[str, Framework] | None = None
) -> Iterator[Diagnostic]:
    """Cross-checks for one framework. `others` are the frameworks that qualified
    `when` names (`other_framework.question`) may refer to, where known."""
    seen_sections: dict[str, Loc] = {}
    seen_questions: dict[str, Loc] = {}
    earlier: list[str] = []  # in order, for "did you mean" hints
    earlier_set: set[str] = set()  # the same, for lookups: a list searched per `when` made checking quadratic
    all_ids = {q.id for q in framework.questions()}
    ref_ids = list(framework.references)

    if framework.bands.amber > framework.bands.green:
        yield doc.diagnostic(("bands", "amber"), "the amber threshold must not be above the green threshold")
    for i, ref in enumerate(framework.sources):
        if ref not in framework.references:
            yield doc.diagnostic(("sources", i), f"unknown reference '{ref}'", did_you_mean(ref, ref_ids))
    yield from _check_scoring(framework, doc)
    tallies = [t.id for t in framework.scoring.tallies]

    for si, section in enumerate(framework.sections):
        sloc: Loc = ("sections", si)
        if section.id in seen_sections:
            yield doc.diagnostic((*sloc, "id"), f"duplicate section id '{section.id}'")
        seen_sections[section.id] = sloc
        for qi, question in enumerate(section.questions):
            qloc: Loc = (*sloc, "questions", qi)
            if question.id in seen_questions:
                yield doc.diagnostic((*qloc, "id"), f"duplicate question id '{question.id}'")
            seen_questions[question.id] = qloc
            yield from _check_question(question, qloc, doc, ref_ids)
            if question.role is not None:
                if question.role not in tallies:
                    hint = did_you_mean(question.role, tallies) or (
                        f"tallies: {', '.join(tallies)}" if tallies else "declare it under scoring.tallies")
                    yield doc.diagnostic((*qloc, "role"), f"unknown tally '{question.role}'", hint)
                elif not question.scored:
                    yield doc.diagnostic((*qloc, "role"), f"a {question.type.value} question scores nothing, "
                                         "so it cannot count in a tally")
            if question.when is not None:
                yield from _check_when(question, qloc, doc, earlier, earlier_set, all_ids, framework.id, others)
            earlier.append(question.id)
            earlier_set.add(question.id)
    yield from _check_findings(framework, doc, others)


def _check_findings(
    framework: Framework, doc: Document, others: Mapping[str, Framework] | None
) -> Iterator[Diagnostic]:
    """A `finding` id joins gates into one finding (assess/findings.py), here and in the other frameworks known:
    it needs a gate, and the gates that share it must agree on `stop`, since one fact cannot be both
    remediable and not."""
    first: dict[str, tuple[str, bool]] = {}  # finding id -> where it was first declared here, and its stop
    for si, section in enumerate(framework.sections):
        for qi, question in enumerate(section.questions):
            for oi, option in enumerate(question.options):
                if option.finding is None:
                    continue
                floc: Loc = ("sections", si, "questions", qi, "options", oi, "finding")
                if not option.gate:
                    yield doc.diagnostic(floc, "'finding' only applies to an option that has a 'gate'")
                    continue
                where = f"{question.id}: {option.value}"
                earlier = first.setdefault(option.finding, (where, option.stop))
                if earlier[1] != option.stop:
                    yield doc.diagnostic(floc, _finding_disagrees(option.finding, option.stop, earlier[0]),
                                         "mark every gate of one finding 'stop', or none")
                    continue
                for fid, other in sorted((others or {}).items()):
                    if fid == framework.id:
                        continue
                    clash = next((g for g in tables_of(other).findings.get(option.finding, ())
                                  if g.stop != option.stop), None)
                    if clash is not None:
                        yield doc.diagnostic(
                            floc, _finding_disagrees(option.finding, option.stop,
                                                     f"{fid}, {clash.question}: {clash.option}"),
                            "mark every gate of one finding 'stop', or none")
                        break


def _finding_disagrees(finding: str, stop: bool, there: str) -> str:
    return (f"finding '{finding}' is {'' if stop else 'not '}marked 'stop' here but is "
            f"{'not ' if stop else ''}at {there}: the gates of one finding must agree on whether it can be "
            "remedied")


def _check_scoring(framework: Framework, doc: Document) -> Iterator[Diagnostic]:
    scoring = framework.scoring
    tallies: list[str] = []
    for i, tally in enumerate(scoring.tallies):
        if tally.id in tallies:
            yield doc.diagnostic(("scoring", "tallies", i, "id"), f"duplicate tally id '{tally.id}'")
        tallies.append(tally.id)
        if isinstance(tally.maximum, float | int) and tally.maximum <= 0:
            yield doc.diagnostic(("scoring", "tallies", i, "maximum"), "a fixed maximum must be above 0")
    for i, adjustment in enumerate(scoring.adjustments):
        if adjustment.tally not in tallies:
            yield doc.diagnostic(("scoring", "adjustments", i, "tally"), f"unknown tally '{adjustment.tally}'",
                                 did_you_mean(adjustment.tally, tallies))
    if scoring.method is ScoringMethod.assurance:
        for key in ("level_from", "adjustments", "levels"):
            if getattr(scoring, key):
                yield doc.diagnostic(("scoring", key), f"'{key}' only applies to 'method: levels'")
        return
    if scoring.level_from is None:
        yield doc.diagnostic(("scoring",), "'method: levels' needs 'level_from', the tally that sets the level")
    elif scoring.level_from not in tallies:
        yield doc.diagnostic(("scoring", "level_from"), f"unknown tally '{scoring.level_from}'",
                             did_you_mean(scoring.level_from, tallies))
    if len(scoring.levels) < 2:
        yield doc.diagnostic(("scoring",), "'method: levels' needs at least two levels")
    last = -1.0
    ids: set[str] = set()
    for i, level in enumerate(scoring.levels):
        lloc: Loc = ("scoring", "levels", i)
        if level.id in ids:
            yield doc.diagnostic((*lloc, "id"), f"duplicate level id '{level.id}'")
        ids.add(level.id)
        final = i == len(scoring.levels) - 1
        if final and level.up_to is not None:
            yield doc.diagnostic((*lloc, "up_to"), "the last level has no 'up_to': it takes every higher score")
        elif not final and level.up_to is None:
            yield doc.diagnostic(lloc, "every level but the last needs 'up_to'")
        elif level.up_to is not None:
            if level.up_to <= last:
                yield doc.diagnostic((*lloc, "up_to"), "each level's 'up_to' must be above the one before")
            last = level.up_to


def _check_question(question: Question, qloc: Loc, doc: Document, ref_ids: list[str]) -> Iterator[Diagnostic]:
    for i, ref in enumerate(question.refs):
        if ref not in ref_ids:
            yield doc.diagnostic((*qloc, "refs", i), f"unknown reference '{ref}'", did_you_mean(ref, ref_ids))
    values: set[str] = set()
    for oi, option in enumerate(question.options):
        oloc: Loc = (*qloc, "options", oi)
        if option.value in values:
            yield doc.diagnostic((*oloc, "value"), f"duplicate option value '{option.value}'")
        if option.value == DONT_KNOW:
            yield doc.diagnostic(
                (*oloc, "value"), f"'{DONT_KNOW}' is reserved: every scored question offers it already"
            )
        values.add(option.value)
        if option.stop and not option.gate:
            yield doc.diagnostic((*oloc, "stop"), "'stop' only applies to an option that has a 'gate'")
        if option.exclusive and question.type is not QuestionType.multi:
            yield doc.diagnostic((*oloc, "exclusive"), "'exclusive' only applies to options of a multi question")
    if question.type in _OPTION_TYPES:
        minimum = 2 if question.type is not QuestionType.multi else 1
        if len(question.options) < minimum:
            yield doc.diagnostic(qloc, f"a {question.type.value} question needs at least {minimum} options")
        if question.type is QuestionType.yesno and values and values != {"yes", "no"}:
            yield doc.diagnostic((*qloc, "options"), "a yesno question has exactly the options 'yes' and 'no'")
    elif question.options:
        yield doc.diagnostic((*qloc, "options"), f"a {question.type.value} question takes no options")
    if question.scale is not None:
        if question.type is not QuestionType.scale:
            yield doc.diagnostic((*qloc, "scale"), "'scale' only applies to a scale question")
        elif question.scale.min >= question.scale.max:
            yield doc.diagnostic((*qloc, "scale"), "the scale's min must be below its max")
    if question.multi_rule is not MultiRule.sum and question.type is not QuestionType.multi:
        yield doc.diagnostic((*qloc, "multi_rule"), "'multi_rule' only applies to a multi question")


def _check_when(
    question: Question,
    qloc: Loc,
    doc: Document,
    earlier: list[str],
    earlier_set: set[str],
    all_ids: set[str],
    framework_id: str,
    others: Mapping[str, Framework] | None,
) -> Iterator[Diagnostic]:
    assert question.when is not None
    wloc: Loc = (*qloc, "when")
    try:
        condition = compile_condition(question.when)
    except ConditionError as exc:
        yield doc.diagnostic(wloc, f"invalid 'when': {exc}")
        return
    namespaces = {namespace_name(fid): fw for fid, fw in (others or {}).items() if fid != framework_id}
    for ref in condition.references:
        if ref.namespace is not None and ref.namespace not in earlier_set and ref.namespace not in all_ids:
            other = namespaces.get(ref.namespace)
            if other is None:
                if others is not None:
                    yield doc.diagnostic(
                        wloc,
                        f"'when' names unknown framework '{ref.namespace}'",
                        did_you_mean(ref.namespace, namespaces),
                    )
                continue
            if other.question(ref.name) is None:
                ids = [q.id for q in other.questions()]
                yield doc.diagnostic(
                    wloc,
                    f"'when' names '{ref.namespace}.{ref.name}', which is not a question of '{other.id}'",
                    did_you_mean(ref.name, ids),
                )
            continue
        name = ref.namespace if ref.namespace is not None else ref.name
        if name in earlier_set:
            continue
        if name == question.id:
            yield doc.diagnostic(wloc, f"'when' of '{question.id}' cannot depend on its own answer")
        elif name in all_ids:
            yield doc.diagnostic(
                wloc, f"'when' names '{name}', which comes later; a condition may only use earlier answers"
            )
        else:
            yield doc.diagnostic(wloc, f"'when' names unknown question '{name}'", did_you_mean(name, earlier))


def misleading_text(doc: Document) -> Iterator[Diagnostic]:
    """A warning at each key or text value that holds a bidi control, a zero-width or a control
    character: a reviewer reading the file, or a report, may not see what it really says."""
    def walk(node: object, loc: Loc) -> Iterator[Diagnostic]:
        if isinstance(node, dict):
            for key, value in node.items():
                yield from _misleading(doc, (*loc, key), str(key), key=True)
                yield from walk(value, (*loc, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk(value, (*loc, index))
        elif isinstance(node, str):
            yield from _misleading(doc, loc, node)

    yield from walk(doc.data, ())


def _misleading(doc: Document, loc: Loc, text: str, *, key: bool = False) -> Iterator[Diagnostic]:
    found = list(dict.fromkeys(char for _, char in locate_hidden(text)))
    if not found:
        return
    where = f"key '{loc[-1]}'" if key else (f"'{loc[-1]}'" if loc and isinstance(loc[-1], str) else "text")
    names = ", ".join(describe(char) for char in found)
    diagnostic = doc.diagnostic(loc, f"{where} holds {names}, which can make it read differently from what it "
                                     f"says; outputs show it as {mark(found[0])}",
                                "delete it unless the text needs it", key=key)
    yield dataclasses.replace(diagnostic, severity="warning")


def check_assessment(
    assessment: Assessment, doc: Document, frameworks: Mapping[str, Framework], known_ids: list[str]
) -> Iterator[Diagnostic]:
    """Every framework named must exist and every answer must fit its question.
    `frameworks` holds the ones loaded; `known_ids` every id the library offers."""
    for fid in assessment.frameworks:
        if fid not in frameworks:
            yield doc.diagnostic(
                ("frameworks", fid), f"unknown framework '{fid}'", did_you_mean(fid, known_ids), key=True
            )
    for fid, answers in assessment.answers.items():
        if fid not in assessment.frameworks:
            yield doc.diagnostic(
                ("answers", fid),
                f"answers given for framework '{fid}', which is not listed under 'frameworks'",
                key=True,
            )
            continue
        framework = frameworks.get(fid)
        if framework is None:
            continue
        table = _answer_table(framework)
        for qid, answer in answers.items():
            found = table.get(qid)
            if found is None:
                ids = [q.id for q in framework.questions()]
                yield doc.diagnostic(("answers", fid, qid), f"'{qid}' is not a question of '{fid}'",
                                     did_you_mean(qid, ids), key=True)
                continue
            question, accepted = found
            value = answer.answer
            if answer.not_applicable is not None:
                yield from _check_not_applicable(question, answer, ("answers", fid, qid), doc)
            elif value is None or (type(value) is str and value in accepted):
                continue  # the common answer, which answer_problem would pass: said without calling it
            problem = answer_problem(question, value)
            if problem:
                message, hint = problem
                yield doc.diagnostic(("answers", fid, qid, "answer"), message, hint)


_AnswerTable = dict[str, tuple[Question, frozenset[str]]]
_ANSWER_TABLES: dict[int, tuple[weakref.ref[Framework], _AnswerTable]] = {}


def _answer_table(framework: Framework) -> _AnswerTable:
    """Each question of `framework` by id, with the text answers it takes as they are (its option values and
    'dont_know' for a choice or yesno question, nothing for the others, whose answers answer_problem checks).
    Made once per framework object, as every assessment checked against it asks the same; kept while the
    framework lives (by identity: a framework compares by its content, and hashing that would cost more)."""
    key = id(framework)
    known = _ANSWER_TABLES.get(key)
    if known is not None and known[0]() is framework:
        return known[1]
    table: _AnswerTable = {}
    for qid, question in framework.question_index.items():
        accepted: frozenset[str] = frozenset()
        if question.type in (QuestionType.choice, QuestionType.yesno):
            accepted = frozenset([*(o.value for o in question.options), DONT_KNOW])
        table[qid] = (question, accepted)
    _ANSWER_TABLES[key] = (weakref.ref(framework, functools.partial(_forget_table, key)), table)
    return table


def _forget_table(key: int, _: object) -> None:
    _ANSWER_TABLES.pop(key, None)


def _check_not_applicable(question: Question, answer: Answer, aloc: Loc, doc: Document) -> Iterator[Diagnostic]:
    """"Not applicable" only where the framework allows it, always with a reason, never beside an answer."""
    nloc: Loc = (*aloc, "not_applicable")
    if not question.may_be_not_applicable:
        yield doc.diagnostic(nloc, f"'{question.id}' cannot be answered not applicable: its framework does not "
                             "allow it for this question", f"answer it, or answer '{DONT_KNOW}'")
    elif not (answer.not_applicable or "").strip():
        yield doc.diagnostic(nloc, f"'not_applicable' on '{question.id}' needs a reason: say why the question "
                             "does not apply to this deployment")
    if answer.answer is not None:
        yield doc.diagnostic((*aloc, "answer"), f"'{question.id}' has both an answer and 'not_applicable'",
                             "keep one of them")


def answer_problem(question: Question, value: object) -> tuple[str, str | None] | None:
    """Why `value` cannot be an answer to `question`, or None when it can."""
    if value is None or value == DONT_KNOW:
        return None
    values = [o.value for o in question.options]
    kind = question.type
    if kind in (QuestionType.choice, QuestionType.yesno):
        if not isinstance(value, str) or value not in values:
            return (
                f"'{value}' is not an option of '{question.id}'",
                did_you_mean(str(value), values) or f"options: {', '.join(values)}, {DONT_KNOW}",
            )
    elif kind is QuestionType.multi:
        if not isinstance(value, list):
            return (
                f"the answer to multi question '{question.id}' is a list of options",
                f"options: {', '.join(values)}",
            )
        for item in value:
            if item not in values:
                return (f"'{item}' is not an option of '{question.id}'", did_you_mean(str(item), values))
        if len(set(value)) != len(value):
            return (f"an option is chosen twice in '{question.id}'", None)
        exclusive = [o.value for o in question.options if o.exclusive and o.value in value]
        if exclusive and len(value) > 1:
            return (f"'{exclusive[0]}' cannot be chosen together with other options", None)
    elif kind is QuestionType.scale:
        scale = question.scale
        low, high = (scale.min, scale.max) if scale else (1, 5)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return (f"the answer to scale question '{question.id}' is a whole number from {low} to {high}", None)
    elif kind is QuestionType.number:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return (f"the answer to number question '{question.id}' is a number", None)
        if not math.isfinite(value):  # float() reads "nan" and "inf", which no score or JSON may hold
            return (f"the answer to number question '{question.id}' is a finite number", None)
    elif kind is QuestionType.date:
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return (f"the answer to date question '{question.id}' is a date like 2026-05-21", None)
    elif kind is QuestionType.text and not isinstance(value, str):
        return (f"the answer to text question '{question.id}' is text", "quote it")
    return None
