"""`assess serve` where uvloop and httptools cannot be imported (a platform without wheels for them): it still
serves, on asyncio's own event loop and the h11 parser, as uvicorn falls back to them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests import waiting


def _without(modules: list[str], folder: Path) -> Path:
    """A folder that, first on the module path, makes each of `modules` fail to import as if absent."""
    for name in modules:
        package = folder / name
        package.mkdir(parents=True)
        (package / "__init__.py").write_text(f"raise ImportError('{name} is not installed here')\n")
    return folder


def test_serve_answers_without_uvloop_and_httptools(tmp_path: Path) -> None:
    blocked = _without(["uvloop", "httptools"], tmp_path / "blocked")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocked), os.environ.get("PYTHONPATH", "")]),
           "PYTHONUNBUFFERED": "1"}
    check = subprocess.run([sys.executable, "-c", "import uvloop"], env=env, capture_output=True, text=True,
                           check=False)
    assert check.returncode != 0 and "not installed here" in check.stderr  # the block works
    log = tmp_path / "serve.log"
    with waiting.serve(["--data", str(tmp_path / "data")], log, env=env) as (_, base):
        page = httpx.get(f"{base}/login", timeout=30)
        assert page.status_code == 200
        assert 'name="csrf_token"' in page.text
    assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")
