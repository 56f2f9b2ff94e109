"""``session.dns_servers``: DNS servers of a deployment."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from ._base import ResourceClient

__all__ = ["DnsServersClient", "DnsServersLegacy"]


class DnsServersClient(ResourceClient):
    """DNS servers of a deployment: add, update, delete."""


class DnsServersLegacy:
    """Legacy facade methods of this family."""
