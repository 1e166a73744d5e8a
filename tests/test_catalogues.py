"""The gettext catalogues (assess/locale/): every message id the code and templates use has a French
translation, the committed .po is what scripts/i18n.sh would write, and the .mo is compiled from it."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from assess import catalogues
from assess.i18n import LANGUAGES, Translator, catalogue


def ids(found: object) -> set[str]:
    out: set[str] = set()
    for message in found:  # type: ignore[attr-defined]
        out |= set(message.id) if isinstance(message.id, tuple) else {message.id}
    return out - {""}


def test_extraction_reads_every_kind_of_source() -> None:
    found = ids(catalogues.extract())
    assert {
        "Stage of the deployment:",  # tr(...) in the questionnaire
        "gate: {message}",  # t(...) in the scoring engine
        "{framework}: {n} questions not yet answered",  # tr.plural(n, one, other): the plural
        "Proceed with conditions",  # N_(...): an enum's value, translated where it is shown
        "Ratings by framework (the chart's data)",  # t(...) in a report template
        "Sign in",  # _(...) in a workspace template
        "%(num)d gate",  # ngettext(...) in a workspace template: the singular
        "owner",  # N_(...) in the workspace's table of words shown through `translated`
    } <= found


def test_every_message_used_has_a_french_translation() -> None:
    merged = catalogues.merged("fr", catalogues.extract())
    assert catalogues.untranslated(merged) == []


def test_a_forgotten_string_is_found(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text('<p>{{ _("A sentence nobody has translated yet") }}</p>', encoding="utf-8")
    (tmp_path / "code.py").write_text('print(tr("Another one"))\n', encoding="utf-8")
    template = catalogues.extract([(tmp_path, [("**.html", "jinja2"), ("**.py", "python")])])
    merged = catalogues.merged("fr", template)
    assert catalogues.untranslated(merged) == ["A sentence nobody has translated yet", "Another one"]


def test_the_committed_catalogues_are_up_to_date() -> None:
    """What `scripts/i18n.sh` would write is what is committed: run it after changing the words."""
    template = catalogues.extract()
    for lang in catalogues.languages():
        assert catalogues.po_bytes(catalogues.merged(lang, template)) == catalogues.po_path(lang).read_bytes(), lang
        assert catalogues.compiled_matches(lang), f"{lang}: the .mo is older than the .po; run scripts/i18n.sh"


def test_a_catalogue_names_files_not_lines() -> None:
    """An edit that only moves a string down its file leaves the committed catalogue as it is."""
    written = catalogues.po_bytes(catalogues.merged("fr", catalogues.extract())).decode("utf-8")
    locations = [line for line in written.splitlines() if line.startswith("#: ")]
    assert locations and not [line for line in locations if re.search(r":\d+\b", line)]


def test_the_compiled_catalogue_is_what_the_tool_reads() -> None:
    assert "fr" in LANGUAGES
    assert isinstance(catalogue("fr"), gettext.GNUTranslations)
    fr = Translator("fr")
    assert fr.ngettext("question", "questions", 1) == "question" and fr.ngettext("question", "questions", 2) == (
        "questions")
    assert fr("Sign in") == "Se connecter"
