"""A framework key added after the first release must not change the hashes saved assessments recorded.

The keys left out of the hash at their default are read from the models (`ADDED_LATER`), so the rule
cannot drift from the format; these tests pin that every new key carries the mark, and that a marked key
really leaves old hashes alone.
"""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import BaseModel

from assess.fingerprint import _models_in, _sha256, _without_later_defaults, later_keys
from assess.model import ADDED_LATER, AddedLater, Framework

# Each framework model's keys as the format first defined them: the history the hashes rest on.
# A key that is not here must carry ADDED_LATER. Never add a name to this table.
FIRST_RELEASE: dict[str, set[str]] = {
    "Framework": {"authors", "bands", "caveats", "id", "jurisdiction", "last_reviewed", "references", "schema",
                  "sections", "sources", "summary", "title", "version"},
    "Section": {"id", "intro", "questions", "title"},
    "Question": {"ask", "critical", "evidence_hint", "help", "id", "multi_rule", "options", "recommend", "refs",
                 "scale", "type", "weight", "when"},
    "Option": {"exclusive", "gate", "label", "recommend", "score", "stop", "value"},
    "Scale": {"high_label", "low_label", "max", "min", "points", "reverse"},
    "Reference": {"cite", "note", "uncertain", "url"},
    "Bands": {"amber", "green"},
    # The scoring block arrived whole, marked at its root; these are its keys as it arrived.
    "Scoring": {"adjustments", "level_from", "levels", "method", "tallies"},
    "Adjustment": {"at_least", "of", "reduce_by", "rounding", "tally", "title"},
    "Level": {"id", "rating", "requirements", "summary", "title", "up_to"},
    "Requirement": {"text", "title"},
    "Tally": {"higher", "id", "maximum", "title"},
}


def framework_models() -> dict[str, type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}
    pending: list[type[BaseModel]] = [Framework]
    while pending:
        model = pending.pop()
        if model.__name__ in found:
            continue
        found[model.__name__] = model
        for info in model.model_fields.values():
            pending.extend(_models_in(info.annotation))
    return found


@pytest.mark.parametrize("name", sorted(framework_models()))
def test_every_key_added_since_the_first_release_is_marked(name: str) -> None:
    model = framework_models()[name]
    assert name in FIRST_RELEASE, f"new framework model {name}: list its keys in FIRST_RELEASE as it first ships"
    unmarked = {info.alias or field for field, info in model.model_fields.items()
                if not any(isinstance(m, AddedLater) for m in info.metadata)}
    assert unmarked <= FIRST_RELEASE[name], (
        f"{name}: {sorted(unmarked - FIRST_RELEASE[name])} added without ADDED_LATER would change every saved hash")


def test_the_later_keys_are_read_from_the_models() -> None:
    keys = later_keys(Framework)
    assert {"role", "short", "source_name", "source_value", "languages", "scoring"} <= set(keys)
    assert keys["role"] is None and keys["languages"] == []
    assert keys["scoring"]["method"] == "assurance"


class _Before(BaseModel):
    id: str
    weight: float = 1


class _After(BaseModel):
    id: str
    weight: float = 1
    audience: Annotated[str | None, ADDED_LATER] = None


class _AfterUnmarked(BaseModel):
    id: str
    weight: float = 1
    audience: str | None = None


def _hash(model: BaseModel, root: type[BaseModel]) -> str:
    data = model.model_dump(mode="json")
    keys = later_keys(root)
    import assess.fingerprint as fingerprint

    saved = fingerprint._LATER_KEYS
    fingerprint._LATER_KEYS = keys
    try:
        return _sha256(_without_later_defaults(data))
    finally:
        fingerprint._LATER_KEYS = saved


def test_a_marked_key_at_its_default_leaves_the_old_hash_unchanged() -> None:
    old = _hash(_Before(id="q"), _Before)
    assert _hash(_After(id="q"), _After) == old
    assert _hash(_After(id="q", audience="staff"), _After) != old  # using it is a real change


def test_an_unmarked_key_would_have_changed_the_hash() -> None:
    # The trap the mark closes: without it, the same content hashes differently once the key exists.
    assert _hash(_AfterUnmarked(id="q"), _AfterUnmarked) != _hash(_Before(id="q"), _Before)


def test_one_name_with_two_defaults_is_refused() -> None:
    class Inner(BaseModel):
        note: Annotated[str | None, ADDED_LATER] = None

    class Outer(BaseModel):
        note: Annotated[str, ADDED_LATER] = "x"
        inner: Inner = Inner()

    with pytest.raises(TypeError, match="two defaults"):
        later_keys(Outer)
