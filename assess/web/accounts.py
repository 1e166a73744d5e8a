"""Accounts: Argon2 password hashes (pwdlib), creating users, passwords that are not easy to guess, and
signing in with throttling.

Throttling counts failed attempts in the database, so it holds however many server processes share it, and
counts them where they came from, so that nobody can lock a person out by failing as them from elsewhere:

- per (username, address): after `MAX_FAILURES` failures within `WINDOW` from one address for one username,
  that address may not try that username again until the oldest failure ages out, right password or not;
  the person, from their own address, is not slowed by anyone else's failures;
- per address: after `MAX_ADDRESS_FAILURES` failures within `WINDOW` from one address, whatever the usernames,
  it may try no username at all: one password sprayed across many usernames is slowed as much as many
  passwords against one.

An IPv6 address counts by its /64 network, as one machine is commonly given a whole /64. A guesser spread
over many addresses gets `MAX_FAILURES` tries per address per username per window: the limit is set by the
passwords themselves (at least `MIN_PASSWORD` characters, none from the list of common ones), never by
locking the account, which any stranger could then do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import re
import secrets
from dataclasses import dataclass
from typing import Any

from pwdlib import PasswordHash
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from assess.i18n import N_
from assess.web import common_passwords
from assess.web.tables import LoginAttempt, Setting, User, utcnow

MAX_FAILURES = 5
MAX_ADDRESS_FAILURES = 30
WINDOW = dt.timedelta(minutes=15)
MIN_PASSWORD = 12  # ASVS 4.0 V2.1.1
MAX_PASSWORD = 128  # ASVS 4.0 V2.1.2: at least 64 allowed, more than 128 refused
MAX_DISPLAY_NAME = 200  # the column's width (tables.User.display_name): PostgreSQL refuses more
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
# Whole sentences, so that a page shows them in its language (`| translated`); the numbers are the ones above.
TOO_SHORT = N_("a password has at least 12 characters")
TOO_LONG = N_("a password has at most 128 characters")
NAME_TOO_LONG = N_("a name shown to others has at most 200 characters")
TOO_EASY = N_("this password is too easy to guess: it is a common one, repeats a few characters, or contains "
              "the username; choose another")

_hasher = PasswordHash.recommended()  # Argon2id with the library's current parameters
# Checked against when the username is unknown, so a miss costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


class AccountError(ValueError):
    """A problem with what was typed, worded for the person who typed it; `field` names the form field."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class SignIn:
    user: User | None
    throttled: bool = False


def address_key(host: str | None) -> str:
    """The address a sign-in came from, as throttling counts it: IPv4 as it is, IPv6 by its /64 network."""
    if not host:
        return "unknown"
    try:
        found = ipaddress.ip_address(host)
    except ValueError:
        return host[:64]
    if isinstance(found, ipaddress.IPv6Address):
        if found.ipv4_mapped is not None:
            return str(found.ipv4_mapped)
        return str(ipaddress.IPv6Network((found, 64), strict=False))
    return str(found)


def normalise_username(name: str) -> str:
    return name.strip().lower()


def user_named(db: Session, username: str) -> User | None:
    """The account a typed username names, compared as sign-in compares it (a username has at most 64 characters)."""
    return db.scalar(select(User).where(User.username == normalise_username(username)[:64]))


def check_new_account(db: Session, username: str, password: str) -> str:
    name = normalise_username(username)
    if not USERNAME.match(name):
        raise AccountError("a username is 2 to 64 letters, digits, dots, hyphens or underscores", "username")
    if db.scalar(select(User.id).where(User.username == name)) is not None:
        raise AccountError(f"the username '{name}' is taken", "username")
    check_password(password, name)
    return name


def check_password(password: str, username: str, field: str = "password") -> None:
    """A new password: long enough, not too long, and not one of the passwords people most often choose
    (ASVS 4.0 V2.1.1, V2.1.2, V2.1.7); what is wrong, as an AccountError on `field`."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(TOO_SHORT, field)
    if len(password) > MAX_PASSWORD:
        raise AccountError(TOO_LONG, field)
    lowered = password.lower()
    if common_passwords.is_common(lowered) or (len(username) >= 3 and username.lower() in lowered) \
            or len(set(lowered)) <= 3:
        raise AccountError(TOO_EASY, field)


def create_user(
    db: Session, username: str, password: str, *, display_name: str | None = None, admin: bool = False
) -> User:
    name = check_new_account(db, username, password)
    shown = (display_name or "").strip()
    if len(shown) > MAX_DISPLAY_NAME:
        raise AccountError(NAME_TOO_LONG, "display_name")
    user = User(
        username=name,
        display_name=shown or name,
        password_hash=_hasher.hash(password),
        is_admin=admin,
        session_epoch=0,
    )
    db.add(user)
    db.flush()
    return user


def _failures(db: Session, since: dt.datetime, *conditions: Any) -> int:
    found = db.scalar(select(func.count()).select_from(LoginAttempt).where(LoginAttempt.at >= since, *conditions))
    return int(found or 0)


def sign_in(db: Session, username: str, password: str, address: str = "unknown",
            now: dt.datetime | None = None) -> SignIn:
    """Check a sign-in from `address` (`address_key`'s form). Throttled before the password is even looked at,
    so a throttled guess learns nothing. A deactivated account signs in no more, and is told no more than a
    wrong password is."""
    name = normalise_username(username)[:64]
    moment = now or utcnow()
    since = moment - WINDOW
    db.execute(delete(LoginAttempt).where(LoginAttempt.at < since))
    if (_failures(db, since, LoginAttempt.username == name, LoginAttempt.address == address) >= MAX_FAILURES
            or _failures(db, since, LoginAttempt.address == address) >= MAX_ADDRESS_FAILURES):
        return SignIn(None, throttled=True)
    user = db.scalar(select(User).where(User.username == name))
    valid, new_hash = _hasher.verify_and_update(password, user.password_hash if user else _DUMMY_HASH)
    if user is None or not valid or not user.is_active:
        db.add(LoginAttempt(username=name, address=address, at=moment))
        return SignIn(None)
    if new_hash is not None:  # the library's parameters moved on: store the stronger hash
        user.password_hash = new_hash
    db.execute(delete(LoginAttempt).where(LoginAttempt.username == name, LoginAttempt.address == address))
    return SignIn(user)


def password_matches(user: User, password: str) -> bool:
    """Whether `password` is the user's current one (asked for before they change it)."""
    valid, _ = _hasher.verify_and_update(password, user.password_hash)
    return bool(valid)


SETUP_KEY = "setup_token_sha256"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def has_accounts(db: Session) -> bool:
    return db.scalar(select(User.id).limit(1)) is not None


def issue_setup_token(db: Session) -> str:
    """A one-time token for the first-run page, while no account exists. Only its hash is stored, in the
    database, so whichever server process the link reaches can check it."""
    token = secrets.token_urlsafe(24)
    existing = db.get(Setting, SETUP_KEY)
    if existing is None:
        db.add(Setting(key=SETUP_KEY, value=_digest(token)))
    else:
        existing.value = _digest(token)
    return token


def setup_token_valid(db: Session, token: str) -> bool:
    stored = db.get(Setting, SETUP_KEY)
    return stored is not None and not has_accounts(db) and hmac.compare_digest(stored.value, _digest(token))


class SetupUsed(Exception):
    """The first-run link was used meanwhile (by another request at the same moment): nothing was created."""


def finish_setup(db: Session, username: str, password: str, display_name: str | None, token: str) -> User:
    """Create the first administrator, once: the link's token is consumed first, in one statement that deletes
    it only if it is still there, so of several requests at once one alone goes on (the others wait for its
    transaction and then find nothing to delete). If the account cannot be made, the caller's rollback puts
    the token back."""
    consumed = db.execute(delete(Setting).where(Setting.key == SETUP_KEY, Setting.value == _digest(token))
                          .execution_options(synchronize_session=False))
    if consumed.rowcount != 1 or has_accounts(db):  # type: ignore[attr-defined]
        raise SetupUsed
    return create_user(db, username, password, display_name=display_name, admin=True)


def set_password(db: Session, user: User, password: str, field: str = "password") -> None:
    """A new password, checked as every new one is; every session signed before it ends (the epoch moves)."""
    check_password(password, user.username, field)
    user.password_hash = _hasher.hash(password)
    end_sessions(user)


def end_sessions(user: User) -> None:
    """Every session of this user, on every device, ends at its next request (sign-out, a new password,
    deactivation): the cookie names the epoch it was signed in, and the epoch has moved."""
    user.session_epoch += 1
