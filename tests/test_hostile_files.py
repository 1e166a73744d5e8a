"""Hostile inputs, class `files`: what a path can point at besides a readable regular file.

Cases that could hang or exhaust memory on a broken build (a FIFO, /dev/zero) run in a child
process with a memory ceiling and a generous timeout, so a regression fails the test instead of
stalling the suite; the timeout guards against a hang and says nothing about speed.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from assess import files
from assess.errors import AssessError
from assess.importers import MAX_JSON_BYTES, MAX_SURVEY_BYTES, check_framework_values
from assess.yamlsource import MAX_FILE_BYTES, MAX_NODES
from tests.conftest import CORE_FIXTURES, ROOT

MINI = CORE_FIXTURES / "frameworks" / "mini.yaml"
GOOD = CORE_FIXTURES / "good.yaml"
HANG_GUARD_SECONDS = 120


def _limit_memory() -> None:
    ceiling = 1024 * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):  # some systems (macOS) refuse an address-space limit
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def run_child(*args: str | Path, cwd: Path) -> tuple[int, str]:
    """`python -m assess ARGS` in a child capped at 1 GiB of memory; (exit status, stderr)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "assess", *map(str, args)], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=HANG_GUARD_SECONDS, preexec_fn=_limit_memory, check=False)
    return done.returncode, done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")
def test_a_fifo_is_refused_at_once_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    code, err = run_child("validate", "pipe.yaml", cwd=tmp_path)
    assert code == 2
    assert err.splitlines()[0] == "pipe.yaml:1:1: error: is a pipe (FIFO), not a regular YAML file"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_is_refused_before_a_byte_is_read(tmp_path: Path) -> None:
    code, err = run_child("validate", "/dev/zero", cwd=tmp_path)
    assert code == 2
    assert err.splitlines()[0] == "/dev/zero:1:1: error: is a character device, not a regular YAML file"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_as_json_is_refused(tmp_path: Path) -> None:
    code, err = run_child("import", "surveyjs", "/dev/zero", "-o", "x.yaml", cwd=tmp_path)
    assert code == 2
    assert err.splitlines()[0] == "/dev/zero:1:1: error: is a character device, not a regular JSON file"
    assert not (tmp_path / "x.yaml").exists()


def test_a_directory_is_named_as_one(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "dir.yaml").mkdir()
    code, _, err = cli("validate", tmp_path / "dir.yaml")
    assert code == 2
    assert err.splitlines()[0] == f"{tmp_path / 'dir.yaml'}:1:1: error: is a directory, not a YAML file"


def test_a_symlink_loop_in_a_frameworks_directory_is_located(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    library = tmp_path / "frameworks"
    library.mkdir()
    (library / "loop.yaml").symlink_to("loop.yaml")
    code, _, err = cli("frameworks", "--frameworks", library)
    assert code == 2
    assert err.splitlines() == [f"{library / 'loop.yaml'}:1:1: error: cannot read file: "
                                "too many levels of symbolic links (a symlink loop?)"]


def test_a_two_link_loop_given_as_the_input_is_located(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    code, _, err = cli("score", tmp_path / "a.yaml", "--frameworks", MINI.parent)
    assert code == 2
    assert err.splitlines()[0].endswith("a.yaml:1:1: error: cannot read file: "
                                        "too many levels of symbolic links (a symlink loop?)")


def _padded(source: Path, size: int) -> bytes:
    """`source` with a trailing comment that brings it to exactly `size` bytes."""
    body = source.read_bytes().rstrip(b"\n") + b"\n#"
    return body + b" " * (size - len(body) - 1) + b"\n"


def test_a_yaml_file_at_the_size_limit_is_read_and_one_byte_more_is_refused(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    at_limit, past = tmp_path / "at.yaml", tmp_path / "past.yaml"
    at_limit.write_bytes(_padded(GOOD, MAX_FILE_BYTES))
    past.write_bytes(_padded(GOOD, MAX_FILE_BYTES + 1))
    assert cli("validate", at_limit, "--frameworks", MINI.parent)[0] == 0
    code, _, err = cli("validate", past, "--frameworks", MINI.parent)
    assert code == 2
    assert err.splitlines()[0] == f"{past}:1:1: error: file is larger than 5 MiB"


def test_reading_stops_one_byte_past_the_limit_whatever_the_size(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(64 * MAX_FILE_BYTES)  # sparse: costs no disk
    read: list[int] = []
    real_read = os.read

    def counting_read(fd: int, n: int) -> bytes:
        chunk = real_read(fd, n)
        read.append(len(chunk))
        return chunk

    monkeypatch.setattr(os, "read", counting_read)
    with pytest.raises(AssessError, match="file is larger than 5 MiB"):
        files.read_user_file(huge, "huge.yaml", "YAML", MAX_FILE_BYTES)
    assert sum(read) == MAX_FILE_BYTES + 1


def test_a_survey_larger_than_a_framework_may_be_is_refused_before_parsing(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    survey = tmp_path / "survey.json"
    pages = [{"name": "p", "elements": [{"type": "text", "name": "q", "title": "x" * (MAX_SURVEY_BYTES + 1)}]}]
    survey.write_text(json.dumps({"pages": pages}))
    code, _, err = cli("import", "surveyjs", survey, "-o", tmp_path / "out.yaml")
    assert code == 2
    assert err.splitlines() == [f"{survey}:1:1: error: file is larger than 5 MiB"]
    assert not (tmp_path / "out.yaml").exists()


def test_a_survey_at_the_size_limit_is_read(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    survey = tmp_path / "survey.json"
    text = json.dumps({"pages": [{"name": "p", "elements": [{"type": "text", "name": "q", "title": "Q"}]}]})
    survey.write_text(text + " " * (MAX_SURVEY_BYTES - len(text)))
    code, _, err = cli("import", "surveyjs", survey, "-o", tmp_path / "out.yaml", "--reviewed", "2026-01-01")
    assert (code, err) == (0, "")


def test_answers_past_the_json_limit_are_refused(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    saved = tmp_path / "answers.json"
    with saved.open("wb") as handle:
        handle.truncate(MAX_JSON_BYTES + 1)
    code, _, err = cli("import", "aia-answers", saved, "-o", tmp_path / "a.yaml", "--framework", "mini",
                       "--frameworks", MINI.parent)
    assert code == 2
    assert err.splitlines() == [f"{saved}:1:1: error: file is larger than 5 MiB"]


def test_a_conversion_with_more_values_than_a_framework_may_have_names_the_survey() -> None:
    check_framework_values({"questions": [{"id": "q"}] * (MAX_NODES // 2 - 1)}, "s.json")  # at the cap
    with pytest.raises(AssessError) as raised:
        check_framework_values({"questions": [{"id": "q"}] * (MAX_NODES // 2)}, "s.json")
    assert str(raised.value) == (f"s.json:1:1: error: the converted framework would have more than {MAX_NODES} "
                                 "values, more than a framework may have")


@pytest.mark.parametrize(("text", "message"), [
    ('{"pages": ' + "9" * 5000 + "}", "1:11: error: invalid JSON: a number has more digits than a number may have"),
    ('{"title": "NaN",\n "pages": NaN}',
     "2:11: error: invalid JSON: NaN is not a JSON value (RFC 8259) (write the number, or null)"),
    ('{"pages": [-Infinity]}',
     "1:12: error: invalid JSON: -Infinity is not a JSON value (RFC 8259) (write the number, or null)"),
    ("[" * 100_000 + "]" * 100_000, "1:1: error: JSON is nested too deeply"),
])
def test_json_that_python_reads_but_is_not_json_is_located(tmp_path: Path, cli, text: str,  # type: ignore[no-untyped-def]
                                                           message: str) -> None:
    survey = tmp_path / "survey.json"
    survey.write_text(text)
    code, _, err = cli("import", "surveyjs", survey, "-o", tmp_path / "out.yaml")
    assert code == 2
    assert err.splitlines() == [f"{survey}:{message}"]


def test_a_brand_file_past_the_asset_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    from assess.rendering.templating import MAX_ASSET_BYTES, TemplateSet

    with (tmp_path / "brand.yaml").open("wb") as handle:
        handle.write(b"organisation: Example\n")
        handle.truncate(64 * MAX_ASSET_BYTES)  # sparse
    with pytest.raises(AssessError) as raised:
        TemplateSet(tmp_path).brand()
    assert str(raised.value) == f"{tmp_path.resolve() / 'brand.yaml'}:1:1: error: file is larger than 5 MiB"
