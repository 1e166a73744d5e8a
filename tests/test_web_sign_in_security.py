"""Signing in and setting up, as an attacker would try them (assess/web/accounts.py).

- Throttling counts failures by (username, address) and by address: a guesser is stopped, a password sprayed
  over many usernames is stopped, and nobody can lock a person out by failing as them from elsewhere.
- The first-run link makes exactly one administrator, even used three times at the same moment (real
  concurrency: the app served by uvicorn, three requests released together), on SQLite and PostgreSQL.
- A password has at least 12 characters and is not one of the common ones (ASVS 4.0 V2.1).
- Strict-Transport-Security under --secure-cookies."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assess.web import accounts
from assess.web.accounts import MAX_ADDRESS_FAILURES, MAX_FAILURES, AccountError, address_key, check_password
from assess.web.app import create_app
from assess.web.config import WebConfig
from assess.web.tables import User
from tests.live_support import at_once, live
from tests.test_web_setup import token_for
from tests.web_support import MINI_FRAMEWORKS, PASSWORD, add_user


def attempt(app: FastAPI, address: str, username: str, password: str) -> int:
    client = TestClient(app, follow_redirects=False, client=(address, 40000))
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    reply = client.post("/login", data={"username": username, "password": password, "csrf_token": token.group(1)})
    return reply.status_code


def test_a_guesser_is_stopped_but_the_person_is_not_locked_out(app: FastAPI) -> None:
    add_user(app, "alice")
    for _ in range(MAX_FAILURES):
        assert attempt(app, "203.0.113.7", "alice", "a wrong guess, long") == 401
    # From the guesser's address, even the right password is refused now.
    assert attempt(app, "203.0.113.7", "alice", PASSWORD) == 429
    # Alice, from her own address, is not slowed by someone else failing as her.
    assert attempt(app, "198.51.100.20", "alice", PASSWORD) == 303


def test_one_password_sprayed_over_many_usernames_is_stopped(app: FastAPI) -> None:
    add_user(app, "alice")
    for n in range(MAX_ADDRESS_FAILURES):
        assert attempt(app, "203.0.113.9", f"user{n}", "Spring2026 password") == 401
    assert attempt(app, "203.0.113.9", "alice", PASSWORD) == 429  # this address may try nobody now
    assert attempt(app, "198.51.100.20", "alice", PASSWORD) == 303


def test_an_ipv6_machine_counts_as_its_network() -> None:
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("::ffff:192.0.2.4") == "192.0.2.4" and address_key(None) == "unknown"


def test_the_setup_link_used_three_times_at_once_makes_one_administrator(app: FastAPI) -> None:
    token = token_for(app)
    with live(app) as base:
        clients = [httpx.Client(base_url=base, follow_redirects=False, timeout=120) for _ in range(3)]
        forms = []
        for n, client in enumerate(clients):
            page = client.get(f"/setup?token={token}")
            assert page.status_code == 200
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
            assert csrf
            forms.append({"csrf_token": csrf.group(1), "token": token, "username": f"admin{n}",
                          "password": PASSWORD, "again": PASSWORD})
        replies = at_once([lambda c=c, f=f: c.post("/setup", data=f) for c, f in zip(clients, forms, strict=True)])
    assert sorted(r.status_code for r in replies) == [303, 404, 404], [r.text[:200] for r in replies]
    with app.state.sessions() as db:
        made = db.query(User).all()
        assert len(made) == 1 and made[0].is_admin


def test_a_failed_setup_leaves_the_link_usable(app: FastAPI) -> None:
    token = token_for(app)
    client = TestClient(app, follow_redirects=False)
    page = client.get(f"/setup?token={token}")
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    form = {"csrf_token": csrf, "token": token, "username": "chair"}
    short = client.post("/setup", data={**form, "password": "elevenchars", "again": "elevenchars"})
    assert short.status_code == 422 and 'id="password-error"' in short.text and 'value="chair"' in short.text
    assert client.post("/setup", data={**form, "password": PASSWORD, "again": PASSWORD}).status_code == 303


def test_passwords_are_long_enough_and_not_common() -> None:
    for weak, why in [("elevenchars", "at least 12"), ("password1234", "too easy"), ("Qwerty123456", "too easy"),
                      ("iloveyou1234", "too easy"), ("aaaaaaaaaaaaaaa", "too easy"), ("chair's own chair!", "too easy"),
                      ("x" * 100 + "y" * 29 + "z", "at most 128")]:
        try:
            check_password(weak, "chair")
        except AccountError as exc:
            assert why in str(exc) and exc.field == "password", (weak, str(exc))
        else:
            raise AssertionError(f"{weak!r} was accepted")
    check_password("violet hedgerows at dusk", "chair")
    long_phrase = "seven quiet herons crossed the grey estuary before the tide turned at noon"
    assert len(long_phrase) > 64
    check_password(long_phrase, "chair")  # long passphrases are welcome
    assert accounts.common_passwords.LIST.stat().st_size < 400_000  # a modest list, shipped in the package


def test_the_accounts_page_says_why_a_password_is_refused_beside_it(app: FastAPI) -> None:
    from tests.web_support import Person

    add_user(app, "alice", admin=True)
    alice = Person(app, "alice")
    alice.sign_in()
    alice.page("/admin/users")
    refused = alice.post("/admin/users", {"username": "bob", "password": "password1234"})
    assert refused.status_code == 422 and 'id="password-error"' in refused.text and 'value="bob"' in refused.text


def test_strict_transport_security_under_secure_cookies(database_url: str, tmp_path: Path) -> None:
    for secure in (False, True):
        config = WebConfig(data_dir=tmp_path, database_url=database_url, secret_key=secrets.token_urlsafe(32),
                           secure_cookies=secure, frameworks_dirs=[MINI_FRAMEWORKS], strict_templates=True)
        application = create_app(config)
        try:
            response = TestClient(application).get("/login")
            assert ("strict-transport-security" in response.headers) is secure
            if secure:
                assert response.headers["strict-transport-security"] == "max-age=31536000"
        finally:
            application.state.builder.shutdown()
            application.state.engine.dispose()
