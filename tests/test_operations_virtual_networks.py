"""session.virtual_networks: list_sites."""

from __future__ import annotations

import ssl

from aioresponses import aioresponses
from conftest import SUB, assert_read_headers, doc, only_request, respond_xml, url

from aiosm import ServiceManagementService, ServiceManagementSession

SITE = (
    "<VirtualNetworkSite><Name>corpnet</Name><Label>corp</Label><Id>7b5f</Id><AffinityGroup>ag</AffinityGroup>"
    "<State>Created</State><AddressSpace><AddressPrefixes><AddressPrefix>10.0.0.0/16</AddressPrefix>"
    "</AddressPrefixes></AddressSpace><Subnets><Subnet><Name>FrontEnd</Name><AddressPrefix>10.0.1.0/24"
    "</AddressPrefix></Subnet></Subnets><DnsServers><DnsServer><Name>DNS01</Name><Address>10.0.2.4</Address>"
    "</DnsServer></DnsServers><Gateway><Profile>Small</Profile><Sites><LocalNetworkSite><Name>onprem</Name>"
    "<AddressSpace><AddressPrefixes><AddressPrefix>192.168.0.0/24</AddressPrefix></AddressPrefixes>"
    "</AddressSpace><VpnGatewayAddress>131.2.3.4</VpnGatewayAddress><Connections><Connection><Type>IPsec</Type>"
    "</Connection></Connections></LocalNetworkSite></Sites><VPNClientAddressPool><AddressPrefixes>"
    "<AddressPrefix>172.16.0.0/24</AddressPrefix></AddressPrefixes></VPNClientAddressPool></Gateway>"
    "</VirtualNetworkSite>"
)


async def test_list_sites(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url("/services/networking/virtualnetwork"), doc("VirtualNetworkSites", SITE))
    (site,) = await session.virtual_networks.list_sites()
    _, _, kwargs = only_request(mock)
    assert_read_headers(kwargs)
    assert (site.name, site.label, site.id, site.affinity_group, site.state) == (
        "corpnet",
        "corp",
        "7b5f",
        "ag",
        "Created",
    )
    assert site.address_space is not None and site.address_space.address_prefixes == ["10.0.0.0/16"]
    assert [(s.name, s.address_prefix) for s in site.subnets] == [("FrontEnd", "10.0.1.0/24")]
    assert [(d.name, d.address) for d in site.dns_servers] == [("DNS01", "10.0.2.4")]
    gateway = site.gateway
    assert gateway is not None and gateway.profile == "Small"
    (local,) = gateway.sites
    assert (local.name, local.vpn_gateway_address) == ("onprem", "131.2.3.4")
    assert [c.type for c in local.connections] == ["IPsec"]
    assert gateway.vpn_client_address_pool is not None
    assert gateway.vpn_client_address_pool.address_prefixes == ["172.16.0.0/24"]


async def test_legacy_name(mock: aioresponses) -> None:
    respond_xml(mock, "GET", url("/services/networking/virtualnetwork"), doc("VirtualNetworkSites"))
    async with ServiceManagementService(SUB, ssl.create_default_context()) as sms:
        assert await sms.list_virtual_network_sites() == []
