"""Per request: a database session, and the signed-in user (from the signed session cookie).

A session ends, on the server's word and not only the browser's:
- when idle for `IDLE_SECONDS` (the cookie's signature carries the time it was last issued, and every response
  issues it again: the signing middleware refuses an older one);
- `ABSOLUTE_SECONDS` after signing in, however active (the time of signing in is in the cookie, signed);
- at sign-out, a password change or deactivation: the cookie names the account's session epoch at sign-in,
  and those move the epoch on (accounts.end_sessions), so every earlier cookie of that account, on every
  device, is refused at its very next request.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from assess.loading import FrameworkLibrary
from assess.web.accounts import end_sessions
from assess.web.language import SESSION_KEY, library_for, remember_choice
from assess.web.tables import User
from assess.web.workspace import NotFound, Opened, open_as, open_assessment

USER_KEY = "user"
SINCE_KEY = "since"  # when this session signed in, in seconds since the epoch
IDLE_SECONDS = 2 * 3600
ABSOLUTE_SECONDS = 12 * 3600


def _now() -> float:
    return time.time()


def _fresh(request: Request) -> bool:
    """Whether the session signed in less than ABSOLUTE_SECONDS ago."""
    since = request.session.get(SINCE_KEY)
    return isinstance(since, int | float) and 0 <= _now() - since < ABSOLUTE_SECONDS


class SignInRequired(Exception):
    pass


async def database(request: Request) -> AsyncIterator[Session]:
    """The request's session. Made on the event loop, as making one does no I/O (it connects at its first
    query, in whichever thread runs it); a plain generator would be handed to a thread to start and again to
    end, on every request. It is closed on the loop too if it holds no connection (a save has committed,
    which gave its connection back to the pool), else in a thread: closing then rolls back on the database."""
    db: Session = request.app.state.sessions()
    try:
        yield db
    finally:
        if db.in_transaction():
            await run_in_threadpool(db.close)
        else:
            db.close()


Database = Annotated[Session, Depends(database)]


async def current_user(request: Request, db: Database) -> User:
    """The user the cookie names, if it was signed before their password last changed. On a route that opens
    an assessment, `opened_assessment` has already read them (in the same query as the membership): that
    user is taken as it is, rather than read again in another trip to a thread and the database."""
    known = request.scope.get(_SCOPE_USER)
    if isinstance(known, User):
        return known
    user = await run_in_threadpool(_signed_in, request, db)
    request.scope[_SCOPE_USER] = user
    return user


_SCOPE_USER = "assess.user"  # the request's signed-in user, once read


def _signed_in(request: Request, db: Session) -> User:
    stored = request.session.get(USER_KEY)
    if not isinstance(stored, list) or len(stored) != 2:
        raise SignInRequired
    user = db.get(User, stored[0])
    if user is None or user.session_epoch != stored[1] or not user.is_active or not _fresh(request):
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


CurrentUser = Annotated[User, Depends(current_user)]


async def administrator(user: CurrentUser) -> User:
    """The signed-in user if an administrator; to anyone else the administration pages do not exist.
    A dependency, so it is decided before the request's form is read and checked."""
    if not user.is_admin:
        raise NotFound("admin")
    return user


Administrator = Annotated[User, Depends(administrator)]


async def library(request: Request) -> FrameworkLibrary:
    """The frameworks, their text in the request's language where they offer it. Async, as it does no I/O
    once a language's library is made (its frameworks are read later, where used): a plain function would be
    handed to a thread on every request, a wait for a thread and for the GIL on the way to every save."""
    return library_for(request)


Library = Annotated[FrameworkLibrary, Depends(library)]


async def opened_assessment(request: Request, ref: str, db: Database) -> Opened:
    """The assessment a route names, if the signed-in user is a member: resolved before the request's form is
    read, so a non-member meets 404 whatever they send (and a signed-out visitor is sent to sign in). The
    user and the membership are read in one query, in one trip to a thread: every save starts here."""
    return await run_in_threadpool(_open, request, ref, db)


def _open(request: Request, ref: str, db: Session) -> Opened:
    known = request.scope.get(_SCOPE_USER)
    if isinstance(known, User):  # the route named the user first: already checked
        return open_assessment(db, known, ref)
    stored = request.session.get(USER_KEY)
    if isinstance(stored, list) and len(stored) == 2 and isinstance(stored[0], int):
        found = open_as(db, stored[0], ref)
        if found is not None and found[1].session_epoch == stored[1] and found[1].is_active and _fresh(request):
            request.scope[_SCOPE_USER] = found[1]
            return found[0]
    # Not a member, or not signed in as the cookie claims: the sign-in check decides which, as before.
    user = _signed_in(request, db)
    request.scope[_SCOPE_USER] = user
    return open_assessment(db, user, ref)


OpenAssessment = Annotated[Opened, Depends(opened_assessment)]
