"""Read a YAML file safely into plain data, remembering where every node came from.

PyYAML's `safe_load` forgets positions, so this composes the node graph with the
safe loader and builds the data itself: scalars through the safe constructor,
dates kept as text (pydantic parses them), unknown tags refused, duplicate keys
reported, and alias expansion capped so that a "billion laughs" file fails fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assess.errors import AssessError, Diagnostic
from assess.files import read_user_file, too_large

Loc = tuple[str | int, ...]

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where present


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader, with implicit tag resolution memoised: it depends only on a
    scalar's text and quoting, and runs in Python for every scalar even under libyaml."""

    _resolved: ClassVar[dict[tuple[str, tuple[bool, bool]], str]] = {}

    def resolve(self, kind: type, value: Any, implicit: Any) -> Any:
        if kind is not ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._resolved.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(self._resolved) > 50_000:
                self._resolved.clear()
            self._resolved[key] = tag
        return tag

MAX_FILE_BYTES = 5 * 1024 * 1024
# After alias expansion. Real frameworks use a few thousand; the densest framework-shaped YAML takes about
# 18 bytes a value, so a framework reaches this only past the 5 MiB file cap (docs/limits.md).
MAX_NODES = 300_000
MAX_DEPTH = 100  # levels of lists and mappings; real files use under ten
MAX_TEXT = 4 * MAX_FILE_BYTES  # characters of values, after aliases are expanded

_SCALAR_TAGS = {
    "tag:yaml.org,2002:null": SafeConstructor.construct_yaml_null,
    "tag:yaml.org,2002:bool": SafeConstructor.construct_yaml_bool,
    "tag:yaml.org,2002:int": SafeConstructor.construct_yaml_int,
    "tag:yaml.org,2002:float": SafeConstructor.construct_yaml_float,
    "tag:yaml.org,2002:str": SafeConstructor.construct_yaml_str,
}
_COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_BOOL_TAG = "tag:yaml.org,2002:bool"
_STR_TAG = "tag:yaml.org,2002:str"
_TEXT_TAGS = {"tag:yaml.org,2002:timestamp"}  # kept as written; the model decides what a date is


class Document:
    """A YAML file's data, with the line and column (1-based) of each of its nodes (`values`) and of each
    mapping key (`keys`), by location.

    Positions are only ever read for a message, so a document read by the fast path (`_fast_data`) does not
    work them out until one is asked for: the node graph then reads the same text again for them, so they are
    those it gives in every case. Documents made from it with `with_data` share that work."""

    def __init__(self, path: str, data: Any, values: dict[Loc, tuple[int, int]] | None = None,
                 keys: dict[Loc, tuple[int, int]] | None = None) -> None:
        self.path = path
        self.data = data
        self._positions = _Positions({} if values is None else values, {} if keys is None else keys)

    @classmethod
    def unplaced(cls, path: str, data: Any, text: str) -> Document:
        """`data` read from `text`, its positions to be read from `text` when first asked for."""
        document = cls(path, data)
        document._positions = _Positions({}, {}, (text, path))
        return document

    @property
    def values(self) -> dict[Loc, tuple[int, int]]:
        return self._positions.placed().values

    @property
    def keys(self) -> dict[Loc, tuple[int, int]]:
        return self._positions.placed().keys

    def with_data(self, data: Any) -> Document:
        """A document of `data` (this one's, localised or pruned: the same locations) with these positions."""
        document = Document(self.path, data)
        document._positions = self._positions
        return document

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The closest known position for `loc`: the node itself, else its nearest ancestor."""
        if key and loc in self.keys:
            return self.keys[loc]
        for end in range(len(loc), -1, -1):
            prefix = loc[:end]
            if prefix in self.values:
                return self.values[prefix]
        return (1, 1)

    def diagnostic(self, loc: Loc, message: str, hint: str | None = None, *, key: bool = False) -> Diagnostic:
        line, column = self.position(loc, key=key)
        return Diagnostic(self.path, line, column, message, hint)

    def __repr__(self) -> str:
        return f"Document(path={self.path!r}, data={self.data!r})"


class _Positions:
    """A document's positions, or the text to read them from when first asked for."""

    def __init__(self, values: dict[Loc, tuple[int, int]], keys: dict[Loc, tuple[int, int]],
                 source: tuple[str, str] | None = None) -> None:
        self.values, self.keys, self._source = values, keys, source  # source: the text and its path

    def placed(self) -> _Positions:
        source = self._source
        if source is not None:
            composed = _composed_document(*source)
            self.values, self.keys, self._source = composed.values, composed.keys, None
        return self


def read_document(path: Path, display: str | None = None) -> Document:
    shown = display or str(path)
    return parse_document(read_user_file(path, shown, "YAML", MAX_FILE_BYTES), shown)


# The cyclic collector is the process's, not the parser's: reading never switches it off (the workspace reads
# in a pool of threads, and a pause read and restored by each thread left it off for good: issue #25). A
# front end that lives long tunes it once at start-up instead (web/commandline.py, interview/runner.py).
def parse_document(raw: bytes, path: str) -> Document:
    if len(raw) > MAX_FILE_BYTES:
        raise too_large(path, MAX_FILE_BYTES)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise AssessError.at(path, "file is UTF-16 text; assess reads UTF-8", hint="save it as UTF-8")
    if b"\x00" in raw:
        raise AssessError.at(path, "binary file, not YAML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _line_col(raw[: exc.start])
        raise AssessError.at(path, "file is not valid UTF-8 text", line, column) from None
    if _blank_or_comments(text):
        raise AssessError.at(path, "file is empty; expected a YAML mapping")
    data = _fast_data(text)
    if data is not None:
        return Document.unplaced(path, data, text)
    return _composed_document(text, path)


def _blank_or_comments(text: str) -> bool:
    """True when every line is blank or a comment. A file's first whole lines nearly always settle it, so they
    are looked at first, before splitting the whole text (its last line there may be cut, so is left out)."""
    if not all(_skippable(line) for line in text[:1024].splitlines()[:-1]):
        return False
    return not text.strip() or all(_skippable(line) for line in text.splitlines())


def _skippable(line: str) -> bool:
    return line.lstrip().startswith("#") or not line.strip()


def _composed_document(text: str, path: str) -> Document:
    """The document through PyYAML's node graph: every file, every error, every limit, every position."""
    loader = _Loader(text)
    try:
        if len(text) > MAX_NODES:  # a shorter text cannot hold more nodes, as each takes a character
            _count_events(text, path)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        hint = None
        if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            start = exc.context_mark
            hint = f"{exc.context} that starts at line {start.line + 1}, column {start.column + 1}"
        raise AssessError.at(path, f"YAML syntax: {problem}", line, column, hint) from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids, found before any token
        line, column = _text_line_col(text, exc.position)
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise AssessError.at(path, f"character U+{character:04X} is not allowed in YAML ({exc.reason})",
                             line, column) from None
    except yaml.YAMLError as exc:
        raise AssessError.at(path, f"YAML: {exc}") from None
    except RecursionError:
        raise AssessError.at(path, "YAML is nested too deeply") from None
    finally:
        loader.dispose()
    if node is None:
        raise AssessError.at(path, "file is empty; expected a YAML mapping")
    if not isinstance(node, MappingNode):
        raise AssessError.at(
            path, f"expected a mapping of keys to values at the top level, found a {_kind(node)}", *_start(node)
        )
    builder = _Builder(path)
    try:
        data = builder.build(node, ())
    except RecursionError:
        raise AssessError.at(path, "YAML is nested too deeply (or an alias refers to itself)") from None
    if builder.errors:
        raise AssessError(builder.errors)
    return Document(path, data, builder.values, builder.keys)


_MISSING: Any = object()
_PLAIN_VALUES: dict[str, Any] = {}  # plain scalar text -> what it reads as (see _plain_value)
_PLAIN_KEPT_LENGTH = 100  # longer texts are read each time rather than kept: they are rare, and may be huge
_PLAIN_IMPLICIT = (True, False)  # what the parser says of a plain scalar without a tag


def _plain_value(text: str, resolver: Any) -> Any:
    """What a plain (unquoted) scalar reads as, exactly as `_Builder._scalar` reads it: it depends on its text
    alone, so each short text is worked out once and kept. `_MISSING` where the fast path must leave the
    document to the node graph: a tag other than text, null, bool, number or date (a `<<` merge key, a `=`
    value key), or a value that cannot be read."""
    tag = resolver.resolve(ScalarNode, text, _PLAIN_IMPLICIT)
    value: Any
    if tag == _STR_TAG or tag in _TEXT_TAGS or (tag == _BOOL_TAG and text.lower() not in ("true", "false")):
        value = text
    elif (construct := _SCALAR_TAGS.get(tag)) is None:
        return _MISSING
    else:
        try:
            value = construct(SafeConstructor(), ScalarNode(tag, text))
        except (ValueError, yaml.YAMLError):
            return _MISSING
    if len(text) <= _PLAIN_KEPT_LENGTH:
        if len(_PLAIN_VALUES) > 50_000:
            _PLAIN_VALUES.clear()
        _PLAIN_VALUES[text] = value
    return value


def _fast_data(text: str) -> dict[str, Any] | None:
    """The document's data straight from the parser's events, without PyYAML's node graph or positions, for
    the common file: mappings, lists and scalars with no anchor, alias or tag, no merge key, no duplicate key,
    no key that is a list or a mapping, one document, well inside the limits. None at the first event it does
    not take, or at any error the parser raises: the caller then reads the file through the node graph
    (`_composed_document`), so every other file, and every error with its message and position, is exactly
    as that gives it. Counts nodes, depth and text as `_Builder` does, giving up at a limit rather than past it.
    Each event is told apart by its exact type, and a mapping's key and value are read in one step."""
    parser = _Loader(text)
    next_event = parser.get_event
    known = _PLAIN_VALUES
    count = 1  # nodes, as _Builder counts them: values (not keys), the top-level mapping included
    characters = 0
    try:
        next_event()  # the stream's start
        if type(next_event()) is not DocumentStartEvent:
            return None
        event = next_event()
        if type(event) is not MappingStartEvent or event.anchor is not None or event.tag is not None:
            return None
        root: dict[str, Any] = {}
        container: Any = root
        in_mapping = True
        key: Any = None
        stack: list[tuple[Any, bool]] = []  # the enclosing containers
        while True:
            event = next_event()
            kind = type(event)
            if in_mapping:
                if kind is not ScalarEvent:
                    if kind is MappingEndEvent:
                        if not stack:
                            break
                        container, in_mapping = stack.pop()
                        continue
                    return None  # a key that is a list, a mapping or an alias
                if event.anchor is not None or event.tag is not None:
                    return None
                key = event.value
                if event.implicit[0]:
                    key = known.get(key, _MISSING)
                    if key is _MISSING and (key := _plain_value(event.value, parser)) is _MISSING:
                        return None
                    if type(key) is not str:
                        key = str(key)
                if key in container:
                    return None  # a duplicate key: the node graph reports it
                event = next_event()
                kind = type(event)
            elif kind is SequenceEndEvent:
                container, in_mapping = stack.pop()
                continue
            if kind is ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    return None
                value = event.value
                characters += len(value)
                if event.implicit[0]:
                    value = known.get(value, _MISSING)
                    if value is _MISSING and (value := _plain_value(event.value, parser)) is _MISSING:
                        return None
                count += 1
                if count > MAX_NODES or characters > MAX_TEXT:
                    return None
                if in_mapping:
                    container[key] = value
                else:
                    container.append(value)
                continue
            if kind is MappingStartEvent:
                new: Any = {}
            elif kind is SequenceStartEvent:
                new = []
            else:
                return None  # an alias, or anything else the node graph handles
            if event.anchor is not None or event.tag is not None:
                return None
            count += 1
            # `new` is len(stack) + 1 levels deep and its values one more: _Builder refuses past MAX_DEPTH.
            if count > MAX_NODES or len(stack) + 2 > MAX_DEPTH:
                return None
            if in_mapping:
                container[key] = new
            else:
                container.append(new)
            stack.append((container, in_mapping))
            container, in_mapping = new, kind is MappingStartEvent
        if type(next_event()) is not DocumentEndEvent or type(next_event()) is not StreamEndEvent:
            return None  # a second document: the node graph refuses it
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()
    return root


def _count_events(text: str, path: str) -> None:
    """Refuse a document with more nodes than MAX_NODES before composing it: composing keeps a
    Python object per node, so a 5 MiB flow list (`[1,1,1,...]`) would first take about 1 GB.
    Counts as `_Builder` does, values but not keys, and aliases not yet expanded. Reads the parser's
    events one call each and tells them apart by exact type: this pass costs a fifth of a parse."""
    parser = _Loader(text)
    next_event = parser.get_event
    open_collections: list[list[int]] = []  # per open collection: [is a mapping, nodes seen in it]
    count = 0
    try:
        while (event := next_event()) is not None:
            kind = type(event)
            if kind in _ENDS:
                open_collections.pop()
                continue
            if kind not in _NODES:
                continue
            is_key = False
            if open_collections:
                parent = open_collections[-1]
                is_key = parent[0] == 1 and parent[1] % 2 == 0
                parent[1] += 1
            if kind is yaml.MappingStartEvent:
                open_collections.append([1, 0])
            elif kind is yaml.SequenceStartEvent:
                open_collections.append([0, 0])
            if is_key or kind is yaml.AliasEvent:
                continue
            count += 1
            if count > MAX_NODES:
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                raise AssessError.at(path, f"document expands to more than {MAX_NODES} nodes (too many aliases?)",
                                     line, column)
    finally:
        parser.dispose()


_ENDS = frozenset({yaml.SequenceEndEvent, yaml.MappingEndEvent})
_NODES = frozenset({yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent})


class _Builder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.values: dict[Loc, tuple[int, int]] = {}
        self.keys: dict[Loc, tuple[int, int]] = {}
        self.errors: list[Diagnostic] = []
        self.count = 0
        self.text = 0  # characters of scalar values built so far, aliases counted each time
        self.constructor = SafeConstructor()

    def build(self, node: Node, loc: Loc) -> Any:
        self.count += 1
        mark = node.start_mark
        start = (mark.line + 1, mark.column + 1)
        if self.count > MAX_NODES:
            raise AssessError.at(
                self.path,
                f"document expands to more than {MAX_NODES} nodes (too many aliases?)",
                *start,
            )
        if len(loc) > MAX_DEPTH:
            raise AssessError.at(self.path, f"YAML is nested more than {MAX_DEPTH} levels deep", *start)
        self.values.setdefault(loc, start)
        if isinstance(node, ScalarNode):
            self.text += len(node.value)
            if self.text > MAX_TEXT:
                raise AssessError.at(self.path, f"document expands to more than {MAX_TEXT:,} characters of text "
                                                "(too many aliases?)", *start)
            return self._scalar(node)
        if isinstance(node, SequenceNode | MappingNode) and node.tag not in _COLLECTION_TAGS:
            self._error(node, f"unsupported YAML tag '{node.tag}'", "only plain values are allowed")
            return None
        if isinstance(node, SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, loc)
        self._error(node, "unsupported YAML node")
        return None

    def _scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR_TAG:
            return node.value  # what the safe constructor gives for text, without its three calls
        if tag in _TEXT_TAGS:
            return node.value
        if tag == _BOOL_TAG and node.value.lower() not in ("true", "false"):
            return node.value  # YAML 1.2: `yes`, `no`, `on`, `off` are text (a yesno option is `yes`)
        construct = _SCALAR_TAGS.get(tag)
        if construct is None:
            self._error(node, f"unsupported YAML tag '{node.tag}'", "only plain values are allowed")
            return None
        try:
            return construct(self.constructor, node)
        except (ValueError, yaml.YAMLError):
            self._error(node, f"cannot read value {shorten(node.value)!r}")
            return None

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        # Merge keys (and `=` keys, which flattening retags) are rare: a mapping without them is read as it is.
        if len(node.value) > MAX_NODES or any(key.tag in _FLATTENED_TAGS for key, _ in node.value):
            if _merged_entries(node, {}) > MAX_NODES:
                raise AssessError.at(self.path, f"merge keys (<<) expand to more than {MAX_NODES} entries",
                                     *_start(node))
            try:
                self.constructor.flatten_mapping(node)  # resolves `<<` merge keys
            except yaml.YAMLError as exc:
                self._error(node, f"invalid merge key: {getattr(exc, 'problem', exc)}")
        result: dict[str, Any] = {}
        keys = self.keys
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._error(key_node, "a key must be a plain value, not a list or mapping")
                continue
            key = str(self._scalar(key_node))
            child = (*loc, key)
            if key in result:
                line, _ = keys[child]
                self._error(key_node, f"duplicate key '{shorten(key)}' (first given at line {line})")
                continue
            mark = key_node.start_mark
            keys[child] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, child)
        return result

    def _error(self, node: Node, message: str, hint: str | None = None) -> None:
        self.errors.append(Diagnostic(self.path, *_start(node), message, hint))


_MERGE_TAG = "tag:yaml.org,2002:merge"
_FLATTENED_TAGS = (_MERGE_TAG, "tag:yaml.org,2002:value")  # the keys SafeConstructor.flatten_mapping changes


def _merged_entries(node: MappingNode, sizes: dict[int, int]) -> int:
    """How many entries PyYAML's merge would gather for `node` before dropping repeated keys:
    `<<: [*a, *a, ...]` with a large `a` is a few bytes per copy and seconds of merging each.
    Each mapping is measured once (`sizes`, by id), so the measuring itself stays cheap."""
    total = 0
    for key, value in node.value:
        if not (isinstance(key, ScalarNode) and key.tag == _MERGE_TAG):
            total += 1
            continue
        sources = value.value if isinstance(value, SequenceNode) else [value]
        for source in sources:
            if isinstance(source, MappingNode):
                if id(source) not in sizes:
                    sizes[id(source)] = MAX_NODES + 1  # a mapping that merges itself counts as too large
                    sizes[id(source)] = _merged_entries(source, sizes)
                total += sizes[id(source)]
        if total > MAX_NODES:
            break
    return total


def _start(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1)


def _kind(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "list"
    if isinstance(node, ScalarNode):
        return "plain value"
    return "node"


def shorten(text: str, most: int = 60) -> str:
    """`text` cut to `most` characters for a one-line message (a value may be megabytes long)."""
    return text if len(text) <= most else text[: most - 1] + "…"


def _text_line_col(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return (before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1)


def _line_col(prefix: bytes) -> tuple[int, int]:
    lines = prefix.split(b"\n")
    return (len(lines), len(lines[-1]) + 1)
