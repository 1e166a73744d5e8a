"""Evidence files: accepted by their content, never by their name alone; sizes capped; names made safe; the
answers' hash unchanged for answers without files; bundles read strictly and round-tripped."""

from __future__ import annotations

import io
import zipfile

import pytest

from assess.bundle import MAX_ENTRIES, read_bundle, write_bundle
from assess.errors import AssessError
from assess.evidence_files import MAX_FILE_BYTES, check_file, content_disposition, safe_name, sha256_of
from assess.fingerprint import answers_sha256
from assess.model import Answer, Assessment
from tests import evidence_support as make


@pytest.mark.parametrize(("name", "data", "media_type"), [
    ("minutes.pdf", make.pdf(), "application/pdf"),
    ("photo.png", make.png(), "image/png"),
    ("photo.JPG", make.JPEG, "image/jpeg"),
    ("letter.docx", make.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("letter.odt", make.odt(), "application/vnd.oasis.opendocument.text"),
    ("absence.csv", make.CSV, "text/csv"),
    ("absence.txt", make.CSV, "text/plain"),
])
def test_each_accepted_kind_is_recognised_by_its_content(name: str, data: bytes, media_type: str) -> None:
    checked = check_file(data, name)
    assert checked.ref.media_type == media_type
    assert checked.ref.sha256 == sha256_of(data) and checked.ref.size == len(data)


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("minutes.pdf", make.png(), "the content is a PNG image, not a PDF document as its name says (.pdf)"),
    ("photo.png", make.pdf(), "the content is a PDF document, not a PNG image"),
    ("notes.txt", make.HTML, "the content is not plain text"),
    ("drawing.txt", make.SVG, "the content is not plain text"),
    ("run.txt", make.SCRIPT, "the content is not plain text"),
    ("page.html", make.HTML, "files named '.html' are not accepted"),
    ("drawing.svg", make.SVG, "files named '.svg' are not accepted"),
    ("letter.docx", make.docx(macros=True), "the content is not a Word document"),
    ("letter.docx", b"PK\x03\x04 not really a zip", "the content is not a Word document"),
    ("binary.txt", b"\x00\x01\x02binary", "the content is not plain text"),
    ("empty.pdf", b"", "the file is empty"),
    ("noextension", make.pdf(), "files named '(no extension)' are not accepted"),
])
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(AssessError) as caught:
        check_file(data, name)
    assert reason in str(caught.value)
    assert str(caught.value).startswith(f"{safe_name(name)}:1:1: error: ")


def test_the_size_cap_is_exact() -> None:
    at_limit = b"a" * MAX_FILE_BYTES
    assert check_file(at_limit, "big.txt").ref.size == MAX_FILE_BYTES
    with pytest.raises(AssessError, match="larger than 20 MiB"):
        check_file(at_limit + b"a", "big.txt")


@pytest.mark.parametrize(("given", "expected"), [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("C:\\Users\\x\\minutes.pdf", "minutes.pdf"),
    ("invoice\u202etxt.exe", "invoicetxt.exe"),  # the right-to-left override is removed
    ("a\x00b\nc.txt", "abc.txt"),
    ("...hidden.txt", "hidden.txt"),
    ('say "hi".txt', "say _hi_.txt"),
    ("\u200b", "file"),
])
def test_names_are_made_safe(given: str, expected: str) -> None:
    assert safe_name(given) == expected


def test_a_very_long_name_is_cut_keeping_its_extension() -> None:
    name = safe_name("x" * 5000 + ".pdf")
    assert len(name) == 120 and name.endswith(".pdf")


def test_the_download_header_carries_no_quote_or_newline() -> None:
    header = content_disposition('evil"\r\nSet-Cookie: a=b;.pdf')
    assert "\r" not in header and "\n" not in header
    assert header.startswith('attachment; filename="evil_Set-Cookie_ a=b_.pdf"; filename*=UTF-8\'\'')


ASSESSMENT = {
    "schema": "assess/assessment@1", "title": "Pilot", "subject": {"organisation": "Force", "system": "Analytics"},
    "frameworks": {"mini": {"version": "1.0"}}, "answers": {"mini": {"objective": {"answer": "general"}}},
}


def test_an_answer_without_files_keeps_its_hash_and_one_with_files_changes_it() -> None:
    plain = Assessment.model_validate(ASSESSMENT)
    empty = Assessment.model_validate({**ASSESSMENT, "answers": {"mini": {"objective": {"answer": "general",
                                                                                       "files": []}}}})
    assert answers_sha256(empty) == answers_sha256(plain)
    ref = check_file(make.pdf(), "minutes.pdf").ref
    with_file = {"answer": "general", "files": [ref.model_dump()]}
    attached = Assessment.model_validate({**ASSESSMENT, "answers": {"mini": {"objective": with_file}}})
    assert answers_sha256(attached) != answers_sha256(plain)  # files are evidence, as `evidence` text is


def test_a_file_attached_twice_to_one_answer_is_refused() -> None:
    ref = check_file(make.pdf(), "minutes.pdf").ref.model_dump()
    with pytest.raises(ValueError, match="attached twice"):
        Answer.model_validate({"files": [ref, ref]})


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_bundle_reads_back_what_was_written() -> None:
    data = make.pdf()
    bundle = read_bundle(write_bundle("schema: x\n", {sha256_of(data): data}), "b.zip")
    assert bundle.yaml == b"schema: x\n" and bundle.files == {sha256_of(data): data}
    assert write_bundle("schema: x\n", {sha256_of(data): data}) == write_bundle("schema: x\n", {sha256_of(data): data})


@pytest.mark.parametrize(("entries", "message"), [
    ({"assessment.yaml": b"x", "../evil.txt": b"x"}, "b.zip: ../evil.txt:1:1: error: unexpected entry"),
    ({"assessment.yaml": b"x", "/etc/passwd": b"x"}, "unexpected entry"),
    ({"assessment.yaml": b"x", "files/" + "0" * 64: b"other"}, "does not match its hash"),
    ({"files/" + sha256_of(b"x"): b"x"}, "b.zip:1:1: error: no 'assessment.yaml' in the bundle"),
])
def test_a_bad_bundle_is_refused_naming_the_entry(entries: dict[str, bytes], message: str) -> None:
    with pytest.raises(AssessError) as caught:
        read_bundle(_zip(entries), "b.zip")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_a_zip_bomb_stops_at_the_limit() -> None:
    bomb = b"\x00" * (MAX_FILE_BYTES + 1)
    data = _zip({"assessment.yaml": b"x", "files/" + sha256_of(bomb): bomb})
    assert len(data) < 100_000
    with pytest.raises(AssessError, match="larger than 20 MiB"):
        read_bundle(data, "b.zip")


def test_a_bundle_with_too_many_entries_is_refused() -> None:
    entries = {"assessment.yaml": b"x", **{f"files/{i:064x}": b"" for i in range(MAX_ENTRIES)}}
    with pytest.raises(AssessError, match="more than 1,001 entries"):
        read_bundle(_zip(entries), "b.zip")


def test_something_that_is_not_a_zip_is_refused() -> None:
    with pytest.raises(AssessError, match="not a readable zip file"):
        read_bundle(b"PK\x03\x04 truncated", "b.zip")


def test_a_file_is_evidence_for_a_critical_question() -> None:
    from assess.loading import FrameworkLibrary
    from assess.scoring import score
    from tests.web_support import MINI_FRAMEWORKS

    library = FrameworkLibrary(dirs=[MINI_FRAMEWORKS])
    frameworks = {"mini": library.load("mini")}
    bare = Assessment.model_validate(ASSESSMENT)
    assert [g.reason for g in score(frameworks, bare).evidence_gaps] == ["critical_without_evidence"]
    ref = check_file(make.pdf(), "minutes.pdf").ref.model_dump()
    filed = Assessment.model_validate({**ASSESSMENT, "answers": {"mini": {"objective": {"answer": "general",
                                                                                        "files": [ref]}}}})
    assert score(frameworks, filed).evidence_gaps == []


def test_files_survive_the_yaml_round_trip() -> None:
    from assess.loading import to_model
    from assess.storage import dump_assessment
    from assess.yamlsource import parse_document

    refs = [check_file(make.pdf(), "Minutes: 2026.pdf").ref.model_dump(),
            check_file(make.CSV, "absence.csv").ref.model_dump()]
    original = Assessment.model_validate({**ASSESSMENT, "answers": {"mini": {"objective": {"answer": "general",
                                                                                          "files": refs}}}})
    text = dump_assessment(original)
    assert "files:" in text and "sha256: " + refs[0]["sha256"] in text
    again = to_model(Assessment, parse_document(text.encode("utf-8"), "a.yaml"))
    assert again == original and answers_sha256(again) == answers_sha256(original)


def test_a_bundle_must_carry_exactly_the_files_the_answers_reference() -> None:
    from assess.bundle import check_references

    pdf, png = make.pdf(), make.png()
    ref = check_file(pdf, "minutes.pdf").ref.model_dump()
    assessment = Assessment.model_validate({**ASSESSMENT, "answers": {"mini": {"objective": {"files": [ref]}}}})
    check_references(assessment, {sha256_of(pdf): pdf}, "b.zip")  # exactly the one referenced: accepted
    with pytest.raises(AssessError, match=r"^b.zip: files/[0-9a-f]{64}:1:1: error: missing: the answers "
                                          r"reference 'minutes.pdf'"):
        check_references(assessment, {}, "b.zip")
    with pytest.raises(AssessError, match="no answer references this file"):
        check_references(assessment, {sha256_of(pdf): pdf, sha256_of(png): png}, "b.zip")
    lying = {**ref, "media_type": "image/png"}  # the reference says PNG; the bytes are a PDF
    claimed = Assessment.model_validate({**ASSESSMENT, "answers": {"mini": {"objective": {"files": [lying]}}}})
    with pytest.raises(AssessError, match="is not the PNG image of"):
        check_references(claimed, {sha256_of(pdf): pdf}, "b.zip")
