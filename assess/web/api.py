"""The JSON API under /api/, described at /openapi.json; the pages' scripts and the tests use it.

It takes and returns the project's own pydantic models (`Answer`, `Assessment`, `Result`), so its
schemas are the file formats' schemas. The same membership rule holds: 404 to a non-member.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field, model_validator
from pydantic_core import PydanticCustomError

from assess.model import Answer, Assessment
from assess.result import Result, Verdict
from assess.web import workspace
from assess.web.deps import CurrentUser, Database, Library, OpenAssessment
from assess.web.views import Workspace

router = APIRouter(prefix="/api")


class AssessmentSummary(BaseModel):
    ref: str
    title: str
    role: workspace.Role


class AssessmentState(BaseModel):
    ref: str
    role: workspace.Role
    assessment: Assessment
    result: Result
    revisions: dict[str, int] = Field(description="'framework.question' -> the revision of its saved answer")


class AnswerUpdate(BaseModel):
    answer: Answer | None = Field(description="The new answer; null clears it.")
    base_revision: int | None = Field(
        default=None, ge=0, le=2**63 - 1,
        description="The revision this change was made from; a newer saved answer is a conflict.",
    )

    @model_validator(mode="before")
    @classmethod
    def _unicode_text(cls, body: Any) -> Any:
        # JSON may carry a lone surrogate ("\ud800"), which is no character: it cannot be stored as UTF-8, nor
        # even be quoted back in a message, so it is refused here rather than fail later as a server error.
        if _has_surrogate(body):
            raise PydanticCustomError("surrogate", "text holds a lone surrogate (\\ud800-\\udfff), which is not "
                                      "a character")
        return body


def _has_surrogate(value: Any, depth: int = 0) -> bool:
    if isinstance(value, str):
        return any("\ud800" <= c <= "\udfff" for c in value) if not value.isascii() else False
    if depth > 8:  # an answer is at most four levels deep; deeper is refused by the model anyway
        return False
    if isinstance(value, dict):
        return any(_has_surrogate(k, depth + 1) or _has_surrogate(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v, depth + 1) for v in value)
    return False


class Standing(BaseModel):
    """Where the assessment stands after a save: what the status panel of the pages shows."""

    answered: int
    visible: int = Field(description="Questions shown, given the answers so far.")
    verdict: Verdict
    complete: bool


class AnswerSaved(BaseModel):
    saved: bool
    revision: int
    hidden: list[str] = Field(
        default_factory=list,
        description="Answered questions the change hid: their answers are kept, but neither scored nor exported "
        "while hidden, and come back when the question shows again.",
    )
    theirs: Answer | None = Field(default=None, description="On a conflict: the answer saved meanwhile.")
    problem: str | None = None
    standing: Standing | None = Field(default=None, description="On a save: the assessment rescored with it.")


@router.get("/assessments", response_model=list[AssessmentSummary])
def list_assessments(db: Database, user: CurrentUser) -> list[AssessmentSummary]:
    found = workspace.assessments_of(db, user)
    return [AssessmentSummary(ref=o.row.ref, title=o.row.title, role=o.role) for o in found]


@router.get("/assessments/{ref}", response_model=AssessmentState)
def get_assessment(
    ref: str, opened: OpenAssessment, db: Database, user: CurrentUser, library: Library
) -> AssessmentState:
    view = Workspace(workspace.load(db, opened.row, library))
    return AssessmentState(
        ref=ref,
        role=opened.role,
        assessment=view.loaded.assessment,
        result=view.questionnaire.result(),
        revisions={f"{f}.{q}": r for (f, q), r in view.loaded.revisions.items()},
    )


@router.put(
    "/assessments/{ref}/answers/{framework_id}/{question_id}",
    response_model=AnswerSaved,
    responses={409: {"model": AnswerSaved}, 422: {"model": AnswerSaved}},
)
def put_answer(
    ref: str,
    opened: OpenAssessment,
    framework_id: str,
    question_id: str,
    update: AnswerUpdate,
    db: Database,
    user: CurrentUser,
    library: Library,
) -> Any:
    from fastapi.responses import JSONResponse

    from assess.checks import answer_problem

    loaded = workspace.load(db, opened.row, library, discussion=False)
    framework = loaded.frameworks.get(framework_id)
    question = framework.question(question_id) if framework else None
    if question is None:
        raise workspace.NotFound(question_id)
    problem = answer_problem(question, update.answer.answer) if update.answer else None
    problem = problem or _unknown_file(db, opened.row.id, update.answer)
    if problem is not None:
        body = AnswerSaved(
            saved=False, revision=loaded.revisions.get((framework_id, question_id), 0), problem=problem[0]
        )
        return JSONResponse(body.model_dump(mode="json"), status_code=422)
    outcome = workspace.save_answer(
        db, opened, user, library, framework_id, question_id, update.answer, update.base_revision, loaded
    )
    if isinstance(outcome, workspace.Conflict):
        db.rollback()
        body = AnswerSaved(
            saved=False,
            revision=outcome.revision,
            theirs=outcome.theirs,
            problem=f"{outcome.by or 'someone'} saved this answer meanwhile",
        )
        return JSONResponse(body.model_dump(mode="json"), status_code=409)
    db.commit()
    standing = None
    if outcome.questionnaire is not None:
        result = outcome.questionnaire.result()
        answered, visible = outcome.questionnaire.progress()
        standing = Standing(answered=answered, visible=visible, verdict=result.verdict, complete=result.complete)
    body = AnswerSaved(
        saved=True,
        revision=outcome.revision,
        hidden=[f"{f}.{q}" for f, q in outcome.hidden],
        standing=standing,
    )
    # Sent as made: returned as a model, FastAPI would validate it again against the response model in another
    # trip to a thread, on every save (the schema in /openapi.json still comes from response_model).
    return JSONResponse(body.model_dump(mode="json"))


@router.get("/assessments/{ref}/export", response_model=str)
def export_assessment(ref: str, opened: OpenAssessment, db: Database, user: CurrentUser, library: Library) -> str:
    return workspace.export_yaml(workspace.load(db, opened.row, library))


def _unknown_file(db: Database, assessment_id: int, answer: Answer | None) -> tuple[str, str | None] | None:
    """An answer may reference only files already uploaded to the assessment (assess/web/evidence.py)."""
    from assess.web.evidence import check_known

    problem = check_known(db, assessment_id, answer)
    return (problem, None) if problem else None
