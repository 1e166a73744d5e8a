"""The workspace in French and English: the browser's Accept-Language, the switch on every page, the
choice kept in the session and the account, form errors and framework text in the reader's language."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assess.web.app import create_app
from assess.web.config import WebConfig
from assess.web.language import negotiate
from assess.web.tables import User
from tests.web_support import MINI_FRAMEWORKS, Person, add_user


def html_lang(html: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', html)
    assert found, html[:200]
    return found.group(1)


def switch(person: Person, lang: str, page: str) -> str:
    """Press the language switch on `page`, as a browser would (it sends the page as the Referer)."""
    person.page(page)
    response = person.client.post("/language", data={"lang": lang, "csrf_token": person.token},
                                  headers={"Referer": f"http://testserver{page}"})
    assert response.status_code == 303
    assert response.headers["location"] == page  # back where the switch was pressed
    return person.page(page)


def account_language(app: FastAPI, username: str) -> str | None:
    with app.state.sessions() as db:
        user = db.query(User).filter_by(username=username).one()
        return user.language


def test_the_browser_language_is_negotiated() -> None:
    assert negotiate("fr-CA,fr;q=0.9,en;q=0.8") == "fr"
    assert negotiate("de-DE, en;q=0.4, fr;q=0.7") == "fr"  # the best the tool speaks, by weight
    assert negotiate("en-GB,en;q=0.9,fr;q=0.8") == "en"
    assert negotiate("de, it") is None and negotiate("") is None and negotiate(None) is None
    assert negotiate("fr;q=0, en;q=0.1") == "en"  # q=0 means "not this one"
    assert negotiate("fr;q=nonsense, en") == "en"


def test_a_french_browser_gets_french_and_the_switch_brings_english_back(app: FastAPI) -> None:
    add_user(app, "alice")
    visitor = Person(app, "alice")
    visitor.client.headers["Accept-Language"] = "fr-CA,fr;q=0.9,en;q=0.5"
    page = visitor.page("/login")
    assert html_lang(page) == "fr"
    assert "<h1>Se connecter</h1>" in page and "Nom d'utilisateur" in page and "Sign in" not in page
    assert 'lang="en"' in page and ">English</button>" in page  # the switch, each language named in itself

    page = switch(visitor, "en", "/login")
    assert html_lang(page) == "en" and "<h1>Sign in</h1>" in page and "Se connecter" not in page
    # A wrong password, in the language chosen (a message made in Python).
    response = visitor.client.post("/login", data={"username": "alice", "password": "wrong password!",
                                                   "csrf_token": visitor.token})
    assert "That username and password do not match an account." in response.text

    page = switch(visitor, "fr", "/login")
    response = visitor.client.post("/login", data={"username": "alice", "password": "wrong password!",
                                                   "csrf_token": visitor.token})
    assert "ne correspondent à aucun compte" in response.text and html_lang(response.text) == "fr"


def test_the_choice_outlasts_signing_in_and_out(app: FastAPI) -> None:
    add_user(app, "alice")
    alice = Person(app, "alice")
    switch(alice, "fr", "/login")  # chosen before signing in, on the sign-in page
    alice.sign_in()
    home = alice.page("/")
    assert html_lang(home) == "fr" and "Vos évaluations" in home and "Se déconnecter" in home
    assert account_language(app, "alice") == "fr"  # the account keeps it

    # Another browser, another day: no session, an English browser; the account's choice comes back.
    elsewhere = Person(app, "alice")
    elsewhere.client.headers["Accept-Language"] = "en-GB"
    assert html_lang(elsewhere.page("/login")) == "en"
    elsewhere.sign_in()
    assert html_lang(elsewhere.page("/")) == "fr"

    # Switched back to English while signed in: the account follows.
    page = switch(elsewhere, "en", "/")
    assert "Your assessments" in page and account_language(app, "alice") == "en"
    elsewhere.client.post("/logout", data={"csrf_token": elsewhere.token})
    assert html_lang(elsewhere.page("/login")) == "en"  # signing out keeps the language


def test_form_errors_and_plurals_follow_the_language(alice: Person) -> None:
    switch(alice, "fr", "/new")
    response = alice.post("/new", {"title": "", "organisation": "", "system": "", "frameworks": []})
    assert response.status_code == 422
    text = response.text
    assert "Indiquez un titre." in text and "Choisissez au moins un cadre." in text
    assert "corrigez d'abord ces points" in text  # several errors: the plural
    ref = alice.start(["mini"])
    page = alice.page(f"/a/{ref}")
    assert "Où en est l'évaluation" in page and "votre rôle\u00a0: propriétaire" in page
    assert re.search(r"<strong>0 sur \d+</strong> questions avec réponse", page)
    assert "Mini framework" in page  # a framework without French text is shown as it is written


@pytest.fixture
def bilingual_app(database_url: str, tmp_path: Path) -> Iterator[FastAPI]:
    """The mini framework with its title given in English and French."""
    frameworks = tmp_path / "frameworks"
    frameworks.mkdir()
    text = (MINI_FRAMEWORKS / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Mini framework\n",
                        "languages: [en, fr]\ntitle: {en: Mini framework, fr: Petit cadre}\n", 1)
    (frameworks / "mini.yaml").write_text(text, encoding="utf-8")
    config = WebConfig(data_dir=tmp_path, database_url=database_url, secret_key=secrets.token_urlsafe(32),
                       frameworks_dirs=[frameworks], strict_templates=True)
    application = create_app(config)
    yield application
    application.state.builder.shutdown()
    application.state.engine.dispose()


def test_a_translated_framework_is_read_in_the_page_language(bilingual_app: FastAPI) -> None:
    add_user(bilingual_app, "alice")
    alice = Person(bilingual_app, "alice")
    alice.sign_in()
    ref = alice.start(["mini"])
    assert "Mini framework" in alice.page(f"/a/{ref}")
    page = switch(alice, "fr", f"/a/{ref}")
    assert "Petit cadre" in page and "Mini framework" not in page


def test_an_error_page_is_in_the_page_language(app: FastAPI) -> None:
    client = TestClient(app, follow_redirects=False, headers={"Accept-Language": "fr"})
    add_user(app, "alice")
    person = Person(app, "alice")
    person.client = client
    person.sign_in()
    response = client.get("/a/no-such-assessment")
    assert response.status_code == 404
    assert "<h1>Introuvable</h1>" in response.text and html_lang(response.text) == "fr"


def test_the_report_downloaded_from_a_french_page_is_in_french(alice: Person) -> None:
    ref = alice.start(["mini"])
    english = alice.client.get(f"/a/{ref}/report.md")
    assert english.status_code == 200 and "Verdict" in english.text
    switch(alice, "fr", f"/a/{ref}")
    french = alice.client.get(f"/a/{ref}/report.md")
    assert french.status_code == 200
    assert "Décision" in french.text and "Verdict (provisional)" not in french.text


def test_an_answer_refused_is_refused_in_french(alice: Person) -> None:
    ref = alice.start(["mini"])
    switch(alice, "fr", f"/a/{ref}")
    refused = alice.post(f"/a/{ref}/answer/mini/headcount", {"answer": "beaucoup", "revision": "1"})
    assert refused.status_code == 422
    assert "écrivez un nombre, par exemple 46000 ou 2.5 (avec un point)" in refused.text
    assert 'value="beaucoup"' in refused.text
