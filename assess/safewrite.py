"""Two guards for every file assess writes, as plain functions any front end (the command line, a
web workspace) can call:

- `hold`: an advisory lock, so that two programs never edit one file at once. A second writer is
  refused, told which process holds the file, instead of silently losing the first one's answers.
- `refuse_inputs`: an output that is one of the command's own inputs (by name, through a symbolic
  link, or as a hard link) is refused before anything is written.

The lock lives in a sidecar file, `.NAME.lock` beside the file's real path, and is taken with
flock(2). A sidecar, not the file itself, because every save renames a new file over the old one:
a lock on the old inode would not stop a newcomer from locking the new one. flock locks die with
their process, so a writer killed with SIGKILL leaves at most a stale sidecar that the next writer
takes over; nothing ever waits for a process that is gone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assess.atomic import write_atomic
from assess.errors import AssessError

if sys.platform != "win32":
    import fcntl

HOLDER_BYTES = 4096  # how much of someone else's lock file is read to name its holder
FIELD_CHARS = 80  # and how much of each field is shown


@dataclass(frozen=True)
class Holder:
    """Who holds a lock, as its lock file says (any field may be unknown)."""

    pid: int | None = None
    host: str | None = None
    command: str | None = None

    def describe(self) -> str:
        if self.pid is None:
            return "another program (it did not say which)"
        who = f"'{self.command}'" if self.command else "another program"
        where = "" if self.host is None or self.host == _hostname() else f" on {self.host}"
        return f"{who} (process {self.pid}{where})"


class Locked(AssessError):
    """The file is being written by another process."""

    def __init__(self, shown: str, holder: Holder) -> None:
        self.holder = holder
        error = AssessError.at(shown, f"is open in {holder.describe()}",
                               hint="finish or stop that one first, then try again")
        super().__init__(error.diagnostics)


def lock_path(path: Path) -> Path:
    """The sidecar lock of `path`, beside its real path so that every name of one file
    (a symbolic link, `./x/../a.yaml`) shares one lock."""
    real = Path(os.path.realpath(path))
    return real.with_name(f".{real.name}.lock")


@dataclass
class Lock:
    """A lock this process holds; `release` gives it up (and is safe to call twice)."""

    path: Path
    _fd: int | None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            # Remove the sidecar while still holding it; a newcomer that opened the old inode
            # notices (see `acquire`) and starts again on a fresh one.
            if _same_inode(fd, self.path):
                with contextlib.suppress(OSError):
                    os.unlink(self.path)
        finally:
            os.close(fd)


def acquire(path: Path, command: str, shown: str | None = None) -> Lock:
    """Lock `path` for writing, or raise `Locked` naming the holder. Never waits.
    `command` ("assess run") is recorded so that a refused writer can say who has the file."""
    shown = shown or str(path)
    sidecar = lock_path(path)
    if not sidecar.parent.is_dir():
        raise AssessError.at(shown, f"directory '{sidecar.parent}' does not exist")
    if sys.platform == "win32":  # no flock: documented in docs/limits.md
        return Lock(sidecar, None)
    for _ in range(100):  # each retry means another process released between our open and lock
        fd = _open_sidecar(sidecar, shown)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise Locked(shown, read_holder(sidecar)) from None
            raise AssessError.at(shown, f"cannot lock the file for writing: {exc.strerror or exc}",
                                 hint=f"the file system does not support locks on {sidecar}") from None
        if not _same_inode(fd, sidecar):  # released and removed before we locked it: try again
            os.close(fd)
            continue
        record = f"pid={os.getpid()}\nhost={_hostname()}\ncommand={command}\n".encode()
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, record, 0)
        except OSError:
            pass  # the lock holds all the same; a refused writer just cannot name us
        return Lock(sidecar, fd)
    raise AssessError.at(shown, "cannot lock the file for writing: its lock keeps changing hands")


@contextlib.contextmanager
def hold(path: Path, command: str, shown: str | None = None) -> Iterator[Lock]:
    lock = acquire(path, command, shown)
    try:
        yield lock
    finally:
        lock.release()


def read_holder(sidecar: Path) -> Holder:
    """What a lock file says about its holder. The file may hold anything (it is in a directory
    others can write to): read a bounded amount, show only printable text, never follow a link."""
    try:
        fd = os.open(sidecar, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return Holder()
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return Holder()
        raw = os.read(fd, HOLDER_BYTES)
    except OSError:
        return Holder()
    finally:
        os.close(fd)
    fields: dict[str, str] = {}
    for line in raw.decode("utf-8", "replace").splitlines():
        key, sep, value = line.partition("=")
        if sep:
            fields[key.strip()] = _printable(value)
    pid_text = fields.get("pid", "")
    pid = int(pid_text) if pid_text.isascii() and pid_text.isdigit() and len(pid_text) < 10 else None
    return Holder(pid, fields.get("host") or None, fields.get("command") or None)


def _open_sidecar(sidecar: Path, shown: str) -> int:
    try:
        fd = os.open(sidecar, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise AssessError.at(shown, f"its lock file {sidecar} is a symbolic link; refusing to follow it",
                                 hint="remove that link") from None
        raise AssessError.at(shown, f"cannot create its lock file {sidecar}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise AssessError.at(shown, f"its lock file {sidecar} is not a regular file", hint="remove it")
    return fd


def _same_inode(fd: int, path: Path) -> bool:
    try:
        mine, there = os.fstat(fd), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def _printable(text: str) -> str:
    kept = "".join(ch for ch in text.strip() if ch.isprintable())
    return kept[:FIELD_CHARS]


def _hostname() -> str:
    return _printable(socket.gethostname())


# --------------------------------------------------------------------------- outputs onto inputs


@dataclass(frozen=True)
class Input:
    """A file a command reads, and what to call it in a refusal ("the assessment")."""

    path: Path
    role: str


def same_file(a: Path, b: Path) -> bool:
    """True when writing `a` would replace `b`: the same file by device and inode (hard links,
    symbolic links, a case-insensitive file system), or, when either is missing, the same
    resolved path."""
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def refuse_inputs(output: Path, inputs: Iterable[Input], shown: str | None = None,
                  input_dirs: Iterable[Input] = ()) -> None:
    """Raise AssessError when `output` is one of `inputs`, or an existing file inside one of
    `input_dirs` (a templates directory, which a command reads file by file)."""
    shown = shown or str(output)
    for item in inputs:
        if same_file(output, item.path):
            raise AssessError.at(shown, f"the output would overwrite {item.role} '{item.path}', "
                                 "which this command reads", hint="name another output file")
    if not output.exists():
        return
    real = Path(os.path.realpath(output))
    for directory in input_dirs:
        if real.is_relative_to(os.path.realpath(directory.path)):
            raise AssessError.at(shown, f"the output would overwrite a file in {directory.role} "
                                 f"'{directory.path}', which this command reads", hint="name another output file")


def write_output(output: Path, data: bytes | str, command: str, inputs: Iterable[Input] = (),
                 shown: str | None = None, input_dirs: Iterable[Input] = ()) -> None:
    """Write a command's output: refused if it is one of the command's inputs, or if another
    process holds the file; otherwise written atomically under the lock."""
    shown = shown or str(output)
    refuse_inputs(output, inputs, shown, input_dirs)
    with hold(output, command, shown):
        try:
            write_atomic(output, data)
        except OSError as exc:
            raise AssessError.at(shown, f"cannot write: {exc.strerror or exc}") from None
