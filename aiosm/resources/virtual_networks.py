"""``session.virtual_networks``: virtual network sites."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from ._base import ResourceClient

__all__ = ["VirtualNetworksClient", "VirtualNetworksLegacy"]


class VirtualNetworksClient(ResourceClient):
    """Virtual networks of the subscription."""


class VirtualNetworksLegacy:
    """Legacy facade methods of this family."""
