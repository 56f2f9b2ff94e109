"""Certificates of the emulator: a private CA, the server certificate and a management certificate.

:func:`ensure_certificates` makes them once into a directory (and reuses them
afterwards), writing the management certificate in every form the client
accepts: ``management.pem`` (certificate and key), ``management.cer`` (DER),
``management.pfx`` (no password) and ``subscription.publishsettings``.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import quoteattr

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

__all__ = [
    "DEFAULT_SUBSCRIPTION_ID",
    "CertificateBundle",
    "ensure_certificates",
    "issue_client_certificate",
    "thumbprint",
]

DEFAULT_SUBSCRIPTION_ID = "00000000-0000-0000-0000-0000000e0001"

_FILES = ("ca.pem", "ca.key", "server.pem", "management.pem", "management.cer", "management.pfx")


@dataclass(frozen=True)
class CertificateBundle:
    """Paths of the emulator's certificate files."""

    directory: Path
    subscription_id: str

    @property
    def ca_file(self) -> Path:
        """The private CA's certificate (PEM): the ``ca_file=`` of a session."""
        return self.directory / "ca.pem"

    @property
    def ca_key_file(self) -> Path:
        """The private CA's key (PEM), readable by its owner only."""
        return self.directory / "ca.key"

    @property
    def server_file(self) -> Path:
        """Server certificate and key (PEM)."""
        return self.directory / "server.pem"

    @property
    def certificate_file(self) -> Path:
        """The management certificate and its key (PEM)."""
        return self.directory / "management.pem"

    @property
    def cer_file(self) -> Path:
        """The management certificate alone (DER ``.cer``, as uploaded to a subscription)."""
        return self.directory / "management.cer"

    @property
    def pfx_file(self) -> Path:
        """The management certificate and key as PKCS#12 (no password)."""
        return self.directory / "management.pfx"

    @property
    def publishsettings_file(self) -> Path:
        """A ``.publishsettings`` file: subscription, certificate and the emulator's endpoint."""
        return self.directory / "subscription.publishsettings"

    def management_der(self) -> bytes:
        """The management certificate's DER bytes."""
        return self.cer_file.read_bytes()


def thumbprint(der: bytes) -> str:
    """SHA-1 of a DER certificate, upper-case hex (as Azure shows it)."""
    digest = hashes.Hash(hashes.SHA1())
    digest.update(der)
    return digest.finalize().hex().upper()


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _builder(
    subject: str,
    issuer: x509.Name,
    public_key: rsa.RSAPublicKey,
    issuer_key: rsa.RSAPublicKey | None = None,
) -> x509.CertificateBuilder:
    start = datetime.now(timezone.utc) - timedelta(hours=1)
    # Key identifiers: Python 3.13's default contexts verify strictly and require them.
    return (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=3650))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key or public_key), critical=False
        )
    )


def _pem_key(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _pem_cert(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _write(path: Path, data: bytes, *, private: bool = False) -> None:
    # Write then rename, so a reader never sees half a file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if private:
            os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _load_ca(bundle: CertificateBundle) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    cert = x509.load_pem_x509_certificate(bundle.ca_file.read_bytes())
    key = serialization.load_pem_private_key(bundle.ca_key_file.read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return cert, key


def issue_client_certificate(
    ca_cert: x509.Certificate, ca_key: rsa.RSAPrivateKey, cn: str = "aiosm-emulator-management"
) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """A client (management) certificate signed by the emulator CA."""
    key = _key()
    cert = (
        _builder(cn, ca_cert.subject, key.public_key(), ca_key.public_key())
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return cert, key


def client_certificate_pem(bundle: CertificateBundle, cn: str) -> bytes:
    """A new management certificate (cert + key PEM) signed by the bundle's CA, registered nowhere."""
    ca_cert, ca_key = _load_ca(bundle)
    cert, key = issue_client_certificate(ca_cert, ca_key, cn)
    return _pem_cert(cert) + _pem_key(key)


def _publishsettings(subscription_id: str, endpoint: str, pfx: bytes) -> bytes:
    encoded = base64.b64encode(pfx).decode("ascii")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<PublishData>\n'
        '  <PublishProfile SchemaVersion="2.0" PublishMethod="AzureServiceManagementAPI">\n'
        f"    <Subscription ServiceManagementUrl={quoteattr(endpoint)} Id={quoteattr(subscription_id)}"
        f' Name="aiosm emulator" ManagementCertificate="{encoded}" />\n'
        "  </PublishProfile>\n</PublishData>\n"
    ).encode()


def write_publishsettings(bundle: CertificateBundle, endpoint: str) -> None:
    """(Re)write the .publishsettings file naming ``endpoint`` as the ServiceManagementUrl."""
    _write(
        bundle.publishsettings_file,
        _publishsettings(bundle.subscription_id, endpoint, bundle.pfx_file.read_bytes()),
        private=True,
    )


def ensure_certificates(
    directory: str | os.PathLike[str],
    *,
    subscription_id: str = DEFAULT_SUBSCRIPTION_ID,
    endpoint: str = "https://127.0.0.1:8443",
) -> CertificateBundle:
    """Make the CA, server and management certificates in ``directory`` unless they are there."""
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)  # private keys live here (0700 when made here)
    bundle = CertificateBundle(path, subscription_id)
    if not all((path / name).is_file() for name in _FILES):
        ca_key = _key()
        ca_cert = (
            _builder("aiosm emulator CA", _name("aiosm emulator CA"), ca_key.public_key())
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
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
            .sign(ca_key, hashes.SHA256())
        )
        server_key = _key()
        server_cert = (
            _builder("localhost", ca_cert.subject, server_key.public_key(), ca_key.public_key())
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.SubjectAlternativeName(
                    [
                        x509.DNSName("localhost"),
                        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                        x509.IPAddress(ipaddress.ip_address("::1")),
                    ]
                ),
                critical=False,
            )
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        mgmt_cert, mgmt_key = issue_client_certificate(ca_cert, ca_key)
        pfx = pkcs12.serialize_key_and_certificates(
            b"aiosm-emulator", mgmt_key, mgmt_cert, None, serialization.NoEncryption()
        )
        _write(path / "ca.key", _pem_key(ca_key), private=True)
        _write(path / "server.pem", _pem_cert(server_cert) + _pem_key(server_key), private=True)
        _write(path / "management.pem", _pem_cert(mgmt_cert) + _pem_key(mgmt_key), private=True)
        _write(path / "management.cer", mgmt_cert.public_bytes(serialization.Encoding.DER))
        _write(path / "management.pfx", pfx, private=True)
        # The CA certificate last: its presence with the others marks a complete set.
        _write(path / "ca.pem", _pem_cert(ca_cert))
    write_publishsettings(bundle, endpoint)
    return bundle
