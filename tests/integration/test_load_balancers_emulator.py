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
    EndpointAcl,
    EndpointAclRule,
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
    assert [b.name for b in await sms.load_balancers.list("lbsvc", "lbdep")] == ["ilb1"]
    got = await sms.load_balancers.get("lbsvc", "lbdep", "ILB1")
    assert got.frontend_ip_configuration is not None
    assert got.frontend_ip_configuration.static_virtual_network_ip_address == "10.0.2.20"
    with pytest.raises(NotFoundError):
        await sms.load_balancers.get("lbsvc", "lbdep", "ilb2")
    hosted = await sms.hosted_services.get("lbsvc", embed_detail=True)
    assert [b.name for b in hosted.deployments[0].load_balancers] == ["ilb1"]


async def test_subnet_and_static_address_rules(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _vm(emu, sms)
    with pytest.raises(BadRequestError, match="subnet Nowhere does not exist"):
        await sms.load_balancers.add("lbsvc", "lbdep", "ilb1", "Nowhere")
    with pytest.raises(BadRequestError, match="not in subnet FrontEnd"):
        await sms.load_balancers.add("lbsvc", "lbdep", "ilb1", "FrontEnd", "10.0.2.10")
    for reserved in ("10.0.1.3", "10.0.1.255"):
        with pytest.raises(BadRequestError, match="is reserved in subnet FrontEnd"):
            await sms.load_balancers.add("lbsvc", "lbdep", "ilb1", "FrontEnd", reserved)
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
    (web,) = [e for c in role.configuration_sets for e in c.input_endpoints or () if e.name == "web"]
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


def _web(name: str, **more: object) -> ConfigurationSetInputEndpoint:
    return ConfigurationSetInputEndpoint(
        name=name,
        protocol="tcp",
        port=80,
        local_port=80,
        load_balanced_endpoint_set_name="webset",
        load_balancer_probe=LoadBalancerProbe(port=80, protocol="tcp"),
        **more,
    )


async def _two_vms_in_a_set(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _vm(emu, sms)
    for name, address in (("web1", "10.0.1.6"), ("web2", "10.0.1.7")):
        network = ConfigurationSet(
            input_endpoints=[_web(f"{name}-http")],
            subnet_names=["FrontEnd"],
            static_virtual_network_ip_address=address,
        )
        disk = OSVirtualHardDisk(UBUNTU, f"https://mystore.blob.core.windows.net/vhds/{name}.vhd")
        config = LinuxConfigurationSet(name, "azureuser", "Secret-pa55", True)
        await (await sms.roles.add("lbsvc", "lbdep", name, config, disk, network_config=network))


async def _set_endpoints(sms: ServiceManagementSession) -> dict[str, ConfigurationSetInputEndpoint]:
    found = {}
    for name in ("web1", "web2"):
        role = await sms.virtual_machines.get_role("lbsvc", "lbdep", name)
        for config in role.configuration_sets:
            for endpoint in config.input_endpoints or ():
                if endpoint.load_balanced_endpoint_set_name == "webset":
                    found[name] = endpoint
    return found


async def test_update_endpoint_set_changes_every_role(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _two_vms_in_a_set(emu, sms)
    await (await sms.load_balancers.add("lbsvc", "lbdep", "ilb1", "FrontEnd", "10.0.1.10"))
    update = ConfigurationSetInputEndpoint(
        load_balanced_endpoint_set_name="WebSet",
        protocol="tcp",
        port=8080,
        local_port=80,
        load_balancer_probe=LoadBalancerProbe(
            path="/health", port=80, protocol="http", interval_in_seconds=10, timeout_in_seconds=21
        ),
        endpoint_acl=EndpointAcl(
            rules=[
                EndpointAclRule(order=100, action="Permit", remote_subnet="10.0.0.0/16", description="vnet"),
                EndpointAclRule(order=200, action="Deny", remote_subnet="0.0.0.0/0"),
            ]
        ),
        load_balancer_name="ilb1",
        idle_timeout_in_minutes=10,
        load_balancer_distribution="sourceIP",
    )
    await (await sms.load_balancers.update_endpoint_sets("lbsvc", "lbdep", [update]))
    endpoints = await _set_endpoints(sms)
    assert sorted(endpoints) == ["web1", "web2"]
    for name, endpoint in endpoints.items():
        assert endpoint.name == f"{name}-http"  # each VM keeps its own endpoint name
        assert (endpoint.port, endpoint.local_port, endpoint.load_balancer_name) == (8080, 80, "ilb1")
        assert endpoint.load_balanced_endpoint_set_name == "webset"
        assert endpoint.load_balancer_probe is not None
        probe = endpoint.load_balancer_probe
        assert (probe.protocol, probe.path, probe.interval_in_seconds, probe.timeout_in_seconds) == (
            "http",
            "/health",
            10,
            21,
        )
        assert endpoint.endpoint_acl is not None
        assert [(r.order, r.action, r.remote_subnet) for r in endpoint.endpoint_acl.rules] == [
            (100, "Permit", "10.0.0.0/16"),
            (200, "Deny", "0.0.0.0/0"),
        ]
        assert (endpoint.idle_timeout_in_minutes, endpoint.load_balancer_distribution) == (10, "sourceIP")
    deployment = await sms.deployments.get_by_name("lbsvc", "lbdep")
    in_deployment = [
        e
        for role in deployment.role_list
        for config in role.configuration_sets
        for e in config.input_endpoints or ()
        if e.load_balanced_endpoint_set_name == "webset"
    ]
    assert [e.port for e in in_deployment] == [8080, 8080]
    # now the load balancer is in use
    with pytest.raises(BadRequestError, match="still used"):
        await sms.load_balancers.delete("lbsvc", "lbdep", "ilb1")


async def test_update_endpoint_set_rules(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _two_vms_in_a_set(emu, sms)
    unknown = ConfigurationSetInputEndpoint(load_balanced_endpoint_set_name="nope", port=80, protocol="tcp")
    with pytest.raises(BadRequestError, match="set nope does not exist"):
        await sms.load_balancers.update_endpoint_sets("lbsvc", "lbdep", [unknown])
    no_balancer = ConfigurationSetInputEndpoint(
        load_balanced_endpoint_set_name="webset", port=80, protocol="tcp", load_balancer_name="ilb9"
    )
    with pytest.raises(BadRequestError, match="load balancer ilb9 does not exist"):
        await sms.load_balancers.update_endpoint_sets("lbsvc", "lbdep", [no_balancer])
    assert {e.port for e in (await _set_endpoints(sms)).values()} == {80}


async def test_update_endpoint_set_input_is_checked_before_any_request(sms: ServiceManagementSession) -> None:
    def endpoint(**changes: object) -> ConfigurationSetInputEndpoint:
        base: dict[str, object] = {"load_balanced_endpoint_set_name": "webset", "port": 80, "protocol": "tcp"}
        return ConfigurationSetInputEndpoint(**{**base, **changes})

    acl = EndpointAclRule(order=1, action="Permit", remote_subnet="10.0.0.0/8")
    cases = [
        ([], "input_endpoints"),
        (
            [endpoint(load_balanced_endpoint_set_name=None)],
            "input_endpoints[0].load_balanced_endpoint_set_name",
        ),
        ([endpoint(port=0)], "input_endpoints[0].port"),
        ([endpoint(local_port=70000)], "input_endpoints[0].local_port"),
        ([endpoint(protocol="icmp")], "input_endpoints[0].protocol"),
        (
            [endpoint(load_balancer_probe=LoadBalancerProbe(port=80, protocol="http"))],
            "input_endpoints[0].load_balancer_probe.path",
        ),
        (
            [endpoint(load_balancer_probe=LoadBalancerProbe(port=80, protocol="udp"))],
            "input_endpoints[0].load_balancer_probe.protocol",
        ),
        (
            [endpoint(endpoint_acl=EndpointAcl(rules=[acl, acl]))],
            "input_endpoints[0].endpoint_acl.rules[1].order",
        ),
        (
            [endpoint(endpoint_acl=EndpointAcl(rules=[acl.model_copy(update={"action": "Allow"})]))],
            "input_endpoints[0].endpoint_acl.rules[0].action",
        ),
        (
            [endpoint(endpoint_acl=EndpointAcl(rules=[acl.model_copy(update={"remote_subnet": "x"})]))],
            "input_endpoints[0].endpoint_acl.rules[0].remote_subnet",
        ),
        ([endpoint(idle_timeout_in_minutes=2)], "input_endpoints[0].idle_timeout_in_minutes"),
        ([endpoint(load_balancer_distribution="random")], "input_endpoints[0].load_balancer_distribution"),
    ]
    for endpoints, field in cases:
        with pytest.raises(InvalidInputError) as caught:
            await sms.load_balancers.update_endpoint_sets("lbsvc", "lbdep", endpoints)
        assert caught.value.field == field


async def test_a_vm_endpoint_names_a_load_balancer_of_the_deployment(
    emu: Emulator, sms: ServiceManagementSession
) -> None:
    await _vm(emu, sms)
    network = ConfigurationSet(
        input_endpoints=[_web("http", load_balancer_name="ilb1")], subnet_names=["FrontEnd"]
    )
    disk = OSVirtualHardDisk(UBUNTU, "https://mystore.blob.core.windows.net/vhds/web1.vhd")
    config = LinuxConfigurationSet("web1", "azureuser", "Secret-pa55", True)
    with pytest.raises(BadRequestError, match="load balancer ilb1 does not exist"):
        await sms.roles.add("lbsvc", "lbdep", "web1", config, disk, network_config=network)
    await (await sms.load_balancers.add("lbsvc", "lbdep", "ilb1", "FrontEnd"))
    await (await sms.roles.add("lbsvc", "lbdep", "web1", config, disk, network_config=network))


async def test_a_vm_static_address_is_not_taken(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _vm(emu, sms)  # lbvm at 10.0.1.5
    await (await sms.load_balancers.add("lbsvc", "lbdep", "ilb1", "FrontEnd", "10.0.1.10"))
    config = LinuxConfigurationSet("web1", "azureuser", "Secret-pa55", True)
    disk = OSVirtualHardDisk(UBUNTU, "https://mystore.blob.core.windows.net/vhds/web1.vhd")
    for taken in ("10.0.1.5", "10.0.1.10"):
        network = ConfigurationSet(subnet_names=["FrontEnd"], static_virtual_network_ip_address=taken)
        with pytest.raises(ConflictError, match="already in use"):
            await sms.roles.add("lbsvc", "lbdep", "web1", config, disk, network_config=network)
