"""The workspace as an ASGI application: `create_app(config)`.

The app keeps nothing in memory that another server process would need: sessions live in a signed
cookie, and everything else in the database. So any number of `assess serve` processes can share one
PostgreSQL database behind a load balancer.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from assess import __version__
from assess.i18n import N_
from assess.model import MAX_LONG_TEXT, MAX_REMARK, MAX_SHORT_TEXT
from assess.rendering.links import web_url
from assess.web import (
    account_pages,
    api,
    board_pages,
    evidence_pages,
    framework_pages,
    jobs,
    language,
    next_review_pages,
    pages,
    plan_pages,
    report_pages,
    review_pages,
    signoff_pages,
)
from assess.web.accounts import MAX_DISPLAY_NAME
from assess.web.config import WebConfig
from assess.web.db import make_engine, migrate, session_factory
from assess.web.org_frameworks import WorkspaceLibrary
from assess.web.reports import LABELS
from assess.web.safe_pages import isolate_values
from assess.web.security import SecurityHeaders, check_csrf, csrf_token
from assess.web.sign_in_sessions import IDLE_SECONDS, SignInRequired
from assess.web.workspace import NotAllowed, NotFound

HERE = Path(__file__).parent
SESSION_COOKIE = "assess_session"
UNPARSABLE_BODY = "There was an error parsing the body"  # FastAPI's HTTPException(400) when its JSON parser raises
# The model's limits (assess/model.py) as the forms' maxlength: one source for the browser and the server.
FORM_LIMITS = {"short_text": MAX_SHORT_TEXT, "long_text": MAX_LONG_TEXT, "remark": MAX_REMARK,
               "display_name": MAX_DISPLAY_NAME}


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    app.state.builder.shutdown()  # the background PDF worker goes with the server


def create_app(config: WebConfig, *, run_migrations: bool = True) -> FastAPI:
    engine = make_engine(config.database_url)
    if run_migrations:
        migrate(engine)
    app = FastAPI(
        title="assess workspace", version=__version__, dependencies=[Depends(check_csrf)], docs_url=None,
        redoc_url=None, lifespan=_lifespan,
    )
    app.state.config = config
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.state.library = WorkspaceLibrary(dirs=list(config.frameworks_dirs), sessions=app.state.sessions)
    app.state.builder = jobs.Builder(app.state.sessions, list(config.frameworks_dirs), limits=config.builds)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    if config.strict_templates:
        templates.env.undefined = jinja2.StrictUndefined
    isolate_values(templates.env)
    templates.env.add_extension("jinja2.ext.i18n")
    # Every word a page shows goes through `_()` (or `{% trans %}`), in the request's language.
    language.install(templates)
    templates.env.globals["csrf_token"] = csrf_token
    templates.env.globals["version"] = __version__
    templates.env.globals["format_labels"] = LABELS
    templates.env.globals["limits"] = FORM_LIMITS
    templates.env.filters["web_url"] = web_url  # a framework's source is a link only when http(s), as in reports
    templates.env.globals["question_marks"] = review_pages.question_marks
    evidence_pages.install_filters(templates.env)
    app.state.templates = templates

    app.add_middleware(SecurityHeaders, https=config.secure_cookies)
    app.add_middleware(
        SessionMiddleware,
        secret_key=config.secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=IDLE_SECONDS,  # idle expiry; the absolute lifetime is sign_in_sessions.py's
        same_site="lax",
        https_only=config.secure_cookies,
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(pages.router)
    app.include_router(account_pages.router)
    app.include_router(plan_pages.router)
    app.include_router(report_pages.router)
    app.include_router(signoff_pages.router)
    app.include_router(board_pages.router)
    app.include_router(next_review_pages.router)
    app.include_router(review_pages.router)
    app.include_router(evidence_pages.router)
    app.include_router(framework_pages.router)
    app.include_router(api.router)
    app.include_router(language.router)
    _error_pages(app, templates)
    return app


def route_table(app: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path) the app answers, its included routers' routes among them: what the
    access tests are generated from, so that a new route is tested the day it is added."""
    found: list[tuple[str, str]] = []

    def walk(routes: list[Any]) -> None:
        for route in routes:
            if isinstance(route, APIRoute):
                found.extend((method, route.path) for method in sorted(route.methods or ()))
            elif hasattr(route, "original_router"):  # FastAPI >= 0.160 keeps included routers whole
                walk(list(route.original_router.routes))

    walk(list(app.routes))
    return found


def _problems(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Where and what is wrong with a request body, without echoing what was sent: the input may be a megabyte
    of text, or a value JSON cannot carry back (an infinite number), which made the refusal itself a 500."""
    return [{"loc": [part if isinstance(part, int) else str(part) for part in error.get("loc", ())],
             "msg": str(error.get("msg", "")), "type": str(error.get("type", ""))} for error in exc.errors()[:20]]


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_pages(app: FastAPI, templates: Jinja2Templates) -> None:
    def page(request: Request, status: int, title: str, message: str, **headers: str) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=status, headers=headers)
        tr = language.translator_of(request)  # the titles below are marked N_ and translated here
        context: dict[str, Any] = {"title": tr.message(title), "message": tr.message(message), "user": None}
        return templates.TemplateResponse(request, "error.html", context, status_code=status, headers=headers)

    @app.exception_handler(SignInRequired)
    async def sign_in(request: Request, _exc: SignInRequired) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": "sign in first"}, status_code=401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, _exc: NotFound) -> Response:
        return page(request, 404, N_("Not found"),
                    N_("There is nothing here, or you are not a member of it."))

    @app.exception_handler(NotAllowed)
    async def not_allowed(request: Request, exc: NotAllowed) -> Response:
        return page(request, 403, N_("Not allowed"), str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def routing_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request) and exc.status_code == 400 and exc.detail == UNPARSABLE_BODY:
            # FastAPI's word for JSON its parser gave up on (nested too deeply, an integer of thousands of
            # digits): malformed like any other bad body, so answered as one, 422.
            return JSONResponse({"detail": [{"loc": ["body"], "msg": "the body cannot be read as JSON (nested too "
                                             "deeply, or a number too long)", "type": "json_invalid"}]},
                                status_code=422)
        return await http_exception_handler(request, exc)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        titles = {403: N_("Not allowed"), 404: N_("Not found"), 405: N_("Not allowed"), 413: N_("Too large")}
        title = titles.get(exc.status_code, N_("Something is wrong"))
        return page(request, exc.status_code, title, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": _problems(exc)}, status_code=422)
        return page(request, 422, N_("Something is missing"),
                    N_("The form was incomplete. Go back and try again."))

    @app.exception_handler(DataError)
    async def unstorable(request: Request, _exc: DataError) -> Response:
        # PostgreSQL refuses some values outright (a NUL character in text, a number too large for its
        # column); the transaction is rolled back, so this is bad input, not a fault of the server.
        return page(
            request,
            400,
            N_("Something in the request cannot be stored"),
            N_("It holds a character (such as NUL) or a number the database cannot store. "
               "Nothing was changed."),
        )

    @app.exception_handler(OperationalError)
    async def database_down(request: Request, _exc: OperationalError) -> Response:
        return page(
            request,
            503,
            N_("The database is not reachable"),
            N_("Nothing was changed. Wait a moment and try again; if it goes on, "
               "tell whoever runs the workspace."),
            **{"Retry-After": "5"},
        )
