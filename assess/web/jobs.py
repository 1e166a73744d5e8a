"""PDF reports built in the background, so that a slow render never holds up anyone's saves.

A build runs in a separate worker process (WeasyPrint is mostly Python: in a thread it would compete with
the server for the interpreter). It renders the exported YAML (or, when answers carry evidence files, the
exported bundle, so the files are attached) exactly as `assess report FILE -o FILE.pdf` does, from a file of
the same name, so the workspace's PDF is the command line's PDF. The job's row in the
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
import tempfile
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from assess import library_warnings
from assess.errors import AssessError
from assess.web.tables import BuildJob, ReportJob, utcnow

STALE = dt.timedelta(minutes=10)


def build_pdf(source: bytes, name: str, frameworks_dirs: list[str], uploaded: Mapping[str, bytes]) -> bytes:
    """In the worker process: the report of `source` as `assess report NAME -o NAME.pdf --frameworks DIR`
    makes it, where DIR holds the uploaded frameworks it uses (`uploaded`: their YAML by id)."""
    from assess.loading import FrameworkLibrary
    from assess.report.build import load_job
    from assess.report.formats import FORMATS

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / name
        path.write_bytes(source)
        dirs = [Path(d) for d in frameworks_dirs]
        if uploaded:
            # Before the server's directories: in the workspace a framework from a file wins over an upload.
            folder = Path(scratch) / "uploaded-frameworks"
            folder.mkdir()
            for fid, yaml_source in uploaded.items():
                (folder / f"{fid}.yaml").write_bytes(yaml_source)
            dirs.insert(0, folder)
        job = load_job(path, FrameworkLibrary(dirs=dirs), display=name)
        return FORMATS["pdf"].render(job).data


class Builder:
    """One worker process, started when the first build is asked for."""

    def __init__(self, sessions: sessionmaker[Session], frameworks_dirs: list[Path],
                 work: Callable[[bytes, str, list[str], Mapping[str, bytes]], bytes] = build_pdf) -> None:
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
                # The worker's standard error is the server's: the libraries' warnings are kept off it too.
                self._pool = concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context,
                                                                    initializer=library_warnings.install)
            return self._pool

    def run(self, table: type[BuildJob], job_id: int, work: Callable[..., bytes],
            *args: object) -> None:
        """Another kind of build (a board's PDF) in the same worker process; its row in `table`, committed
        already, is finished as a report's is."""
        future = self._executor().submit(work, *args)
        future.add_done_callback(functools.partial(self._finish, job_id, table=table))

    def start(self, db: Session, assessment_id: int, user_id: int, source: bytes, name: str,
              uploaded: Mapping[str, bytes] | None = None) -> ReportJob:
        """A job for this content: the one already running or done for it, else a new one. `uploaded`: the
        YAML of the uploaded frameworks the assessment uses, which the worker cannot read from files."""
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
        future = self._executor().submit(self.work, source, name, self.frameworks_dirs, dict(uploaded or {}))
        future.add_done_callback(functools.partial(self._finish, job.id))
        return job

    def _finish(self, job_id: int, future: concurrent.futures.Future[bytes],
                table: type[BuildJob] = ReportJob) -> None:
        with self.sessions() as db:
            job = db.get(table, job_id)
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


def is_stale(job: BuildJob, now: dt.datetime | None = None) -> bool:
    return job.status == "running" and (now or utcnow()) - job.created_at > STALE


def find(db: Session, assessment_id: int, token: str) -> ReportJob | None:
    return db.scalar(select(ReportJob).where(ReportJob.assessment_id == assessment_id, ReportJob.token == token))
