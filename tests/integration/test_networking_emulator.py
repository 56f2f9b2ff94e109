"""Virtual network sites and the resource extension catalogue against the emulator."""

from __future__ import annotations

import pytest

from aiosm import ServiceManagementSession
from aiosm.emulator import Emulator
from aiosm.emulator.records import DnsServerRecord, SubnetRecord, VirtualNetworkRecord
from aiosm.errors import InvalidInputError


async def test_no_virtual_network_by_default(sms: ServiceManagementSession) -> None:
    assert await sms.virtual_networks.list_sites() == []
    assert (await sms.subscriptions.get()).current_virtual_network_sites == 0


async def test_virtual_networks_from_the_store(emu: Emulator, sms: ServiceManagementSession) -> None:
    assert emu.state is not None
    emu.state.write(
        puts=[
            VirtualNetworkRecord(
                subscription=emu.subscription_id,
                name="corpnet",
                id="7b5f7a3c-0000-4000-8000-000000000001",
                location="West US",
                address_prefixes=("10.0.0.0/16",),
                subnets=(
                    SubnetRecord(name="FrontEnd", address_prefix="10.0.1.0/24"),
                    SubnetRecord(name="BackEnd", address_prefix="10.0.2.0/24"),
                ),
                dns_servers=(DnsServerRecord(name="DNS01", address="10.0.2.4"),),
            ),
            VirtualNetworkRecord(subscription="another-subscription", name="theirs", id="x"),
        ]
    )
    (site,) = await sms.virtual_networks.list_sites()
    assert (site.name, site.location, site.state) == ("corpnet", "West US", "Created")
    assert site.address_space is not None and site.address_space.address_prefixes == ["10.0.0.0/16"]
    assert [(s.name, s.address_prefix) for s in site.subnets] == [
        ("FrontEnd", "10.0.1.0/24"),
        ("BackEnd", "10.0.2.0/24"),
    ]
    assert [(d.name, d.address) for d in site.dns_servers] == [("DNS01", "10.0.2.4")]
    assert site.gateway is None
    assert (await sms.subscriptions.get()).current_virtual_network_sites == 1
    async with emu.service() as legacy:
        assert [s.name for s in await legacy.list_virtual_network_sites()] == ["corpnet"]


async def test_resource_extension_catalogue(sms: ServiceManagementSession) -> None:
    extensions = await sms.resource_extensions.list()
    by_name = {(e.publisher, e.name): e for e in extensions}
    bginfo = by_name[("Microsoft.Compute", "BGInfo")]
    assert (bginfo.version, bginfo.label) == ("1.1", "Windows Azure BGinfo Extension for IaaS")
    assert all(e.publisher and e.name and e.version and e.label and e.description for e in extensions)
    linux = by_name[("Microsoft.OSTCExtensions", "CustomScriptForLinux")]
    assert linux.supported_os == "Linux" and linux.is_json_extension is True
    assert linux.published_date is not None and linux.published_date.year == 2015


async def test_resource_extension_versions(emu: Emulator, sms: ServiceManagementSession) -> None:
    versions = await sms.resource_extensions.list_versions("Microsoft.Compute", "CustomScriptExtension")
    assert [v.version for v in versions] == ["1.0", "1.1", "1.2", "1.3", "1.4"]
    assert {v.name for v in versions} == {"CustomScriptExtension"}
    assert await sms.resource_extensions.list_versions("Nobody", "Nothing") == []
    async with emu.service() as legacy:
        only = await legacy.list_resource_extension_versions("Microsoft.Compute", "BGInfo")
        catalogue = await legacy.list_resource_extensions()
    assert [v.version for v in only] == ["1.0", "1.1"]
    assert len(catalogue) == len(await sms.resource_extensions.list())
    with pytest.raises(InvalidInputError):
        await sms.resource_extensions.list_versions("Microsoft.Compute", "../x")


async def test_reserved_ips_count_in_the_subscription(sms: ServiceManagementSession) -> None:
    await (await sms.reserved_ips.create("counted", None, "West US"))
    assert (await sms.subscriptions.get()).current_reserved_ips == 1
