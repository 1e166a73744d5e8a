"""The templates' Jinja2 environments, built once per process and reused, and their compiled code kept.

Compiling the templates is two thirds of an HTML render (0.11 s of 0.16 s of CPU for the example report;
bench/template_bench.py), and a process that renders more than once (the workspace's server, its PDF
worker, a test run) used to compile every template again each time. Two caches, both in this process's memory only:

- `environment_for`: one environment per template directories, language and asset mode (and the
  sandbox's limits), the `ENVIRONMENTS` most recently used kept. Its templates stay compiled between
  renders, and each time one is asked for, its source is read again and must be the very text it was
  compiled from, from the same file (`CheckedChoiceLoader`; once per render, `one_render`): a template
  edited in a user's `--templates` directory, or a new file there that now overrides a shipped one, is
  picked up on the next render.
- `COMPILED`: a template's compiled code shared between environments (the PDF's and the HTML's, English
  and French), found by the environment's settings, the template's name and file, and used only for the
  exact source it was compiled from.

Nothing is written to or read from disk. Compiled code loaded from a file is code run from that file, so
a cache on disk would need a directory no one else can write to (checked, with its parents, each time),
files checked the same way, and keys that name the Python and Jinja versions. It would spare a process
that renders once (`assess report`) its one compilation; that is left for later.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from types import CodeType
from typing import TYPE_CHECKING

from jinja2 import BaseLoader, Environment, TemplateNotFound
from jinja2.bccache import Bucket, BytecodeCache

from assess.rendering import sandbox

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

    from assess.rendering.templating import TemplateSet

ENVIRONMENTS = 8  # template directories x languages x modes in use at once; a server has a handful
COMPILED_TEMPLATES = 512  # the shipped set is about 20 templates


_render: ContextVar[object] = ContextVar("render", default=None)


@contextlib.contextmanager
def one_render() -> Iterator[None]:
    """Mark one render, within which a template already found unchanged is not read again."""
    token = _render.set(object())
    try:
        yield
    finally:
        _render.reset(token)


class CheckedChoiceLoader(BaseLoader):
    """The first of its loaders (one per template directory) that has a template serves it, as with
    Jinja's ChoiceLoader; but a compiled template stays cached only while the same name still comes from
    the same file with the same text. Jinja's own check compares the file's modification time, which
    misses a file added to an earlier directory (a new override) and, on file systems with coarse times,
    an edit made within the same second."""

    def __init__(self, loaders: Sequence[BaseLoader]) -> None:
        self.loaders = list(loaders)

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool]]:
        source, filename = self._find(environment, template)
        checked_in: list[object] = [None]  # the render it was last found the same in

        def uptodate() -> bool:
            # Once per render is enough: a page includes the same partial hundreds of times.
            render = _render.get()
            if render is not None and checked_in[0] is render:
                return True
            try:
                same = self._find(environment, template) == (source, filename)
            except TemplateNotFound:
                return False
            if same:
                checked_in[0] = render
            return same

        return source, filename, uptodate

    def _find(self, environment: Environment, template: str) -> tuple[str, str | None]:
        for loader in self.loaders:
            try:
                source, filename, _ = loader.get_source(environment, template)
            except TemplateNotFound:
                continue
            return source, filename
        raise TemplateNotFound(template)


class _Entry(Bucket):
    """A bucket that remembers what it was looked up by: the environment's settings, the template's
    name and file, and its source."""

    def __init__(self, environment: Environment, key: tuple[object, ...], source: str) -> None:
        super().__init__(environment, repr(key), "")
        self.lookup = key
        self.source = source


class CompiledTemplates(BytecodeCache):
    """Jinja's bytecode cache, kept as code objects in memory: bounded, and used only where the source
    is the same text, compiled by an environment with the same settings."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._code: OrderedDict[tuple[object, ...], tuple[str, CodeType]] = OrderedDict()
        self._lock = threading.Lock()

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        entry = _Entry(environment, (*compile_settings(environment, name), name, filename), source)
        with self._lock:
            found = self._code.get(entry.lookup)
            if found is not None and found[0] == source:
                self._code.move_to_end(entry.lookup)
                entry.code = found[1]
        return entry

    def set_bucket(self, bucket: Bucket) -> None:
        if not isinstance(bucket, _Entry) or bucket.code is None:
            return
        with self._lock:
            self._code[bucket.lookup] = (bucket.source, bucket.code)
            self._code.move_to_end(bucket.lookup)
            while len(self._code) > self.capacity:
                self._code.popitem(last=False)

    def load_bytecode(self, bucket: Bucket) -> None:  # get_bucket does the finding
        pass

    def dump_bytecode(self, bucket: Bucket) -> None:  # set_bucket does the keeping
        pass

    def clear(self) -> None:
        with self._lock:
            self._code.clear()

    def __len__(self) -> int:
        return len(self._code)


def compile_settings(environment: Environment, name: str) -> tuple[object, ...]:
    """What the compiled code of a template depends on besides its source: the environment's class (the
    sandbox compiles operators to checked calls), its syntax and output options, and whether it escapes
    this template (decided when it is compiled)."""
    autoescape = environment.autoescape(name) if callable(environment.autoescape) else environment.autoescape
    return (type(environment).__module__, type(environment).__qualname__, environment.block_start_string,
            environment.block_end_string, environment.variable_start_string, environment.variable_end_string,
            environment.comment_start_string, environment.comment_end_string, environment.line_statement_prefix,
            environment.line_comment_prefix, environment.trim_blocks, environment.lstrip_blocks,
            environment.newline_sequence, environment.keep_trailing_newline, environment.optimized,
            environment.is_async, environment.finalize, bool(autoescape),
            tuple(sorted(map(str, environment.extensions))))


COMPILED = CompiledTemplates(COMPILED_TEMPLATES)

_environments: OrderedDict[tuple[object, ...], SandboxedEnvironment] = OrderedDict()
_lock = threading.Lock()


def environment_for(templates: TemplateSet, mode: str) -> SandboxedEnvironment:
    """The environment for these template directories, in the report's language, naming its assets for
    `mode` (`pdf`: the fetcher's private URLs; otherwise data: URIs): built on first use, then reused."""
    key = (tuple(templates.dirs), templates.translator().lang, mode == "pdf", sandbox.limits())
    with _lock:
        env = _environments.get(key)
        if env is not None:
            _environments.move_to_end(key)
            return env
    env = templates.environment(mode)
    with _lock:
        env = _environments.setdefault(key, env)
        _environments.move_to_end(key)
        while len(_environments) > ENVIRONMENTS:
            _environments.popitem(last=False)
    return env


def forget_environments() -> None:
    """Drop every cached environment and compiled template (a test's clean start)."""
    with _lock:
        _environments.clear()
    COMPILED.clear()
