"""Headers every response carries, and the CSRF check every state-changing request passes.

CSRF: a random token is kept in the signed session cookie and must come back with every POST, PUT,
PATCH or DELETE, as the `csrf_token` form field (plain forms, so the workspace works without
JavaScript) or the `X-CSRF-Token` header (htmx and the API). It is checked for every route at once, as
an application-wide dependency, so a new route cannot forget it. (starlette-csrf was considered: it
reads only a header, which would break the plain form posts.)
"""

from __future__ import annotations

import secrets

from fastapi import HTTPException, Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

# No inline script or style anywhere, nothing from another origin, and no framing.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)


def csrf_token(request: Request) -> str:
    token = request.session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return token


async def check_csrf(request: Request) -> None:
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get(CSRF_FIELD)
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not isinstance(expected, str) or given is None or not secrets.compare_digest(expected, given):
        raise HTTPException(status_code=403, detail="This form has expired. Reload the page and try again.")


SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


# Served over HTTPS (`assess serve --secure-cookies`): browsers are told to come back over HTTPS only, for a
# year, so a first visit by plain HTTP cannot be intercepted and the Secure cookie never offered to it.
STRICT_TRANSPORT_SECURITY = "max-age=31536000"


class SecurityHeaders:
    """The headers above on every HTTP response, unless the route set its own; `https`: Strict-Transport-Security
    too. A plain ASGI middleware: Starlette's BaseHTTPMiddleware runs each request's app in a task of its own,
    with streams between them, which costs every request (every save) processor time for nothing this needs."""

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.headers = {**SECURITY_HEADERS, **({"Strict-Transport-Security": STRICT_TRANSPORT_SECURITY}
                                               if https else {})}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])  # optional in ASGI
                headers = MutableHeaders(scope=message)  # the message's own list, changed in place
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)
