"""Accounts: Argon2 password hashes (pwdlib), creating users, and signing in with throttling.

Throttling counts failed attempts per username in the database, so it holds however many server
processes share it: after `MAX_FAILURES` failures within `WINDOW`, further attempts are refused until
the oldest of them ages out, whether or not the password is right.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from pwdlib import PasswordHash
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from assess.web.tables import LoginAttempt, Setting, User, utcnow

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
MIN_PASSWORD = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")

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


def normalise_username(name: str) -> str:
    return name.strip().lower()


def check_new_account(db: Session, username: str, password: str) -> str:
    name = normalise_username(username)
    if not USERNAME.match(name):
        raise AccountError("a username is 2 to 64 letters, digits, dots, hyphens or underscores", "username")
    if db.scalar(select(User.id).where(User.username == name)) is not None:
        raise AccountError(f"the username '{name}' is taken", "username")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password has at least {MIN_PASSWORD} characters", "password")
    return name


def create_user(
    db: Session, username: str, password: str, *, display_name: str | None = None, admin: bool = False
) -> User:
    name = check_new_account(db, username, password)
    user = User(
        username=name,
        display_name=(display_name or "").strip() or name,
        password_hash=_hasher.hash(password),
        is_admin=admin,
        session_epoch=0,
    )
    db.add(user)
    db.flush()
    return user


def sign_in(db: Session, username: str, password: str, now: dt.datetime | None = None) -> SignIn:
    name = normalise_username(username)
    moment = now or utcnow()
    since = moment - WINDOW
    db.execute(delete(LoginAttempt).where(LoginAttempt.at < since))
    failures = (
        db.scalar(
            select(func.count())
            .select_from(LoginAttempt)
            .where(LoginAttempt.username == name, LoginAttempt.at >= since)
        )
        or 0
    )
    if failures >= MAX_FAILURES:
        return SignIn(None, throttled=True)
    user = db.scalar(select(User).where(User.username == name))
    valid, new_hash = _hasher.verify_and_update(password, user.password_hash if user else _DUMMY_HASH)
    if user is None or not valid:
        db.add(LoginAttempt(username=name[:64], at=moment))
        return SignIn(None)
    if new_hash is not None:  # the library's parameters moved on: store the stronger hash
        user.password_hash = new_hash
    db.execute(delete(LoginAttempt).where(LoginAttempt.username == name))
    return SignIn(user)


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


def finish_setup(db: Session, username: str, password: str, display_name: str | None) -> User:
    user = create_user(db, username, password, display_name=display_name, admin=True)
    stored = db.get(Setting, SETUP_KEY)
    if stored is not None:
        db.delete(stored)
    return user


def set_password(db: Session, user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password has at least {MIN_PASSWORD} characters", "password")
    user.password_hash = _hasher.hash(password)
    user.session_epoch += 1
