"""Jinja2's sandbox, bounded: a template from a third party cannot hang or exhaust the machine.

The sandbox keeps a template away from Python's internals, but not from `'x' * 10**11`,
`'%2000000000s' % x`, `'x'.center(10**9)` or two nested `range(100000)` loops, each of which
would take the memory or the time of the machine. Here every such operation is checked
before it runs (the numbers are in docs/text-safety.md):

- a width or count given to what pads or batches (`center()`, `ljust()`, `|indent`, `|batch`,
  `|slice`, a `%*s` or `{:{}}` width) is at most `MAX_ARGUMENT`;
- `*` repeats text or a list only to `MAX_ITEMS` items, `**` takes a small exponent, a `%` or
  `.format()` pattern names no width or precision of more than six digits, and `join` and
  `replace` make at most `MAX_ITEMS` characters;
- `range()` gives at most `MAX_RANGE_TOTAL` numbers over a whole render;
- the page itself is at most `MAX_OUTPUT` characters; and running out of memory, or a template
  that includes itself, is a one-line error (rendering/templating.py).

This bounds the ways a template can ask for a lot in one step. It is not a guarantee: a
templates directory is still someone else's program, which cannot read files or reach Python,
but may find another way to make a render slow.
"""

from __future__ import annotations

import functools
import re
import types
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment

MAX_ARGUMENT = 10_000  # a width, a count: what center(), ljust(), indent(), batch() and slice() make
MAX_ITEMS = 1_000_000
MAX_EXPONENT = 256
MAX_RANGE_TOTAL = 2_000_000
MAX_OUTPUT = 100_000_000  # characters; a real report is a few megabytes with its images
_SIZED_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
_SIZED_FILTERS = frozenset({"center", "indent", "batch", "slice"})
_FORMAT_FIELD = re.compile(r"%[^a-zA-Z%]*|\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}")  # %-flags, or {field:spec}
_HUGE_NUMBER = re.compile(r"\d{7,}")
# What range() may still give in the render under way. Kept per render, not per environment, since an
# environment is reused for many renders (assess/rendering/environments.py), and per thread of control,
# since two may render at once; `bounded_render` gives each render the whole budget.
_range_left: ContextVar[int] = ContextVar("range_left", default=MAX_RANGE_TOTAL)


def limits() -> tuple[int, ...]:
    """The limits in force, part of what a cached environment is found by."""
    return MAX_ARGUMENT, MAX_ITEMS, MAX_EXPONENT, MAX_RANGE_TOTAL, MAX_OUTPUT


class BoundedSandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = self._range
        self.globals.pop("lipsum", None)  # placeholder text, up to any length: no report needs it
        for name in _SIZED_FILTERS & set(self.filters):
            self.filters[name] = _bounded_filter(name, self.filters[name])
        for name in ("join", "replace"):
            self.filters[name] = _checked_filter(name, self.filters[name])

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise SecurityError(f"range() of {len(numbers)} numbers; at most {MAX_RANGE}")
        left = _range_left.get() - len(numbers)
        _range_left.set(left)
        if left < 0:
            raise SecurityError(f"range() gave more than {MAX_RANGE_TOTAL} numbers in all; loops nested too deep")
        return numbers

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(__obj, types.BuiltinMethodType) and isinstance(__obj.__self__, str):
            _check_str_method(__obj.__self__, __obj.__name__, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"an exponent of {right}; at most {MAX_EXPONENT}")
        elif operator == "%" and isinstance(left, str):
            _check_pattern(left, right if isinstance(right, tuple) else (right,), {})
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        pattern = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            _check_pattern(pattern, args, kwargs)
            return wrapped(*args, **kwargs)

        return checked


def bounded_render(chunks: Iterator[str]) -> str:
    """The page from a template's generate(), stopped at MAX_OUTPUT characters, with range()'s whole
    budget (the template runs as the chunks are drawn, so here)."""
    parts: list[str] = []
    total = 0
    budget = _range_left.set(MAX_RANGE_TOTAL)
    try:
        for chunk in chunks:
            total += len(chunk)
            if total > MAX_OUTPUT:
                raise SecurityError(f"the page is longer than {MAX_OUTPUT} characters")
            parts.append(chunk)
    finally:
        _range_left.reset(budget)
    return "".join(parts)


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose arguments after the value (a width, a count) are bounded."""
    value_at = 1 if hasattr(function, "jinja_pass_arg") else 0  # after the context or environment

    @functools.wraps(function)  # keeps Jinja's pass_context / pass_environment mark
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check_sizes(f"the filter '{name}'", args[value_at + 1:], kwargs)
        return function(*args, **kwargs)

    return bounded


def _checked_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """`join` and `replace`, checked as the str methods of the same names are."""
    value_at = 1 if hasattr(function, "jinja_pass_arg") else 0

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        value, rest = args[value_at], args[value_at + 1:]
        if name == "join" and isinstance(value, list | tuple):
            separator = rest[0] if rest else kwargs.get("d", "")
            _check_str_method(str(separator), "join", (value,), {})
        elif name == "replace" and isinstance(value, str):
            _check_str_method(value, "replace", rest, kwargs)
        return function(*args, **kwargs)

    return checked


def _check_sizes(what: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ARGUMENT:
            raise SecurityError(f"{value} passed to {what}; a width or count is at most {MAX_ARGUMENT}")


def _content(item: Any) -> int:
    return len(item) if isinstance(item, str | list | tuple | dict) else 1


def _check_repeat(sequence: Any, times: Any) -> None:
    """Counts what the items hold too: `['x' * 10**6] * 10**6` is a million references to one text,
    which a filter would then copy out a million times."""
    if not (isinstance(sequence, str | list | tuple) and isinstance(times, int) and times > 1):
        return
    size = len(sequence) if isinstance(sequence, str) else sum(_content(item) for item in sequence)
    if size * times > MAX_ITEMS:
        raise SecurityError(f"repeating {len(sequence)} items {times} times; at most {MAX_ITEMS} items")


def _check_str_method(text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if name in _SIZED_METHODS:
        _check_sizes(f"{name}()", args, kwargs)
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        grows = text.count(args[0]) * max(len(args[1]) - len(args[0]), 0) if args[0] else len(text) * len(args[1])
        if len(text) + grows > MAX_ITEMS:
            raise SecurityError(f"replace() would make a text of more than {MAX_ITEMS} characters")
    elif name == "join" and args and isinstance(args[0], list | tuple):
        size = len(text) * len(args[0]) + sum(_content(a) for a in args[0])
        if size > MAX_ITEMS:
            raise SecurityError(f"join() would make a text of more than {MAX_ITEMS} characters")


def _check_pattern(pattern: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """A `%` or `.format()` pattern: no seven-digit width or precision, and where a width is taken from
    the values (`%*s`, `{:{}}`), no value above MAX_ARGUMENT."""
    fields = _FORMAT_FIELD.findall(pattern)
    if any(_HUGE_NUMBER.search(field) for field in fields):
        raise SecurityError("a format with a width or precision of more than six digits")
    if any("*" in field or field.count("{") > 1 for field in fields):
        _check_sizes("a format", args, kwargs)
