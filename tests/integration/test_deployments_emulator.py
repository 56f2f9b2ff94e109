"""Deployment upgrades against the emulator: upgrade, walk upgrade domains, roll back, each rule as the
typed error the client raises."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from aiosm import BadRequestError, ConflictError, OperationFailedError, ServiceManagementSession
from aiosm.emulator import Emulator, running

from .conftest import FAST_POLL, FAST_RETRY, cscfg


async def _deployment(sms: ServiceManagementSession, count: int = 2) -> None:
    await (await sms.hosted_services.create("svc", "svc", location="West US"))
    await (await sms.deployments.create("svc", "production", "v1", "https://p/v1", "v1", cscfg(count), True))


async def _upgrade(sms: ServiceManagementSession, mode: str, count: int = 2) -> None:
    await (await sms.deployments.upgrade("svc", "v1", mode, "https://p/v2", cscfg(count), "v2"))


async def test_manual_upgrade_walks_the_upgrade_domains_in_order(sms: ServiceManagementSession) -> None:
    await _deployment(sms, count=2)
    await _upgrade(sms, "Manual", count=2)
    dep = await sms.deployments.get_by_name("svc", "v1")
    assert dep.upgrade_domain_count == 2
    assert dep.upgrade_status is not None
    assert (dep.upgrade_status.upgrade_type, dep.upgrade_status.current_upgrade_domain_state) == (
        "Manual",
        "Before",
    )
    assert dep.upgrade_status.current_upgrade_domain == 0
    assert dep.rollback_allowed is True
    assert dep.label == "v2"
    with pytest.raises(BadRequestError) as info:
        await sms.deployments.walk_upgrade_domain("svc", "v1", 1)
    assert "upgrade domain 0 is the next one to walk" in info.value.message
    await (await sms.deployments.walk_upgrade_domain("svc", "v1", 0))
    status = (await sms.deployments.get_by_name("svc", "v1")).upgrade_status
    assert status is not None and (status.current_upgrade_domain, status.current_upgrade_domain_state) == (
        1,
        "Before",
    )
    await (await sms.deployments.walk_upgrade_domain("svc", "v1", 1))
    dep = await sms.deployments.get_by_name("svc", "v1")
    assert dep.upgrade_status is None and dep.rollback_allowed is False
    with pytest.raises(ConflictError) as conflict:
        await sms.deployments.walk_upgrade_domain("svc", "v1", 0)
    assert not conflict.value.is_busy


async def test_a_walk_in_progress_is_during_and_its_domain_busy(
    emu: Emulator, sms: ServiceManagementSession
) -> None:
    await _deployment(sms, count=3)
    await _upgrade(sms, "manual", count=3)
    emu.set_progression("walk_upgrade_domain", polls=2)
    op = await sms.deployments.walk_upgrade_domain("svc", "v1", 0)
    dep = await sms.deployments.get_by_name("svc", "v1")
    assert dep.upgrade_status is not None and dep.upgrade_status.current_upgrade_domain_state == "During"
    assert dep.locked is True  # an operation holds it
    statuses = {i.instance_name: i.instance_status for i in dep.role_instance_list}
    assert statuses == {
        "WebRole1_IN_0": "BusyRole",
        "WebRole1_IN_1": "ReadyRole",
        "WebRole1_IN_2": "ReadyRole",
    }
    with pytest.raises(ConflictError) as busy:  # the walk holds the deployment
        await sms.deployments.walk_upgrade_domain("svc", "v1", 1)
    assert busy.value.is_busy
    await op.wait(poll_interval=0)
    dep = await sms.deployments.get_by_name("svc", "v1")
    assert {i.instance_status for i in dep.role_instance_list} == {"ReadyRole"}
    assert dep.locked is False
    assert dep.upgrade_status is not None and dep.upgrade_status.current_upgrade_domain == 1


async def test_automatic_upgrade_is_in_progress_while_its_operation_runs(
    emu: Emulator, sms: ServiceManagementSession
) -> None:
    await _deployment(sms, count=1)
    emu.set_progression("upgrade_deployment", polls=2)
    op = await sms.deployments.upgrade("svc", "v1", "Simultaneous", "https://p/v2", cscfg(4), "v2")
    dep = await sms.deployments.get_by_name("svc", "v1")
    assert dep.upgrade_status is not None
    assert (dep.upgrade_status.upgrade_type, dep.upgrade_status.current_upgrade_domain_state) == (
        "Simultaneous",
        "During",
    )
    assert len(dep.role_instance_list) == 1  # still the old configuration
    await op.wait(poll_interval=0)
    dep = await sms.deployments.get_by_name("svc", "v1")
    assert dep.upgrade_status is None and dep.rollback_allowed is False
    assert len(dep.role_instance_list) == 4 and dep.label == "v2"
    assert dep.upgrade_domain_count == 4


async def test_a_failed_automatic_upgrade_leaves_no_upgrade_in_progress(
    emu: Emulator, sms: ServiceManagementSession
) -> None:
    await _deployment(sms, count=1)
    emu.inject_fault("operation_failed", path_pattern="/deployments/v1")
    with pytest.raises(OperationFailedError):
        await (await sms.deployments.upgrade("svc", "v1", "Auto", "https://p/v2", cscfg(3), "v2"))
    dep = await sms.deployments.get_by_name("svc", "v1")
    assert dep.upgrade_status is None and dep.label == "v1" and len(dep.role_instance_list) == 1
    await _upgrade(sms, "Auto", count=3)  # not refused as "in progress"
    assert len((await sms.deployments.get_by_name("svc", "v1")).role_instance_list) == 3


async def test_rollback_needs_an_upgrade_in_progress(sms: ServiceManagementSession) -> None:
    await _deployment(sms, count=2)
    with pytest.raises(ConflictError) as info:
        await sms.deployments.rollback("svc", "v1", "Auto", True)
    assert "no update or upgrade is in progress" in info.value.message
    await _upgrade(sms, "Manual", count=3)
    await (await sms.deployments.walk_upgrade_domain("svc", "v1", 0))
    await (await sms.deployments.rollback("svc", "v1", "auto", True))
    dep = await sms.deployments.get_by_name("svc", "v1")
    assert dep.upgrade_status is None and dep.label == "v1" and dep.configuration == cscfg(2)
    assert len(dep.role_instance_list) == 2


async def test_a_manual_rollback_is_walked_too(sms: ServiceManagementSession) -> None:
    await _deployment(sms, count=1)
    await _upgrade(sms, "Manual", count=1)
    await (await sms.deployments.rollback("svc", "v1", "Manual", False))
    dep = await sms.deployments.get_by_name("svc", "v1")
    assert dep.label == "v1" and dep.upgrade_status is not None
    assert (dep.upgrade_status.upgrade_type, dep.upgrade_status.current_upgrade_domain) == ("Manual", 0)
    await (await sms.deployments.walk_upgrade_domain("svc", "v1", 0))
    assert (await sms.deployments.get_by_name("svc", "v1")).upgrade_status is None


async def test_upgrade_rules(sms: ServiceManagementSession) -> None:
    await _deployment(sms, count=1)
    with pytest.raises(BadRequestError) as info:
        await sms.deployments.upgrade("svc", "v1", "Auto", "https://p/v2", cscfg(1), "v2", True, "NoSuchRole")
    assert "NoSuchRole" in info.value.message
    await _upgrade(sms, "Manual")
    with pytest.raises(ConflictError):
        await sms.deployments.upgrade("svc", "v1", "Auto", "https://p/v3", cscfg(1), "v3")
    with pytest.raises(ConflictError):
        await sms.deployments.change_configuration("svc", "v1", cscfg(3))


async def test_manual_configuration_change_is_walked(sms: ServiceManagementSession) -> None:
    await _deployment(sms, count=1)
    await (await sms.deployments.change_configuration("svc", "v1", cscfg(2), mode="Manual"))
    dep = await sms.deployments.get_by_name("svc", "v1")
    assert dep.upgrade_status is not None and dep.upgrade_status.upgrade_type == "Manual"
    await (await sms.deployments.walk_upgrade_domain("svc", "v1", 0))
    await (await sms.deployments.walk_upgrade_domain("svc", "v1", 1))
    assert (await sms.deployments.get_by_name("svc", "v1")).upgrade_status is None


async def test_legacy_upgrade_takes_base64_configuration(emu: Emulator) -> None:
    async with emu.service(retry=FAST_RETRY, poll=FAST_POLL) as sms:
        await _deployment(sms.session, count=1)
        configuration = base64.b64encode(cscfg(2).encode()).decode()
        result = await sms.upgrade_deployment(
            "svc", "v1", "Manual", "https://p/v2", configuration, "v2", False
        )
        assert (await sms.get_operation_status(result.request_id)).status == "Succeeded"
        await sms.walk_upgrade_domain("svc", "v1", 0)
        result = await sms.rollback_update_or_upgrade("svc", "v1", "Auto", True)
        await sms.wait_for_operation_status(result.request_id, sleep_interval=0)
        dep = await sms.get_deployment_by_name("svc", "v1")
        assert dep.configuration == cscfg(1) and dep.upgrade_status is None


async def test_an_upgrade_in_progress_and_deleted_instances_survive_a_restart(tmp_path: Path) -> None:
    dirs = {"state_dir": tmp_path / "s", "cert_dir": tmp_path / "c"}
    async with running(**dirs) as emu:
        async with emu.session(retry=FAST_RETRY, poll=FAST_POLL) as sms:
            await _deployment(sms, count=3)
            await (await sms.role_instances.delete("svc", "v1", ["WebRole1_IN_1"]))
            await (await sms.deployments.change_configuration("svc", "v1", cscfg(3), mode="Manual"))
            await (await sms.deployments.walk_upgrade_domain("svc", "v1", 0))
            before = await sms.deployments.get_by_name("svc", "v1")
    async with running(**dirs) as emu:
        async with emu.session(retry=FAST_RETRY, poll=FAST_POLL) as sms:
            after = await sms.deployments.get_by_name("svc", "v1")
            assert after == before
            assert after.upgrade_status is not None and after.upgrade_status.current_upgrade_domain == 1
            assert len(after.role_instance_list) == 3  # the new configuration brought IN_1 back
            await (await sms.deployments.rollback("svc", "v1", "Auto", True))
            rolled_back = (await sms.deployments.get_by_name("svc", "v1")).role_instance_list
            assert [i.instance_name for i in rolled_back] == ["WebRole1_IN_0", "WebRole1_IN_2"]
