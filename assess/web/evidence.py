"""Evidence files in the workspace: their bytes stored once per assessment and hash, attached to and removed
from answers (every change is an ordinary answer change, so the answer's history records it), and carried in
and out of the workspace in export bundles.

The bytes are never deleted by editing: a file removed from an answer stays downloadable from the assessment,
so the history can still name it. The checks on what a file may be are assess/evidence_files.py's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assess.bundle import file_refs, is_bundle, load_bundle, write_bundle
from assess.errors import AssessError
from assess.evidence_files import MAX_ASSESSMENT_FILE_BYTES, Checked, safe_name
from assess.files import size_text
from assess.loading import FrameworkLibrary
from assess.model import Answer, Assessment, EvidenceFile
from assess.web import workspace
from assess.web.config import MAX_UPLOAD_BYTES
from assess.web.tables import AssessmentRow, EvidenceBlob, User
from assess.web.workspace import Loaded, NotAllowed, Opened

# Words shown on pages, in one place.
NOT_ANSWERING = "your role on this assessment does not allow adding or removing evidence files"
PLAIN_YAML_WITH_FILES = ("the assessment references {count} evidence file(s), which a YAML file cannot carry: "
                         "import the bundle (.zip) exported with them")
UNKNOWN_FILE = "file {sha} is not stored in this assessment: add it by uploading it on the question's page"
TOO_MANY_IN_ALL = "this assessment's files would add up to more than {limit}"


def stored_size(db: Session, assessment_id: int) -> int:
    total = db.scalar(select(func.coalesce(func.sum(EvidenceBlob.size), 0))
                      .where(EvidenceBlob.assessment_id == assessment_id))
    return int(total or 0)


def store(db: Session, assessment_id: int, user: User, checked: Checked, shown: str) -> None:
    """Keep the file's bytes for this assessment (once: the same bytes again are already there)."""
    ref = checked.ref
    if find(db, assessment_id, ref.sha256) is not None:
        return
    if stored_size(db, assessment_id) + ref.size > MAX_ASSESSMENT_FILE_BYTES:
        raise AssessError.at(shown, TOO_MANY_IN_ALL.format(limit=size_text(MAX_ASSESSMENT_FILE_BYTES)))
    try:
        with db.begin_nested():
            db.add(EvidenceBlob(assessment_id=assessment_id, sha256=ref.sha256, name=safe_name(ref.name),
                                media_type=ref.media_type, size=ref.size, data=checked.data, created_by=user.id))
    except IntegrityError:  # someone stored the same bytes at the same moment: they are there either way
        pass


def find(db: Session, assessment_id: int, sha256: str) -> EvidenceBlob | None:
    return db.scalar(select(EvidenceBlob).where(EvidenceBlob.assessment_id == assessment_id,
                                                EvidenceBlob.sha256 == sha256))


def contents(db: Session, assessment_id: int, hashes: Iterable[str]) -> dict[str, bytes]:
    wanted = sorted(set(hashes))
    if not wanted:
        return {}
    rows = db.execute(select(EvidenceBlob.sha256, EvidenceBlob.data).where(
        EvidenceBlob.assessment_id == assessment_id, EvidenceBlob.sha256.in_(wanted)))
    return {sha: bytes(data) for sha, data in rows}


def stored_hashes(db: Session, assessment_id: int) -> set[str]:
    return set(db.scalars(select(EvidenceBlob.sha256).where(EvidenceBlob.assessment_id == assessment_id)))


def check_known(db: Session, assessment_id: int, answer: Answer | None) -> str | None:
    """A problem if the answer references a file this assessment does not hold (the API's answers)."""
    if answer is None or not answer.files:
        return None
    known = stored_hashes(db, assessment_id)
    missing = next((f.sha256 for f in answer.files if f.sha256 not in known), None)
    return UNKNOWN_FILE.format(sha=missing[:12]) if missing else None


def current_answer(loaded: Loaded, framework_id: str, question_id: str) -> Answer | None:
    """The answer as saved: on record, or kept while its question is hidden (so a file never replaces it)."""
    found = loaded.assessment.answers.get(framework_id, {}).get(question_id)
    return found if found is not None else loaded.kept.get(framework_id, {}).get(question_id)


def with_files(answer: Answer | None, files: list[EvidenceFile]) -> Answer | None:
    """The answer with these files (validated again: at most MAX_FILES_PER_ANSWER, each once); None when
    nothing at all is left in it."""
    data: dict[str, Any] = workspace.answer_data(answer) if answer is not None else {}
    data["files"] = [f.model_dump(mode="json") for f in files] or None
    changed = Answer.model_validate(data)
    return None if changed == Answer() else changed


def keep_files(parsed: Answer | None, before: Answer | None) -> Answer | None:
    """A form's answer with the files the saved answer already has: the answer form does not carry them."""
    if before is None or not before.files:
        return parsed
    return with_files(parsed, list(before.files))


def attach(db: Session, opened: Opened, user: User, library: FrameworkLibrary, framework_id: str,
           question_id: str, checked: Checked, shown: str) -> workspace.Saved | workspace.Conflict:
    if not opened.can_answer:
        raise NotAllowed(NOT_ANSWERING)
    loaded = workspace.load(db, opened.row, library)
    before = current_answer(loaded, framework_id, question_id)
    files = list(before.files or []) if before is not None else []
    if any(f.sha256 == checked.ref.sha256 for f in files):
        return workspace.Saved(loaded.revisions.get((framework_id, question_id), 0), [])
    try:
        after = with_files(before, [*files, checked.ref])
    except ValueError:  # pydantic's ValidationError: the answer already has as many files as it may
        raise AssessError.at(shown, "this answer already has as many files as it may hold") from None
    store(db, opened.row.id, user, checked, shown)
    return workspace.save_answer(db, opened, user, library, framework_id, question_id, after,
                                 loaded.revisions.get((framework_id, question_id), 0), loaded)


def detach(db: Session, opened: Opened, user: User, library: FrameworkLibrary, framework_id: str,
           question_id: str, sha256: str) -> workspace.Saved | workspace.Conflict:
    if not opened.can_answer:
        raise NotAllowed(NOT_ANSWERING)
    loaded = workspace.load(db, opened.row, library)
    before = current_answer(loaded, framework_id, question_id)
    files = list(before.files or []) if before is not None else []
    if not any(f.sha256 == sha256 for f in files):
        raise workspace.NotFound(sha256)
    after = with_files(before, [f for f in files if f.sha256 != sha256])
    return workspace.save_answer(db, opened, user, library, framework_id, question_id, after,
                                 loaded.revisions.get((framework_id, question_id), 0), loaded)


def carry_over(db: Session, source_id: int, target_id: int, assessment: Assessment) -> None:
    """The stored files `assessment`'s answers reference, copied from one assessment to another (the next
    review's carried-over answers): the files travel with the answers, so they download, export and go
    into the report from the new one too. Bytes are stored per assessment, so each keeps its own."""
    refs = file_refs(assessment)
    if not refs:
        return
    for blob in db.scalars(select(EvidenceBlob).where(EvidenceBlob.assessment_id == source_id,
                                                      EvidenceBlob.sha256.in_(sorted(refs)))):
        db.add(EvidenceBlob(assessment_id=target_id, sha256=blob.sha256, name=blob.name,
                            media_type=blob.media_type, size=blob.size, data=blob.data, created_by=blob.created_by))


def export_bundle(db: Session, row: AssessmentRow, loaded: Loaded) -> bytes:
    """The assessment's YAML and the files its answers reference, as a bundle (assess/bundle.py)."""
    refs = file_refs(loaded.assessment)
    return write_bundle(workspace.export_yaml(loaded), contents(db, row.id, refs))


def import_upload(db: Session, user: User, raw: bytes, name: str, library: FrameworkLibrary) -> AssessmentRow:
    """An uploaded assessment: a bundle (with its files) or a plain YAML file (which may reference none)."""
    if is_bundle(raw):
        assessment, _, bundle = load_bundle(raw, name, library)
        row = workspace.create(db, user, assessment, reason="import", source=name)
        for digest, data in bundle.files.items():
            ref = file_refs(assessment)[digest]
            store(db, row.id, user, Checked(ref, data), f"{name}: files/{digest}")
        return row
    if len(raw) > MAX_UPLOAD_BYTES:
        raise AssessError.at(name, f"file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MiB")
    assessment, _ = workspace.parse_upload(raw, name, library)
    _refuse_references(assessment, name)
    return workspace.create(db, user, assessment, reason="import", source=name)


def _refuse_references(assessment: Assessment, name: str) -> None:
    refs = file_refs(assessment)
    if refs:
        raise AssessError.at(name, PLAIN_YAML_WITH_FILES.format(count=len(refs)))
