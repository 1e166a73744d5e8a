"""What one save costs the server, measured in-process, so the figure holds on a busy machine.

Builds the workspace application (`create_app`) on a fresh SQLite database (or, with `--backend postgresql`,
in a fresh database on the PostgreSQL server ASSESS_TEST_POSTGRES_URL names, dropped after), signs a
respondent in, starts an assessment of the frameworks serve_bench.py uses, and saves answers through the
app's own routes (httpx's ASGI transport, no sockets), alternating the htmx form and the JSON API as the
serve bench does. Reported: the processor time of the whole process per save (the client's part included;
it is the same before and after a change, so differences are the server's), the statements sent to the
database and the hand-overs of work to the server's thread pool (each a wait for a thread and the GIL) per
save, and, with `--profile N`, the N functions with the most cumulative time under cProfile (the work the
server hands to its threads is then run inline, as cProfile sees one thread). Wall-clock time is not
reported: on a shared machine it measures the neighbours.

    .venv/bin/python bench/save_cost.py [--backend sqlite|postgresql] [--saves 200] [--profile 30 [--dump F]]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))  # serve_bench's PostgreSQL helpers

import anyio.to_thread  # noqa: E402
import httpx  # noqa: E402
from sqlalchemy import event  # noqa: E402

from assess.web.accounts import create_user  # noqa: E402
from assess.web.app import create_app  # noqa: E402
from assess.web.config import WebConfig  # noqa: E402

FRAMEWORKS = ["article8-privacy", "consultation", "data-protection", "equality", "human-oversight",
              "proportionality"]
PASSWORD = "bench password, long enough"
HOPS = [0]  # calls handed to the server's thread pool (each waits for a thread, and for the GIL)
REVISION = re.compile(r'id="rev-([\w-]+)--([\w-]+)" value="(\d+)"')


async def signed_in(app: Any, client: httpx.AsyncClient) -> str:
    with app.state.sessions() as db:
        create_user(db, "rita", PASSWORD, display_name="Rita")
        db.commit()
    token = re.compile(r'name="csrf_token" value="([^"]+)"')
    found = token.search((await client.get("/login")).text)
    assert found
    await client.post("/login", data={"username": "rita", "password": PASSWORD, "csrf_token": found.group(1)})
    found = token.search((await client.get("/")).text)
    assert found
    return found.group(1)


def questions(app: Any) -> list[tuple[str, Any]]:
    library = app.state.library
    return [(fid, q) for fid in FRAMEWORKS for s in library.load(fid).sections for q in s.questions]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite",
                        help="postgresql: on the server ASSESS_TEST_POSTGRES_URL names (scripts/postgres.sh)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions")
    parser.add_argument("--dump", type=Path, help="with --profile: also write the profile here (for pstats)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="assess-save-cost-") as tmp:
        if args.backend == "postgresql":
            from serve_bench import drop_postgres_database, postgres_database

            admin = os.environ.get("ASSESS_TEST_POSTGRES_URL")
            if not admin:
                parser.error("--backend postgresql needs ASSESS_TEST_POSTGRES_URL: "
                             "source <(bash scripts/postgres.sh start)")
            url = postgres_database(admin)
        else:
            url = f"sqlite+pysqlite:///{Path(tmp) / 'workspace.db'}"
        app = create_app(WebConfig(data_dir=Path(tmp), database_url=url, secret_key=secrets.token_urlsafe(32)))
        handed = anyio.to_thread.run_sync

        async def counted(func: Any, *given: Any, **options: Any) -> Any:
            HOPS[0] += 1
            if args.profile:  # cProfile sees one thread: the server's blocking work is run inline, on it
                return func(*given)
            return await handed(func, *given, **options)

        anyio.to_thread.run_sync = counted  # type: ignore[assignment]
        try:
            return anyio.run(measure, app, args)
        finally:
            app.state.builder.shutdown()
            app.state.engine.dispose()
            if args.backend == "postgresql":
                drop_postgres_database(url)


async def measure(app: Any, args: argparse.Namespace) -> int:
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    token = await signed_in(app, client)
    made = await client.post("/new", data={"title": "Pilot", "organisation": "A police force", "system": "Analytics",
                                     "frameworks": FRAMEWORKS, "csrf_token": token})
    assert made.status_code == 303, made.text[:300]
    ref = made.headers["location"].rsplit("/", 1)[-1]
    await client.get(f"/a/{ref}")
    every = questions(app)
    rng = random.Random(args.seed)
    revisions: dict[tuple[str, str], int] = {}
    statements = 0
    HOPS[0] = 0

    def count(*_args: Any) -> None:
        nonlocal statements
        statements += 1

    async def save(number: int) -> None:
        fid, question = rng.choice(every)
        value = rng.choice([o.value for o in question.options] + ["dont_know"])
        for _attempt in range(2):  # a conflict (an earlier save hid and cleared this answer) is retried once
            base = revisions.get((fid, question.id), 0)
            if number % 2:
                answer = [value] if question.type.value == "multi" and value != "dont_know" else value
                response = await client.put(f"/api/assessments/{ref}/answers/{fid}/{question.id}",
                                      json={"answer": {"answer": answer, "note": f"save {number}"},
                                            "base_revision": base},
                                      headers={"X-CSRF-Token": token})
                assert response.status_code in (200, 409), response.text[:300]
                revisions[(fid, question.id)] = response.json()["revision"]
                if response.status_code == 200:
                    return
            else:
                response = await client.post(f"/a/{ref}/answer/{fid}/{question.id}",
                                       data={"answer": [value], "note": f"save {number}", "revision": str(base),
                                             "csrf_token": token}, headers={"HX-Request": "true"})
                assert response.status_code in (200, 409), response.text[:300]
                for found_fid, qid, rev in REVISION.findall(response.text):
                    revisions[(found_fid, qid)] = int(rev)
                if "saved a different answer" not in response.text:
                    return
        raise AssertionError(f"two conflicts in a row on {fid}.{question.id}")

    for number in range(20):  # warm: imports, templates, the caches a running server has
        await save(number)
    event.listen(app.state.engine, "before_cursor_execute", count)
    HOPS[0] = 0
    profiler = cProfile.Profile() if args.profile else None
    per_save: list[float] = []
    started = time.process_time()
    if profiler:
        profiler.enable()
    for number in range(20, 20 + args.saves):
        one = time.process_time()
        await save(number)
        per_save.append(time.process_time() - one)
    if profiler:
        profiler.disable()
    total = time.process_time() - started
    event.remove(app.state.engine, "before_cursor_execute", count)
    backend = app.state.engine.dialect.name
    print(f"{backend}: {args.saves} saves, CPU {1000 * total / args.saves:.2f} ms per save "
          f"(median {1000 * statistics.median(per_save):.2f} ms), {statements / args.saves:.2f} statements and "
          f"{HOPS[0] / args.saves:.2f} hand-overs to a thread per save"
          + (" (under cProfile)" if profiler else ""))
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.profile)
        print(out.getvalue())
        if args.dump:
            profiler.dump_stats(args.dump)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
