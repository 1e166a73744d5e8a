"""The workspace in the reader's language (the same catalogues as the command line, assess/i18n.py).

The language of a request is, in order: the one the person chose with the switch on every page (kept in
the session cookie, and for a signed-in person in their account, so it comes back at their next sign-in);
else the first language of the browser's Accept-Language that the tool speaks; else English.

Templates get it through the Jinja i18n extension: `_()`, `gettext()` and `ngettext()` look the request's
translator up in the template's context, so one environment serves every language at once. Filters:
`translated` (a message id held in a variable, such as a verdict or a form error from Python; unlike `_()`
it does no %-formatting, so any text is safe in it), `percent` and `long_date`, `stage` and `perspective`.
The framework's own text follows the language where the framework offers a translation, as `--lang` does
on the command line (`library_for`).
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from assess import labels
from assess.i18n import DEFAULT, ENGLISH, LANGUAGES, N_, Translator, translator
from assess.loading import FrameworkLibrary
from assess.model import Answer, Question
from assess.scoring import answer_label
from assess.web.tables import User

SESSION_KEY = "lang"
# Each language named in itself, as a language switch shows it (never translated).
NAMES = {"en": "English", "fr": "Français"}
# Words the pages show through `translated`, from tables the workspace keeps in English.
WORDS = (
    N_("open"), N_("in progress"), N_("done"), N_("dropped"),
    N_("owner"), N_("respondent"), N_("reviewer"), N_("viewer"), N_("decision-maker"),
    # review.STATE_LABELS and a challenge's status, as discussion.html shows it
    N_("draft"), N_("in review"), N_("returned"), N_("approved"), N_("Open"), N_("Withdrawn"), N_("Accepted"),
    N_("create"), N_("import"), N_("edit"), N_("hidden"), N_("JSON (the scores as data)"),
    # Messages of workspace.py and accounts.py shown on pages (their modules keep them in plain English).
    N_("your role on this assessment does not allow changing the action plan"),
    N_("your role on this assessment does not allow answering"),
    N_("a username is 2 to 64 letters, digits, dots, hyphens or underscores"),
)

router = APIRouter()


def negotiate(header: str | None) -> str | None:
    """The first language of an Accept-Language header that the tool speaks ('de, fr-CA;q=0.8' -> 'fr'),
    by the browser's own order of preference; None when it names none of them."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")[:32]):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        primary = tag.strip().split("-")[0].lower()
        if weight > 0 and primary in LANGUAGES:
            ranked.append((-weight, position, primary))
    return min(ranked)[2] if ranked else None


def chosen(request: Request) -> str:
    """The language of this request."""
    stored = request.session.get(SESSION_KEY)
    if isinstance(stored, str) and stored in LANGUAGES:
        return stored
    return negotiate(request.headers.get("accept-language")) or DEFAULT


def translator_of(request: Request) -> Translator:
    """The request's translator: what Python-side messages shown on a page go through."""
    return translator(chosen(request))


def library_for(request: Request) -> FrameworkLibrary:
    """The frameworks with their text in the request's language where they offer it, as `--lang` reads
    them (one library per language, kept for the life of the app: loading is cached per library)."""
    state = request.app.state
    lang = chosen(request)
    libraries: dict[str, FrameworkLibrary] | None = getattr(state, "libraries_by_language", None)
    if libraries is None:
        libraries = state.libraries_by_language = {}
    if lang not in libraries:
        base: FrameworkLibrary = state.library
        # The same kind of library (the workspace's own reads uploaded frameworks too), in this language.
        libraries[lang] = base if base.lang == lang else dataclasses.replace(base, lang=lang)
    return libraries[lang]


def remember_choice(request: Request, user: User, chosen_before: str | None) -> None:
    """At sign-in: a language chosen before it (on the sign-in page) is kept and saved to the account;
    otherwise the account's own choice, if any, comes back."""
    if chosen_before in LANGUAGES:
        request.session[SESSION_KEY] = chosen_before
        user.language = chosen_before
    elif user.language in LANGUAGES:
        request.session[SESSION_KEY] = user.language


@router.post("/language")
def switch(request: Request, lang: Annotated[str, Form()]) -> RedirectResponse:
    """The language switch: remembered in the session, and in the account of whoever is signed in; then
    back to the page it was pressed on (the Referer: the page does not echo its own address, which on an
    error page would repeat what the request named)."""
    if lang in LANGUAGES:
        request.session[SESSION_KEY] = lang
        signed_in = request.session.get("user")
        if isinstance(signed_in, list) and len(signed_in) == 2:
            with request.app.state.sessions() as db:
                user = db.get(User, signed_in[0])
                if user is not None and user.session_epoch == signed_in[1]:
                    user.language = lang
                    db.commit()
    return RedirectResponse(_back(request), status_code=303)


def _back(request: Request) -> str:
    """The page the switch was pressed on, if it is on this site; else the home page."""
    referer = urlsplit(request.headers.get("referer", ""))
    same_site = referer.netloc == request.url.netloc and referer.scheme in ("http", "https")
    path = referer.path + (f"?{referer.query}" if referer.query else "")
    return path if same_site and path.startswith("/") and not path.startswith("//") and "\\" not in path else "/"


# ------------------------------------------------------------------ the templates' side


def _tr(context: Context) -> Translator:
    request = context.get("request")
    return translator_of(request) if isinstance(request, Request) else ENGLISH


# Jinja's i18n extension marks what these return as safe markup, then %-formats the values into it, escaping
# them. So a message must be written in the template (it may hold markup, as _status.html's <strong> does); a
# message held in a variable, which may quote a person's words, is shown with `| translated`, which escapes it.
# tests/test_web_escaping.py refuses `_(variable)` in any template.
@pass_context
def _gettext(context: Context, message: str) -> str:
    return _tr(context).gettext(message)


@pass_context
def _ngettext(context: Context, one: str, other: str, count: int) -> str:
    return _tr(context).ngettext(one, other, count)


@pass_context
def _translated(context: Context, message: object) -> str:
    return _tr(context).message(str(message)) if message not in (None, "") else ""


@pass_context
def _percent(context: Context, value: float) -> str:
    return _tr(context).percent(value)


@pass_context
def _long_date(context: Context, value: Any) -> str:
    return _tr(context).date(value)


@pass_context
def _stage(context: Context, value: str | None) -> str | None:
    return labels.stage_label(value, _tr(context))


@pass_context
def _perspective(context: Context, value: str | None) -> str | None:
    return labels.perspective_label(value, _tr(context))


@pass_context
def _answer_words(context: Context, answer: Answer | None, question: Question) -> str:
    """A saved answer's value in the words the report uses for it (the read-only question page)."""
    return (answer_label(question, answer.answer, _tr(context)) if answer is not None else None) or ""


def _page_language(request: Request) -> dict[str, Any]:
    return {"lang": chosen(request), "languages": [(code, NAMES.get(code, code)) for code in LANGUAGES]}


def install(templates: Jinja2Templates) -> None:
    """Per-request translations in the workspace's templates (the i18n extension must be added first)."""
    env = templates.env
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["translated"] = _translated
    env.filters["percent"] = _percent
    env.filters["long_date"] = _long_date
    env.filters["stage"] = _stage
    env.filters["perspective"] = _perspective
    env.filters["answer_words"] = _answer_words
    templates.context_processors.append(_page_language)
