"""`when:` expressions: a small, sandboxed Jinja2 expression language over earlier answers.

Frameworks come from third parties, so an expression is treated as hostile:
- it runs in Jinja2's immutable sandbox with no globals, so it cannot reach Python
  internals (`__class__`, `__globals__`, ...) or mutate anything;
- it may not call functions or methods at all (checked before it ever runs), and
  only a short list of filters exists, so nothing can read files or allocate
  unbounded memory (`'x'.ljust(10**9)`);
- `**` and `%` on text (printf-style formatting, `'%999999999s' % x`) are refused, and
  every operation that builds text or a list is capped: `*` on text or lists (counting the
  items of nested lists too), `*` on whole numbers (by their bits), `+`, `~`, slices and the
  `join`, `lower`, `upper` and `trim` filters (an answer may be long text), and `min`, `max`,
  `int` and `float`, which read all their input, and `in` on text or lists;
- it may nest at most MAX_NESTING levels deep, so parsing and compiling stay shallow;
- it may only name questions (and other frameworks' namespaces) it is given.

With no loops, no calls, at most MAX_EXPRESSION_LENGTH characters and every value it can
build capped, a condition's work is bounded by its length; docs/limits.md gives the figures.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from jinja2 import ChainableUndefined, nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.filters import FILTERS
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_EXPRESSION_LENGTH = 1000
MAX_NESTING = 50  # levels of the parsed expression; converted AIA conditions use 13
MAX_REPEAT_LENGTH = 10_000  # items (characters, list items, nested items) a `*` may build
MAX_BUILT_LENGTH = 100_000  # characters or items `+`, `~`, a slice or a filter may build
MAX_PRODUCT_BITS = 10_000  # bits a product of whole numbers may have (about 3,000 digits)
MAX_SCANNED = 1_000  # characters or items `min`, `max`, `int`, `float` and `join` may read
SAFE_FILTERS = ("length", "lower", "upper", "trim", "int", "float", "abs", "round", "default", "first", "last",
                "min", "max", "join", "count")


class ConditionError(Exception):
    """An expression that is malformed or uses something the sandbox forbids."""

    def __init__(self, message: str, column: int = 0) -> None:
        super().__init__(message)
        self.column = column  # 0-based offset within the expression, where known


class _ConditionEnvironment(ImmutableSandboxedEnvironment):
    # Intercepted operators are also never folded at compile time, so `validate` cannot be
    # made to build a huge constant either.
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "+":
            if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
                _refuse_longer(_items(left, MAX_BUILT_LENGTH) + _items(right, MAX_BUILT_LENGTH), "+")
            return operator.add(left, right)
        if operator_name == "**":
            raise SecurityError("the ** operator is not allowed in conditions")
        if operator_name == "%":
            if isinstance(left, str | bytes):
                raise SecurityError("formatting text with % is not allowed in conditions")
            return operator.mod(left, right)
        sized = next((x for x in (left, right) if isinstance(x, str | list | tuple)), None)
        count = right if sized is left else left
        built = count * _items(sized, MAX_REPEAT_LENGTH) if isinstance(count, int) else 0
        if sized is not None and built > MAX_REPEAT_LENGTH:
            raise SecurityError("repetition too large in condition")
        if _is_whole(left) and _is_whole(right) and left.bit_length() + right.bit_length() > MAX_PRODUCT_BITS:
            raise SecurityError("number too large in condition")
        return operator.mul(left, right)

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        raise SecurityError("calls are not allowed in conditions")

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(argument, slice) and hasattr(obj, "__len__"):
            _refuse_longer(len(range(*argument.indices(len(obj)))), "a slice")
        return super().getitem(obj, argument)

    def contains(self, container: Any, item: Any) -> bool:
        """`item in container`, refusing to search text or a list longer than MAX_BUILT_LENGTH
        (a 5 MiB answer searched a hundred times over is a second's work)."""
        if isinstance(container, str | bytes | list | tuple) and len(container) > MAX_BUILT_LENGTH:
            raise SecurityError(f"in would search more than {MAX_BUILT_LENGTH} characters or items")
        return item in container

    def bounded_concat(self, values: tuple[Any, ...]) -> str:
        """`a ~ b ~ ...`, refusing to build more than MAX_BUILT_LENGTH characters."""
        pieces = [str(value) for value in values]
        _refuse_longer(sum(len(piece) for piece in pieces), "~")
        return "".join(pieces)


class _ConditionCodeGenerator(CodeGenerator):
    """Jinja's code generator, with `~`, `in` and slices (which Jinja runs directly, bypassing
    the sandbox) routed through the environment's bounded versions."""

    @optimizeconst
    def visit_Compare(self, node: nodes.Compare, frame: Frame) -> None:
        if not any(op.op in ("in", "notin") for op in node.ops):
            super().visit_Compare(node, frame)
            return
        (operand,) = node.ops  # `_check` refuses `in` chained with other comparisons
        self.write("(not " if operand.op == "notin" else "(")
        self.write("environment.contains(")
        self.visit(operand.expr, frame)
        self.write(", ")
        self.visit(node.expr, frame)
        self.write("))")

    def visit_Getitem(self, node: nodes.Getitem, frame: Frame) -> None:
        if not isinstance(node.arg, nodes.Slice):
            super().visit_Getitem(node, frame)
            return
        self.write("environment.getitem(")
        self.visit(node.node, frame)
        self.write(", slice(")
        for i, part in enumerate((node.arg.start, node.arg.stop, node.arg.step)):
            self.write(", " if i else "")
            if part is None:
                self.write("None")
            else:
                self.visit(part, frame)
        self.write("))")

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def _refuse_longer(length: int, what: str) -> None:
    if length > MAX_BUILT_LENGTH:
        raise SecurityError(f"{what} would build more than {MAX_BUILT_LENGTH} characters or items")


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _items(value: Any, cap: int) -> int:
    """The characters and items `value` holds, nested lists counted in full (a list of one
    list of 10,000 items holds 10,001), counting no further than just past `cap`."""
    total, stack = 0, [value]
    while stack and total <= cap:
        item = stack.pop()
        if isinstance(item, str | bytes):
            total += len(item)
        elif isinstance(item, list | tuple | dict):
            total += len(item)
            stack.extend(item.values() if isinstance(item, dict) else item)
    return total


def _bounded_join(value: Any, separator: str = "", attribute: Any = None) -> str:
    """Jinja's `join`, refusing to build more than MAX_BUILT_LENGTH characters (the result's
    length is the items' times the separator's, so it could otherwise multiply sizes)."""
    if attribute is not None:
        raise SecurityError("join by attribute is not allowed in conditions")
    if hasattr(value, "__len__") and len(value) > MAX_SCANNED:  # it steps through them in Python
        raise SecurityError(f"join would read more than {MAX_SCANNED} characters or items")
    separator = str(separator)
    pieces: list[str] = []
    total = 0
    for item in value:
        piece = str(item)
        total += len(piece) + (len(separator) if pieces else 0)
        _refuse_longer(total, "join")
        pieces.append(piece)
    return separator.join(pieces)


def _bounded_filter(name: str, cap: int) -> Callable[..., Any]:
    """A filter refusing input of more than `cap` characters or items: `lower`, `upper` and
    `trim` copy their input, `min` and `max` step through it in Python (half a microsecond an
    item: 2.5 s for a 5 MiB answer), and `int` and `float` take 50 ms over a 5 MiB answer."""
    original = FILTERS[name]
    passed = getattr(original, "jinja_pass_arg", None)  # `min` and `max` take the environment first
    value_at = 0 if passed is None else 1

    def bounded(*args: Any, **kwargs: Any) -> Any:
        if _items(args[value_at], cap) > cap:
            raise SecurityError(f"{name} would read more than {cap} characters or items")
        return original(*args, **kwargs)

    if passed is not None:
        bounded.jinja_pass_arg = passed  # type: ignore[attr-defined]
    return bounded


def _environment() -> _ConditionEnvironment:
    env = _ConditionEnvironment(undefined=ChainableUndefined, autoescape=False)
    env.code_generator_class = _ConditionCodeGenerator
    env.globals.clear()
    env.filters = {name: FILTERS[name] for name in SAFE_FILTERS}
    env.filters["join"] = _bounded_join
    env.filters.update({name: _bounded_filter(name, MAX_BUILT_LENGTH) for name in ("lower", "upper", "trim")})
    env.filters.update({name: _bounded_filter(name, MAX_SCANNED) for name in ("min", "max", "int", "float")})
    env.tests["in"] = lambda value, seq: env.contains(seq, value)
    return env


_ENV = _environment()


@dataclass(frozen=True)
class Reference:
    """A name an expression reads: a bare question id, or `namespace.question`."""

    namespace: str | None
    name: str


@dataclass(frozen=True)
class Condition:
    source: str
    references: tuple[Reference, ...]
    _run: Callable[..., Any]

    def holds(self, context: Mapping[str, Any]) -> bool:
        """Whether the expression is true for these answers. One that cannot be evaluated
        (say, comparing an unanswered question with a number) counts as false."""
        try:
            return bool(self._run(**context))
        except Exception:  # noqa: BLE001 - any failure of a hostile expression means "not shown"
            return False


def namespace_name(framework_id: str) -> str:
    """How another framework's answers are named in an expression: hyphens become underscores."""
    return framework_id.replace("-", "_")


def answers_namespace(values: Mapping[str, Any]) -> SimpleNamespace:
    return SimpleNamespace(**values)


@functools.lru_cache(maxsize=4096)
def compile_condition(source: str) -> Condition:
    if len(source) > MAX_EXPRESSION_LENGTH:
        raise ConditionError(f"expression longer than {MAX_EXPRESSION_LENGTH} characters")
    try:
        parser = Parser(_ENV, source, state="variable")
        tree = parser.parse_expression()
        if not parser.stream.eos:
            token = parser.stream.current
            raise ConditionError(f"unexpected '{token.value}' after the expression")
    except TemplateSyntaxError as exc:
        raise ConditionError(f"invalid expression: {exc.message}") from None
    except RecursionError:  # the parser recurses once per bracket or prefix operator
        raise ConditionError(f"expression nested more than {MAX_NESTING} levels deep") from None
    if _depth(tree) > MAX_NESTING:
        raise ConditionError(f"expression nested more than {MAX_NESTING} levels deep")
    references = _check(tree)
    try:
        run = _ENV.compile_expression(source, undefined_to_none=True)
    except TemplateSyntaxError as exc:  # pragma: no cover - the parser above accepted it
        raise ConditionError(f"invalid expression: {exc.message}") from None
    return Condition(source, references, run)


def _depth(tree: nodes.Node) -> int:
    """Levels in the tree, counted without recursion (a hostile tree may be deep)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > MAX_NESTING:
            break
        stack.extend((child, level + 1) for child in node.iter_child_nodes())
    return deepest


def _check(tree: nodes.Node) -> tuple[Reference, ...]:
    found: list[Reference] = []
    every = [tree, *tree.find_all(nodes.Node)]  # find_all skips the root itself
    for node in every:
        if isinstance(node, nodes.Call):
            raise ConditionError("function and method calls are not allowed in conditions")
        if isinstance(node, nodes.Pow):
            raise ConditionError("the ** operator is not allowed in conditions")
        if isinstance(node, nodes.Compare) and len(node.ops) > 1 and any(o.op in ("in", "notin") for o in node.ops):
            raise ConditionError("'in' cannot be chained with other comparisons; join them with 'and'")
        if isinstance(node, nodes.Mod) and isinstance(node.left, nodes.Const) and isinstance(node.left.value, str):
            raise ConditionError("formatting text with % is not allowed in conditions")
        if isinstance(node, nodes.Mul) and _constant_repeat(node.left, node.right) > MAX_REPEAT_LENGTH:
            raise ConditionError(f"repetition builds more than {MAX_REPEAT_LENGTH} items")
        if isinstance(node, nodes.Filter) and node.name not in SAFE_FILTERS:
            raise ConditionError(f"filter '{node.name}' is not allowed; allowed: {', '.join(SAFE_FILTERS)}")
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            attr = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
            if isinstance(attr, str) and attr.startswith("_"):
                raise ConditionError(f"attribute '{attr}' is not allowed")
    # A name is either a question (bare) or a framework namespace followed by `.question`.
    qualified = [n for n in every if isinstance(n, nodes.Getattr) and isinstance(n.node, nodes.Name)]
    found.extend(Reference(n.node.name, n.attr) for n in qualified)  # type: ignore[attr-defined]
    inner = {id(n.node) for n in qualified}
    found.extend(Reference(None, n.name) for n in every if isinstance(n, nodes.Name) and id(n) not in inner)
    return tuple(dict.fromkeys(found))


def _constant_repeat(left: nodes.Node, right: nodes.Node) -> int:
    """What `left * right` builds when one side is literal text or a list and the other a
    literal whole number (0 when it is not that shape): caught before anything runs."""
    for sized, count in ((left, right), (right, left)):
        if not (isinstance(count, nodes.Const) and _is_whole(count.value)):
            continue
        if isinstance(sized, nodes.Const) and isinstance(sized.value, str):
            return len(sized.value) * int(count.value)
        if isinstance(sized, nodes.List | nodes.Tuple):
            return len(sized.items) * int(count.value)
    return 0
