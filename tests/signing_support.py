"""A throwaway certificate authority for the signing tests: a root, a signer it certifies, the signer's PKCS#12."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSWORD = b"correct horse battery staple"
# Fixed validity well around any date the tests may run on: nothing depends on today's date.
NOT_BEFORE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
NOT_AFTER = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Authority:
    root_pem: Path  # the trust root, for `assess verify --trust`
    p12: Path  # the signer's key, certificate and chain, protected by PASSWORD
    other_root_pem: Path  # a root that certified nothing here


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Constabulary Ethics Board"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _ca(common: str, issuer: tuple[ec.EllipticCurvePrivateKey, x509.Certificate] | None = None
          ) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A CA: self-signed, or certified by `issuer` (an intermediate)."""
    key = ec.generate_private_key(ec.SECP256R1())
    signing_key, issuer_name = (key, _name(common)) if issuer is None else (issuer[0], issuer[1].subject)
    cert = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(issuer_name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(signing_key, hashes.SHA256()))
    return key, cert


def make_authority(directory: Path, key_kind: Literal["ec", "rsa"] = "ec",
                   chain: Literal["root", "none", "intermediate"] = "root") -> Authority:
    """`chain` says which CA certificates the PKCS#12 carries beside the signer's: the root that certified it,
    none, or only the intermediate that did (the root, which certified the intermediate, left out)."""
    root_key, root = _ca("Test Root CA")
    _, other = _ca("Some Other Root CA")
    issuer_key, issuer = (root_key, root) if chain != "intermediate" else _ca("Test Issuing CA", (root_key, root))
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey = (
        ec.generate_private_key(ec.SECP256R1()) if key_kind == "ec" else rsa.generate_private_key(65537, 2048))
    signer = (x509.CertificateBuilder().subject_name(_name("Report Signing")).issuer_name(issuer.subject)
              .public_key(key.public_key()).serial_number(x509.random_serial_number())
              .not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
              .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
              .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                           data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                           crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
              .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                             critical=False)
              .sign(issuer_key, hashes.SHA256()))
    directory.mkdir(parents=True, exist_ok=True)
    found = Authority(directory / "root.pem", directory / "org.p12", directory / "other-root.pem")
    found.root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    found.other_root_pem.write_bytes(other.public_bytes(serialization.Encoding.PEM))
    found.p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"report signing", key, signer, [] if chain == "none" else [issuer],
        serialization.BestAvailableEncryption(PASSWORD)))
    return found
