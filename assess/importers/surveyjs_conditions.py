"""SurveyJS `visibleIf` expressions, translated into our sandboxed `when` expressions.

Supported: `{name}` variables; quoted strings, numbers, `true`/`false` and `[...]` arrays;
`=` `==` `!=` `<>` `>` `<` `>=` `<=`, `contains`, `notcontains`, `anyof`, `allof`,
`empty`, `notempty`, `and` `&&`, `or` `||`, `!` and parentheses.

Each comparison keeps SurveyJS's meaning (its `OperandMaker.binaryFunctions`):
- on a single-choice question, the right side is tested against every choice's *original*
  value (`contains` is then a substring test: `"item2-0" contains "item2"` holds), and the
  comparison becomes membership in the choices for which it holds, written with our values;
- on a multi-choice question, `contains x` is membership of x in the chosen list (every
  element, for an array), `anyof` any of them, `allof` all of them;
- on text, `contains` is a substring test;
- an unanswered question is empty: `=` is false, `!=` and `notcontains` are true.
Differences, where they could matter: strings compare exactly (newer SurveyJS releases
ignore case and surrounding spaces), and "Don't know" behaves as unanswered.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


class ExpressionError(Exception):
    pass


@dataclass
class QuestionInfo:
    """What translation needs to know about a question an expression names."""

    id: str
    kind: str  # "single" | "multi" | "text" | "number"
    values: dict[str, str] = field(default_factory=dict)  # original value (as JavaScript prints it) -> ours


# --------------------------------------------------------------------------- parsing

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<var>\{[^{}]*\})
      | (?P<str>'[^']*'|"[^"]*")
      | (?P<num>-?\d+(?:\.\d+)?(?![\w.-]))
      | (?P<op><=|>=|!=|<>|==|&&|\|\||[=<>!()\[\],])
      | (?P<word>[A-Za-z_][\w.-]*)
    )""",
    re.X,
)
_COMPARE = {
    "=": "equal", "==": "equal", "equal": "equal", "!=": "notequal", "<>": "notequal", "notequal": "notequal",
    ">": "greater", "greater": "greater", "<": "less", "less": "less", ">=": "greaterorequal",
    "greaterorequal": "greaterorequal", "<=": "lessorequal", "lessorequal": "lessorequal",
    "contains": "contains", "contain": "contains", "*=": "contains", "notcontains": "notcontains",
    "notcontain": "notcontains", "anyof": "anyof", "allof": "allof",
}
_POSTFIX = {"empty": "empty", "notempty": "notempty"}


@dataclass
class Var:
    name: str


@dataclass
class Const:
    value: Any  # str, float, bool or list of those


@dataclass
class Compare:
    op: str
    left: Var | Const
    right: Var | Const | None  # None for empty / notempty


@dataclass
class Logic:
    op: str  # "and" | "or"
    parts: list[Node]


@dataclass
class Not:
    inner: Node


Node = Compare | Logic | Not | Var | Const


def tokenize(source: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    at = 0
    while at < len(source):
        if not source[at:].strip():
            break
        match = _TOKEN.match(source, at)
        if match is None or match.end() == at:
            raise ExpressionError(f"cannot read the expression at '{source[at:].strip()[:20]}'")
        kind = match.lastgroup
        assert kind is not None
        tokens.append((kind, match.group(kind)))
        at = match.end()
    return tokens


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.at = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def word(self) -> str | None:
        token = self.peek()
        if token is None:
            return None
        return token[1].lower() if token[0] in ("word", "op") else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise ExpressionError("the expression ends too early")
        self.at += 1
        return token

    def parse(self) -> Node:
        node = self.or_expr()
        if self.peek() is not None:
            raise ExpressionError(f"unexpected '{self.peek()[1]}'")  # type: ignore[index]
        return node

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while self.word() in ("or", "||"):
            self.take()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Logic("or", parts)

    def and_expr(self) -> Node:
        parts = [self.unary()]
        while self.word() in ("and", "&&"):
            self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else Logic("and", parts)

    def unary(self) -> Node:
        if self.word() in ("!", "not", "negate"):
            self.take()
            return Not(self.unary())
        return self.comparison()

    def comparison(self) -> Node:
        left = self.operand()
        op = self.word()
        if op in _POSTFIX:
            self.take()
            if not isinstance(left, Var | Const):
                raise ExpressionError(f"'{op}' needs a value on its left")
            return Compare(_POSTFIX[op], left, None)
        if op in _COMPARE:
            self.take()
            right = self.operand()
            if not isinstance(left, Var | Const) or not isinstance(right, Var | Const):
                raise ExpressionError(f"'{op}' compares values, not conditions")
            return Compare(_COMPARE[op], left, right)
        return left

    def operand(self) -> Node:
        kind, text = self.take()
        if kind == "op" and text == "(":
            inner = self.or_expr()
            if self.take()[1] != ")":
                raise ExpressionError("a '(' is not closed")
            return inner
        if kind == "op" and text == "[":
            items: list[Any] = []
            while self.peek() is not None and self.peek()[1] != "]":  # type: ignore[index]
                item = self.operand()
                if not isinstance(item, Const) or isinstance(item.value, list):
                    raise ExpressionError("an array holds plain values only")
                items.append(item.value)
                if self.peek() is not None and self.peek()[1] == ",":  # type: ignore[index]
                    self.take()
            if self.take()[1] != "]":
                raise ExpressionError("a '[' is not closed")
            return Const(items)
        if kind == "var":
            name = text[1:-1].strip()
            if not name or any(c in name for c in ".[]$"):
                raise ExpressionError(f"variable '{text}' is not supported: only plain question names are")
            return Var(name)
        if kind == "str":
            return Const(text[1:-1])
        if kind == "num":
            return Const(float(text))
        if kind == "word":
            lowered = text.lower()
            if lowered in ("true", "false"):
                return Const(lowered == "true")
            if lowered in _COMPARE or lowered in _POSTFIX or lowered in ("and", "or", "not"):
                raise ExpressionError(f"'{text}' needs a value before it")
            return Const(text)  # SurveyJS reads an unquoted word as text
        raise ExpressionError(f"unexpected '{text}'")


def parse(source: str) -> Node:
    return _Parser(source).parse()


def variables(node: Node) -> list[str]:
    if isinstance(node, Var):
        return [node.name]
    if isinstance(node, Compare):
        return variables(node.left) + (variables(node.right) if node.right is not None else [])
    if isinstance(node, Logic):
        return [name for part in node.parts for name in variables(part)]
    if isinstance(node, Not):
        return variables(node.inner)
    return []


# --------------------------------------------------------------------------- SurveyJS's semantics


def js_string(value: Any) -> str:
    """A value as JavaScript's String() prints it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return str(int(value))
        return repr(value)
    if isinstance(value, list):
        return ",".join(js_string(v) for v in value)
    return str(value)


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value)) if str(value).strip() else None
    except ValueError:
        return None


def _equal(left: Any, right: Any) -> bool:
    if _is_empty(left) or _is_empty(right):
        return _is_empty(left) and _is_empty(right)
    a, b = _number(left), _number(right)
    if a is not None and b is not None:
        return a == b
    return js_string(left) == js_string(right)


def _contains(left: Any, right: Any, wanted: bool) -> bool:
    """SurveyJS's containsCore for a single value on the left: a substring test."""
    if _is_empty(left) and left != "":
        return False
    text = js_string(left)
    if _is_empty(right) or right is False:
        return False
    found = js_string(right) in text
    return found if wanted else not found


def _single(op: str, left: Any, right: Any) -> bool:
    """One comparison, as SurveyJS makes it, with a single value (or nothing) on the left."""
    if op == "equal":
        return _equal(left, right)
    if op == "notequal":
        return not _equal(left, right)
    if op == "contains":
        return _contains(left, right, True)
    if op == "notcontains":
        if _is_empty(left) and not _is_empty(right):
            return True
        return _contains(left, right, False)
    if op == "anyof":
        if _is_empty(left):
            return _is_empty(right)
        if _is_empty(right):
            return True
        items = right if isinstance(right, list) else [right]
        return any(_equal(left, item) for item in items) if isinstance(right, list) else _contains(right, left, True)
    if op == "allof":
        if _is_empty(left):
            return _is_empty(right)
        items = right if isinstance(right, list) else [right]
        return all(_contains(left, item, True) for item in items)
    if op == "empty":
        return _is_empty(left)
    if op == "notempty":
        return not _is_empty(left)
    if left is None or right is None:
        return False
    a, b = _number(left), _number(right)
    pair: tuple[Any, Any] = (a, b) if a is not None and b is not None else (js_string(left), js_string(right))
    compare: dict[str, Callable[[Any, Any], bool]] = {
        "greater": lambda x, y: x > y, "less": lambda x, y: x < y,
        "greaterorequal": lambda x, y: x >= y, "lessorequal": lambda x, y: x <= y,
    }
    return compare[op](*pair)


# --------------------------------------------------------------------------- translation


def literal(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return js_string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


_FLIP = {"greater": "less", "less": "greater", "greaterorequal": "lessorequal", "lessorequal": "greaterorequal",
         "equal": "equal", "notequal": "notequal"}


def translate(source: str, questions: Mapping[str, QuestionInfo]) -> str:
    """The `when` expression for a SurveyJS expression; ExpressionError when it cannot be."""
    return _emit(parse(source), questions, top=True)


def _lookup(name: str, questions: Mapping[str, QuestionInfo]) -> QuestionInfo:
    if name in questions:
        return questions[name]
    folded = {k.lower(): v for k, v in questions.items()}  # SurveyJS names are case-insensitive here
    if name.lower() in folded:
        return folded[name.lower()]
    raise ExpressionError(f"'{{{name}}}' is not an earlier question")


def _emit(node: Node, questions: Mapping[str, QuestionInfo], top: bool = False) -> str:
    if isinstance(node, Logic):
        parts = [_emit(p, questions) for p in node.parts]
        text = f" {node.op} ".join(parts)
        return text if top else f"({text})"
    if isinstance(node, Not):
        return f"not {_emit(node.inner, questions)}"
    if isinstance(node, Var):
        info = _lookup(node.name, questions)
        return _compare("notempty", info, None)
    if isinstance(node, Const):
        return "true" if node.value not in (False, "", None, 0.0, []) else "false"
    left, right, op = node.left, node.right, node.op
    if isinstance(left, Const) and isinstance(right, Var) and op in _FLIP:
        left, right, op = right, left, _FLIP[op]
    if not isinstance(left, Var):
        raise ExpressionError("a comparison must name a question on one side")
    if isinstance(right, Var):
        raise ExpressionError("comparing two questions with each other is not supported")
    info = _lookup(left.name, questions)
    return _compare(op, info, right.value if right is not None else None)


def _compare(op: str, info: QuestionInfo, right: Any) -> str:
    name = info.id
    if info.kind == "single":
        return _over_choices(op, info, right)
    if info.kind == "multi":
        return _over_list(op, info, right)
    if op in ("empty", "notempty"):
        empty = f"{name} in [none, '']"
        return empty if op == "empty" else f"{name} not in [none, '']"
    if op in ("equal", "notequal"):
        sign = "==" if op == "equal" else "!="
        value = right if info.kind == "text" or not isinstance(right, str) else _number(right)
        return f"{name} {sign} {literal(value)}"
    if info.kind == "text" and op in ("contains", "notcontains"):
        word = "in" if op == "contains" else "not in"
        return f"{literal(js_string(right))} {word} ({name} or '')"
    if info.kind == "number" and op in ("greater", "less", "greaterorequal", "lessorequal"):
        sign = {"greater": ">", "less": "<", "greaterorequal": ">=", "lessorequal": "<="}[op]
        number = _number(right)
        if number is None:
            raise ExpressionError(f"'{name}' is a number; it cannot be compared with {literal(right)}")
        return f"({name} is not none and {name} {sign} {literal(number)})"
    raise ExpressionError(f"'{op}' on the {info.kind} question '{name}' is not supported")


def _over_choices(op: str, info: QuestionInfo, right: Any) -> str:
    """A single-choice question has finitely many answers: evaluate the comparison on each
    original value (and on no answer), and write the result as membership."""
    holds = [ours for original, ours in info.values.items() if _single(op, original, right)]
    others = [ours for ours in info.values.values() if ours not in holds]
    name = info.id
    if _single(op, None, right):  # true when unanswered: say which answers make it false
        if not others:
            return "true"
        return f"{name} != {literal(others[0])}" if len(others) == 1 else f"{name} not in {literal(others)}"
    if not holds:
        return "false"
    return f"{name} == {literal(holds[0])}" if len(holds) == 1 else f"{name} in {literal(holds)}"


def _over_list(op: str, info: QuestionInfo, right: Any) -> str:
    name = info.id
    chosen = f"({name} or [])"
    items = right if isinstance(right, list) else [right]
    mapped = [info.values.get(js_string(item)) for item in items]

    def member(value: str | None, present: bool) -> str:
        if value is None:  # not a choice: never chosen
            return "false" if present else "true"
        return f"{literal(value)} {'in' if present else 'not in'} {chosen}"

    def join(parts: list[str], word: str) -> str:
        return parts[0] if len(parts) == 1 else "(" + f" {word} ".join(parts) + ")"

    if op in ("empty", "notempty"):
        return f"not {name}" if op == "empty" else f"{name} not in [none, []]"
    if op == "contains" or op == "allof":
        return join([member(v, True) for v in mapped], "and")
    if op == "notcontains":
        return join([member(v, False) for v in mapped], "or")
    if op == "anyof":
        return join([member(v, True) for v in mapped], "or")
    if op in ("equal", "notequal") and isinstance(right, list):
        if any(v is None for v in mapped):
            same = "false"
        else:
            same = join([f"{chosen} | length == {len(set(mapped))}"] + [member(v, True) for v in mapped], "and")
        return same if op == "equal" else f"not {same}"
    if op in ("equal", "notequal"):  # a list never equals a single value
        return "false" if op == "equal" else "true"
    raise ExpressionError(f"'{op}' on the multi-choice question '{name}' is not supported")
