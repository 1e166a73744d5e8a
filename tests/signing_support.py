"""A throwaway certificate authority for the signing tests: a root, a signer it certifies, the signer's PKCS#12."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
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


def _root(common: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(_name(common))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return key, cert


def make_authority(directory: Path) -> Authority:
    root_key, root = _root("Test Root CA")
    _, other = _root("Some Other Root CA")
    key = ec.generate_private_key(ec.SECP256R1())
    signer = (x509.CertificateBuilder().subject_name(_name("Report Signing")).issuer_name(root.subject)
              .public_key(key.public_key()).serial_number(x509.random_serial_number())
              .not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
              .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
              .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                           data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                           crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
              .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
                             critical=False)
              .sign(root_key, hashes.SHA256()))
    directory.mkdir(parents=True, exist_ok=True)
    found = Authority(directory / "root.pem", directory / "org.p12", directory / "other-root.pem")
    found.root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    found.other_root_pem.write_bytes(other.public_bytes(serialization.Encoding.PEM))
    found.p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"report signing", key, signer, [root], serialization.BestAvailableEncryption(PASSWORD)))
    return found
