"""Waiting in tests for something another process does: a server that starts, a PDF that is built.

One loop, with a deadline that only bounds a hang (a stuck build fails the test rather than stalling the run):
no assertion depends on how fast anything is, so a loaded machine is slower, never red.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

GENEROUS = 300.0  # seconds: far beyond what any of it takes on a busy 2-core machine


def until(probe: Callable[[], T | None], what: str, timeout: float = GENEROUS, interval: float = 0.2) -> T:
    """What `probe` returns once it returns something other than None; the test fails, naming `what`, if it
    still returns None after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found is not None:
            return found
        assert time.monotonic() < deadline, f"{what}: still not done after {timeout:.0f} s"
        time.sleep(interval)


ADDRESS = re.compile(rb"assess workspace: http://[^:/]+:(\d+)/")


def start_serve(data_args: Sequence[str], log: Path, *options: str, env: Mapping[str, str] | None = None,
                ) -> tuple[subprocess.Popen[bytes], str]:
    """`assess serve` on a port the system picks (--port 0), started as a user starts it: the process and its
    address once it accepts connections. The port is read from the address it prints, bound before it is
    printed, so no other process can have taken it in between. Its output goes to `log`: a file, as a pipe
    nobody reads would fill and stop the server. The caller stops it (or use `serve`)."""
    with log.open("wb") as output:
        process = subprocess.Popen([sys.executable, "-m", "assess", "serve", *data_args, "--port", "0", *options],
                                   stdout=output, stderr=subprocess.STDOUT, env=dict(env) if env is not None else None)
    try:
        def printed_port() -> int | None:
            found = ADDRESS.search(log.read_bytes())
            assert found or process.poll() is None, log.read_text(encoding="utf-8", errors="replace")
            assert found is None or int(found.group(1)) != 0, "it printed port 0, not the port it took"
            return int(found.group(1)) if found else None

        port = until(printed_port, "assess serve printing its address")

        def listening() -> bool | None:
            assert process.poll() is None, log.read_text(encoding="utf-8", errors="replace")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return True
            except OSError:  # bound, not yet listening
                return None

        until(listening, "assess serve accepting connections")
    except BaseException:
        process.kill()
        process.wait()
        raise
    return process, f"http://127.0.0.1:{port}"


@contextmanager
def serve(data_args: Sequence[str], log: Path, *options: str, env: Mapping[str, str] | None = None,
          ) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`start_serve`, stopped afterwards."""
    process, base = start_serve(data_args, log, *options, env=env)
    try:
        yield process, base
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 where a connection is refused: bound and held, never listening, so no other
    process can start listening there while the test relies on it."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield int(held.getsockname()[1])
