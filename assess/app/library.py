"""The frameworks a command may use, and the files they came from (which an output must never overwrite)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from assess.errors import AssessError
from assess.loading import FrameworkLibrary

if TYPE_CHECKING:  # `assess score` writes nothing: it need not load the writers' guards
    from assess.model import Framework
    from assess.safewrite import Input


def open_library(dirs: Sequence[str | Path] = (), lang: str | None = None) -> FrameworkLibrary:
    """The built-in frameworks, with those in `dirs` replacing a built-in of the same id."""
    return FrameworkLibrary(dirs=[Path(d) for d in dirs], lang=lang)


@contextmanager
def library_with(dirs: Sequence[str | Path], held: Mapping[str, bytes], lang: str | None = None
                 ) -> Iterator[FrameworkLibrary]:
    """The library of `dirs`, with frameworks held in memory (`held`: their YAML by id) read as if from a
    directory before them, so a framework from a file wins over a held one of the same id (as in the
    workspace, which refuses such uploads). A library reads files: the held ones are written to a scratch
    directory that lasts as long as the `with` block."""
    if not held:
        yield open_library(dirs, lang)
        return
    with tempfile.TemporaryDirectory(prefix="assess-held-frameworks-") as scratch:
        for fid, source in held.items():
            (Path(scratch) / f"{fid}.yaml").write_bytes(source)
        yield open_library([scratch, *dirs], lang)


def loadable_frameworks(library: FrameworkLibrary) -> dict[str, Framework]:
    """The library's frameworks that load cleanly, for resolving qualified `when` names."""
    found: dict[str, Framework] = {}
    for fid in library.ids():
        try:
            found[fid] = library.load(fid)
        except AssessError:
            continue
    return found


def framework_inputs(library: FrameworkLibrary, frameworks: Iterable[str]) -> list[Input]:
    """The framework files a command read, as inputs an output must not overwrite."""
    from assess.safewrite import Input

    paths = [library.path(fid) for fid in frameworks]
    return [Input(path, "the framework") for path in paths if path is not None]


def template_inputs(templates: Path | None, shipped: Path) -> list[Input]:
    """The template directories a renderer reads: an output must not land inside them."""
    from assess.safewrite import Input

    found = [Input(shipped, "the shipped templates directory")]
    return found + ([Input(templates, "the templates directory")] if templates is not None else [])
