"""Jinja2's sandbox, bounded: a template from a third party cannot hang or exhaust the machine.

The sandbox keeps a template away from Python's internals, but not from `'x' * 10**11`,
`'%2000000000s' % x`, `'x'.center(10**9)` or two nested `range(100000)` loops, each of which
would take the memory or the time of the machine. Here every such operation is checked
before it runs (the numbers are in docs/text-safety.md):

- a number passed to a function, method or filter is at most `MAX_ARGUMENT`;
- `*` repeats text or a list only to `MAX_ITEMS` items, `**` takes a small exponent, and a
  `%` or `.format()` pattern names no width or precision of more than six digits;
- `range()` gives at most `MAX_RANGE_TOTAL` numbers over a whole render;
- the page itself is at most `MAX_OUTPUT` characters.
"""

from __future__ import annotations

import functools
import re
import types
from collections.abc import Callable, Iterator
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment

MAX_ARGUMENT = 10_000
MAX_ITEMS = 1_000_000
MAX_EXPONENT = 256
MAX_RANGE_TOTAL = 2_000_000
MAX_OUTPUT = 100_000_000  # characters; a real report is a few megabytes with its images
_FORMAT_FIELD = re.compile(r"%[^a-zA-Z%]*|\{[^{}]*\}")  # a %-conversion's flags, or a {field:spec}
_HUGE_NUMBER = re.compile(r"\d{7,}")


class BoundedSandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._range_left = MAX_RANGE_TOTAL
        self.globals["range"] = self._range
        self.globals.pop("lipsum", None)  # placeholder text, up to any length: no report needs it
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}

    def _range(self, *args: int) -> Iterator[int]:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise SecurityError(f"range() of {len(numbers)} numbers; at most {MAX_RANGE}")
        self._range_left -= len(numbers)
        if self._range_left < 0:
            raise SecurityError(f"range() gave more than {MAX_RANGE_TOTAL} numbers in all; loops nested too deep")
        return iter(numbers)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if __obj != __self._range:  # which has its own, larger, bound
            _check_arguments(getattr(__obj, "__name__", "a function"), args, kwargs)
        if isinstance(__obj, types.BuiltinMethodType) and isinstance(__obj.__self__, str):
            _check_str_method(__obj.__self__, __obj.__name__, args)
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"an exponent of {right}; at most {MAX_EXPONENT}")
        elif operator == "%" and isinstance(left, str):
            _check_pattern(left, right if isinstance(right, tuple) else (right,))
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_pattern(value.__self__, ())
        return wrapped


def bounded_render(chunks: Iterator[str]) -> str:
    """The page from a template's generate(), stopped at MAX_OUTPUT characters."""
    parts: list[str] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_OUTPUT:
            raise SecurityError(f"the page is longer than {MAX_OUTPUT} characters")
        parts.append(chunk)
    return "".join(parts)


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)  # keeps Jinja's pass_context / pass_environment marks
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(f"the filter '{name}'", args, kwargs)
        return function(*args, **kwargs)

    return bounded


def _check_arguments(what: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ARGUMENT:
            raise SecurityError(f"{value} passed to {what}; numbers passed to functions are at most {MAX_ARGUMENT}")


def _check_repeat(sequence: Any, times: Any) -> None:
    repeats = isinstance(sequence, str | list | tuple) and isinstance(times, int) and times > 1
    if repeats and len(sequence) * times > MAX_ITEMS:
        raise SecurityError(f"repeating {len(sequence)} items {times} times; at most {MAX_ITEMS} items")


def _check_str_method(text: str, name: str, args: tuple[Any, ...]) -> None:
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        grows = text.count(args[0]) * max(len(args[1]) - len(args[0]), 0) if args[0] else len(text) * len(args[1])
        if len(text) + grows > MAX_ITEMS:
            raise SecurityError(f"replace() would make a text of more than {MAX_ITEMS} characters")
    if name == "join" and args and isinstance(args[0], list | tuple):
        size = len(text) * len(args[0]) + sum(len(a) for a in args[0] if isinstance(a, str))
        if size > MAX_ITEMS:
            raise SecurityError(f"join() would make a text of more than {MAX_ITEMS} characters")


def _check_pattern(pattern: str, args: tuple[Any, ...]) -> None:
    if any(_HUGE_NUMBER.search(field) for field in _FORMAT_FIELD.findall(pattern)):
        raise SecurityError("a format with a width or precision of more than six digits")
    _check_arguments("a format", args, {})
