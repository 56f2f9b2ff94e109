"""The emulator's management certificates: ``/certificates``.

A certificate added here can call the subscription at once (over mutual TLS), and a deleted one
no longer can: each request is authorised by the thumbprint of the client certificate it came
with (see :mod:`.app`). The certificate the emulator was started with is listed too, and cannot
be deleted, so the emulator stays reachable.
"""

from __future__ import annotations

import base64
import binascii
import warnings
from datetime import datetime, timezone

from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.utils import CryptographyDeprecationWarning

from ..models.management_certificates import (
    AddSubscriptionCertificate,
    SubscriptionCertificate,
    SubscriptionCertificateList,
)
from ._http import AsmFault, Handler, accepted, body_of, context, subscription, xml_response
from .certs import thumbprint as sha1_thumbprint
from .records import CertificateRecord

NOT_FOUND = "The certificate was not found."
BAD_DATA = "The certificate data is not valid: it must be the base-64 encoded form of a .cer file."
BAD_PUBLIC_KEY = "The public key of the certificate is not valid base-64."
OWN = (
    "The management certificate the emulator was started with cannot be deleted: it is how the "
    "emulator is reached."
)


def _load(der_or_pem: bytes) -> x509.Certificate:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CryptographyDeprecationWarning)
            if der_or_pem.lstrip().startswith(b"-----BEGIN"):
                return x509.load_pem_x509_certificate(der_or_pem)
            return x509.load_der_x509_certificate(der_or_pem)
    except ValueError:
        raise AsmFault(400, "BadRequest", BAD_DATA) from None


def _public_key(cert: x509.Certificate) -> str:
    """The public key as the portal shows it: PKCS#1 for RSA, SubjectPublicKeyInfo otherwise."""
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    else:
        der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode("ascii")


def _model(der: bytes, thumb: str, public_key: str | None, created: str | None) -> SubscriptionCertificate:
    cert = _load(der)
    when = (
        datetime.fromisoformat(created.replace("Z", "+00:00"))
        if created
        else cert.not_valid_before_utc.astimezone(timezone.utc)
    )
    return SubscriptionCertificate(
        subscription_certificate_public_key=public_key or _public_key(cert),
        subscription_certificate_thumbprint=thumb,
        subscription_certificate_data=base64.b64encode(der).decode("ascii"),
        created=when,
    )


def _decode(text: str, message: str) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise AsmFault(400, "BadRequest", message) from None
    if not raw:
        raise AsmFault(400, "BadRequest", message)
    return raw


def _initial(request: web.Request) -> tuple[str, bytes] | None:
    der = context(request).initial_certificates.get(subscription(request))
    return (sha1_thumbprint(der), der) if der is not None else None


def _records(request: web.Request) -> list[CertificateRecord]:
    sub = subscription(request)
    return [r for r in context(request).state.values(CertificateRecord) if r.subscription == sub]


async def list_certificates(request: web.Request) -> web.Response:
    items = [_model(r.der, r.thumbprint, r.public_key, r.created) for r in _records(request)]
    initial = _initial(request)
    if initial is not None and all(r.thumbprint != initial[0] for r in _records(request)):
        items.append(_model(initial[1], initial[0], None, None))
    items.sort(key=lambda c: c.subscription_certificate_thumbprint)
    return xml_response(SubscriptionCertificateList(subscription_certificates=items))


async def get_certificate(request: web.Request) -> web.Response:
    thumb = request.match_info["thumbprint"].upper()
    record = context(request).state.get(CertificateRecord, f"{subscription(request)}/{thumb}")
    if record is not None:
        return xml_response(_model(record.der, record.thumbprint, record.public_key, record.created))
    initial = _initial(request)
    if initial is not None and initial[0] == thumb:
        return xml_response(_model(initial[1], thumb, None, None))
    raise AsmFault(404, "ResourceNotFound", NOT_FOUND)


async def add_certificate(request: web.Request) -> web.Response:
    body = body_of(request, AddSubscriptionCertificate)
    raw = _decode(body.data, BAD_DATA)
    _decode(body.public_key, BAD_PUBLIC_KEY)
    cert = _load(raw)
    der = cert.public_bytes(serialization.Encoding.DER)
    thumb = sha1_thumbprint(der)
    if body.thumbprint.upper() != thumb:
        raise AsmFault(
            400, "BadRequest", f"The thumbprint {body.thumbprint} is not the certificate's ({thumb})."
        )
    sub = subscription(request)
    ctx = context(request)
    if thumb in ctx.certificates.get(sub, set()):
        raise AsmFault(
            409, "ConflictError", f"A management certificate with thumbprint {thumb} already exists."
        )
    created = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    record = CertificateRecord(
        subscription=sub, der=der, thumbprint=thumb, public_key=body.public_key, created=created
    )
    answer = accepted(
        request,
        "add_management_certificate",
        puts=[record],
        status=201,
        headers={"Location": f"{ctx.endpoint}/subscriptions/{sub}/certificates/{thumb}"},
    )
    if ctx.trust is not None:
        ctx.trust(der)
    ctx.certificates.setdefault(sub, set()).add(thumb)
    return answer


async def delete_certificate(request: web.Request) -> web.Response:
    thumb = request.match_info["thumbprint"].upper()
    sub = subscription(request)
    ctx = context(request)
    record = ctx.state.get(CertificateRecord, f"{sub}/{thumb}")
    initial = _initial(request)
    if initial is not None and initial[0] == thumb:
        raise AsmFault(409, "ConflictError", OWN)
    if record is None:
        raise AsmFault(404, "ResourceNotFound", NOT_FOUND)
    answer = accepted(request, "delete_management_certificate", deletes=[record.ref], status=200)
    ctx.certificates.get(sub, set()).discard(thumb)
    return answer


HANDLERS: dict[str, Handler] = {
    "management_certificates.list": list_certificates,
    "management_certificates.get": get_certificate,
    "management_certificates.add": add_certificate,
    "management_certificates.delete": delete_certificate,
}
