"""``session.certificates``: service certificates of a cloud service."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from ._base import ResourceClient

__all__ = ["ServiceCertificatesClient", "ServiceCertificatesLegacy"]


class ServiceCertificatesClient(ResourceClient):
    """Service certificates of a cloud service (PFX or CER), by thumbprint."""


class ServiceCertificatesLegacy:
    """Legacy facade methods of this family."""
