"""``session.virtual_networks``: the subscription's virtual network sites."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import builtins

from ..models.virtual_networks import VirtualNetworkSite, VirtualNetworkSiteList
from ..operation import legacy, operation
from ._base import ResourceClient

__all__ = ["VirtualNetworksClient", "VirtualNetworksLegacy"]


class VirtualNetworksClient(ResourceClient):
    """Virtual network sites (their configuration is written with the network configuration)."""

    @operation(
        "GET",
        "/services/networking/virtualnetwork",
        answer=VirtualNetworkSiteList,
        unwrap="virtual_network_sites",
        legacy="list_virtual_network_sites",
    )
    async def list_sites(self) -> builtins.list[VirtualNetworkSite]:
        """Every virtual network of the subscription: address space, subnets, DNS servers, gateway."""


class VirtualNetworksLegacy:
    """Legacy facade methods of this family."""

    list_virtual_network_sites = legacy(VirtualNetworksClient.list_sites)
