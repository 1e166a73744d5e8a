"""Digitally signed reports: a report PDF signed with the organisation's key (PAdES, by pyHanko).

`assess sign report.pdf --key org.p12 -o signed.pdf` adds one PAdES signature, as an incremental update, over
the whole report, its attached assessment included. It signs only a report whose attached assessment records a
sign-off made on the answers it carries (the latest sign-off's `answers_sha256` is the answers' hash), and it
writes that hash into the signature's reason, inside the signed bytes: `assess verify` (assess/verify.py)
checks the attachment against it, so a report built from other answers, or with its attachment swapped, fails.

The key is a PKCS#12 file (.p12, .pfx) holding the private key, its certificate and the chain. Its password
comes from the terminal or standard input (the command line) or from an environment variable or a file (the
workspace), never from an argument, where other users of the machine could read it.
"""

from __future__ import annotations

import io
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assess.errors import AssessError
from assess.files import MiB, read_user_file
from assess.model import Assessment

FIELD_NAME = "AssessSignOff"
REASON_PREFIX = "Signed off by the decision-makers named in the report; answers sha256 "
REASON_PATTERN = re.compile(re.escape(REASON_PREFIX) + r"([0-9a-f]{64})$")
MAX_KEY_BYTES = 1 * MiB  # a PKCS#12 file with a long chain is a few kilobytes
PASSWORD_ENV = "ASSESS_SIGNING_KEY_PASSWORD"

# The words these commands show, in one place.
WRONG_KEY = "cannot open the signing key: the password is wrong, or this is not a PKCS#12 (.p12) file"
NO_SIGN_OFF = "the attached assessment records no sign-off, so there is no approved version to sign"
STALE_SIGN_OFF = ("the answers changed after the latest sign-off ({name}, {date}): record the decision again "
                  "before signing")
NO_HASH = "the latest sign-off ({name}, {date}) records no answers' hash, so it cannot be checked"
ALREADY_SIGNED = "this PDF is already signed; sign the report as 'assess report' wrote it"

# pyHanko logs what it finds wrong (with tracebacks) as well as raising it; the commands say it in one line.
for _logger in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_logger).addHandler(logging.NullHandler())
    logging.getLogger(_logger).propagate = False


@dataclass(frozen=True)
class SigningKey:
    """The organisation's key, opened: pyHanko's signer, and the name on its certificate."""

    signer: Any  # pyhanko.sign.signers.SimpleSigner: typed loosely, so the core never imports pyHanko
    subject: str


def load_signing_key(path: Path, password: bytes, shown: str | None = None) -> SigningKey:
    shown = shown or str(path)
    data = read_user_file(path, shown, "PKCS#12", MAX_KEY_BYTES)
    from pyhanko.sign.signers import SimpleSigner

    try:
        signer = SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=password or None)
    except (ValueError, TypeError):
        raise AssessError.at(shown, WRONG_KEY) from None
    if signer.signing_cert is None:
        raise AssessError.at(shown, "the PKCS#12 file holds no certificate for its key")
    return SigningKey(signer, signer.signing_cert.subject.human_friendly)


def password_from_environment_or_file(file: Path | None) -> bytes:
    """The workspace's key password: the first line of `file` where one is named, else $ASSESS_SIGNING_KEY_PASSWORD,
    else none (a key without a password)."""
    if file is not None:
        raw = read_user_file(file, str(file), "password", 64 * 1024)
        return raw.splitlines()[0] if raw.strip() else b""
    return os.environ.get(PASSWORD_ENV, "").encode("utf-8")


def read_report(path: Path) -> bytes:
    from assess.report.extract import MAX_PDF_BYTES

    return read_user_file(path, str(path), "PDF", MAX_PDF_BYTES)


def embedded_assessment(pdf: bytes, shown: str) -> Assessment:
    """The assessment attached to the report, validated as a file of its own would be."""
    from assess.loading import to_model
    from assess.report.extract import assessment_in
    from assess.report.pdf import ATTACHMENT_NAME
    from assess.yamlsource import parse_document

    return to_model(Assessment, parse_document(assessment_in(pdf, shown), f"{shown}:{ATTACHMENT_NAME}"))


def approval_problem(assessment: Assessment) -> str | None:
    """Why the assessment is not an approved version, in one line; None when it is."""
    from assess.fingerprint import answers_sha256

    if not assessment.sign_offs:
        return NO_SIGN_OFF
    latest = assessment.sign_offs[-1]
    if latest.answers_sha256 is None:
        return NO_HASH.format(name=latest.name, date=latest.date.isoformat())
    if latest.answers_sha256 != answers_sha256(assessment):
        return STALE_SIGN_OFF.format(name=latest.name, date=latest.date.isoformat())
    return None


def _latest_hash(assessment: Assessment) -> str:
    found = assessment.sign_offs[-1].answers_sha256
    assert found is not None  # approval_problem said so
    return found


def sign_report(pdf: bytes, shown: str, key: SigningKey) -> bytes:
    """The report with the organisation's signature over all of it; refuses a report that is not approved."""
    assessment = embedded_assessment(pdf, shown)
    problem = approval_problem(assessment)
    if problem:
        raise AssessError.at(shown, problem)
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        if any(True for _ in fields.enumerate_sig_fields(writer.prev, filled_status=True)):
            raise AssessError.at(shown, ALREADY_SIGNED)
        metadata = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME, reason=REASON_PREFIX + _latest_hash(assessment), md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES)
        out = signers.sign_pdf(writer, metadata, signer=key.signer)
    except PdfError as exc:
        raise AssessError.at(shown, f"cannot sign this PDF: {_one_line(exc)}") from None
    return bytes(out.getvalue())


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"
