"""JSON Schema for the three formats, for editors (yaml-language-server) and other tools."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from assess.model import Assessment, Framework
from assess.result import Result

SCHEMA_MODELS: dict[str, type[BaseModel]] = {"framework": Framework, "assessment": Assessment, "result": Result}
SCHEMA_BASE_URL = "https://assess.invalid/schemas"  # an identifier only; editors use the files in schemas/


def json_schema(kind: str) -> dict[str, Any]:
    model = SCHEMA_MODELS[kind]
    if kind == "result":
        schema = model.model_json_schema(by_alias=True, mode="serialization")
    else:
        schema = model.model_json_schema(by_alias=True, mode="validation")
    if kind == "framework":
        schema = _allow_translations(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE_URL}/{kind}.schema.json",
        **schema,
    }


_TRANSLATIONS = {
    "type": "object",
    "description": "The text in several languages: a language code (en, fr, pt-BR) to the text.",
    "propertyNames": {"pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
    "additionalProperties": {"type": "string"},
    "minProperties": 1,
}


def _allow_translations(schema: dict[str, Any]) -> dict[str, Any]:
    """A translatable text field (marked `x-translatable` by the model) also accepts a
    mapping of languages to text, as loading does (assess/localise.py)."""

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("x-translatable"):
                text = {k: v for k, v in node.items() if k not in ("x-translatable", "default", "description",
                                                                    "title")}
                kept = {k: node[k] for k in ("default", "description", "title") if k in node}
                return {**kept, "anyOf": [text, {"$ref": "#/$defs/Translations"}]}
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    patched: dict[str, Any] = walk(schema)
    patched.setdefault("$defs", {})["Translations"] = _TRANSLATIONS
    return patched
