"""``session.gateways``: virtual network gateways."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from ._base import ResourceClient

__all__ = ["VirtualNetworkGatewaysClient"]


class VirtualNetworkGatewaysClient(ResourceClient):
    """Virtual network gateways: the gateway, its shared keys, connections and diagnostics."""
