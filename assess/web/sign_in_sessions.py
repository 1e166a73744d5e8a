"""A sign-in session: the signed cookie that names who is signed in, since when, and the account's session epoch;
begun at sign-in (`remember`), kept after one's own password change (`renew`), ended at sign-out (`forget`).

A session ends, on the server's word and not only the browser's:
- when idle for `IDLE_SECONDS` (the cookie's signature carries the time it was last issued, and every response
  issues it again: the signing middleware refuses an older one);
- `ABSOLUTE_SECONDS` after signing in, however active (the time of signing in is in the cookie, signed);
- at sign-out, a password change or deactivation: the cookie names the account's session epoch at sign-in,
  and those move the epoch on (accounts.end_sessions), so every earlier cookie of that account, on every
  device, is refused at its very next request.

The request's dependencies that read it (the signed-in user, the assessment a route opens) are `deps`.
"""

from __future__ import annotations

import time

from fastapi import Request
from sqlalchemy.orm import Session

from assess.web.accounts import end_sessions
from assess.web.language import SESSION_KEY, remember_choice
from assess.web.tables import User

USER_KEY = "user"
SINCE_KEY = "since"  # when this session signed in, in seconds since the epoch
IDLE_SECONDS = 2 * 3600
ABSOLUTE_SECONDS = 12 * 3600


def _now() -> float:
    return time.time()


def fresh(request: Request) -> bool:
    """Whether the session signed in less than ABSOLUTE_SECONDS ago."""
    since = request.session.get(SINCE_KEY)
    return isinstance(since, int | float) and 0 <= _now() - since < ABSOLUTE_SECONDS


class SignInRequired(Exception):
    pass


def signed_in(request: Request, db: Session) -> User:
    """The user the cookie names, if it is still theirs (same epoch, account active, not too old); else the
    cookie's claim is dropped and `SignInRequired` raised."""
    stored = request.session.get(USER_KEY)
    if not isinstance(stored, list) or len(stored) != 2:
        raise SignInRequired
    user = db.get(User, stored[0])
    if user is None or user.session_epoch != stored[1] or not user.is_active or not fresh(request):
        request.session.pop(USER_KEY, None)
        raise SignInRequired
    return user


def remember(request: Request, user: User) -> None:
    """A new session on sign-in: nothing carried over from before but the language chosen (which the
    account keeps; the caller commits)."""
    language = request.session.get(SESSION_KEY)
    request.session.clear()
    request.session[USER_KEY] = [user.id, user.session_epoch]
    request.session[SINCE_KEY] = int(_now())
    remember_choice(request, user, language if isinstance(language, str) else None)


def renew(request: Request, user: User) -> None:
    """Keep this session after the account's epoch moved (the person changed their own password here): it
    names the new epoch, and its absolute lifetime starts again, as at a sign-in."""
    request.session[USER_KEY] = [user.id, user.session_epoch]
    request.session[SINCE_KEY] = int(_now())


def forget(request: Request, db: Session) -> None:
    """Signing out ends the session, and every other session of the same account (the epoch moves on: a
    copy of the cookie, wherever it is, no longer works); the language chosen stays, as it is not a secret.
    The caller commits."""
    stored = request.session.get(USER_KEY)
    if isinstance(stored, list) and len(stored) == 2 and isinstance(stored[0], int):
        user = db.get(User, stored[0])
        if user is not None and user.session_epoch == stored[1]:
            end_sessions(user)
    language = request.session.get(SESSION_KEY)
    request.session.clear()
    if isinstance(language, str):
        request.session[SESSION_KEY] = language
