"""An XLSX workbook from someone else, checked by what it inflates to before openpyxl parses any of it.

An XLSX file is a zip of XML parts. A few kilobytes can declare gigabytes (a zip bomb), and XML can declare a
document type whose entities expand without end. So before anything is parsed: the zip's table of contents is
read (`infolist`, which decompresses nothing), its entry count and total uncompressed size are bounded, and every
XML part is streamed, in chunks and within that total, looking for a DTD, which a spreadsheet never needs.
Python's zipfile returns no more than an entry's declared size, so a header that under-states its entry cannot
make a read go past the total (the entry then fails its CRC check, and is refused as damaged).
"""

from __future__ import annotations

import io
import re
import zipfile

from assess.errors import AssessError

MAX_ENTRIES = 1_000  # a workbook holds a few dozen parts
MAX_INFLATED_BYTES = 64 * 1024 * 1024  # all parts uncompressed; a plan of 10,000 rows takes a few MiB
# XML elements in all parts: what parsing costs memory (openpyxl keeps every shared string, and a row's cells, as
# Python objects), and a few bytes each. A plan's row of 11 cells takes about 50; an export of 10,000 rows, 500,000.
MAX_ELEMENTS = 1_000_000
CHUNK = 64 * 1024
_ELEMENT_START = re.compile(rb"<[A-Za-z_]")
# A DTD (and so any entity) starts with "<!DOCTYPE"; "<!ENTITY" can only appear inside one. Checked in any case,
# and a part in UTF-16 or UTF-32 (which would hide the bytes) is refused: Excel and LibreOffice write UTF-8.
_MARKERS = (b"<!doctype", b"<!entity")
_WIDE_STARTS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<", b"\x00\x00")


def check_xlsx(data: bytes, name: str) -> None:
    """Refuses (AssessError located at `name`) a workbook that is not a zip, holds too many parts, inflates past
    MAX_INFLATED_BYTES, or declares a DTD in any XML part; returns when openpyxl may read it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise AssessError.at(name, "not a readable .xlsx workbook (not a zip archive)",
                             hint="save the sheet as an Excel workbook (.xlsx) or as CSV") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise AssessError.at(name, f"the workbook holds {len(entries):,} parts, more than {MAX_ENTRIES:,}: "
                                 "not a spreadsheet")
        declared = sum(entry.file_size for entry in entries)
        if declared > MAX_INFLATED_BYTES:
            raise AssessError.at(name, f"the workbook inflates to {declared // (1024 * 1024):,} MiB, more than "
                                 f"{MAX_INFLATED_BYTES // (1024 * 1024)} MiB: not an action plan")
        elements = 0
        for entry in entries:
            if entry.flag_bits & 0x1:
                raise AssessError.at(name, f"part '{_shown(entry.filename)}' is encrypted")
            if entry.filename.lower().endswith((".xml", ".rels", ".vml")) or "." not in entry.filename:
                elements += _check_xml(archive, entry, name, MAX_ELEMENTS - elements)


def _check_xml(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str, allowed: int) -> int:
    """The number of elements in one XML part, after refusing a DTD, a wide encoding, or more than `allowed`."""
    part = _shown(entry.filename)
    tail = b""
    first = True
    elements = 0
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(CHUNK):
                if first and chunk.startswith(_WIDE_STARTS):
                    raise AssessError.at(name, f"part '{part}' is not UTF-8 XML")
                first = False
                window = (tail + chunk).lower()
                if any(marker in window for marker in _MARKERS):
                    raise AssessError.at(name, f"part '{part}' declares a DTD (<!DOCTYPE>), which a "
                                         "spreadsheet never needs: refused")
                # Elements are counted in the window less the tail already counted: none is counted twice.
                elements += len(_ELEMENT_START.findall(window, max(len(tail) - 1, 0)))
                if elements > allowed:
                    raise AssessError.at(name, f"the workbook holds more than {MAX_ELEMENTS:,} XML elements: not "
                                         "an action plan")
                tail = window[-16:]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
        # A bad CRC, an unsupported compression method, a truncated entry: damaged, whichever it is.
        raise AssessError.at(name, f"part '{part}' is damaged ({type(exc).__name__})") from None
    return elements


def _shown(filename: str) -> str:
    """A part's name as a message quotes it: printable, and short."""
    clean = "".join(c if c.isprintable() else "?" for c in filename)
    return clean if len(clean) <= 60 else clean[:60] + "..."
