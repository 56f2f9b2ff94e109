"""The emulator's service certificates: ``/services/hostedservices/{service}/certificates``.

A certificate is known by the SHA-1 of its DER form (for a PFX, of the certificate inside it,
opened with its password). Only the public part is kept: the PFX, its key and its password are
never stored, logged or echoed.
"""

from __future__ import annotations

import base64
import binascii
import warnings

from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.utils import CryptographyDeprecationWarning

from ..models.certificates import Certificate, CertificateFile, CertificateFormat, CertificateList
from ._http import AsmFault, Handler, accepted, body_of, context, subscription, url, xml_response
from ._pfx_limits import PfxStructureError, check_iterations
from .certs import thumbprint as sha1_thumbprint
from .lookups import find_service
from .records import ServiceCertificateRecord, service_certificate_key
from .repository import service_certificates

NOT_FOUND = "The certificate was not found."
BAD_DATA = "The certificate data is not valid: it must be the base-64 encoded form of a .pfx or .cer file."
BAD_PASSWORD = "The specified password for the certificate is not valid."
ALGORITHM = "sha1"


def _from_pfx(raw: bytes, password: str) -> x509.Certificate:
    try:
        is_pfx = check_iterations(raw)
    except PfxStructureError as exc:
        raise AsmFault(400, "BadRequest", f"The .pfx file is refused: {exc}.") from None
    if not is_pfx:
        raise AsmFault(400, "BadRequest", BAD_DATA)
    attempts = [password.encode("utf-8")] if password else [None, b""]
    for secret in attempts:
        try:
            with warnings.catch_warnings():
                # Certificates Windows made (negative serial numbers, as the legacy tests' own) load
                # with a deprecation warning: the service accepted them, and so does the emulator.
                warnings.simplefilter("ignore", CryptographyDeprecationWarning)
                _, cert, _ = pkcs12.load_key_and_certificates(raw, secret)
        except (ValueError, TypeError):
            continue
        if cert is None:
            raise AsmFault(400, "BadRequest", BAD_DATA)
        return cert
    raise AsmFault(400, "BadRequest", BAD_PASSWORD)


def _from_cer(raw: bytes) -> x509.Certificate:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CryptographyDeprecationWarning)
            if raw.lstrip().startswith(b"-----BEGIN"):
                return x509.load_pem_x509_certificate(raw)
            return x509.load_der_x509_certificate(raw)
    except ValueError:
        raise AsmFault(400, "BadRequest", BAD_DATA) from None


def certificate_of(body: CertificateFile) -> bytes:
    """The DER bytes of the certificate an upload carries, or the service's 400 answer."""
    try:
        raw = base64.b64decode(str(body.data), validate=True)
    except (binascii.Error, ValueError):
        raise AsmFault(400, "BadRequest", BAD_DATA) from None
    if not raw:
        raise AsmFault(400, "BadRequest", BAD_DATA)
    if body.certificate_format == CertificateFormat.PFX:
        cert = _from_pfx(raw, str(body.password))
    else:
        cert = _from_cer(raw)
    return cert.public_bytes(serialization.Encoding.DER)


def _path(service: str, algorithm: str, thumbprint: str) -> str:
    return f"/services/hostedservices/{service}/certificates/{algorithm}-{thumbprint}"


def _find(request: web.Request) -> ServiceCertificateRecord:
    service = find_service(request)
    key = service_certificate_key(
        service.name, request.match_info["thumbalgorithm"], request.match_info["thumbprint"]
    )
    record = context(request).state.get(ServiceCertificateRecord, key)
    if record is None:
        raise AsmFault(404, "ResourceNotFound", NOT_FOUND)
    return record


async def list_certificates(request: web.Request) -> web.Response:
    service = find_service(request)
    items = [
        Certificate(
            certificate_url=url(request, _path(service.name, r.algorithm, r.thumbprint)),
            thumbprint=r.thumbprint,
            thumbprint_algorithm=r.algorithm,
            data=base64.b64encode(r.der).decode("ascii"),
        )
        for r in service_certificates(context(request).state, service.name)
    ]
    return xml_response(CertificateList(certificates=items))


async def get_certificate(request: web.Request) -> web.Response:
    record = _find(request)
    # As the service: Get answers the public data alone (no URL, thumbprint or algorithm).
    return xml_response(Certificate(data=base64.b64encode(record.der).decode("ascii")))


async def add_certificate(request: web.Request) -> web.Response:
    service = find_service(request)
    der = certificate_of(body_of(request, CertificateFile))
    record = ServiceCertificateRecord(
        subscription=subscription(request),
        service=service.name,
        algorithm=ALGORITHM,
        thumbprint=sha1_thumbprint(der),
        der=der,
    )
    state = context(request).state
    if state.get(ServiceCertificateRecord, record.key) is not None or state.pending_put(
        ServiceCertificateRecord, record.key
    ):
        raise AsmFault(
            409,
            "ConflictError",
            f"A certificate with thumbprint {ALGORITHM}-{record.thumbprint} already exists "
            f"in the hosted service {service.name}.",
        )
    return accepted(request, "add_service_certificate", puts=[record])


async def delete_certificate(request: web.Request) -> web.Response:
    record = _find(request)
    return accepted(request, "delete_service_certificate", deletes=[record.ref])


HANDLERS: dict[str, Handler] = {
    "certificates.list": list_certificates,
    "certificates.get": get_certificate,
    "certificates.add": add_certificate,
    "certificates.delete": delete_certificate,
}
