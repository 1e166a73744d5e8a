"""The PDF report in the workspace: built in the background while the server keeps answering, with its
progress on the page, and the same bytes as `assess report` makes from the exported file."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fastapi import FastAPI

from assess.web import jobs
from assess.web.config import BuildLimits
from tests.web_support import MINI_FRAMEWORKS, Person, built_pdf

EPOCH = "1767225600"  # SOURCE_DATE_EPOCH: the file's own dates fixed, so two builds can be compared byte for byte


def test_the_pdf_is_built_in_the_background_and_matches_assess_report(
        app: FastAPI, alice: Person, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # inherited by the worker process
    ref = alice.start(["mini"], title="Pilot review")
    alice.page(f"/a/{ref}/s/mini/aim")
    alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "general", "note": "From the board minutes",
                                                   "revision": "0"})
    assert alice.client.get(f"/a/{ref}/report.pdf").headers["location"] == f"/a/{ref}/pdf"
    page = alice.page(f"/a/{ref}/pdf")
    assert "Build the PDF report" in page
    started = alice.post(f"/a/{ref}/pdf")
    assert started.status_code == 303
    progress = started.headers["location"]
    # While it builds, the workspace answers: the page says how it is going, and saves go through.
    first = alice.client.get(progress)
    assert first.status_code == 200 and ("Building the PDF" in first.text or "The PDF is ready" in first.text)
    alice.page(f"/a/{ref}/s/mini/data")
    assert alice.post(f"/a/{ref}/answer/mini/remarks", {"answer": "Asked after the build began",
                                                        "revision": "0"}).status_code == 303
    status = built_pdf(alice, progress)
    assert "The PDF is ready" in status, status
    link = re.search(r'href="([^"]+/file)"', status)
    assert link is not None
    pdf = alice.client.get(link.group(1))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # The same document `assess report` makes from the file as it stood when the build was asked for.
    answers = alice.client.get(f"/api/assessments/{ref}").json()["assessment"]["answers"]["mini"]
    assert "remarks" in answers  # the later save counted for the assessment, not for this PDF
    exported = tmp_path / "pilot-review.yaml"
    extracted = subprocess.run([sys.executable, "-m", "assess", "extract", str(_write(tmp_path, pdf.content))],
                               capture_output=True, check=True).stdout
    assert b"Asked after the build began" not in extracted and b"From the board minutes" in extracted
    exported.write_bytes(extracted)
    cli = tmp_path / "cli.pdf"
    made = subprocess.run([sys.executable, "-m", "assess", "report", "pilot-review.yaml", "-o", str(cli),
                           "--frameworks", str(MINI_FRAMEWORKS)], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, check=False)
    assert made.returncode == 0, made.stderr
    assert cli.read_bytes() == pdf.content


def _write(folder: Path, data: bytes) -> Path:
    path = folder / "from-workspace.pdf"
    path.write_bytes(data)
    return path


def test_a_killed_worker_fails_its_build_and_the_next_pdf_is_built(app: FastAPI, alice: Person) -> None:
    """A worker killed mid-build (out of memory, a crash in WeasyPrint) fails that build, said on its page, and
    the next build gets a new worker, instead of every later PDF failing."""
    ref = alice.start(["mini"], title="Pilot review")
    alice.page(f"/a/{ref}/s/mini/aim")
    killed = alice.post(f"/a/{ref}/pdf").headers["location"]
    builder: jobs.Builder = app.state.builder
    (worker,) = builder.worker_pids()  # started by the build, which takes seconds: it is still on it
    os.kill(worker, signal.SIGKILL)
    failed = built_pdf(alice, killed)
    assert "could not be built: the process building it stopped before it finished" in failed, failed
    assert "Try again" in failed
    # The same content again: the failed job is not handed back, a new build is started, in a new worker.
    again = alice.post(f"/a/{ref}/pdf").headers["location"]
    assert again != killed
    status = built_pdf(alice, again)
    assert "The PDF is ready" in status, status
    assert worker not in builder.worker_pids()
    assert "could not be built" in built_pdf(alice, killed)  # and the killed one stays failed


def _never_ends(*_args: object) -> bytes:
    threading.Event().wait()
    return b""


def test_a_build_past_its_time_is_failed_and_its_worker_replaced(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"], title="Pilot review")
    alice.page(f"/a/{ref}/s/mini/aim")
    stuck = jobs.Builder(app.state.sessions, [], work=_never_ends, limits=BuildLimits(seconds=2))
    app.state.builder = stuck
    try:
        progress = alice.post(f"/a/{ref}/pdf").headers["location"]
        (worker,) = stuck.worker_pids()
        status = built_pdf(alice, progress)
        assert "could not be built: it took longer than a build is allowed" in status, status
        assert worker not in stuck.worker_pids()
    finally:
        stuck.shutdown()
