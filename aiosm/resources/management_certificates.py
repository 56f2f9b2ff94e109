"""``session.management_certificates``: the subscription's management certificates."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from ._base import ResourceClient

__all__ = ["ManagementCertificatesClient", "ManagementCertificatesLegacy"]


class ManagementCertificatesClient(ResourceClient):
    """Management certificates: the X.509 certificates allowed to call this subscription."""


class ManagementCertificatesLegacy:
    """Legacy facade methods of this family."""
