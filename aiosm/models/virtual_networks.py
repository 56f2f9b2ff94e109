"""Models of virtual network sites (List Virtual Network Sites)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..xml import XmlList, XmlModel
from .common import Text
from .deployments import DnsServer

__all__ = [
    "AddressSpace",
    "Gateway",
    "LocalNetworkConnection",
    "LocalNetworkSite",
    "Subnet",
    "VirtualNetworkSite",
    "VirtualNetworkSiteList",
]


class AddressSpace(XmlModel):
    """``<AddressSpace><AddressPrefixes><AddressPrefix>``: CIDR ranges."""

    address_prefixes: Annotated[list[str], XmlList("AddressPrefix")] = Field(default_factory=list)


class Subnet(XmlModel):
    """A subnet of a virtual network."""

    name: Text = ""
    address_prefix: Text = ""
    network_security_group: Text = ""


class LocalNetworkConnection(XmlModel):
    """A gateway connection to a local network site (``Type``: ``IPsec`` or ``Dedicated``)."""

    type: Text = ""


class LocalNetworkSite(XmlModel):
    """An on-premises network the gateway connects to."""

    name: Text = ""
    address_space: AddressSpace | None = None
    vpn_gateway_address: Text = Field(default="", alias="VpnGatewayAddress")
    connections: Annotated[list[LocalNetworkConnection], XmlList("Connection")] = Field(default_factory=list)


class Gateway(XmlModel):
    """The virtual network's gateway: its size and the local network sites it connects."""

    profile: Text = ""
    sites: Annotated[list[LocalNetworkSite], XmlList("LocalNetworkSite")] = Field(default_factory=list)
    vpn_client_address_pool: AddressSpace | None = Field(default=None, alias="VPNClientAddressPool")


class VirtualNetworkSite(XmlModel):
    """A virtual network of the subscription, with its address space, subnets, DNS servers, gateway."""

    __xml_root__ = "VirtualNetworkSite"
    name: Text = ""
    label: Text = ""
    id: Text = Field(default="", alias="Id")
    affinity_group: Text = ""
    location: Text = ""
    state: Text = ""
    address_space: AddressSpace | None = None
    subnets: Annotated[list[Subnet], XmlList("Subnet")] = Field(default_factory=list)
    dns_servers: Annotated[list[DnsServer], XmlList("DnsServer")] = Field(default_factory=list)
    gateway: Gateway | None = None
    migration_state: Text = ""


class VirtualNetworkSiteList(XmlModel):
    """``GET /services/networking/virtualnetwork``."""

    __xml_root__ = "VirtualNetworkSites"
    virtual_network_sites: Annotated[
        list[VirtualNetworkSite], XmlList("VirtualNetworkSite", wrapper=False)
    ] = Field(default_factory=list)
