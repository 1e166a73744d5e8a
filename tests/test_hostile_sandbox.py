"""Hostile inputs, class `sandbox`: `when` expressions written to exhaust memory or time.

Every framework in tests/hostile/sandbox/ carries a hostile `when` and names on its first line
the error `assess validate` must give. Expressions whose size comes from answers cannot be
refused before they run; the sandbox must then refuse them itself (SecurityError), not by
running out of memory, which is what the run-time tests check. Each cap is tested at its value
and one past it (docs/limits.md lists them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jinja2.exceptions import SecurityError

from assess.conditions import (
    MAX_BUILT_LENGTH,
    MAX_EXPRESSION_LENGTH,
    MAX_NESTING,
    MAX_PRODUCT_BITS,
    MAX_REPEAT_LENGTH,
    MAX_SCANNED,
    ConditionError,
    compile_condition,
)
from tests.conftest import ROOT

CASES = sorted((ROOT / "tests" / "hostile" / "sandbox").glob("*.yaml"))


def expected(path: Path) -> str:
    first = path.read_bytes().split(b"\n", 1)[0].decode()
    assert first.startswith("# expect: "), f"{path.name} must start with '# expect: LINE:COL: error: ...'"
    return first.removeprefix("# expect: ")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_each_hostile_condition_is_refused_where_it_is_written(path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    relative = path.relative_to(ROOT)
    code, _, err = cli("validate", relative)
    assert code == 2
    assert err.splitlines()[0] == f"{relative}:{expected(path)}"


def run(expr: str, **answers: Any) -> Any:
    """The expression's value, letting the sandbox's refusal through (`holds` would hide it)."""
    return compile_condition(expr)._run(**answers)


def refused(expr: str, **answers: Any) -> str:
    with pytest.raises(SecurityError) as raised:
        run(expr, **answers)
    return str(raised.value)


def test_formatting_an_answer_with_percent_is_refused_before_it_allocates() -> None:
    assert refused("a % 1", a="%1999999999s") == "formatting text with % is not allowed in conditions"
    assert refused("a % b", a="%.999999999f", b=1.5) == "formatting text with % is not allowed in conditions"
    assert run("n % 3", n=7) == 1  # the remainder of numbers still works


def test_repetition_at_the_cap_runs_and_one_past_is_refused() -> None:
    assert len(run("a * n", a="x", n=MAX_REPEAT_LENGTH)) == MAX_REPEAT_LENGTH
    assert refused("a * n", a="x", n=MAX_REPEAT_LENGTH + 1) == "repetition too large in condition"


def test_repetition_counts_the_items_of_nested_lists() -> None:
    inner = [1] * (MAX_REPEAT_LENGTH - 1)
    assert len(run("[a] * 1", a=inner)) == 1  # holds 1 + 9,999 items
    assert refused("[a] * 2", a=inner) == "repetition too large in condition"
    assert refused("[[1] * 10000] * 10000") == "repetition too large in condition"


def test_joining_at_the_cap_runs_and_one_past_is_refused() -> None:
    assert len(run("a|join(s)", a="xx", s="y" * (MAX_BUILT_LENGTH - 2))) == MAX_BUILT_LENGTH
    assert refused("a|join(s)", a="xx", s="y" * (MAX_BUILT_LENGTH - 1)) == (
        f"join would build more than {MAX_BUILT_LENGTH} characters or items")
    assert refused("('a' * 1000)|join('b' * 10000)").startswith("join would build")
    assert run("a|join(',')", a=["p"] * MAX_SCANNED).count(",") == MAX_SCANNED - 1
    assert refused("a|join(',')", a=["p"] * (MAX_SCANNED + 1)) == (
        f"join would read more than {MAX_SCANNED} characters or items")


def test_concatenation_at_the_cap_runs_and_one_past_is_refused() -> None:
    half = MAX_BUILT_LENGTH // 2
    assert len(run("a ~ b", a="x" * half, b="y" * half)) == MAX_BUILT_LENGTH
    assert refused("a ~ b", a="x" * half, b="y" * (half + 1)) == (
        f"~ would build more than {MAX_BUILT_LENGTH} characters or items")
    assert refused("a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a", a="z" * 10_000).startswith("~ would build")


def test_addition_of_text_and_lists_is_capped_but_numbers_add_freely() -> None:
    half = MAX_BUILT_LENGTH // 2
    assert len(run("a + b", a="x" * half, b="y" * half)) == MAX_BUILT_LENGTH
    assert refused("a + b", a=[0] * half, b=[1] * (half + 1)).startswith("+ would build")
    assert run("n + n", n=10 ** 100) == 2 * 10 ** 100


def test_a_long_answer_cannot_be_copied_by_filters_or_slices() -> None:
    long = "q" * (MAX_BUILT_LENGTH + 1)
    for expr in ("a|lower", "a|upper", "a|trim", "a ~ ''", "a[:]", "a[::-1]"):
        assert "more than 100000 characters or items" in refused(expr, a=long), expr
    at_cap = "q" * MAX_BUILT_LENGTH
    assert run("a|upper", a=at_cap) == at_cap.upper()
    assert len(run("a[:]", a=at_cap)) == MAX_BUILT_LENGTH


def test_min_max_int_and_float_read_at_most_their_cap() -> None:
    # min and max step through their input in Python: 2.5 s for a 5 MiB answer, per use.
    assert run("a|max", a="ab" * (MAX_SCANNED // 2)) == "b"
    assert run("a|min", a=list(range(MAX_SCANNED))) == 0
    assert refused("a|max", a="q" * (MAX_SCANNED + 1)) == f"max would read more than {MAX_SCANNED} characters or items"
    assert refused("a|min", a=[1] * (MAX_SCANNED + 1)).startswith("min would read more than")
    assert run("a|int", a=" " * (MAX_SCANNED - 2) + "42") == 42
    assert refused("a|int", a=" " * (MAX_SCANNED - 1) + "42").startswith("int would read more than")
    assert refused("a|float", a="q" * (MAX_SCANNED + 1)).startswith("float would read more than")
    assert run("n|int", n=7.9) == 7  # numbers are not measured


def test_in_searches_at_most_the_built_cap() -> None:
    at_cap = "q" * (MAX_BUILT_LENGTH - 1) + "z"
    assert run("'z' in a", a=at_cap) is True
    assert run("'z' not in a", a=at_cap) is False
    assert run("a is in ['x', 'y']", a="y") is True
    assert refused("'z' in a", a=at_cap + "q") == f"in would search more than {MAX_BUILT_LENGTH} characters or items"
    assert refused("'z' not in a", a=[0] * (MAX_BUILT_LENGTH + 1)).startswith("in would search more than")
    assert refused("'z' is in a", a=at_cap + "q").startswith("in would search more than")
    with pytest.raises(ConditionError, match="cannot be chained"):
        compile_condition("'a' in b in c")


def test_products_of_whole_numbers_are_capped_by_bits() -> None:
    a = 1 << (MAX_PRODUCT_BITS // 2 - 1)  # MAX_PRODUCT_BITS // 2 bits
    assert run("a * a", a=a) == a * a
    assert refused("a * b", a=a, b=a * 2) == "number too large in condition"


def test_nesting_at_the_cap_compiles_and_one_past_is_refused() -> None:
    # `a or a or ...` nests one level per `or`; a name is a level of its own.
    compile_condition(" or ".join(["a"] * MAX_NESTING))
    with pytest.raises(ConditionError, match=f"nested more than {MAX_NESTING} levels deep"):
        compile_condition(" or ".join(["a"] * (MAX_NESTING + 1)))


def test_brackets_deeper_than_the_parser_can_recurse_are_a_condition_error() -> None:
    with pytest.raises(ConditionError, match="nested more than"):
        compile_condition("(" * 490 + "a" + ")" * 490)
    with pytest.raises(ConditionError, match="nested more than"):
        compile_condition("-" * 990 + "a")


def test_expression_length_at_the_cap_compiles_and_one_past_is_refused() -> None:
    text = "a == '" + "x" * (MAX_EXPRESSION_LENGTH - 7) + "'"
    assert len(text) == MAX_EXPRESSION_LENGTH
    compile_condition(text)
    with pytest.raises(ConditionError, match="longer than"):
        compile_condition(text + " ")


def test_a_refused_condition_hides_its_question() -> None:
    assert compile_condition("a % 1 == ''").holds({"a": "%1999999999s"}) is False
