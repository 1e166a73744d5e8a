"""The assessment attached to a report PDF, read back out.

The PDF is parsed by pypdf, a maintained library that copes with object streams, incremental
updates and damaged cross-reference tables, under caps: the file's size, every stream's
decompressed size (a Flate bomb is refused, not inflated), the embedded-files name tree's depth
and entries. Whatever pypdf raises on a damaged or hostile file becomes a one-line error naming
the file. An embedded file's MD5 checksum, where the PDF records one, is checked, so a damaged
attachment is an error rather than a silently wrong answer. The caps are listed in docs/limits.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import signal
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assess.errors import AssessError
from assess.files import MiB, read_user_file, size_text
from assess.report.pdf import ATTACHMENT_NAME

MAX_PDF_BYTES = 200 * MiB
MAX_DECODED_BYTES = 32 * MiB  # any one stream, decompressed; an assessment is at most 5 MiB
MAX_TOTAL_DECODED_BYTES = 64 * MiB  # all streams read, decompressed
_OUTPUT_LIMITS = ("zlib_maximum_output_length", "lzw_maximum_output_length", "run_length_maximum_output_length",
                  "brotli_maximum_output_length")
MAX_SECONDS = 20.0  # a report's attachment is read in a tenth of a second
MAX_NAME_TREE_DEPTH = 32
MAX_ATTACHMENTS = 1000


# pypdf logs what it repairs; with no handler, Python would print those lines on stderr.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


_TOO_MUCH = (f"its streams decompress to more than a limit allows ({size_text(MAX_DECODED_BYTES)} a stream, "
             f"{size_text(MAX_TOTAL_DECODED_BYTES)} in all)")


class _Damaged(Exception):
    """A PDF that parses but does not hold together; the message says how."""


class _OutOfTime(BaseException):
    """Not an Exception, so that pypdf's own `except Exception` repairs cannot swallow it."""


def attachments(pdf: bytes, only: str | None = None, budget: int = MAX_TOTAL_DECODED_BYTES) -> dict[str, bytes]:
    """Every embedded file in the PDF by name, or only the one named `only`; no other is
    decompressed. Raises _Damaged, or whatever pypdf raises; `extract_assessment` turns both
    into errors."""
    from pypdf import PdfReader

    with _decoding_budget(budget), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(io.BytesIO(pdf), strict=False)
        if reader.is_encrypted:
            raise _Damaged("the PDF is encrypted, so its attachments cannot be read (reports are never encrypted)")
        catalog: Any = reader.trailer["/Root"].get_object()
        names: Any = catalog.get("/Names")
        tree = names.get_object().get("/EmbeddedFiles") if names is not None else None
        wanted = {name: spec for name, spec in _name_tree(tree) if only is None or name == only}
        found: dict[str, bytes] = {}
        for name, spec in wanted.items():
            data = _embedded_file(name, spec)
            if data is not None:
                found[name] = data
        return found


@contextlib.contextmanager
def _decoding_budget(budget: int = MAX_TOTAL_DECODED_BYTES) -> Iterator[None]:
    """pypdf's limits, and one it lacks: the total decompressed across the whole file. Without
    it, a file could spread its objects over many object streams, each a bomb just under the
    per-stream cap, and pypdf keeps every decoded stream. pypdf looks `decode_stream_data` up
    on its filters module at each call, so it is wrapped there for the duration."""
    import pypdf.filters
    from pypdf import apply_configuration

    original = pypdf.filters.decode_stream_data
    remaining = budget

    def bounded(stream: Any) -> bytes:
        nonlocal remaining
        cap = min(MAX_DECODED_BYTES, remaining + 1)
        limits: dict[str, Any] = {name: cap for name in _OUTPUT_LIMITS}
        with apply_configuration(stream_decoding_work_maximum_length=4 * MAX_DECODED_BYTES, **limits):
            data = original(stream)
        remaining -= len(data)
        if remaining < 0:
            raise _Damaged(f"damaged PDF: {_TOO_MUCH}")
        return data

    pypdf.filters.decode_stream_data = bounded
    try:
        with apply_configuration(disable_legacy_handling=True):
            yield
    finally:
        pypdf.filters.decode_stream_data = original


def extract_assessment(path: Path) -> bytes:
    """The `assessment.yaml` attached to the report at `path`."""
    return extract_all(path, with_evidence=False)[ATTACHMENT_NAME]


def extract_all(path: Path, with_evidence: bool) -> dict[str, bytes]:
    """The `assessment.yaml` attached to the report at `path`, and with `with_evidence` every other
    attachment too (decompressed within a budget that allows for an assessment's evidence files)."""

    shown = str(path)
    return attachments_in(read_user_file(path, shown, "PDF", MAX_PDF_BYTES), shown, with_evidence)


def assessment_in(data: bytes, shown: str) -> bytes:
    """The `assessment.yaml` attached to the report PDF `data` (named `shown` in errors)."""
    return attachments_in(data, shown, with_evidence=False)[ATTACHMENT_NAME]


def attachments_in(data: bytes, shown: str, with_evidence: bool) -> dict[str, bytes]:
    """The attachments of the report PDF `data`, as `extract_all` reads them from a file."""
    from assess.evidence_files import MAX_ASSESSMENT_FILE_BYTES

    if not data.startswith(b"%PDF-"):
        raise AssessError.at(shown, "not a PDF file")
    try:
        with _time_limit(MAX_SECONDS):
            if with_evidence:
                found = attachments(data, budget=MAX_TOTAL_DECODED_BYTES + MAX_ASSESSMENT_FILE_BYTES)
            else:
                found = attachments(data, only=ATTACHMENT_NAME)
    except _OutOfTime:
        raise AssessError.at(shown, f"reading the PDF took longer than {MAX_SECONDS:g} seconds, so it was stopped",
                             hint="a report made by 'assess report' is read in well under a second") from None
    except _Damaged as exc:
        raise AssessError.at(shown, str(exc)) from None
    except RecursionError:
        raise AssessError.at(shown, "damaged PDF: objects nested too deeply") from None
    except Exception as exc:  # noqa: BLE001 - a hostile PDF can make a parser raise anything
        raise AssessError.at(shown, f"damaged PDF: {_reason(exc)}") from None
    if ATTACHMENT_NAME not in found:
        raise AssessError.at(shown, f"no '{ATTACHMENT_NAME}' attached to this PDF",
                             hint="only reports made by 'assess report' carry their assessment")
    return found


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop the work inside after `seconds` of wall time. The caps on sizes bound the work, but
    pypdf reads some runs of bytes one at a time (a long run of blanks takes seconds per
    megabyte), so a timer backs them up. It needs SIGALRM and the main thread, which is where
    the command line runs; elsewhere the caps alone apply."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def out_of_time(signum: int, frame: Any) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, out_of_time)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _name_tree(root: Any) -> Iterator[tuple[str, Any]]:
    """The (name, value) pairs of a PDF name tree, walked without recursion and with caps, so a
    tree that loops or fans out endlessly is refused."""
    if root is None:
        return
    pending: list[tuple[Any, int]] = [(root, 1)]
    seen: set[int] = set()
    count = 0
    while pending:
        node, depth = pending.pop()
        node = node.get_object()
        if id(node) in seen or not hasattr(node, "get"):
            continue
        seen.add(id(node))
        if depth > MAX_NAME_TREE_DEPTH:
            raise _Damaged(f"damaged PDF: its list of attachments is nested more than {MAX_NAME_TREE_DEPTH} deep")
        pairs = node.get("/Names") or []
        for i in range(0, len(pairs) - 1, 2):
            count += 1
            if count > MAX_ATTACHMENTS:
                raise _Damaged(f"the PDF lists more than {MAX_ATTACHMENTS} attachments")
            yield str(pairs[i].get_object()), pairs[i + 1]
        pending.extend((kid, depth + 1) for kid in reversed(node.get("/Kids") or []))


def _embedded_file(name: str, spec: Any) -> bytes | None:
    spec = spec.get_object()
    files = spec.get("/EF") if hasattr(spec, "get") else None
    if files is None:
        return None
    files = files.get_object()
    stream = (files.get("/UF") or files.get("/F"))
    if stream is None:
        return None
    stream = stream.get_object()
    data = stream.get_data()
    if len(data) > MAX_DECODED_BYTES:
        raise _Damaged(f"attachment '{name}' is larger than {size_text(MAX_DECODED_BYTES)}")
    params = stream.get("/Params")
    checksum = params.get_object().get("/CheckSum") if params is not None else None
    if checksum is not None and hashlib.md5(data, usedforsecurity=False).digest() != _raw_bytes(checksum):
        raise _Damaged(f"attachment '{name}' is damaged (checksum mismatch)")
    return bytes(data)


def _raw_bytes(value: Any) -> bytes:
    """A PDF string's bytes as written (pypdf may have decoded them as text)."""
    original = getattr(value, "original_bytes", None)
    if isinstance(original, bytes):
        return original
    return bytes(value) if isinstance(value, bytes) else str(value).encode("latin-1", "replace")


def _reason(exc: Exception) -> str:
    """pypdf's message, cut to one short line."""
    from pypdf.errors import LimitReachedError

    if isinstance(exc, LimitReachedError):
        return _TOO_MUCH
    if isinstance(exc, KeyError):
        return f"required entry {exc.args[0] if exc.args else ''} is missing"
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"
