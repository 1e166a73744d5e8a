"""Scores of assessments recently seen by this server process, so a save is scored once, not twice.

Saving an answer needs the assessment's score before the change (which questions were visible, so that
the answers the change hides can be named) and after it (the reply's standing). The "before" of one save
is nearly always the "after" of the one before it, so each score is kept, keyed by the assessment's
whole content (its head and every answer) and the very framework objects it was scored against. The
key is the content itself, not a revision number, so an entry can never stand for a state that differs
from it: an uncommitted change, another server's change or a replaced framework simply misses. Nothing
here is needed by another process; a restart starts empty.

A score that misses is still not computed whole: each framework's part is kept too (`FRAMEWORK_SCORES`),
keyed the same way by the framework object, the language, that framework's answers and the other
frameworks' answers its conditions read. A save changes one answer, so all but one framework's part is
the one scored before it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import TypeAdapter

from assess.conditions import ConditionError, compile_condition
from assess.identity_cache import IdentityCache
from assess.model import Answer, Assessment, Framework
from assess.questionnaire import Questionnaire
from assess.result import Result
from assess.scoring import FrameworkScore, score

MAX_ENTRIES = 64  # a Result of a few hundred questions is some tens of kilobytes
MAX_FRAMEWORK_ENTRIES = 6 * MAX_ENTRIES  # a framework's part of one; an assessment names a few frameworks


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


class FrameworkScores:
    """Each framework's part of a score (a `scoring.FrameworkMemo`), kept by the framework object itself,
    the language and a digest of everything that part reads: the framework's own answers, and the answers
    of the other frameworks its conditions name."""

    def __init__(self, size: int = MAX_FRAMEWORK_ENTRIES) -> None:
        self._entries: IdentityCache[FrameworkScore] = IdentityCache(size)
        # The other names each framework's conditions read (None: any), bounded as the parts are.
        self._reads: IdentityCache[frozenset[str] | None] = IdentityCache(size)

    def __call__(self, framework: Framework, answers: Mapping[str, Answer], namespaces: Mapping[str, Any],
                 lang: str, compute: Callable[[], FrameworkScore]) -> FrameworkScore:
        digest = self._digest(framework, answers, namespaces, lang)
        return self._entries.get_or_make((framework,), compute, digest)

    def _digest(self, framework: Framework, answers: Mapping[str, Answer], namespaces: Mapping[str, Any],
                lang: str) -> bytes:
        reads = self._other_names(framework)
        read = sorted(namespaces) if reads is None else sorted(n for n in reads if n in namespaces)
        # The values conditions see are plain str, int, float, bool, None and lists of them: repr tells each
        # value (and its type) apart, and sorting makes the order of answers irrelevant.
        others = repr([(name, sorted(vars(namespaces[name]).items())) for name in read])
        own = _ANSWERS.dump_json(dict(sorted(answers.items())))
        return hashlib.sha256(b"\0".join([lang.encode(), own, others.encode()])).digest()

    def _other_names(self, framework: Framework) -> frozenset[str] | None:
        return self._reads.get_or_make((framework,), lambda: _names_read_elsewhere(framework))


def _names_read_elsewhere(framework: Framework) -> frozenset[str] | None:
    """The names outside the framework that its conditions read; None: any (one did not compile)."""
    own = {q.id for q in framework.questions()}
    names: set[str] | None = set()
    for question in framework.questions():
        if question.when is None or names is None:
            continue
        try:
            references = compile_condition(question.when).references
        except ConditionError:
            names = None
            continue
        # As scoring resolves a name: a question of the framework's own first, then another framework.
        names |= {r.namespace if r.namespace is not None else r.name for r in references} - own
    return None if names is None else frozenset(names)


_ANSWERS = TypeAdapter(dict[str, Answer])
FRAMEWORK_SCORES = FrameworkScores()


def content_key(assessment: Assessment, lang: str) -> bytes:
    """A digest of everything scoring reads from the assessment, the same however its answers were ordered."""
    ordered = {fid: dict(sorted(given.items())) for fid, given in sorted(assessment.answers.items())}
    canonical = assessment.model_copy(update={"answers": ordered})
    return hashlib.sha256(lang.encode() + b"\0" + canonical.model_dump_json(by_alias=True).encode()).digest()


class CachedQuestionnaire(Questionnaire):
    """The engine's questionnaire, whose scoring first looks in (and then fills) the process's cache."""

    def _score(self, assessment: Assessment) -> Result:
        key = content_key(assessment, self.lang)
        cached = SCORES.get(key, self.frameworks)
        if cached is None:
            cached = score(self.frameworks, assessment, self.lang, memo=FRAMEWORK_SCORES)
            SCORES.put(key, self.frameworks, cached)
        return cached
