"""State the whole process shares: the engine leaves the cyclic collector as it found it, however many threads
load and score at once (the workspace does both in a thread pool), and its caches of what is derived from
framework objects do not grow with every framework it has seen (the PDF worker loads a new one per build)."""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
import weakref
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assess import fingerprint
from assess.errors import AssessError
from assess.loading import FrameworkLibrary, assessment_from_document, load_framework
from assess.model import Framework
from assess.scoring import score
from assess.yamlsource import parse_document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "met-officer-monitoring" / "ethics-board.yaml"
THREADS = 4


@pytest.fixture
def busy_switching() -> Iterator[None]:
    """Threads handed the interpreter as often as it allows, so that every interleaving of two threads' steps
    comes up many times in a few hundred calls; and the collector on, as a server's is, and after."""
    interval = sys.getswitchinterval()
    was_enabled = gc.isenabled()
    gc.enable()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)
        if not was_enabled:
            gc.disable()


def test_loading_and_scoring_in_threads_never_switch_the_collector(busy_switching: None) -> None:
    raw = EXAMPLE.read_bytes()
    library = FrameworkLibrary()
    assessment, frameworks = assessment_from_document(parse_document(raw, EXAMPLE.name), library)
    expected = score(frameworks, assessment)
    seen_off = threading.Event()
    done = threading.Event()

    def watch() -> None:  # the collector is the process's: no moment of a load or a score may turn it off
        while not done.is_set():
            if not gc.isenabled():
                seen_off.set()

    def work(_: int) -> bool:
        same = True
        for _round in range(10):
            loaded, used = assessment_from_document(parse_document(raw, EXAMPLE.name), library)
            same = same and score(used, loaded) == expected
        return same

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with ThreadPoolExecutor(THREADS) as pool:
            results = list(pool.map(work, range(THREADS)))
    finally:
        done.set()
        watcher.join()
    assert all(results)
    assert not seen_off.is_set(), "loading or scoring switched the process's collector off"
    assert gc.isenabled()


def test_threads_reading_files_at_once_do_not_leave_the_collector_off(busy_switching: None) -> None:
    """The race of issue #25: a thread that asks whether the collector is on while another has it paused, and
    pauses it after the other has turned it back on, leaves it off for good. Short reads (a file of nothing but
    comments is refused at once) make the moment come up often; checked between rounds, when no thread reads."""
    empty = [b"# nothing here\n", b"\n\n"]

    def work(_: int) -> None:
        for i in range(500):
            with contextlib.suppress(AssessError):
                parse_document(empty[i % 2], "empty.yaml")

    with ThreadPoolExecutor(THREADS) as pool:
        for _round in range(400):  # before the fix, left off within about 30 rounds
            list(pool.map(work, range(THREADS)))
            assert gc.isenabled(), f"the collector was left off after {_round + 1} rounds of reads in threads"


def test_fingerprints_keep_no_framework_alive() -> None:
    """The PDF worker loads a build's uploaded frameworks afresh each time: five hundred frameworks seen one
    after another leave nothing behind, while each one's hashes are still taken once while it lives."""
    base = load_framework(ROOT / "frameworks" / "equality.yaml")
    expected = fingerprint.pin(base)
    before = len(fingerprint._cache)
    released: list[weakref.ref[Framework]] = []
    for i in range(500):
        framework = base.model_copy(update={"title": f"Equality, copy {i}"})
        assert fingerprint.pin(framework).questions == expected.questions
        assert fingerprint._hashes(framework) is fingerprint._hashes(framework)  # worked out once, kept meanwhile
        released.append(weakref.ref(framework))
        del framework
    gc.collect()
    assert sum(ref() is not None for ref in released) == 0, "fingerprinted frameworks were kept alive"
    assert len(fingerprint._cache) <= before
    assert fingerprint.pin(base) == expected

