"""Hostile inputs, class `yaml`: files that are YAML, or nearly, built to hurt the reader.

Every file in tests/hostile/yaml/ names on its first line the error `assess validate` must give
(`# expect: LINE:COL: error: ...`); cases too large for git are built here. Each limit is tested
at its value and one past it (docs/limits.md lists them).
"""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from assess.errors import AssessError
from assess.yamlsource import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_TEXT, parse_document
from tests.conftest import ROOT

CASES = sorted((ROOT / "tests" / "hostile" / "yaml").glob("*.yaml"))


def expected(path: Path) -> str:
    first = path.read_bytes().split(b"\n", 1)[0].decode()
    assert first.startswith("# expect: "), f"{path.name} must start with '# expect: LINE:COL: error: ...'"
    return first.removeprefix("# expect: ")


def test_there_is_a_case_for_each_trick() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_each_case_gives_exactly_its_error(path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    relative = path.relative_to(ROOT)
    code, _, err = cli("validate", relative)
    assert code == 2
    assert "Traceback" not in err
    assert err.splitlines()[0] == f"{relative}:{expected(path)}"


def _error(text: str | bytes) -> str:
    with pytest.raises(AssessError) as raised:
        parse_document(text.encode() if isinstance(text, str) else text, "f.yaml")
    return str(raised.value)


def _nested(levels: int) -> str:
    return "a: " + "[" * levels + "]" * levels + "\n"


def test_nesting_at_the_limit_is_read_and_one_level_more_is_located() -> None:
    assert parse_document(_nested(MAX_DEPTH).encode(), "f.yaml").data
    message = _error(_nested(MAX_DEPTH + 1))
    assert message == f"f.yaml:1:{4 + MAX_DEPTH}: error: YAML is nested more than 100 levels deep"


def test_block_nesting_past_the_limit_is_located() -> None:
    text = "a:\n" + "".join(" " * level + "- \n" for level in range(1, MAX_DEPTH + 2))
    assert _error(text) == f"f.yaml:{MAX_DEPTH + 2}:{MAX_DEPTH + 2}: error: YAML is nested more than 100 levels deep"


def test_nesting_deeper_than_libyaml_allows_is_a_syntax_error_not_a_crash() -> None:
    message = _error(_nested(100_000))  # libyaml stops at 1,000 levels; the pure-Python reader recurses
    assert message.startswith("f.yaml:1:") and "nest" in message


def _keys(count: int) -> bytes:
    return "".join(f"k{i}: 1\n" for i in range(count)).encode()


def test_as_many_values_as_allowed_are_read_and_one_more_is_refused() -> None:
    # The top-level mapping is one node, each value another.
    assert len(parse_document(_keys(MAX_NODES - 1), "f.yaml").data) == MAX_NODES - 1
    assert _error(_keys(MAX_NODES)) == (f"f.yaml:{MAX_NODES}:{len(str(MAX_NODES - 1)) + 4}: error: "
                                        f"document expands to more than {MAX_NODES} nodes (too many aliases?)")


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
def test_utf16_is_named_with_what_to_do(bom: bytes) -> None:
    text = bom + "schema: assess/framework@1\n".encode("utf-16-le" if bom == b"\xff\xfe" else "utf-16-be")
    assert _error(text) == "f.yaml:1:1: error: file is UTF-16 text; assess reads UTF-8 (save it as UTF-8)"


def test_a_utf8_bom_is_accepted() -> None:
    assert parse_document(b"\xef\xbb\xbfa: 1\n", "f.yaml").data == {"a": 1}


def test_invalid_utf8_is_located_at_its_byte() -> None:
    assert _error(b"a: 1\nb: caf\xe9\n") == "f.yaml:2:7: error: file is not valid UTF-8 text"


def test_a_huge_scalar_is_quoted_short_in_the_message() -> None:
    message = _error("n: " + "9" * 100_000 + "\n")
    assert len(message) < 120
    assert message.startswith("f.yaml:1:4: error: cannot read value '9999")


def test_a_control_character_is_located() -> None:
    assert _error('a: 1\nb: "x\x07"\n') == ("f.yaml:2:6: error: character U+0007 is not allowed in YAML "
                                           "(control characters are not allowed)")


def _aliased_text(extra: str) -> bytes:
    """A 1 MiB value and enough aliases of it to reach MAX_TEXT characters exactly, then `extra`."""
    copies = MAX_TEXT // (1024 * 1024)
    return (f"a: &a {'x' * 1024 * 1024}\nb: [" + ", ".join(["*a"] * (copies - 1)) + f"]\n{extra}").encode()


def test_aliases_of_long_text_are_capped_at_the_limit_and_one_past() -> None:
    # Few nodes but many megabytes once expanded: a report would print every copy.
    assert len(parse_document(_aliased_text(""), "f.yaml").data["b"]) == MAX_TEXT // (1024 * 1024) - 1
    assert _error(_aliased_text("c: z\n")) == ("f.yaml:3:4: error: document expands to more than "
                                               f"{MAX_TEXT:,} characters of text (too many aliases?)")


def _memory_ceiling() -> None:
    ceiling = 256 * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):  # some systems (macOS) refuse an address-space limit
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def test_a_flood_of_tiny_values_is_refused_before_it_is_held_in_memory(tmp_path: Path) -> None:
    # A 5 MiB flow list holds 2.6 million values. Composing them all before counting took
    # about 900 MB; counting as it is parsed stops at the cap. The child runs under 256 MiB.
    flood = tmp_path / "flood.yaml"
    flood.write_text("a: [" + "1," * ((MAX_FILE_BYTES - 6) // 2) + "]\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "assess", "validate", "flood.yaml"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120, preexec_fn=_memory_ceiling, check=False)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == (f"flood.yaml:1:{2 * MAX_NODES + 1}: error: document expands to more "
                                           f"than {MAX_NODES} nodes (too many aliases?)")


def _merges(copies: int, extra: str) -> str:
    base = "a: &a {" + ", ".join(f"k{i}: {i}" for i in range(1000)) + "}\n"
    return base + "b: {<<: [" + ", ".join(["*a"] * copies) + "]" + extra + "}\n"


def test_merge_keys_gathering_more_than_the_node_cap_are_refused_before_merging() -> None:
    # `<<: [*a, *a, ...]` gathers every copy before dropping repeated keys: 20,000 copies of a
    # 2,000-key mapping took 18 s in a 100 KB file. Counted first, at the cap and one past.
    copies = MAX_NODES // 1000
    assert len(parse_document(_merges(copies, "").encode(), "f.yaml").data["b"]) == 1000
    assert _error(_merges(copies, ", extra: 1")) == (f"f.yaml:2:4: error: merge keys (<<) expand to more than "
                                                      f"{MAX_NODES} entries")
    assert _error(_merges(20_000, "")).endswith(f"merge keys (<<) expand to more than {MAX_NODES} entries")
