"""``session.certificates``: service certificates of a cloud service."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import base64
import binascii
import builtins
import re
from typing import Annotated, Any

from .. import validation as v
from ..errors import InvalidInputError
from ..models.certificates import Certificate, CertificateFile, CertificateFormat, CertificateList
from ..operation import LONG_RUNNING, legacy, operation
from ..operations import AsyncOperation
from ..secret import Secret
from ._base import ResourceClient
from .hosted_services import ServiceName

__all__ = [
    "CERTIFICATE_DATA",
    "THUMBPRINT",
    "THUMBPRINT_ALGORITHM",
    "ServiceCertificatesClient",
    "ServiceCertificatesLegacy",
]

_HEX = re.compile(r"^[0-9A-Fa-f]{1,128}$")
_ALGORITHM = re.compile(r"^[A-Za-z0-9]{1,16}$")


def _thumbprint(field: str, value: Any) -> str:
    v.path_segment(field, value)
    if not _HEX.match(value):
        raise InvalidInputError(field, "must be the certificate's thumbprint in hexadecimal")
    return str(value)


def _algorithm(field: str, value: Any) -> str:
    v.path_segment(field, value)
    if not _ALGORITHM.match(value):
        raise InvalidInputError(field, "must be a thumbprint algorithm such as 'sha1' (letters and digits)")
    return str(value)


def _certificate_data(field: str, value: Any) -> Secret:
    """The file's bytes base64-encoded, or text that is already base64 (as the legacy API takes it)."""
    if isinstance(value, (bytes, bytearray)):
        if not value:
            raise InvalidInputError(field, "is required and must not be empty")
        return Secret(base64.b64encode(bytes(value)).decode("ascii"))
    v.required(field, value)
    if not isinstance(value, str):
        raise InvalidInputError(field, "must be the file's bytes or its base64 text")
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInputError(field, "must be the file's bytes or its base64 text") from None
    return Secret(value)


def _password(field: str, value: Any) -> Secret:
    if value is None:
        return Secret("")  # the element is written empty, as for a .cer
    return Secret(v.string(field, value))


THUMBPRINT = v.Rule(_thumbprint, "hexadecimal thumbprint", service_message="The thumbprint is not valid.")
"""A certificate thumbprint in a URL path: hexadecimal."""
THUMBPRINT_ALGORITHM = v.Rule(
    _algorithm, "letters and digits, e.g. sha1", service_message="The thumbprint algorithm is not valid."
)
"""The thumbprint's algorithm in a URL path (``sha1``)."""
CERTIFICATE_DATA = v.Rule(_certificate_data, "the file's bytes, or its base64 text", on_server=False)
"""A .pfx or .cer file: bytes (aiosm encodes them) or base64 text, sent as a secret."""
_PASSWORD = v.Rule(_password, "a string (empty for a .cer)", on_server=False)

Thumbprint = Annotated[str, v.SEGMENT, THUMBPRINT]
Algorithm = Annotated[str, v.SEGMENT, THUMBPRINT_ALGORITHM]
_CERTS = "/services/hostedservices/{service_name}/certificates"
_CERT = _CERTS + "/{thumbalgorithm}-{thumbprint}"
_LOCK = "cloud_service:{service_name}"  # one change of a cloud service at a time, as Azure
_THUMB = "BEA4B74BD6B915E9DD6A01FB1B8C3C1740F517F2"


class ServiceCertificatesClient(ResourceClient):
    """Service certificates of a cloud service (PFX or CER), by thumbprint."""

    @operation(
        "GET",
        _CERTS,
        answer=CertificateList,
        unwrap="certificates",
        legacy="list_service_certificates",
        example={"service_name": "mysvc"},
    )
    async def list(self, service_name: ServiceName) -> builtins.list[Certificate]:
        """Every certificate of the cloud service (URL, thumbprint, algorithm and public data)."""

    @operation(
        "GET",
        _CERT,
        answer=Certificate,
        legacy="get_service_certificate",
        example={"service_name": "mysvc", "thumbalgorithm": "sha1", "thumbprint": _THUMB},
    )
    async def get(
        self, service_name: ServiceName, thumbalgorithm: Algorithm, thumbprint: Thumbprint
    ) -> Certificate:
        """The public part of one certificate (the service answers ``data`` only: base64 DER)."""

    @operation(
        "POST",
        _CERTS,
        body=CertificateFile,
        answer=LONG_RUNNING,
        lock=_LOCK,
        legacy="add_service_certificate",
        example={"service_name": "mysvc", "data": "MIIC9jCC", "certificate_format": "pfx", "password": "pw"},
    )
    async def add(
        self,
        service_name: ServiceName,
        data: Annotated[str | bytes, CERTIFICATE_DATA],
        certificate_format: Annotated[str, v.choice_rule(CertificateFormat)],
        password: Annotated[str | None, _PASSWORD] = None,
    ) -> AsyncOperation:
        """Upload a ``pfx`` (with ``password``) or ``cer`` file: its bytes, or base64 text as the
        legacy API takes it. The thumbprint is the SHA-1 of the certificate."""

    @operation(
        "DELETE",
        _CERT,
        answer=LONG_RUNNING,
        lock=_LOCK,
        legacy="delete_service_certificate",
        example={"service_name": "mysvc", "thumbalgorithm": "sha1", "thumbprint": _THUMB},
    )
    async def delete(
        self, service_name: ServiceName, thumbalgorithm: Algorithm, thumbprint: Thumbprint
    ) -> AsyncOperation:
        """Remove a certificate from the cloud service."""


class ServiceCertificatesLegacy:
    """Legacy facade methods of this family."""

    list_service_certificates = legacy(ServiceCertificatesClient.list)
    get_service_certificate = legacy(ServiceCertificatesClient.get)
    add_service_certificate = legacy(ServiceCertificatesClient.add)
    delete_service_certificate = legacy(ServiceCertificatesClient.delete)
