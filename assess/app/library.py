"""The frameworks a command may use, and the files they came from (which an output must never overwrite)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
