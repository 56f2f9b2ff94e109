"""``session.network``: the network configuration."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from ._base import ResourceClient

__all__ = ["NetworkConfigurationClient"]


class NetworkConfigurationClient(ResourceClient):
    """The network configuration: virtual network sites, subnets, DNS servers, local networks."""
