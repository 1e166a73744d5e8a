"""Documents attached to answers as evidence: which kinds are accepted, checked by their content, and their
names made safe to show and to write.

A file is accepted only when its bytes are one of the kinds below and agree with its name's extension: a PNG
named `.pdf`, an HTML page named `.txt` or a program named `.docx` is refused. The check reads the content
(the first bytes, and for office documents the zip's own table of contents), never the name alone or what a
browser said the type was. Files are kept and handed back as they are; nothing here opens, renders or runs
them. The limits are in docs/limits.md.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from assess.errors import AssessError
from assess.files import MiB, size_text
from assess.model import EvidenceFile

MAX_FILE_BYTES = 20 * MiB  # one file
MAX_ASSESSMENT_FILE_BYTES = 100 * MiB  # all the files of one assessment, counted once each
MAX_NAME_LENGTH = 120  # characters of a sanitised name, extension included
MAX_OFFICE_ENTRIES = 5_000  # entries in an office document's zip (a real one has tens)

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
TEXT = "text/plain"
CSV = "text/csv"

# The accepted extensions and the kind each must hold.
EXTENSIONS: dict[str, str] = {
    ".pdf": PDF, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG, ".docx": DOCX, ".xlsx": XLSX, ".odt": ODT,
    ".ods": ODS, ".txt": TEXT, ".csv": CSV,
}
# The usual extension of each kind, for a file whose name has none we can use.
PREFERRED_EXTENSION: dict[str, str] = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx", XLSX: ".xlsx",
                                       ODT: ".odt", ODS: ".ods", TEXT: ".txt", CSV: ".csv"}
KIND_NAMES: dict[str, str] = {PDF: "PDF document", PNG: "PNG image", JPEG: "JPEG image", DOCX: "Word document",
                              XLSX: "Excel workbook", ODT: "OpenDocument text", ODS: "OpenDocument spreadsheet",
                              TEXT: "plain text", CSV: "CSV table"}
ACCEPTED = ", ".join(EXTENSIONS)
EVIDENCE_ATTACHMENT_PREFIX = "evidence-"  # what a report PDF names the files it carries

# Text that a browser or another program would take for markup or a script, refused even under .txt or .csv.
_MARKUP = re.compile(rb"^\s*(<\?xml|<!doctype|<html|<svg|<script|<head|<body|<iframe|<!--|#!)", re.IGNORECASE)
_TEXT_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_ODF_MIMETYPES = {b"application/vnd.oasis.opendocument.text": ODT,
                  b"application/vnd.oasis.opendocument.spreadsheet": ODS}


@dataclass(frozen=True)
class Checked:
    """An accepted file: its reference (as an answer records it) and its bytes."""

    ref: EvidenceFile
    data: bytes


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_file(data: bytes, name: str, where: str | None = None) -> Checked:
    """`data`, uploaded under `name`, if it is an accepted kind that matches its extension and is within the
    size limit; else AssessError naming the file (or `where`) and saying why."""
    shown = where or safe_name(name)
    if len(data) > MAX_FILE_BYTES:
        raise AssessError.at(shown, f"the file is larger than {size_text(MAX_FILE_BYTES)}",
                             hint="split it, or link to where it is kept in the evidence text instead")
    if not data:
        raise AssessError.at(shown, "the file is empty")
    clean = safe_name(name)
    extension = PurePosixPath(clean).suffix.lower()
    claimed = EXTENSIONS.get(extension)
    if claimed is None:
        raise AssessError.at(shown, f"files named '{extension or '(no extension)'}' are not accepted as evidence",
                             hint=f"accepted: {ACCEPTED}")
    found = sniff(data)
    if found == TEXT and claimed == CSV:
        found = CSV  # the same content: the name says which
    if found is None:
        raise AssessError.at(shown, f"the content is not {_a(KIND_NAMES[claimed])} (nor any accepted kind)",
                             hint=f"accepted: {ACCEPTED}; text must be UTF-8, not markup or a script")
    if found != claimed:
        raise AssessError.at(shown, f"the content is {_a(KIND_NAMES[found])}, not {_a(KIND_NAMES[claimed])} as its "
                             f"name says ({extension})", hint=f"rename it {PREFERRED_EXTENSION[found]} if that is "
                             "what it is")
    ref = EvidenceFile(sha256=sha256_of(data), name=clean, media_type=found, size=len(data))
    return Checked(ref, data)


def check_content(data: bytes, ref: EvidenceFile, where: str) -> None:
    """That `data` is the file `ref` describes: its hash, its size, and its kind by content (a file read back
    from a bundle, a folder or a PDF, whose name has already been through `check_file` once)."""
    if len(data) > MAX_FILE_BYTES:
        raise AssessError.at(where, f"the file is larger than {size_text(MAX_FILE_BYTES)}")
    if sha256_of(data) != ref.sha256:
        raise AssessError.at(where, "the file's content does not match its hash (damaged or altered)")
    found = sniff(data)
    if found == TEXT and ref.media_type == CSV:
        found = CSV
    if found != ref.media_type or len(data) != ref.size:
        raise AssessError.at(where, f"the file is not the {KIND_NAMES.get(ref.media_type, ref.media_type)} of "
                             f"{ref.size:,} bytes its reference says")


def _a(kind: str) -> str:
    return kind if kind.startswith("plain") else ("an " if kind[0] in "AEIOU" else "a ") + kind


def sniff(data: bytes) -> str | None:
    """The accepted kind the bytes are, by their content; None for anything else. Plain text and CSV are one
    kind of content: the name decides between them."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    return TEXT if _is_plain_text(data) else None


def _office_kind(data: bytes) -> str | None:
    """A Word or Excel document, or an OpenDocument text or spreadsheet, by the zip's table of contents;
    a document carrying macros is not accepted."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_OFFICE_ENTRIES:
                return None
            names = {info.filename for info in infos}
            if any(n.lower().endswith("vbaproject.bin") or n.lower().startswith("basic/") for n in names):
                return None  # macros: a .docm or .xlsm under another name, or an ODF with Basic
            first = infos[0] if infos else None
            if first is not None and first.filename == "mimetype" and first.file_size <= 100:
                return _ODF_MIMETYPES.get(archive.read(first).strip())
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, ValueError, EOFError):
        return None
    return None


def _is_plain_text(data: bytes) -> bool:
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not _TEXT_CONTROLS.search(body) and not _MARKUP.match(body)


_SEPARATORS = re.compile(r"[/\\]")
_UNSAFE_IN_NAMES = re.compile(r'[<>:"|?*]')


def safe_name(name: str) -> str:
    """A file name fit to show and to write: its last path component, without control, format (bidi,
    zero-width) or separator characters, without leading dots, at most MAX_NAME_LENGTH characters with the
    extension kept. Never empty."""
    text = unicodedata.normalize("NFC", name)
    text = _SEPARATORS.split(text)[-1]
    text = "".join(" " if unicodedata.category(c) == "Zs" else c for c in text
                   if unicodedata.category(c)[0] != "C" and unicodedata.category(c) not in ("Zl", "Zp"))
    text = _UNSAFE_IN_NAMES.sub("_", text)
    text = " ".join(text.split()).strip(" .")
    if not text:
        return "file"
    if len(text) > MAX_NAME_LENGTH:
        suffix = PurePosixPath(text).suffix
        suffix = suffix if len(suffix) <= 10 else ""
        text = text[: MAX_NAME_LENGTH - len(suffix)].rstrip(" .") + suffix
    return text


def download_name(ref: EvidenceFile) -> str:
    """The name to hand a file back under: its sanitised name, with the extension of what it holds."""
    name = safe_name(ref.name)
    wanted = PREFERRED_EXTENSION.get(ref.media_type, "")
    if EXTENSIONS.get(PurePosixPath(name).suffix.lower()) != ref.media_type:
        name += wanted
    return name


def content_disposition(name: str) -> str:
    """`attachment` with the name both as plain ASCII (for old clients) and as UTF-8 (RFC 6266/5987)."""
    clean = safe_name(name)
    ascii_name = "".join(c if 32 <= ord(c) < 127 and c not in '"\\;%' else "_" for c in clean)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(clean, safe='')}"


# What every download of an evidence file carries: never shown inline, never sniffed, and sandboxed with
# nothing allowed should a browser show it anyway.
DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-store",
}


def size_label(size: int) -> str:
    """A file's size as a reader would say it: 840 bytes, 12.5 KiB, 3.2 MiB."""
    if size < 1024:
        return f"{size} bytes"
    if size < MiB:
        return f"{size / 1024:.1f} KiB"
    return f"{size / MiB:.1f} MiB"


def short_hash(sha256: str) -> str:
    return sha256[:12]


def kind_name(media_type: str) -> str:
    return KIND_NAMES.get(media_type, media_type)


def files_from_dir(refs: Mapping[str, EvidenceFile], directory: Path) -> dict[str, bytes]:
    """The referenced files from `directory`, where each is named by its SHA-256 (as in a bundle's files/):
    every one present, its bytes hashing to its name, its content the kind its reference says."""
    from assess.files import read_user_file

    found: dict[str, bytes] = {}
    for digest, ref in sorted(refs.items()):
        path = directory / digest
        shown = str(path)
        if not path.exists():
            raise AssessError.at(shown, f"missing: an answer references '{safe_name(ref.name)}' by this hash",
                                 hint="name each file by its SHA-256, as in a bundle's files/ folder")
        data = read_user_file(path, shown, "evidence", MAX_FILE_BYTES)
        check_content(data, ref, shown)
        found[digest] = data
    return found
