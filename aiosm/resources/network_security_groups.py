"""``session.network_security_groups``: network security groups."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from ._base import ResourceClient

__all__ = ["NetworkSecurityGroupsClient"]


class NetworkSecurityGroupsClient(ResourceClient):
    """Network security groups, their rules, and where they apply (subnets, role network interfaces)."""
