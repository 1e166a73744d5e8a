"""`assess serve` where uvloop and httptools cannot be imported (a platform without wheels for them): it still
serves, on asyncio's own event loop and the h11 parser, as uvicorn falls back to them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen([sys.executable, "-m", "assess", "serve", "--data", str(tmp_path / "data"),
                                    "--port", str(port)], stdout=output, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/login", timeout=5)
                break
            except httpx.TransportError:
                assert process.poll() is None, log.read_text(encoding="utf-8", errors="replace")
                assert time.monotonic() < deadline, "assess serve did not start listening"
                time.sleep(0.2)
        assert page.status_code == 200
        assert 'name="csrf_token"' in page.text
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")
