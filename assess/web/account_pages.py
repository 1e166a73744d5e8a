"""One's own account (changing one's password, asking for the current one) and, for administrators, each
account's page: reset its password, deactivate or reactivate it. Every one of these ends the account's other
sessions at their very next request (accounts.end_sessions)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from assess.i18n import N_
from assess.web import accounts, workspace
from assess.web.deps import Administrator, CurrentUser, Database
from assess.web.pages import render
from assess.web.sign_in_sessions import renew
from assess.web.tables import User

router = APIRouter()
Text = Annotated[str, Form()]

# The words these pages show from Python, in one place.
CHANGED_OWN = N_("Your password was changed. Every other session of yours has been signed out.")
WRONG_CURRENT = N_("That is not your current password.")
THROTTLED = N_("Too many failed attempts from where you are. Wait 15 minutes and try again.")
DIFFERENT = N_("The two passwords differ.")
RESET = N_("The password was changed. Every session of this account has been signed out.")
DEACTIVATED = N_("The account is deactivated: it cannot sign in, and its sessions have ended.")
REACTIVATED = N_("The account can sign in again.")
NOT_YOURSELF = N_("You cannot deactivate your own account: another administrator can.")


@router.get("/account/password", response_class=HTMLResponse)
def password_page(request: Request, user: CurrentUser) -> HTMLResponse:
    return render(request, "password.html", {"user": user, "errors": {}, "notice": None})


@router.post("/account/password", response_class=HTMLResponse)
def change_password(request: Request, db: Database, user: CurrentUser, current: Text = "", password: Text = "",
                    again: Text = "") -> Response:
    """The current password first (a session left open on a shared computer cannot take the account over);
    a wrong one counts as a failed sign-in, and is throttled as one."""
    errors: dict[str, str] = {}
    address = accounts.address_key(request.client.host if request.client else None)
    checked = accounts.sign_in(db, user.username, current, address)
    if checked.user is None:
        db.commit()  # the failure is counted
        errors["current"] = THROTTLED if checked.throttled else WRONG_CURRENT
    elif password != again:
        errors["again"] = DIFFERENT
    else:
        try:
            accounts.set_password(db, user, password)
        except accounts.AccountError as exc:
            errors[exc.field] = str(exc)
    if errors:
        db.rollback()
        return render(request, "password.html", {"user": user, "errors": errors, "notice": None}, status=422)
    renew(request, user)  # this session goes on; every other one has ended
    db.commit()
    return render(request, "password.html", {"user": user, "errors": {}, "notice": CHANGED_OWN})


def _account(db: Database, username: str) -> User:
    found = accounts.user_named(db, username)
    if found is None:
        raise workspace.NotFound(username)
    return found


def _account_page(request: Request, user: User, account: User, errors: dict[str, str] | None = None,
                  notice: str | None = None, status: int = 200) -> HTMLResponse:
    context: dict[str, Any] = {"user": user, "account": account, "errors": errors or {}, "notice": notice}
    return render(request, "account.html", context, status=status)


@router.get("/admin/users/{username}", response_class=HTMLResponse)
def account_page(request: Request, username: str, db: Database, user: Administrator, done: str = "") -> HTMLResponse:
    notices = {"password": RESET, "deactivated": DEACTIVATED, "reactivated": REACTIVATED}
    return _account_page(request, user, _account(db, username), notice=notices.get(done))


@router.post("/admin/users/{username}/password", response_class=HTMLResponse)
def reset_password(request: Request, username: str, db: Database, user: Administrator,
                   password: Text = "") -> Response:
    account = _account(db, username)
    try:
        accounts.set_password(db, account, password)
    except accounts.AccountError as exc:
        db.rollback()
        return _account_page(request, user, account, {exc.field: str(exc)}, status=422)
    if account.id == user.id:
        renew(request, user)
    db.commit()
    return RedirectResponse(f"/admin/users/{account.username}?done=password", status_code=303)


@router.post("/admin/users/{username}/active", response_class=HTMLResponse)
def set_active(request: Request, username: str, db: Database, user: Administrator, active: Text = "") -> Response:
    account = _account(db, username)
    if active == "no":
        if account.id == user.id:
            return _account_page(request, user, account, {"active": NOT_YOURSELF}, status=422)
        account.is_active = False
        accounts.end_sessions(account)
    else:
        account.is_active = True
    db.commit()
    done = "deactivated" if active == "no" else "reactivated"
    return RedirectResponse(f"/admin/users/{account.username}?done={done}", status_code=303)
