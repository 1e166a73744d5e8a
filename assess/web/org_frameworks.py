"""Frameworks an organisation uploads in the browser, kept in the database beside the built-in ones.

An administrator uploads a framework YAML. It is checked as `assess validate` checks a file of its name, by
the application layer (`app.validating.check_framework_source`: size cap, safe YAML loader, located errors,
warnings about misleading text). A valid framework is stored as one row per id and version, the YAML
byte for byte. Rows are never changed or deleted: an assessment pinned to an old version keeps it.

Every server process reads the uploaded frameworks from the database, so one behind a load balancer sees what
another stored. What a process keeps for itself (the parsed framework, the file it was read from) is keyed by
id and version, which a row never changes, so it can never stand for something the database does not hold.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from assess.app.documents import Source
from assess.app.validating import check_framework_source
from assess.errors import AssessError, Diagnostic
from assess.files import size_text
from assess.fingerprint import framework_sha256
from assess.loading import FrameworkLibrary, load_framework
from assess.model import Framework, FrameworkPin
from assess.web.tables import OrganisationFramework, User
from assess.yamlsource import MAX_FILE_BYTES

MAX_BYTES = MAX_FILE_BYTES  # the cap `assess validate` puts on any YAML file it reads
MAX_VERSION = 64  # characters: the column's width
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,250}$")

# The words the upload page shows for problems found here (the loader's own messages come with their place).
NOT_YAML_NAME = "the file name should end in .yaml or .yml"
BAD_NAME = "the file name may hold only letters, digits, '.', '_' and '-'"
NOT_A_FRAMEWORK = "this is an assessment file, not a framework"
NOT_A_FRAMEWORK_HINT = "import assessments on the home page"
TOO_LARGE = "file is larger than {size}"
CLASH = "'{fid}' is the id of a framework this workspace already has from its files (built in, or --frameworks)"
CLASH_HINT = ("give yours an id of its own, such as '{suggest}', in the file and in its name ('{suggest}.yaml'), "
              "so that no one takes it for the original")
LONG_VERSION = "version is longer than {most} characters"
SAME_VERSION = "version {version} of '{fid}' is already stored, with different content"
SAME_VERSION_HINT = "raise the version number: old versions stay, for the assessments that use them"
ALREADY_STORED = "version {version} of '{fid}' is already stored, exactly as in this file: nothing to do"


@dataclass(frozen=True)
class Checked:
    """What the upload check found: the framework when it has no errors, and every problem, located."""

    framework: Framework | None
    errors: list[Diagnostic]
    warnings: list[Diagnostic]


def check_upload(raw: bytes, file_name: str, library: FrameworkLibrary) -> Checked:
    """`raw` as `assess validate FILE_NAME` would judge it, with `library`'s frameworks for qualified `when`
    names, and the workspace's own rules: a .yaml name, and an id no framework from files has."""
    shown = file_name.replace("\\", "/").rsplit("/", 1)[-1] or "upload.yaml"
    if len(raw) > MAX_BYTES:
        return _refused(shown, TOO_LARGE.format(size=size_text(MAX_BYTES)))
    if not shown.lower().endswith((".yaml", ".yml")):
        return _refused(shown, NOT_YAML_NAME)
    if not _SAFE_NAME.match(shown):
        return _refused(shown, BAD_NAME)
    checked = check_framework_source(Source(shown, raw), library)
    if checked.kind == "assessment":
        return _refused(shown, NOT_A_FRAMEWORK, NOT_A_FRAMEWORK_HINT)
    framework, found = checked.framework, checked.diagnostics
    errors = [d for d in found if d.severity == "error"]
    if framework is not None and not errors:
        errors += _workspace_rules(framework, shown, library)
    return Checked(None if errors else framework, errors, [d for d in found if d.severity != "error"])


def _refused(shown: str, message: str, hint: str | None = None) -> Checked:
    return Checked(None, [Diagnostic(shown, 1, 1, message, hint)], [])


def _workspace_rules(framework: Framework, shown: str, library: FrameworkLibrary) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    from_files = library.file_path if isinstance(library, WorkspaceLibrary) else library.path
    if from_files(framework.id) is not None:
        suggest = f"org-{framework.id}"[:64]
        problems.append(Diagnostic(shown, 1, 1, CLASH.format(fid=framework.id), CLASH_HINT.format(suggest=suggest)))
    if len(framework.version) > MAX_VERSION:
        problems.append(Diagnostic(shown, 1, 1, LONG_VERSION.format(most=MAX_VERSION)))
    return problems


def store(db: Session, user: User, checked: Checked, raw: bytes, file_name: str) -> tuple[OrganisationFramework,
                                                                                           bool]:
    """The row for a checked framework, added to the session (the caller commits); True when it is new.
    The same id and version again: the row already stored if the bytes are the same, else an error."""
    framework = checked.framework
    assert framework is not None, "store only what check_upload passed"
    shown = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    digest = hashlib.sha256(raw).hexdigest()
    existing = db.scalar(select(OrganisationFramework).where(
        OrganisationFramework.framework_id == framework.id, OrganisationFramework.version == framework.version))
    if existing is not None:
        if existing.source_sha256 == digest:
            return existing, False
        raise AssessError([Diagnostic(shown, 1, 1, SAME_VERSION.format(version=framework.version, fid=framework.id),
                                      SAME_VERSION_HINT)])
    row = OrganisationFramework(
        framework_id=framework.id, version=framework.version, title=framework.title, file_name=shown, source=raw,
        source_sha256=digest, framework_sha256=framework_sha256(framework),
        warnings="\n".join(str(w) for w in checked.warnings) or None, uploaded_by=user.id,
    )
    db.add(row)
    db.flush()
    return row, True


def listed(db: Session) -> list[tuple[OrganisationFramework, User]]:
    """Every uploaded framework and version, newest first within each id, with who uploaded it."""
    return [(row, user) for row, user in db.execute(
        select(OrganisationFramework, User).join(User, User.id == OrganisationFramework.uploaded_by)
        .order_by(OrganisationFramework.framework_id, OrganisationFramework.id.desc()))]


def find(db: Session, framework_id: str, version: str) -> OrganisationFramework | None:
    return db.scalar(select(OrganisationFramework).where(
        OrganisationFramework.framework_id == framework_id, OrganisationFramework.version == version))


@dataclass(frozen=True)
class _Stored:
    path: Path  # the YAML, written once to this process's scratch directory
    framework: Framework
    source: bytes


@dataclass
class WorkspaceLibrary(FrameworkLibrary):
    """The frameworks from files (built in, `--frameworks`), then those uploaded to the database.

    A framework from a file wins over an uploaded one of the same id (uploads of such an id are refused; a
    directory added later takes over). For an uploaded id, `load` gives its newest version and `load_pinned`
    the version an assessment pinned, while the database still holds it."""

    sessions: sessionmaker[Session] | None = None
    _versions: dict[tuple[str, str], _Stored] = field(default_factory=dict, init=False)
    _scratch: tempfile.TemporaryDirectory[str] | None = field(default=None, init=False)
    _guard: threading.Lock = field(default_factory=threading.Lock, init=False)

    def file_path(self, framework_id: str) -> Path | None:
        """The file of a framework from a directory; None for an uploaded one (or an unknown id)."""
        return FrameworkLibrary.path(self, framework_id)

    def ids(self) -> list[str]:
        return sorted(set(super().ids()) | set(self._uploaded_ids()))

    def path(self, framework_id: str) -> Path | None:
        found = self.file_path(framework_id)
        if found is not None:
            return found
        stored = self._newest(framework_id)
        return stored.path if stored is not None else None

    def load(self, framework_id: str) -> Framework:
        if self.file_path(framework_id) is not None:
            return super().load(framework_id)
        stored = self._newest(framework_id)
        if stored is None:
            raise KeyError(framework_id)
        return stored.framework

    def load_pinned(self, pins: Mapping[str, FrameworkPin]) -> dict[str, Framework]:
        uploaded = {fid: pin for fid, pin in pins.items() if self.file_path(fid) is None}
        loaded = self.load_many([fid for fid in pins if fid not in uploaded])
        problems: list[Diagnostic] = []
        for fid, pin in uploaded.items():
            try:
                stored = self._pinned(fid, pin)
            except AssessError as exc:
                problems.extend(exc.diagnostics)
                continue
            if stored is None:
                raise KeyError(fid)
            loaded[fid] = stored.framework
        if problems:
            raise AssessError(problems)
        return {fid: loaded[fid] for fid in pins}

    def uploaded_sources(self, pins: Mapping[str, FrameworkPin]) -> dict[str, bytes]:
        """The YAML of each uploaded framework among `pins`, in the version `load_pinned` gives: what another
        process (the PDF builder) needs to read the assessment as this one does."""
        found: dict[str, bytes] = {}
        for fid, pin in pins.items():
            if self.file_path(fid) is None:
                stored = self._pinned(fid, pin)
                if stored is not None:
                    found[fid] = stored.source
        return found

    # ------------------------------------------------------------------ reading the database

    def _uploaded_ids(self) -> list[str]:
        if self.sessions is None:
            return []
        with self.sessions() as db:
            found = db.scalars(select(OrganisationFramework.framework_id).distinct())
            return [fid for fid in found if self.file_path(fid) is None]

    def _pinned(self, framework_id: str, pin: FrameworkPin) -> _Stored | None:
        stored = self._versions.get((framework_id, pin.version))
        if stored is not None:
            return stored
        row = self._query(framework_id, pin.version)
        return self._remember(row) if row is not None else self._newest(framework_id)

    def _newest(self, framework_id: str) -> _Stored | None:
        row = self._query(framework_id, None)
        return self._remember(row) if row is not None else None

    def _query(self, framework_id: str, version: str | None) -> OrganisationFramework | None:
        if self.sessions is None:
            return None
        wanted = select(OrganisationFramework).where(OrganisationFramework.framework_id == framework_id)
        if version is not None:
            wanted = wanted.where(OrganisationFramework.version == version)
        with self.sessions() as db:
            return db.scalar(wanted.order_by(OrganisationFramework.id.desc()).limit(1))

    def _remember(self, row: OrganisationFramework) -> _Stored:
        key = (row.framework_id, row.version)
        with self._guard:
            stored = self._versions.get(key)
            if stored is not None:
                return stored
            if self._scratch is None:
                self._scratch = tempfile.TemporaryDirectory(prefix="assess-frameworks-")
            # Named as the CLI wants it (the id), in a folder of its own per version.
            folder = Path(self._scratch.name) / row.source_sha256
            folder.mkdir(exist_ok=True)
            path = folder / f"{row.framework_id}.yaml"
            path.write_bytes(row.source)
            framework = load_framework(path, f"{row.framework_id}.yaml", self.lang)
            stored = _Stored(path, framework, row.source)
            self._versions[key] = stored
            return stored
