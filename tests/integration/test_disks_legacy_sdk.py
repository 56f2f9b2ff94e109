"""The ORIGINAL legacy SDK's disk and data-disk calls against the emulator: its models parse our answers."""

from __future__ import annotations

from typing import Any

import pytest
from azure.common import AzureHttpError
from azure.servicemanagement import LinuxConfigurationSet, OSVirtualHardDisk

from .test_legacy_sdk import CENTOS, LOCATION, BackgroundEmulator, background, sms, wait

__all__ = ["background", "sms"]  # the fixtures, shared with test_legacy_sdk

VHDS = "https://mystorageaccount.blob.core.windows.net/vhds"


def test_disk_repository(sms: Any) -> None:
    assert sms.add_disk(False, "my os", f"{VHDS}/myos.vhd", "myos", "Linux") is None  # not async in the SDK
    disk = sms.get_disk("myos")
    assert (disk.name, disk.label, disk.os, disk.media_link) == ("myos", "my os", "Linux", f"{VHDS}/myos.vhd")
    assert disk.attached_to is None and disk.logical_disk_size_in_gb == 30
    sms.update_disk("myos", label="renamed")
    assert [d.label for d in sms.list_disks()] == ["renamed"]
    sms.delete_disk("myos", delete_vhd=True)
    assert list(sms.list_disks()) == []


def test_data_disks_of_a_vm(sms: Any, background: BackgroundEmulator) -> None:
    background.call(lambda: background.emulator.set_disk_lease(30))
    name = "mydiskvm"
    sms.create_hosted_service(service_name=name, label=name, location=LOCATION)
    result = sms.create_virtual_machine_deployment(
        service_name=name,
        deployment_name=name,
        deployment_slot="production",
        label=name,
        role_name=name,
        system_config=LinuxConfigurationSet("myhostname", "myuser", "mypassword", True),
        os_virtual_hard_disk=OSVirtualHardDisk(CENTOS, f"{VHDS}/{name}.vhd"),
        role_size="Small",
    )
    assert wait(sms, result.request_id).status == "Succeeded"
    result = sms.add_data_disk(name, name, name, 0, logical_disk_size_in_gb=10)
    assert wait(sms, result.request_id).status == "Succeeded"
    result = sms.add_data_disk(
        name, name, name, 1, "ReadWrite", disk_label="logs", logical_disk_size_in_gb=20
    )
    assert wait(sms, result.request_id).status == "Succeeded"
    disk = sms.get_data_disk(name, name, name, 1)
    assert (disk.lun, disk.host_caching, disk.disk_label, disk.logical_disk_size_in_gb) == (
        1,
        "ReadWrite",
        "logs",
        20,
    )
    result = sms.update_data_disk(name, name, name, 1, updated_lun=2)
    assert wait(sms, result.request_id).status == "Succeeded"
    assert sms.get_data_disk(name, name, name, 2).disk_name == disk.disk_name

    role = sms.get_role(name, name, name)
    first = role.data_virtual_hard_disks[0].disk_name
    disks = {d.name: d for d in sms.list_disks()}
    assert set(disks) == {first, disk.disk_name, role.os_virtual_hard_disk.disk_name}
    for each in disks.values():
        assert (each.attached_to.hosted_service_name, each.attached_to.role_name) == (name, name)
        assert isinstance(each.logical_disk_size_in_gb, int)
    assert disks[first].os == "" and disks[first].logical_disk_size_in_gb == 10
    with pytest.raises(AzureHttpError) as info:
        sms.delete_disk(first)
    assert info.value.status_code == 400 and "is currently in use by virtual machine" in str(info.value)

    result = sms.delete_data_disk(name, name, name, 2, delete_vhd=True)
    assert wait(sms, result.request_id).status == "Succeeded"
    result = sms.delete_deployment(name, name)
    assert wait(sms, result.request_id).status == "Succeeded"
    assert len(list(sms.list_disks())) == 2
    assert all(d.attached_to is None for d in sms.list_disks())
    with pytest.raises(AzureHttpError) as info:  # the deleted VM's storage lease still holds it
        sms.delete_disk(first, delete_vhd=True)
    assert info.value.status_code == 400
    sms.delete_hosted_service(service_name=name)
