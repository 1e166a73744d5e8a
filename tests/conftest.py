"""Shared test fixtures."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

# Under CI=true a skip is a failure that says what to install (tests/ci_skips.py).
from tests.ci_skips import pytest_make_collect_report, pytest_runtest_makereport  # noqa: F401

# The web workspace's fixtures (an app on a fresh database, signed-in people), for tests/test_web_*.py.
from tests.web_support import alice, app, bob, cheap_password_hashing, database_url  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
CORE_FIXTURES = ROOT / "tests" / "fixtures" / "core"


@pytest.fixture
def mini_dir(tmp_path: Path) -> Path:
    """A writable copy of the core fixture frameworks."""
    target = tmp_path / "frameworks"
    shutil.copytree(CORE_FIXTURES / "frameworks", target)
    return target


@pytest.fixture
def mini_and_follow_dir(mini_dir: Path) -> Path:
    """The core fixture frameworks and `follow`, whose one question is asked only when `mini`'s
    `consulted` is 'no': a condition that reads another framework's answer."""
    (mini_dir / "follow.yaml").write_text(
        "schema: assess/framework@1\nid: follow\nversion: 1.0.0\ntitle: F\nsummary: S\nlast_reviewed: 2026-01-01\n"
        "sections:\n  - id: s\n    title: S\n    questions:\n"
        "      - id: why\n        ask: Why not consulted?\n"
        "        when: \"mini.consulted == 'no'\"\n"
        "        options: [{value: a, label: A, score: 3}, {value: b, label: B, score: 0}]\n"
    )
    return mini_dir


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from assess.cli import main

    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    return lambda *args: run_cli([str(a) for a in args], capsys)


def python() -> str:
    return sys.executable
