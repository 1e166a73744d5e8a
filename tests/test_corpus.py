"""Every malformed file in tests/corpus/ is reported at the line and column its first line names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CORE_FIXTURES, ROOT

CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.yaml"))


def expected(path: Path) -> str:
    first = path.read_bytes().split(b"\n", 1)[0].decode()
    assert first.startswith("# expect: "), f"{path.name} must start with '# expect: LINE:COL: error: ...'"
    return first.removeprefix("# expect: ")


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 20


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_error_points_at_the_node(path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    relative = path.relative_to(ROOT)
    code, _, err = cli("validate", relative, "--frameworks", CORE_FIXTURES / "frameworks")
    assert code == 2
    assert "Traceback" not in err
    first = err.splitlines()[0]
    assert first == f"{relative}:{expected(path)}"
