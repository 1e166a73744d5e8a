"""PDF reports built in the background, so that a slow render never holds up anyone's saves.

A build runs in a separate worker process (WeasyPrint is mostly Python: in a thread it would compete with
the server for the interpreter). It renders the exported YAML exactly as `assess report FILE -o FILE.pdf`
does, from a file of the same name, so the workspace's PDF is the command line's PDF. The job's row in the
database says how it is going, and holds the file when it is done, so any server process can answer for it.
A job whose process died is treated as failed after `STALE`, and can be started again.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import functools
import hashlib
import multiprocessing
import secrets
import threading
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from assess.errors import AssessError
from assess.web.tables import ReportJob, utcnow

STALE = dt.timedelta(minutes=10)


def build_pdf(source: bytes, name: str, frameworks_dirs: list[str]) -> bytes:
    """In the worker process: the report of `source` as `assess report NAME -o NAME.pdf` makes it."""
    from assess.app.library import open_library
    from assess.app.rendering import render_report_source

    return render_report_source(source, name, open_library(frameworks_dirs), "pdf").data


class Builder:
    """One worker process, started when the first build is asked for."""

    def __init__(self, sessions: sessionmaker[Session], frameworks_dirs: list[Path],
                 work: Callable[[bytes, str, list[str]], bytes] = build_pdf) -> None:
        self.sessions = sessions
        self.frameworks_dirs = [str(d) for d in frameworks_dirs]
        self.work = work
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> concurrent.futures.ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn, not fork: the server has threads, and a forked copy of a threaded process can hang.
                context = multiprocessing.get_context("spawn")
                self._pool = concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context)
            return self._pool

    def start(self, db: Session, assessment_id: int, user_id: int, source: bytes, name: str) -> ReportJob:
        """A job for this content: the one already running or done for it, else a new one."""
        digest = hashlib.sha256(source).hexdigest()
        existing = db.scalar(select(ReportJob).where(
            ReportJob.assessment_id == assessment_id, ReportJob.source_sha256 == digest,
            ReportJob.status.in_(("running", "done"))).order_by(ReportJob.id.desc()))
        if existing is not None and not is_stale(existing):
            return existing
        job = ReportJob(token=secrets.token_urlsafe(16), assessment_id=assessment_id, source_sha256=digest,
                        status="running", created_by=user_id)
        db.add(job)
        db.commit()
        future = self._executor().submit(self.work, source, name, self.frameworks_dirs)
        future.add_done_callback(functools.partial(self._finish, job.id))
        return job

    def _finish(self, job_id: int, future: concurrent.futures.Future[bytes]) -> None:
        with self.sessions() as db:
            job = db.get(ReportJob, job_id)
            if job is None:
                return
            try:
                job.data = future.result()
                job.status = "done"
            except AssessError as exc:
                job.status, job.error = "failed", "; ".join(d.message for d in exc.diagnostics)
            except Exception as exc:  # noqa: BLE001 - a failed build is reported on the page, never raised here
                job.status, job.error = "failed", f"the report could not be built ({type(exc).__name__})"
            job.finished_at = utcnow()
            db.commit()

    def shutdown(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None


def is_stale(job: ReportJob, now: dt.datetime | None = None) -> bool:
    return job.status == "running" and (now or utcnow()) - job.created_at > STALE


def find(db: Session, assessment_id: int, token: str) -> ReportJob | None:
    return db.scalar(select(ReportJob).where(ReportJob.assessment_id == assessment_id, ReportJob.token == token))
