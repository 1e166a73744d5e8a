"""Standard error carries assess's own lines only: every command's common path, run the way a developer's
shell or a CI job may run it (`PYTHONWARNINGS=default`, `python -X dev`), shows no library's warning.

The libraries move under the tool (cryptography deprecating DSA, which pyHanko imports, put a two-line
warning on every `assess verify`): this runs the real commands as separate processes, so any new warning
from any dependency fails here before a user sees it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.aia_support import MINI, results_file
from tests.conftest import ROOT
from tests.report_support import FIXTURE_ASSESSMENT, FIXTURE_FRAMEWORKS
from tests.signing_support import PASSWORD, make_authority
from tests.waiting import ADDRESS, until

EXAMPLES = ROOT / "examples" / "met-officer-monitoring"
# A line of assess's own: a located diagnostic (`path:line:col: error: ...`, `...: warning: ...`), or one that
# names the tool. Anything else (a library's `DeprecationWarning`, a traceback, a source line) is not.
OWN_LINE = re.compile(r"^(assess\b|.*: (error|warning|note): )")


def noisy_environment(**extra: str) -> dict[str, str]:
    """This environment, every warning shown by default and development mode on; nothing asks for verbosity."""
    env = {k: v for k, v in os.environ.items() if k not in ("ASSESS_VERBOSE", "ASSESS_DEBUG")}
    return {**env, "PYTHONWARNINGS": "default", "PYTHONDEVMODE": "1", **extra}


def assess(*args: str | Path, stdin: bytes = b"", code: int = 0) -> list[str]:
    """Run the command under `-X dev` with every warning shown by default; the lines of its standard error."""
    done = subprocess.run([sys.executable, "-X", "dev", "-m", "assess", *[str(a) for a in args]], input=stdin,
                          capture_output=True, env=noisy_environment(), timeout=300, check=False)
    text = done.stderr.decode("utf-8", errors="replace")
    assert done.returncode == code, text
    return text.splitlines()


def only_assess(lines: list[str]) -> None:
    foreign = [line for line in lines if not OWN_LINE.match(line)]
    assert not foreign, "\n".join(lines)


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("quiet")


def test_reading_scoring_and_checking(work: Path) -> None:
    examples = sorted(EXAMPLES.glob("*.yaml"))
    only_assess(assess("frameworks"))
    only_assess(assess("validate", *examples))
    only_assess(assess("score", *examples))
    only_assess(assess("schema", "assessment"))
    copy = work / "pinned.yaml"
    shutil.copyfile(EXAMPLES / "force.yaml", copy)
    only_assess(assess("pin", copy))
    only_assess(assess("compare", *examples, "-o", work / "compare.md"))


def test_reports_in_every_format_and_what_is_made_from_them(work: Path) -> None:
    fixture = ("--frameworks", FIXTURE_FRAMEWORKS)
    for suffix in ("pdf", "html", "md", "json", "docx", "odt"):
        only_assess(assess("report", FIXTURE_ASSESSMENT, *fixture, "-o", work / f"report.{suffix}"))
    only_assess(assess("extract", work / "report.pdf", "-o", work / "extracted.yaml"))
    only_assess(assess("atrs", FIXTURE_ASSESSMENT, *fixture, "-o", work / "record.md"))
    plan = work / "plan.xlsx"
    only_assess(assess("actions", "export", FIXTURE_ASSESSMENT, *fixture, "-o", plan))
    copy = work / "planned.yaml"
    shutil.copyfile(FIXTURE_ASSESSMENT, copy)
    only_assess(assess("actions", "import", plan, copy, *fixture))


def test_imports(work: Path) -> None:
    framework = work / "fw" / "mini-aia.yaml"
    only_assess(assess("import", "surveyjs", MINI, "-o", framework, "--reviewed", "2026-01-01"))
    saved = work / "results.json"
    saved.write_text(json.dumps(results_file({"phase": "item1", "r7": "item1-10"})), encoding="utf-8")
    only_assess(assess("import", "aia-answers", saved, "-o", work / "answers.yaml", "--framework", "mini-aia",
                       "--frameworks", framework.parent, "--date", "2026-01-01"))


def test_signing_and_verifying(work: Path) -> None:
    authority = make_authority(work / "ca")
    unsigned = work / "unsigned.pdf"
    only_assess(assess("report", FIXTURE_ASSESSMENT, "--frameworks", FIXTURE_FRAMEWORKS, "-o", unsigned))
    # A report without a sign-off cannot be signed, and a file without a signature does not verify:
    # exactly one line each, the tool's.
    refused = assess("sign", unsigned, "--key", authority.p12, "-o", work / "x.pdf", "--password-stdin",
                     stdin=PASSWORD + b"\n", code=2)
    assert len(refused) == 1 and refused[0].startswith(str(unsigned)), refused
    unverified = assess("verify", unsigned, "--trust", authority.root_pem, code=1)
    assert len(unverified) == 1 and unverified[0].startswith(str(unsigned)), unverified


def test_accounts(work: Path) -> None:
    data = work / "workspace"
    only_assess(assess("user", "add", "dana", "--admin", "--data", data, stdin=b"a long enough password 1\n"))


def test_the_workspace_server(work: Path) -> None:
    """Started with the signing key (pyHanko loads at start), its sign-in page loaded, stopped with Ctrl-C."""
    authority = make_authority(work / "serve-ca")
    out, err = work / "serve.out", work / "serve.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen([sys.executable, "-X", "dev", "-m", "assess", "serve", "--data", str(work / "ws"),
                                    "--port", "0", "--signing-key", str(authority.p12)], stdout=stdout, stderr=stderr,
                                   env=noisy_environment(ASSESS_SIGNING_KEY_PASSWORD=PASSWORD.decode()))
    try:
        def address() -> str | None:
            assert process.poll() is None, err.read_text(encoding="utf-8", errors="replace")
            found = ADDRESS.search(out.read_bytes())
            return f"http://127.0.0.1:{int(found.group(1))}" if found else None

        base = until(address, "assess serve printing its address")

        def sign_in_page() -> int | None:
            try:
                return httpx.get(f"{base}/login", timeout=10).status_code
            except httpx.TransportError:
                return None

        assert until(sign_in_page, "the sign-in page") == 200
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    only_assess(err.read_text(encoding="utf-8", errors="replace").splitlines())


def test_verbose_shows_the_libraries_warnings_one_line_each() -> None:
    code = ("import warnings, sys; from assess import library_warnings; library_warnings.install(verbose=True); "
            "warnings.warn('moved\\nelsewhere', DeprecationWarning)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=noisy_environment(),
                          timeout=60, check=False)
    assert done.stderr.startswith("assess: library: DeprecationWarning: moved elsewhere (")
    assert done.stderr.count("\n") == 1
