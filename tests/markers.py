"""Which tests are `browser` and `slow`, decided in one place (loaded with `-p tests.markers` from pyproject).

`browser`: the module drives Chromium through Playwright; found from what it imports, so a new browser test is
marked without anyone remembering to. `slow`: browser tests, the workspace's tests (each starts a database of
its own), and the modules below, whose tests take seconds each (they start servers or terminals, sign, convert
with LibreOffice, inflate hostile archives, or run many generated cases): `-m "not slow"` leaves the fast core
(model, loading, scoring, reports, the CLI and the questionnaire's logic) that a developer runs on every change.
A test may also carry `@pytest.mark.slow` itself.
"""

from __future__ import annotations

import types

import pytest

SLOW_PREFIX = "test_web_"
SLOW_MODULES = frozenset({
    "test_stderr_is_assess_only", "test_signing", "test_report_office", "test_hostile_concurrency",
    "test_interview_e2e", "test_compare_pdf", "test_hostile_pdfs", "test_properties", "test_packaging",
    "test_interview_screens", "test_not_applicable_interview", "test_hostile_spreadsheets",
})


def drives_a_browser(module: types.ModuleType) -> bool:
    return any(isinstance(value, types.ModuleType) and value.__name__.startswith("playwright")
               for value in vars(module).values())


def marks_for(module: types.ModuleType) -> set[str]:
    if drives_a_browser(module):
        return {"browser", "slow"}
    name = module.__name__.rpartition(".")[2]
    return {"slow"} if name in SLOW_MODULES or name.startswith(SLOW_PREFIX) else set()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = getattr(item, "module", None)
        for mark in sorted(marks_for(module)) if module is not None else ():
            item.add_marker(getattr(pytest.mark, mark))
