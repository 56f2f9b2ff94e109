"""The ORIGINAL legacy SDK's image calls against the emulator: OS image metadata updates, details
and publishing, and VM images (create, list, update, delete, capture), with the SDK's own bodies
(empty metadata elements, the always-sent data disk wrapper, the capture root's trailing space)."""

from __future__ import annotations

from typing import Any

import pytest
from azure.common import AzureConflictHttpError, AzureHttpError
from azure.servicemanagement import (
    CaptureRoleAsVMImage,
    DataDiskConfiguration,
    LinuxConfigurationSet,
    OSDiskConfiguration,
    OSVirtualHardDisk,
    VMImage,
)

from .test_legacy_sdk import LOCATION, background, sms, wait  # noqa: F401  (fixtures)

BLOBS = "https://mystorageaccount.blob.core.windows.net/vhds/"
UBUNTU = "b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04_2-LTS-amd64-server-20150506-en-us-30GB"


def test_update_os_image_from_image_reference(sms: Any) -> None:  # noqa: F811
    result = sms.add_os_image("mine label", BLOBS + "mine.vhd", "mine", "Linux")
    assert sms.get_operation_status(result.request_id).status == "Succeeded"
    image = sms.get_os_image("mine")
    image.label, image.show_in_gui, image.published_date = "newlabel", False, "2016-09-09"
    image.description = "my image"
    result = sms.update_os_image_from_image_reference("mine", image)
    assert wait(sms, result.request_id).status == "Succeeded"
    image = sms.get_os_image("mine")
    assert (image.label, image.description, image.show_in_gui) == ("newlabel", "my image", False)
    assert image.published_date.startswith("2016-09-09")
    assert image.media_link == BLOBS + "mine.vhd"


def test_replicate_details_share_unreplicate(sms: Any) -> None:  # noqa: F811
    sms.add_os_image("mine label", BLOBS + "mine.vhd", "mine", "Linux")
    result = sms.replicate_vm_image("mine", ["West US", "West Europe"], "offer", "sku", "1.2.3")
    assert wait(sms, result.request_id).status == "Succeeded"
    details = sms.get_os_image_details("mine")
    assert details.name == "mine" and details.category == "User"
    assert [(p.location, p.progress) for p in details.replication_progress] == [
        ("West US", 100),
        ("West Europe", 100),
    ]
    assert wait(sms, sms.share_vm_image("mine", "public").request_id).status == "Succeeded"
    assert wait(sms, sms.unreplicate_vm_image("mine").request_id).status == "Succeeded"
    assert list(sms.get_os_image_details("mine").replication_progress) == []
    with pytest.raises(AzureHttpError):
        sms.share_vm_image("mine", "public")  # no longer replicated


def legacy_image(name: str) -> Any:
    image = VMImage(name, name + "label", name + "description")
    image.os_disk_configuration.os_state = "Generalized"
    image.os_disk_configuration.os = "Linux"
    image.os_disk_configuration.media_link = BLOBS + name + "-os.vhd"
    disk = DataDiskConfiguration()
    disk.lun, disk.media_link, disk.logical_disk_size_in_gb = 0, BLOBS + name + "-d0.vhd", 100
    image.data_disk_configurations.data_disk_configurations.append(disk)
    image.language = "English"
    image.show_in_gui = True
    return image


def test_vm_images(sms: Any) -> None:  # noqa: F811
    result = sms.create_vm_image(legacy_image("myvmimage"))
    assert wait(sms, result.request_id).status == "Succeeded"
    mine = {i.name: i for i in sms.list_vm_images(location=LOCATION)}["myvmimage"]
    assert (mine.category, mine.label, mine.language, mine.show_in_gui) == (
        "User",
        "myvmimagelabel",
        "English",
        True,
    )
    assert mine.os_disk_configuration.os_state == "Generalized"
    assert mine.os_disk_configuration.logical_disk_size_in_gb == 30
    data = list(mine.data_disk_configurations)
    assert [(d.lun, d.logical_disk_size_in_gb) for d in data] == [(0, 100)]

    change = VMImage(label="Updated label", description="Updated description")
    change.eula = "Updated eula"
    change.os_disk_configuration = OSDiskConfiguration()
    change.os_disk_configuration.host_caching = "ReadOnly"
    result = sms.update_vm_image("myvmimage", change)
    assert wait(sms, result.request_id).status == "Succeeded"
    mine = {i.name: i for i in sms.list_vm_images()}["myvmimage"]
    assert (mine.label, mine.description, mine.eula) == (
        "Updated label",
        "Updated description",
        "Updated eula",
    )
    assert mine.os_disk_configuration.host_caching == "ReadOnly"
    assert mine.show_in_gui is False  # the legacy SDK always sends ShowInGui (false by default)

    public = sms.list_vm_images(category="Public")
    assert public and all(i.category == "Public" for i in public)
    assert [i.publisher_name for i in sms.list_vm_images(publisher="Cloudera")] == ["Cloudera"]

    with pytest.raises(AzureConflictHttpError):
        sms.create_vm_image(legacy_image("myvmimage"))
    result = sms.delete_vm_image("myvmimage", True)
    assert wait(sms, result.request_id).status == "Succeeded"
    assert "myvmimage" not in [i.name for i in sms.list_vm_images()]


def test_capture_vm_image(sms: Any) -> None:  # noqa: F811
    """As the legacy test did: a running VM captured as a Specialized VM image."""
    name = "capsvc"
    sms.create_hosted_service(service_name=name, label=name, location=LOCATION)
    result = sms.create_virtual_machine_deployment(
        service_name=name,
        deployment_name=name,
        deployment_slot="production",
        label=name,
        role_name=name,
        system_config=LinuxConfigurationSet("host", "unittest", "Pa55word!", True),
        os_virtual_hard_disk=OSVirtualHardDisk(UBUNTU, BLOBS + "capsvc-os.vhd"),
        role_size="Small",
    )
    assert wait(sms, result.request_id).status == "Succeeded"
    options = CaptureRoleAsVMImage(
        "Specialized", name + "image", name + "imagelabel", "d", "english", "mygroup"
    )
    result = sms.capture_vm_image(name, name, name, options)
    assert wait(sms, result.request_id).status == "Succeeded"
    image = {i.name: i for i in sms.list_vm_images()}[name + "image"]
    assert (image.category, image.label, image.description) == ("User", name + "imagelabel", "d")
    assert (image.language, image.image_family) == ("english", "mygroup")
    assert (image.os_disk_configuration.os_state, image.os_disk_configuration.os) == ("Specialized", "Linux")
    generalized = CaptureRoleAsVMImage("Generalized", name + "gen", name + "gen")
    with pytest.raises(AzureConflictHttpError):
        sms.capture_vm_image(name, name, name, generalized)  # the VM still runs
    wait(sms, sms.delete_deployment(name, name).request_id)
    sms.delete_hosted_service(name)
