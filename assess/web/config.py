"""Where the workspace keeps its data, which database it uses, and its signing key."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assess.errors import AssessError

SECRET_FILE = "secret.key"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # the same cap as any YAML file the command line reads


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("assess", appauthor=False))


@dataclass(frozen=True)
class BuildLimits:
    """What one PDF build in the background worker may take (assess/web/jobs.py). Generous: a long assessment
    with evidence files builds in about a minute in a few hundred megabytes."""

    seconds: float = 600.0  # after this the build is failed and its worker killed
    memory_bytes: int | None = 4 * 1024**3  # the worker's address space (RLIMIT_AS); None: no limit
    builds_per_worker: int = 25  # then the worker is replaced by a fresh one, with whatever it kept freed


@dataclass(frozen=True)
class WebConfig:
    data_dir: Path
    database_url: str
    secret_key: str
    secure_cookies: bool = False  # True when served over HTTPS (behind a proxy that terminates TLS)
    frameworks_dirs: list[Path] = field(default_factory=list)
    # The organisation's key for signed report PDFs (assess.signing.SigningKey), opened at start; None: no signing.
    signing_key: Any = None
    builds: BuildLimits = field(default_factory=BuildLimits)
    # Templates fail on a name they were not given (jinja2.StrictUndefined): the tests set it, so a missing
    # variable fails a test; a served page keeps Jinja's default and prints nothing rather than a 500.
    strict_templates: bool = False


def prepare_data_dir(data_dir: Path) -> None:
    try:
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise AssessError.at(str(data_dir), f"cannot create the data directory: {exc.strerror}") from None
    if not data_dir.is_dir():
        raise AssessError.at(str(data_dir), "not a directory")


def secret_key(data_dir: Path) -> str:
    """The key that signs session cookies: ASSESS_SECRET_KEY where set (several servers share one),
    else a random key made on first start and kept, readable only by its owner, in the data directory."""
    given = os.environ.get("ASSESS_SECRET_KEY")
    if given:
        return given
    path = data_dir / SECRET_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()
