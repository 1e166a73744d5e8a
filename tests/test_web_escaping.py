"""What a person typed is shown as text on every workspace page, including inside translated messages."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from fastapi import FastAPI
from jinja2 import Environment, nodes

from assess.signing import load_signing_key
from assess.web.tables import AssessmentRow, SignOffRow, User
from tests.signing_support import PASSWORD, make_authority
from tests.test_web_signoff import _built_pdf, decide, with_a_gate
from tests.web_support import Person

TEMPLATES = Path(__file__).resolve().parent.parent / "assess" / "web" / "templates"
HOSTILE = '<a href="https://evil.example/">Sign here</a>'
GETTEXT = {"_", "gettext", "ngettext"}


def test_no_template_translates_a_variable() -> None:
    """`_(x)` marks its whole result safe (Jinja's i18n), so its message must be written in the template;
    a message held in a variable goes through `| translated`, which escapes like any value."""
    env = Environment(extensions=["jinja2.ext.i18n"])
    found = []
    for path in sorted(TEMPLATES.glob("*.html")):
        tree = env.parse(path.read_text(encoding="utf-8"))
        for call in tree.find_all(nodes.Call):
            if not isinstance(call.node, nodes.Name) or call.node.name not in GETTEXT:
                continue
            messages = call.args[:2] if call.node.name == "ngettext" else call.args[:1]
            if not messages or not all(isinstance(a, nodes.Const) for a in messages):
                found.append(f"{path.name}:{call.lineno}")
    assert found == []


def test_a_sign_off_name_with_html_is_text_on_the_signed_pdf_refusal(app: FastAPI, alice: Person,
                                                                      tmp_path: Path) -> None:
    authority = make_authority(tmp_path / "ca")
    app.state.config = dataclasses.replace(app.state.config, signing_key=load_signing_key(authority.p12, PASSWORD))
    with app.state.sessions() as db:
        db.query(User).filter_by(username="alice").one().display_name = HOSTILE
        db.commit()
    ref = with_a_gate(app, alice)
    assert decide(alice, ref).status_code == 303
    signed_off = alice.page(f"/a/{ref}/sign-off")
    assert HOSTILE not in signed_off and "&lt;a href=" in signed_off
    # The sign-off recorded on other answers than these (as one made before a change would be): the signed PDF
    # is refused, quoting the decision-maker's name.
    with app.state.sessions() as db:
        row = db.query(AssessmentRow).filter_by(ref=ref).one()
        recorded = db.query(SignOffRow).filter_by(assessment_id=row.id).all()
        assert recorded
        for sign_off in recorded:
            sign_off.data = {**sign_off.data, "answers_sha256": "0" * 64}
        db.commit()
    status = _built_pdf(alice, ref)
    link = re.search(r'href="([^"]+/signed\.pdf)"', status)
    assert link is not None, status
    refused = alice.client.get(link.group(1))
    assert refused.status_code == 409
    shown = re.search(r'id="signing-refused">(.*?)</p>', refused.text, re.S)
    assert shown is not None, refused.text
    assert "evil.example" in shown.group(1)  # the name is quoted ...
    assert "<a " not in shown.group(1) and "&lt;a href=&#34;https://evil.example/&#34;&gt;" in shown.group(1)
