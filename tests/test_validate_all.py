"""`assess validate` reports every error of a file in one pass, in file order (issue 10, item 11),
and numbers are numbers where the schema says so (item 9)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tests.conftest import CORE_FIXTURES

MINI = CORE_FIXTURES / "frameworks" / "mini.yaml"
GOOD = CORE_FIXTURES / "good.yaml"


def edited(source: Path, target: Path, *changes: tuple[str, str]) -> Path:
    text = source.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    target.write_text(text, encoding="utf-8")
    return target


def test_schema_errors_no_longer_hide_the_cross_checks(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = edited(
        MINI, tmp_path / "mini.yaml",
        ("id: mini", "id: mini2"),  # cross-check: the id must match the file name
        ("weight: 2", 'weight: "2"'),  # schema: a number, not text
        ("refs: [case]\n        recommend: Find", "refs: [cse]\n        recommend: Find"),  # cross-check
        ("score: 1, recommend: Name", "score: -1, recommend: Name"),  # schema
        ("{value: asserted, label: Asserted only", "{value: validated, label: Asserted only"),  # cross-check
        ("ask: Which kinds of data are combined?", "ask: [Which kinds of data are combined?]"),  # schema
    )
    code, out, err = cli("validate", path)
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"{path}:3:5: error: framework id 'mini2' must match its file name 'mini.yaml' "
        "(rename the file to 'mini2.yaml')",
        f"{path}:19:17: error: 'weight': input should be a valid number",
        f"{path}:21:16: error: unknown reference 'cse' (did you mean 'case'?)",
        f"{path}:25:53: error: 'score': input should be greater than or equal to 0",
        f"{path}:33:21: error: duplicate option value 'validated'",
        f"{path}:39:14: error: 'ask': input should be a valid string",
        "6 error(s) in 1 file(s); 0 file(s) valid",
    ]


def test_a_refused_entry_does_not_cause_errors_of_its_own(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """A reference the schema refuses is not then 'unknown' where it is cited, and a question whose
    second option is refused is not said to have too few options: those would be false."""
    path = edited(
        MINI, tmp_path / "mini.yaml",
        ('case: {cite: "A v B [2013] UKSC 39 [74]"', 'case: {cite: 39'),
        ("score: 1, recommend: Name", "score: -1, recommend: Name"),
    )
    code, _, err = cli("validate", path)
    assert code == 2
    assert err.splitlines() == [
        f"{path}:10:16: error: 'cite': input should be a valid string",
        f"{path}:25:53: error: 'score': input should be greater than or equal to 0",
        "2 error(s) in 1 file(s); 0 file(s) valid",
    ]


def test_an_assessment_reports_schema_and_answer_errors_together(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = edited(
        GOOD, tmp_path / "a.yaml",
        ("confidence: documented", "confidence: sure"),  # schema
        ("link: {answer: asserted}", "link: {answer: asertd}"),  # cross-check: not an option
        ("trust: {answer: 3}", "trust: {answer: 9}"),  # cross-check: out of the scale
        ("headcount: {answer: 46000}", "headcount: {answer: .inf}"),  # schema: not finite
    )
    code, _, err = cli("validate", path, "--frameworks", CORE_FIXTURES / "frameworks")
    assert code == 2
    assert err.splitlines() == [
        f"{path}:11:70: error: 'confidence': input should be 'asserted', 'documented' or 'independently verified'",
        f"{path}:12:20: error: 'asertd' is not an option of 'link' (did you mean 'asserted'?)",
        f"{path}:16:21: error: the answer to scale question 'trust' is a whole number from 1 to 5",
        f"{path}:17:25: error: 'answer': a number answer must be a finite number, not inf",
        "4 error(s) in 1 file(s); 0 file(s) valid",
    ]


@pytest.mark.parametrize(("old", "new", "column", "message"), [
    ("weight: 2", 'weight: "2"', 17, "'weight': input should be a valid number"),
    ("weight: 2", "weight: .nan", 17, "'weight': input should be a finite number"),
    ("weight: 2", "weight: true", 17, "'weight': input should be a valid number"),
    ("critical: true", 'critical: "yes"', 19, "'critical': input should be a valid boolean"),
])
def test_a_string_where_the_schema_says_number_is_an_error(  # type: ignore[no-untyped-def]
        tmp_path: Path, cli, old: str, new: str, column: int, message: str) -> None:
    path = edited(MINI, tmp_path / "mini.yaml", (old, new))
    code, _, err = cli("validate", path)
    assert code == 2
    line = 1 + MINI.read_text().split(old)[0].count("\n")
    assert err.splitlines()[0] == f"{path}:{line}:{column}: error: {message}"


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1.0e+400"])
def test_a_number_answer_is_finite(tmp_path: Path, cli, value: str) -> None:  # type: ignore[no-untyped-def]
    path = edited(GOOD, tmp_path / "a.yaml", ("headcount: {answer: 46000}", f"headcount: {{answer: {value}}}"))
    code, _, err = cli("validate", path, "--frameworks", CORE_FIXTURES / "frameworks")
    assert code == 2
    shown = {".nan": "nan", "-.inf": "-inf"}.get(value, "inf")
    assert err.splitlines()[0] == f"{path}:17:25: error: 'answer': a number answer must be a finite number, not {shown}"
    code, out, _ = cli("score", path, "--format", "json", "--frameworks", CORE_FIXTURES / "frameworks")
    assert code == 2 and out == ""


def test_true_is_not_silently_the_number_one(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = edited(GOOD, tmp_path / "a.yaml", ("consulted: {answer: yes}", "consulted: {answer: true}"))
    code, _, err = cli("validate", path, "--frameworks", CORE_FIXTURES / "frameworks")
    assert code == 2
    assert err.splitlines()[0] == (f"{path}:15:25: error: 'answer': an answer is an option value, a number, text or "
                                   "a date, not true or false (a yesno question takes yes or no)")


def test_score_json_is_strict_rfc_8259(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("score", GOOD, "--format", "json", "--frameworks", CORE_FIXTURES / "frameworks")
    assert code == 0

    def refuse(name: str) -> float:
        raise AssertionError(f"{name} is not JSON")

    data = json.loads(out, parse_constant=refuse)
    numbers: list[float] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, float):
            numbers.append(node)

    walk(data)
    assert numbers and all(math.isfinite(n) for n in numbers)


@pytest.mark.parametrize("typed", [float("nan"), float("inf"), float("-inf")])
def test_the_questionnaire_refuses_a_number_that_is_not_finite(typed: float) -> None:
    """The questionnaire reads a typed number with float(), which accepts 'nan' and 'inf'; the check
    it runs before saving refuses them."""
    from assess.checks import answer_problem
    from assess.loading import FrameworkLibrary

    framework = FrameworkLibrary(dirs=[CORE_FIXTURES / "frameworks"], include_builtin=False).load("mini")
    question = framework.question("headcount")
    assert question is not None
    assert answer_problem(question, typed) == ("the answer to number question 'headcount' is a finite number", None)
    assert answer_problem(question, 46000.5) is None
