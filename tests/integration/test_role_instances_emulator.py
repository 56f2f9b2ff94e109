"""Role instances against the emulator: reboot, reimage, rebuild, delete, waiting until ready, and the
instances' endpoints; each rule as the typed error the client raises."""

from __future__ import annotations

import pytest

from aiosm import (
    BadRequestError,
    ConfigurationSet,
    ConfigurationSetInputEndpoint,
    ConflictError,
    InvalidInputError,
    LinuxConfigurationSet,
    NotFoundError,
    OSVirtualHardDisk,
    RoleInstancesNotReadyError,
    ServiceManagementSession,
)
from aiosm.emulator import Emulator

from .conftest import FAST_POLL, FAST_RETRY, cscfg

CENTOS = "OpenLogic__OpenLogic-CentOS-62-20120531-en-us-30GB.vhd"


async def _deployment(sms: ServiceManagementSession, count: int = 2, start: bool = True) -> None:
    await (await sms.hosted_services.create("svc", "svc", location="West US"))
    await (await sms.deployments.create("svc", "production", "v1", "https://p/v1", "v1", cscfg(count), start))


async def _statuses(sms: ServiceManagementSession) -> dict[str, str]:
    dep = await sms.deployments.get_by_name("svc", "v1")
    return {i.instance_name: i.instance_status for i in dep.role_instance_list}


@pytest.mark.parametrize(
    ("verb", "kind", "transient"),
    [
        ("reboot", "reboot_role_instance", "RoleStateUnknown"),
        ("reimage", "reimage_role_instance", "BusyRole"),
        ("rebuild", "rebuild_role_instance", "BusyRole"),
    ],
)
async def test_an_instance_is_transient_while_its_operation_runs_then_ready(
    emu: Emulator, sms: ServiceManagementSession, verb: str, kind: str, transient: str
) -> None:
    await _deployment(sms)
    emu.set_progression(kind, polls=2)
    op = await getattr(sms.role_instances, verb)("svc", "v1", "WebRole1_IN_1")
    assert await _statuses(sms) == {"WebRole1_IN_0": "ReadyRole", "WebRole1_IN_1": transient}
    with pytest.raises(ConflictError) as busy:  # the operation holds the deployment
        await sms.role_instances.reboot("svc", "v1", "WebRole1_IN_0")
    assert busy.value.is_busy
    await op.wait(poll_interval=0)
    ready = await sms.role_instances.wait_until_ready("svc", "v1")
    assert [(i.instance_name, i.instance_status) for i in ready] == [
        ("WebRole1_IN_0", "ReadyRole"),
        ("WebRole1_IN_1", "ReadyRole"),
    ]


async def test_wait_until_ready_times_out_with_the_last_statuses(
    emu: Emulator, sms: ServiceManagementSession
) -> None:
    await _deployment(sms)
    emu.set_progression("reboot_role_instance", polls=1000)
    await sms.role_instances.reboot("svc", "v1", "WebRole1_IN_0")
    with pytest.raises(RoleInstancesNotReadyError) as info:
        await sms.role_instances.wait_until_ready("svc", "v1", timeout=0)
    error = info.value
    assert isinstance(error, TimeoutError)
    assert error.last_statuses == {"WebRole1_IN_0": "RoleStateUnknown", "WebRole1_IN_1": "ReadyRole"}
    assert (error.service_name, error.deployment_name, error.status) == ("svc", "v1", "ReadyRole")
    assert "WebRole1_IN_0=RoleStateUnknown" in str(error)


async def test_wait_for_a_named_status_and_one_role(sms: ServiceManagementSession) -> None:
    await _deployment(sms, start=False)
    stopped = await sms.role_instances.wait_until_ready("svc", "v1", "StoppedVM", role_name="WebRole1")
    assert len(stopped) == 2
    with pytest.raises(RoleInstancesNotReadyError) as info:
        await sms.role_instances.wait_until_ready("svc", "v1", role_name="NoSuchRole", timeout=0)
    assert info.value.last_statuses == {}
    with pytest.raises(NotFoundError):
        await sms.role_instances.wait_until_ready("svc", "nosuchdeployment")
    with pytest.raises(InvalidInputError):
        await sms.role_instances.wait_until_ready("svc", "v1", timeout=-1)


async def test_operations_on_an_unknown_instance_answer_404(sms: ServiceManagementSession) -> None:
    await _deployment(sms)
    for verb in ("reboot", "reimage", "rebuild"):
        with pytest.raises(NotFoundError) as info:
            await getattr(sms.role_instances, verb)("svc", "v1", "WebRole1_IN_7")
        assert "WebRole1_IN_7" in info.value.message
    with pytest.raises(NotFoundError):
        await sms.role_instances.reboot("svc", "nosuchdeployment", "WebRole1_IN_0")


async def test_delete_role_instances(sms: ServiceManagementSession) -> None:
    await _deployment(sms, count=3)
    with pytest.raises(BadRequestError) as unknown:
        await sms.role_instances.delete("svc", "v1", ["WebRole1_IN_1", "WebRole1_IN_9"])
    assert "WebRole1_IN_9" in unknown.value.message
    assert len(await _statuses(sms)) == 3  # nothing deleted
    with pytest.raises(BadRequestError) as every:
        await sms.role_instances.delete("svc", "v1", ["WebRole1_IN_0", "WebRole1_IN_1", "WebRole1_IN_2"])
    assert "WebRole1" in every.value.message
    await (await sms.role_instances.delete("svc", "v1", ["WebRole1_IN_1"]))
    assert list(await _statuses(sms)) == ["WebRole1_IN_0", "WebRole1_IN_2"]
    with pytest.raises(NotFoundError):  # a deleted instance is gone
        await sms.role_instances.reboot("svc", "v1", "WebRole1_IN_1")
    with pytest.raises(InvalidInputError):  # before any request
        await sms.role_instances.delete("svc", "v1", [])


async def test_virtual_machine_instances_have_endpoints_on_the_vip(emu: Emulator) -> None:
    async with emu.service(retry=FAST_RETRY, poll=FAST_POLL) as legacy:
        sms = legacy.session
        await (await sms.hosted_services.create("svc", "svc", location="West US"))
        network = ConfigurationSet(input_endpoints=[ConfigurationSetInputEndpoint("ssh", "tcp", 2222, 22)])
        await (
            await sms.virtual_machines.create_deployment(
                "svc",
                "v1",
                "production",
                "v1",
                "vm1",
                LinuxConfigurationSet("h", "u", "password1", True),
                OSVirtualHardDisk(CENTOS, "https://m/os.vhd"),
                network_config=network,
            )
        )
        dep = await sms.deployments.get_by_name("svc", "v1")
        vip = dep.virtual_ips[0].address
        [instance] = dep.role_instance_list
        [endpoint] = instance.instance_endpoints
        assert (
            endpoint.name,
            endpoint.vip,
            endpoint.public_port,
            endpoint.local_port,
            endpoint.protocol,
        ) == (
            "ssh",
            vip,
            2222,
            22,
            "tcp",
        )
        [role_endpoint] = dep.role_list[0].configuration_sets[0].input_endpoints or []
        assert role_endpoint.vip == vip
        # A VM's one instance is named after its role; the legacy names reach it too.
        result = await legacy.reboot_role_instance("svc", "v1", "vm1")
        assert (await legacy.get_operation_status(result.request_id)).status == "Succeeded"
        with pytest.raises(BadRequestError):  # a deployment keeps at least one VM
            await legacy.delete_role_instances("svc", "v1", ["vm1"])
