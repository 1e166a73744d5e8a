"""The workspace's part of the command line: `assess serve` and `assess user add`.

Registered by `assess.cli.build_parser`; nothing heavy (FastAPI, SQLAlchemy, uvicorn) is imported until
one of these commands runs, so `assess score` starts as fast as before.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from assess.errors import AssessError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from assess.web.config import WebConfig

Handler = Callable[[argparse.Namespace], int]
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_commands(command: Callable[[str, Handler, str], argparse.ArgumentParser]) -> None:
    sub = command("serve", cmd_serve, "start the assessment workspace in the browser")
    sub.add_argument(
        "--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1, this machine only)"
    )
    sub.add_argument("--port", type=int, default=8000,
                     help="default: 8000; 0 takes any free port, and the address printed says which")
    _add_storage_options(sub)
    sub.add_argument(
        "--frameworks",
        metavar="DIR",
        action="append",
        default=[],
        help="a directory of your own frameworks, offered beside the built-ins (repeatable)",
    )
    sub.add_argument(
        "--secure-cookies",
        action="store_true",
        help="mark the session cookie Secure: use when the workspace is served over HTTPS",
    )
    sub.add_argument(
        "--signing-key",
        metavar="KEY.p12",
        help="the organisation's key (PKCS#12) for signed report PDFs; its password is read from "
        "$ASSESS_SIGNING_KEY_PASSWORD or from --signing-key-password-file",
    )
    sub.add_argument(
        "--signing-key-password-file",
        metavar="FILE",
        help="a file whose first line is the signing key's password (readable only by the server's user)",
    )

    sub = command("user", _no_action, "manage the workspace's accounts")
    actions = sub.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser(
        "add",
        help="create an account; the password is read from the terminal or from "
        "standard input, never from the command line",
    )
    add.set_defaults(handler=cmd_user_add)
    add.add_argument("username")
    add.add_argument("--name", help="the name other members see (default: the username)")
    add.add_argument("--admin", action="store_true", help="an administrator, who can create other accounts")
    _add_storage_options(add)
    change = actions.add_parser(
        "password",
        help="give an account a new password, which ends every session it has; the password is read from the "
        "terminal or from standard input, never from the command line",
    )
    change.set_defaults(handler=cmd_user_password)
    change.add_argument("username")
    _add_storage_options(change)


def _add_storage_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--data",
        metavar="DIR",
        help="where the workspace keeps its data and its SQLite database (default: a per-user data directory)",
    )
    sub.add_argument(
        "--database",
        metavar="URL",
        help="postgresql://user:password@host/dbname to use a "
        "PostgreSQL server instead of SQLite (or set ASSESS_DATABASE_URL)",
    )


def _no_action(_args: argparse.Namespace) -> int:
    print("assess user: error: name an action: add, password", file=sys.stderr)
    return EXIT_USAGE


def _config(args: argparse.Namespace) -> WebConfig:
    import os

    from assess.web.config import WebConfig, default_data_dir, prepare_data_dir, secret_key
    from assess.web.db import database_url

    data_dir = Path(args.data) if args.data else default_data_dir()
    prepare_data_dir(data_dir)
    url = database_url(args.database or os.environ.get("ASSESS_DATABASE_URL"), data_dir)
    dirs = [Path(d) for d in getattr(args, "frameworks", [])]
    for directory in dirs:
        if not directory.is_dir():
            raise AssessError.at(str(directory), "frameworks directory not found")
    return WebConfig(
        data_dir=data_dir,
        database_url=url,
        secret_key=secret_key(data_dir),
        secure_cookies=getattr(args, "secure_cookies", False),
        frameworks_dirs=dirs,
        signing_key=_signing_key(args),
    )


def _signing_key(args: argparse.Namespace) -> object:
    """The signing key, opened now, so a wrong password stops the server at start rather than at a download."""
    path = getattr(args, "signing_key", None)
    password_file = getattr(args, "signing_key_password_file", None)
    if not path:
        if password_file:
            raise AssessError.at("--signing-key-password-file", "given without --signing-key")
        return None
    from assess.signing import load_signing_key, password_from_environment_or_file

    password = password_from_environment_or_file(Path(password_file) if password_file else None)
    return load_signing_key(Path(path), password)


def _connect(config: WebConfig) -> Engine:
    from sqlalchemy.exc import OperationalError

    from assess.web.db import make_engine, migrate

    engine = make_engine(config.database_url)
    try:
        migrate(engine)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "cannot connect"
        raise AssessError.at("--database", f"the database cannot be reached: {reason}") from None
    return engine


SERVE_GC_THRESHOLD = 10_000  # allocations net of frees between the collector's passes over young objects


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from assess.web.accounts import has_accounts, issue_setup_token
    from assess.web.app import create_app
    from assess.web.db import session_factory

    config = _config(args)
    engine = _connect(config)
    with session_factory(engine)() as db:
        token = None if has_accounts(db) else issue_setup_token(db)
        db.commit()
    app = create_app(config, run_migrations=False)
    # uvicorn takes uvloop and httptools where installed (dependencies of the package), and asyncio's own loop
    # and h11 where they are not (a platform without wheels for them): "auto" is said here so that stays so.
    server_config = uvicorn.Config(app, host=args.host, port=args.port, log_level="warning", proxy_headers=True,
                                   loop="auto", http="auto")
    # Bound before the address is printed, so the address is the one it holds: with --port 0 the system
    # picks a free port, and whoever started the server (a script, a test) reads it from this line.
    listening = server_config.bind_socket()
    port = listening.getsockname()[1]
    shown = "localhost" if args.host in ("127.0.0.1", "::1") else args.host
    print(f"assess workspace: http://{shown}:{port}/  (data: {config.data_dir}; stop with Ctrl-C)", flush=True)
    if token is not None:
        print(f"No accounts yet. Open http://{shown}:{port}/setup?token={token} to create the first "
              "administrator (or run: assess user add NAME --admin).", flush=True)
    # What start-up made (modules, models, templates, routes) lives as long as the server: frozen, the
    # collector's full passes, which pause every request in flight, no longer rescan it (bench/serve_bench.py).
    gc.collect()
    gc.freeze()
    # A request's garbage is nearly all freed by reference counting; what the collector's passes find is mostly
    # what the caches keep. Run less often (the youngest generation's threshold up from 700), so the full passes
    # that follow every hundred young ones come rarely and no longer land on saves in flight.
    gc.set_threshold(SERVE_GC_THRESHOLD, *gc.get_threshold()[1:])
    server = uvicorn.Server(server_config)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: uvicorn has already shut down cleanly
        server.run(sockets=[listening])
    return EXIT_OK if server.started else EXIT_FAILED


def _read_password() -> str:
    import getpass  # only here: it loads termios, which `assess score` never needs

    if sys.stdin.isatty():
        first = getpass.getpass("Password (at least 12 characters): ")
        again = getpass.getpass("Password again: ")
        if first != again:
            raise AssessError.at("password", "the two passwords differ; nothing was changed")
        return first
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def cmd_user_add(args: argparse.Namespace) -> int:
    from assess.web.accounts import AccountError, create_user
    from assess.web.db import session_factory

    config = _config(args)
    engine = _connect(config)
    password = _read_password()
    with session_factory(engine)() as db:
        try:
            user = create_user(db, args.username, password, display_name=args.name, admin=args.admin)
        except AccountError as exc:
            raise AssessError.at(exc.field, str(exc)) from None
        db.commit()
        kind = "administrator" if user.is_admin else "account"
        print(f"created {kind} '{user.username}'")
    return EXIT_OK


def cmd_user_password(args: argparse.Namespace) -> int:
    from assess.web.accounts import AccountError, set_password, user_named
    from assess.web.db import session_factory

    config = _config(args)
    engine = _connect(config)
    with session_factory(engine)() as db:
        user = user_named(db, args.username)
        if user is None:
            raise AssessError.at("username", f"there is no account called '{args.username}'")
        password = _read_password()
        try:
            set_password(db, user, password)
        except AccountError as exc:
            raise AssessError.at(exc.field, f"{exc}; the password was not changed") from None
        db.commit()
        print(f"changed the password of '{user.username}'; every session it had has ended")
    return EXIT_OK
