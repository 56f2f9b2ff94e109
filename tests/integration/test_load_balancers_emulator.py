"""Internal load balancers against the emulator: they show in Get Deployment's ``load_balancers``;
the subnet must be one of the deployment's virtual network, a static address inside it and free;
duplicate and unknown names, deployments outside a network and load balancers in use are refused."""

from __future__ import annotations

import pytest

from aiosm import ServiceManagementSession
from aiosm.emulator import Emulator
from aiosm.emulator.records import SubnetRecord, VirtualNetworkRecord
from aiosm.errors import BadRequestError, ConflictError, InvalidInputError, NotFoundError
from aiosm.models import (
    ConfigurationSet,
    ConfigurationSetInputEndpoint,
    LinuxConfigurationSet,
    LoadBalancerProbe,
    OSVirtualHardDisk,
)

from .conftest import cscfg

UBUNTU = "b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04_2-LTS-amd64-server-20150506-en-us-30GB"


def _network(emu: Emulator) -> None:
    assert emu.state is not None
    emu.state.write(
        puts=[
            VirtualNetworkRecord(
                subscription=emu.subscription_id,
                name="corpnet",
                id="7b5f7a3c-0000-4000-8000-0000000000lb",
                location="West US",
                address_prefixes=("10.0.0.0/16",),
                subnets=(
                    SubnetRecord(name="FrontEnd", address_prefix="10.0.1.0/24"),
                    SubnetRecord(name="BackEnd", address_prefix="10.0.2.0/24"),
                ),
            )
        ]
    )


async def _vm(emu: Emulator, sms: ServiceManagementSession, static_ip: str | None = "10.0.1.5") -> None:
    _network(emu)
    await (await sms.hosted_services.create("lbsvc", "l", location="West US"))
    disk = OSVirtualHardDisk(UBUNTU, "https://mystore.blob.core.windows.net/vhds/lbvm.vhd")
    network = ConfigurationSet(subnet_names=["FrontEnd"], static_virtual_network_ip_address=static_ip)
    op = await sms.virtual_machines.create_deployment(
        "lbsvc",
        "lbdep",
        "production",
        "l",
        "lbvm",
        LinuxConfigurationSet("lbvm", "azureuser", "Secret-pa55", True),
        disk,
        network_config=network,
        virtual_network_name="corpnet",
    )
    await op


async def _balancers(sms: ServiceManagementSession) -> list[tuple[str, str, str, str]]:
    deployment = await sms.deployments.get_by_name("lbsvc", "lbdep")
    found = []
    for lb in deployment.load_balancers:
        assert lb.frontend_ip_configuration is not None
        frontend = lb.frontend_ip_configuration
        found.append(
            (lb.name, frontend.type, frontend.subnet_name, frontend.static_virtual_network_ip_address)
        )
    return found


async def test_add_update_delete_show_in_the_deployment(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _vm(emu, sms)
    assert await _balancers(sms) == []
    await (await sms.load_balancers.add("lbsvc", "lbdep", "ilb1", "FrontEnd", "10.0.1.10"))
    await (await sms.load_balancers.add("lbsvc", "lbdep", "ilb2", "backend"))
    assert await _balancers(sms) == [
        ("ilb1", "Private", "FrontEnd", "10.0.1.10"),
        ("ilb2", "Private", "BackEnd", "10.0.2.4"),  # the first address Azure does not keep
    ]
    await (await sms.load_balancers.update("lbsvc", "lbdep", "ILB1", "BackEnd", "10.0.2.20"))
    assert (await _balancers(sms))[0] == ("ilb1", "Private", "BackEnd", "10.0.2.20")
    await (await sms.load_balancers.delete("lbsvc", "lbdep", "ilb2"))
    assert [b[0] for b in await _balancers(sms)] == ["ilb1"]
    hosted = await sms.hosted_services.get("lbsvc", embed_detail=True)
    assert [b.name for b in hosted.deployments[0].load_balancers] == ["ilb1"]


async def test_subnet_and_static_address_rules(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _vm(emu, sms)
    with pytest.raises(BadRequestError, match="subnet Nowhere does not exist"):
        await sms.load_balancers.add("lbsvc", "lbdep", "ilb1", "Nowhere")
    with pytest.raises(BadRequestError, match="not in subnet FrontEnd"):
        await sms.load_balancers.add("lbsvc", "lbdep", "ilb1", "FrontEnd", "10.0.2.10")
    with pytest.raises(ConflictError, match=r"10\.0\.1\.5 is already in use"):  # the VM's own address
        await sms.load_balancers.add("lbsvc", "lbdep", "ilb1", "FrontEnd", "10.0.1.5")
    await (await sms.load_balancers.add("lbsvc", "lbdep", "ilb1", "FrontEnd", "10.0.1.10"))
    with pytest.raises(ConflictError, match="already in use"):
        await sms.load_balancers.add("lbsvc", "lbdep", "ilb2", "FrontEnd", "10.0.1.10")
    # a load balancer may keep its own address when it is updated
    await (await sms.load_balancers.update("lbsvc", "lbdep", "ilb1", "FrontEnd", "10.0.1.10"))
    await (await sms.load_balancers.add("lbsvc", "lbdep", "ilb2", "FrontEnd"))
    assert (await _balancers(sms))[1][3] == "10.0.1.4"


async def test_duplicate_and_unknown_names(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _vm(emu, sms)
    await (await sms.load_balancers.add("lbsvc", "lbdep", "ilb1", "FrontEnd"))
    with pytest.raises(ConflictError, match="already exists"):
        await sms.load_balancers.add("lbsvc", "lbdep", "ILB1", "BackEnd")
    with pytest.raises(NotFoundError):
        await sms.load_balancers.update("lbsvc", "lbdep", "nope", "FrontEnd")
    with pytest.raises(NotFoundError):
        await sms.load_balancers.delete("lbsvc", "lbdep", "nope")
    with pytest.raises(NotFoundError):
        await sms.load_balancers.add("lbsvc", "nodep", "ilb9", "FrontEnd")
    assert [b[0] for b in await _balancers(sms)] == ["ilb1"]


async def test_a_deployment_outside_a_virtual_network(sms: ServiceManagementSession) -> None:
    await (await sms.hosted_services.create("lbsvc", "l", location="West US"))
    await (await sms.deployments.create("lbsvc", "production", "lbdep", "https://pkg/p.cspkg", "l", cscfg(1)))
    with pytest.raises(BadRequestError, match="requires the deployment to be in a virtual network"):
        await sms.load_balancers.add("lbsvc", "lbdep", "ilb1", "FrontEnd")


async def test_a_load_balancer_in_use_is_not_deleted(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _vm(emu, sms)
    await (await sms.load_balancers.add("lbsvc", "lbdep", "ilb1", "FrontEnd", "10.0.1.10"))
    endpoint = ConfigurationSetInputEndpoint(
        name="web",
        protocol="tcp",
        port=80,
        local_port=80,
        load_balanced_endpoint_set_name="webset",
        load_balancer_probe=LoadBalancerProbe(port=80, protocol="tcp"),
        load_balancer_name="ilb1",
    )
    network = ConfigurationSet(
        input_endpoints=[endpoint], subnet_names=["FrontEnd"], static_virtual_network_ip_address="10.0.1.6"
    )
    disk = OSVirtualHardDisk(UBUNTU, "https://mystore.blob.core.windows.net/vhds/lbvm2.vhd")
    config = LinuxConfigurationSet("lbvm2", "azureuser", "Secret-pa55", True)
    await (await sms.roles.add("lbsvc", "lbdep", "lbvm2", config, disk, network_config=network))
    role = await sms.virtual_machines.get_role("lbsvc", "lbdep", "lbvm2")
    (web,) = [e for c in role.configuration_sets for e in c.input_endpoints if e.name == "web"]
    assert web.load_balancer_name == "ilb1"
    with pytest.raises(BadRequestError, match="still used by an input endpoint"):
        await sms.load_balancers.delete("lbsvc", "lbdep", "ilb1")
    assert [b[0] for b in await _balancers(sms)] == ["ilb1"]


async def test_bad_input_is_refused_before_any_request(sms: ServiceManagementSession) -> None:
    cases = [
        (("lbsvc", "lbdep", "bad name!", "FrontEnd"), "load_balancer_name"),
        (("lbsvc", "lbdep", "ilb1", "Front/End"), "subnet_name"),
        (("lbsvc", "lbdep", "ilb1", "FrontEnd", "10.0.1"), "static_virtual_network_ip_address"),
        (("lbsvc", "lbdep", "ilb1", "FrontEnd", "fe80::1"), "static_virtual_network_ip_address"),
    ]
    for args, field in cases:
        with pytest.raises(InvalidInputError) as caught:
            await sms.load_balancers.add(*args)
        assert caught.value.field == field
