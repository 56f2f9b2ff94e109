"""session.network: Get/Set Network Configuration, the address check, the netcfg model."""

from __future__ import annotations

import pytest
from aioresponses import aioresponses
from conftest import RID, accept, assert_read_headers, doc, header, only_request, respond_xml, url

from aiosm import ServiceManagementSession
from aiosm.errors import InvalidInputError
from aiosm.models.network import (
    NETWORK_CONFIGURATION_NS,
    NetcfgAddressSpace,
    NetcfgSubnet,
    NetcfgVirtualNetworkSite,
    NetworkConfiguration,
    VirtualNetworkConfiguration,
)

MEDIA = "/services/networking/media"

# The shape of the reference's example netcfg document (Set Network Configuration).
REFERENCE = f"""<?xml version="1.0" encoding="utf-8"?>
<NetworkConfiguration xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="{NETWORK_CONFIGURATION_NS}">
  <VirtualNetworkConfiguration>
    <Dns>
      <DnsServers>
        <DnsServer name="dns1" IPAddress="10.0.0.4" />
      </DnsServers>
    </Dns>
    <LocalNetworkSites>
      <LocalNetworkSite name="onprem">
        <AddressSpace>
          <AddressPrefix>192.168.0.0/24</AddressPrefix>
        </AddressSpace>
        <VPNGatewayAddress>131.107.72.22</VPNGatewayAddress>
      </LocalNetworkSite>
    </LocalNetworkSites>
    <VirtualNetworkSites>
      <VirtualNetworkSite name="vnet1" AffinityGroup="ag1">
        <Label>first</Label>
        <AddressSpace>
          <AddressPrefix>10.0.0.0/8</AddressPrefix>
          <AddressPrefix>172.16.0.0/12</AddressPrefix>
        </AddressSpace>
        <Subnets>
          <Subnet name="FrontEnd">
            <AddressPrefix>10.0.0.0/24</AddressPrefix>
          </Subnet>
          <Subnet name="GatewaySubnet">
            <AddressPrefix>10.0.1.0/29</AddressPrefix>
          </Subnet>
        </Subnets>
        <DnsServersRef>
          <DnsServerRef name="dns1" />
        </DnsServersRef>
        <Gateway profile="Small">
          <VPNClientAddressPool>
            <AddressPrefix>172.16.0.0/24</AddressPrefix>
          </VPNClientAddressPool>
          <ConnectionsToLocalNetwork>
            <LocalNetworkSiteRef name="onprem">
              <Connection type="IPsec" />
            </LocalNetworkSiteRef>
          </ConnectionsToLocalNetwork>
        </Gateway>
      </VirtualNetworkSite>
      <VirtualNetworkSite name="vnet2" Location="West US">
        <AddressSpace>
          <AddressPrefix>192.168.100.0/24</AddressPrefix>
        </AddressSpace>
      </VirtualNetworkSite>
    </VirtualNetworkSites>
  </VirtualNetworkConfiguration>
</NetworkConfiguration>"""


def test_the_reference_document_parses_and_round_trips() -> None:
    parsed = NetworkConfiguration.from_xml(REFERENCE)
    vnc = parsed.virtual_network_configuration
    assert vnc.dns is not None and [(d.name, d.ip_address) for d in vnc.dns.dns_servers] == [
        ("dns1", "10.0.0.4")
    ]
    (local,) = vnc.local_network_sites
    assert (local.name, local.address_space.address_prefixes, local.vpn_gateway_address) == (
        "onprem",
        ["192.168.0.0/24"],
        "131.107.72.22",
    )
    first, second = vnc.virtual_network_sites
    assert (first.name, first.affinity_group, first.location, first.label) == ("vnet1", "ag1", "", "first")
    assert first.address_space.address_prefixes == ["10.0.0.0/8", "172.16.0.0/12"]
    assert [(s.name, s.address_prefix) for s in first.subnets] == [
        ("FrontEnd", "10.0.0.0/24"),
        ("GatewaySubnet", "10.0.1.0/29"),
    ]
    assert [r.name for r in first.dns_servers_ref] == ["dns1"]
    assert first.gateway is not None and first.gateway.profile == "Small"
    assert first.gateway.vpn_client_address_pool is not None
    assert first.gateway.vpn_client_address_pool.address_prefixes == ["172.16.0.0/24"]
    (connection,) = first.gateway.connections_to_local_network
    assert (
        connection.name == "onprem"
        and connection.connection is not None
        and connection.connection.type == "IPsec"
    )
    assert (second.name, second.location, second.subnets, second.gateway) == ("vnet2", "West US", [], None)
    assert NetworkConfiguration.from_xml(parsed.to_xml()) == parsed
    assert parsed.site("VNET2") is second and parsed.site("nope") is None


def test_the_written_document_uses_attributes_and_the_netcfg_namespace() -> None:
    configuration = NetworkConfiguration(
        virtual_network_configuration=VirtualNetworkConfiguration(
            virtual_network_sites=[
                NetcfgVirtualNetworkSite(
                    name='a"<&b',
                    location="West US",
                    address_space=NetcfgAddressSpace(address_prefixes=["10.0.0.0/16"]),
                    subnets=[NetcfgSubnet(name="s", address_prefix="10.0.0.0/24")],
                )
            ]
        )
    )
    assert (
        configuration.to_xml()
        == (
            '<NetworkConfiguration xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
            f'xmlns="{NETWORK_CONFIGURATION_NS}"><VirtualNetworkConfiguration><VirtualNetworkSites>'
            '<VirtualNetworkSite name="a&quot;&lt;&amp;b" Location="West US"><AddressSpace>'
            "<AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace><Subnets>"
            '<Subnet name="s"><AddressPrefix>10.0.0.0/24</AddressPrefix></Subnet></Subnets>'
            "</VirtualNetworkSite></VirtualNetworkSites></VirtualNetworkConfiguration></NetworkConfiguration>"
        ).encode()
    )
    assert NetworkConfiguration.from_xml(configuration.to_xml()).site('a"<&b') is not None


async def test_get(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(MEDIA), REFERENCE)
    configuration = await session.network.get()
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("GET", url(MEDIA))
    assert_read_headers(kwargs)
    assert [s.name for s in configuration.virtual_network_configuration.virtual_network_sites] == [
        "vnet1",
        "vnet2",
    ]


async def test_set_sends_the_document_as_text_plain(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    accept(mock, "PUT", url(MEDIA))
    configuration = NetworkConfiguration.from_xml(REFERENCE)
    op = await session.network.set(configuration)
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("PUT", url(MEDIA))
    assert header(kwargs, "Content-Type") == "text/plain"
    assert kwargs["data"] == configuration.to_xml()
    assert op.request_id == RID


async def test_set_refuses_anything_but_a_configuration(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.network.set("<NetworkConfiguration/>")  # type: ignore[arg-type]
    assert caught.value.field == "configuration" and not mock.requests


async def test_check_address(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url("/services/networking/vnet1", op="checkavailability", address="10.0.0.4")
    respond_xml(
        mock,
        "GET",
        target,
        doc(
            "AddressAvailabilityResponse",
            "<IsAvailable>false</IsAvailable><AvailableAddresses><AvailableAddress>10.0.0.5</AvailableAddress>"
            "<AvailableAddress>10.0.0.6</AvailableAddress></AvailableAddresses>",
        ),
    )
    answer = await session.network.check_address("vnet1", "10.0.0.4")
    sent = only_request(mock)[1]
    assert sent.path == target.path and dict(sent.query) == {"op": "checkavailability", "address": "10.0.0.4"}
    assert answer.is_available is False and answer.available_addresses == ["10.0.0.5", "10.0.0.6"]
    with pytest.raises(InvalidInputError):
        await session.network.check_address("../x", "10.0.0.4")


async def test_helpers_check_their_arguments_before_any_request(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.network.add_virtual_network(
            "net", ["10.0.0.0/16"], location="West US", affinity_group="ag"
        )
    assert caught.value.field == "location"
    with pytest.raises(InvalidInputError):
        await session.network.add_virtual_network("a/b", ["10.0.0.0/16"], location="West US")
    assert not mock.requests


# The schema reference's own example puts a site's children in another order (Gateway, DnsServersRef,
# Subnets, AddressSpace; a local site's VPNGatewayAddress first) than Set Network Configuration's
# sample; aiosm writes the latter's order and reads either.
SCHEMA_ORDER = f"""<NetworkConfiguration xmlns="{NETWORK_CONFIGURATION_NS}"><VirtualNetworkConfiguration>
<LocalNetworkSites><LocalNetworkSite name="ID4"><VPNGatewayAddress>1.2.3.4</VPNGatewayAddress>
<AddressSpace><AddressPrefix>192.168.0.0/24</AddressPrefix></AddressSpace></LocalNetworkSite></LocalNetworkSites>
<VirtualNetworkSites><VirtualNetworkSite name="name1" Location="West US"><Gateway profile="Small">
<ConnectionsToLocalNetwork><LocalNetworkSiteRef name="ID4"/></ConnectionsToLocalNetwork></Gateway>
<Subnets><Subnet name="a"><AddressPrefix>10.0.0.0/24</AddressPrefix></Subnet></Subnets>
<AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace></VirtualNetworkSite></VirtualNetworkSites>
</VirtualNetworkConfiguration></NetworkConfiguration>"""


def test_the_schema_references_element_order_is_read_too() -> None:
    parsed = NetworkConfiguration.from_xml(SCHEMA_ORDER)
    (local,) = parsed.virtual_network_configuration.local_network_sites
    assert (local.vpn_gateway_address, local.address_space.address_prefixes) == (
        "1.2.3.4",
        ["192.168.0.0/24"],
    )
    site = parsed.site("name1")
    assert site is not None and site.gateway is not None
    assert [c.name for c in site.gateway.connections_to_local_network] == ["ID4"]
    assert site.gateway.connections_to_local_network[0].connection is None
    written = parsed.to_xml().decode()
    assert written.index("<AddressSpace>", written.index("<VirtualNetworkSite ")) < written.index("<Subnets>")
    assert written.index("<Subnets>") < written.index("<Gateway ")
