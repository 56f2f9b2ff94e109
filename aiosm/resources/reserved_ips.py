"""``session.reserved_ips``: reserved IP addresses."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from ._base import ResourceClient

__all__ = ["ReservedIPsClient", "ReservedIPsLegacy"]


class ReservedIPsClient(ResourceClient):
    """Reserved IP addresses: create, list, delete, and associate them with deployments."""


class ReservedIPsLegacy:
    """Legacy facade methods of this family."""
