"""Models of the network configuration (Get/Set Network Configuration, the ``netcfg`` document)."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field

from ..xml import ATTRIBUTE, OMIT_EMPTY, XmlList, XmlModel
from .common import Text

__all__ = [
    "NETWORK_CONFIGURATION_NS",
    "AddressAvailability",
    "NetcfgAddressSpace",
    "NetcfgDns",
    "NetcfgDnsServer",
    "NetcfgDnsServerRef",
    "NetcfgGateway",
    "NetcfgLocalNetworkConnection",
    "NetcfgLocalNetworkSite",
    "NetcfgLocalNetworkSiteRef",
    "NetcfgSubnet",
    "NetcfgVirtualNetworkSite",
    "NetworkConfiguration",
    "VirtualNetworkConfiguration",
]

NETWORK_CONFIGURATION_NS = "http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration"
"""The namespace of the network configuration document."""

Attr = Annotated[str, ATTRIBUTE]


class _NetworkModel(XmlModel):
    """A part of the network configuration document (its own namespace)."""

    __xml_ns__: ClassVar[str] = NETWORK_CONFIGURATION_NS


class NetcfgDnsServer(_NetworkModel):
    """``<DnsServer name="..." IPAddress="..."/>``: a DNS server the virtual networks may use."""

    name: Attr = Field(default="", alias="name")
    ip_address: Attr = Field(default="", alias="IPAddress")


class NetcfgDns(_NetworkModel):
    """``<Dns><DnsServers>``: the DNS servers of the configuration."""

    dns_servers: Annotated[list[NetcfgDnsServer], XmlList("DnsServer")] = Field(default_factory=list)


class NetcfgAddressSpace(_NetworkModel):
    """``<AddressSpace><AddressPrefix>...``: CIDR ranges."""

    address_prefixes: Annotated[list[str], XmlList("AddressPrefix", wrapper=False)] = Field(
        default_factory=list
    )


class NetcfgLocalNetworkSite(_NetworkModel):
    """An on-premises network: its address space and its VPN device's address."""

    name: Attr = Field(default="", alias="name")
    address_space: NetcfgAddressSpace = Field(default_factory=NetcfgAddressSpace)
    vpn_gateway_address: Annotated[str, OMIT_EMPTY] = Field(default="", alias="VPNGatewayAddress")


class NetcfgSubnet(_NetworkModel):
    """``<Subnet name="..."><AddressPrefix>``: a range of the virtual network's address space."""

    name: Attr = Field(default="", alias="name")
    address_prefix: Text = ""


class NetcfgDnsServerRef(_NetworkModel):
    """``<DnsServerRef name="..."/>``: a DNS server (of ``<Dns>``) the virtual network uses."""

    name: Attr = Field(default="", alias="name")


class NetcfgLocalNetworkConnection(_NetworkModel):
    """``<Connection type="IPsec"/>`` (or ``Dedicated``)."""

    type: Attr = Field(default="IPsec", alias="type")


class NetcfgLocalNetworkSiteRef(_NetworkModel):
    """A gateway's connection to a local network site."""

    name: Attr = Field(default="", alias="name")
    connection: NetcfgLocalNetworkConnection | None = None


class NetcfgGateway(_NetworkModel):
    """``<Gateway profile="...">``: its size, the point-to-site client pool and the connections to
    local network sites."""

    profile: Attr = Field(default="", alias="profile")

    vpn_client_address_pool: NetcfgAddressSpace | None = Field(default=None, alias="VPNClientAddressPool")
    connections_to_local_network: Annotated[
        list[NetcfgLocalNetworkSiteRef], XmlList("LocalNetworkSiteRef")
    ] = Field(default_factory=list)


class NetcfgVirtualNetworkSite(_NetworkModel):
    """A virtual network: in a location (or an affinity group), its address space, subnets,
    DNS server references and gateway."""

    name: Attr = Field(default="", alias="name")
    location: Attr = Field(default="", alias="Location")
    affinity_group: Attr = Field(default="", alias="AffinityGroup")
    label: Text = ""
    address_space: NetcfgAddressSpace = Field(default_factory=NetcfgAddressSpace)
    subnets: Annotated[list[NetcfgSubnet], XmlList("Subnet")] = Field(default_factory=list)
    dns_servers_ref: Annotated[list[NetcfgDnsServerRef], XmlList("DnsServerRef"), OMIT_EMPTY] = Field(
        default_factory=list
    )
    gateway: NetcfgGateway | None = None


class VirtualNetworkConfiguration(_NetworkModel):
    """``<VirtualNetworkConfiguration>``: DNS servers, local network sites, virtual network sites."""

    dns: NetcfgDns | None = None
    local_network_sites: Annotated[list[NetcfgLocalNetworkSite], XmlList("LocalNetworkSite"), OMIT_EMPTY] = (
        Field(default_factory=list)
    )
    virtual_network_sites: Annotated[list[NetcfgVirtualNetworkSite], XmlList("VirtualNetworkSite")] = Field(
        default_factory=list
    )


class NetworkConfiguration(_NetworkModel):
    """The subscription's network configuration (``GET``/``PUT /services/networking/media``)."""

    __xml_root__ = "NetworkConfiguration"
    virtual_network_configuration: VirtualNetworkConfiguration = Field(
        default_factory=VirtualNetworkConfiguration
    )

    def site(self, name: str) -> NetcfgVirtualNetworkSite | None:
        """The virtual network site ``name`` (case-insensitive), if any."""
        for site in self.virtual_network_configuration.virtual_network_sites:
            if site.name.lower() == name.lower():
                return site
        return None


class AddressAvailability(XmlModel):
    """``AddressAvailabilityResponse``: whether an address of a virtual network is free, and
    some free addresses near it."""

    __xml_root__ = "AddressAvailabilityResponse"
    is_available: bool = False
    available_addresses: Annotated[list[str], XmlList("AvailableAddress")] = Field(default_factory=list)
