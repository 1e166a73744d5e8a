"""Sign-off in the workspace: a decision-maker records the decision on the assessment, and, where the server has
the organisation's key (`assess serve --signing-key`), any member downloads the report PDF signed with it.

Who may sign off: an owner, or a member with the role "decision-maker" (who can read everything and sign off,
but not answer). A sign-off records the hash of the answers it was made on, so a later change to the answers
shows on this page and in the report, and a signed PDF is only made for answers that were signed off.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from assess.app.scoring import score_assessment
from assess.assessments import slug
from assess.errors import AssessError
from assess.fingerprint import answers_sha256
from assess.model import Decision, SignOff
from assess.result import Verdict
from assess.signoff import decision_words, made_on_these_answers, residual_risks
from assess.web import jobs, records, workspace
from assess.web.deps import CurrentUser, Database, Library, OpenAssessment
from assess.web.language import translator_of
from assess.web.pages import render
from assess.web.tables import utcnow
from assess.web.workspace import Loaded, NotAllowed, Opened, Role

router = APIRouter()
SIGNING_ROLES = frozenset({Role.owner, Role.decision_maker})

# The words this module shows, in one place.
NOT_A_SIGNER = "only an owner or a decision-maker can record a sign-off"
NOT_YET = "this assessment cannot be signed off yet: it has not been approved"
ERRORS = {
    "role": "Say in what capacity you decide (for example: chair of the ethics board).",
    "decision": "Choose a decision.",
    "date": "Give the date of the decision as YYYY-MM-DD.",
    "changed": "The answers changed while you were deciding: read the page again, then record your decision.",
}
NO_KEY = "This workspace has no signing key: start it with assess serve --signing-key FILE to offer signed PDFs."


def may_sign_off(opened: Opened) -> bool:
    """Whether the assessment has reached the state where a decision may be recorded on it: a decision is
    taken on answers a reviewer has approved (and so frozen), never on a draft that may still change."""
    return opened.is_approved


def can_sign(opened: Opened) -> bool:
    return opened.role in SIGNING_ROLES and may_sign_off(opened)


def _context(loaded: Loaded, lang: str) -> dict[str, Any]:
    # The engine's sentences (the risks' words: gates, rating reasons, recommendations) in the page's language.
    result = score_assessment(loaded.frameworks, loaded.assessment, lang)
    titles = {fr.id: fr.title for fr in result.frameworks}
    recorded = [(s, decision_words(s.decision), made_on_these_answers(s, loaded.assessment))
                for s in loaded.assessment.sign_offs]
    risks = residual_risks(result)
    return {"assessment": loaded.assessment, "result": result, "risks": risks, "titles": titles,
            "risk_words": {risk.reference: risk.text for risk in risks},
            "decisions": [(d.value, Verdict[d.name].value) for d in Decision], "recorded": recorded,
            "answers_hash": answers_sha256(loaded.assessment)}


def _page(request: Request, opened: Opened, user: Any, loaded: Loaded, errors: dict[str, str] | None = None,
          given: dict[str, Any] | None = None, status: int = 200) -> HTMLResponse:
    today = utcnow().date().isoformat()
    context = {"user": user, "opened": opened, "can_sign": can_sign(opened), "errors": errors or {},
               "error_words": ERRORS, "given": given or {"date": today, "accepted": []},
               "signing": request.app.state.config.signing_key is not None,
               **_context(loaded, translator_of(request).lang)}
    return render(request, "sign_off.html", context, status=status)


@router.get("/a/{ref}/sign-off", response_class=HTMLResponse)
def sign_off_page(request: Request, ref: str, opened: OpenAssessment, db: Database, user: CurrentUser,
                  library: Library) -> HTMLResponse:
    return _page(request, opened, user, workspace.load(db, opened.row, library))


@router.post("/a/{ref}/sign-off", response_class=HTMLResponse)
def record_sign_off(request: Request, ref: str, opened: OpenAssessment, db: Database, user: CurrentUser,
                    library: Library, decision: Annotated[str, Form()] = "", role: Annotated[str, Form()] = "",
                    date: Annotated[str, Form()] = "", conditions: Annotated[str, Form()] = "",
                    accepted: Annotated[list[str] | None, Form()] = None,
                    answers_hash: Annotated[str, Form()] = "") -> Response:
    if opened.role not in SIGNING_ROLES:
        raise NotAllowed(NOT_A_SIGNER)
    if not may_sign_off(opened):
        raise NotAllowed(NOT_YET)
    loaded = workspace.load(db, opened.row, library)
    given: dict[str, Any] = {"decision": decision, "role": role.strip(), "date": date.strip(), "conditions": conditions,
             "accepted": accepted or []}
    errors: dict[str, str] = {}
    if not given["role"]:
        errors["role"] = ERRORS["role"]
    if decision not in {d.value for d in Decision}:
        errors["decision"] = ERRORS["decision"]
    day = _date(given["date"])
    if day is None:
        errors["date"] = ERRORS["date"]
    current = answers_sha256(loaded.assessment)
    if answers_hash != current:  # the decision was made on the page as it stood: it must still stand so
        errors["changed"] = ERRORS["changed"]
    # Which risks may be accepted: references, the same in every language.
    offered = {risk.reference for risk in residual_risks(score_assessment(loaded.frameworks, loaded.assessment,
                                                                          translator_of(request).lang))}
    if errors or day is None:
        return _page(request, opened, user, loaded, errors, given, status=422)
    try:
        entry = SignOff(name=user.display_name, role=given["role"], decision=Decision(decision), date=day,
                        conditions=[line.strip() for line in conditions.splitlines() if line.strip()],
                        accepted_risks=[r for r in given["accepted"] if r in offered], answers_sha256=current)
    except ValueError as exc:  # a name or a condition past the file format's limits
        first = exc.errors()[0]["msg"] if hasattr(exc, "errors") else str(exc)
        return _page(request, opened, user, loaded, {"role": f"Not recorded: {first}."}, given, status=422)
    # A row of its own, appended: a decision recorded by someone else at the same moment is kept beside it.
    records.add_sign_off(db, opened.row.id, user, entry)
    opened.row.updated_at = utcnow()
    db.commit()
    return RedirectResponse(f"/a/{ref}/sign-off", status_code=303)


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


@router.get("/a/{ref}/pdf/{token}/signed.pdf")
def signed_pdf(request: Request, ref: str, token: str, opened: OpenAssessment, db: Database,
               user: CurrentUser) -> Response:
    job = jobs.find(db, opened.row.id, token)
    if job is None or job.status != "done" or job.data is None:
        raise workspace.NotFound(token)
    key = request.app.state.config.signing_key
    if key is None:
        return render(request, "sign_off_refused.html", {"user": user, "opened": opened, "reason": NO_KEY},
                      status=404)
    from assess.signing import sign_report

    name = f"{slug(opened.row.title)}.pdf"
    try:
        data = sign_report(job.data, name, key)
    except AssessError as exc:  # not signed off, or signed off on other answers: said on a page of its own
        return render(request, "sign_off_refused.html",
                      {"user": user, "opened": opened, "reason": exc.diagnostics[0].message}, status=409)
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{slug(opened.row.title)}-signed.pdf"'})
