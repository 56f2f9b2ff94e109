"""Management certificates: load them from files and turn them into an ``ssl.SSLContext``.

ASM authenticates every request by mutual TLS with a *management certificate*
registered on the subscription. :func:`load_certificate` reads one from

* a PEM file holding certificate and private key (``openssl req -x509 -nodes
  -newkey rsa:2048 -keyout mycert.pem -out mycert.pem``),
* a certificate (PEM, or DER ``.cer``) plus a separate PEM key file,
  the key optionally encrypted,
* a PKCS#12 ``.pfx``/``.p12`` file, with or without password,
* a ``.publishsettings`` file downloaded from the portal,

and checks it completely (key matches certificate, validity period) before any
request is sent. :func:`build_ssl_context` makes the client TLS context.

Secrets never appear in a ``repr``, a log line or an exception message.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import logging
import os
import re
import secrets
import shutil
import ssl
import sys
import tempfile
import xml.parsers.expat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.types import (
    CertificateIssuerPrivateKeyTypes,
)
from cryptography.hazmat.primitives.serialization import pkcs12

from .errors import (
    CertificateExpiredError,
    CertificateFormatError,
    CertificateNotFoundError,
    CertificatePasswordError,
    InvalidInputError,
    UnsupportedCertificateStoreError,
)

log = logging.getLogger("aiosm")

__all__ = ["ManagementCertificate", "build_ssl_context", "load_certificate"]

_ENV_CERTFILE = "AZURE_MANAGEMENT_CERTFILE"

_STORE_PATH = re.compile(r"^(CURRENT_USER|LOCAL_MACHINE)\\", re.IGNORECASE)
_PEM_KEY = re.compile(
    rb"-----BEGIN ((?:ENCRYPTED |RSA |EC |DSA )?PRIVATE KEY)-----.*?-----END \1-----",
    re.DOTALL,
)
_PEM_CERT = re.compile(rb"-----BEGIN (?:X509 )?CERTIFICATE-----")
_SIGNING_KEY_TYPES = (
    rsa.RSAPrivateKey,
    ec.EllipticCurvePrivateKey,
    dsa.DSAPrivateKey,
    ed25519.Ed25519PrivateKey,
    ed448.Ed448PrivateKey,
)
# DER prefix of a PKCS#12 PFX: SEQUENCE { INTEGER 3, ContentInfo { OID pkcs7-data ...
_PKCS7_DATA_OID = bytes.fromhex("06092a864886f70d010701")
_PORTABLE_FORMS = (
    "use a portable form instead: a PEM file holding certificate and private key "
    "(openssl req -x509 -nodes -days 365 -newkey rsa:2048 -keyout mycert.pem -out mycert.pem), "
    "a .pfx/.p12 file (with password=...), or a .publishsettings file"
)


@dataclass(frozen=True, repr=False, eq=False)
class ManagementCertificate:
    """A loaded, checked management certificate with its private key.

    ``subscription_id`` and ``endpoint`` are set when it came from a
    ``.publishsettings`` file. The private key never appears in ``repr``/``str``.
    """

    certificate: x509.Certificate
    private_key: CertificateIssuerPrivateKeyTypes
    source: str
    subscription_id: str | None = None
    endpoint: str | None = None
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def thumbprint(self) -> str:
        """SHA-1 of the DER certificate in upper-case hex, as Azure shows it."""
        return self.certificate.fingerprint(hashes.SHA1()).hex().upper()

    @property
    def subject(self) -> str:
        """The certificate's subject, RFC 4514 form (``CN=AzureCertificate``)."""
        return self.certificate.subject.rfc4514_string()

    @property
    def not_valid_after(self) -> datetime:
        """End of the validity period (UTC, timezone-aware)."""
        return self.certificate.not_valid_after_utc

    def __repr__(self) -> str:
        return (
            f"ManagementCertificate(subject={self.subject!r}, thumbprint={self.thumbprint!r}, "
            f"not_valid_after={self.not_valid_after.isoformat()!r}, source={self.source!r})"
        )

    __str__ = __repr__


def load_certificate(
    cert: str | os.PathLike[str] | None = None,
    *,
    key_file: str | os.PathLike[str] | None = None,
    password: str | bytes | None = None,
    subscription_id: str | None = None,
    now: datetime | None = None,
) -> ManagementCertificate:
    """Load and check a management certificate; the format is detected from the content.

    ``cert`` is a PEM, DER (``.cer``, needs ``key_file``), PKCS#12 or
    ``.publishsettings`` file; when ``None`` the path comes from the
    ``AZURE_MANAGEMENT_CERTFILE`` environment variable. ``key_file`` is a PEM
    private key for a certificate file without one. ``password`` decrypts an
    encrypted key or PKCS#12 file (ignored when the key is not encrypted, and
    for publishsettings files, whose PKCS#12 has an empty password).
    ``subscription_id`` picks the ``Subscription`` of a publishsettings file
    (case-insensitive; the first one when ``None``).

    A certificate outside its validity period (relative to ``now``, default the
    current time) raises :class:`CertificateExpiredError` rather than warning:
    Azure refuses such certificates anyway, so failing early is clearer.

    Raises :class:`CertificateNotFoundError`, :class:`CertificatePasswordError`,
    :class:`CertificateFormatError`, :class:`CertificateExpiredError`,
    :class:`UnsupportedCertificateStoreError` or :class:`InvalidInputError`.
    This function does blocking file I/O; call it via ``asyncio.to_thread``
    from async code.
    """
    if cert is None or cert == "":
        cert = os.environ.get(_ENV_CERTFILE) or None
        if cert is None:
            raise InvalidInputError(
                "certificate",
                f"no certificate given and the environment variable {_ENV_CERTFILE} is not set; "
                "pass the path of a PEM, PFX or .publishsettings file",
            )
    path = os.path.expanduser(os.fspath(cert))
    if _STORE_PATH.match(path) and not os.path.isfile(path):
        if sys.platform == "win32":
            where = "aiosm does not read the Windows certificate store"
        else:
            where = "certificate-store paths exist only on Windows, and aiosm does not read the store"
        raise UnsupportedCertificateStoreError(f"{path}: {where}; {_PORTABLE_FORMS}")

    pw = password.encode("utf-8") if isinstance(password, str) else password
    data = _read(path, "certificate")
    kind = _detect(data)
    if key_file is not None and kind in ("pkcs12", "publishsettings"):
        raise InvalidInputError(
            "key_file",
            f"is only used with a PEM or DER certificate; {path} is a {kind} file",
        )

    if kind == "publishsettings":
        result = _from_publishsettings(data, path, subscription_id)
        if pw:
            _password_ignored(f"publishsettings file {path}")
    elif kind == "pkcs12":
        key, leaf, extra = _load_pkcs12(data, pw, f"PKCS#12 file {path}")
        result = ManagementCertificate(leaf, key, f"PKCS#12 file {path}", chain=extra)
    else:
        if kind == "pem":
            certs = _pem_certificates(data, path)
        else:
            certs = [_der_certificate(data, path)]
        key_path = os.path.expanduser(os.fspath(key_file)) if key_file is not None else None
        if key_path is not None:
            key = _load_key(_read(key_path, "key"), pw, f"key file {key_path}")
        elif kind == "pem" and _PEM_KEY.search(data):
            key = _load_key(data, pw, f"PEM file {path}")
        else:
            raise CertificateFormatError(
                f"{path} holds a certificate but no private key; use a PEM file with both, "
                "pass key_file=..., or use a .pfx/.p12 file"
            )
        leaf, extra = _pair(key, certs, path)
        label = "PEM file" if kind == "pem" else "DER certificate"
        source = f"{label} {path}" + (f" with key file {key_path}" if key_path else "")
        result = ManagementCertificate(leaf, key, source, chain=extra)

    _check_validity(result, now)
    return result


def build_ssl_context(
    cert: ManagementCertificate | None,
    *,
    ca_file: str | os.PathLike[str] | None = None,
    verify: bool = True,
) -> ssl.SSLContext:
    """Make the client TLS context presenting ``cert`` (no client certificate when ``None``).

    TLS 1.2 is the minimum. The system's default CAs are always trusted;
    ``ca_file`` (PEM) adds more, e.g. the embedded emulator's CA.
    ``verify=False`` turns off server certificate and hostname checks: for
    debugging only, never against the real service.
    """
    ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if ca_file is not None:
        ca_path = os.path.expanduser(os.fspath(ca_file))
        if not os.path.isfile(ca_path):
            raise CertificateNotFoundError(f"CA file {ca_path} does not exist")
        try:
            ctx.load_verify_locations(cafile=ca_path)
        except ssl.SSLError as exc:
            raise CertificateFormatError(f"CA file {ca_path} holds no usable PEM certificate") from exc
    if not verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    if cert is not None:
        with _private_chain_file(cert) as (chain_path, chain_password):
            try:
                ctx.load_cert_chain(chain_path, password=chain_password)
            except ssl.SSLError as exc:
                raise CertificateFormatError(
                    f"OpenSSL refused the certificate from {cert.source} ({exc.reason}); "
                    "note that current OpenSSL security levels refuse RSA keys under 2048 bits"
                ) from None
    return ctx


# -- building the context ------------------------------------------------------


@contextlib.contextmanager
def _private_chain_file(cert: ManagementCertificate) -> Iterator[tuple[str, bytes]]:
    """Yield (path, password) of a temporary PEM file: leaf, chain, then the key encrypted.

    ``SSLContext.load_cert_chain`` accepts only file names. The key is encrypted
    with a one-time random password so it never lands on disk in clear text, and
    the file lives in a fresh 0700 directory with 0600 permissions and is removed
    as soon as OpenSSL has read it.
    """
    # URL-safe text rather than raw bytes: no NUL byte can reach OpenSSL's
    # password callback, and 32 random bytes of entropy remain.
    password = secrets.token_urlsafe(32).encode("ascii")
    pem = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (cert.certificate, *cert.chain))
    pem += cert.private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password),
    )
    directory = tempfile.mkdtemp(prefix="aiosm-cert-")
    try:
        fd, path = tempfile.mkstemp(suffix=".pem", dir=directory)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        yield path, password
    finally:
        shutil.rmtree(directory, ignore_errors=True)


# -- loading -------------------------------------------------------------------


def _read(path: str, what: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise CertificateNotFoundError(f"cannot read {what} file {path}: {reason}") from None


def _detect(data: bytes) -> str:
    head = data.lstrip()
    if b"-----BEGIN " in data:
        return "pem"
    if head.startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return "publishsettings"
    if head[:1] == b"\x30" and _PKCS7_DATA_OID in data[:32]:
        return "pkcs12"
    return "der"


def _pem_certificates(data: bytes, path: str) -> list[x509.Certificate]:
    if not _PEM_CERT.search(data):
        raise CertificateFormatError(
            f"{path} holds no PEM certificate (a key file goes in key_file=, the certificate in cert=)"
        )
    try:
        return x509.load_pem_x509_certificates(data)
    except ValueError as exc:
        raise CertificateFormatError(f"{path}: unreadable PEM certificate") from exc


def _der_certificate(data: bytes, path: str) -> x509.Certificate:
    try:
        return x509.load_der_x509_certificate(data)
    except ValueError:
        raise CertificateFormatError(
            f"{path} is not a PEM, DER, PKCS#12 or .publishsettings certificate file"
        ) from None


def _load_key(data: bytes, password: bytes | None, where: str) -> CertificateIssuerPrivateKeyTypes:
    match = _PEM_KEY.search(data)
    block = match.group(0) if match else None
    encrypted = block is not None and (
        block.startswith(b"-----BEGIN ENCRYPTED") or b"Proc-Type: 4,ENCRYPTED" in block
    )
    key: Any
    try:
        if block is None:
            try:
                key = serialization.load_der_private_key(data, password if password else None)
            except TypeError:  # "Password was given but private key is not encrypted"
                if not password:
                    raise
                key = serialization.load_der_private_key(data, None)
                _password_ignored(where)
        elif encrypted:
            if not password:
                raise CertificatePasswordError(f"the private key in {where} is encrypted; pass password=...")
            key = serialization.load_pem_private_key(block, password, unsafe_skip_rsa_key_validation=True)
        else:
            # The RSA consistency check costs ~50 ms; the key is matched to the certificate below,
            # and OpenSSL checks the pair again when the TLS context loads it.
            key = serialization.load_pem_private_key(block, None, unsafe_skip_rsa_key_validation=True)
            if password:
                _password_ignored(where)
    except CertificatePasswordError:
        raise
    except (ValueError, TypeError, UnsupportedAlgorithm):
        if encrypted:
            raise CertificatePasswordError(f"wrong password for the private key in {where}") from None
        raise CertificateFormatError(f"{where} holds no readable private key") from None
    if not isinstance(key, _SIGNING_KEY_TYPES):
        raise CertificateFormatError(f"the key in {where} cannot sign; use an RSA or EC key")
    return key


def _password_ignored(where: str) -> None:
    log.info("aiosm: password= ignored: %s is not encrypted", where)


def _load_pkcs12(
    data: bytes, password: bytes | None, where: str
) -> tuple[CertificateIssuerPrivateKeyTypes, x509.Certificate, tuple[x509.Certificate, ...]]:
    # Files exported without a password may use either no password or the empty one; a password
    # given for such a file is ignored, as for a clear PEM key.
    candidates: list[bytes | None] = [password, None, b""] if password else [None, b""]
    loaded = None
    for candidate in candidates:
        try:
            loaded = pkcs12.load_key_and_certificates(data, candidate)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            continue
        if password and not candidate:
            _password_ignored(where)
        break
    if loaded is None:
        if password:
            raise CertificatePasswordError(f"wrong password for {where}, or the file is damaged")
        raise CertificatePasswordError(f"{where} is password-protected; pass password=...")
    key, leaf, extra = loaded
    if leaf is None or key is None:
        raise CertificateFormatError(f"{where} must hold both a certificate and its private key")
    if not isinstance(key, _SIGNING_KEY_TYPES):
        raise CertificateFormatError(f"the key in {where} cannot sign; use an RSA or EC key")
    if not _matches(key, leaf):
        raise CertificateFormatError(f"the private key in {where} does not belong to its certificate")
    return key, leaf, tuple(extra)


def _public_der(key: Any) -> bytes:
    return bytes(
        key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


def _matches(key: CertificateIssuerPrivateKeyTypes, cert: x509.Certificate) -> bool:
    return _public_der(key.public_key()) == _public_der(cert.public_key())


def _pair(
    key: CertificateIssuerPrivateKeyTypes, certs: list[x509.Certificate], path: str
) -> tuple[x509.Certificate, tuple[x509.Certificate, ...]]:
    for i, candidate in enumerate(certs):
        if _matches(key, candidate):
            return candidate, tuple(certs[:i] + certs[i + 1 :])
    raise CertificateFormatError(f"the private key does not belong to the certificate in {path}")


def _check_validity(cert: ManagementCertificate, now: datetime | None) -> None:
    moment = now or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    start = cert.certificate.not_valid_before_utc
    end = cert.certificate.not_valid_after_utc
    if moment > end:
        raise CertificateExpiredError(
            f"certificate {cert.thumbprint} ({cert.subject}) from {cert.source} expired on "
            f"{end.isoformat()}; Azure refuses expired management certificates"
        )
    if moment < start:
        raise CertificateExpiredError(
            f"certificate {cert.thumbprint} ({cert.subject}) from {cert.source} is not valid before "
            f"{start.isoformat()} (valid until {end.isoformat()})"
        )


# -- publishsettings -----------------------------------------------------------


def _parse_publishsettings(data: bytes, path: str) -> list[tuple[dict[str, str], list[dict[str, str]]]]:
    """Return [(profile attributes, [subscription attributes, ...]), ...].

    Parsed with expat directly so that any DOCTYPE or ENTITY declaration is refused
    rather than expanded.
    """
    profiles: list[tuple[dict[str, str], list[dict[str, str]]]] = []
    stack: list[str] = []

    def refuse(*_: object) -> None:
        raise CertificateFormatError(f"{path}: DOCTYPE and ENTITY declarations are not allowed")

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if not stack and local != "PublishData":
            raise CertificateFormatError(f"{path} is XML but not a .publishsettings file (root <{local}>)")
        if local == "PublishProfile" and len(stack) == 1:
            profiles.append((dict(attrs), []))
        elif local == "Subscription" and len(stack) == 2 and profiles:
            profiles[-1][1].append(dict(attrs))
        stack.append(local)

    def end(_name: str) -> None:
        stack.pop()

    parser = xml.parsers.expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise CertificateFormatError(f"{path}: malformed XML ({exc})") from None
    return profiles


def _from_publishsettings(data: bytes, path: str, subscription_id: str | None) -> ManagementCertificate:
    profiles = _parse_publishsettings(data, path)
    entries = [(profile, sub) for profile, subs in profiles for sub in subs]
    if not entries:
        raise CertificateFormatError(f"{path} has no PublishProfile/Subscription element")
    if subscription_id is None:
        profile, sub = entries[0]
    else:
        wanted = subscription_id.lower()
        found = [e for e in entries if e[1].get("Id", "").lower() == wanted]
        if not found:
            raise InvalidInputError(
                "subscription_id",
                f"no Subscription with Id {subscription_id} in {path}",
            )
        profile, sub = found[0]
    sub_id = sub.get("Id") or None
    encoded = sub.get("ManagementCertificate") or profile.get("ManagementCertificate")
    if not encoded:
        raise CertificateFormatError(f"{path}: subscription {sub_id} has no ManagementCertificate")
    try:
        raw = base64.b64decode("".join(encoded.split()), validate=True)
    except (binascii.Error, ValueError):
        raise CertificateFormatError(f"{path}: ManagementCertificate is not valid base64") from None
    where = f"publishsettings file {path} (subscription {sub_id})"
    try:
        # Azure writes this PKCS#12 with an empty password; ``password`` plays no part.
        key, leaf, extra = _load_pkcs12(raw, None, where)
    except CertificatePasswordError:
        raise CertificateFormatError(f"{where}: ManagementCertificate is not a readable PKCS#12") from None
    endpoint = sub.get("ServiceManagementUrl") or profile.get("Url") or None
    return ManagementCertificate(
        leaf,
        key,
        where,
        subscription_id=sub_id,
        endpoint=endpoint.rstrip("/") if endpoint else None,
        chain=extra,
    )
