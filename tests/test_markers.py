"""The `browser` and `slow` marks that the fast core (`pytest -m "not slow"`) is chosen by."""

from __future__ import annotations

import pytest

import tests.test_cli
import tests.test_scoring
import tests.test_web_browser
import tests.test_web_review
from tests.markers import marks_for


def test_the_marks_are_given_at_every_collection(request: pytest.FixtureRequest) -> None:
    assert request.config.pluginmanager.has_plugin("tests.markers")
    assert {mark.name for mark in request.node.iter_markers()} == set()  # a core test: no mark


def test_the_fast_core_leaves_out_browsers_and_the_workspace() -> None:
    assert marks_for(tests.test_web_browser) == {"browser", "slow"}  # found from its import of Playwright
    assert marks_for(tests.test_web_review) == {"slow"}  # a database per test
    assert marks_for(tests.test_scoring) == marks_for(tests.test_cli) == set()
