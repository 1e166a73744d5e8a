"""Sign-offs in the file and the report; `assess sign` and `assess verify` against a throwaway authority."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.errors import AssessError
from assess.fingerprint import answers_sha256
from assess.loading import FrameworkLibrary, load_assessment
from assess.model import Answer, Assessment, Decision, SignOff
from assess.report.extract import assessment_in
from assess.scoring import score
from assess.signoff import residual_risks
from assess.storage import dump_assessment
from assess.verify import VerificationFailed, load_trust_roots, verify_report
from tests.report_support import FIXTURE_ASSESSMENT, FIXTURE_FRAMEWORKS, fixture_args, pdftotext
from tests.signing_support import PASSWORD, Authority, make_authority

LIBRARY = FrameworkLibrary(dirs=[FIXTURE_FRAMEWORKS])


def assess(*args: str | Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "assess", *[str(a) for a in args]], input=stdin,
                          capture_output=True, timeout=300)


def one_line(stream: bytes) -> str:
    text = stream.decode()
    assert text.count("\n") == 1 and "Traceback" not in text, text
    return text


def signed_off(assessment: Assessment, name: str = "Dana Okafor") -> Assessment:
    risks = residual_risks(score(LIBRARY.load_many(assessment.frameworks), assessment))
    entry = SignOff(name=name, role="Chair, ethics board", decision=Decision.conditions, date="2026-11-30",
                    conditions=["Consult the staff association before the pilot is extended"],
                    accepted_risks=[risks[0].reference, "rating:no-such-framework"],
                    answers_sha256=answers_sha256(assessment))
    return assessment.model_copy(update={"sign_offs": [*assessment.sign_offs, entry]})


def fixture_assessment() -> Assessment:
    return load_assessment(FIXTURE_ASSESSMENT, LIBRARY)[0]


def report(tmp: Path, assessment: Assessment, name: str) -> Path:
    source = tmp / f"{name}.yaml"
    source.write_text(dump_assessment(assessment), encoding="utf-8")
    out = tmp / f"{name}.pdf"
    done = assess("report", source, *fixture_args(), "-o", out)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Authority:
    return make_authority(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory, authority: Authority) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("reports")
    approved = signed_off(fixture_assessment())
    answers = {**approved.answers, "report-fixture": {**approved.answers["report-fixture"],
                                                      "comments": Answer(answer="Changed after the sign-off.")}}
    found = {"approved": report(tmp, approved, "approved"),
             "stale": report(tmp, approved.model_copy(update={"answers": answers}), "stale"),
             "none": report(tmp, fixture_assessment(), "none")}
    found["signed"] = tmp / "signed.pdf"
    done = assess("sign", found["approved"], "--key", authority.p12, "-o", found["signed"], "--password-stdin",
                  stdin=PASSWORD + b"\n")
    assert done.returncode == 0, done.stderr
    return found


# ------------------------------------------------------------------ the file format and the report


def test_sign_offs_round_trip_and_leave_the_answers_hash_alone() -> None:
    plain = fixture_assessment()
    with_sign_off = signed_off(signed_off(plain), name="Sam Reid")
    assert answers_sha256(with_sign_off) == answers_sha256(plain)
    text = dump_assessment(with_sign_off)
    assert "sign_offs:" in text and "decision: conditions" in text
    assert Assessment.model_validate(__import__("yaml").safe_load(text)) == with_sign_off
    assert "sign_offs" not in dump_assessment(plain)  # a file without sign-offs is written as before


def test_a_decision_is_one_of_the_engines_verdicts() -> None:
    data = signed_off(fixture_assessment()).model_dump(mode="json", by_alias=True)
    data["sign_offs"][0]["decision"] = "approve"
    with pytest.raises(ValueError, match="proceed"):
        Assessment.model_validate(data)


def test_the_report_shows_recorded_sign_offs_and_empty_boxes_without(reports: dict[str, Path]) -> None:
    text = " ".join(pdftotext(reports["approved"]).split())
    assert "Dana Okafor, Chair, ethics board" in text
    assert "Decision Proceed with conditions" in text and "30 November 2026" in text
    assert "Consult the staff association before the pilot is extended" in text
    assert "Gate, Report fixture" in text and "No stated objective" in text  # an accepted risk, in words
    assert "rating:no-such-framework (not among this report's risks)" in text
    assert "made on earlier answers" not in text
    stale = " ".join(pdftotext(reports["stale"]).split())
    assert "The answers have changed since this decision was recorded" in stale
    blank = " ".join(pdftotext(reports["none"]).split())
    assert "Dana Okafor" not in blank and "Role Name Signature Date" in blank


@pytest.mark.parametrize("suffix", [".docx", ".odt", ".md"])
def test_the_editable_reports_show_the_sign_offs(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / "a.yaml"
    source.write_text(dump_assessment(signed_off(fixture_assessment())), encoding="utf-8")
    out = tmp_path / f"a{suffix}"
    assert assess("report", source, *fixture_args(), "-o", out).returncode == 0
    if suffix == ".md":
        text = out.read_text(encoding="utf-8")
    else:
        import zipfile

        with zipfile.ZipFile(out) as archive:
            text = archive.read("word/document.xml" if suffix == ".docx" else "content.xml").decode()
        text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    for words in ("Dana Okafor, Chair, ethics board", "Proceed with conditions", "Residual risks accepted",
                  "Consult the staff association before the pilot is extended", "No stated objective"):
        assert words in text, (suffix, words)


# ------------------------------------------------------------------ assess sign, assess verify


def test_a_signed_report_verifies(reports: dict[str, Path], authority: Authority) -> None:
    done = assess("verify", reports["signed"], "--trust", authority.root_pem)
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert "signature intact and covering the whole file" in out
    assert "Report Signing" in out and "chains to the trusted root" in out
    assert "Dana Okafor (Chair, ethics board): Proceed with conditions, 2026-11-30" in out
    # Without a trust root the chain is not checked, and it says so.
    done = assess("verify", reports["signed"])
    assert done.returncode == 0 and "not checked" in done.stdout.decode()
    # The signature is an ordinary PAdES one: the report's attachment still comes out with `assess extract`.
    assert assess("extract", reports["signed"]).stdout == assessment_in(reports["approved"].read_bytes(), "x")


def test_a_signer_outside_the_trusted_roots_fails(reports: dict[str, Path], authority: Authority) -> None:
    done = assess("verify", reports["signed"], "--trust", authority.other_root_pem)
    assert done.returncode == 1
    assert "does not chain to the trusted root" in one_line(done.stderr)


def _regions(pdf: bytes) -> dict[str, tuple[int, int]]:
    """Where the signed bytes, the signature's hex string and the attached file's stream are."""
    a, b, c, d = (int(x) for x in re.search(rb"/ByteRange\s*\[\s*(\d+) (\d+) (\d+) (\d+)", pdf).groups())  # type: ignore[union-attr]
    assert a == 0 and c + d == len(pdf)
    from pypdf import PdfReader

    catalog: Any = PdfReader(io.BytesIO(pdf)).trailer["/Root"].get_object()
    spec = catalog["/Names"].get_object()["/EmbeddedFiles"].get_object()["/Names"][1].get_object()
    number = spec["/EF"].get_object().raw_get("/F").idnum
    start = pdf.index(b"stream", re.search(rb"(?<!\d)%d 0 obj" % number, pdf).start()) + 7  # type: ignore[union-attr]
    # The signature's own bytes as far as they are bound: its value (the end of the CMS blob, 256 bytes for the
    # test CA's 2048-bit key) and the padding after it. Certificates the CMS carries besides (the CA's own copy)
    # are not covered by any digest; see docs/signing.md.
    cms = bytes.fromhex(pdf[b + 1:c - 1].decode("ascii"))
    length = 4 + int.from_bytes(cms[2:4], "big") if cms[1] == 0x82 else len(cms.rstrip(b"\0"))
    value_start = b + 1 + 2 * (length - 256)
    return {"signed": (0, len(pdf)), "signature": (value_start, c), "all-signature": (b, c),
            "attachment": (start, pdf.index(b"endstream", start))}


@pytest.fixture(scope="module")
def signed_bytes(reports: dict[str, Path]) -> bytes:
    return reports["signed"].read_bytes()


@pytest.fixture(scope="module")
def regions(signed_bytes: bytes) -> dict[str, tuple[int, int]]:
    return _regions(signed_bytes)


@pytest.mark.parametrize("region", ["signed", "attachment", "signature"])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.floats(min_value=0, max_value=1, exclude_max=True), change=st.integers(min_value=1, max_value=255))
def test_one_changed_byte_anywhere_is_refused(signed_bytes: bytes, regions: dict[str, tuple[int, int]],
                                              authority: Authority, region: str, where: float, change: int) -> None:
    start, end = regions[region]
    position = start + int(where * (end - start))
    if region == "signed":  # outside the signature's own bytes, which have their own case
        hole = regions["all-signature"]
        position = position if not hole[0] <= position < hole[1] else hole[0] - 1 - (position - hole[0]) % hole[0]
    damaged = bytearray(signed_bytes)
    damaged[position] ^= change
    with pytest.raises((VerificationFailed, AssessError)) as refused:
        verify_report(bytes(damaged), "damaged.pdf", load_trust_roots(authority.root_pem))
    assert "\n" not in str(refused.value)


def test_a_hex_digit_of_the_signature_written_in_lower_case_is_refused(
        signed_bytes: bytes, regions: dict[str, tuple[int, int]], authority: Authority) -> None:
    """Hex reads the same in either case, so this change leaves the decoded signature as it was; it is still a
    changed byte, and refused (found by the property above on a run where it picked such a byte)."""
    start, end = regions["all-signature"]
    letter = re.search(rb"[A-F]", signed_bytes[start:end])
    assert letter is not None
    damaged = bytearray(signed_bytes)
    damaged[start + letter.start()] ^= 0x20
    with pytest.raises(VerificationFailed, match="signature's bytes were changed"):
        verify_report(bytes(damaged), "damaged.pdf", load_trust_roots(authority.root_pem))


def test_the_untouched_bytes_verify_in_process(signed_bytes: bytes, authority: Authority) -> None:
    """The control for the test above: the same call on the bytes as signed passes."""
    assert verify_report(signed_bytes, "signed.pdf", load_trust_roots(authority.root_pem)).trusted is True


def test_an_attachment_swapped_after_signing_is_refused(reports: dict[str, Path], tmp_path: Path) -> None:
    """The attached assessment replaced by another, as an update appended to the signed file."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    other = assessment_in(reports["stale"].read_bytes(), "stale.pdf")
    writer = IncrementalPdfFileWriter(io.BytesIO(reports["signed"].read_bytes()), strict=False)
    names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
    spec = names[1]
    stream = generic.StreamObject({generic.NameObject("/Type"): generic.NameObject("/EmbeddedFile")},
                                  stream_data=other)
    spec["/EF"] = generic.DictionaryObject({  # type: ignore[no-untyped-call]generic.NameObject("/F"): writer.add_object(stream),
                                            generic.NameObject("/UF"): writer.add_object(stream)})
    writer.update_container(spec)
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    swapped = tmp_path / "swapped.pdf"
    swapped.write_bytes(out.getvalue())
    assert assess("extract", swapped).stdout == other  # the swap took: a reader now finds the other assessment
    done = assess("verify", swapped)
    assert done.returncode == 1 and "does not cover the whole file" in one_line(done.stderr)


def test_only_a_report_signed_off_on_its_own_answers_is_signed(reports: dict[str, Path], authority: Authority,
                                                                tmp_path: Path) -> None:
    for name, reason in (("stale", "the answers changed after the latest sign-off (Dana Okafor, 2026-11-30)"),
                         ("none", "records no sign-off")):
        out = tmp_path / f"{name}-signed.pdf"
        done = assess("sign", reports[name], "--key", authority.p12, "-o", out, "--password-stdin",
                      stdin=PASSWORD + b"\n")
        assert done.returncode == 2 and reason in one_line(done.stderr), done.stderr
        assert not out.exists()


def test_a_report_signed_without_the_assessment_check_fails_verification(reports: dict[str, Path],
                                                                         authority: Authority) -> None:
    """Signed with the right key but not by `assess sign` (no signed-off hash in the signature): refused."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12_data(authority.p12.read_bytes(), [], PASSWORD)
    writer = IncrementalPdfFileWriter(io.BytesIO(reports["stale"].read_bytes()), strict=False)
    meta = signers.PdfSignatureMetadata(field_name="AssessSignOff", subfilter=fields.SigSeedSubFilter.PADES)
    signed = signers.sign_pdf(writer, meta, signer=signer).getvalue()
    with pytest.raises(VerificationFailed, match="does not name the signed-off answers"):
        verify_report(signed, "other.pdf")


def test_bad_input_is_one_located_line(reports: dict[str, Path], authority: Authority, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    wrong = assess("sign", reports["approved"], "--key", authority.p12, "-o", out, "--password-stdin",
                   stdin=b"not the password\n")
    assert wrong.returncode == 2 and "the password is wrong" in one_line(wrong.stderr)
    assert one_line(wrong.stderr).startswith(f"{authority.p12}:1:1: error:")
    not_pdf = assess("verify", FIXTURE_ASSESSMENT)
    assert not_pdf.returncode == 2 and "not a PDF file" in one_line(not_pdf.stderr)
    unsigned = assess("verify", reports["approved"])
    assert unsigned.returncode == 1 and "the PDF is not signed" in one_line(unsigned.stderr)
    no_terminal = assess("sign", reports["approved"], "--key", authority.p12, "-o", out)
    assert no_terminal.returncode == 2 and "--password-stdin" in one_line(no_terminal.stderr)
    bad_trust = assess("verify", reports["signed"], "--trust", FIXTURE_ASSESSMENT)
    assert bad_trust.returncode == 2 and "not a certificate file" in one_line(bad_trust.stderr)
    again = assess("sign", reports["signed"], "--key", authority.p12, "-o", out, "--password-stdin",
                   stdin=PASSWORD + b"\n")
    assert again.returncode == 2 and "already signed" in one_line(again.stderr)
    onto_input = assess("sign", reports["approved"], "--key", authority.p12, "-o", reports["approved"],
                        "--password-stdin", stdin=PASSWORD + b"\n")
    assert onto_input.returncode == 2
    assert not out.exists()
