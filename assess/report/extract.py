"""The assessment attached to a report PDF, read back out.

Only the PDF structures this tool writes (through WeasyPrint and pydyf) need to be
read: indirect objects, object streams, Flate-compressed streams, file
specifications and embedded-file streams. The embedded file's MD5 checksum is
checked, so a damaged attachment is an error rather than a silently wrong answer.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from pathlib import Path

from assess.errors import AssessError
from assess.report.pdf import ATTACHMENT_NAME

_OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_STREAM_DICT = re.compile(rb"\s*<<(.*?)>>\s*stream\r?\n", re.S)
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_REF = re.compile(rb"/EF\s*<<\s*/F\s+(\d+)\s+\d+\s+R")
_CHECKSUM = re.compile(rb"/CheckSum\s*<([0-9A-Fa-f]+)>")
MAX_PDF_BYTES = 200 * 1024 * 1024


def attachments(pdf: bytes) -> dict[str, bytes]:
    """Every embedded file in the PDF, by name."""
    objects: dict[int, bytes] = {}  # object number -> dictionary text (streams: the dictionary only)
    raw_streams: dict[int, bytes] = {}  # object number -> stream data as stored
    position = 0
    while (match := _OBJ.search(pdf, position)) is not None:
        number = int(match.group(1))
        end_obj = pdf.find(b"endobj", match.end())
        head = _STREAM_DICT.match(pdf, match.end())
        if head is not None and (end_obj < 0 or head.start(1) < end_obj):
            dictionary = head.group(1)
            length = _LENGTH.search(dictionary)
            if length is None:
                position = head.end()
                continue
            raw = pdf[head.end(): head.end() + int(length.group(1))]
            objects[number], raw_streams[number] = dictionary, raw
            if b"/ObjStm" in dictionary:
                objects.update(_object_stream(dictionary, _decode(dictionary, raw)))
            position = head.end() + len(raw)
        elif end_obj >= 0:
            objects.setdefault(number, pdf[match.end(): end_obj])
            position = end_obj
        else:
            break
    found: dict[str, bytes] = {}
    for body in objects.values():
        if b"/Filespec" not in body:
            continue
        name, ref = _filename(body), _REF.search(body)
        if name is None or ref is None or int(ref.group(1)) not in raw_streams:
            continue
        target = int(ref.group(1))
        data = _decode(objects[target], raw_streams[target])
        checksum = _CHECKSUM.search(objects[target])
        if checksum and hashlib.md5(data, usedforsecurity=False).hexdigest() != checksum.group(1).decode().lower():
            raise ValueError(f"attachment '{name}' is damaged (checksum mismatch)")
        found[name] = data
    return found


def extract_assessment(path: Path) -> bytes:
    """The `assessment.yaml` attached to the report at `path`."""
    try:
        if path.stat().st_size > MAX_PDF_BYTES:
            raise AssessError.at(str(path), "file too large to be a report")
        data = path.read_bytes()
    except OSError as exc:
        raise AssessError.at(str(path), exc.strerror or "cannot read file") from None
    if not data.startswith(b"%PDF-"):
        raise AssessError.at(str(path), "not a PDF file")
    try:
        found = attachments(data)
    except (ValueError, zlib.error) as exc:
        raise AssessError.at(str(path), str(exc)) from None
    if ATTACHMENT_NAME not in found:
        raise AssessError.at(str(path), f"no '{ATTACHMENT_NAME}' attached to this PDF",
                             hint="only reports made by 'assess report' carry their assessment")
    return found[ATTACHMENT_NAME]


def _decode(dictionary: bytes, raw: bytes) -> bytes:
    if b"/FlateDecode" in dictionary:
        return zlib.decompress(raw)
    return raw


def _object_stream(dictionary: bytes, data: bytes) -> dict[int, bytes]:
    count = re.search(rb"/N\s+(\d+)", dictionary)
    first = re.search(rb"/First\s+(\d+)", dictionary)
    if count is None or first is None:
        return {}
    start = int(first.group(1))
    header = data[:start].split()
    pairs = [(int(header[i]), int(header[i + 1])) for i in range(0, min(len(header), 2 * int(count.group(1))), 2)]
    found: dict[int, bytes] = {}
    for i, (number, offset) in enumerate(pairs):
        end = pairs[i + 1][1] if i + 1 < len(pairs) else len(data) - start
        found[number] = data[start + offset: start + end]
    return found


def _filename(body: bytes) -> str | None:
    for key in (rb"/UF", rb"/F"):
        match = re.search(re.escape(key) + rb"\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)", body)
        if match:
            return _pdf_string(match.group(1))
    return None


def _pdf_string(token: bytes) -> str:
    if token.startswith(b"<"):
        raw = bytes.fromhex(token[1:-1].decode("ascii"))
    else:
        raw = re.sub(rb"\\([nrtbf()\\]|[0-7]{1,3})", _unescape, token[1:-1])
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be")
    return raw.decode("latin-1")


def _unescape(match: re.Match[bytes]) -> bytes:
    code = match.group(1)
    table = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}
    if code in table:
        return table[code]
    return bytes([int(code, 8) & 0xFF])
