"""The tool's own words in French (`--lang fr`): the message catalogue (assess/i18n.py), the
report, the terminal table and the questionnaire; and English left as it was."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assess import i18n
from assess.assessments import Metadata, new_assessment
from assess.i18n import Translator, language
from assess.interview import render
from assess.loading import FrameworkLibrary, load_assessment
from assess.questionnaire import Questionnaire
from assess.report.build import load_job
from assess.report.formats import FORMATS
from assess.score_table import result_table
from assess.scoring import score
from tests.aia_support import FIXTURES, MINI, import_survey, results_file
from tests.conftest import ROOT
from tests.report_support import FIXTURE_ASSESSMENT, FIXTURE_FRAMEWORKS, pdftotext

TEMPLATES = ROOT / "templates"
FRENCH = Translator("fr")
# The saved answers of the level tests: raw impact 20, mitigation 9 of one phase's 10, so the
# 15 % deduction applies: current score 17, level II (bounds 8.5, 17, 25.5 of 34).
ANSWERS = {"projectTitle": "Benefit triage", "department-NS": "002", "phase": "item1", "r1": "item1-4",
           "r4": "item1-3", "r3": "item3-3", "r7": "item1-10", "m1": "item1-4", "m2": ["item1-1", "item2-1"],
           "m3": "item1-3"}


@pytest.fixture(scope="module")
def aia(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini AIA imported as a bilingual framework, and answers to it: returns the answers file."""
    out = tmp_path_factory.mktemp("mini-aia")
    frameworks = out / "frameworks"
    import_survey(MINI, frameworks, "mini-aia", requirements={
        "en": FIXTURES / "mini-requirements-en.json", "fr": FIXTURES / "mini-requirements-fr.json"})
    from assess.importers.aia_answers import import_answers
    from assess.storage import dump_assessment

    framework = FrameworkLibrary(dirs=[frameworks], include_builtin=False).load("mini-aia")
    done = import_answers(results_file(ANSWERS), framework, "results.json", "Benefit triage AIA",
                          date=dt.date(2026, 11, 22))
    path = out / "answers.yaml"
    path.write_text(dump_assessment(done.assessment), encoding="utf-8")
    return path


def render_report(path: Path, frameworks: Path, fmt: str, lang: str | None = None) -> str:
    library = FrameworkLibrary(dirs=[frameworks], lang=lang)
    return FORMATS[fmt].render(load_job(path, library, lang=lang)).data.decode("utf-8")


def visible_text(html: str) -> str:
    import html as html_module

    body = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", body)).split())


# ------------------------------------------------------------------ the catalogue


def test_language_tags_choose_a_catalogue() -> None:
    assert [language(t) for t in ("fr", "fr-CA", "FR", "en-GB", "de", None)] == ["fr", "fr", "fr", "en", "en", "en"]


def test_formatting_follows_the_language() -> None:
    en, fr = Translator("en"), Translator("fr")
    assert (en.percent(66.666), fr.percent(66.666)) == ("66.7%", "66,7\u00a0%")
    assert (en.points(8.5), fr.points(8.5), fr.points(17.0)) == ("8.5", "8,5", "17")
    # Babel's locale data (CLDR): thousands grouped, in French with a narrow no-break space.
    assert (en.points(1234.5), fr.points(1234.5), fr.number(0.1 + 0.2)) == ("1,234.5", "1\u202f234,5", "0,3")
    assert (en.percent(4.65), en.percent(4.75), en.percent(100.0)) == ("4.7%", "4.8%", "100%")  # as '%.1f' rounds
    assert (en.date("2026-02-01"), fr.date("2026-02-01"), fr.date("2026-11-22")) == (
        "1 February 2026", "1er février 2026", "22 novembre 2026")
    # French counts 0 in the singular, English in the plural; a message without a translation is English and
    # follows English's rule.
    assert (fr.plural(0, "question", "questions"), fr.plural(2, "question", "questions")) == ("question", "questions")
    assert en.plural(0, "question", "questions") == "questions" and en.plural(1, "question", "questions") == "question"
    assert fr.plural(0, "{n} one", "{n} many") == "0 many"
    assert fr("Proceed with conditions") == "Aller de l'avant sous conditions"
    assert fr("A message nobody translated") == "A message nobody translated"


def test_every_message_the_code_asks_for_has_a_french_translation(
    aia: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """Render everything in French, recording each message id the catalogue lacks."""
    missing: set[str] = set()
    original = Translator.message

    def recording(self: Translator, message: str) -> str:
        if self.lang == "fr" and not FRENCH.translates(message):
            missing.add(message)
        return original(self, message)

    monkeypatch.setattr(Translator, "message", recording)
    for path, frameworks in ((aia, aia.parent / "frameworks"), (FIXTURE_ASSESSMENT, FIXTURE_FRAMEWORKS)):
        for fmt in ("html", "md"):
            render_report(path, frameworks, fmt, "fr")
        library = FrameworkLibrary(dirs=[frameworks], lang="fr")
        assessment, loaded = load_assessment(path, library)
        result = score(loaded, assessment)
        result_table(result, "fr")
        questionnaire = Questionnaire(assessment, loaded, "fr")
        for index in questionnaire.visible():
            render.header(questionnaire, index)
            render.full_help(questionnaire, index)
            render.jump_entry(questionnaire, index)
            render.type_hint(questionnaire.slots[index].question, "fr")
        render.hidden_notice(["a"], "fr")
        render.hidden_notice(["a", "b"], "fr")
        render.progress_line(questionnaire)
        render.mark_legend("fr")
    # Messages that only a user's text can produce (custom sign-off roles, a brand's own report kind)
    # fall back to themselves by design.
    assert sorted(missing) == [], sorted(missing)


# ------------------------------------------------------------------ the report in French


def test_a_french_report(aia: Path) -> None:
    html = render_report(aia, aia.parent / "frameworks", "html", "fr")
    assert '<html lang="fr">' in html
    text = visible_text(html)
    for phrase in ("Synthèse", "Plan d'action", "Lacunes de preuve", "Méthode et provenance",
                   "Décision (provisoire)", "Aller de l'avant sous conditions", "22 novembre 2026",
                   "Niveau d'incidence", "Niveau II (2 sur 4)", "Ce que ce niveau exige", "Un examinateur",
                   "Score actuel", "Petit contrôle d'incidence", "Score d'incidence brut"):
        assert phrase in text, phrase
    for english in ("Decision brief", "Action plan", "What this level requires", "Current score",
                    "of the questions that apply"):
        assert english not in text, english


def test_the_french_verdict_words() -> None:
    fr = Translator("fr")
    assert [fr(v) for v in ("Proceed", "Proceed with conditions", "Pause and remediate", "Do not proceed")] == [
        "Aller de l'avant", "Aller de l'avant sous conditions", "Suspendre et corriger", "Ne pas aller de l'avant"]


def test_a_french_assurance_report_keeps_its_enums_in_english() -> None:
    html = render_report(FIXTURE_ASSESSMENT, FIXTURE_FRAMEWORKS, "html", "fr")
    text = visible_text(html)
    assert "Suspendre et corriger" in text and "Blocages déclenchés" in text
    data = json.loads(render_report(FIXTURE_ASSESSMENT, FIXTURE_FRAMEWORKS, "json", "fr"))
    assert data["verdict"] == "Pause and remediate"


def test_a_brand_in_a_french_variant_keeps_it(tmp_path: Path) -> None:
    from assess.rendering.templating import TemplateSet

    (tmp_path / "brand.yaml").write_text("lang: fr-CA\n", encoding="utf-8")
    assert TemplateSet(tmp_path, lang="fr").brand().lang == "fr-CA"
    assert TemplateSet(tmp_path).translator().lang == "fr"  # brand.yaml alone makes the report French
    assert TemplateSet(None, lang="fr").brand().lang == "fr"
    assert TemplateSet(None).brand().lang == "en-GB"


def test_a_french_pdf_numbers_its_pages_in_french(aia: Path, tmp_path: Path) -> None:
    out = tmp_path / "rapport.pdf"
    done = subprocess.run([sys.executable, "-m", "assess", "report", str(aia), "--frameworks",
                           str(aia.parent / "frameworks"), "--lang", "fr", "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    text = pdftotext(out)
    pages = re.search(r"Page 1 sur (\d+)", text)
    assert pages is not None and int(pages.group(1)) > 3
    assert "Synthèse" in text and "BROUILLON" in text
    assert "Page 1 of" not in text


def test_a_french_markdown_report(aia: Path) -> None:
    md = render_report(aia, aia.parent / "frameworks", "md", "fr")
    heads = [line for line in md.splitlines() if line.startswith("## ")]
    assert "## Synthèse" in heads and any(h.startswith("## Annexe 1") for h in heads), heads
    assert "Niveau II (2 sur 4)" in md and "**Décision\u00a0:" in md


def test_the_french_terminal_table(aia: Path) -> None:
    library = FrameworkLibrary(dirs=[aia.parent / "frameworks"], lang="fr")
    assessment, frameworks = load_assessment(aia, library)
    table = result_table(score(frameworks, assessment), "fr").replace("\u00a0", " ")
    assert "Cadre" in table and "ORANGE" in table and "Niveau II (2 sur 4)" in table
    assert "Décision : Aller de l'avant sous conditions (provisoire)" in table
    assert "Exigences : Avis, Examen" in table


# ------------------------------------------------------------------ English unchanged


def test_english_stays_the_default(aia: Path) -> None:
    html = render_report(FIXTURE_ASSESSMENT, FIXTURE_FRAMEWORKS, "html")
    assert '<html lang="en-GB">' in html
    text = visible_text(html)
    assert "Decision brief" in text and "Pause and remediate" in text and "Synthèse" not in text
    assert "Impact level" not in text  # an assurance framework has no level block
    assert "Page " not in text  # the page numbers stay in report.css's own words
    md = render_report(FIXTURE_ASSESSMENT, FIXTURE_FRAMEWORKS, "md")
    assert "## Decision brief" in md and "Method and provenance" in md and "## Annex " in md


# ------------------------------------------------------------------ the questionnaire in French


@pytest.fixture
def french_questionnaire(aia: Path) -> Questionnaire:
    library = FrameworkLibrary(dirs=[aia.parent / "frameworks"], include_builtin=False, lang="fr")
    framework = library.load("mini-aia")
    meta = Metadata(title="T", organisation="O", system="S", stage=None, role=None, perspective=None,
                    classification=None)
    import datetime as dt

    frameworks = {"mini-aia": framework}
    return Questionnaire(new_assessment(meta, frameworks, dt.date(2026, 1, 1)), frameworks, "fr")


def test_the_question_screen_in_french(french_questionnaire: Questionnaire) -> None:
    phase = next(i for i, s in enumerate(french_questionnaire.slots) if s.question.id == "phase")
    lines = render.header(french_questionnaire, phase)
    assert "Quelle phase?" in lines
    assert re.fullmatch(r"0 sur \d+ répondues", render.progress_line(french_questionnaire))
    french_questionnaire.set_answer(phase, _answer("item1"))
    assert "Réponse donnée : Conception" in render.header(french_questionnaire, phase)  # clip() makes spaces plain
    r2 = next(i for i, s in enumerate(french_questionnaire.slots) if s.question.id == "r2")
    assert render.type_hint(french_questionnaire.slots[r2].question, "fr") == "Cochez chaque option qui s'applique."
    assert render.value_text(french_questionnaire.slots[r2].question, "dont_know", "fr") == "Je ne sais pas"
    assert "répondue" in render.mark_legend("fr")


def _answer(value: str):  # type: ignore[no-untyped-def]
    from assess.model import Answer

    return Answer(answer=value)


def test_the_choices_and_prompts_in_french(french_questionnaire: Questionnaire) -> None:
    pytest.importorskip("questionary")
    from assess.interview.prompts import TerminalUI

    ui = TerminalUI("fr")
    phase = next(i for i, s in enumerate(french_questionnaire.slots) if s.question.id == "phase")
    choices, _ = ui._choices(french_questionnaire, phase)
    titles = [str(c.title) for c in choices if hasattr(c, "value") and c.value]
    assert "d) Je ne sais pas" in titles and "s) Passer pour l'instant" in titles
    assert "b) Revenir à la question précédente" in titles
    english, _ = TerminalUI()._choices(french_questionnaire, phase)
    assert "d) Don't know" in [str(c.title) for c in english]


@pytest.fixture
def french_terminal(aia: Path, tmp_path: Path) -> Iterator[object]:
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "TERM": "xterm", "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1", "COLUMNS": "80",
           "LINES": "24"}
    child = pexpect.spawn(sys.executable, ["-m", "assess", "run", "new.yaml", "--framework", "mini-aia", "--quick",
                                           "--frameworks", str(aia.parent / "frameworks"), "--lang", "fr"],
                          cwd=str(tmp_path), env=env, dimensions=(24, 80), encoding="utf-8", timeout=30)
    yield child
    child.close(force=True)


def test_a_french_run_in_a_terminal(french_terminal: object, tmp_path: Path) -> None:
    import pexpect

    child = french_terminal
    assert isinstance(child, pexpect.spawn)
    for prompt, keys in (("Titre de cette évaluation", "Essai\r"), ("Organisation qui déploie", "Agence\r"),
                         ("Le système ou l'outil", "Triage\r"), ("Étape du déploiement", "\r"),
                         ("Votre nom", "\r"), ("Votre rôle", "\r"), ("De quel point de vue", "\r"),
                         ("Date de l'évaluation", "\r"), ("Cote de sécurité", "\r")):
        child.expect_exact(prompt)
        child.send(keys)
    child.expect_exact("Petit contrôle d'incidence")
    child.expect_exact("Votre réponse")
    child.expect_exact("Passer pour l'instant")
    child.send("q")
    child.expect_exact("Enregistrée dans")
    child.expect(pexpect.EOF)
    assert (tmp_path / "new.yaml").exists()


def test_every_passage_of_prose_is_in_french() -> None:
    assert all(FRENCH.translates(text) and FRENCH.prose(key) != text for key, text in i18n.PROSE.items())
