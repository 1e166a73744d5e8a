"""The templates' environments are built once per process and reused, their compiled code shared, and
neither ever serves a template other than the one on disk now (assess/rendering/environments.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2 import Environment

from assess.errors import AssessError
from assess.rendering import environments, sandbox
from assess.rendering.environments import (
    COMPILED,
    CheckedChoiceLoader,
    CompiledTemplates,
    environment_for,
    forget_environments,
)
from assess.rendering.templating import TemplateSet


@pytest.fixture(autouse=True)
def clean_caches() -> Iterator[None]:
    forget_environments()
    yield
    forget_environments()


def render(templates: TemplateSet, name: str, mode: str = "html") -> str:
    return templates.render(environment_for(templates, mode), name, {})


def test_one_environment_per_directories_language_and_mode(tmp_path: Path) -> None:
    html = environment_for(TemplateSet(), "html")
    assert environment_for(TemplateSet(), "html") is html
    assert environment_for(TemplateSet(), "md") is html  # only a PDF names its assets differently
    assert environment_for(TemplateSet(), "pdf") is not html
    assert environment_for(TemplateSet(lang="fr"), "html") is not html
    assert environment_for(TemplateSet(tmp_path), "html") is not html


def test_the_oldest_environment_goes_when_there_are_too_many(tmp_path: Path) -> None:
    first = environment_for(TemplateSet(), "html")
    for n in range(environments.ENVIRONMENTS):
        (tmp_path / str(n)).mkdir()
        environment_for(TemplateSet(tmp_path / str(n)), "html")
    assert environment_for(TemplateSet(), "html") is not first


def test_a_second_environment_compiles_nothing_the_first_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str | None] = []
    real = Environment.compile

    def counting(self: Environment, source: str, name: str | None = None, *args: object, **kwargs: object) -> object:
        compiled.append(name)
        return real(self, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Environment, "compile", counting)
    environment_for(TemplateSet(), "html").get_template("report.html.j2")
    assert "report.html.j2" in compiled
    compiled.clear()
    environment_for(TemplateSet(), "pdf").get_template("report.html.j2")  # another environment, same code
    environment_for(TemplateSet(lang="fr"), "html").get_template("report.html.j2")
    assert compiled == []


def test_compiled_code_is_used_only_for_the_source_it_came_from() -> None:
    cache = CompiledTemplates(4)
    env = TemplateSet().environment("html")
    bucket = cache.get_bucket(env, "page.j2", "/t/page.j2", "one")
    assert bucket.code is None
    bucket.code = env.compile("one", "page.j2", "/t/page.j2")
    cache.set_bucket(bucket)
    assert cache.get_bucket(env, "page.j2", "/t/page.j2", "one").code is bucket.code
    assert cache.get_bucket(env, "page.j2", "/t/page.j2", "two").code is None  # edited: compiled again
    assert cache.get_bucket(env, "page.j2", "/elsewhere/page.j2", "one").code is None
    plain = Environment()  # other settings (not sandboxed): never given the sandbox's code, nor it theirs
    assert cache.get_bucket(plain, "page.j2", "/t/page.j2", "one").code is None


def test_compiled_code_is_bounded() -> None:
    cache = CompiledTemplates(2)
    env = TemplateSet().environment("html")
    for n in range(3):
        bucket = cache.get_bucket(env, f"{n}.j2", None, str(n))
        bucket.code = env.compile(str(n))
        cache.set_bucket(bucket)
    assert len(cache) == 2
    assert cache.get_bucket(env, "0.j2", None, "0").code is None


def test_an_edited_user_template_is_never_served_stale(tmp_path: Path) -> None:
    page = tmp_path / "page.j2"
    page.write_text("first", encoding="utf-8")
    stamp = page.stat().st_mtime_ns
    assert render(TemplateSet(tmp_path), "page.j2") == "first"
    page.write_text("second", encoding="utf-8")
    os.utime(page, ns=(stamp, stamp))  # the same modification time, as on a file system with coarse times
    assert render(TemplateSet(tmp_path), "page.j2") == "second"


def test_a_new_override_is_picked_up(tmp_path: Path) -> None:
    user = tmp_path / "templates"
    user.mkdir()
    (user / "page.j2").write_text('{% include "part.j2" %}', encoding="utf-8")
    with pytest.raises(AssessError):
        render(TemplateSet(user), "page.j2")
    (user / "part.j2").write_text("added", encoding="utf-8")
    assert render(TemplateSet(user), "page.j2") == "added"
    (user / "part.j2").unlink()
    with pytest.raises(AssessError):
        render(TemplateSet(user), "page.j2")


def test_a_user_file_that_overrides_a_shipped_one_later_wins_at_once(tmp_path: Path) -> None:
    shipped_name = next(p.name for p in TemplateSet().dirs[0].glob("*.j2"))
    environment_for(TemplateSet(tmp_path), "html").get_template(shipped_name)  # cached from the shipped set
    (tmp_path / shipped_name).write_text("mine", encoding="utf-8")
    assert render(TemplateSet(tmp_path), shipped_name) == "mine"


def test_the_range_budget_is_per_render_on_a_reused_environment(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MAX_RANGE_TOTAL", 50)
    (tmp_path / "thirty.j2").write_text("{% for i in range(30) %}.{% endfor %}", encoding="utf-8")
    (tmp_path / "sixty.j2").write_text("{% for i in range(30) %}{% endfor %}{% for i in range(30) %}{% endfor %}",
                                       encoding="utf-8")
    templates = TemplateSet(tmp_path)
    for _ in range(3):  # each render has the whole budget, however often the environment is reused
        assert render(templates, "thirty.j2") == "." * 30
    with pytest.raises(AssessError, match="range"):
        render(templates, "sixty.j2")
    assert render(templates, "thirty.j2") == "." * 30


def test_the_cache_holds_compiled_code_only_in_memory() -> None:
    environment_for(TemplateSet(), "html").get_template("report.html.j2")
    assert len(COMPILED) > 0
    assert not hasattr(COMPILED, "directory")


def test_a_partial_included_many_times_is_read_again_once_per_render(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "page.j2").write_text('{% for i in range(5) %}{% include "part.j2" %}{% endfor %}', encoding="utf-8")
    (tmp_path / "part.j2").write_text("x", encoding="utf-8")
    templates = TemplateSet(tmp_path)
    assert render(templates, "page.j2") == "x" * 5
    looked_up: list[str] = []
    real = CheckedChoiceLoader._find

    def counting(self: CheckedChoiceLoader, environment: Environment, template: str) -> tuple[str, str | None]:
        looked_up.append(template)
        return real(self, environment, template)

    monkeypatch.setattr(CheckedChoiceLoader, "_find", counting)
    assert render(templates, "page.j2") == "x" * 5
    assert looked_up.count("part.j2") == 1
    (tmp_path / "part.j2").write_text("y", encoding="utf-8")
    assert render(templates, "page.j2") == "y" * 5
