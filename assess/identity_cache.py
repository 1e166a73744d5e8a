"""A bounded cache of what was worked out from particular objects (framework objects, mostly).

A framework is immutable once loaded and the same object serves many assessments, so scoring, the
questionnaire and the workspace each keep what they derive from it. Comparing frameworks by content would
cost more than the work kept, so entries are keyed by the objects' identity (plus any detail, such as a
digest of answers). Each entry holds its objects, and is found only by those very objects: an id may be
reused by a new object once the old one is gone. The last `size` entries are kept, oldest out first, and
every operation holds a lock, as the workspace works from a pool of threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class IdentityCache(Generic[V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[tuple[int, ...], Hashable], tuple[tuple[object, ...], V]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get_or_make(self, objects: tuple[object, ...], make: Callable[[], V], detail: Hashable = None) -> V:
        """The value kept for these objects (and detail), else `make()`'s, kept. `make` runs outside the lock:
        two threads may both make it, and the later one is kept (the values are equal)."""
        key = (tuple(id(o) for o in objects), detail)
        with self._lock:
            found = self._entries.get(key)
            if found is not None and all(a is b for a, b in zip(found[0], objects, strict=True)):
                self._entries.move_to_end(key)
                return found[1]
        value = make()
        with self._lock:
            self._entries[key] = (objects, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value
