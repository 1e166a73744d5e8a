"""Under CI=true no test skips silently: a skip becomes a failure that says what is missing.

A skip in CI means a tool, a server or a package the project's own bootstrap installs is absent, and a green
run that tested less than it claims. The one exception is a skip whose reason starts with
`tests.needs.NOT_APPLICABLE` (`tests.needs.not_applicable()`): the test does not apply to the case at hand.
Registered by tests/conftest.py; also loadable with `-p tests.ci_skips`.
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest

from tests.needs import BOOTSTRAP, NOT_APPLICABLE

SKIPPED = "Skipped: "


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _reason(longrepr: object) -> str:
    text = str(longrepr[2]) if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return text.removeprefix(SKIPPED)


def ci_failure(longrepr: object) -> str | None:
    """The failure a skip with this report text becomes under CI=true, or None when it may stay a skip."""
    if not in_ci():
        return None
    reason = _reason(longrepr)
    if reason.startswith(NOT_APPLICABLE):
        return None
    if "install" not in reason:  # say what to do even when the skip did not
        reason += f" (install what the test needs: {BOOTSTRAP})"
    return f"CI=true and {reason}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, object, object]:
    report = yield
    assert isinstance(report, pytest.TestReport)
    if report.skipped and not hasattr(report, "wasxfail"):
        failure = ci_failure(report.longrepr)
        if failure is not None:
            report.outcome = "failed"
            report.longrepr = failure
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, object, object]:
    """A module skipped as a whole (`pytest.importorskip` at its top, say) fails to collect under CI=true."""
    report = yield
    assert isinstance(report, pytest.CollectReport)
    if report.skipped:
        failure = ci_failure(report.longrepr)
        if failure is not None:
            report.outcome = "failed"
            report.longrepr = failure
    return report
