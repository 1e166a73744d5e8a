"""Every byte of a signature's CMS blob accounted for, so that `assess verify` notices a change to any of them.

The signature's digest covers only its signed attributes, and its value is checked against them; the rest of
the blob (the certificates it carries, the algorithm names, the version numbers, the signer's identifier) is
covered by nothing, so a changed byte there could pass unnoticed. `cms_problem` binds each of those parts
another way and says, in one line, which part is not as a signer writes it:

- the whole blob is DER: lengths definite and minimal, each constructed value exactly filled by its parts;
- the signer's certificate is the one whose hash the signed attributes name (`signingCertificateV2`), and the
  signer's identifier names it byte for byte;
- every other certificate parses strictly and verifies under its issuer's key, the issuer being a certificate
  the signature carries or one of the trusted roots: the issuer's signature covers all its bytes;
- the version numbers are the ones RFC 5652 prescribes for what the blob holds, the digest algorithm listed
  for the whole is the signer's, the algorithm parameters are absent or NULL, and the signature algorithm
  names the signer's digest algorithm (so it cannot be swapped for an equivalent that still verifies);
- nothing else is there: no content, no revocation lists, no unsigned attributes (`assess sign` writes none,
  and no digest would cover them).
"""

from __future__ import annotations

import hashlib
import warnings
from typing import Any

SIGNED_DATA_OID = "1.2.840.113549.1.7.2"
DATA_OID = "1.2.840.113549.1.7.1"
_PLAIN_PARAMETERS = (b"", b"\x05\x00")  # absent, or NULL: what a signer writes for these algorithms
NOT_NAMED = ("the signer's certificate, or the signed attributes that name it, were changed: its hash or serial "
             "number is not the one they name")


def cms_problem(blob: bytes, trust_roots: list[Any]) -> str | None:
    """Why the signature's CMS blob is not one a signer wrote, in one line; None when every part is bound."""
    # cryptography warns (on standard error) about some damage it still parses; the answer here says it instead
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _blob_problem(blob, trust_roots)


def _blob_problem(blob: bytes, trust_roots: list[Any]) -> str | None:
    if not _is_der(blob):
        return "the signature's bytes were changed after signing (its encoding is not DER)"
    from asn1crypto import cms

    try:
        info = cms.ContentInfo.load(blob, strict=True)
        if info["content_type"].dotted != SIGNED_DATA_OID:
            return "the signature is not CMS signed data"
        return _signed_data_problem(info["content"], trust_roots)
    except Exception as exc:  # noqa: BLE001 - asn1crypto parses lazily, and a damaged part can raise anything
        return f"the signature is damaged: {_one_line(exc)}"


def _signed_data_problem(signed: Any, trust_roots: list[Any]) -> str | None:
    infos = signed["signer_infos"]
    if len(infos) != 1:
        return f"the signature holds {len(infos)} signers' parts; 'assess sign' writes one"
    info = infos[0]
    if signed["encap_content_info"]["content_type"].dotted != DATA_OID or \
            not _absent(signed["encap_content_info"]["content"]):
        return "the signature's content type was changed, or it carries content of its own"
    if not _absent(signed["crls"]):
        return "the signature carries revocation lists, which 'assess sign' does not write and nothing covers"
    if not _absent(info["unsigned_attrs"]):
        return "the signature carries unsigned attributes, which 'assess sign' does not write and nothing covers"
    return (_algorithms_problem(signed, info) or _versions_problem(signed, info)
            or _certificates_problem(signed, info, trust_roots))


def _absent(value: Any) -> bool:
    from asn1crypto import core

    return isinstance(value, core.Void)


def _algorithms_problem(signed: Any, info: Any) -> str | None:
    digest = info["digest_algorithm"]
    listed = signed["digest_algorithms"]
    if len(listed) != 1 or listed[0].dump() != digest.dump():
        return "the signature's list of digest algorithms was changed: it is not the signer's digest algorithm"
    mechanism = info["signature_algorithm"]
    if digest["parameters"].dump() not in _PLAIN_PARAMETERS or \
            mechanism["parameters"].dump() not in _PLAIN_PARAMETERS:
        return "the signature's algorithm parameters were changed (a signer writes none, or NULL)"
    try:
        named = mechanism.hash_algo
    except ValueError:
        named = None
    if named != digest["algorithm"].native:
        return "the signature's algorithm was changed: it does not name the signer's digest algorithm"
    return None


def _versions_problem(signed: Any, info: Any) -> str | None:
    # RFC 5652, 5.1 and 5.3: with plain certificates, no revocation lists and id-data content, as checked above.
    by_key_id = info["sid"].name == "subject_key_identifier"
    expected = 3 if by_key_id else 1
    if info["version"].native != f"v{expected}" or signed["version"].native != f"v{expected}":
        return "the signature's version numbers were changed"
    return None


def _certificates_problem(signed: Any, info: Any, trust_roots: list[Any]) -> str | None:
    from cryptography import x509

    carried = signed["certificates"]
    raw: list[bytes] = []
    for choice in [] if _absent(carried) else carried:
        if choice.name != "certificate":
            return f"the signature carries something other than a certificate ({choice.name})"
        raw.append(choice.chosen.dump())
    parsed: list[x509.Certificate] = []
    for position, der in enumerate(raw, start=1):
        try:
            parsed.append(x509.load_der_x509_certificate(der))
        except Exception:  # noqa: BLE001 - ValueError mostly, InvalidVersion (not one) for a bad version
            return f"certificate {position} of the {len(raw)} in the signature is damaged (not strict DER)"
    signer = _signer_certificate(info, raw)
    if isinstance(signer, str):
        return signer
    issuers = parsed + _strict_roots(trust_roots)
    for position, (der, cert) in enumerate(zip(raw, parsed, strict=True), start=1):
        if position - 1 == signer:
            continue
        named = f"certificate {position} of the {len(raw)} in the signature ({_subject(cert)})"
        candidates = [issuer for issuer in issuers if issuer.subject == cert.issuer]
        if not candidates:
            return (f"{named} cannot be checked: neither the signature nor the trusted roots hold its issuer "
                    "(give the root with --trust), or it was changed")
        if not _issued_by_one_of(der, cert, candidates):
            return f"{named} was changed: it does not verify under its issuer's key"
    return None


def _strict_roots(trust_roots: list[Any]) -> list[Any]:
    """The trusted roots as issuers to check against: one that does not parse strictly issues nothing here."""
    from cryptography import x509

    found = []
    for root in trust_roots:
        try:
            found.append(x509.load_der_x509_certificate(root.dump()))
        except Exception:  # noqa: BLE001 - as above
            continue
    return found


def _signer_certificate(info: Any, raw: list[bytes]) -> int | str:
    """The index of the signer's certificate among `raw`, bound by the hash the signed attributes name; or why
    there is none."""
    from asn1crypto import tsp, x509

    attributes = [a for a in info["signed_attrs"] if a["type"].native == "signing_certificate_v2"]
    if len(attributes) != 1 or len(attributes[0]["values"]) != 1:
        return "the signature does not name its signer's certificate (signingCertificateV2), as 'assess sign' does"
    certid = tsp.SigningCertificateV2.load(attributes[0]["values"][0].dump())["certs"][0]
    algorithm = certid["hash_algorithm"]["algorithm"].native
    if algorithm not in hashlib.algorithms_available:
        return f"the signer's certificate is named by a hash this tool does not know ({algorithm})"
    wanted = certid["cert_hash"].native
    found = [i for i, der in enumerate(raw) if hashlib.new(algorithm, der).digest() == wanted]
    if not found:
        return NOT_NAMED
    signer = _certificate_of(raw[found[0]])
    named = certid["issuer_serial"]
    if not _absent(named) and (
            named["serial_number"].native != signer.serial_number
            or [name.dump() for name in named["issuer"]] != [x509.GeneralName("directory_name", signer.issuer).dump()]):
        return NOT_NAMED
    sid = info["sid"]
    if sid.name == "issuer_and_serial_number":
        matches = (sid.chosen["issuer"].dump() == signer.issuer.dump()
                   and sid.chosen["serial_number"].dump() == signer["tbs_certificate"]["serial_number"].dump())
    else:
        matches = signer.key_identifier is not None and sid.chosen.native == signer.key_identifier
    if not matches:
        return "the signature's signer identifier was changed: it does not name the signer's certificate exactly"
    return found[0]


def _certificate_of(der: bytes) -> Any:
    from asn1crypto import x509

    return x509.Certificate.load(der, strict=True)


def _issued_by_one_of(der: bytes, cert: Any, issuers: list[Any]) -> bool:
    """Whether `cert` verifies under one of `issuers`: its issuer's signature then covers every byte of it."""
    parts = _certificate_of(der)
    if parts["signature_algorithm"].dump() != parts["tbs_certificate"]["signature"].dump():
        return False  # the algorithm outside the signed part must repeat the one inside it (RFC 5280, 4.1.1.2)
    if parts["signature_value"].contents[:1] != b"\0":
        return False  # unused bits in the signature's BIT STRING: the same signature bytes, read another way
    for issuer in issuers:
        try:
            cert.verify_directly_issued_by(issuer)
            return True
        except Exception:  # noqa: BLE001 - InvalidSignature, or a damaged key or curve that cannot be used at all
            continue
    return False


def _subject(cert: Any) -> str:
    try:
        return _one_line(cert.subject.rfc4514_string(), limit=80)
    except Exception:  # noqa: BLE001 - a damaged name can fail in more ways than one
        return "its subject unreadable"


def _is_der(data: bytes) -> bool:
    """Whether `data` is one DER value whose every constructed part is DER too: definite, minimal lengths, and
    each constructed value exactly filled by the values inside it (primitive contents are checked elsewhere)."""
    return _der_end(data, 0, len(data)) == len(data)


def _der_end(data: bytes, start: int, limit: int, depth: int = 0) -> int | None:
    """The end of the DER value at `start` (within `limit`), its constructed parts walked; None if it is not one."""
    if depth > 64 or start + 2 > limit or data[start] & 0x1F == 0x1F:  # high tag numbers: not in CMS or X.509
        return None
    constructed = bool(data[start] & 0x20)
    first = data[start + 1]
    at = start + 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or at + count > limit or data[at] == 0:
            return None  # indefinite, too long, or not minimal
        length = int.from_bytes(data[at:at + count], "big")
        at += count
        if length < 0x80:
            return None  # the long form where the short one would do
    end = at + length
    if end > limit:
        return None
    while constructed and at < end:
        inner = _der_end(data, at, end, depth + 1)
        if inner is None:
            return None
        at = inner
    return end


def _one_line(exc: Exception | str, limit: int = 160) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[:limit - 1] + "…"
