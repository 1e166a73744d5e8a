"""The template directories and the Jinja2 environment over them.

A user's `--templates DIR` is searched before the shipped `templates/`, file by file,
the way MkDocs themes are overridden: copy `partials/cover.j2` or `logo.svg` into DIR,
change it, and every other file still comes from the shipped set.

Templates may come from anyone, so the environment is Jinja2's sandbox (a template
cannot reach Python internals) with autoescaping on for every template: text from an
assessment or a framework always reaches the page as text, never as markup. Text that holds
bidi controls or zero-width characters is also isolated, so that it cannot reorder the words
beside it (see assess/rendering/isolation.py), whichever template prints it.
"""

from __future__ import annotations

import base64
import mimetypes
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from assess.errors import AssessError
from assess.files import read_user_file
from assess.i18n import Translator, language
from assess.labels import perspective_label, stage_label
from assess.loading import data_dir
from assess.rendering.brand import Brand, parse_brand
from assess.rendering.environments import COMPILED, CheckedChoiceLoader, one_render
from assess.rendering.isolation import isolate, place_isolates
from assess.rendering.sandbox import BoundedSandbox, bounded_render

MAX_ASSET_BYTES = 5 * 1024 * 1024
ASSET_SCHEME_BASE = "assess-templates:/"  # fetcher.BASE_URL, kept here so HTML needs no WeasyPrint
MIME_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
              ".css": "text/css", ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf",
              ".otf": "font/otf", ".gif": "image/gif", ".webp": "image/webp"}


def shipped_templates_dir() -> Path:
    return data_dir("templates")


class ContainedLoader(FileSystemLoader):
    """A FileSystemLoader that serves a template only if it resolves, symlinks and all, inside
    its directory: a templates directory from a third party (a branding repository, say, which
    git clones with its symlinks) must not be able to pull ~/.ssh/id_rsa into a report."""

    def __init__(self, directory: Path) -> None:
        super().__init__(str(directory))
        self.root = directory.resolve()

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self.root):
            raise TemplateNotFound(template)
        return source, filename, uptodate


@dataclass
class TemplateSet:
    """The directories templates and assets come from, the user's first."""

    user_dir: Path | None = None
    lang: str | None = None  # --lang: the report's own words, and `<html lang>`, in this language
    dirs: list[Path] = field(init=False)

    def __post_init__(self) -> None:
        dirs: list[Path] = []
        if self.user_dir is not None:
            if not self.user_dir.is_dir():
                raise AssessError.at(str(self.user_dir), "templates directory not found",
                                     hint="--templates takes a directory of files that override the shipped ones")
            dirs.append(self.user_dir.resolve())
        shipped = shipped_templates_dir()
        if not shipped.is_dir():
            raise AssessError.at(str(shipped), "the shipped report templates are missing (reinstall assess)")
        dirs.append(shipped.resolve())
        self.dirs = dirs

    def find(self, name: str) -> Path | None:
        """The file `name` (a relative path) from the first directory that has it, provided it
        resolves, symlinks and all, to a regular file inside that directory."""
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts or "\\" in name:
            return None
        for directory in self.dirs:
            candidate = (directory / relative).resolve()
            if candidate.is_relative_to(directory) and candidate.is_file():
                return candidate
        return None

    def read(self, name: str) -> bytes:
        path = self.find(name)
        if path is None:
            raise AssessError.at(name, "not found in the templates directories",
                                 hint="searched " + ", ".join(str(d) for d in self.dirs))
        return read_user_file(path, str(path), "template asset", MAX_ASSET_BYTES)

    def brand(self) -> Brand:
        """brand.yaml's settings; with a `lang` (--lang), its language replaces brand.yaml's
        unless that is already a variant of it (brand.yaml's fr-CA stays fr-CA under --lang fr)."""
        path = self.find("brand.yaml")
        brand = Brand() if path is None else parse_brand(read_user_file(path, str(path), "YAML", MAX_ASSET_BYTES),
                                                         str(path))
        if self.lang and brand.lang.split("-")[0].lower() != self.lang.split("-")[0].lower():
            brand = brand.model_copy(update={"lang": self.lang})
        return brand

    def translator(self) -> Translator:
        """The report's own words follow the report's language (brand.yaml's `lang`, or --lang)."""
        return Translator(language(self.brand().lang))

    def environment(self, mode: str) -> SandboxedEnvironment:
        """A new environment over these directories (environments.environment_for keeps one per process).
        `mode` says how a template refers to an image or stylesheet beside it (`asset_url`): a private URL
        that only our fetcher serves in a PDF (`pdf`), a data: URI in standalone HTML (anything else)."""
        env = BoundedSandbox(
            loader=CheckedChoiceLoader([ContainedLoader(d) for d in self.dirs]),
            autoescape=select_autoescape(enabled_extensions=("html", "xml", "svg", "j2"),
                                         default_for_string=True, default=True),
            undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
            finalize=isolate, bytecode_cache=COMPILED,
        )
        env.globals["asset_url"] = asset_resolver(self, mode)
        env.globals["include_raw"] = self.include_raw
        env.globals["asset_exists"] = lambda name: self.find(str(name)) is not None
        add_translation(env, self.translator())
        return env

    def include_raw(self, name: str) -> Markup:
        """A file's text as it is (a stylesheet, an inline SVG logo): the template author's own markup."""
        return Markup(self.read(name).decode("utf-8"))

    def data_uri(self, name: str) -> str:
        data = self.read(name)
        suffix = PurePosixPath(name).suffix.lower()
        mime = MIME_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
        return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"

    def render(self, env: SandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
        try:
            with one_render():
                return place_isolates(bounded_render(env.get_template(name).generate(context)))
        except RecursionError:
            raise AssessError.at(name, "template: nested too deeply (does a template include or extend itself?)",
                                 hint="templates come from " + ", ".join(str(d) for d in self.dirs)) from None
        except MemoryError:
            raise AssessError.at(name, "template: ran out of memory building the page") from None
        except TemplateError as exc:
            where = getattr(exc, "filename", None) or getattr(exc, "name", None) or name
            line = getattr(exc, "lineno", None) or 1
            raise AssessError.at(str(where), f"template: {exc.message or exc}", line) from None


def add_translation(env: SandboxedEnvironment, tr: Translator) -> None:
    """The template side of assess/i18n.py:

    - `t("English text", name=value)`: the text in the report's language, placeholders filled.
      The catalogue's text is escaped and so are the values, unless a value is already markup
      (a link built in the template), so a translation can never inject markup.
    - `tn(count, "one", "many {n}")`: the singular or plural message, `{n}` being the count.
    - `prose("ID")`: a passage of the catalogue's own (trusted) markup.
    - `lang`: the catalogue's language ("en", "fr"); filters `pct`, `points`, `long_date` and
      `sentence` (first letter in capitals, the rest untouched) format for it.
    """
    def t(message: str, /, **values: object) -> Markup:
        text = Markup.escape(tr.message(str(message)))
        return text.format(**{k: isolate(v) for k, v in values.items()}) if values else text

    def tn(count: int, one: str, other: str, /, **values: object) -> Markup:
        text = Markup.escape(tr.ngettext(str(one), str(other), count))
        return text.format(n=count, **{k: isolate(v) for k, v in values.items()})

    env.globals["t"] = t
    env.globals["tn"] = tn
    env.globals["prose"] = lambda key: Markup(tr.prose(str(key)))
    env.globals["lang"] = tr.lang
    env.filters["pct"] = tr.percent
    env.filters["points"] = tr.points
    env.filters["long_date"] = tr.date
    env.filters["sentence"] = tr.sentence
    env.filters["perspective"] = lambda value: perspective_label(value, tr)
    env.filters["stage"] = lambda value: stage_label(value, tr)


def asset_resolver(templates: TemplateSet, mode: str) -> Callable[[str], str]:
    """How a template names one of its assets: through the fetcher's private scheme in a PDF,
    inlined as a data: URI in standalone HTML; an empty URL for an asset that does not exist."""
    if mode == "pdf":
        def asset_url(name: str) -> str:
            if templates.find(str(name)) is None:
                return ""
            return ASSET_SCHEME_BASE + urllib.parse.quote(str(name))
    else:
        def asset_url(name: str) -> str:
            return templates.data_uri(str(name)) if templates.find(str(name)) is not None else ""
    return asset_url
