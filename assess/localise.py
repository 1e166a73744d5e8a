"""Translatable text: a framework may give any text field as `{en: ..., fr: ...}`.

Loading resolves every such mapping to one language before the framework is validated, so
the models, scoring, the questionnaire and the reports only ever see plain strings. Which
fields may be translated is declared on the models (`translatable()` in model.py).

Resolution: the requested language; else the framework's default language (the first of
its `languages`); else the first language the mapping gives. A plain string is the same in
every language.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from typing import Any

from pydantic import BaseModel

from assess.errors import Diagnostic
from assess.model import Framework
from assess.yamlsource import Document, Loc

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def is_translatable(field_info: Any) -> bool:
    extra = getattr(field_info, "json_schema_extra", None)
    return isinstance(extra, dict) and bool(extra.get("x-translatable"))


def languages_of(data: Any) -> list[str]:
    """The `languages` a framework's raw data declares (empty where absent or malformed)."""
    found = data.get("languages") if isinstance(data, dict) else None
    return [x for x in found if isinstance(x, str)] if isinstance(found, list) else []


def localise_data(data: Any, lang: str | None, doc: Document | None = None) -> tuple[Any, list[Diagnostic]]:
    """A copy of a framework's raw data with every translatable field resolved to `lang`
    (None: the default language). Malformed translations are reported, located in `doc`."""
    declared = languages_of(data)
    default = declared[0] if declared else None
    problems: list[Diagnostic] = []
    resolved = _walk(Framework, data, (), _Context(lang, default, doc, problems))
    return resolved, problems


class _Context:
    def __init__(self, lang: str | None, default: str | None, doc: Document | None, problems: list[Diagnostic]):
        self.lang, self.default, self.doc, self.problems = lang, default, doc, problems

    def problem(self, loc: Loc, message: str, hint: str | None = None) -> None:
        if self.doc is not None:
            self.problems.append(self.doc.diagnostic(loc, message, hint))
        else:
            self.problems.append(Diagnostic("<framework>", 1, 1, message, hint))


def _walk(model: type[BaseModel], data: Any, loc: Loc, ctx: _Context) -> Any:
    if not isinstance(data, dict):
        return data
    plan = _plan(model)
    out: dict[str, Any] = {}
    for key, value in data.items():
        step = plan.get(key)
        if step is None:
            out[key] = value  # validation reports the unknown key, and a field holding no model needs no walk
        elif step is _TRANSLATABLE:
            out[key] = _pick(value, (*loc, key), ctx) if isinstance(value, dict) else value
        else:
            out[key] = _descend(step, value, (*loc, key), ctx)
    return out


_TRANSLATABLE = ("translatable", BaseModel)  # a plan's step for a field that may be `{en: ..., fr: ...}`


@functools.cache
def _plan(model: type[BaseModel]) -> dict[str, tuple[str, type[BaseModel]]]:
    """What `_walk` does with each key of `model`, worked out once per model rather than by type
    introspection at every node: pick a language, or step into the model(s) the field holds.
    Keys absent from the plan (plain fields, unknown keys) are copied as they are."""
    plan: dict[str, tuple[str, type[BaseModel]]] = {}
    for name, field in model.model_fields.items():
        key = field.alias or name
        if is_translatable(field):
            plan[key] = _TRANSLATABLE
        else:
            target = _model_in(field.annotation)
            if target is not None:
                plan[key] = target
    return plan


def _descend(target: tuple[str, type[BaseModel]], value: Any, loc: Loc, ctx: _Context) -> Any:
    kind, model = target
    if kind == "model":
        return _walk(model, value, loc, ctx)
    if kind == "list" and isinstance(value, list):
        return [_walk(model, item, (*loc, i), ctx) for i, item in enumerate(value)]
    if kind == "dict" and isinstance(value, dict):
        return {k: _walk(model, v, (*loc, k), ctx) for k, v in value.items()}
    return value


def _model_in(annotation: Any) -> tuple[str, type[BaseModel]] | None:
    """Where a field holds models: itself, a list of them or a mapping to them."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        for member in typing.get_args(annotation):
            found = _model_in(member)
            if found is not None:
                return found
        return None
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("model", annotation)
    args = typing.get_args(annotation)
    if origin is list and args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
        return ("list", args[0])
    if origin is dict and len(args) == 2 and isinstance(args[1], type) and issubclass(args[1], BaseModel):
        return ("dict", args[1])
    return None


def _pick(mapping: dict[str, Any], loc: Loc, ctx: _Context) -> Any:
    for key, text in mapping.items():
        if not _LANGUAGE.match(str(key)):
            ctx.problem((*loc, key), f"'{key}' is not a language code",
                        "a translated text maps language codes (en, fr, pt-BR) to text")
            return None
        if not isinstance(text, str):
            ctx.problem((*loc, key), f"the '{key}' text must be a string")
            return None
    if not mapping:
        ctx.problem(loc, "a translated text needs at least one language")
        return None
    for choice in (ctx.lang, ctx.default):
        if choice is not None and choice in mapping:
            return mapping[choice]
    return next(iter(mapping.values()))

