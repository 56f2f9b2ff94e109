"""A VM built with aiosm.builders, created against the emulator: what the builder made is what
Get Role shows; what only the service knows (static IP inside the subnet) is its answer."""

from __future__ import annotations

import pytest

from aiosm import ServiceManagementSession
from aiosm.builders import VirtualMachineBuilder
from aiosm.emulator import Emulator
from aiosm.emulator.records import SubnetRecord, VirtualNetworkRecord
from aiosm.errors import BadRequestError

UBUNTU = "b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04_2-LTS-amd64-server-20150506-en-us-30GB"
THUMB = "0123456789ABCDEF0123456789ABCDEF01234567"


def _network(emu: Emulator) -> None:
    assert emu.state is not None
    emu.state.write(
        puts=[
            VirtualNetworkRecord(
                subscription=emu.subscription_id,
                name="corpnet",
                id="7b5f7a3c-0000-4000-8000-0000000000b1",
                location="West US",
                address_prefixes=("10.0.0.0/16",),
                subnets=(SubnetRecord(name="FrontEnd", address_prefix="10.0.1.0/24"),),
            )
        ]
    )


def _web(name: str, address: str) -> VirtualMachineBuilder:
    return (
        VirtualMachineBuilder(name, "Small")
        .for_linux(name, "azureuser")
        .with_public_ssh(THUMB, "/home/azureuser/.ssh/authorized_keys")
        .with_custom_data("#cloud-config\npackages: [nginx]\n")
        .from_platform_image(UBUNTU, f"https://mystore.blob.core.windows.net/vhds/{name}.vhd")
        .with_new_data_disk(20, label="data")
        .with_endpoint("ssh", 22)
        .with_load_balanced_endpoint("http", "webset", 80, probe_protocol="http", probe_path="/")
        .with_subnet("FrontEnd")
        .with_static_ip(address)
    )


async def test_a_built_linux_vm_is_created(emu: Emulator, sms: ServiceManagementSession) -> None:
    _network(emu)
    await (await sms.hosted_services.create("buildsvc", "l", location="West US"))
    spec = _web("web1", "10.0.1.5").build()
    await sms.virtual_machines.create("buildsvc", **spec.arguments(), virtual_network_name="corpnet")
    role = await sms.virtual_machines.get_role("buildsvc", "buildsvc", "web1")
    assert role.role_size == "Small"
    (network,) = [c for c in role.configuration_sets if c.configuration_set_type == "NetworkConfiguration"]
    assert network.subnet_names == ["FrontEnd"]
    assert network.static_virtual_network_ip_address == "10.0.1.5"
    by_name = {e.name: e for e in network.input_endpoints or ()}
    assert (by_name["ssh"].port, by_name["ssh"].local_port) == (22, 22)
    assert by_name["http"].load_balanced_endpoint_set_name == "webset"
    assert by_name["http"].load_balancer_probe is not None
    assert by_name["http"].load_balancer_probe.protocol == "http"
    assert [(d.lun, d.logical_disk_size_in_gb) for d in role.data_virtual_hard_disks] == [(0, 20)]
    # a second VM of the same builder shape joins the deployment (Add Role)
    second = _web("web2", "10.0.1.6").build()
    await sms.virtual_machines.create("buildsvc", **second.arguments())
    deployment = await sms.deployments.get_by_name("buildsvc", "buildsvc")
    assert sorted(r.role_name for r in deployment.role_list) == ["web1", "web2"]


async def test_a_static_ip_outside_the_subnet_is_the_services_answer(
    emu: Emulator, sms: ServiceManagementSession
) -> None:
    _network(emu)
    await (await sms.hosted_services.create("buildsvc", "l", location="West US"))
    spec = _web("web1", "10.0.9.5").build()  # a well-formed address: the builder accepts it
    with pytest.raises(BadRequestError, match="not an available address of subnet FrontEnd"):
        await sms.virtual_machines.create("buildsvc", **spec.arguments(), virtual_network_name="corpnet")
    reserved = _web("web1", "10.0.1.2").build()  # Azure keeps the first four addresses
    with pytest.raises(BadRequestError, match="not an available address"):
        await sms.virtual_machines.create("buildsvc", **reserved.arguments(), virtual_network_name="corpnet")
