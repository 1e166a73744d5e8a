"""One class per output format, registered once; the tables that pick a format are read from the registry.

Kept free of heavy imports (a format imports its renderer inside `render`), so the command line can offer
the choices without loading Jinja2, WeasyPrint or pydantic.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

DocumentT = TypeVar("DocumentT")
FormatClass = TypeVar("FormatClass", bound="type[Format[Any]]")


@dataclass(frozen=True)
class Rendered:
    """The bytes of one output, and what the renderer warned about (user templates, WeasyPrint)."""

    data: bytes
    warnings: list[str] = field(default_factory=list)


class Format(Generic[DocumentT]):
    """One output: its name (`--format NAME`), the extensions that choose it for `-o`, the first of them the
    one written by default, the media type it is served as, and the words a download link uses."""

    name: ClassVar[str] = ""
    extensions: ClassVar[tuple[str, ...]] = ()
    media_type: ClassVar[str] = "application/octet-stream"
    label: ClassVar[str] = ""

    @property
    def extension(self) -> str:
        return self.extensions[0]

    def render(self, document: DocumentT) -> Rendered:
        raise NotImplementedError


class Registry(Mapping[str, Format[DocumentT]]):
    """The formats of one kind of document (reports, comparisons), by name, in the order registered."""

    def __init__(self, kind: str, default: str) -> None:
        self.kind = kind
        self.default = default
        self._formats: dict[str, Format[DocumentT]] = {}

    def register(self, cls: FormatClass) -> FormatClass:
        """A class decorator: the format joins the registry; a name or extension used twice is a bug."""
        fmt = cls()
        taken = self.extensions()
        if fmt.name in self._formats or any(ext in taken for ext in fmt.extensions):
            raise ValueError(f"{self.kind} format '{fmt.name}' clashes with one already registered")
        self._formats[fmt.name] = fmt
        return cls

    def __getitem__(self, name: str) -> Format[DocumentT]:
        return self._formats[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._formats)

    def __len__(self) -> int:
        return len(self._formats)

    def names(self) -> tuple[str, ...]:
        return tuple(self._formats)

    def extensions(self) -> dict[str, str]:
        """Every extension (lower case, with its dot) and the name of the format it chooses."""
        return {ext: fmt.name for fmt in self._formats.values() for ext in fmt.extensions}

    def by_extension(self, path: Path) -> Format[DocumentT] | None:
        name = self.extensions().get(path.suffix.lower())
        return self._formats[name] if name is not None else None

    def choose(self, requested: str | None, output: Path | None) -> Format[DocumentT]:
        """--format wins; else the output's extension (not for '-', standard output); else the default."""
        if requested:
            return self._formats[requested]
        found = self.by_extension(output) if output is not None and str(output) != "-" else None
        return found or self._formats[self.default]


def json_rendered(model: BaseModel) -> Rendered:
    """A model (the scores, a comparison) as every `json` format writes it: indented two spaces, text as
    written rather than \\u-escaped but with hidden characters shown (`safetext.json_visible`), no NaN."""
    import json

    from assess.safetext import json_visible

    data = model.model_dump(mode="json", by_alias=True)
    text = json_visible(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))
    return Rendered((text + "\n").encode("utf-8"), [])
