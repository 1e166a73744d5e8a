"""Hostile inputs, class `pdfs`: what `assess extract` may be handed instead of a report.

PDFs are built here, byte by byte, so each case says exactly what is odd about it. Every case
gives the right attachment or a one-line error naming the file, with exit status 2; never an
internal error (70) and never a hang. Cases that could exhaust memory or loop on a broken build
run in a child process with a memory ceiling and a timeout that guards against a hang only.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from assess.errors import AssessError
from assess.report.extract import MAX_DECODED_BYTES, MAX_NAME_TREE_DEPTH, MAX_PDF_BYTES, extract_assessment
from tests.conftest import ROOT

ASSESSMENT = b"schema: assess/assessment@1\ntitle: Hostile PDFs\n"
HANG_GUARD_SECONDS = 120
TOO_MUCH = "damaged PDF: its streams decompress to more than a limit allows (32 MiB a stream, 64 MiB in all)"


def _limit_memory() -> None:
    ceiling = 1024 * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):  # some systems (macOS) refuse an address-space limit
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def extract_in_child(path: Path) -> tuple[int, bytes, str]:
    """`assess extract PATH` in a child capped at 1 GiB of memory: (status, stdout, stderr)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "assess", "extract", str(path)], env=env, capture_output=True,
                          timeout=HANG_GUARD_SECONDS, preexec_fn=_limit_memory, check=False)
    return done.returncode, done.stdout, done.stderr.decode()


def stream(data: bytes, extra: bytes = b"", *, compress: bool = True) -> bytes:
    body = zlib.compress(data) if compress else data
    flate = b" /Filter /FlateDecode" if compress else b""
    return (b"<< /Type /EmbeddedFile /Length %d%s %s >>\nstream\n" % (len(body), flate, extra)
            + body + b"\nendstream")


def checksum(data: bytes) -> bytes:
    return b"/Params << /CheckSum <" + hashlib.md5(data, usedforsecurity=False).hexdigest().encode() + b"> >>"


def filespec(name: str, stream_number: int) -> bytes:
    return b"<< /Type /Filespec /F (%s) /UF (%s) /EF << /F %d 0 R >> >>" % (name.encode(), name.encode(),
                                                                          stream_number)


def build(objects: dict[int, bytes], trailer: bytes = b"/Root 1 0 R") -> bytes:
    """A PDF with these objects, a correct cross-reference table and this trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer, xref)
    return bytes(out)


def catalog(names_tree: int) -> dict[int, bytes]:
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles %d 0 R >> >>" % names_tree,
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
    }


def report_like(data: bytes = ASSESSMENT, params: bytes | None = None) -> bytes:
    return build({**catalog(4), 4: b"<< /Names [(assessment.yaml) 5 0 R] >>", 5: filespec("assessment.yaml", 6),
                  6: stream(data, checksum(data) if params is None else params)})


def write(tmp_path: Path, data: bytes, name: str = "r.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def error(path: Path) -> str:
    with pytest.raises(AssessError) as raised:
        extract_assessment(path)
    return str(raised.value)


def test_a_plain_attachment_is_read(tmp_path: Path) -> None:
    assert extract_assessment(write(tmp_path, report_like())) == ASSESSMENT


def test_a_flate_bomb_is_refused_without_inflating_it(tmp_path: Path) -> None:
    squeezer = zlib.compressobj(9)
    chunk = bytes(1024 * 1024)
    body = b"".join(squeezer.compress(chunk) for _ in range(256)) + squeezer.flush()  # 256 MiB of zeros
    pdf = build({**catalog(4), 4: b"<< /Names [(assessment.yaml) 5 0 R] >>", 5: filespec("assessment.yaml", 6),
                 6: b"<< /Type /EmbeddedFile /Length %d /Filter /FlateDecode >>\nstream\n" % len(body)
                 + body + b"\nendstream"})
    path = write(tmp_path, pdf)
    code, out, err = extract_in_child(path)
    assert (code, out) == (2, b"")
    assert err == f"{path}:1:1: error: {TOO_MUCH}\n"


def test_an_attachment_at_the_decoded_cap_is_read_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    at_cap = b"#" * MAX_DECODED_BYTES
    assert len(extract_assessment(write(tmp_path, report_like(at_cap)))) == MAX_DECODED_BYTES
    assert error(write(tmp_path, report_like(at_cap + b"#"))) == f"{tmp_path / 'r.pdf'}:1:1: error: {TOO_MUCH}"


def test_a_damaged_attachment_is_refused_by_its_checksum(tmp_path: Path) -> None:
    path = write(tmp_path, report_like(params=checksum(b"something else")))
    assert error(path) == f"{path}:1:1: error: attachment 'assessment.yaml' is damaged (checksum mismatch)"


def test_the_attachment_is_found_among_others_in_a_name_tree_with_kids(tmp_path: Path) -> None:
    other = b"not the assessment"
    pdf = build({**catalog(4),
                 4: b"<< /Kids [7 0 R 8 0 R] >>",
                 7: b"<< /Limits [(a.txt) (a.txt)] /Names [(a.txt) 9 0 R] >>",
                 8: b"<< /Limits [(assessment.yaml) (z.txt)] /Names [(assessment.yaml) 5 0 R (z.txt) 11 0 R] >>",
                 5: filespec("assessment.yaml", 6), 6: stream(ASSESSMENT, checksum(ASSESSMENT)),
                 9: filespec("a.txt", 10), 10: stream(other), 11: filespec("z.txt", 12), 12: stream(other)})
    assert extract_assessment(write(tmp_path, pdf)) == ASSESSMENT


def test_an_incremental_update_gives_the_newest_attachment(tmp_path: Path) -> None:
    first = report_like()
    newer = b"schema: assess/assessment@1\ntitle: Revised\n"
    previous_xref = int(first.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    update = bytearray(first)
    offset = len(update)
    update += b"6 0 obj\n" + stream(newer, checksum(newer)) + b"\nendobj\n"
    xref = len(update)
    update += b"xref\n6 1\n%010d 00000 n \n" % offset
    update += b"trailer\n<< /Size 7 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (previous_xref, xref)
    assert extract_assessment(write(tmp_path, bytes(update))) == newer


def test_an_xref_chain_that_loops_back_on_itself_ends(tmp_path: Path) -> None:
    pdf = report_like()
    xref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    looped = pdf.replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Prev %d >>" % xref)
    code, out, err = extract_in_child(write(tmp_path, looped))
    assert (code, out, err) == (0, ASSESSMENT, "")


def test_a_name_tree_that_contains_itself_ends(tmp_path: Path) -> None:
    pdf = build({**catalog(4), 4: b"<< /Kids [4 0 R 7 0 R] >>", 7: b"<< /Names [(assessment.yaml) 5 0 R] >>",
                 5: filespec("assessment.yaml", 6), 6: stream(ASSESSMENT)})
    assert extract_assessment(write(tmp_path, pdf)) == ASSESSMENT


def _chain(depth: int) -> dict[int, bytes]:
    """A name tree `depth` levels deep, the attachment at the bottom."""
    nodes = {100 + level: b"<< /Kids [%d 0 R] >>" % (101 + level) for level in range(depth - 1)}
    nodes[100 + depth - 1] = b"<< /Names [(assessment.yaml) 5 0 R] >>"
    return {**catalog(100), **nodes, 5: filespec("assessment.yaml", 6), 6: stream(ASSESSMENT)}


def test_a_name_tree_at_the_depth_cap_is_read_and_one_deeper_is_refused(tmp_path: Path) -> None:
    assert extract_assessment(write(tmp_path, build(_chain(MAX_NAME_TREE_DEPTH)))) == ASSESSMENT
    path = write(tmp_path, build(_chain(MAX_NAME_TREE_DEPTH + 1)))
    assert error(path) == (f"{path}:1:1: error: damaged PDF: its list of attachments is nested more than "
                           f"{MAX_NAME_TREE_DEPTH} deep")


def test_deeply_nested_arrays_are_a_located_error(tmp_path: Path) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    pdf = build({**catalog(4), 4: b"<< /Names [(assessment.yaml) 5 0 R] /Junk " + deep + b" >>",
                 5: filespec("assessment.yaml", 6), 6: stream(ASSESSMENT)})
    path = write(tmp_path, pdf)
    code, out, err = extract_in_child(path)
    assert code in (0, 2), err
    assert (out == ASSESSMENT) if code == 0 else (err.startswith(f"{path}:1:1: error: ") and err.count("\n") == 1)


def test_an_encrypted_pdf_is_named_as_one(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = write(tmp_path, report_like(), "plain.pdf")
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt("", "owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    assert error(path) == (f"{path}:1:1: error: the PDF is encrypted, so its attachments cannot be read "
                           "(reports are never encrypted)")


def test_a_pdf_with_no_cross_reference_table_is_a_located_error(tmp_path: Path) -> None:
    path = write(tmp_path, b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
    assert error(path) == f"{path}:1:1: error: damaged PDF: startxref not found"


@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99])
def test_a_truncated_pdf_gives_an_error_or_the_right_attachment(tmp_path: Path, fraction: float) -> None:
    pdf = report_like(ASSESSMENT * 50)
    path = write(tmp_path, pdf[: max(6, int(len(pdf) * fraction))])
    code, out, err = extract_in_child(path)
    if code == 0:
        assert out == ASSESSMENT * 50
    else:
        assert code == 2
        assert err.startswith(f"{path}:1:1: error: ") and err.count("\n") == 1, err


@pytest.mark.parametrize("junk", [b"", b"%PDF-", b"%PDF-1.7\n" + bytes(range(256)) * 40, b"hello"])
def test_garbage_is_a_located_error(tmp_path: Path, junk: bytes) -> None:
    path = write(tmp_path, junk)
    message = error(path)
    assert message.startswith(f"{path}:1:1: error: ") and "\n" not in message


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.pdf")
    code, _, err = extract_in_child(tmp_path / "pipe.pdf")
    assert code == 2
    assert err == f"{tmp_path / 'pipe.pdf'}:1:1: error: is a pipe (FIFO), not a regular PDF file\n"


def test_a_pdf_past_the_size_cap_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(MAX_PDF_BYTES + 1)  # sparse
    assert error(path) == f"{path}:1:1: error: file is larger than 200 MiB"


def build_with_object_streams(plain: dict[int, bytes], packed: dict[int, tuple[int, bytes]], padding: int,
                              pad: bytes = b"x") -> bytes:
    """A PDF whose objects in `packed` (number -> (object stream number, text)) each live alone
    in an object stream padded with `padding` bytes `pad`, and whose cross-references are a stream."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    entries: dict[int, tuple[int, int, int]] = {}
    for number in sorted(plain):
        entries[number] = (1, len(out), 0)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, plain[number])
    for number, (holder, text) in sorted(packed.items()):
        header = b"%d 0\n" % number
        body = zlib.compress(header + text + b"\n" + pad * padding)
        entries[holder] = (1, len(out), 0)
        entries[number] = (2, holder, 0)
        out += (b"%d 0 obj\n<< /Type /ObjStm /N 1 /First %d /Length %d /Filter /FlateDecode >>\nstream\n"
                % (holder, len(header), len(body)) + body + b"\nendstream\nendobj\n")
    size = max(entries) + 2
    xref_number = size - 1
    entries[xref_number] = (1, len(out), 0)
    rows = b"".join(bytes([kind]) + first.to_bytes(4, "big") + second.to_bytes(2, "big")
                    for kind, first, second in (entries.get(n, (0, 0, 0)) for n in range(size)))
    out += (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
            % (xref_number, size, len(rows)) + rows + b"\nendstream\nendobj\n")
    out += b"startxref\n%d\n%%%%EOF\n" % entries[xref_number][1]
    return bytes(out)


def test_object_streams_are_read(tmp_path: Path) -> None:
    pdf = build_with_object_streams(
        {**catalog(4), 6: stream(ASSESSMENT)},
        {4: (40, b"<< /Names [(assessment.yaml) 5 0 R] >>"), 5: (41, filespec("assessment.yaml", 6))}, 0)
    assert extract_assessment(write(tmp_path, pdf)) == ASSESSMENT


def test_many_object_streams_each_under_the_cap_are_refused_in_all(tmp_path: Path) -> None:
    # Four name-tree nodes, each alone in an object stream that inflates to 30 MiB: each is under
    # the cap for one stream, together they pass the cap for the whole file.
    kids = {20 + i: (30 + i, b"<< /Names [(a%d) 5 0 R] >>" % i) for i in range(4)}
    pdf = build_with_object_streams(
        {**catalog(4), 4: b"<< /Kids [20 0 R 21 0 R 22 0 R 23 0 R] >>", 5: filespec("assessment.yaml", 6),
         6: stream(ASSESSMENT)},
        kids, 30 * 1024 * 1024)
    path = write(tmp_path, pdf)
    code, out, err = extract_in_child(path)
    assert (code, out) == (2, b"")
    assert err == f"{path}:1:1: error: {TOO_MUCH}\n"


def test_reading_that_takes_too_long_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # pypdf steps over blanks one byte at a time: 60 MiB of them, inside two object streams each
    # under the caps, is tens of seconds of work. The limit is lowered so the test stays short.
    from assess.report import extract

    monkeypatch.setattr(extract, "MAX_SECONDS", 0.2)
    kids = {20 + i: (30 + i, b"<< /Names [(a%d) 5 0 R] >>" % i) for i in range(2)}
    pdf = build_with_object_streams(
        {**catalog(4), 4: b"<< /Kids [20 0 R 21 0 R] >>", 5: filespec("assessment.yaml", 6), 6: stream(ASSESSMENT)},
        kids, 30 * 1024 * 1024, b" ")
    path = write(tmp_path, pdf)
    assert error(path) == (f"{path}:1:1: error: reading the PDF took longer than 0.2 seconds, so it was stopped "
                           "(a report made by 'assess report' is read in well under a second)")
    assert extract_assessment(write(tmp_path, report_like(), "fine.pdf")) == ASSESSMENT  # the timer is gone
