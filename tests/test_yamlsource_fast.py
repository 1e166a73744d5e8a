"""The fast path of yamlsource (data straight from the parser's events) against the node graph it stands in for.

Every document must come out the same both ways: the same data (types and key order included), the same
positions of values and keys, and the same errors with the same lines and columns. The fast path only takes
the common file and hands anything else to the node graph, so the targeted tests below check each thing that
makes it hand over, and that the common file really is read by it.
"""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess import yamlsource
from assess.errors import AssessError
from assess.yamlsource import MAX_DEPTH, parse_document

# Plain scalars of every kind the resolver knows, and the YAML 1.1 words that stay text here.
PLAIN = [
    "yes", "no", "on", "off", "y", "n", "true", "True", "FALSE", "false", "null", "Null", "~", "",
    "0", "1", "-1", "+7", "007", "0x1F", "0o17", "017", "0b101", "1_000", "1:30", "190:20:30", "-0",
    "3.14", "-2.5e3", "1e3", "6.8523015e+5", ".5", "1.", ".inf", "-.Inf", "+.INF", ".nan", ".NaN",
    "2026-05-21", "2026-5-1", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",
    "abc", "hello world", "a-b_c.d", "été", "日本語", "emoji 🙂", "x: y", "1.2.3", "0x", "dont_know",
    "http://example.org/a?b=c", "a'b", 'say "hi"', "1 2", "null value", "trueish",
]
# What makes the fast path hand a document to the node graph.
ODD = ["&a 1", "*a", "!!str 1", "!!int 3", "!custom x", "! x", "<<", "=", "!!binary aGk=", "!!timestamp 2026-01-01"]

KEYS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_0123456789", min_size=1, max_size=6)


def _single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _scalars(odd: bool) -> st.SearchStrategy[str]:
    # Text YAML allows (control characters and lone surrogates are refused, so are left to the odd documents).
    free_text = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12)
    kinds = [
        st.sampled_from(PLAIN),
        st.sampled_from(PLAIN).map(_single),
        st.sampled_from(PLAIN).map(lambda t: json.dumps(t, ensure_ascii=False)),
        free_text.map(_single),
        free_text.map(lambda t: json.dumps(t, ensure_ascii=False)),
        st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs", "Co")), max_size=12).map(json.dumps),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
        st.floats(allow_nan=False).map(repr),
    ]
    if odd:
        anything = st.text(st.characters(exclude_categories=("Cs", "Co")), max_size=12)
        kinds += [st.sampled_from(ODD), anything, anything.map(json.dumps)]  # syntax errors included
    return st.one_of(kinds)


def _flow(odd: bool) -> st.SearchStrategy[str]:
    scalar = _scalars(odd).filter(lambda s: not s.startswith(("#", "%", "@", "`")) and "\n" not in s)
    flow_scalar = scalar.filter(lambda s: s[:1] in ("'", '"') or not any(c in s for c in ",[]{}:#"))
    return st.recursive(
        flow_scalar,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
            st.lists(st.tuples(KEYS, inner), max_size=4, unique_by=lambda kv: kv[0]).map(
                lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"),
        ),
        max_leaves=8,
    )


COMMENTS = st.sampled_from(["", "", "", "  # a comment", " # é 🙂", "    #"])


@st.composite
def _block(draw: st.DrawFn, indent: int, odd: bool, depth: int = 0) -> list[str]:
    """A block mapping's lines at `indent`, its values scalars, flow collections, block scalars, lists or
    further mappings; comments and blank lines between."""
    pad = " " * indent
    lines: list[str] = []
    keys = draw(st.lists(KEYS, min_size=1, max_size=5, unique=True))
    if odd and draw(st.booleans()):
        keys.append(draw(st.sampled_from(keys)))  # a duplicate key
    for key in keys:
        shown = draw(st.sampled_from([key, key, _single(key), json.dumps(key)]))
        choice = draw(st.integers(0, 6 if depth < 3 else 3))
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", pad + "# between", "#top"])))
        if choice <= 1:
            lines.append(f"{pad}{shown}: {draw(_scalars(odd))}{draw(COMMENTS)}")
        elif choice == 2:
            lines.append(f"{pad}{shown}: {draw(_flow(odd))}{draw(COMMENTS)}")
        elif choice == 3:
            style = draw(st.sampled_from(["|", ">", "|-", ">+", "|2"]))
            body = draw(st.lists(st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=10),
                                 min_size=1, max_size=3))
            lines.append(f"{pad}{shown}: {style}")
            lines += [f"{pad}  {line}" for line in body]
        elif choice == 4:
            lines.append(f"{pad}{shown}:{draw(COMMENTS)}")
            lines += draw(_block(indent + 2, odd, depth + 1))
        elif choice == 5:
            lines.append(f"{pad}{shown}:")
            for _ in range(draw(st.integers(1, 3))):
                lines.append(f"{pad}  - {draw(_scalars(odd))}")
        else:
            lines.append(f"{pad}{shown}:")
            nested = draw(_block(indent + 4, odd, depth + 1))
            lines.append(f"{pad}  - {nested[0].lstrip()}")  # a list of mappings, the first key beside the dash
            lines += nested[1:]
    return lines


def _documents(odd: bool) -> st.SearchStrategy[str]:
    block = _block(0, odd).map(lambda lines: "\n".join(lines) + "\n")
    flow = _flow(odd).map(lambda text: "top: " + text + "\n")
    whole_flow = st.lists(st.tuples(KEYS, _flow(odd)), min_size=1, max_size=4, unique_by=lambda kv: kv[0]).map(
        lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}\n")
    head = st.sampled_from(["", "", "---\n", "# heading\n", "%YAML 1.1\n---\n", "\ufeff"])
    tail = st.sampled_from(["", "", "...\n", "# end\n"] + (["---\nb: 2\n", "- x\n"] if odd else []))
    return st.tuples(head, st.one_of(block, flow, whole_flow), tail).map("".join)


def _outcome(text: str) -> tuple[Any, ...]:
    try:
        doc = parse_document(text.encode("utf-8"), "f.yaml")
    except AssessError as exc:
        return ("error", [str(d) for d in exc.diagnostics])
    return ("ok", repr(doc.data), doc.values, doc.keys)  # repr: 1, 1.0 and True told apart, NaN equal to NaN


def _composed_outcome(text: str) -> tuple[Any, ...]:
    with mock.patch.object(yamlsource, "_fast_data", lambda text: None):
        return _outcome(text)


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(_documents(odd=False))
def test_common_documents_take_the_fast_path_and_come_out_as_the_node_graph_gives_them(text: str) -> None:
    outcome = _outcome(text)
    assert outcome == _composed_outcome(text)
    # Without anchors, aliases, tags, merge keys or duplicate keys, a document that reads at all is read by
    # the fast path: the equality above is then a test of it, not of the fallback.
    if outcome[0] == "ok":
        assert yamlsource._fast_data(text.removeprefix("\ufeff")) is not None


@SETTINGS
@given(_documents(odd=True))
def test_odd_documents_and_errors_come_out_as_the_node_graph_gives_them(text: str) -> None:
    assert _outcome(text) == _composed_outcome(text)


# Each thing the fast path leaves to the node graph, with what the node graph gives for it (today's results).
FALLBACKS: list[tuple[str, Any]] = [
    ("a: &x 1\nb: *x\n", {"a": 1, "b": 1}),
    ("a: &x 1\n", {"a": 1}),
    ("a: &x 1\nb: &x 2\n", "f.yaml:2:4: error: YAML syntax: second occurrence (found duplicate anchor; "
                            "first occurrence that starts at line 1, column 4)"),
    ("a: *nowhere\n", "f.yaml:1:4: error: YAML syntax: found undefined alias"),
    ("a: !!str 1\n", {"a": "1"}),
    ("a: !!int '7'\n", {"a": 7}),
    ("a: ! 7\n", {"a": 7}),
    ("a: !custom x\n", "f.yaml:1:4: error: unsupported YAML tag '!custom' (only plain values are allowed)"),
    ("a: !!int x\n", "f.yaml:1:4: error: cannot read value 'x'"),
    ("base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n", {"base": {"x": 1}, "m": {"x": 1, "y": 2}}),
    ("a: <<\n", "f.yaml:1:4: error: unsupported YAML tag 'tag:yaml.org,2002:merge' "
                "(only plain values are allowed)"),
    ("=: 1\n", {"=": 1}),
    ("a: 1\na: 2\n", "f.yaml:2:1: error: duplicate key 'a' (first given at line 1)"),
    ("1: a\n'1': b\n", "f.yaml:2:1: error: duplicate key '1' (first given at line 1)"),
    ("? [a]\n: 1\n", "f.yaml:1:3: error: a key must be a plain value, not a list or mapping"),
    ("? {a: 1}\n: 1\n", "f.yaml:1:3: error: a key must be a plain value, not a list or mapping"),
    ("a: 1\n---\nb: 2\n", "f.yaml:2:1: error: YAML syntax: but found another document (expected a single document in "
                              "the stream that starts at line 1, column 1)"),
    ("- a\n", "f.yaml:1:1: error: expected a mapping of keys to values at the top level, found a list"),
    ("just text\n", "f.yaml:1:1: error: expected a mapping of keys to values at the top level, found a plain value"),
    ("a: [1\n", "f.yaml:2:1: error: YAML syntax: did not find expected ',' or ']' "
                "(while parsing a flow sequence that starts at line 1, column 4)"),
    ("a: b: c\n", "f.yaml:1:5: error: YAML syntax: mapping values are not allowed in this context"),
]


def _shown(text: str) -> Any:
    try:
        return parse_document(text.encode(), "f.yaml").data
    except AssessError as exc:
        return "\n".join(str(d) for d in exc.diagnostics)


def test_each_fallback_gives_todays_result() -> None:
    for text, expected in FALLBACKS:
        assert yamlsource._fast_data(text) is None, text
        assert _shown(text) == expected, text
        assert _outcome(text) == _composed_outcome(text), text


def _nested(levels: int, inside: str = "") -> str:
    return "a: " + "[" * levels + inside + "]" * levels + "\n"


def test_depth_is_left_to_the_node_graph_before_its_limit() -> None:
    for levels in (MAX_DEPTH - 2, MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1):
        for inside in ("", "1", "{b: 2}"):
            text = _nested(levels, inside)
            assert _outcome(text) == _composed_outcome(text), (levels, inside)
    assert yamlsource._fast_data(_nested(MAX_DEPTH - 1, "1")) is not None  # its value 100 levels deep
    assert yamlsource._fast_data(_nested(MAX_DEPTH)) is None


def test_node_and_text_limits_hold_on_the_fast_path() -> None:
    with mock.patch.object(yamlsource, "MAX_NODES", 5):
        assert yamlsource._fast_data("a: 1\nb: [1, 2]\n") is not None  # four nodes and the top mapping
        assert yamlsource._fast_data("a: 1\nb: [1, 2, 3]\n") is None
        assert _shown("a: 1\nb: [1, 2, 3]\n") == \
            "f.yaml:2:11: error: document expands to more than 5 nodes (too many aliases?)"
    with mock.patch.object(yamlsource, "MAX_TEXT", 6):
        assert yamlsource._fast_data("a: abc\nb: 'def'\n") is not None  # keys are not counted, as by _Builder
        assert yamlsource._fast_data("a: abc\nb: 'defg'\n") is None
        assert _shown("a: abc\nb: 'defg'\n").startswith("f.yaml:2:4: error: document expands to more than 6 ")


def test_positions_are_read_when_first_asked_for_and_shared_by_derived_documents() -> None:
    text = "schema: x\nlist:\n  - {a: 1}\n  - 'two'\n"
    doc = parse_document(text.encode(), "f.yaml")
    derived = doc.with_data({"schema": "x"})
    assert derived.values == {(): (1, 1), ("schema",): (1, 9), ("list",): (3, 3), ("list", 0): (3, 5),
                              ("list", 0, "a"): (3, 9), ("list", 1): (4, 5)}
    assert doc.keys == {("schema",): (1, 1), ("list",): (2, 1), ("list", 0, "a"): (3, 6)}
    assert doc.diagnostic(("list", 1), "bad").line == 4
    assert derived.data == {"schema": "x"} and doc.data["list"][1] == "two"


def test_a_file_of_comments_and_blank_lines_is_empty_however_long() -> None:
    # The check looks at a file's first lines before the whole of it: long files take both ways.
    for text in ("#\n" * 2000, "\n" * 2000 + "  # x", "# a\n" * 600 + "a: 1\n", " \u00a0#: 1\n" * 300,
                 "#" * 3000 + "\na: 1\n", "# x\r\n" * 500 + "\r\n", "a: 1\n" + "#\n" * 2000):
        assert _outcome(text) == _composed_outcome(text)
        empty = all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines())
        assert yamlsource._blank_or_comments(text) == empty
    assert _shown("# only\n" * 2000) == "f.yaml:1:1: error: file is empty; expected a YAML mapping"
