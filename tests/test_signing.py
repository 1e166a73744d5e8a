"""Sign-offs in the file and the report; `assess sign` and `assess verify` against a throwaway authority."""

from __future__ import annotations

import datetime as dt
import io
import itertools
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
from assess.signing import load_signing_key, sign_report
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


Span = tuple[int, int]


def _hole(pdf: bytes) -> Span:
    """Where the signature's hex string is, `<` and `>` included: the bytes its /ByteRange leaves out."""
    a, b, c, d = (int(x) for x in re.search(rb"/ByteRange\s*\[\s*(\d+) (\d+) (\d+) (\d+)", pdf).groups())  # type: ignore[union-attr]
    assert a == 0 and c + d == len(pdf)
    return b, c


def _regions(pdf: bytes) -> dict[str, list[Span]]:
    """Where things are in the signed file, as spans of file offsets: the signed bytes, the attached file's
    stream, the signature's whole hex string (`<` to `>`), and inside that string the parts of its CMS blob: the
    certificates it carries, the signed attributes, the signature value, everything else, and the padding."""
    b, c = _hole(pdf)
    from asn1crypto import cms
    from pypdf import PdfReader

    catalog: Any = PdfReader(io.BytesIO(pdf)).trailer["/Root"].get_object()
    spec = catalog["/Names"].get_object()["/EmbeddedFiles"].get_object()["/Names"][1].get_object()
    number = spec["/EF"].get_object().raw_get("/F").idnum
    start = pdf.index(b"stream", re.search(rb"(?<!\d)%d 0 obj" % number, pdf).start()) + 7  # type: ignore[union-attr]
    contents = bytes.fromhex(pdf[b + 1:c - 1].decode("ascii"))
    assert contents[:2] == b"\x30\x82"  # a SEQUENCE of 256 bytes to 64 KiB: the CMS blob, then the padding
    end = 4 + int.from_bytes(contents[2:4], "big")
    signed = cms.ContentInfo.load(contents[:end])["content"]
    info = signed["signer_infos"][0]

    def hex_span(part: bytes, after: int = 0) -> Span:
        """Where `part` (bytes of the CMS blob) is written in the file, as hex digits."""
        at = contents.index(part, after)
        return b + 1 + 2 * at, b + 1 + 2 * (at + len(part))

    certificates = {cert.chosen.subject.native["common_name"]: hex_span(cert.chosen.dump())
                    for cert in signed["certificates"]}
    attributes = hex_span(info["signed_attrs"].dump())
    value = hex_span(info["signature"].dump(), (attributes[1] - b - 1) // 2)
    taken = sorted([*certificates.values(), attributes, value])
    rest, at = [], b + 1
    for span in taken:
        rest.append((at, span[0]))
        at = span[1]
    rest.append((at, b + 1 + 2 * end))
    return {"signed": [(0, b), (c, len(pdf))], "attachment": [(start, pdf.index(b"endstream", start))],
            "signature": [(b, c)], "ca-certificate": [certificates["Test Root CA"]],
            "signer-certificate": [certificates["Report Signing"]], "signed-attributes": [attributes],
            "signature-value": [value], "cms-other": [span for span in rest if span[0] < span[1]],
            "padding": [(b + 1 + 2 * end, c - 1)]}


def _position(spans: list[Span], where: float) -> int:
    """The offset `where` of the way through the spans taken end to end."""
    total = sum(end - start for start, end in spans)
    offset = int(where * total)
    for start, end in spans:
        if offset < end - start:
            return start + offset
        offset -= end - start
    raise AssertionError("where is below 1")


def _changed(pdf: bytes, position: int, change: int, as_digit: bool = False) -> bytes:
    """`pdf` with the byte at `position` changed: XORed with `change`, or, `as_digit`, made another hex digit in
    capitals, so that the signature's hex string still reads as hex and the change reaches the CMS blob itself
    (most other bytes there are refused for their form alone, before the blob is read)."""
    damaged = bytearray(pdf)
    if as_digit:
        others = [digit for digit in b"0123456789ABCDEF" if digit != pdf[position]]
        damaged[position] = others[change % len(others)]
    else:
        damaged[position] ^= change
    return bytes(damaged)


@pytest.fixture(scope="module")
def signed_bytes(reports: dict[str, Path]) -> bytes:
    return reports["signed"].read_bytes()


@pytest.fixture(scope="module")
def regions(signed_bytes: bytes) -> dict[str, list[Span]]:
    return _regions(signed_bytes)


def test_the_regions_cover_the_whole_signature(regions: dict[str, list[Span]]) -> None:
    """The control for the property below: its regions inside the hex string are where they should be, and
    together they are every digit of it, so no byte of the signature is left out of the property."""
    (hole_start, hole_end), = regions["signature"]
    inside = sorted(span for name, spans in regions.items() if name not in ("signed", "attachment", "signature")
                    for span in spans)
    assert inside[0][0] == hole_start + 1 and inside[-1][1] == hole_end - 1
    assert all(left[1] == right[0] for left, right in itertools.pairwise(inside))
    assert all(start < end for start, end in inside)


@pytest.mark.parametrize("region", ["signed", "attachment", "signature", "ca-certificate", "signer-certificate",
                                    "signed-attributes", "signature-value", "cms-other", "padding"])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.floats(min_value=0, max_value=1, exclude_max=True), change=st.integers(min_value=1, max_value=255))
def test_one_changed_byte_anywhere_is_refused(signed_bytes: bytes, regions: dict[str, list[Span]],
                                              authority: Authority, region: str, where: float, change: int) -> None:
    """Every byte of the file, the signature's whole hex string included (any byte there); the parts of the CMS
    blob are regions of their own, each digit made another digit, so that every run (CI's derandomised ones too)
    changes the blob itself in each part."""
    damaged = _changed(signed_bytes, _position(regions[region], where), change,
                       as_digit=region not in ("signed", "attachment", "signature"))
    with pytest.raises((VerificationFailed, AssessError)) as refused:
        verify_report(damaged, "damaged.pdf", load_trust_roots(authority.root_pem))
    assert "\n" not in str(refused.value)


def _digit_changed(pdf: bytes, span: Span, at: int) -> bytes:
    """`pdf` with the hex digit at `at` within `span` (negative: from its end) made another one."""
    return _changed(pdf, span[0] + at if at >= 0 else span[1] + at, 1, as_digit=True)


@pytest.mark.parametrize(("region", "at", "refusal"), [
    # The CA's copy: a digit of its key, then of its signature (the last byte of its DER). Neither is covered by
    # a digest; the CA's signature over its own certificate is what shows the change. (The certificates are in
    # DER's order, by their bytes, so which one comes first varies with the keys.)
    ("ca-certificate", 2 * 250, r"certificate [12] of the 2 in the signature \(CN=Test Root CA,.* was changed: it "
                                "does not verify under its issuer's key"),
    ("ca-certificate", -1, r"certificate [12] of the 2 in the signature \(CN=Test Root CA,.* was changed"),
    ("signer-certificate", 2 * 250, "the signer's certificate, or the signed attributes that name it, were changed"),
    ("signed-attributes", 2 * 50, "the signed bytes were changed after signing|the signature does not match"),
    ("signed-attributes", -1, "the signer's certificate, or the signed attributes that name it, were changed"),
    ("signature-value", -1, "the signature does not match the signer's certificate"),
    ("padding", 0, "the signature's bytes were changed after signing"),
    ("padding", -1, "the signature's bytes were changed after signing"),
])
def test_a_changed_digit_in_each_part_of_the_signature_is_named(
        signed_bytes: bytes, regions: dict[str, list[Span]], authority: Authority, region: str, at: int,
        refusal: str) -> None:
    damaged = _digit_changed(signed_bytes, regions[region][0], at)
    for roots in (load_trust_roots(authority.root_pem), None):  # the CA's copy is checked without --trust too
        with pytest.raises(VerificationFailed, match=refusal):
            verify_report(damaged, "damaged.pdf", roots)


def test_a_changed_ca_certificate_is_one_line_from_the_command(signed_bytes: bytes, regions: dict[str, list[Span]],
                                                              authority: Authority, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(_digit_changed(signed_bytes, regions["ca-certificate"][0], 2 * 250))
    done = assess("verify", damaged, "--trust", authority.root_pem)
    assert done.returncode == 1 and done.stdout == b""
    assert re.fullmatch(re.escape(f"{damaged}: verification failed: certificate ") + "[12]" + re.escape(
        " of the 2 in the signature (CN=Test Root CA,O=Test Constabulary Ethics Board) was changed: it does not "
        "verify under its issuer's key\n"), one_line(done.stderr))


def test_a_hex_digit_of_the_signature_written_in_lower_case_is_refused(
        signed_bytes: bytes, regions: dict[str, list[Span]], authority: Authority) -> None:
    """Hex reads the same in either case, so this change leaves the decoded signature as it was; it is still a
    changed byte, and refused (found by the property above on a run where it picked such a byte)."""
    (start, end), = regions["signature"]
    letter = re.search(rb"[A-F]", signed_bytes[start:end])
    assert letter is not None
    damaged = bytearray(signed_bytes)
    damaged[start + letter.start()] ^= 0x20
    with pytest.raises(VerificationFailed, match="signature's bytes were changed"):
        verify_report(bytes(damaged), "damaged.pdf", load_trust_roots(authority.root_pem))


def test_the_untouched_bytes_verify_in_process(signed_bytes: bytes, authority: Authority) -> None:
    """The control for the tests above: the same call on the bytes as signed passes."""
    assert verify_report(signed_bytes, "signed.pdf", load_trust_roots(authority.root_pem)).trusted is True


@pytest.fixture(scope="module")
def approved_bytes(reports: dict[str, Path]) -> bytes:
    return reports["approved"].read_bytes()


@pytest.mark.parametrize("key_kind", ["ec", "rsa"])
@pytest.mark.parametrize("chain", ["root", "none", "intermediate"])
def test_signatures_from_each_kind_of_key_and_chain_verify(approved_bytes: bytes, tmp_path: Path, key_kind: Any,
                                                           chain: Any) -> None:
    """What `assess sign` and `assess serve --signing-key` write (both through sign_report) passes the checks of
    every part, whatever the key and whichever CA certificates its PKCS#12 carries."""
    ca = make_authority(tmp_path, key_kind=key_kind, chain=chain)
    signed = sign_report(approved_bytes, "approved.pdf", load_signing_key(ca.p12, PASSWORD))
    assert verify_report(signed, "signed.pdf", load_trust_roots(ca.root_pem)).trusted is True
    if chain != "intermediate":
        assert verify_report(signed, "signed.pdf").trusted is None
        return
    # An intermediate carried without the root that certified it: nothing here can check its bytes, so without
    # --trust the signature is refused rather than passed with a certificate no one has checked.
    with pytest.raises(VerificationFailed, match=r"certificate [12] of the 2 in the signature \(CN=Test Issuing CA,"
                                                 r".*cannot be checked: .*give the root with --trust"):
        verify_report(signed, "signed.pdf")


def _with_cms(pdf: bytes, change: Any) -> bytes:
    """`pdf` with its signature's CMS blob parsed, changed by `change`, and written back in the same space."""
    from asn1crypto import cms

    b, c = _hole(pdf)
    contents = bytes.fromhex(pdf[b + 1:c - 1].decode("ascii"))
    info = cms.ContentInfo.load(contents[:4 + int.from_bytes(contents[2:4], "big")])
    change(info["content"])
    blob = info.dump(force=True).hex().upper().encode("ascii")
    assert len(blob) <= c - b - 2
    return pdf[:b + 1] + blob.ljust(c - b - 2, b"0") + pdf[c - 1:]


def _add_unsigned_attribute(signed: Any) -> None:
    from asn1crypto import cms, core

    signed["signer_infos"][0]["unsigned_attrs"] = cms.CMSAttributes([cms.CMSAttribute(
        {"type": "signing_time", "values": [core.UTCTime(dt.datetime(2026, 11, 30, tzinfo=dt.UTC))]})])


def _add_digest_algorithm(signed: Any) -> None:
    from asn1crypto import algos

    signed["digest_algorithms"] = [*signed["digest_algorithms"], algos.DigestAlgorithm({"algorithm": "sha512"})]


def _renumber(signed: Any) -> None:
    signed["version"] = "v3"


def _drop_the_ca_certificate(signed: Any) -> None:
    signed["certificates"] = [cert for cert in signed["certificates"]
                              if cert.chosen.subject.native["common_name"] != "Test Root CA"]


@pytest.mark.parametrize(("change", "refusal"), [
    (_add_unsigned_attribute, "the signature carries unsigned attributes"),
    (_add_digest_algorithm, "the signature's list of digest algorithms was changed"),
    (_renumber, "the signature's version numbers were changed"),
])
def test_parts_no_digest_covers_are_as_a_signer_writes_them(signed_bytes: bytes, authority: Authority,
                                                            change: Any, refusal: str) -> None:
    """Parts an attacker could add or rewrite in the signature's reserved space, which pyHanko's own checks
    leave alone: each is refused, by name."""
    with pytest.raises(VerificationFailed, match=refusal):
        verify_report(_with_cms(signed_bytes, change), "damaged.pdf", load_trust_roots(authority.root_pem))


def test_the_rewritten_signature_is_refused_only_for_what_was_changed(signed_bytes: bytes,
                                                                      authority: Authority) -> None:
    """The control for the test above: the CMS blob parsed and written back as it was verifies, and so does one
    without the CA's copy (the chain is then built from the trusted root alone)."""
    roots = load_trust_roots(authority.root_pem)
    assert verify_report(_with_cms(signed_bytes, lambda signed: None), "same.pdf", roots).trusted is True
    assert verify_report(_with_cms(signed_bytes, _drop_the_ca_certificate), "fewer.pdf", roots).trusted is True


def test_a_signature_algorithm_swapped_for_one_that_still_verifies_is_refused(approved_bytes: bytes,
                                                                               tmp_path: Path) -> None:
    """RSA: sha256WithRSAEncryption rewritten as plain rsaEncryption (one hex digit, B to 1). The signature
    value still verifies under the key (pyHanko 0.38 takes the digest from the other field, and passes it), so
    only the rule that the algorithm must name the signer's digest algorithm refuses it."""
    ca = make_authority(tmp_path, key_kind="rsa")
    signed = sign_report(approved_bytes, "approved.pdf", load_signing_key(ca.p12, PASSWORD))
    named = b"06092A864886F70D01010B"  # the OID 1.2.840.113549.1.1.11, as the hex string writes it
    assert signed.count(named) == 1  # the CA signs with ECDSA, so this is the signature's own algorithm
    swapped = signed.replace(named, named[:-1] + b"1")
    with pytest.raises(VerificationFailed, match="the signature's algorithm was changed"):
        verify_report(swapped, "swapped.pdf", load_trust_roots(ca.root_pem))


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
