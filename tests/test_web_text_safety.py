"""Workspace pages show text for what it is, as reports do (docs/text-safety.md): bidi controls in a title or a
name are isolated, never reordering the words around them, and a framework's source is a link only when http(s)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from assess.web.app import create_app
from assess.web.config import WebConfig
from assess.web.tables import User
from tests.web_support import MINI_FRAMEWORKS, Person, add_user

RLO = "\u202e"
ABOUT = {"organisation": "Force", "system": "Flags", "stage": "", "perspective": "", "respondent": "",
         "classification": "", "date": ""}


def test_a_title_with_a_bidi_override_is_isolated_on_every_page(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    title = f"Pilot {RLO}wol ksir"
    assert alice.post(f"/a/{ref}/about", {"title": title, **ABOUT}).status_code == 303
    for url in ("/", f"/a/{ref}", f"/a/{ref}/s/mini/aim", f"/a/{ref}/plan", f"/a/{ref}/sign-off"):
        page = alice.page(url)
        shown = [m.start() for m in re.finditer(RLO, page)]
        assert shown, url
        for at in shown:  # every raw override sits inside an isolate, or inside a form field's value
            before = page[max(0, at - 200):at]
            isolated = before.rfind("<bdi>\u2068") > before.rfind("</bdi>")
            in_value = before.rfind('value="') > before.rfind('"', 0, len(before) - 1) or 'value="Pilot ' in before
            assert isolated or in_value, (url, page[max(0, at - 80):at + 40])
        if url != "/":  # the <title>, where no element can go: the override is made visible
            assert "<title>" in page and "Pilot \u27e6U+202E\u27e7wol ksir" in page.split("</title>")[0], url
    # The about form shows the title as stored, so saving it again changes nothing.
    about = alice.page(f"/a/{ref}/about")
    assert f'value="{title}"' in about
    assert alice.post(f"/a/{ref}/about", {"title": title, **ABOUT}).status_code == 303
    assert "title: \"Pilot \\u202Ewol ksir\"" in alice.client.get(f"/a/{ref}/export.yaml").text


def test_a_display_name_with_a_bidi_override_is_isolated(app: FastAPI, alice: Person) -> None:
    with app.state.sessions() as db:
        db.query(User).filter_by(username="alice").one().display_name = f"Alice {RLO}reganam"
        db.commit()
    ref = alice.start(["mini"])
    page = alice.page(f"/a/{ref}")
    assert f"<bdi>\u2068Alice {RLO}reganam\u2069</bdi>" in page


@pytest.fixture
def hostile_source_app(tmp_path: Path) -> Iterator[FastAPI]:
    folder = tmp_path / "frameworks"
    folder.mkdir()
    text = (MINI_FRAMEWORKS / "mini.yaml").read_text(encoding="utf-8")
    assert 'url: "https://example.org/case"' in text
    (folder / "mini.yaml").write_text(text.replace('url: "https://example.org/case"',
                                                   'url: "javascript:alert(document.cookie)"'), encoding="utf-8")
    config = WebConfig(data_dir=tmp_path, database_url=f"sqlite+pysqlite:///{tmp_path / 'w.db'}",
                       secret_key=secrets.token_urlsafe(32), frameworks_dirs=[folder], strict_templates=True)
    application = create_app(config)
    yield application
    application.state.builder.shutdown()
    application.state.engine.dispose()


def test_a_source_that_is_not_a_web_address_is_not_a_link(hostile_source_app: FastAPI,
                                                          app: FastAPI, alice: Person) -> None:
    add_user(hostile_source_app, "carol")
    carol = Person(hostile_source_app, "carol")
    carol.sign_in()
    ref = carol.start(["mini"])
    page = carol.page(f"/a/{ref}/s/mini/aim")
    assert "A v B [2013] UKSC 39 [74]" in page and "javascript:" not in page
    # The shipped https source stays a link.
    ref = alice.start(["mini"])
    assert 'href="https://example.org/case"' in alice.page(f"/a/{ref}/s/mini/aim")


def test_a_note_keeps_its_characters_in_the_form_that_shows_it(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    alice.page(f"/a/{ref}/s/mini/aim")
    note = f"First line\r\nSecond {RLO}enil"  # as a browser sends a textarea: CR LF
    saved = alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "dont_know", "note": note, "revision": "0"})
    assert saved.status_code == 303
    page = alice.page(f"/a/{ref}/s/mini/aim")
    shown = re.search(r'<textarea id="note-[^"]*" name="note"[^>]*>(.*?)</textarea>', page, re.S)
    assert shown is not None
    assert shown.group(1).replace("\r\n", "\n") == note.replace("\r\n", "\n")  # no mark to be saved back
