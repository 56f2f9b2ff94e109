"""The emulator's disk repository queries: disks derived from VM roles, released disks, size limits."""

from __future__ import annotations

import pytest

from aiosm.emulator import repository
from aiosm.emulator.records import (
    DataDiskRecord,
    DeploymentRecord,
    DiskRecord,
    OSDiskRecord,
    VMRoleRecord,
    named_data_disks,
)
from aiosm.emulator.state import Progression, State, Store

SUB, OTHER = "sub-1", "sub-2"
NOW = "2026-01-02T03:04:05Z"
OS_NAME = "svc-vm-0-20260102T030405Z"
UBUNTU = repository.PLATFORM_IMAGES[1].name


def _role(*data: DataDiskRecord, name: str = "vm", os_name: str | None = OS_NAME) -> VMRoleRecord:
    os_disk = OSDiskRecord(
        disk_name=os_name, media_link="https://st.blob.core.windows.net/vhds/os.vhd", source_image_name=UBUNTU
    )
    return VMRoleRecord(role_name=name, role_size="Small", host_name=name, os_disk=os_disk, data_disks=data)


def _vm(*roles: VMRoleRecord, sub: str = SUB, service: str = "svc") -> DeploymentRecord:
    return DeploymentRecord(
        subscription=sub,
        service=service,
        name="dep",
        slot="Production",
        private_id="0" * 32,
        status="Running",
        label="dep",
        created=NOW,
        modified=NOW,
        vip="1.2.3.4",
        vm_roles=roles,
    )


def _state(*records: DeploymentRecord | DiskRecord) -> State:
    state = State(Store(None), Progression())
    state.write(puts=records)
    return state


def test_unnamed_data_disks_are_named_after_the_os_disk() -> None:
    role = _role(DataDiskRecord(lun=0), DataDiskRecord(lun=3), DataDiskRecord(lun=1, disk_name="given"))
    assert [d.disk_name for d in named_data_disks(role)] == [
        "svc-vm-1-20260102T030405Z",
        "svc-vm-4-20260102T030405Z",
        "given",
    ]
    custom = _role(DataDiskRecord(lun=2), os_name="my-os")
    assert [d.disk_name for d in named_data_disks(custom)] == ["vm-vm-3"]
    named = _role(DataDiskRecord(lun=0, disk_name="a"))
    assert named_data_disks(named) is named.data_disks


def test_attached_disks_come_from_the_roles() -> None:
    stored = DiskRecord(subscription=SUB, name="Extra", label="mine", media_link="https://x/extra.vhd")
    deployment = _vm(
        _role(DataDiskRecord(lun=0, logical_disk_size_in_gb=7), DataDiskRecord(lun=1, disk_name="extra"))
    )
    state = _state(
        deployment, stored, _vm(_role(name="theirs", os_name="other-0-1"), sub=OTHER, service="theirs")
    )
    attached = repository.attached_disks(state, SUB)
    assert set(attached) == {f"{SUB}/{OS_NAME.lower()}", f"{SUB}/svc-vm-1-20260102t030405z", f"{SUB}/extra"}
    os_disk = attached[f"{SUB}/{OS_NAME.lower()}"]
    assert (os_disk.service, os_disk.deployment, os_disk.role) == ("svc", "dep", "vm")
    assert (os_disk.record.os, os_disk.record.size, os_disk.record.source_image_name) == ("Linux", 30, UBUNTU)
    assert attached[f"{SUB}/svc-vm-1-20260102t030405z"].record.size == 7
    assert attached[f"{SUB}/extra"].record is stored  # a disk of the repository keeps its properties
    found = repository.disk_named(state, SUB, "EXTRA")
    assert found is not None and found[1] is not None
    assert repository.disk_named(state, OTHER, "extra") is None
    assert repository.media_link_in_use(state, SUB, "HTTPS://X/extra.vhd")
    assert not repository.media_link_in_use(state, OTHER, "https://x/extra.vhd")


@pytest.mark.parametrize("delete_vhd", [False, True])
def test_released_disks_stay_leased_or_go(delete_vhd: bool) -> None:
    stored = DiskRecord(subscription=SUB, name="extra", label="mine", media_link="https://x/extra.vhd")
    deployment = _vm(_role(DataDiskRecord(lun=0), DataDiskRecord(lun=1, disk_name="extra")))
    state = _state(deployment, stored)
    puts, deletes = repository.release_disks(
        state, deployment, deployment.vm_roles or (), delete_vhd=delete_vhd, leased_until=99.0
    )
    if delete_vhd:
        assert puts == [] and deletes == [stored.ref]
        return
    assert deletes == []
    assert {p.name for p in puts if isinstance(p, DiskRecord)} == {
        OS_NAME,
        "svc-vm-1-20260102T030405Z",
        "extra",
    }
    for put in puts:
        assert isinstance(put, DiskRecord)
        assert (put.leased_until, put.lease_service, put.lease_deployment, put.lease_role) == (
            99.0,
            "svc",
            "dep",
            "vm",
        )
    assert [p.label for p in puts if isinstance(p, DiskRecord) and p.name == "extra"] == ["mine"]


def test_releasing_one_data_disk() -> None:
    deployment = _vm(_role(DataDiskRecord(lun=0), DataDiskRecord(lun=1)))
    role = (deployment.vm_roles or ())[0]
    (second,) = [d for d in named_data_disks(role) if d.lun == 1]
    puts, _ = repository.release_disks(
        _state(deployment), deployment, [role], delete_vhd=False, leased_until=1.0, data_disks=(second,)
    )
    assert [p.name for p in puts if isinstance(p, DiskRecord)] == [second.disk_name]


def test_max_data_disks_by_role_size() -> None:
    assert repository.max_data_disks("extrasmall") == 1
    assert repository.max_data_disks("Standard_D14") == 32
    assert repository.max_data_disks("Standard_G5") == 64
    assert repository.max_data_disks("SomethingNew") == 64


def test_the_emulator_command_line_takes_the_disk_lease() -> None:
    from aiosm.emulator.__main__ import _parser

    assert _parser().parse_args([]).disk_lease == 2.0
    assert _parser().parse_args(["--disk-lease", "0.5"]).disk_lease == 0.5
    with pytest.raises(SystemExit):
        _parser().parse_args(["--disk-lease", "-1"])


def test_set_disk_lease_checks_its_value() -> None:
    from aiosm.emulator import Emulator

    emulator = Emulator(disk_lease=0)
    assert emulator.disk_lease.seconds == 0
    emulator.set_disk_lease(1.5)
    assert emulator.disk_lease.seconds == 1.5
    for bad in (-1, float("nan"), True, "2"):
        with pytest.raises(ValueError):
            emulator.set_disk_lease(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Emulator(disk_lease=-0.1)
