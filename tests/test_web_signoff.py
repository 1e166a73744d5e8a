"""Sign-off in the workspace: who may record a decision, what is recorded, and the signed PDF."""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pytest
import yaml
from fastapi import FastAPI

from assess.signing import load_signing_key
from assess.verify import load_trust_roots, verify_report
from tests.signing_support import PASSWORD, Authority, make_authority
from tests.web_support import Person, approve, built_pdf


def answers_hash(page: str) -> str:
    found = re.search(r'name="answers_hash" value="([0-9a-f]{64})"', page)
    assert found, page[:2000]
    return found.group(1)


def decide(person: Person, ref: str, **fields: object):  # type: ignore[no-untyped-def]
    page = person.page(f"/a/{ref}/sign-off")
    data: dict[str, object] = {"decision": "conditions", "role": "Chair, ethics board", "date": "2026-11-30",
                               "conditions": "Consult the staff association\nReview in six months",
                               "accepted": ["gate:mini/objective"], "answers_hash": answers_hash(page)}
    return person.post(f"/a/{ref}/sign-off", {**data, **fields})


def with_a_gate(app: FastAPI, alice: Person) -> str:
    """An assessment with a gate raised, approved by a reviewer: ready for a decision."""
    ref = alice.start(["mini"], title="Pilot review")
    alice.page(f"/a/{ref}/s/mini/aim")
    saved = alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "none", "revision": "0"})
    assert saved.status_code == 303
    approve(app, alice, ref)
    return ref


def test_a_decision_maker_records_a_decision(app: FastAPI, alice: Person, bob: Person) -> None:
    ref = with_a_gate(app, alice)
    assert alice.post(f"/a/{ref}/members", {"username": "bob", "role": "decision-maker"}).status_code == 303
    page = bob.page(f"/a/{ref}/sign-off")
    assert "gate:mini/objective" in page and "No objective at all." in page  # the risks offered, in words
    assert 'id="provisional"' in page  # one question of several answered: the verdict is said to be provisional
    assert decide(bob, ref).status_code == 303
    page = html.unescape(bob.page(f"/a/{ref}/sign-off"))
    assert "Bob</strong>, Chair, ethics board: Proceed with conditions, 2026-11-30" in page
    assert "Consult the staff association; Review in six months" in page
    # It is in the file the workspace exports, with the answers' hash; an import shows it as history from
    # elsewhere, never as a decision taken in the workspace it is imported into (tests/test_web_import_claims.py).
    exported = alice.client.get(f"/a/{ref}/export.yaml").text
    recorded = yaml.safe_load(exported)["sign_offs"]
    assert recorded == [{"name": "Bob", "role": "Chair, ethics board", "decision": "conditions",
                         "date": "2026-11-30", "conditions": ["Consult the staff association",
                                                              "Review in six months"],
                         "accepted_risks": ["gate:mini/objective"], "answers_sha256": answers_hash(page)}]
    imported = alice.post("/import", files={"file": ("export.yaml", exported, "application/yaml")})
    assert imported.status_code == 303
    copy = imported.headers["location"]
    assert "sign_offs" not in yaml.safe_load(alice.client.get(f"{copy}/export.yaml").text)
    assert "Chair, ethics board" in alice.page(copy).split('id="imported"', 1)[1]
    # A decision-maker decides; answering is not theirs.
    bob.page(f"/a/{ref}/s/mini/aim")
    assert bob.post(f"/a/{ref}/answer/mini/objective", {"answer": "general", "revision": "1"}).status_code == 403
    # The decision was taken on approved answers, which are frozen: nobody can change them under it.
    alice.page(f"/a/{ref}/s/mini/aim")
    assert alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "general", "revision": "1"}).status_code == 403
    assert "The answers have changed since this decision was recorded." not in bob.page(f"/a/{ref}/sign-off")


def test_a_decision_waits_for_approval_and_is_taken_on_the_answers_shown(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"], title="Pilot review")
    page = alice.page(f"/a/{ref}/sign-off")
    assert "cannot be signed off yet: it has not been approved" in page and 'name="answers_hash"' not in page
    early = alice.post(f"/a/{ref}/sign-off", {"decision": "proceed", "role": "Chair", "date": "2026-11-30",
                                              "answers_hash": "0" * 64})
    assert early.status_code == 403
    alice.page(f"/a/{ref}/s/mini/aim")
    assert alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "none", "revision": "0"}).status_code == 303
    approve(app, alice, ref)
    # A form showing other answers than those approved (an old tab, say) records nothing.
    refused = decide(alice, ref, answers_hash="0" * 64)
    assert refused.status_code == 422 and "The answers changed while you were deciding" in refused.text
    for bad, words in (({"decision": "approve"}, "Choose a decision."), ({"date": "30/11/2026"}, "YYYY-MM-DD"),
                       ({"role": "  "}, "In what capacity")):
        response = decide(alice, ref, **bad)
        assert response.status_code == 422 and words in response.text, bad
    assert "sign_offs" not in alice.client.get(f"/a/{ref}/export.yaml").text


@pytest.mark.parametrize("role", ["viewer", "reviewer", "respondent"])
def test_only_owners_and_decision_makers_sign_off(app: FastAPI, alice: Person, bob: Person, role: str) -> None:
    ref = with_a_gate(app, alice)
    alice.post(f"/a/{ref}/members", {"username": "bob", "role": role})
    page = bob.page(f"/a/{ref}/sign-off")
    assert 'name="answers_hash"' not in page and "Only an owner or a decision-maker" in page
    refused = bob.post(f"/a/{ref}/sign-off", {"decision": "proceed", "role": "Me", "date": "2026-11-30",
                                              "answers_hash": answers_hash(alice.page(f"/a/{ref}/sign-off"))})
    assert refused.status_code == 403
    assert decide(alice, ref).status_code == 303  # the owner may
    assert "sign_offs" in alice.client.get(f"/a/{ref}/export.yaml").text


def _built_pdf(person: Person, ref: str) -> str:
    """Build the PDF as a person would, and return the status panel once it is ready."""
    started = person.post(f"/a/{ref}/pdf")
    assert started.status_code == 303
    return built_pdf(person, started.headers["location"])


@pytest.fixture
def authority(tmp_path: Path) -> Authority:
    return make_authority(tmp_path / "ca")


def test_the_signed_pdf_verifies(app: FastAPI, alice: Person, authority: Authority) -> None:
    app.state.config = dataclasses.replace(app.state.config, signing_key=load_signing_key(authority.p12, PASSWORD))
    ref = with_a_gate(app, alice)
    # Before any sign-off, the signed PDF is refused, with the reason.
    status = _built_pdf(alice, ref)
    link = re.search(r'href="([^"]+/signed\.pdf)"', status)
    assert link is not None, status
    refused = alice.client.get(link.group(1))
    assert refused.status_code == 409 and "records no sign-off" in refused.text
    assert decide(alice, ref).status_code == 303
    status = _built_pdf(alice, ref)
    link = re.search(r'href="([^"]+/signed\.pdf)"', status)
    assert link is not None, status
    signed = alice.client.get(link.group(1))
    assert signed.status_code == 200 and signed.headers["content-type"] == "application/pdf"
    verified = verify_report(signed.content, "signed.pdf", load_trust_roots(authority.root_pem))
    assert verified.trusted is True and "Report Signing" in verified.signer
    assert verified.sign_offs == ["Alice (Chair, ethics board): Proceed with conditions, 2026-11-30"]


def test_without_a_signing_key_no_signed_pdf_is_offered(app: FastAPI, alice: Person) -> None:
    ref = with_a_gate(app, alice)
    decide(alice, ref)
    status = _built_pdf(alice, ref)
    assert "The PDF is ready" in status and "signed.pdf" not in status
    token = re.search(r"/pdf/([^/\"]+)/file", status)
    assert token is not None
    refused = alice.client.get(f"/a/{ref}/pdf/{token.group(1)}/signed.pdf")
    assert refused.status_code == 404 and "--signing-key" in refused.text


def test_serve_opens_the_signing_key_at_start(authority: Authority, tmp_path: Path) -> None:
    import argparse
    import os
    import subprocess
    import sys

    from assess.web.commandline import _signing_key

    password_file = tmp_path / "password"
    password_file.write_bytes(PASSWORD + b"\n")
    opened = _signing_key(argparse.Namespace(signing_key=str(authority.p12),
                                             signing_key_password_file=str(password_file)))
    assert opened is not None and "Report Signing" in opened.subject
    environment = {**os.environ, "ASSESS_SIGNING_KEY_PASSWORD": "not it"}
    environment.pop("ASSESS_DATABASE_URL", None)
    started = subprocess.run([sys.executable, "-m", "assess", "serve", "--data", str(tmp_path / "data"), "--port",
                              "1", "--signing-key", str(authority.p12)], capture_output=True, text=True,
                             env=environment, timeout=120)
    assert started.returncode == 2 and started.stderr.count("\n") == 1, started.stderr
    assert "the password is wrong" in started.stderr
    alone = subprocess.run([sys.executable, "-m", "assess", "serve", "--data", str(tmp_path / "data"),
                            "--signing-key-password-file", str(password_file)], capture_output=True, text=True,
                           env=environment, timeout=120)
    assert alone.returncode == 2 and "given without --signing-key" in alone.stderr


def test_the_risks_offered_are_in_the_page_s_language(app: FastAPI, alice: Person) -> None:
    """The rating's reasons are the engine's sentences: in French on a French page (the references accepted
    are the same in every language)."""
    from assess.i18n import translator

    ref = with_a_gate(app, alice)
    english = "gate: {message}".format(message="No objective at all.")
    assert english in html.unescape(alice.page(f"/a/{ref}/sign-off"))
    alice.client.headers["Accept-Language"] = "fr"
    page = html.unescape(alice.page(f"/a/{ref}/sign-off"))
    assert '<html lang="fr"' in page and 'value="rating:mini"' in page
    assert translator("fr")("gate: {message}", message="No objective at all.") in page and english not in page
