"""The network configuration against the emulator: get/set, the helpers, the service's rules."""

from __future__ import annotations

import asyncio

import pytest

from aiosm import ServiceManagementSession
from aiosm.emulator import Emulator
from aiosm.errors import BadRequestError, ConflictError, InvalidInputError, NotFoundError
from aiosm.models import ConfigurationSet, LinuxConfigurationSet, OSVirtualHardDisk
from aiosm.models.network import (
    NetcfgAddressSpace,
    NetcfgGateway,
    NetcfgLocalNetworkConnection,
    NetcfgLocalNetworkSiteRef,
    NetcfgSubnet,
    NetcfgVirtualNetworkSite,
    NetworkConfiguration,
    VirtualNetworkConfiguration,
)

UBUNTU = "b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04_2-LTS-amd64-server-20150506-en-us-30GB"


def _one(
    name: str, prefix: str, *subnets: tuple[str, str], location: str = "West US"
) -> NetworkConfiguration:
    return NetworkConfiguration(
        virtual_network_configuration=VirtualNetworkConfiguration(
            virtual_network_sites=[
                NetcfgVirtualNetworkSite(
                    name=name,
                    location=location,
                    address_space=NetcfgAddressSpace(address_prefixes=[prefix]),
                    subnets=[NetcfgSubnet(name=n, address_prefix=p) for n, p in subnets],
                )
            ]
        )
    )


async def test_no_configuration_until_one_is_set(sms: ServiceManagementSession) -> None:
    with pytest.raises(NotFoundError):
        await sms.network.get()
    assert (await sms.network.current()).virtual_network_configuration.virtual_network_sites == []


async def test_set_then_get_and_list_sites(sms: ServiceManagementSession) -> None:
    await sms.network.add_local_network("onprem", ["192.168.0.0/24"], "131.107.72.22")
    await sms.network.add_virtual_network(
        "corpnet", ["10.0.0.0/16"], location="West US", subnets={"FrontEnd": "10.0.1.0/24"}
    )
    await sms.network.add_dns_server("dns1", "10.0.1.4", virtual_networks=["corpnet"])
    got = await sms.network.get()
    vnc = got.virtual_network_configuration
    assert vnc.dns is not None and [(d.name, d.ip_address) for d in vnc.dns.dns_servers] == [
        ("dns1", "10.0.1.4")
    ]
    assert [(s.name, s.vpn_gateway_address) for s in vnc.local_network_sites] == [("onprem", "131.107.72.22")]
    (site,) = vnc.virtual_network_sites
    assert (site.name, site.location, site.address_space.address_prefixes) == (
        "corpnet",
        "West US",
        ["10.0.0.0/16"],
    )
    assert [r.name for r in site.dns_servers_ref] == ["dns1"]
    (listed,) = await sms.virtual_networks.list_sites()
    assert [(s.name, s.address_prefix) for s in listed.subnets] == [("FrontEnd", "10.0.1.0/24")]
    assert [(d.name, d.address) for d in listed.dns_servers] == [("dns1", "10.0.1.4")]
    # a gateway connected to the local network survives a round trip
    site.label = "corporate"
    site.gateway = NetcfgGateway(
        profile="Small",
        connections_to_local_network=[
            NetcfgLocalNetworkSiteRef(name="onprem", connection=NetcfgLocalNetworkConnection())
        ],
    )
    site.subnets.append(NetcfgSubnet(name="GatewaySubnet", address_prefix="10.0.0.0/29"))
    await (await sms.network.set(got))
    again = (await sms.network.get()).site("CORPNET")
    assert again is not None and again.gateway is not None and again.gateway.profile == "Small"
    assert again.label == "corporate"
    assert [
        (c.name, c.connection.type if c.connection else None)
        for c in again.gateway.connections_to_local_network
    ] == [("onprem", "IPsec")]
    await sms.network.remove_dns_server("dns1")
    await sms.network.remove_local_network("onprem")
    final = await sms.network.get()
    assert final.virtual_network_configuration.dns is None
    assert final.virtual_network_configuration.local_network_sites == []
    assert final.site("corpnet") is not None and final.site("corpnet").dns_servers_ref == []  # type: ignore[union-attr]
    await sms.network.remove_virtual_network("corpnet")
    assert await sms.virtual_networks.list_sites() == []


async def test_concurrent_edits_keep_every_change(sms: ServiceManagementSession) -> None:
    await sms.network.add_virtual_network("net", ["10.0.0.0/16"], location="West US")
    await asyncio.gather(*(sms.network.add_subnet("net", f"s{i}", f"10.0.{i}.0/24") for i in range(5)))
    site = (await sms.network.get()).site("net")
    assert site is not None and sorted(s.name for s in site.subnets) == [f"s{i}" for i in range(5)]


async def test_a_second_set_while_one_is_in_progress_conflicts(
    emu: Emulator, sms: ServiceManagementSession
) -> None:
    emu.set_latency(30)
    first = await sms.network.set(_one("a", "10.0.0.0/16"))
    with pytest.raises(ConflictError):
        await sms.network.set(_one("b", "10.1.0.0/16"))
    assert (await first.status()).status == "InProgress"
    with pytest.raises(NotFoundError):
        await sms.network.get()  # not applied before the operation completes


async def test_rules(sms: ServiceManagementSession) -> None:
    two = _one("a", "10.0.0.0/16")
    two.virtual_network_configuration.virtual_network_sites.append(
        NetcfgVirtualNetworkSite(
            name="b", location="West US", address_space=NetcfgAddressSpace(address_prefixes=["10.0.128.0/17"])
        )
    )
    with pytest.raises(BadRequestError, match="overlaps with the address space"):
        await sms.network.set(two)
    with pytest.raises(BadRequestError, match="not within the address space"):
        await sms.network.set(_one("a", "10.0.0.0/16", ("s", "10.1.0.0/24")))
    with pytest.raises(BadRequestError, match="overlaps with subnet"):
        await sms.network.set(_one("a", "10.0.0.0/16", ("s", "10.0.0.0/24"), ("t", "10.0.0.128/25")))
    with pytest.raises(BadRequestError, match="location constraint"):
        await sms.network.set(_one("a", "10.0.0.0/16", location="Atlantis"))
    with pytest.raises(BadRequestError, match="not a valid CIDR"):
        await sms.network.set(_one("a", "10.0.0.1/16"))
    with pytest.raises(BadRequestError, match="DNS server nowhere"):
        await sms.network.set(
            NetworkConfiguration.from_xml(
                _one("a", "10.0.0.0/16")
                .to_xml()
                .replace(
                    b"</AddressSpace>",
                    b"</AddressSpace><DnsServersRef><DnsServerRef name='nowhere'/></DnsServersRef>",
                )
            )
        )
    with pytest.raises(NotFoundError):
        await sms.network.get()  # nothing was stored


async def test_a_malformed_document_is_refused(sms: ServiceManagementSession) -> None:
    bad = [
        b"<NetworkConfiguration><VirtualNetworkConfiguration>",  # not well-formed
        b"<VirtualNetworkSites/>",  # another root
        b"",
    ]
    for body in bad:
        with pytest.raises(BadRequestError):
            await sms.transport.request("PUT", "/services/networking/media", body=body)
    with pytest.raises(NotFoundError):
        await sms.network.get()


async def _vm_in(sms: ServiceManagementSession, subnet: str, ip: str | None = None) -> None:
    await (await sms.hosted_services.create("netsvc", "l", location="West US"))
    config = LinuxConfigurationSet("netvm", "azureuser", "Secret-pa55", True)
    disk = OSVirtualHardDisk(UBUNTU, "https://mystore.blob.core.windows.net/vhds/netvm.vhd")
    network = ConfigurationSet(subnet_names=[subnet])
    if ip is not None:
        network.static_virtual_network_ip_address = ip
    await (
        await sms.virtual_machines.create_deployment(
            "netsvc",
            "netdep",
            "production",
            "l",
            "netvm",
            config,
            disk,
            network_config=network,
            virtual_network_name="corpnet",
        )
    )


async def test_in_use_network_and_subnet_cannot_be_removed(sms: ServiceManagementSession) -> None:
    await sms.network.add_virtual_network(
        "corpnet",
        ["10.0.0.0/16"],
        location="West US",
        subnets={"FrontEnd": "10.0.1.0/24", "BackEnd": "10.0.2.0/24"},
    )
    await _vm_in(sms, "FrontEnd", "10.0.1.10")
    with pytest.raises(BadRequestError, match="virtual network corpnet cannot be removed"):
        await sms.network.remove_virtual_network("corpnet")
    with pytest.raises(BadRequestError, match="subnet FrontEnd of virtual network corpnet cannot be removed"):
        await sms.network.remove_subnet("corpnet", "FrontEnd")
    await sms.network.remove_subnet("corpnet", "BackEnd")  # unused
    taken = await sms.network.check_address("corpnet", "10.0.1.10")
    assert taken.is_available is False and taken.available_addresses[:2] == ["10.0.1.11", "10.0.1.12"]
    assert (await sms.network.check_address("corpnet", "10.0.1.20")).is_available is True
    reserved = await sms.network.check_address("corpnet", "10.0.1.1")
    assert reserved.is_available is False and reserved.available_addresses[0] == "10.0.1.4"
    with pytest.raises(BadRequestError, match="not within a subnet"):
        await sms.network.check_address("corpnet", "10.0.9.9")
    with pytest.raises(NotFoundError):
        await sms.network.check_address("nonet", "10.0.1.9")


async def test_helpers_refuse_what_they_cannot_do(sms: ServiceManagementSession) -> None:
    with pytest.raises(InvalidInputError):
        await sms.network.add_virtual_network("x", ["10.0.0.0/16"])
    with pytest.raises(InvalidInputError):
        await sms.network.remove_virtual_network("x")
    with pytest.raises(InvalidInputError):
        await sms.network.add_subnet("x", "s", "10.0.0.0/24")


async def test_a_virtual_network_in_an_affinity_group(sms: ServiceManagementSession) -> None:
    with pytest.raises(BadRequestError, match="affinity group name 'ag1' is not valid"):
        await sms.network.add_virtual_network("agnet", ["10.0.0.0/16"], affinity_group="ag1")
    await (await sms.affinity_groups.create("ag1", "group", "North Europe"))
    await sms.network.add_virtual_network("agnet", ["10.0.0.0/16"], affinity_group="ag1")
    site = (await sms.network.get()).site("agnet")
    assert site is not None and (site.affinity_group, site.location) == ("ag1", "")
    (listed,) = await sms.virtual_networks.list_sites()
    assert (listed.affinity_group, listed.location) == ("ag1", "North Europe")


async def test_the_address_check_survives_a_hand_written_store(
    emu: Emulator, sms: ServiceManagementSession
) -> None:
    from aiosm.emulator.records import SubnetRecord, VirtualNetworkRecord

    assert emu.state is not None
    emu.state.write(
        puts=[
            VirtualNetworkRecord(
                subscription=emu.subscription_id,
                name="odd",
                id="1",
                location="West US",
                subnets=(SubnetRecord(name="bad", address_prefix="not-a-range"),),
            )
        ]
    )
    with pytest.raises(BadRequestError, match="not within a subnet"):
        await sms.network.check_address("odd", "10.0.0.5")
    with pytest.raises(BadRequestError, match="not valid"):
        await sms.network.check_address("odd", "10.0.0.500")
