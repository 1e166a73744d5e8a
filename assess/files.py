"""Reading a file the user named: bounded, never blocking, with one-line errors instead of tracebacks.

Every input goes through `read_user_file`. It opens without blocking (a FIFO with no writer
would otherwise hang the open), refuses anything that is not a regular file before reading a
byte (`/dev/zero`, a terminal, a socket, a FIFO), and reads at most `limit + 1` bytes whatever
`stat` claims, so a file that grows while it is read, or lies about its size, still stops at the
limit. The limits are listed in docs/limits.md.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from assess.errors import AssessError

MiB = 1024 * 1024
_CHUNK = 1024 * 1024


def read_user_file(path: Path, shown: str, kind: str, limit: int) -> bytes:
    """The file's bytes; `kind` ("YAML", "JSON", "PDF") says what was expected, for the error;
    more than `limit` bytes is refused."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise AssessError.at(shown, "no such file") from None
    except IsADirectoryError:
        raise AssessError.at(shown, f"is a directory, not a {kind} file") from None
    except OSError as exc:
        raise AssessError.at(shown, f"cannot read file: {_reason(exc)}") from None
    try:
        return _read_regular(fd, shown, kind, limit)
    except OSError as exc:
        raise AssessError.at(shown, f"cannot read file: {_reason(exc)}") from None
    finally:
        os.close(fd)


def too_large(shown: str, limit: int, what: str = "file") -> AssessError:
    return AssessError.at(shown, f"{what} is larger than {size_text(limit)}")


def size_text(limit: int) -> str:
    return f"{limit // MiB} MiB" if limit % MiB == 0 else f"{limit} bytes"


def _read_regular(fd: int, shown: str, kind: str, limit: int) -> bytes:
    mode = os.fstat(fd).st_mode
    if stat.S_ISDIR(mode):
        raise AssessError.at(shown, f"is a directory, not a {kind} file")
    if not stat.S_ISREG(mode):
        raise AssessError.at(shown, f"is {_file_type(mode)}, not a regular {kind} file")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)  # a regular file never blocks; undo O_NONBLOCK for plain reads
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise too_large(shown, limit)
    return b"".join(chunks)


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links (a symlink loop?)"
    return exc.strerror or str(exc)
