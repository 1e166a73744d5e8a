"""Scores of assessments recently seen by this server process, so a save is scored once, not twice.

Saving an answer needs the assessment's score before the change (which questions were visible, so that
answers the change hides can be removed) and after it (the reply's standing). The "before" of one save
is nearly always the "after" of the one before it, so each score is kept, keyed by the assessment's
whole content (its head and every answer) and the very framework objects it was scored against. The
key is the content itself, not a revision number, so an entry can never stand for a state that differs
from it: an uncommitted change, another server's change or a replaced framework simply misses. Nothing
here is needed by another process; a restart starts empty.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping

from assess.interview.session import Session as Questionnaire
from assess.model import Assessment, Framework
from assess.result import QuestionStatus, Result

MAX_ENTRIES = 64  # a Result of a few hundred questions is some tens of kilobytes


class ScoreCache:
    def __init__(self, size: int = MAX_ENTRIES) -> None:
        self._size = size
        self._entries: OrderedDict[bytes, tuple[Mapping[str, Framework], Result]] = OrderedDict()
        self._lock = threading.Lock()  # requests are served from a pool of threads

    def get(self, key: bytes, frameworks: Mapping[str, Framework]) -> Result | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
        scored_with, result = found
        same = scored_with.keys() == frameworks.keys() and all(scored_with[f] is frameworks[f] for f in frameworks)
        return result if same else None

    def put(self, key: bytes, frameworks: Mapping[str, Framework], result: Result) -> None:
        with self._lock:
            self._entries[key] = (dict(frameworks), result)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)


SCORES = ScoreCache()


def content_key(assessment: Assessment, lang: str) -> bytes:
    """A digest of everything scoring reads from the assessment, the same however its answers were ordered."""
    ordered = {fid: dict(sorted(given.items())) for fid, given in sorted(assessment.answers.items())}
    canonical = assessment.model_copy(update={"answers": ordered})
    return hashlib.sha256(lang.encode() + b"\0" + canonical.model_dump_json(by_alias=True).encode()).digest()


class CachedQuestionnaire(Questionnaire):
    """The engine's questionnaire, whose scoring first looks in (and then fills) the process's cache."""

    def result(self) -> Result:
        if self._result is None:
            key = content_key(self.assessment(), self.lang)
            cached = SCORES.get(key, self.frameworks)
            if cached is None:
                cached = super().result()
                SCORES.put(key, self.frameworks, cached)
            self._result = cached
            self._statuses = statuses(cached)
        return self._result


def statuses(result: Result) -> list[QuestionStatus]:
    """Each slot's status, in slot order (as the engine's questionnaire keeps them)."""
    return [q.status for fw in result.frameworks for q in fw.questions]
