"""The workspace served for real (uvicorn on a free port, in a thread of the test's process) and people who
reach it over HTTP, each with a client of their own: for tests of requests that truly run at the same time,
which the in-process TestClient, one request at a time, cannot make."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from tests.web_support import PASSWORD


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def live(app: FastAPI) -> Iterator[str]:
    """The app served on 127.0.0.1; yields its base URL once it listens."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.02)  # not a timed wait on an event: under libfaketime that never ends
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


class Visitor:
    """One person's browser, over real HTTP: cookies kept, the CSRF token read from the pages."""

    def __init__(self, base: str, username: str) -> None:
        self.username = username
        self.client = httpx.Client(base_url=base, follow_redirects=False, timeout=120)
        self.token = ""

    def page(self, url: str) -> str:
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
        found = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
        if found:
            self.token = found.group(1)
        return response.text

    def sign_in(self, password: str = PASSWORD) -> httpx.Response:
        self.page("/login")
        return self.client.post("/login", data={"username": self.username, "password": password,
                                                "csrf_token": self.token})

    def post(self, url: str, data: dict[str, Any] | None = None,
             files: dict[str, tuple[str, bytes, str]] | None = None) -> httpx.Response:
        return self.client.post(url, data={"csrf_token": self.token, **(data or {})}, files=files)


def at_once(actions: Sequence[Callable[[], Any]]) -> list[Any]:
    """Run the actions in threads of their own, released together by a barrier; their results, in order.
    An exception in any is raised here."""
    barrier = threading.Barrier(len(actions))

    def run(action: Callable[[], Any]) -> Any:
        barrier.wait(timeout=60)
        return action()

    with ThreadPoolExecutor(max_workers=len(actions)) as pool:
        futures = [pool.submit(run, action) for action in actions]
        return [future.result(timeout=300) for future in futures]
