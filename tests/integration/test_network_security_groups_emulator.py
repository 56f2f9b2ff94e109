"""Network security groups against the emulator: default rules, rule priorities, associations with
subnets and virtual machines, and each of the service's refusals as the client's typed error."""

from __future__ import annotations

from typing import Any

import pytest

from aiosm import ServiceManagementSession
from aiosm.emulator import Emulator
from aiosm.emulator.records import SubnetRecord, VirtualNetworkRecord
from aiosm.errors import BadRequestError, ConflictError, InvalidInputError, NotFoundError
from aiosm.models import ConfigurationSet, LinuxConfigurationSet, OSVirtualHardDisk

UBUNTU = "b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04_2-LTS-amd64-server-20150506-en-us-30GB"
SSH: dict[str, Any] = {
    "type": "Inbound",
    "priority": 100,
    "action": "Allow",
    "source_address_prefix": "INTERNET",
    "source_port_range": "*",
    "destination_address_prefix": "*",
    "destination_port_range": "22",
    "protocol": "TCP",
}


def _network(emu: Emulator, name: str = "corpnet", *, id: str = "net-1", location: str = "West US") -> None:
    assert emu.state is not None
    emu.state.write(
        puts=[
            VirtualNetworkRecord(
                subscription=emu.subscription_id,
                name=name,
                id=id,
                location=location,
                address_prefixes=("10.0.0.0/16",),
                subnets=(
                    SubnetRecord(name="FrontEnd", address_prefix="10.0.1.0/24"),
                    SubnetRecord(name="BackEnd", address_prefix="10.0.2.0/24"),
                ),
            )
        ]
    )


async def _group(sms: ServiceManagementSession, name: str = "web", location: str = "West US") -> None:
    await (await sms.network_security_groups.create(name, location, "web tier"))


async def test_a_new_group_has_the_default_rules(sms: ServiceManagementSession) -> None:
    await _group(sms)
    group = await sms.network_security_groups.get("web")
    assert (group.name, group.label, group.location, group.state) == ("web", "web tier", "West US", "Created")
    assert [(r.type, r.priority, r.action, r.is_default) for r in group.rules] == [
        ("Inbound", 65000, "Allow", True),
        ("Inbound", 65001, "Allow", True),
        ("Inbound", 65500, "Deny", True),
        ("Outbound", 65000, "Allow", True),
        ("Outbound", 65001, "Allow", True),
        ("Outbound", 65500, "Deny", True),
    ]
    assert group.rules[1].source_address_prefix == "AZURE_LOADBALANCER"
    assert group.rules[4].destination_address_prefix == "INTERNET"
    assert all(r.state == "Active" for r in group.rules)
    brief = await sms.network_security_groups.get("web", detailed=False)
    assert brief.rules == [] and brief.name == "web"
    (listed,) = await sms.network_security_groups.list()
    assert (listed.name, listed.location, listed.rules) == ("web", "West US", [])


async def test_create_refuses_a_taken_name_and_an_unknown_location(sms: ServiceManagementSession) -> None:
    await _group(sms)
    with pytest.raises(ConflictError, match="already exists"):
        await sms.network_security_groups.create("WEB", "West US")
    with pytest.raises(BadRequestError, match="location"):
        await sms.network_security_groups.create("other", "Atlantis")
    with pytest.raises(InvalidInputError):
        await sms.network_security_groups.create("bad name", "West US")


async def test_set_replace_and_delete_rules(sms: ServiceManagementSession) -> None:
    await _group(sms)
    nsg = sms.network_security_groups
    await (await nsg.set_rule("web", "allow-ssh", **SSH))
    await (
        await nsg.set_rule("web", "allow-http", **{**SSH, "priority": 110, "destination_port_range": "80"})
    )
    await (
        await nsg.set_rule("web", "out-dns", **{**SSH, "type": "Outbound", "destination_port_range": "53"})
    )
    rules = (await nsg.get("web")).rules
    mine = [(r.name, r.type, r.priority, r.destination_port_range) for r in rules if not r.is_default]
    assert mine == [
        ("allow-ssh", "Inbound", 100, "22"),
        ("allow-http", "Inbound", 110, "80"),
        ("out-dns", "Outbound", 100, "53"),  # priorities are per direction
    ]
    assert all(r.is_default is False for r in rules if r.name in ("allow-ssh", "allow-http"))
    # setting an existing name (in any case) replaces that rule, which may keep its own priority
    await (await nsg.set_rule("web", "ALLOW-SSH", **{**SSH, "source_address_prefix": "10.1.0.0/16"}))
    rules = (await nsg.get("web")).rules
    ssh = [r for r in rules if r.name.lower() == "allow-ssh"]
    assert len(ssh) == 1 and ssh[0].source_address_prefix == "10.1.0.0/16"
    await (await nsg.delete_rule("web", "allow-http"))
    assert [r.name for r in (await nsg.get("web")).rules if not r.is_default] == ["ALLOW-SSH", "out-dns"]


async def test_a_priority_is_unique_in_its_direction(sms: ServiceManagementSession) -> None:
    await _group(sms)
    nsg = sms.network_security_groups
    await (await nsg.set_rule("web", "allow-ssh", **SSH))
    with pytest.raises(BadRequestError, match="already has the priority 100"):
        await nsg.set_rule("web", "allow-rdp", **{**SSH, "destination_port_range": "3389"})
    with pytest.raises(InvalidInputError):
        await nsg.set_rule("web", "allow-ssh", **{**SSH, "priority": 65000})  # caught before sending
    await (await nsg.set_rule("web", "allow-rdp", **{**SSH, "priority": 101}))


async def test_the_emulator_applies_the_rules_to_raw_requests(
    emu: Emulator, sms: ServiceManagementSession
) -> None:
    """What the client checks before sending, the emulator refuses as the service does."""
    await _group(sms)
    path = f"/{emu.subscription_id}/services/networking/networksecuritygroups/web/rules/r1"
    rule = (
        '<Rule xmlns="http://schemas.microsoft.com/windowsazure"><Name>r1</Name><Type>Inbound</Type>'
        "<Priority>{priority}</Priority><Action>Allow</Action><SourceAddressPrefix>{source}</SourceAddressPrefix>"
        "<SourcePortRange>*</SourcePortRange><DestinationAddressPrefix>*</DestinationAddressPrefix>"
        "<DestinationPortRange>22</DestinationPortRange><Protocol>TCP</Protocol></Rule>"
    )
    async with emu.service() as legacy:
        with pytest.raises(BadRequestError, match="priority of the rule must be between 100 and 4096"):
            await legacy.perform_put(path, rule.format(priority=65000, source="*"))
        with pytest.raises(BadRequestError, match="source_address_prefix"):
            await legacy.perform_put(path, rule.format(priority=100, source="EVERYWHERE"))
        with pytest.raises(BadRequestError, match="does not match"):
            await legacy.perform_put(path.replace("/r1", "/r2"), rule.format(priority=100, source="*"))
        await (await legacy.perform_put(path, rule.format(priority=100, source="*")))
    assert [r.name for r in (await sms.network_security_groups.get("web")).rules if not r.is_default] == [
        "r1"
    ]


async def test_unknown_group_and_rule(sms: ServiceManagementSession) -> None:
    nsg = sms.network_security_groups
    with pytest.raises(NotFoundError):
        await nsg.get("nothing")
    with pytest.raises(NotFoundError):
        await nsg.delete("nothing")
    with pytest.raises(NotFoundError):
        await nsg.set_rule("nothing", "r", **SSH)
    await _group(sms)
    with pytest.raises(NotFoundError, match="rule r1 does not exist"):
        await nsg.delete_rule("web", "r1")


async def test_a_mutation_holds_the_group(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _group(sms)
    emu.set_progression("set_network_security_rule", polls=2)
    op = await sms.network_security_groups.set_rule("web", "allow-ssh", **SSH)
    with pytest.raises(ConflictError, match="exclusive access"):
        await sms.network_security_groups.set_rule("web", "other", **{**SSH, "priority": 200})
    with pytest.raises(ConflictError, match="exclusive access"):
        await sms.network_security_groups.delete("web")
    _network(emu)
    with pytest.raises(ConflictError, match="exclusive access"):  # the group is named in the body
        await sms.network_security_groups.add_to_subnet("web", "corpnet", "FrontEnd")
    await op
    await (await sms.network_security_groups.set_rule("web", "other", **{**SSH, "priority": 200}))


async def test_a_group_on_a_subnet(emu: Emulator, sms: ServiceManagementSession) -> None:
    _network(emu)
    await _group(sms)
    await _group(sms, "other")
    nsg = sms.network_security_groups
    with pytest.raises(NotFoundError):
        await nsg.get_for_subnet("corpnet", "FrontEnd")
    await (await nsg.add_to_subnet("web", "corpnet", "FrontEnd"))
    applied = await nsg.get_for_subnet("CORPNET", "frontend")
    assert (applied.name, applied.state) == ("web", "Created")
    with pytest.raises(ConflictError, match="already has the network security group web"):
        await nsg.add_to_subnet("other", "corpnet", "FrontEnd")  # one group per subnet
    await (await nsg.add_to_subnet("web", "corpnet", "BackEnd"))  # one group on several subnets
    with pytest.raises(BadRequestError, match="in use by subnet"):
        await nsg.delete("web")
    with pytest.raises(BadRequestError, match="not associated"):
        await nsg.remove_from_subnet("other", "corpnet", "FrontEnd")
    await (await nsg.remove_from_subnet("web", "corpnet", "FrontEnd"))
    await (await nsg.remove_from_subnet("web", "corpnet", "BackEnd"))
    with pytest.raises(NotFoundError):
        await nsg.get_for_subnet("corpnet", "FrontEnd")
    await (await nsg.delete("web"))
    assert [g.name for g in await nsg.list()] == ["other"]


async def test_subnet_refusals(emu: Emulator, sms: ServiceManagementSession) -> None:
    _network(emu)
    _network(emu, "eastnet", id="net-2", location="East US")
    await _group(sms)
    nsg = sms.network_security_groups
    with pytest.raises(NotFoundError, match="virtual network nowhere does not exist"):
        await nsg.add_to_subnet("web", "nowhere", "FrontEnd")
    with pytest.raises(NotFoundError, match="subnet Middle does not exist"):
        await nsg.add_to_subnet("web", "corpnet", "Middle")
    with pytest.raises(NotFoundError, match="network security group ghost does not exist"):
        await nsg.add_to_subnet("ghost", "corpnet", "FrontEnd")
    with pytest.raises(BadRequestError, match="is in West US"):
        await nsg.add_to_subnet("web", "eastnet", "FrontEnd")
    with pytest.raises(NotFoundError):
        await nsg.get_for_subnet("nowhere", "FrontEnd")


async def test_an_association_does_not_outlive_its_network(
    emu: Emulator, sms: ServiceManagementSession
) -> None:
    _network(emu)
    await _group(sms)
    await (await sms.network_security_groups.add_to_subnet("web", "corpnet", "FrontEnd"))
    _network(emu, id="net-recreated")  # the network removed and created again under its name
    with pytest.raises(NotFoundError):
        await sms.network_security_groups.get_for_subnet("corpnet", "FrontEnd")
    await (await sms.network_security_groups.delete("web"))


async def _vm(emu: Emulator, sms: ServiceManagementSession) -> None:
    _network(emu)
    await (await sms.hosted_services.create("nsgsvc", "l", location="West US"))
    config = LinuxConfigurationSet("nsgvm", "azureuser", "Secret-pa55", True)
    disk = OSVirtualHardDisk(UBUNTU, "https://mystore.blob.core.windows.net/vhds/nsgvm.vhd")
    await (
        await sms.virtual_machines.create_deployment(
            "nsgsvc",
            "nsgdep",
            "production",
            "l",
            "nsgvm",
            config,
            disk,
            network_config=ConfigurationSet(subnet_names=["FrontEnd"]),
            virtual_network_name="corpnet",
        )
    )


async def test_a_group_on_a_virtual_machine(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _vm(emu, sms)
    await _group(sms)
    await _group(sms, "other")
    nsg = sms.network_security_groups
    with pytest.raises(NotFoundError):
        await nsg.get_for_role("nsgsvc", "nsgdep", "nsgvm")
    await (await nsg.add_to_role("web", "nsgsvc", "nsgdep", "nsgvm"))
    assert (await nsg.get_for_role("nsgsvc", "nsgdep", "nsgvm")).name == "web"
    with pytest.raises(ConflictError, match="role nsgvm"):
        await nsg.add_to_role("other", "nsgsvc", "nsgdep", "nsgvm")
    with pytest.raises(BadRequestError, match="in use by role nsgvm"):
        await nsg.delete("web")
    with pytest.raises(NotFoundError):
        await nsg.add_to_role("web", "nsgsvc", "nsgdep", "novm")
    with pytest.raises(NotFoundError):
        await nsg.add_to_role("web", "nsgsvc", "nodep", "nsgvm")
    with pytest.raises(NotFoundError):
        await nsg.add_to_role("web", "nosvc", "nsgdep", "nsgvm")
    # the emulator's VMs have their primary network interface only
    with pytest.raises(NotFoundError, match="network interface nic2"):
        await nsg.add_to_network_interface("web", "nsgsvc", "nsgdep", "nsgvm", "nic2")
    with pytest.raises(NotFoundError, match="network interface nic2"):
        await nsg.get_for_network_interface("nsgsvc", "nsgdep", "nsgvm", "nic2")
    with pytest.raises(NotFoundError, match="network interface nic2"):
        await nsg.remove_from_network_interface("web", "nsgsvc", "nsgdep", "nsgvm", "nic2")
    await (await nsg.remove_from_role("web", "nsgsvc", "nsgdep", "nsgvm"))
    with pytest.raises(BadRequestError, match="not associated"):
        await nsg.remove_from_role("web", "nsgsvc", "nsgdep", "nsgvm")
    await (await nsg.add_to_role("other", "nsgsvc", "nsgdep", "nsgvm"))
    # deleting the deployment ends its association: the group can go
    await (await sms.deployments.delete("nsgsvc", "nsgdep"))
    await (await nsg.delete("other"))
