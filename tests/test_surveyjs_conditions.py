"""SurveyJS visibleIf -> our `when`: the translation keeps SurveyJS's meaning of each operator.

The reference semantics are SurveyJS's (OperandMaker.binaryFunctions): `contains` on a single
value is a substring test, on a list membership of every element; an empty value makes
`=` false and `!=`/`notcontains` true.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from assess.conditions import compile_condition
from assess.importers.surveyjs_conditions import ExpressionError, QuestionInfo, _single, translate

# A radiogroup whose original values carry the AIA's weights; ours drop them.
SINGLE = QuestionInfo(id="q", kind="single", values={"item1-2": "item1", "item2-0": "item2", "item10-1": "item10"})
MULTI = QuestionInfo(id="m", kind="multi", values={"item1-1": "item1", "item2-1": "item2", "item3-0": "item3"})
TEXT = QuestionInfo(id="t", kind="text")
QUESTIONS = {"q": SINGLE, "m": MULTI, "t": TEXT, "Num": QuestionInfo(id="num", kind="number")}


def holds(when: str, **answers: Any) -> bool:
    context = {"q": None, "m": None, "t": None, "num": None, **answers}
    return compile_condition(when).holds(context)


@pytest.mark.parametrize(("source", "expected"), [
    ('{q} = "item1-2"', "q == 'item1'"),
    ("{q} != 'item1-2'", "q != 'item1'"),
    ('{q} contains ["item2"]', "q == 'item2'"),
    ('{q} contains "item1"', "q in ['item1', 'item10']"),  # a substring of both values
    ('{q} = "item9-9"', "false"),  # not a choice: never equal
    ('{m} contains "item2-1"', "'item2' in (m or [])"),
    ('{m} notcontains "item2-1"', "'item2' not in (m or [])"),
    ('{m} contains "item9"', "false"),
    ('{t} contains "x"', "'x' in (t or '')"),
    ('{t} = "yes" and ({q} = "item2-0" or {m} contains "item1-1")',
     "t == 'yes' and (q == 'item2' or 'item1' in (m or []))"),
    ('{num} > 3', "(num is not none and num > 3)"),
])
def test_translations(source: str, expected: str) -> None:
    assert translate(source, QUESTIONS) == expected


def test_notempty_on_a_single_choice() -> None:
    when = translate("{q} notempty", QUESTIONS)
    assert holds(when, q="item1") and not holds(when)


OPS = ["=", "!=", "contains", "notcontains", "anyof", "allof"]
RIGHTS: list[Any] = ["item1-2", "item1", "item2", "-0", "item10-1", ["item2"], ["item1-2", "item2-0"], "zzz"]


@pytest.mark.parametrize(("op", "right"), list(itertools.product(OPS, RIGHTS)))
def test_single_choice_translation_agrees_with_surveyjs_on_every_answer(op: str, right: Any) -> None:
    literal = repr(right).replace("'", '"') if isinstance(right, list) else f'"{right}"'
    when = translate(f"{{q}} {op} {literal}", QUESTIONS)
    name = {"=": "equal", "!=": "notequal"}.get(op, op)
    for original, ours in [*SINGLE.values.items(), (None, None)]:
        assert holds(when, q=ours) == _single(name, original, right), (when, original)


@pytest.mark.parametrize("op", ["contains", "notcontains", "anyof", "allof"])
def test_multi_choice_translation_agrees_with_surveyjs_on_every_subset(op: str) -> None:
    originals = list(MULTI.values)
    for right in (["item1-1"], ["item1-1", "item3-0"], "item2-1"):
        literal = repr(right).replace("'", '"') if isinstance(right, list) else f'"{right}"'
        when = translate(f"{{m}} {op} {literal}", QUESTIONS)
        for size in range(len(originals) + 1):
            for chosen in itertools.combinations(originals, size):
                items = right if isinstance(right, list) else [right]
                if op in ("contains", "allof"):
                    expected = all(i in chosen for i in items)
                elif op == "anyof":
                    expected = any(i in chosen for i in items)
                else:
                    expected = not all(i in chosen for i in items)
                ours = [MULTI.values[c] for c in chosen] or None
                assert holds(when, m=ours) == expected, (when, chosen)


def test_names_are_matched_without_regard_to_case() -> None:
    assert translate("{NUM} >= 2", QUESTIONS) == "(num is not none and num >= 2)"


@pytest.mark.parametrize(("source", "message"), [
    ("{later} = 'x'", "not an earlier question"),
    ("{q} = {m}", "two questions"),
    ("{q} = 'a' and", "ends too early"),
    ("{q.text} = 'a'", "not supported"),
    ("{q} = 'a')", "unexpected"),
    ("age({q}) > 3", "unexpected"),
])
def test_what_cannot_be_translated_is_an_error(source: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=message):
        translate(source, QUESTIONS)


def test_translations_compile_in_the_sandbox() -> None:
    for source in ('{q} anyof ["item1-2", "item2-0"]', '{m} allof ["item1-1"]', "{t} empty", "!({q} = 'item1-2')"):
        compile_condition(translate(source, QUESTIONS))
