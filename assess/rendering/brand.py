"""`brand.yaml`: what an organisation changes without touching a template."""

from __future__ import annotations

from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from assess.errors import AssessError

# A colour goes into CSS as written, so only plain colour syntax is accepted.
Colour = Annotated[str, StringConstraints(pattern=r"^(#[0-9A-Fa-f]{3}|#[0-9A-Fa-f]{6}|[a-z]{3,20})$")]
AssetName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$", max_length=200)]


class Colours(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: Colour = "#0b0c0c"
    secondary_text: Colour = "#505a5f"
    primary: Colour = Field(default="#1d70b8", description="Headings' rule, links, the cover band.")
    border: Colour = "#b1b4b6"
    shade: Colour = Field(default="#f3f2f1", description="Table headers and boxes.")
    red: Colour = "#d4351c"
    amber: Colour = "#f47738"
    green: Colour = "#00703c"


class Brand(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    organisation: str | None = Field(
        default=None, description="Shown on the cover; defaults to the assessment's organisation.")
    logo: AssetName | None = Field(default="logo.svg", description="An image in the templates directory.")
    logo_alt: str = Field(default="", description="Text alternative for the logo; empty when decorative.")
    lang: str = Field(default="en-GB", pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    report_kind: str = Field(default="AI impact assessment", description="The line above the title on the cover.")
    font_family: str = Field(
        default='"Liberation Sans", Arial, Helvetica, "DejaVu Sans", sans-serif',
        pattern=r'^[A-Za-z0-9 ",-]+$')
    colours: Colours = Field(default_factory=Colours)
    sign_off: list[str] = Field(
        default_factory=lambda: ["Prepared by", "Reviewed by", "Approved by"],
        description="The rows of the sign-off block.")
    top_actions: int = Field(default=5, ge=0, le=50, description="Actions listed in the executive summary.")


def parse_brand(text: bytes, path: str) -> Brand:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise AssessError.at(path, f"YAML: {getattr(exc, 'problem', None) or exc}", line, column) from None
    if not isinstance(data, dict):
        raise AssessError.at(path, "expected a mapping of brand settings")
    try:
        return Brand.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise AssessError.at(path, f"'{where}': {first['msg'][0].lower()}{first['msg'][1:]}") from None
