"""YAML files to validated models, with every problem located at its line and column."""

from __future__ import annotations

import hashlib
import threading
import types
import typing
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from assess import __version__
from assess.checks import check_assessment, check_framework
from assess.errors import AssessError, Diagnostic, did_you_mean
from assess.files import read_user_file
from assess.localise import languages_of, localise_data
from assess.model import ASSESSMENT_SCHEMA, FRAMEWORK_SCHEMA, Assessment, Framework, FrameworkPin
from assess.salvage import Salvaged, salvage
from assess.yamlsource import MAX_FILE_BYTES, Document, Loc, parse_document, read_document

M = TypeVar("M", bound=BaseModel)

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`frameworks/` or `templates/`: inside the package when installed from a wheel,
    beside it in a source checkout or an editable install."""
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    return _PACKAGE_DIR / name


def builtin_frameworks_dir() -> Path:
    return data_dir("frameworks")


# --------------------------------------------------------------------------- pydantic errors


def to_model(model: type[M], doc: Document) -> M:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise AssessError(_diagnostics(model, doc, exc)) from None


def to_model_partly(model: type[M], doc: Document) -> tuple[Salvaged[M], list[Diagnostic]]:
    """The model of whatever part of `doc` validates, and the schema's errors for the rest,
    so that the cross-checks can still run and every error be reported at once."""
    try:
        return Salvaged(model.model_validate(doc.data), doc), []
    except ValidationError as exc:
        return salvage(model, doc, exc, _data_loc), _diagnostics(model, doc, exc)


def _diagnostics(model: type[BaseModel], doc: Document, exc: ValidationError) -> list[Diagnostic]:
    found: dict[Loc, Diagnostic] = {}
    for error in exc.errors():
        loc = _data_loc(doc.data, tuple(error["loc"]))
        kind = error["type"]
        key = loc[-1] if loc else None
        if kind == "extra_forbidden" and isinstance(key, str):
            allowed = _fields_at(model, loc[:-1])
            diagnostic = doc.diagnostic(loc, f"unknown key '{key}'", did_you_mean(key, allowed), key=True)
        elif kind == "missing" and isinstance(key, str):
            diagnostic = doc.diagnostic(loc[:-1], f"missing required key '{key}'")
        else:
            where = f"'{key}': " if isinstance(key, str) else ""
            message = error["msg"][0].lower() + error["msg"][1:]
            hint = None
            expected = (error.get("ctx") or {}).get("expected")
            if kind in ("enum", "literal_error") and isinstance(error.get("input"), str) and expected:
                choices = [c.strip().strip("'") for c in expected.replace(" or ", ",").split(",")]
                hint = did_you_mean(error["input"], choices)
            diagnostic = doc.diagnostic(loc, where + message, hint)
        found.setdefault(loc, diagnostic)  # a union reports once per member type: keep the first
    return sorted(found.values(), key=lambda d: (d.line, d.column))


def _data_loc(data: Any, loc: Loc) -> Loc:
    """Drop the parts of a pydantic location that are not in the document (union member names)."""
    kept: list[str | int] = []
    node = data
    for part in loc:
        found, child = _child(node, part)
        if found:
            node = child
        elif not (isinstance(node, dict) and isinstance(part, str) and part == loc[-1]):
            continue  # not in the document; a missing final key is kept so the message can name it
        kept.append(part)
    return tuple(kept)


def _child(node: Any, part: str | int) -> tuple[bool, Any]:
    if isinstance(node, dict) and part in node:
        return True, node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return True, node[part]
    return False, None


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys the model allows at `loc`, for "did you mean" hints."""
    annotation: Any = model
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            by_alias = {(f.alias or name): f for name, f in annotation.model_fields.items()}
            found = by_alias.get(str(part))
            if found is None:
                return []
            annotation = found.annotation
        else:
            args = typing.get_args(annotation)
            annotation = args[-1] if args else None
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [f.alias or name for name, f in annotation.model_fields.items()]
    return []


def _unwrap(annotation: Any) -> Any:
    """Optional[X] -> X, so the walk can step into the model behind it."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        return members[0] if len(members) == 1 else annotation
    return annotation


# --------------------------------------------------------------------------- frameworks


def load_framework(path: Path, display: str | None = None, lang: str | None = None) -> Framework:
    shown = display or str(path)
    raw = read_user_file(path, shown, "YAML", MAX_FILE_BYTES)
    key = _LoadedKey.of(path, shown, lang, raw)
    known = _LOADED.get(key)
    if known is not None:
        return known
    framework, _ = _load_framework_bytes(path, shown, lang, raw, key)
    return framework


@dataclass(frozen=True)
class _LoadedKey:
    """What a loaded framework depends on: the file's bytes (by hash), where it was read from and is shown as
    (errors and the id's match with the file name use them), the language, and the tool's version."""

    sha256: str
    path: str
    shown: str
    lang: str | None
    version: str = __version__

    @classmethod
    def of(cls, path: Path, shown: str, lang: str | None, raw: bytes) -> _LoadedKey:
        return cls(hashlib.sha256(raw).hexdigest(), str(path), shown, lang)


class _LoadedFrameworks:
    """Frameworks that loaded without a problem, by what they were read from, so that one command reading
    the same file twice (`validate`: the framework itself, then the library an assessment loads it from)
    parses and validates it once. Keyed by content, so an edited file is never served stale; bounded by
    entries and by the bytes of their files (a model takes about 14 times its file's size), oldest out first.
    Frameworks are immutable models, so sharing one between callers is safe; the workspace's threads share
    the cache, so each operation holds its lock."""

    MAX_ENTRIES = 64
    MAX_BYTES = 8 * 1024 * 1024

    def __init__(self) -> None:
        self._entries: OrderedDict[_LoadedKey, tuple[Framework, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: _LoadedKey) -> Framework | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key: _LoadedKey, framework: Framework, size: int) -> None:
        with self._lock:
            if size > self.MAX_BYTES or key in self._entries:
                return
            self._entries[key] = (framework, size)
            self._bytes += size
            while len(self._entries) > self.MAX_ENTRIES or self._bytes > self.MAX_BYTES:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0


_LOADED = _LoadedFrameworks()


def load_framework_document(
    path: Path, display: str | None = None, lang: str | None = None
) -> tuple[Framework, Document]:
    """The framework with its translatable text in `lang` (None: its default language)."""
    shown = display or str(path)
    return _load_framework_bytes(path, shown, lang, read_user_file(path, shown, "YAML", MAX_FILE_BYTES))


def _load_framework_bytes(
    path: Path, shown: str, lang: str | None, raw: bytes, key: _LoadedKey | None = None
) -> tuple[Framework, Document]:
    framework, doc, problems = _check_framework_file(path, parse_document(raw, shown), lang, None)
    if problems or framework is None:
        raise AssessError(problems)
    _LOADED.put(key or _LoadedKey.of(path, shown, lang, raw), framework, len(raw))
    return framework, doc


def check_framework_file(
    path: Path, display: str | None = None, lang: str | None = None, others: Mapping[str, Framework] | None = None
) -> tuple[Framework | None, Document, list[Diagnostic]]:
    """The framework (None when too little of it validates) and every problem in it, in file order:
    the schema's errors, and the cross-checks run on the parts that passed the schema.
    `others`: the frameworks qualified `when` names may refer to (see checks.check_framework)."""
    return _check_framework_file(path, read_document(path, display), lang, others)


def check_framework_document(
    doc: Document, name: str, lang: str | None = None, others: Mapping[str, Framework] | None = None
) -> tuple[Framework | None, Document, list[Diagnostic]]:
    """`check_framework_file` over a document already parsed (bytes held in memory, through `parse_document`):
    `name` is the file name the framework's id must match, as a file's would."""
    return _check_framework_file(Path(name), doc, lang, others)


def _check_framework_file(
    path: Path, raw: Document, lang: str | None, others: Mapping[str, Framework] | None
) -> tuple[Framework | None, Document, list[Diagnostic]]:
    _expect_schema(raw, FRAMEWORK_SCHEMA)
    data, problems = localise_data(raw.data, lang, raw)
    if problems:
        raise AssessError(problems)
    doc = raw.with_data(data)
    salvaged, problems = to_model_partly(Framework, doc)
    framework = salvaged.model
    fid = data.get("id")
    if isinstance(fid, str) and fid != path.stem:
        problems.append(doc.diagnostic(("id",), f"framework id '{fid}' must match its file name '{path.name}'",
                                       f"rename the file to '{fid}.yaml'"))
    if framework is not None:
        known = {**others, framework.id: framework} if others is not None else None
        checked = check_framework(framework, salvaged.doc, known)
        problems += [p for p in checked if not salvaged.spurious(p)]
        if not problems:
            _add_canonical(framework, raw, lang)
    return framework, doc, _in_file_order(problems, doc.path)


def _in_file_order(problems: list[Diagnostic], path: str) -> list[Diagnostic]:
    """By position, those in the file at `path` first (then those of the frameworks it uses);
    the same message at the same place once."""
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda d: (d.path != path, d.path, d.line, d.column))


def _add_canonical(framework: Framework, raw: Document, lang: str | None) -> None:
    """A framework read in another language than its default keeps the default one beside it."""
    declared = languages_of(raw.data)
    if lang is not None and declared and lang != declared[0]:
        default_data, _ = localise_data(raw.data, None, raw)
        canonical = to_model(Framework, raw.with_data(default_data))
        if canonical != framework:
            framework._canonical = canonical


def _expect_schema(doc: Document, expected: str) -> None:
    schema = doc.data.get("schema")
    if schema is None:
        raise AssessError([doc.diagnostic((), "missing 'schema' key", f"add 'schema: {expected}' at the top")])
    if schema != expected:
        raise AssessError([doc.diagnostic(("schema",), f"expected 'schema: {expected}', found {schema!r}")])


def file_kind(doc: Document) -> str:
    """'framework' or 'assessment', from the document's `schema` key."""
    schema = doc.data.get("schema")
    if schema == FRAMEWORK_SCHEMA:
        return "framework"
    if schema == ASSESSMENT_SCHEMA:
        return "assessment"
    hint = f"use 'schema: {FRAMEWORK_SCHEMA}' or 'schema: {ASSESSMENT_SCHEMA}'"
    if schema is None:
        raise AssessError([doc.diagnostic((), "missing 'schema' key", hint)])
    raise AssessError([doc.diagnostic(("schema",), f"unknown schema {schema!r}", hint)])


@dataclass
class FrameworkLibrary:
    """The frameworks a command can use: the built-ins, then each `--frameworks DIR`
    in turn (a later directory's framework replaces an earlier one of the same id)."""

    dirs: list[Path] = field(default_factory=list)
    include_builtin: bool = True
    lang: str | None = None  # the language translatable text is read in; None: each framework's default
    _paths: dict[str, Path] = field(default_factory=dict, init=False)
    _loaded: dict[str, Framework] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        search = ([builtin_frameworks_dir()] if self.include_builtin else []) + list(self.dirs)
        for directory in search:
            if directory is not builtin_frameworks_dir() and not directory.is_dir():
                raise AssessError.at(str(directory), "frameworks directory not found")
            for path in sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml")):
                self._paths[path.stem] = path

    def ids(self) -> list[str]:
        return sorted(self._paths)

    def path(self, framework_id: str) -> Path | None:
        return self._paths.get(framework_id)

    def is_builtin(self, framework_id: str) -> bool:
        path = self._paths.get(framework_id)
        return path is not None and path.parent == builtin_frameworks_dir()

    def load(self, framework_id: str) -> Framework:
        if framework_id not in self._loaded:
            path = self._paths.get(framework_id)
            if path is None:
                raise KeyError(framework_id)
            self._loaded[framework_id] = load_framework(path, _display(path), self.lang)
        return self._loaded[framework_id]

    def load_many(self, ids: Iterable[str]) -> dict[str, Framework]:
        """Load several, reporting the errors of all of them together."""
        loaded: dict[str, Framework] = {}
        problems: list[Diagnostic] = []
        for fid in ids:
            try:
                loaded[fid] = self.load(fid)
            except AssessError as exc:
                problems.extend(exc.diagnostics)
        if problems:
            raise AssessError(problems)
        return loaded

    def load_all(self) -> dict[str, Framework]:
        return self.load_many(self.ids())

    def load_pinned(self, pins: Mapping[str, FrameworkPin]) -> dict[str, Framework]:
        """The frameworks an assessment's pins name. A directory holds one version of each id, so this
        gives that one whatever the pin says (scoring reports the drift); a library that keeps several
        versions of an id (the workspace's uploaded frameworks) gives the pinned one where it has it."""
        return self.load_many(pins)


def _display(path: Path) -> str:
    """A path as the user would type it: relative to the working directory where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return str(path)


# --------------------------------------------------------------------------- assessments


def load_assessment(path: Path, library: FrameworkLibrary) -> tuple[Assessment, dict[str, Framework]]:
    """The assessment and the frameworks its answers were given against, all checked."""
    doc = read_document(path)
    return assessment_from_document(doc, library)


def assessment_from_document(doc: Document, library: FrameworkLibrary) -> tuple[Assessment, dict[str, Framework]]:
    """The assessment and its frameworks; every problem of the file at once (in file order) if any."""
    _expect_schema(doc, ASSESSMENT_SCHEMA)
    salvaged, problems = to_model_partly(Assessment, doc)
    assessment = salvaged.model
    if assessment is None:
        raise AssessError(problems)
    frameworks: dict[str, Framework] = {}
    for fid in assessment.frameworks:
        if library.path(fid) is None:
            continue
        try:
            frameworks[fid] = library.load_pinned({fid: assessment.frameworks[fid]})[fid]
        except AssessError as exc:  # the framework's own file is at fault; its errors come after this file's
            problems += exc.diagnostics
    checked = check_assessment(assessment, salvaged.doc, frameworks, library.ids())
    problems += [p for p in checked if not salvaged.spurious(p)]
    if problems:
        raise AssessError(_in_file_order(problems, doc.path))
    return assessment, frameworks
