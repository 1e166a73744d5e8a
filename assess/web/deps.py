"""The request's dependencies, each named for what a route takes: `Database` (its database session),
`CurrentUser` and `Administrator` (the signed-in user, from the sign-in session's cookie: `sign_in_sessions`),
`Library` (the frameworks in the request's language) and `OpenAssessment` (the assessment a route names, opened
only for a member).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from assess.loading import FrameworkLibrary
from assess.web.language import library_for
from assess.web.sign_in_sessions import USER_KEY, fresh, signed_in
from assess.web.tables import User
from assess.web.workspace import NotFound, Opened, open_as, open_assessment


async def database(request: Request) -> AsyncIterator[Session]:
    """The request's database session. Made on the event loop, as making one does no I/O (it connects at its first
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
    user = await run_in_threadpool(signed_in, request, db)
    request.scope[_SCOPE_USER] = user
    return user


_SCOPE_USER = "assess.user"  # the request's signed-in user, once read


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
        if found is not None and found[1].session_epoch == stored[1] and found[1].is_active and fresh(request):
            request.scope[_SCOPE_USER] = found[1]
            return found[0]
    # Not a member, or not signed in as the cookie claims: the sign-in check decides which, as before.
    user = signed_in(request, db)
    request.scope[_SCOPE_USER] = user
    return open_assessment(db, user, ref)


OpenAssessment = Annotated[Opened, Depends(opened_assessment)]
