"""`when:` expressions: a small, sandboxed Jinja2 expression language over earlier answers.

Frameworks come from third parties, so an expression is treated as hostile:
- it runs in Jinja2's immutable sandbox with no globals, so it cannot reach Python
  internals (`__class__`, `__globals__`, ...) or mutate anything;
- it may not call functions or methods at all (checked before it ever runs), and
  only a short list of filters exists, so nothing can read files or allocate
  unbounded memory (`'x'.ljust(10**9)`);
- `**` is refused and `*` on text or lists is capped, for the same reason;
- it may only name questions (and other frameworks' namespaces) it is given.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from jinja2 import ChainableUndefined, nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.filters import FILTERS
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_EXPRESSION_LENGTH = 1000
MAX_REPEAT_LENGTH = 10_000
SAFE_FILTERS = ("length", "lower", "upper", "trim", "int", "float", "abs", "round", "default", "first", "last",
                "min", "max", "join", "count")


class ConditionError(Exception):
    """An expression that is malformed or uses something the sandbox forbids."""

    def __init__(self, message: str, column: int = 0) -> None:
        super().__init__(message)
        self.column = column  # 0-based offset within the expression, where known


class _ConditionEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            raise SecurityError("the ** operator is not allowed in conditions")
        sized = next((x for x in (left, right) if isinstance(x, str | list | tuple)), None)
        count = right if sized is left else left
        if sized is not None and isinstance(count, int) and len(sized) * count > MAX_REPEAT_LENGTH:
            raise SecurityError("repetition too large in condition")
        return operator.mul(left, right)

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        raise SecurityError("calls are not allowed in conditions")


def _environment() -> _ConditionEnvironment:
    env = _ConditionEnvironment(undefined=ChainableUndefined, autoescape=False)
    env.globals.clear()
    env.filters = {name: FILTERS[name] for name in SAFE_FILTERS}
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
    references = _check(tree)
    try:
        run = _ENV.compile_expression(source, undefined_to_none=True)
    except TemplateSyntaxError as exc:  # pragma: no cover - the parser above accepted it
        raise ConditionError(f"invalid expression: {exc.message}") from None
    return Condition(source, references, run)


def _check(tree: nodes.Node) -> tuple[Reference, ...]:
    found: list[Reference] = []
    every = [tree, *tree.find_all(nodes.Node)]  # find_all skips the root itself
    for node in every:
        if isinstance(node, nodes.Call):
            raise ConditionError("function and method calls are not allowed in conditions")
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
