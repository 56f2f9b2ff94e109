"""``session.management_certificates``: the subscription's management certificates."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import base64
import binascii
import builtins
from typing import Annotated, Any

from .. import validation as v
from ..errors import InvalidInputError
from ..models.management_certificates import (
    AddSubscriptionCertificate,
    SubscriptionCertificate,
    SubscriptionCertificateList,
)
from ..operation import legacy, operation
from ._base import ResourceClient
from .certificates import THUMBPRINT

__all__ = ["BASE64", "ManagementCertificatesClient", "ManagementCertificatesLegacy"]


def _base64(field: str, value: Any) -> str:
    """Bytes, base64-encoded; or text that is already base64 (as the legacy API takes it)."""
    if isinstance(value, (bytes, bytearray)):
        if not value:
            raise InvalidInputError(field, "is required and must not be empty")
        return base64.b64encode(bytes(value)).decode("ascii")
    v.required(field, value)
    if not isinstance(value, str):
        raise InvalidInputError(field, "must be bytes or base64 text")
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInputError(field, "must be bytes or base64 text") from None
    return value


BASE64 = v.Rule(_base64, "bytes, or base64 text", on_server=False)
"""DER bytes (aiosm encodes them) or base64 text."""
_THUMBPRINT = Annotated[str, v.SEGMENT, THUMBPRINT]
_THUMB = "BEA4B74BD6B915E9DD6A01FB1B8C3C1740F517F2"


class ManagementCertificatesClient(ResourceClient):
    """Management certificates: the X.509 certificates allowed to call this subscription."""

    @operation(
        "GET",
        "/certificates",
        answer=SubscriptionCertificateList,
        unwrap="subscription_certificates",
        legacy="list_management_certificates",
    )
    async def list(self) -> builtins.list[SubscriptionCertificate]:
        """Every management certificate of the subscription."""

    @operation(
        "GET",
        "/certificates/{thumbprint}",
        answer=SubscriptionCertificate,
        legacy="get_management_certificate",
        example={"thumbprint": _THUMB},
    )
    async def get(self, thumbprint: _THUMBPRINT) -> SubscriptionCertificate:
        """One management certificate, by its SHA-1 thumbprint (hexadecimal)."""

    @operation(
        "POST",
        "/certificates",
        body=AddSubscriptionCertificate,
        statuses=(201,),
        legacy="add_management_certificate",
        example={"public_key": "MIIBCgKC", "thumbprint": _THUMB, "data": "MIIC9jCC"},
    )
    async def add(
        self,
        public_key: Annotated[str | bytes, BASE64],
        thumbprint: _THUMBPRINT,
        data: Annotated[str | bytes, BASE64],
    ) -> None:
        """Allow a certificate to call this subscription: its public key, its SHA-1 thumbprint and
        the certificate itself (.cer), each as bytes or base64 text. Done at once (201)."""

    @operation(
        "DELETE",
        "/certificates/{thumbprint}",
        legacy="delete_management_certificate",
        example={"thumbprint": _THUMB},
    )
    async def delete(self, thumbprint: _THUMBPRINT) -> None:
        """Stop accepting a certificate for this subscription (done at once)."""


class ManagementCertificatesLegacy:
    """Legacy facade methods of this family."""

    list_management_certificates = legacy(ManagementCertificatesClient.list)
    get_management_certificate = legacy(ManagementCertificatesClient.get)
    add_management_certificate = legacy(ManagementCertificatesClient.add)
    delete_management_certificate = legacy(ManagementCertificatesClient.delete)
