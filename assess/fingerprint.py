"""Content hashes: of a framework, of each of its questions, and of a set of answers.

Hashes are taken over the parsed content in canonical JSON, not over the file's
bytes, so reformatting a file or editing a comment does not count as a change.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
import weakref
from typing import Any, get_args

from pydantic import BaseModel

from assess.model import AddedLater, Assessment, Framework, FrameworkPin

QUESTION_FINGERPRINT_LENGTH = 12

# Each live framework object's hashes, by its id, with a weak reference that checks the id is still its own.
# Held only while the framework is: the PDF worker loads every build's uploaded frameworks afresh, and a cache
# that kept each one kept them all (issue #25). The lock makes one `_Hashes` per framework among threads.
_cache: dict[int, tuple[weakref.ref[Framework], _Hashes]] = {}
_lock = threading.Lock()


def canonical_json(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _sha256(data: Any) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def later_keys(root: type[BaseModel]) -> dict[str, Any]:
    """The keys of `root` and the models under it that carry `ADDED_LATER`, with their defaults as JSON.

    Read from the models themselves, so a new key cannot be forgotten here. One name with two
    different defaults would make the rule ambiguous, and is refused."""
    found: dict[str, Any] = {}
    seen: set[type[BaseModel]] = set()
    pending: list[type[BaseModel]] = [root]
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            pending.extend(_models_in(info.annotation))
            if not any(isinstance(m, AddedLater) for m in info.metadata):
                continue
            key = info.alias or name
            default = info.get_default(call_default_factory=True)
            if isinstance(default, BaseModel):
                default = default.model_dump(mode="json", by_alias=True)
            if key in found and found[key] != default:
                raise TypeError(f"later key '{key}' has two defaults: {found[key]!r} and {default!r}")
            found[key] = default
    return found


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


# Keys added to the framework format after its first release, with their defaults. A key at its
# default is left out of the hashes, so frameworks that do not use it keep the hashes that
# assessments already recorded.
_LATER_KEYS: dict[str, Any] = later_keys(Framework)


def _without_later_defaults(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_later_defaults(v) for k, v in data.items()
                if not (k in _LATER_KEYS and v == _LATER_KEYS[k])}
    if isinstance(data, list):
        return [_without_later_defaults(v) for v in data]
    return data


class _Hashes:
    """A framework's hashes, each taken the first time it is asked for: scoring needs the whole one for
    every framework, the per-question ones only for a framework whose hash differs from its pin."""

    def __init__(self, framework: Framework) -> None:
        # A translated framework is hashed in its default language, so the same answers pin the
        # same framework whichever language it is read in (see assess/localise.py). Held weakly, as it is
        # most often the framework itself, which its own entry in `_cache` must not keep alive; it is alive
        # whenever a hash is asked for, as the framework asked about is or holds it.
        self._source = weakref.ref(framework.canonical)

    def _framework(self) -> Framework:
        source = self._source()
        if source is None:  # not reached: see __init__
            raise RuntimeError("a framework's hashes were asked for after it was freed")
        return source

    @functools.cached_property
    def whole(self) -> str:
        return _sha256(_without_later_defaults(self._framework().model_dump(mode="json", by_alias=True)))

    @functools.cached_property
    def per_question(self) -> dict[str, str]:
        return {
            q.id: _sha256(_without_later_defaults(q.model_dump(mode="json")))[:QUESTION_FINGERPRINT_LENGTH]
            for q in self._framework().questions()
        }


def _hashes(framework: Framework) -> _Hashes:
    key = id(framework)
    with _lock:
        found = _cache.get(key)
        if found is not None and found[0]() is framework:
            return found[1]
        made = _Hashes(framework)  # cheap: the hashes themselves are taken when first asked for, outside the lock
        _cache[key] = (weakref.ref(framework, functools.partial(_forget, key)), made)
        return made


def _forget(key: int, gone: weakref.ref[Framework]) -> None:
    """A framework's entry out when the framework is freed. Called from whichever thread freed it, maybe one
    inside `_hashes` holding the lock, so it takes none; and it takes out only that framework's own entry."""
    found = _cache.get(key)
    if found is not None and found[0] is gone:
        _cache.pop(key, None)


def framework_sha256(framework: Framework) -> str:
    return _hashes(framework).whole


def question_fingerprints(framework: Framework) -> dict[str, str]:
    return dict(_hashes(framework).per_question)


def pin(framework: Framework) -> FrameworkPin:
    """What an assessment records about the framework its answers were given against."""
    hashes = _hashes(framework)
    return FrameworkPin(version=framework.version, sha256=hashes.whole, questions=dict(hashes.per_question))


NOT_ANSWERS: set[str] = {"action_plan", "review", "comments", "sign_offs"}


def answers_sha256(assessment: Assessment) -> str:
    # The action plan's owners and dates are bookkeeping about the answers, not answers: recording them
    # leaves the hash (and so every earlier report's provenance) as it was. So are the review and the
    # comment threads (discussing or approving answers does not change them) and the sign-offs, which each
    # record the hash of the answers they were made on.
    return _sha256(assessment.model_dump(mode="json", by_alias=True, exclude_none=True, exclude=NOT_ANSWERS))
