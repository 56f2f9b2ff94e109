"""Virtual network sites and the resource extension catalogue against the emulator."""

from __future__ import annotations

import pytest

from aiosm import ServiceManagementSession
from aiosm.emulator import Emulator
from aiosm.emulator.records import DnsServerRecord, SubnetRecord, VirtualNetworkRecord
from aiosm.errors import BadRequestError, InvalidInputError
from aiosm.models import ConfigurationSet, LinuxConfigurationSet, OSVirtualHardDisk


async def test_no_virtual_network_by_default(sms: ServiceManagementSession) -> None:
    assert await sms.virtual_networks.list_sites() == []
    subscription = await sms.subscriptions.get()
    # the service's Get Subscription gives the limit, not a count of the sites (recorded answer)
    assert subscription.max_virtual_network_sites == 50
    assert subscription.current_virtual_network_sites is None


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
    assert (await sms.subscriptions.get()).current_virtual_network_sites is None  # not reported there
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
    hpc = by_name[("Microsoft.HpcPack", "LinuxNodeAgent")]
    assert hpc.disallow_major_version_upgrade is True
    assert bginfo.disallow_major_version_upgrade is None  # the service says it only where it holds


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


UBUNTU = "b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04_2-LTS-amd64-server-20150506-en-us-30GB"


async def test_a_vm_in_a_virtual_network_of_the_store(emu: Emulator, sms: ServiceManagementSession) -> None:
    """A VM deployment joins a virtual network the subscription has (its subnets checked); the
    service refuses an unknown network (recording ..._windows_virtual_network)."""
    assert emu.state is not None
    emu.state.write(
        puts=[
            VirtualNetworkRecord(
                subscription=emu.subscription_id,
                name="corpnet",
                id="7b5f7a3c-0000-4000-8000-000000000002",
                location="West US",
                address_prefixes=("10.0.0.0/16",),
                subnets=(SubnetRecord(name="FrontEnd", address_prefix="10.0.1.0/24"),),
            )
        ]
    )
    await (await sms.hosted_services.create("netsvc", "l", location="West US"))
    config = LinuxConfigurationSet("netvm", "azureuser", "Secret-pa55", True)

    async def create(network: str, subnet: str) -> None:
        disk = OSVirtualHardDisk(UBUNTU, "https://mystore.blob.core.windows.net/vhds/netvm.vhd")
        op = await sms.virtual_machines.create_deployment(
            "netsvc",
            "netdep",
            "production",
            "l",
            "netvm",
            config,
            disk,
            network_config=ConfigurationSet(subnet_names=[subnet]),
            virtual_network_name=network,
        )
        await op

    with pytest.raises(BadRequestError, match="virtual network utnetdonotdelete does not exist"):
        await create("utnetdonotdelete", "FrontEnd")
    with pytest.raises(BadRequestError, match="subnet BackEnd does not exist"):
        await create("corpnet", "BackEnd")
    await create("CORPNET", "frontend")
    assert (await sms.deployments.get_by_name("netsvc", "netdep")).virtual_network_name == "corpnet"
