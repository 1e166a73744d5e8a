"""`assess serve --port 0` takes a free port and prints the address it holds, so a script (or a test worker
beside others) never races another process for a port it picked beforehand."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from tests import waiting


def test_port_0_serves_on_the_port_it_prints(tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with waiting.serve(["--data", str(tmp_path / "data")], log) as (_, base):
        first = log.read_text(encoding="utf-8").splitlines()[0]
        printed = re.fullmatch(r"assess workspace: http://localhost:(\d+)/  \(data: .*; stop with Ctrl-C\)", first)
        assert printed is not None, first
        assert base == f"http://127.0.0.1:{printed.group(1)}" and int(printed.group(1)) > 0
        page = httpx.get(f"{base}/login", timeout=30)
        assert page.status_code == 200 and 'name="csrf_token"' in page.text
        assert f"http://localhost:{printed.group(1)}/setup?token=" in log.read_text(encoding="utf-8")  # first run
