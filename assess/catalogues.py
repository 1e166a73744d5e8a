"""The message catalogues of assess/i18n.py: extracted from the code and templates, merged into each
language's .po, compiled to .mo. `python -m assess.catalogues update` (what scripts/i18n.sh runs) does
all three; `check` says what is stale or untranslated without writing (the tests call the same functions).

Extraction reads the Python of the package with Babel's extractor and the report's and workspace's
templates with Jinja2's, for these call forms:

- Python: `tr(...)`, `t(...)`, `_(...)`, `gettext(...)`, `N_(...)` (a message marked where it is
  written and translated where it is shown), `ngettext(one, other, n)` and `tr.plural(n, one, other)`.
- Templates: `_()`, `gettext()`, `ngettext()` (the workspace's pages) and `t()`, `tn(n, one, other)`
  (the report's templates).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from assess import __version__
from assess.i18n import DOMAIN, LOCALE_DIR

PACKAGE = Path(__file__).parent
ROOT = PACKAGE.parent
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "_": None, "gettext": None, "N_": None, "tr": None, "t": None,
    "ngettext": (1, 2), "plural": (2, 3), "tn": (2, 3),
}
JINJA = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
# Where message ids are: (directory, Babel's method map).
SOURCES: tuple[tuple[Path, list[tuple[str, str]]], ...] = (
    (PACKAGE, [("locale/**", "ignore"), ("catalogues.py", "ignore"), ("**.py", "python"),
               ("web/templates/**.html", "jinja2")]),
    (ROOT / "templates", [("**.j2", "jinja2")]),
)


def extract(sources: Iterable[tuple[Path, list[tuple[str, str]]]] = SOURCES) -> Catalog:
    """Every message id the code and templates use, with where each is used."""
    found = Catalog(project="assess", version=__version__, domain=DOMAIN)
    for directory, method_map in sources:
        if not directory.is_dir():  # an installed package has no top-level templates/ beside it
            continue
        options = {pattern: JINJA for pattern, method in method_map if method == "jinja2"}
        for filename, lineno, message, comments, context in extract_from_dir(
                str(directory), method_map, options, KEYWORDS, strip_comment_tags=True):
            if not message or (isinstance(message, tuple) and not all(message)):
                continue
            path = directory / filename
            where = (path.relative_to(ROOT) if path.is_relative_to(ROOT) else path).as_posix()
            found.add(message, None, [(where, lineno)], auto_comments=comments, context=context)
    return found


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    """The languages with a .po file."""
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(lang: str) -> Catalog:
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def merged(lang: str, template: Catalog) -> Catalog:
    """The language's catalogue brought up to `template`: new ids added untranslated, ids no longer used
    kept as obsolete (#~) so their translations come back if the words do; no fuzzy guessing. The header's
    dates are left alone, so that running it twice changes nothing."""
    catalogue = read(lang)
    catalogue.update(template, no_fuzzy_matching=True, update_header_comment=False, update_creation_date=False)
    return catalogue


def po_bytes(catalogue: Catalog) -> bytes:
    """Locations name the file, not the line: moving code about does not make the catalogue stale."""
    out = io.BytesIO()
    write_po(out, catalogue, width=120, sort_output=True, include_previous=False, include_lineno=False)
    return out.getvalue()


def mo_bytes(catalogue: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalogue, use_fuzzy=False)
    return out.getvalue()


def untranslated(catalogue: Catalog) -> list[str]:
    """The message ids (singular) that lack a translation or whose translation is marked fuzzy."""
    missing = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(_singular(message))
    return sorted(missing)


def compiled_matches(lang: str) -> bool:
    """Whether the committed .mo holds exactly the .po's translations."""
    mo = po_path(lang).with_suffix(".mo")
    if not mo.is_file():
        return False
    with mo.open("rb") as handle:
        compiled = read_mo(handle)
    return _pairs(compiled) == _pairs(read(lang))


def _pairs(catalogue: Catalog) -> dict[object, object]:
    """id -> text of the translated messages (plurals as tuples: read_mo gives lists)."""
    def key(value: object) -> object:
        return tuple(value) if isinstance(value, list | tuple) else value

    return {key(m.id): key(m.string) for m in catalogue if m.id and not m.fuzzy and _translated(m)}


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def _singular(message: Message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else str(message.id)


def update(langs: Iterable[str]) -> list[str]:
    """Extract, merge into each language's .po and compile its .mo; returns a line per language."""
    template = extract()
    lines = []
    for lang in langs:
        catalogue = merged(lang, template)
        po_path(lang).write_bytes(po_bytes(catalogue))
        po_path(lang).with_suffix(".mo").write_bytes(mo_bytes(catalogue))
        missing = untranslated(catalogue)
        lines.append(f"{lang}: {len(template)} messages, {len(missing)} to translate in {po_path(lang)}")
        lines += [f"  {m!r}" for m in missing]
    return lines


def new_language(lang: str) -> None:
    """Start a catalogue for a new language, every message untranslated."""
    template = extract()
    catalogue = Catalog(locale=lang, project="assess", version=__version__, domain=DOMAIN)
    catalogue.update(template, no_fuzzy_matching=True)
    po_path(lang).parent.mkdir(parents=True, exist_ok=True)
    po_path(lang).write_bytes(po_bytes(catalogue))


def main(argv: list[str]) -> int:
    usage = "usage: python -m assess.catalogues update [LANG...] | check | new LANG"
    if not argv or argv[0] not in ("update", "check", "new"):
        print(usage, file=sys.stderr)
        return 2
    if argv[0] == "new":
        if len(argv) != 2 or not argv[1].isalpha() or argv[1] in languages():
            print(usage + " (LANG: a language code without a catalogue yet)", file=sys.stderr)
            return 2
        new_language(argv[1])
        argv = ["update", argv[1]]
    if argv[0] == "update":
        for line in update(argv[1:] or languages()):
            print(line)
        return 0
    template, status = extract(), 0
    for lang in languages():
        catalogue = merged(lang, template)
        stale = po_bytes(catalogue) != po_path(lang).read_bytes() or not compiled_matches(lang)
        missing = untranslated(catalogue)
        print(f"{lang}: {'stale (run scripts/i18n.sh)' if stale else 'up to date'}, {len(missing)} to translate")
        status = 1 if stale or missing else status
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
