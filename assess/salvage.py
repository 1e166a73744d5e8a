"""The part of a document that validates, when the whole does not.

`assess validate` promises every error of a file in one pass, but the cross-checks
(checks.py) need a model, and a model needs valid data. So the nodes the schema
refuses are pruned, and the rest validated again, until what is left validates:
a bad `weight` is dropped (the default stands in), a question missing its `ask`
is dropped whole, and the cross-checks run on everything else. The pruned
document keeps the original positions, so every message still points at its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from assess.errors import Diagnostic
from assess.yamlsource import Document, Loc

M = TypeVar("M", bound=BaseModel)

MAX_ROUNDS = 50  # each round prunes at least one node; real files settle in two or three
_DROPPED = object()


@dataclass
class Salvaged(Generic[M]):
    model: M | None  # None: too little was left (the top level itself was refused)
    doc: Document  # the pruned data, its positions those of the original file
    pruned_names: set[str] = field(default_factory=set)  # ids and keys of the entries dropped
    pruned_parents: set[tuple[int, int]] = field(default_factory=set)  # where the nodes holding them start

    def spurious(self, diagnostic: Diagnostic) -> bool:
        """True for a cross-check that may only follow from a pruned entry being absent, which
        would mislead: 'unknown reference' to a reference the schema refused, or 'needs at least
        2 options' on a question that has two, one of them refused."""
        if (diagnostic.line, diagnostic.column) in self.pruned_parents:
            return True
        return any(f"'{name}'" in diagnostic.message for name in self.pruned_names)


def salvage(model: type[M], doc: Document, first: ValidationError, data_loc: Any) -> Salvaged[M]:
    """`first` is the error validating `doc` gave; `data_loc(data, pydantic_loc)` maps an error's
    location onto the document's nodes (loading.py's `_data_loc`)."""
    data = doc.data
    origin: dict[Loc, Loc] = {}  # location in `data` -> location in the original document
    names: set[str] = set()
    parents: set[tuple[int, int]] = set()
    error: ValidationError | None = first
    for _ in range(MAX_ROUNDS):
        if error is None:
            break
        doomed: set[Loc] = set()
        for detail in error.errors():
            loc = data_loc(data, tuple(detail["loc"]))
            target = loc[:-1] if detail["type"] == "missing" else loc
            if not target:
                return Salvaged(None, doc, names, parents)
            doomed.add(target)
        names |= _names(data, doomed)
        for loc in doomed:
            original = origin.get(loc, loc)
            parents.update(doc.values[original[:end]] for end in range(1, len(original))
                           if original[:end] in doc.values)
        remap: dict[Loc, Loc] = {}
        data = _copy(data, (), (), doomed, origin, remap)
        origin = remap
        try:
            return Salvaged(model.model_validate(data), _moved(doc, data, origin), names, parents)
        except ValidationError as exc:
            error = exc
    return Salvaged(None, doc, names, parents)


def _copy(node: Any, now: Loc, new: Loc, doomed: set[Loc], origin: dict[Loc, Loc], remap: dict[Loc, Loc]) -> Any:
    if now in doomed:
        return _DROPPED
    remap[new] = origin.get(now, now)
    if isinstance(node, dict):
        kept: dict[str, Any] = {}
        for key, value in node.items():
            child = _copy(value, (*now, key), (*new, key), doomed, origin, remap)
            if child is not _DROPPED:
                kept[key] = child
        return kept
    if isinstance(node, list):
        items: list[Any] = []
        for index, value in enumerate(node):
            child = _copy(value, (*now, index), (*new, len(items)), doomed, origin, remap)
            if child is not _DROPPED:
                items.append(child)
        return items
    return node


def _names(data: Any, doomed: set[Loc]) -> set[str]:
    """What other parts of a file may call a dropped entry: its key in a mapping, its id or value."""
    found: set[str] = set()
    for loc in doomed:
        node: Any = data
        for part in loc:
            in_dict = isinstance(node, dict) and part in node
            in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
            node = node[part] if in_dict or in_list else None
        if not isinstance(node, dict):
            continue
        if isinstance(loc[-1], str):
            found.add(loc[-1])
        found.update(str(node[k]) for k in ("id", "value") if isinstance(node.get(k), str))
    return found


def _moved(doc: Document, data: Any, origin: dict[Loc, Loc]) -> Document:
    values = {new: doc.values[old] for new, old in origin.items() if old in doc.values}
    keys = {new: doc.keys[old] for new, old in origin.items() if old in doc.keys}
    return Document(doc.path, data, values, keys)
