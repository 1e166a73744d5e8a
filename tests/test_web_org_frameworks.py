"""Frameworks uploaded in the browser: checked as `assess validate` checks a file, stored in the database by id
and version, and from then on used everywhere in the workspace, by every server process on that database."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from assess.web.app import create_app
from assess.web.config import WebConfig
from assess.web.tables import OrganisationFramework
from tests.web_support import MINI_FRAMEWORKS, Person, add_user, built_pdf

MINI = (MINI_FRAMEWORKS / "mini.yaml").read_text(encoding="utf-8")
ORG_MINI = MINI.replace("id: mini\n", "id: org-mini\n").replace("title: Mini framework", "title: Our own mini")
YAML = "application/yaml"
EPOCH = "1767225600"


def upload(person: Person, name: str, content: str | bytes):  # type: ignore[no-untyped-def]
    data = content.encode("utf-8") if isinstance(content, str) else content
    return person.post("/admin/frameworks", files={"file": (name, data, YAML)})


def stored_rows(app: FastAPI) -> int:
    with app.state.sessions() as db:
        return int(db.scalar(select(func.count()).select_from(OrganisationFramework)) or 0)


def page_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_an_uploaded_framework_is_listed_downloadable_and_offered_to_everyone(
        app: FastAPI, alice: Person, bob: Person) -> None:
    response = upload(alice, "org-mini.yaml", ORG_MINI)
    assert response.status_code == 303, response.text[:800]
    page = alice.page(response.headers["location"])
    assert "Stored org-mini version 1.0.0" in page
    row = re.search(r"<tr><td><code>org-mini</code></td><td>1.0.0</td><td>Our own mini</td>\s*<td>Alice</td>", page)
    assert row is not None
    downloaded = alice.client.get("/admin/frameworks/org-mini/1.0.0")
    assert downloaded.status_code == 200 and downloaded.content == ORG_MINI.encode("utf-8")
    assert 'filename="org-mini.yaml"' in downloaded.headers["content-disposition"]
    # Offered to someone who is not an administrator, beside the built-in frameworks.
    new = bob.page("/new")
    assert 'value="org-mini"' in new and "Our own mini" in new and 'value="consultation"' in new
    ref = bob.start(["mini"])
    assert 'value="org-mini"' in bob.page(f"/a/{ref}/about")


def test_an_assessment_on_an_uploaded_framework_is_answered_exported_and_imported(
        app: FastAPI, alice: Person, bob: Person) -> None:
    assert upload(alice, "org-mini.yaml", ORG_MINI).status_code == 303
    ref = bob.start(["org-mini"])
    bob.page(f"/a/{ref}/s/org-mini/aim")
    saved = bob.post(f"/a/{ref}/answer/org-mini/objective", {"answer": "general", "note": "Board minutes",
                                                             "revision": "0"})
    assert saved.status_code == 303
    state = bob.client.get(f"/api/assessments/{ref}").json()
    assert state["assessment"]["answers"]["org-mini"]["objective"]["answer"] == "general"
    assert state["assessment"]["frameworks"]["org-mini"]["version"] == "1.0.0"
    exported = bob.client.get(f"/a/{ref}/export.yaml")
    assert exported.status_code == 200 and "org-mini" in exported.text
    imported = alice.post("/import", files={"file": ("pilot.yaml", exported.content, YAML)})
    assert imported.status_code == 303, imported.text[:800]
    again = alice.client.get(f"/api/assessments/{imported.headers['location'].rsplit('/', 1)[-1]}").json()
    assert again["assessment"]["answers"] == state["assessment"]["answers"]
    markdown = bob.client.get(f"/a/{ref}/report.md")
    assert markdown.status_code == 200 and "Our own mini" in markdown.text


def test_an_invalid_framework_is_refused_with_the_errors_assess_validate_gives(
        app: FastAPI, alice: Person, tmp_path: Path) -> None:
    broken = ORG_MINI.replace("        weight: 2\n", "        weigth: 2\n").replace("score: 3}", "score: three}", 1)
    response = upload(alice, "org-mini.yaml", broken)
    assert response.status_code == 422
    shown = page_text(response.text)
    (tmp_path / "org-mini.yaml").write_text(broken, encoding="utf-8")
    cli = subprocess.run([sys.executable, "-m", "assess", "validate", "org-mini.yaml"], cwd=tmp_path,
                         capture_output=True, text=True, check=False)
    assert cli.returncode == 2
    located = [line for line in cli.stderr.splitlines() if line.startswith("org-mini.yaml:")]
    assert len(located) == 2 and "unknown key 'weigth'" in cli.stderr
    for line in located:  # every error the command line gives, word for word, beside the upload field
        assert line in shown, (line, shown)
    assert 'aria-describedby="file-hint file-errors" aria-invalid="true"' in response.text
    assert "Your file org-mini.yaml is no longer selected" in shown
    assert stored_rows(app) == 0


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bomb.yaml", "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)),
         "bomb.yaml:1:32: error: document expands to more than 300000 nodes"),
        ("huge.yaml", "schema: assess/framework@1\n" + "# padding\n" * 600_000, "huge.yaml:1:1: error: file is "
         "larger than 5 MiB"),
        ("evil.yaml", "schema: assess/framework@1\nid: !!python/object/apply:os.system [echo hi]\n",
         "evil.yaml:2:5: error: unsupported YAML tag"),
        ("notes.txt", ORG_MINI, "notes.txt:1:1: error: the file name should end in .yaml or .yml"),
        ("org-mini.yaml", b"\x00\x01binary", "org-mini.yaml:1:1: error: binary file, not YAML text"),
    ],
)
def test_hostile_files_are_refused_and_nothing_is_stored(
        app: FastAPI, alice: Person, name: str, content: str | bytes, expected: str) -> None:
    response = upload(alice, name, content)
    assert response.status_code == 422
    assert expected in page_text(response.text)
    assert stored_rows(app) == 0


def test_an_id_from_the_servers_files_cannot_be_taken(app: FastAPI, alice: Person) -> None:
    response = upload(alice, "mini.yaml", MINI)
    assert response.status_code == 422
    shown = page_text(response.text)
    assert "mini.yaml:1:1: error: 'mini' is the id of a framework this workspace already has" in shown
    assert "such as 'org-mini'" in shown
    assert stored_rows(app) == 0


def test_versions_are_kept_and_an_assessment_keeps_the_one_it_pinned(
        app: FastAPI, alice: Person, bob: Person) -> None:
    assert upload(alice, "org-mini.yaml", ORG_MINI).status_code == 303
    ref = bob.start(["org-mini"])
    second = ORG_MINI.replace("version: 1.0.0", "version: 1.1.0").replace("Our own mini", "Our own mini, revised")
    assert upload(alice, "org-mini.yaml", second).status_code == 303
    # The same version with other content is refused; the same bytes again change nothing.
    clash = upload(alice, "org-mini.yaml", second.replace("Anything else?", "Anything more?"))
    assert clash.status_code == 422
    assert "version 1.1.0 of 'org-mini' is already stored, with different content" in page_text(clash.text)
    same = upload(alice, "org-mini.yaml", second)
    assert same.status_code == 303 and "already stored exactly" in alice.page(same.headers["location"])
    assert stored_rows(app) == 2
    listing = alice.page("/admin/frameworks")
    assert "/admin/frameworks/org-mini/1.1.0" in listing and "/admin/frameworks/org-mini/1.0.0" in listing
    # Started before: stays on 1.0.0. Started now: 1.1.0.
    assert "Our own mini, revised" not in bob.page(f"/a/{ref}")
    newer = bob.start(["org-mini"], title="Later one")
    assert bob.client.get(f"/api/assessments/{newer}").json()["assessment"]["frameworks"]["org-mini"][
        "version"] == "1.1.0"
    assert "Our own mini, revised" in bob.page(f"/a/{newer}")


def test_warnings_are_shown_and_the_framework_is_stored(app: FastAPI, alice: Person) -> None:
    hidden = ORG_MINI.replace("help: Stage one.", "help: Stage\u200b one.")
    response = upload(alice, "org-mini.yaml", hidden)
    assert response.status_code == 303
    page = page_text(alice.page(response.headers["location"]))
    assert "Stored org-mini version 1.0.0" in page
    assert re.search(r"org-mini\.yaml:\d+:\d+: warning: ", page) is not None


def test_only_administrators_upload_or_download(app: FastAPI, alice: Person, bob: Person) -> None:
    assert upload(alice, "org-mini.yaml", ORG_MINI).status_code == 303
    assert bob.client.get("/admin/frameworks").status_code == 404
    assert bob.client.get("/admin/frameworks/org-mini/1.0.0").status_code == 404
    other = ORG_MINI.replace("id: org-mini", "id: bobs")
    assert upload(bob, "bobs.yaml", other).status_code == 404
    assert stored_rows(app) == 1
    assert "/admin/frameworks" not in bob.page("/")


@pytest.fixture
def second_app(app: FastAPI, tmp_path: Path) -> Iterator[FastAPI]:
    """Another server process's application on the same database (a second node behind a load balancer)."""
    config = WebConfig(data_dir=tmp_path / "second", database_url=app.state.config.database_url,
                       secret_key=secrets.token_urlsafe(32), frameworks_dirs=[MINI_FRAMEWORKS],
                       strict_templates=True)
    application = create_app(config)
    yield application
    application.state.builder.shutdown()
    application.state.engine.dispose()


def test_a_second_server_on_the_same_database_sees_the_upload(
        app: FastAPI, second_app: FastAPI, alice: Person, bob: Person) -> None:
    other = Person(second_app, "bob")  # the same account, through the other server
    other.sign_in()
    assert 'value="org-mini"' not in other.page("/new")
    assert upload(alice, "org-mini.yaml", ORG_MINI).status_code == 303
    assert 'value="org-mini"' in other.page("/new")  # no restart, no cache to wait for
    ref = other.start(["org-mini"])
    other.page(f"/a/{ref}/s/org-mini/aim")
    assert other.post(f"/a/{ref}/answer/org-mini/objective", {"answer": "specific", "revision": "0"}).status_code \
        == 303
    # ... and the first server reads what the second wrote, against the same framework.
    assert "Our own mini" in bob.page(f"/a/{ref}")
    second = ORG_MINI.replace("version: 1.0.0", "version: 2.0.0")
    assert upload(alice, "org-mini.yaml", second).status_code == 303
    later = other.start(["org-mini"], title="After the new version")
    assert other.client.get(f"/api/assessments/{later}").json()["assessment"]["frameworks"]["org-mini"][
        "version"] == "2.0.0"


def test_the_pdf_of_an_assessment_on_an_uploaded_framework_is_built(
        app: FastAPI, alice: Person, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # inherited by the worker process
    assert upload(alice, "org-mini.yaml", ORG_MINI).status_code == 303
    ref = alice.start(["org-mini"], title="Pilot review")
    alice.page(f"/a/{ref}/s/org-mini/aim")
    alice.post(f"/a/{ref}/answer/org-mini/objective", {"answer": "general", "note": "From the minutes",
                                                       "revision": "0"})
    started = alice.post(f"/a/{ref}/pdf")
    assert started.status_code == 303
    status = built_pdf(alice, started.headers["location"])
    assert "The PDF is ready" in status, status
    link = re.search(r'href="([^"]+/file)"', status)
    assert link is not None
    pdf = alice.client.get(link.group(1)).content
    # The very PDF `assess report` makes with the downloaded framework in a --frameworks directory.
    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "org-mini.yaml").write_bytes(alice.client.get("/admin/frameworks/org-mini/1.0.0").content)
    (tmp_path / "pilot-review.yaml").write_bytes(alice.client.get(f"/a/{ref}/export.yaml").content)
    made = subprocess.run([sys.executable, "-m", "assess", "report", "pilot-review.yaml", "-o", "cli.pdf",
                           "--frameworks", str(folder)], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, check=False)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "cli.pdf").read_bytes() == pdf


def test_a_non_administrator_account_made_later_cannot_upload(app: FastAPI, alice: Person) -> None:
    add_user(app, "carol")
    carol = Person(app, "carol")
    carol.sign_in()
    assert upload(carol, "org-mini.yaml", ORG_MINI).status_code == 404
    assert stored_rows(app) == 0
