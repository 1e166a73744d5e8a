"""Benchmark the worst `when` conditions the sandbox lets run (docs/limits.md, "Conditions").

Each expression below is as heavy as the caps allow: at most 1,000 characters, 50 levels,
values capped at 10,000 items (`*`) or 100,000 characters (`+`, `~`, slices, filters), with
answers of 5 MiB text (the largest a YAML file may carry). For each, the median time of one
evaluation is printed, and its ratio to a plain comparison (`a == 'x'`) evaluated the same way.
Refused evaluations (the sandbox said no) count: refusing is the cost.

    .venv/bin/python bench/conditions_bench.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from assess.conditions import compile_condition

LONG = "q" * (5 * 1024 * 1024)


def _fill(unit: str, joiner: str, budget: int = 1000) -> str:
    count = (budget + len(joiner)) // (len(unit) + len(joiner))
    return joiner.join([unit] * count)


WORST = {
    "concatenation of capped repetitions": _fill("('x'*10000)", "~"),
    "list of capped repetitions": "[" + _fill("[1]*10000", ",", 988) + "]|length > 0",
    "joins at the cap": _fill("(('x'*1000)|join('y'*99))|length", "+"),
    "or-chain near the nesting cap": " or ".join(["a[:100000]|lower == 'x'"] * 36),
    "filters on a 5 MiB answer": _fill("a|lower", " ~ "),
    "slices of a 5 MiB answer": "[" + _fill("a[:100000]", ",", 988) + "]|length > 0",
    "membership in a 5 MiB answer": "[" + _fill("'zz' in a", ",", 988) + "]|length > 0",
    "int of a 5 MiB answer": "[" + _fill("a|int", ",", 988) + "]|length > 0",
    "max of text at its cap": "[" + _fill("('b'*1000)|max", ",", 988) + "]|length > 0",
    "membership in text at its cap": "[" + _fill("'zz' in a[:100000]", ",", 988) + "]|length > 0",
    "number products at the cap": "[" + _fill("n*n", ",", 988) + "]|length > 0",
}


def median_seconds(expr: str, answers: dict[str, Any], runs: int) -> tuple[float, str]:
    condition = compile_condition(expr)
    times: list[float] = []
    outcome = ""
    for _ in range(runs):
        start = time.perf_counter()
        try:
            outcome = repr(condition._run(**answers))[:20]
        except Exception as exc:  # noqa: BLE001 - a refusal is an outcome worth timing
            outcome = type(exc).__name__
        times.append(time.perf_counter() - start)
    return statistics.median(times), outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    answers = {"a": LONG, "n": (1 << 4999)}
    floor, _ = median_seconds("a == 'x'", answers, args.runs)
    print(f"plain comparison: {floor * 1e6:.1f} us")
    for name, expr in WORST.items():
        assert len(expr) <= 1000, (name, len(expr))
        seconds, outcome = median_seconds(expr, answers, args.runs)
        print(f"{name:38} {seconds * 1e3:8.2f} ms  {seconds / floor:10.0f}x  ({outcome})")


if __name__ == "__main__":
    main()
