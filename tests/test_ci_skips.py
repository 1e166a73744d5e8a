"""Under CI=true a test that would skip for a missing tool fails instead, saying what to install; a test
that does not apply may still skip; outside CI both skip. Checked on a small suite run by a pytest of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import needs
from tests.conftest import ROOT

SUITE = '''
import pytest
from tests import needs

needs.TOOLS["absent"] = needs.Tool(("/nonexistent/absent-tool",), "absent-package")


def test_a_tool_it_runs():
    needs.require("absent")


@needs.needs("absent")
def test_marked_with_a_tool():
    pass


@pytest.mark.skipif(True, reason="someone wrote a skipif by hand")
def test_a_plain_skipif():
    pass


def test_not_for_this_database():
    needs.not_applicable("SQLite has no server connection to lose")


def test_that_passes():
    pass


@pytest.mark.xfail(reason="a known bug", strict=True)
def test_an_expected_failure():
    raise AssertionError
'''

MODULE_SKIP = '''
import pytest

pytest.importorskip("no_such_package_here")


def test_never_collected():
    pass
'''


def run_suite(tmp_path: Path, ci: str | None, *files: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # none of the project's options
    (tmp_path / "test_suite.py").write_text(SUITE, encoding="utf-8")
    (tmp_path / "test_module_skip.py").write_text(MODULE_SKIP, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
    env["PYTHONPATH"] = str(ROOT)
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # faster, and only the plugin under test
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.ci_skips", "-p", "no:cacheprovider", "-rA", "--rootdir",
         str(tmp_path), "-c", str(tmp_path / "pytest.ini"), *files],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )


def test_outside_ci_a_missing_tool_skips_saying_what_to_install(tmp_path: Path) -> None:
    done = run_suite(tmp_path, None, "test_suite.py")
    assert done.returncode == 0, done.stdout
    assert "1 passed, 4 skipped, 1 xfailed" in done.stdout, done.stdout
    assert "/nonexistent/absent-tool is missing: apt-get install absent-package" in done.stdout


def test_under_ci_a_missing_tool_fails_and_says_what_to_install(tmp_path: Path) -> None:
    done = run_suite(tmp_path, "true", "test_suite.py")
    assert done.returncode == 1, done.stdout
    # a skip in a test's set-up (a mark) shows as an error, one in its body as a failure: either fails the run
    assert "1 failed, 1 passed, 1 skipped, 1 xfailed, 2 errors" in done.stdout, done.stdout
    hint = ("CI=true and /nonexistent/absent-tool is missing: apt-get install absent-package "
            "(bash scripts/bootstrap.sh --dev installs it)")
    assert f"FAILED test_suite.py::test_a_tool_it_runs - {hint}" in done.stdout, done.stdout
    assert f"ERROR test_suite.py::test_marked_with_a_tool - {hint}" in done.stdout, done.stdout
    assert ("ERROR test_suite.py::test_a_plain_skipif - CI=true and someone wrote a skipif by hand "
            "(install what the test needs: bash scripts/bootstrap.sh --dev installs it)") in done.stdout
    skipped = [line for line in done.stdout.splitlines() if line.startswith("SKIPPED")]
    assert len(skipped) == 1 and skipped[0].endswith("not applicable: SQLite has no server connection to lose")


def test_under_ci_a_module_skipped_for_a_missing_package_fails_to_collect(tmp_path: Path) -> None:
    assert run_suite(tmp_path, None, "test_module_skip.py").returncode == 5  # skipped: nothing ran
    done = run_suite(tmp_path, "true", "test_module_skip.py")
    assert done.returncode == 2, done.stdout  # a collection error: nothing of the run passes unseen
    assert "CI=true and could not import 'no_such_package_here'" in done.stdout, done.stdout


def test_require_gives_the_path_of_a_present_tool_and_skips_for_an_absent_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(needs.TOOLS, "sh", needs.Tool(("no-such-shell-here", "sh"), "dash"))
    assert needs.require("sh").endswith("/sh")  # the first of its names found on PATH
    monkeypatch.setitem(needs.TOOLS, "gone", needs.Tool(("no-such-program-here",), "some-package"))
    with pytest.raises(pytest.skip.Exception, match="no-such-program-here is missing: apt-get install some-package"):
        needs.require("gone")
