"""Disks and data disks against the emulator: each rule as the typed error the client raises."""

from __future__ import annotations

import asyncio
import logging
import time
import types
from pathlib import Path
from typing import Any

import pytest

from aiosm import (
    BadRequestError,
    ConflictError,
    DataVirtualHardDisk,
    InvalidInputError,
    LinuxConfigurationSet,
    NotFoundError,
    OSVirtualHardDisk,
    ServiceManagementSession,
)
from aiosm.emulator import Emulator, lookups, running
from aiosm.resources.disks import LeaseRetry, is_lease_conflict

from .conftest import FAST_POLL

UBUNTU = "b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04_2-LTS-amd64-server-20150506-en-us-30GB"
VHDS = "https://store.blob.core.windows.net/vhds"
NO_RETRY = LeaseRetry(attempts=1)


async def _vm(
    sms: ServiceManagementSession,
    name: str = "vmsvc",
    *,
    size: str = "Small",
    data_disks: list[DataVirtualHardDisk] | None = None,
    os_disk: OSVirtualHardDisk | None = None,
) -> None:
    await (await sms.hosted_services.create(name, name, location="West US")).wait()
    op = await sms.virtual_machines.create_deployment(
        name,
        name,
        "production",
        label=name,
        role_name=name,
        system_config=LinuxConfigurationSet(name, "azureuser", "Secret-pa55", True),
        os_virtual_hard_disk=os_disk or OSVirtualHardDisk(UBUNTU, f"{VHDS}/{name}-os.vhd"),
        data_virtual_hard_disks=data_disks,
        role_size=size,
    )
    await op.wait()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Seconds the emulator's lease clock is ahead of real time; each ``asyncio.sleep`` (the lease
    retry's waits) moves it on by its delay instead of waiting, so no test depends on timing."""
    ahead = [0.0]
    real_time, real_sleep = time.time, asyncio.sleep

    async def sleep(delay: float, result: Any = None) -> Any:
        ahead[0] += delay
        return await real_sleep(0, result)

    monkeypatch.setattr(lookups, "time", types.SimpleNamespace(time=lambda: real_time() + ahead[0]))
    monkeypatch.setattr(asyncio, "sleep", sleep)
    return ahead


@pytest.fixture(autouse=True)
def _no_lease_retry(sms: ServiceManagementSession) -> None:
    """The rules are checked on the first answer: no client-side waiting (tests that want it set it)."""
    sms.disks.lease_retry = NO_RETRY
    sms.data_disks.lease_retry = NO_RETRY


# -- the repository ------------------------------------------------------------------------------


async def test_disks_of_a_vm_are_listed_attached_to_it(sms: ServiceManagementSession) -> None:
    await _vm(
        sms, data_disks=[DataVirtualHardDisk(lun=0, logical_disk_size_in_gb=20, media_link=f"{VHDS}/d0.vhd")]
    )
    disks = {d.media_link: d for d in await sms.disks.list()}
    os_disk, data = disks[f"{VHDS}/vmsvc-os.vhd"], disks[f"{VHDS}/d0.vhd"]
    for disk in (os_disk, data):
        assert disk.attached_to is not None
        assert (disk.attached_to.hosted_service_name, disk.attached_to.deployment_name) == ("vmsvc", "vmsvc")
        assert disk.attached_to.role_name == "vmsvc"
    assert (
        os_disk.os == "Linux"
        and os_disk.source_image_name == UBUNTU
        and os_disk.logical_disk_size_in_gb == 30
    )
    assert data.os == "" and data.logical_disk_size_in_gb == 20 and data.io_type == "Standard"
    assert os_disk.name.startswith("vmsvc-vmsvc-0-") and data.name == os_disk.name.replace("-0-", "-1-", 1)
    # The names agree with what the role and Get Data Disk report.
    role = await sms.virtual_machines.get_role("vmsvc", "vmsvc", "vmsvc")
    assert role.data_virtual_hard_disks[0].disk_name == data.name
    assert (await sms.data_disks.get("vmsvc", "vmsvc", "vmsvc", 0)).disk_name == data.name
    assert (await sms.disks.get(data.name)).attached_to == data.attached_to


async def test_add_get_update_delete_a_disk(sms: ServiceManagementSession) -> None:
    op = await sms.disks.add("my disk", f"{VHDS}/mine.vhd", "mydisk", "Windows")
    assert op.http_status == 200 and op.result is not None
    disk = await sms.disks.get("MyDisk")  # names are case-insensitive
    assert (disk.name, disk.label, disk.os, disk.attached_to) == ("mydisk", "my disk", "Windows", None)
    assert disk.location == "West US" and disk.created_time is not None
    await sms.disks.update("mydisk", label="renamed")
    assert (await sms.disks.get("mydisk")).label == "renamed"
    await sms.disks.add("data", f"{VHDS}/data.vhd", "datadisk")
    assert (await sms.disks.get("datadisk")).os == ""
    assert {d.name for d in await sms.disks.list()} == {"mydisk", "datadisk"}
    await sms.disks.delete("mydisk", delete_vhd=True)
    with pytest.raises(NotFoundError, match="does not exist"):
        await sms.disks.get("mydisk")
    with pytest.raises(NotFoundError):
        await sms.disks.delete("mydisk")


async def test_disk_location_is_its_storage_accounts(sms: ServiceManagementSession) -> None:
    await (await sms.storage_accounts.create("diskstore", "d", "l", location="North Europe")).wait()
    await sms.disks.add("l", "https://diskstore.blob.core.windows.net/vhds/x.vhd", "x")
    assert (await sms.disks.get("x")).location == "North Europe"


async def test_add_disk_conflicts(sms: ServiceManagementSession) -> None:
    await sms.disks.add("l", f"{VHDS}/a.vhd", "a")
    with pytest.raises(ConflictError, match="already exists"):
        await sms.disks.add("l", f"{VHDS}/other.vhd", "A")
    with pytest.raises(ConflictError, match="lease conflict"):
        await sms.disks.add("l", f"{VHDS}/a.vhd", "b")
    with pytest.raises(BadRequestError, match="not a valid blob URI"):
        await sms.disks.add("l", "not a url", "c")


async def test_disk_input_is_checked_before_sending(sms: ServiceManagementSession, emu: Emulator) -> None:
    with pytest.raises(InvalidInputError) as info:
        await sms.disks.add("l", f"{VHDS}/a.vhd", "bad-")
    assert info.value.field == "name"
    with pytest.raises(InvalidInputError) as info:
        await sms.disks.add("l", f"{VHDS}/a.vhd", "a", "Solaris")
    assert info.value.field == "os"
    with pytest.raises(InvalidInputError) as info:
        await sms.disks.update("a")
    assert info.value.field == "label"
    assert await sms.disks.list() == []


async def test_an_attached_disk_cannot_be_deleted(sms: ServiceManagementSession) -> None:
    await _vm(sms)
    (disk,) = await sms.disks.list()
    with pytest.raises(BadRequestError, match="is currently in use by virtual machine vmsvc") as info:
        await sms.disks.delete(disk.name)
    assert is_lease_conflict(info.value)


# -- deleting a VM: its disks stay (leased a moment) or go -----------------------------------------


async def test_deleting_a_deployment_leaves_its_disks_leased_then_free(
    sms: ServiceManagementSession, emu: Emulator, clock: list[float]
) -> None:
    emu.set_disk_lease(30)
    await _vm(sms, data_disks=[DataVirtualHardDisk(lun=0, logical_disk_size_in_gb=10)])
    await (await sms.deployments.delete("vmsvc", "vmsvc")).wait()
    disks = await sms.disks.list()
    assert len(disks) == 2 and all(d.attached_to is None for d in disks)
    for disk in disks:
        with pytest.raises(BadRequestError, match="in use by virtual machine vmsvc") as info:
            await sms.disks.delete(disk.name)
        assert is_lease_conflict(info.value)
    clock[0] += 31
    for disk in disks:
        await sms.disks.delete(disk.name, delete_vhd=True)
    assert await sms.disks.list() == []


async def test_deleting_a_deployment_with_its_vhds_removes_its_disks(sms: ServiceManagementSession) -> None:
    await sms.disks.add("mine", f"{VHDS}/mine.vhd", "mine")
    await _vm(sms, data_disks=[DataVirtualHardDisk(lun=0, logical_disk_size_in_gb=10)])
    await (await sms.data_disks.add("vmsvc", "vmsvc", "vmsvc", 1, disk_name="mine")).wait()
    assert len(await sms.disks.list()) == 3
    await (await sms.deployments.delete("vmsvc", "vmsvc", delete_vhd=True)).wait()
    assert await sms.disks.list() == []


async def test_no_lease_window_when_set_to_zero(sms: ServiceManagementSession, emu: Emulator) -> None:
    emu.set_disk_lease(0)
    await _vm(sms)
    await (await sms.deployments.delete("vmsvc", "vmsvc")).wait()
    (disk,) = await sms.disks.list()
    await sms.disks.delete(disk.name)
    assert await sms.disks.list() == []


async def test_delete_waits_out_the_lease(
    sms: ServiceManagementSession, emu: Emulator, clock: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    """Beyond the legacy SDK: ``disks.delete`` retries the lease conflict until the lease is gone."""
    emu.set_disk_lease(5)
    await _vm(sms)
    await (await sms.deployments.delete("vmsvc", "vmsvc")).wait()
    (disk,) = await sms.disks.list()
    sms.disks.lease_retry = LeaseRetry(attempts=5, initial=2.0, multiplier=2.0)
    with caplog.at_level(logging.INFO, logger="aiosm"):
        op = await sms.disks.delete(disk.name, delete_vhd=True)
    assert op.result is not None and await sms.disks.list() == []
    leased = [r for r in caplog.records if "disk still leased" in r.getMessage()]
    assert len(leased) == 2  # refused at +0 s and +2 s, deleted at +6 s
    assert 6 <= clock[0] < 7


async def test_lease_retry_gives_up_after_its_attempts(sms: ServiceManagementSession) -> None:
    await _vm(sms)
    (disk,) = await sms.disks.list()
    sms.disks.lease_retry = LeaseRetry(attempts=3, initial=0.0)
    with pytest.raises(BadRequestError, match="in use"):
        await sms.disks.delete(disk.name)  # attached: the answer never changes
    with pytest.raises(NotFoundError):  # another error is never retried
        await sms.disks.delete("nothing")


# -- data disks --------------------------------------------------------------------------------


async def test_add_get_update_delete_a_data_disk(sms: ServiceManagementSession) -> None:
    await _vm(sms)
    op = await sms.data_disks.add(
        "vmsvc", "vmsvc", "vmsvc", 1, "ReadWrite", disk_label="logs", logical_disk_size_in_gb=50
    )
    await op.wait()
    disk = await sms.data_disks.get("vmsvc", "vmsvc", "vmsvc", 1)
    assert (disk.lun, disk.host_caching, disk.disk_label, disk.logical_disk_size_in_gb) == (
        1,
        "ReadWrite",
        "logs",
        50,
    )
    assert disk.media_link == f"{VHDS}/{disk.disk_name}.vhd"
    await (
        await sms.data_disks.update("vmsvc", "vmsvc", "vmsvc", 1, host_caching="None", updated_lun=3)
    ).wait()
    with pytest.raises(NotFoundError):
        await sms.data_disks.get("vmsvc", "vmsvc", "vmsvc", 1)
    moved = await sms.data_disks.get("vmsvc", "vmsvc", "vmsvc", 3)
    assert (moved.disk_name, moved.host_caching) == (disk.disk_name, "None")
    await (await sms.data_disks.delete("vmsvc", "vmsvc", "vmsvc", 3, delete_vhd=True)).wait()
    role = await sms.virtual_machines.get_role("vmsvc", "vmsvc", "vmsvc")
    assert role.data_virtual_hard_disks == []
    assert disk.disk_name not in {d.name for d in await sms.disks.list()}


async def test_a_detached_data_disk_stays_in_the_repository(
    sms: ServiceManagementSession, emu: Emulator
) -> None:
    emu.set_disk_lease(0)
    await _vm(sms, data_disks=[DataVirtualHardDisk(lun=0, logical_disk_size_in_gb=10)])
    name = (await sms.data_disks.get("vmsvc", "vmsvc", "vmsvc", 0)).disk_name
    await (await sms.data_disks.delete("vmsvc", "vmsvc", "vmsvc", 0)).wait()
    disk = await sms.disks.get(name)
    assert disk.attached_to is None and disk.logical_disk_size_in_gb == 10
    # ... and can be attached again, by name.
    await (await sms.data_disks.add("vmsvc", "vmsvc", "vmsvc", 5, disk_name=name)).wait()
    assert (await sms.disks.get(name)).attached_to is not None


async def test_lun_conflict_and_missing_lun(sms: ServiceManagementSession) -> None:
    await _vm(sms, data_disks=[DataVirtualHardDisk(lun=0, logical_disk_size_in_gb=10)])
    with pytest.raises(ConflictError, match="already attached at LUN 0"):
        await sms.data_disks.add("vmsvc", "vmsvc", "vmsvc", 0, logical_disk_size_in_gb=10)
    await (await sms.data_disks.add("vmsvc", "vmsvc", "vmsvc", 1, logical_disk_size_in_gb=10)).wait()
    with pytest.raises(ConflictError, match="LUN 1"):
        await sms.data_disks.update("vmsvc", "vmsvc", "vmsvc", 0, updated_lun=1)
    for call in (
        sms.data_disks.get("vmsvc", "vmsvc", "vmsvc", 7),
        sms.data_disks.update("vmsvc", "vmsvc", "vmsvc", 7, host_caching="ReadOnly"),
        sms.data_disks.delete("vmsvc", "vmsvc", "vmsvc", 7),
    ):
        with pytest.raises(NotFoundError, match="LUN 7"):
            await call


async def test_more_data_disks_than_the_role_size_allows(sms: ServiceManagementSession) -> None:
    await _vm(sms, size="ExtraSmall", data_disks=[DataVirtualHardDisk(lun=0, logical_disk_size_in_gb=10)])
    with pytest.raises(BadRequestError, match=r"maximum number of data disks .* ExtraSmall is 1"):
        await sms.data_disks.add("vmsvc", "vmsvc", "vmsvc", 1, logical_disk_size_in_gb=10)


async def test_max_data_disks_agree_with_the_role_sizes(sms: ServiceManagementSession) -> None:
    from aiosm.emulator.repository import max_data_disks

    for size in await sms.subscriptions.list_role_sizes():
        assert max_data_disks(size.name) == size.max_data_disk_count, size.name


async def test_a_new_data_disk_on_a_blob_another_disk_has(sms: ServiceManagementSession) -> None:
    await sms.disks.add("l", f"{VHDS}/taken.vhd", "taken")
    await _vm(sms)
    with pytest.raises(ConflictError, match="lease conflict occurred with the blob"):
        await sms.data_disks.add(
            "vmsvc", "vmsvc", "vmsvc", 0, media_link=f"{VHDS}/taken.vhd", logical_disk_size_in_gb=1
        )
    with pytest.raises(ConflictError, match="lease conflict"):
        await sms.data_disks.add("vmsvc", "vmsvc", "vmsvc", 0, source_media_link=f"{VHDS}/vmsvc-os.vhd")


async def test_attaching_a_disk_by_name(sms: ServiceManagementSession) -> None:
    await _vm(sms)
    with pytest.raises(NotFoundError, match="does not exist"):
        await sms.data_disks.add("vmsvc", "vmsvc", "vmsvc", 0, disk_name="nothing")
    await sms.disks.add("os", f"{VHDS}/os.vhd", "osdisk", "Linux")
    with pytest.raises(BadRequestError, match="operating system disk"):
        await sms.data_disks.add("vmsvc", "vmsvc", "vmsvc", 0, disk_name="osdisk")
    (own,) = [d for d in await sms.disks.list() if d.attached_to]
    with pytest.raises(BadRequestError, match="in use by virtual machine vmsvc"):
        await sms.data_disks.add("vmsvc", "vmsvc", "vmsvc", 0, disk_name=own.name)


async def test_attaching_a_leased_disk_waits_for_the_lease(
    sms: ServiceManagementSession, emu: Emulator, clock: list[float]
) -> None:
    emu.set_disk_lease(5)
    await _vm(sms, "first", data_disks=[DataVirtualHardDisk(lun=0, logical_disk_size_in_gb=10)])
    await _vm(sms, "second")
    name = (await sms.data_disks.get("first", "first", "first", 0)).disk_name
    await (await sms.deployments.delete("first", "first")).wait()
    with pytest.raises(BadRequestError, match="in use by virtual machine first"):
        await sms.data_disks.add("second", "second", "second", 0, disk_name=name)
    sms.data_disks.lease_retry = LeaseRetry(attempts=5, initial=2.0, multiplier=2.0)
    await (await sms.data_disks.add("second", "second", "second", 0, disk_name=name)).wait()
    assert 6 <= clock[0] < 7
    attached = (await sms.disks.get(name)).attached_to
    assert attached is not None and attached.hosted_service_name == "second"


async def test_update_data_disk_rules(sms: ServiceManagementSession) -> None:
    await _vm(sms, data_disks=[DataVirtualHardDisk(lun=0, logical_disk_size_in_gb=10)])
    with pytest.raises(BadRequestError, match="cannot be shrunk"):
        await sms.data_disks.update("vmsvc", "vmsvc", "vmsvc", 0, logical_disk_size_in_gb=5)
    with pytest.raises(BadRequestError, match="not other"):
        await sms.data_disks.update("vmsvc", "vmsvc", "vmsvc", 0, disk_name="other")
    await (await sms.data_disks.update("vmsvc", "vmsvc", "vmsvc", 0, logical_disk_size_in_gb=20)).wait()
    assert (await sms.data_disks.get("vmsvc", "vmsvc", "vmsvc", 0)).logical_disk_size_in_gb == 20


async def test_data_disk_input_is_checked_before_sending(sms: ServiceManagementSession) -> None:
    for call, field in (
        (sms.data_disks.get("s", "d", "r", 32), "lun"),
        (sms.data_disks.add("s", "d", "r", -1, logical_disk_size_in_gb=1), "lun"),
        (sms.data_disks.add("s", "d", "r", 0, "Fast", logical_disk_size_in_gb=1), "host_caching"),
        (sms.data_disks.add("s", "d", "r", 0, logical_disk_size_in_gb=2000), "logical_disk_size_in_gb"),
        (sms.data_disks.update("s", "d", "r", 0, updated_lun=40), "updated_lun"),
        (sms.data_disks.delete("s", "d", "r", True), "lun"),  # type: ignore[arg-type]
    ):
        with pytest.raises(InvalidInputError) as info:
            await call
        assert info.value.field == field
    with pytest.raises(InvalidInputError) as info:
        await sms.data_disks.add("s", "d", "r", 0)
    assert "disk_name" in info.value.field


async def test_data_disk_mutations_take_the_deployment_lock(
    sms: ServiceManagementSession, emu: Emulator
) -> None:
    await _vm(sms)
    emu.set_latency(30, "add_data_disk")
    await sms.data_disks.add("vmsvc", "vmsvc", "vmsvc", 0, logical_disk_size_in_gb=10)
    with pytest.raises(ConflictError, match="exclusive access"):
        await sms.with_options(retry=None).data_disks.add(
            "vmsvc", "vmsvc", "vmsvc", 1, logical_disk_size_in_gb=10
        )


async def test_the_legacy_facade(emu: Emulator) -> None:
    async with emu.service() as sms:
        await sms.add_disk(None, "label", f"{VHDS}/legacy.vhd", "legacy", "Linux")
        assert (await sms.get_disk("legacy")).os == "Linux"
        await sms.update_disk("legacy", label="new")
        assert [d.label for d in await sms.list_disks()] == ["new"]
        await sms.delete_disk("legacy", True)
        assert await sms.list_disks() == []


async def test_the_disk_repository_survives_a_restart(tmp_path: Path) -> None:
    async with running(state_dir=tmp_path / "state", cert_dir=tmp_path / "certs", disk_lease=60) as emu:
        async with emu.session(poll=FAST_POLL) as sms:
            await sms.disks.add("kept", f"{VHDS}/kept.vhd", "kept", "Linux")
            await _vm(sms)
            await (await sms.deployments.delete("vmsvc", "vmsvc")).wait()
    async with running(state_dir=tmp_path / "state", cert_dir=tmp_path / "certs") as emu:
        async with emu.session(poll=FAST_POLL) as sms:
            sms.disks.lease_retry = NO_RETRY
            disks = {d.name: d for d in await sms.disks.list()}
            assert len(disks) == 2 and disks["kept"].label == "kept"
            (left,) = [name for name in disks if name != "kept"]
            with pytest.raises(BadRequestError, match="in use by virtual machine vmsvc"):  # still leased
                await sms.disks.delete(left)
