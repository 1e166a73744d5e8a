"""`assess verify report.pdf [--trust ca.pem]`: is this the signed, signed-off report it claims to be?

It passes only when all of these hold:
- the PDF carries a signature (made by `assess sign`), cryptographically intact, over the whole file: nothing
  was added or changed after signing, and the signature's own bytes are as written: every part of its CMS blob
  that no digest covers (the certificates it carries above all) is bound another way (assess/signature_parts.py);
- with `--trust`, the signer's certificate chains to one of the given roots (no network is used: the chain
  must be in the signature or the trust file);
- the assessment attached to the report is the one signed off: its answers' hash is the one the signature
  names (inside the signed bytes) and the one the latest sign-off recorded.
Anything else is a failure, said in one line (`VerificationFailed`); input that cannot be read at all is an
`AssessError`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assess.errors import AssessError
from assess.files import MiB, read_user_file
from assess.signing import FIELD_NAME, REASON_PATTERN, approval_problem, embedded_assessment

MAX_TRUST_BYTES = 1 * MiB


class VerificationFailed(Exception):
    """The report is not what it claims to be; the message says why, in one line."""


@dataclass(frozen=True)
class Verified:
    signer: str
    signed_at: dt.datetime | None  # as the signer's computer gave it (no time-stamping authority is used)
    trusted: bool | None  # None: no trust root was given, so the chain was not checked
    answers_sha256: str
    sign_offs: list[str] = field(default_factory=list)  # "Name (Role): Decision, 2026-11-30"


def load_trust_roots(path: Path) -> list[Any]:
    """The certificates in a PEM or DER file, as pyHanko's validator takes them."""
    shown = str(path)
    data = read_user_file(path, shown, "certificate", MAX_TRUST_BYTES)
    from asn1crypto import pem, x509

    try:
        if pem.detect(data):
            found = [x509.Certificate.load(der) for kind, _, der in pem.unarmor(data, multiple=True)
                     if kind == "CERTIFICATE"]
        else:
            found = [x509.Certificate.load(data)]
        for cert in found:
            _ = cert.subject.human_friendly  # parses it now, so a damaged file fails here and not later
    except (ValueError, TypeError):
        raise AssessError.at(shown, "not a certificate file (PEM or DER)") from None
    if not found:
        raise AssessError.at(shown, "no certificate in this file (PEM 'CERTIFICATE' blocks, or one DER certificate)")
    return found


def verify_report(pdf: bytes, shown: str, trust_roots: list[Any] | None = None) -> Verified:
    if not pdf.startswith(b"%PDF-"):
        raise AssessError.at(shown, "not a PDF file")
    signature = _the_signature(pdf)
    blob = _check_contents_padding(signature)
    _check_contents_as_written(pdf, signature)
    from assess.signature_parts import cms_problem

    problem = cms_problem(blob, list(trust_roots or []))
    if problem:
        raise VerificationFailed(problem)
    status = _validate(signature, trust_roots)
    if not status.intact:
        raise VerificationFailed("the signed bytes were changed after signing (the digest does not match)")
    if not status.valid:
        raise VerificationFailed("the signature does not match the signer's certificate")
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
        raise VerificationFailed("the signature does not cover the whole file: something was added after signing")
    if trust_roots is not None and not status.trusted:
        raise VerificationFailed("the signer's certificate does not chain to the trusted root(s) given")
    signed_hash = _signed_hash(signature)
    try:
        assessment = embedded_assessment(pdf, shown)
    except AssessError as exc:
        raise VerificationFailed(f"the attached assessment cannot be read: {exc.diagnostics[0].message}") from None
    from assess.fingerprint import answers_sha256

    actual = answers_sha256(assessment)
    if actual != signed_hash:
        raise VerificationFailed("the attached assessment is not the one signed: its answers' hash "
                                 f"{actual[:12]}… differs from the signed {signed_hash[:12]}…")
    problem = approval_problem(assessment)
    if problem:
        raise VerificationFailed(problem)
    from assess.signoff import decision_words

    return Verified(
        signer=status.signing_cert.subject.human_friendly, signed_at=status.signer_reported_dt,
        trusted=status.trusted if trust_roots is not None else None, answers_sha256=actual,
        sign_offs=[f"{s.name} ({s.role}): {decision_words(s.decision)}, {s.date.isoformat()}"
                   for s in assessment.sign_offs if s.answers_sha256 == actual])


def _the_signature(pdf: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:  # noqa: BLE001 - a damaged PDF can make a parser raise anything
        raise VerificationFailed(f"the PDF is damaged, so its signature cannot be read: {_one_line(exc)}") from None
    if not signatures:
        raise VerificationFailed("the PDF is not signed")
    if len(signatures) > 1:
        raise VerificationFailed(f"the PDF carries {len(signatures)} signatures; 'assess sign' makes one")
    if signatures[0].field_name != FIELD_NAME:
        raise VerificationFailed(f"the signature was not made by 'assess sign' (its field is "
                                 f"'{signatures[0].field_name}', not '{FIELD_NAME}')")
    return signatures[0]


def _check_contents_padding(signature: Any) -> bytes:
    """The signature's hex string holds the CMS blob and then zeros up to its reserved size. The digest cannot
    cover these bytes, so they are checked here: a changed byte in the padding is a change to the file. Returns
    the CMS blob."""
    from pyhanko.sign.validation.pdf_embedded import extract_contents

    try:
        contents = extract_contents(signature.sig_object)
    except Exception as exc:  # noqa: BLE001
        raise VerificationFailed(f"the signature cannot be read: {_one_line(exc)}") from None
    length = _der_length(contents)
    if length is None or any(contents[length:]):
        raise VerificationFailed("the signature's bytes were changed after signing")
    return bytes(contents[:length])


# pyHanko writes the signature as one hex string in capitals; hex is read either way, so a digit whose case
# was changed would decode to the same signature and pass unnoticed unless the form is checked as well.
_CONTENTS_AS_WRITTEN = re.compile(rb"<[0-9A-F]*>")


def _check_contents_as_written(pdf: bytes, signature: Any) -> None:
    """The bytes the signature leaves out of its digest (its own hex string) are exactly as a signer writes
    them: one changed byte anywhere in the file is a change, even one that reads back the same."""
    try:
        start, hole_start, hole_end, _ = (int(x) for x in signature.sig_object["/ByteRange"])
    except Exception as exc:  # noqa: BLE001 - a damaged signature dictionary can raise anything
        raise VerificationFailed(f"the signature cannot be read: {_one_line(exc)}") from None
    if start != 0 or not _CONTENTS_AS_WRITTEN.fullmatch(pdf[hole_start:hole_end]):
        raise VerificationFailed("the signature's bytes were changed after signing")


def _der_length(data: bytes) -> int | None:
    """The length of the DER value at the start of `data`, header included; None when it is not one."""
    if len(data) < 2 or data[0] != 0x30:
        return None
    first = data[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    if count == 0 or count > 4 or len(data) < 2 + count:
        return None
    total = 2 + count + int.from_bytes(data[2:2 + count], "big")
    return total if total <= len(data) else None


def _validate(signature: Any, trust_roots: list[Any] | None) -> Any:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=list(trust_roots or []), allow_fetching=False)
    try:
        # No difference analysis: anything after the signed revision fails the whole-file check anyway, and
        # skipping it keeps pyHanko from reading (and inflating) the objects an appended update brings.
        return validate_pdf_signature(signature, context, skip_diff=True)
    except Exception as exc:  # noqa: BLE001 - a damaged signature can make the CMS parser raise anything
        raise VerificationFailed(f"the signature is damaged: {_one_line(exc)}") from None


def _signed_hash(signature: Any) -> str:
    reason = signature.sig_object.get("/Reason")
    found = REASON_PATTERN.match(str(reason)) if reason is not None else None
    if found is None:
        raise VerificationFailed("the signature does not name the signed-off answers (it was not made by "
                                 "'assess sign')")
    return found.group(1)


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"


def summary(report: Verified, shown: str) -> list[str]:
    """What `assess verify` prints when the report passes."""
    when = report.signed_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if report.signed_at else "not given"
    trust = {None: "not checked (no --trust given)", True: "chains to the trusted root",
             False: "does not chain to a trusted root"}[report.trusted]
    lines = [f"{shown}: signature intact and covering the whole file",
             f"  signed by: {report.signer}",
             f"  signed at: {when} (the signer's clock)",
             f"  trust: {trust}",
             f"  attached assessment: answers sha256 {report.answers_sha256}, as signed off"]
    lines += [f"  signed off: {line}" for line in report.sign_offs]
    return lines
