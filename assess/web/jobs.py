"""PDF reports built in the background, so that a slow render never holds up anyone's saves.

A build runs in a separate worker process (WeasyPrint is mostly Python: in a thread it would compete with
the server for the interpreter). It renders the exported YAML (or, when answers carry evidence files, the
exported bundle, so the files are attached) through the application layer, exactly as `assess report FILE -o
FILE.pdf` does from a file of the same name (`app.rendering.render_report_source`), so the workspace's PDF is
the command line's PDF. The job's row in the database says how it is going, and holds the file when it is
done, so any server process can answer for it.
A job whose process died is treated as failed after `STALE`, and can be started again.

The worker is kept from taking the server down with it, or staying broken: each build has a time limit (the
worker is killed past it) and the worker a memory limit (`config.BuildLimits`); a worker that dies (killed,
out of memory, crashed inside WeasyPrint) fails only the builds it had, with a message the page shows, and
the next build gets a new worker. Workers are replaced after a number of builds anyway, so nothing one
build left in memory (caches, fragmentation) stays for good.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import functools
import hashlib
import multiprocessing
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from assess import library_warnings
from assess.errors import AssessError
from assess.i18n import N_
from assess.web.config import BuildLimits
from assess.web.tables import BuildJob, ReportJob, utcnow

STALE = dt.timedelta(minutes=10)
_WATCH_SECONDS = 0.5  # how often a build's watcher looks whether it is done or past its time
# Why a build failed, in words the page shows (translated there: `| translated`).
STOPPED = N_("the process building it stopped before it finished, perhaps out of memory; try again")
TOO_LONG = N_("it took longer than a build is allowed; try again, or ask an administrator")


def _worker_start(memory_bytes: int | None) -> None:
    """In each new worker process. The worker's standard error is the server's: the libraries' warnings are
    kept off it too. Its address space is bounded, so a runaway build fails in the worker (MemoryError, or
    the worker dies) instead of taking the machine's memory from the server."""
    library_warnings.install()
    if memory_bytes is not None:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def build_pdf(source: bytes, name: str, frameworks_dirs: list[str], uploaded: Mapping[str, bytes]) -> bytes:
    """In the worker process: the report of `source` as `assess report NAME -o NAME.pdf --frameworks DIR`
    makes it, where DIR holds the uploaded frameworks it uses (`uploaded`: their YAML by id)."""
    from assess.app.library import library_with
    from assess.app.rendering import render_report_source

    with library_with(frameworks_dirs, uploaded) as library:
        return render_report_source(source, name, library, "pdf").data


class Builder:
    """One worker process, started when the first build is asked for, and started again after it dies."""

    def __init__(self, sessions: sessionmaker[Session], frameworks_dirs: list[Path],
                 work: Callable[[bytes, str, list[str], Mapping[str, bytes]], bytes] = build_pdf,
                 limits: BuildLimits | None = None) -> None:
        self.sessions = sessions
        self.frameworks_dirs = [str(d) for d in frameworks_dirs]
        self.work = work
        self.limits = limits or BuildLimits()
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._timed_out: set[concurrent.futures.Future[bytes]] = set()
        self._lock = threading.Lock()

    def _executor(self) -> concurrent.futures.ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn, not fork: the server has threads, and a forked copy of a threaded process can hang
                # (and max_tasks_per_child needs a start method other than fork).
                context = multiprocessing.get_context("spawn")
                self._pool = concurrent.futures.ProcessPoolExecutor(
                    max_workers=1, mp_context=context, initializer=_worker_start,
                    initargs=(self.limits.memory_bytes,), max_tasks_per_child=self.limits.builds_per_worker)
            return self._pool

    def _forget(self, pool: concurrent.futures.ProcessPoolExecutor) -> None:
        """No more builds in `pool`: the next build starts a new one."""
        with self._lock:
            if self._pool is pool:
                self._pool = None

    def _discard(self, pool: concurrent.futures.ProcessPoolExecutor, kill: bool = False) -> None:
        """`pool` forgotten and shut down (broken, or its build ran over time)."""
        self._forget(pool)
        if kill:  # the executor has no way to stop a running task but to end its process
            for process in list((pool._processes or {}).values()):
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def worker_pids(self) -> list[int]:
        """The worker processes' ids (none before the first build), for whoever watches the server."""
        with self._lock:
            pool = self._pool
        return list(pool._processes or {}) if pool is not None else []

    def _submit(self, table: type[BuildJob], job_id: int, work: Callable[..., bytes], *args: object) -> None:
        future: concurrent.futures.Future[bytes] | None = None
        for _attempt in range(2):  # a pool broken since the last build (its worker died idle) is replaced once
            pool = self._executor()
            try:
                future = pool.submit(work, *args)
                break
            except (BrokenProcessPool, RuntimeError):  # RuntimeError: shut down by another thread's _discard
                self._discard(pool)
        if future is None:  # the job's row is committed already: it is failed, not left running
            future = concurrent.futures.Future()
            future.set_exception(BrokenProcessPool())
            self._finish(job_id, future, table=table)
            return
        future.add_done_callback(functools.partial(self._finish, job_id, table=table, pool=pool))
        threading.Thread(target=self._time_out, args=(pool, future), daemon=True).start()

    def _time_out(self, pool: concurrent.futures.ProcessPoolExecutor,
                  future: concurrent.futures.Future[bytes]) -> None:
        """Watches one build; past its time, fails it and ends its worker. Polls with sleep rather than a
        threading.Timer: a timed wait on a lock never ends under libfaketime (the suite run on another
        date), while sleep does."""
        deadline = time.monotonic() + self.limits.seconds
        while not future.done() and time.monotonic() < deadline:
            time.sleep(min(_WATCH_SECONDS, max(0.0, deadline - time.monotonic())))
        with self._lock:
            if future.done():
                return
            self._timed_out.add(future)
        self._discard(pool, kill=True)  # the future then fails, and _finish says why

    def run(self, table: type[BuildJob], job_id: int, work: Callable[..., bytes],
            *args: object) -> None:
        """Another kind of build (a board's PDF) in the same worker process; its row in `table`, committed
        already, is finished as a report's is."""
        self._submit(table, job_id, work, *args)

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
        self._submit(ReportJob, job.id, self.work, source, name, self.frameworks_dirs, dict(uploaded or {}))
        return job

    def _finish(self, job_id: int, future: concurrent.futures.Future[bytes], table: type[BuildJob] = ReportJob,
                pool: concurrent.futures.ProcessPoolExecutor | None = None) -> None:
        with self._lock:
            timed_out = future in self._timed_out
            self._timed_out.discard(future)
        with self.sessions() as db:
            job = db.get(table, job_id)
            if job is None:
                return
            try:
                job.data = future.result()
                job.status = "done"
            except AssessError as exc:
                job.status, job.error = "failed", "; ".join(d.message for d in exc.diagnostics)
            except BrokenProcessPool:  # the worker died: killed, out of memory, or crashed in a library
                if pool is not None:
                    self._forget(pool)  # a broken pool shuts itself down (this runs in its own thread)
                job.status, job.error = "failed", TOO_LONG if timed_out else STOPPED
            except MemoryError:  # the worker's memory limit, met in Python code: the worker itself lives on
                job.status, job.error = "failed", STOPPED
            except Exception as exc:  # noqa: BLE001 - a failed build is reported on the page, never raised here
                job.status, job.error = "failed", f"the report could not be built ({type(exc).__name__})"
            job.finished_at = utcnow()
            db.commit()

    def shutdown(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def is_stale(job: BuildJob, now: dt.datetime | None = None) -> bool:
    return job.status == "running" and (now or utcnow()) - job.created_at > STALE


def find(db: Session, assessment_id: int, token: str) -> ReportJob | None:
    return db.scalar(select(ReportJob).where(ReportJob.assessment_id == assessment_id, ReportJob.token == token))
