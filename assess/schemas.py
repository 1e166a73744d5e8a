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
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE_URL}/{kind}.schema.json",
        **schema,
    }
