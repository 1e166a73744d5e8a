"""Hostile report templates directories (`--templates DIR`), beyond tests/test_report_safety.py.

A templates directory may come from a third party (a branding repository). The sandbox keeps it
from Python's internals and the files outside it (test_report_safety.py); here, it also cannot
take the machine's memory or time, cannot crash assess with a traceback, and cannot get around
the isolation of misleading text. Each case names the exit status and the exact message, and
checks that no report was written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.rendering.isolation import isolate, place_isolates
from assess.rendering.templating import TemplateSet
from tests.report_support import FIXTURE_ASSESSMENT, fixture_args

CASES = [
    # (the template, the message after "report.html.j2:1:1: error: template: ")
    ("{{ ('x' * 10**11) | length }}", "repeating 1 items 100000000000 times; at most 1000000 items"),
    ("{{ ([1, 2] * 10**7) | length }}", "repeating 2 items 10000000 times; at most 1000000 items"),
    ("{{ 7 ** 100000000 }}", "an exponent of 100000000; at most 256"),
    ("{{ '%2000000000s' % 'x' }}", "a format with a width or precision of more than six digits"),
    ("{{ '%*s' % (2000000000, 'x') }}", "2000000000 passed to a format; a width or count is at most 10000"),
    ("{{ '{:>2000000000}'.format('x') }}", "a format with a width or precision of more than six digits"),
    ("{{ 'x'.center(10**9) }}", "1000000000 passed to center(); a width or count is at most 10000"),
    ("{{ 'x' | center(10**9) }}",
     "1000000000 passed to the filter 'center'; a width or count is at most 10000"),
    ("{{ [1] | slice(10**9) | list }}",
     "1000000000 passed to the filter 'slice'; a width or count is at most 10000"),
    ("{{ ('x' * 1000).join(['a'] * 1000) }}", "join() would make a text of more than 1000000 characters"),
    ("{{ (['x' * 1000] * 999) | join('y' * 1000) }}", "join() would make a text of more than 1000000 characters"),
    ("{{ (['x' * 1000] * 2000) | length }}", "repeating 1 items 2000 times; at most 1000000 items"),
    ("{{ '{:{}}'.format('x', 10**9) }}", "1000000000 passed to a format; a width or count is at most 10000"),
    ("{{ [1] | batch(10**9, 'x') | list }}",
     "1000000000 passed to the filter 'batch'; a width or count is at most 10000"),
    ("{{ ('x' * 1000).replace('x', 'y' * 2000) }}", "replace() would make a text of more than 1000000 characters"),
    ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
     "range() gave more than 2000000 numbers in all; loops nested too deep"),
    ("{{ range(10**7) | length }}", "range() of 10000000 numbers; at most 100000"),
    ("{{ lipsum(10**4) }}", "'lipsum' is undefined"),
]


def _templates(tmp_path: Path, source: str) -> Path:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.html.j2").write_text(source, encoding="utf-8")
    return templates


@pytest.mark.parametrize(("source", "message"), CASES, ids=[c[0][:40] for c in CASES])
def test_a_template_cannot_exhaust_memory_or_time(tmp_path: Path, cli, source: str, message: str) -> None:  # type: ignore[no-untyped-def]
    templates = _templates(tmp_path, source)
    out = tmp_path / "r.html"
    code, stdout, stderr = cli("report", FIXTURE_ASSESSMENT, "-o", out, "--templates", templates, *fixture_args())
    assert (code, stdout) == (2, "")
    assert stderr.splitlines()[-1] == f"report.html.j2:1:1: error: template: {message}"
    assert not out.exists()


@pytest.mark.parametrize("source", ["{% include 'report.html.j2' %}", "{% extends 'report.html.j2' %}"])
def test_a_template_that_includes_itself_is_a_clear_error(tmp_path: Path, cli, source: str) -> None:  # type: ignore[no-untyped-def]
    templates = _templates(tmp_path, source)
    out = tmp_path / "r.html"
    code, _, stderr = cli("report", FIXTURE_ASSESSMENT, "-o", out, "--templates", templates, *fixture_args())
    assert code == 2
    shipped = TemplateSet(None).dirs[0]
    assert stderr.splitlines()[-1] == (
        "report.html.j2:1:1: error: template: nested too deeply (does a template include or extend itself?) "
        f"(templates come from {templates.resolve()}, {shipped})")
    assert "Traceback" not in stderr and not out.exists()


def test_a_page_without_bounds_is_stopped(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    # Each piece is allowed; the page they add up to is not.
    source = "{% for a in range(2000) %}{% for b in range(1000) %}{{ 'x' * 100 }}{% endfor %}{% endfor %}"
    templates = _templates(tmp_path, source)
    out = tmp_path / "r.html"
    code, _, stderr = cli("report", FIXTURE_ASSESSMENT, "-o", out, "--templates", templates, *fixture_args())
    assert code == 2
    assert stderr.splitlines()[-1] == ("report.html.j2:1:1: error: template: the page is longer than 100000000 "
                                       "characters")
    assert not out.exists()


def test_ordinary_use_is_untouched(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    source = ("{% for i in range(3) %}{{ i }}{% endfor %}|{{ '-' * 5 }}|{{ '%05.1f' % 3.14159 }}|"
              "{{ 'ab' | center(6) }}|{{ '{:>4}'.format('x') }}|{{ 2 ** 10 }}|{{ ', '.join(['a', 'b']) }}|"
              "{{ '{:,}'.format(4600000) }}|{{ 4600000 | string }}|{{ ('x' * 1000) | length }}|{{ report.title }}")
    templates = _templates(tmp_path, source)
    out = tmp_path / "r.html"
    code, _, stderr = cli("report", FIXTURE_ASSESSMENT, "-o", out, "--templates", templates, *fixture_args())
    assert code == 0, stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("012|-----|003.1|  ab  |   x|1024|a, b|4,600,000|4600000|1000|Fixture pilot &amp; review")


def test_a_template_cannot_undo_the_isolation(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """A template that prints a title with a bidi override through a filter (|e, |upper), in an
    attribute, a <title> or an SVG still isolates it or shows it."""
    answers = tmp_path / "a.yaml"
    answers.write_text(FIXTURE_ASSESSMENT.read_text(encoding="utf-8").replace(
        'title: "Fixture pilot & review <script>alert(1)</script>"', 'title: "Pilot \\u202eweiver"'),
        encoding="utf-8")
    source = ("<title>{{ report.title }}</title><p title=\"{{ report.title }}\">{{ report.title | e }} after</p>"
              "<svg><text>{{ report.title }}</text></svg><p>{{ report.title | upper }} after</p>")
    templates = _templates(tmp_path, source)
    out = tmp_path / "r.html"
    assert cli("report", answers, "-o", out, "--templates", templates, *fixture_args())[0] == 0
    assert out.read_text(encoding="utf-8") == (
        "<title>Pilot ⟦U+202E⟧weiver</title><p title=\"Pilot ⟦U+202E⟧weiver\">"
        "<bdi>\u2068Pilot \u202eweiver\u2069</bdi> after</p>"
        "<svg><text>Pilot ⟦U+202E⟧weiver</text></svg><p><bdi>\u2068PILOT \u202eWEIVER\u2069</bdi> after</p>")


def test_isolate_and_place() -> None:
    assert isolate("plain") == "plain" and isolate(3) == 3
    text, attribute = isolate("a<\u202eb"), isolate("x\u202e")
    assert place_isolates(f"<p>{text}</p>") == "<p><bdi>\u2068a&lt;\u202eb\u2069</bdi></p>"
    assert place_isolates(f'<a href="{attribute}">') == '<a href="x⟦U+202E⟧">'
