"""The cache of loaded frameworks: one parse per file per command, never a stale or a broken framework."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assess.errors import AssessError
from assess.loading import (
    _LOADED,
    FrameworkLibrary,
    _LoadedFrameworks,
    _LoadedKey,
    builtin_frameworks_dir,
    load_framework,
    load_framework_document,
)


@pytest.fixture
def equality(tmp_path: Path) -> Path:
    _LOADED.clear()
    path = tmp_path / "equality.yaml"
    shutil.copy(builtin_frameworks_dir() / "equality.yaml", path)
    return path


def test_a_framework_validated_once_is_not_parsed_again(equality: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    framework, _ = load_framework_document(equality)
    parsed: list[str] = []
    monkeypatch.setattr("assess.loading.parse_document", lambda raw, path: parsed.append(path))
    assert load_framework(equality) is framework
    assert FrameworkLibrary(dirs=[equality.parent], include_builtin=False).load("equality") is framework
    assert parsed == []


def test_an_edited_file_is_read_afresh(equality: Path) -> None:
    before = load_framework(equality)
    equality.write_text(equality.read_text(encoding="utf-8").replace(
        f"title: {before.title}", "title: Edited title", 1), encoding="utf-8")
    assert load_framework(equality).title == "Edited title"


def test_the_path_shown_and_the_language_are_part_of_the_key(equality: Path) -> None:
    plain = load_framework(equality)
    assert load_framework(equality, "elsewhere/equality.yaml") is not plain
    assert load_framework(equality, lang="fr") is not plain


def test_a_framework_with_an_error_is_never_kept(equality: Path) -> None:
    text = equality.read_text(encoding="utf-8")
    equality.write_text(text.replace("schema: assess/framework@1", "schema: assess/framework@1\nunknown_key: 1", 1),
                        encoding="utf-8")
    for _ in range(2):
        with pytest.raises(AssessError, match="unknown key 'unknown_key'"):
            load_framework(equality)
    assert all(key.path != str(equality) for key in _LOADED._entries)


def test_the_cache_is_bounded_by_entries_and_by_bytes(equality: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    framework = load_framework(equality)
    cache = _LoadedFrameworks()
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    monkeypatch.setattr(cache, "MAX_BYTES", 100)
    keys = [_LoadedKey.of(equality, f"shown{i}", None, b"x") for i in range(3)]
    for key in keys:
        cache.put(key, framework, 10)
    assert [cache.get(k) is framework for k in keys] == [False, True, True]  # the oldest went first
    cache.put(_LoadedKey.of(equality, "big", None, b"y"), framework, 95)
    assert [cache.get(k) is framework for k in keys] == [False, False, False]  # over 100 bytes: room made
    cache.put(_LoadedKey.of(equality, "huge", None, b"z"), framework, 101)
    assert cache.get(_LoadedKey.of(equality, "huge", None, b"z")) is None  # larger than the whole cache
