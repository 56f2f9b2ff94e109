"""Make throw-away certificates, keys and credential files for tests."""

from __future__ import annotations

import base64
import ipaddress
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import quoteattr

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import (
    CertificateIssuerPrivateKeyTypes,
)
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

Key = CertificateIssuerPrivateKeyTypes


def make_key(kind: str = "rsa", bits: int = 2048) -> Key:
    if kind == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def make_cert(
    cn: str = "aiosm-test",
    *,
    key: Key | None = None,
    key_type: str = "rsa",
    bits: int = 2048,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    days: int = 365,
    issuer: tuple[x509.Certificate, Key] | None = None,
    ca: bool = True,
    hosts: tuple[str, ...] = (),
) -> tuple[x509.Certificate, Key]:
    """A certificate and its key; self-signed unless ``issuer`` (cert, key) is given.

    Like ``openssl req -x509``, a self-signed certificate gets CA:TRUE by default.
    """
    key = key or make_key(key_type, bits)
    start = not_before or datetime.now(timezone.utc) - timedelta(minutes=5)
    end = not_after or start + timedelta(days=days)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    issuer_name, signer = (issuer[0].subject, issuer[1]) if issuer else (name, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        # Key identifiers: Python 3.13's default contexts verify strictly and require them.
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    if hosts:
        names: list[x509.GeneralName] = []
        for host in hosts:
            try:
                names.append(x509.IPAddress(ipaddress.ip_address(host)))
            except ValueError:
                names.append(x509.DNSName(host))
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return builder.sign(signer, hashes.SHA256()), key


def thumbprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA1()).hex().upper()


def cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def cert_der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def key_pem(key: Key, password: bytes | None = None, *, traditional: bool = False) -> bytes:
    """PKCS#8 PEM ("PRIVATE KEY"), or "RSA/EC PRIVATE KEY" when ``traditional``."""
    fmt = serialization.PrivateFormat.TraditionalOpenSSL if traditional else serialization.PrivateFormat.PKCS8
    enc: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    )
    return key.private_bytes(serialization.Encoding.PEM, fmt, enc)


def pfx(
    cert: x509.Certificate,
    key: Key | None,
    password: bytes | None = None,
    cas: tuple[x509.Certificate, ...] = (),
) -> bytes:
    enc: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    )
    return pkcs12.serialize_key_and_certificates(b"aiosm", key, cert, list(cas), enc)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def publishsettings_v2(subscriptions: list[tuple[str, str, str, bytes]]) -> bytes:
    """Schema 2.0: one ``(id, name, ServiceManagementUrl, pfx)`` per Subscription."""
    subs = "".join(
        f"\n    <Subscription ServiceManagementUrl={quoteattr(url)} Id={quoteattr(sid)}"
        f" Name={quoteattr(name)} ManagementCertificate={quoteattr(_b64(data))} />"
        for sid, name, url, data in subscriptions
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<PublishData>\n'
        '  <PublishProfile SchemaVersion="2.0" PublishMethod="AzureServiceManagementAPI">'
        f"{subs}\n  </PublishProfile>\n</PublishData>\n"
    ).encode()


def publishsettings_v1(profile_pfx: bytes, url: str, subscriptions: list[tuple[str, str]]) -> bytes:
    """Schema 1.0: the certificate and ``Url`` on PublishProfile; ``(id, name)`` subs."""
    subs = "".join(
        f"\n    <Subscription Id={quoteattr(sid)} Name={quoteattr(name)} />" for sid, name in subscriptions
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<PublishData>\n'
        f'  <PublishProfile PublishMethod="AzureServiceManagementAPI" Url={quoteattr(url)}'
        f" ManagementCertificate={quoteattr(_b64(profile_pfx))}>"
        f"{subs}\n  </PublishProfile>\n</PublishData>\n"
    ).encode()
