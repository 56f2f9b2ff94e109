"""VM images against the emulator: create, list (the service's filters), update, delete, capture
from a VM (Specialized from a running VM, Generalized only from a stopped one, which it deletes),
VMs created from a VM image, and the client-side filters."""

from __future__ import annotations

from dataclasses import replace

import pytest

from aiosm import ServiceManagementSession
from aiosm.emulator import Emulator
from aiosm.emulator.records import DeploymentRecord, deployment_key
from aiosm.errors import BadRequestError, ConflictError, InvalidInputError, NotFoundError
from aiosm.models import (
    CaptureRoleAsVMImage,
    DataDiskConfiguration,
    DataVirtualHardDisk,
    LinuxConfigurationSet,
    OSDiskConfiguration,
    OSVirtualHardDisk,
    VMImage,
)

BLOBS = "https://mystore.blob.core.windows.net/vhds/"
UBUNTU = "b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04_2-LTS-amd64-server-20150506-en-us-30GB"
CLOUDERA = "1acf693f34c74e86a50be61cb631ddfe__ClouderaGolden-202406-699696"


def new_image(name: str = "myimage", *, data_disks: int = 0) -> VMImage:
    image = VMImage(name, name + " label", "my description")
    image.os_disk_configuration = OSDiskConfiguration(
        os_state="Generalized", os="Linux", media_link=BLOBS + name + "-os.vhd"
    )
    image.data_disk_configurations = [
        DataDiskConfiguration(lun=i, media_link=f"{BLOBS}{name}-data{i}.vhd", logical_disk_size_in_gb=100)
        for i in range(data_disks)
    ]
    image.image_family = "My family"
    image.show_in_gui = True
    return image


def mine(images: list[VMImage], name: str = "myimage") -> VMImage:
    return next(i for i in images if i.name == name)


async def test_create_list_update_delete(sms: ServiceManagementSession) -> None:
    op = await sms.vm_images.create(new_image(data_disks=2))
    assert op.http_status == 202
    await op
    image = mine(await sms.vm_images.list())
    assert (image.category, image.label, image.description) == ("User", "myimage label", "my description")
    assert image.image_family == "My family" and image.show_in_gui is True and image.is_premium is False
    assert image.vm_image_state == "VMImageReadyForUse" and image.created_time is not None
    disk = image.os_disk_configuration
    assert disk is not None
    assert (disk.os_state, disk.os, disk.host_caching, disk.name) == (
        "Generalized",
        "Linux",
        "ReadWrite",
        "myimage-os",
    )
    assert [(d.lun, d.logical_disk_size_in_gb, d.host_caching) for d in image.data_disk_configurations] == [
        (0, 100, "None"),
        (1, 100, "None"),
    ]
    change = VMImage(
        label="new label",
        eula="https://example.com/eula",
        os_disk_configuration=OSDiskConfiguration(host_caching="ReadOnly"),
        data_disk_configurations=[
            DataDiskConfiguration(name="myimage-data1", host_caching="ReadOnly", lun=5)
        ],
    )
    op = await sms.vm_images.update("myimage", change)
    assert op.http_status == 200
    await op
    image = mine(await sms.vm_images.list())
    assert (image.label, image.description, image.eula) == (
        "new label",
        "my description",
        "https://example.com/eula",
    )
    assert image.os_disk_configuration and image.os_disk_configuration.host_caching == "ReadOnly"
    assert [(d.name, d.lun, d.host_caching) for d in image.data_disk_configurations] == [
        ("myimage-data0", 0, "None"),
        ("myimage-data1", 5, "ReadOnly"),
    ]
    await (await sms.vm_images.delete("myimage", delete_vhd=True))
    assert "myimage" not in [i.name for i in await sms.vm_images.list()]


async def test_list_filters_are_the_services(sms: ServiceManagementSession) -> None:
    await (await sms.vm_images.create(new_image()))
    everything = await sms.vm_images.list()
    assert everything[0].name == "myimage"  # the subscription's images come first
    assert [i.name for i in await sms.vm_images.list(publisher="cloudera")] == [CLOUDERA]
    public = await sms.vm_images.list(category="Public")
    assert public and all(i.category == "Public" and not i.role_name for i in public)
    assert "myimage" in [i.name for i in await sms.vm_images.list(location="West US")]
    southeast = await sms.vm_images.list(location="Southeast Asia")
    assert "myimage" not in [i.name for i in southeast] and southeast
    premium = [i for i in public if i.is_premium]
    assert premium and all(i.pricing_detail_link and i.icon_uri and i.published_date for i in premium)


async def test_create_refusals(sms: ServiceManagementSession) -> None:
    await (await sms.vm_images.create(new_image()))
    with pytest.raises(ConflictError):
        await sms.vm_images.create(new_image())
    with pytest.raises(ConflictError):
        await sms.vm_images.create(new_image(CLOUDERA))  # a platform image's name
    with pytest.raises(ConflictError):
        await sms.vm_images.create(new_image(UBUNTU))  # an OS image's name
    bad_link = new_image("other")
    assert bad_link.os_disk_configuration is not None
    bad_link.os_disk_configuration.media_link = "not a url"
    with pytest.raises(BadRequestError, match="MediaLink"):
        await sms.vm_images.create(bad_link)
    twice = new_image("twice", data_disks=2)
    twice.data_disk_configurations[1].lun = 0
    with pytest.raises(BadRequestError, match="LUN"):
        await sms.vm_images.create(twice)


async def test_client_side_input_rules(sms: ServiceManagementSession) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await sms.vm_images.create(VMImage("x", "label"))
    assert caught.value.field == "vm_image.os_disk_configuration"
    image = new_image()
    assert image.os_disk_configuration is not None
    image.os_disk_configuration.os_state = "Sleepy"
    with pytest.raises(InvalidInputError) as caught:
        await sms.vm_images.create(image)
    assert caught.value.field == "vm_image.os_disk_configuration.os_state"
    with pytest.raises(InvalidInputError):
        await sms.vm_images.create("myimage")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError) as caught:
        await sms.vm_images.update("x", VMImage(data_disk_configurations=[DataDiskConfiguration(lun=1)]))
    assert caught.value.field == "vm_image.data_disk_configurations[0].name"
    with pytest.raises(InvalidInputError):
        await sms.vm_images.capture("svc", "dep", "role", CaptureRoleAsVMImage("Frozen", "n", "l"))


async def test_update_and_delete_refusals(sms: ServiceManagementSession) -> None:
    with pytest.raises(NotFoundError):
        await sms.vm_images.update("nosuchimage", VMImage(label="x"))
    with pytest.raises(BadRequestError, match="platform image"):
        await sms.vm_images.delete(CLOUDERA)
    await (await sms.vm_images.create(new_image(data_disks=1)))
    with pytest.raises(BadRequestError, match="no data disk named"):
        bad = VMImage(data_disk_configurations=[DataDiskConfiguration(name="other", lun=0)])
        await sms.vm_images.update("myimage", bad)
    with pytest.raises(BadRequestError, match="host caching"):
        await sms.vm_images.update(
            "myimage", VMImage(os_disk_configuration=OSDiskConfiguration(host_caching="Sometimes"))
        )
    with pytest.raises(NotFoundError):
        await sms.vm_images.delete("nosuchimage")


async def create_vm(sms: ServiceManagementSession, name: str = "capsvc") -> None:
    await (await sms.hosted_services.create(name, "l", location="West US"))
    config = LinuxConfigurationSet(name, "azureuser", "Secret-pa55", True)
    disk = OSVirtualHardDisk(UBUNTU, f"{BLOBS}{name}-os.vhd")
    data = [DataVirtualHardDisk(lun=0, logical_disk_size_in_gb=50, media_link=f"{BLOBS}{name}-d0.vhd")]
    op = await sms.virtual_machines.create_deployment(
        name, name, "production", "l", name, config, disk, data_virtual_hard_disks=data, role_size="Medium"
    )
    await op


def stop_vm(emu: Emulator, name: str = "capsvc") -> None:
    """What shutdown_role does to the role (the roles family owns that operation)."""
    assert emu.state is not None
    record = emu.state.get(DeploymentRecord, deployment_key(name, "Production"))
    assert record is not None and record.vm_roles
    stopped = tuple(replace(r, power_state="Stopped") for r in record.vm_roles)
    emu.state.write(puts=[replace(record, vm_roles=stopped)])


async def test_capture_specialized_from_a_running_vm(sms: ServiceManagementSession) -> None:
    """As recorded (test_capture_vm_image): a running VM captured Specialized stays."""
    await create_vm(sms)
    options = CaptureRoleAsVMImage("Specialized", "capimage", "cap label", "desc", "english", "mygroup")
    await (await sms.vm_images.capture("capsvc", "capsvc", "capsvc", options))
    image = mine(await sms.vm_images.list(), "capimage")
    assert (image.category, image.label, image.description) == ("User", "cap label", "desc")
    assert (image.language, image.image_family) == ("english", "mygroup")
    assert (image.service_name, image.deployment_name, image.role_name) == ("capsvc", "capsvc", "capsvc")
    assert (image.role_state_on_capture, image.role_size_on_capture) == ("ReadyRole", "Medium")
    assert image.os_disk_configuration and image.os_disk_configuration.os_state == "Specialized"
    assert image.os_disk_configuration.os == "Linux"
    assert [d.lun for d in image.data_disk_configurations] == [0]
    assert (await sms.deployments.get_by_name("capsvc", "capsvc")).name == "capsvc"  # still there
    with pytest.raises(ConflictError):
        await sms.vm_images.capture("capsvc", "capsvc", "capsvc", options)  # the name is taken


async def test_capture_generalized_needs_a_stopped_vm_and_deletes_it(
    emu: Emulator, sms: ServiceManagementSession
) -> None:
    await create_vm(sms)
    options = CaptureRoleAsVMImage("Generalized", "genimage", "gen label")
    with pytest.raises(ConflictError, match="must be stopped"):
        await sms.vm_images.capture("capsvc", "capsvc", "capsvc", options)
    stop_vm(emu)
    await (await sms.vm_images.capture("capsvc", "capsvc", "capsvc", options))
    image = mine(await sms.vm_images.list(), "genimage")
    assert image.role_state_on_capture == "StoppedVM"
    assert image.os_disk_configuration and image.os_disk_configuration.os_state == "Generalized"
    with pytest.raises(NotFoundError):
        await sms.deployments.get_by_name("capsvc", "capsvc")  # the generalized VM is gone


async def test_capture_of_what_does_not_exist(sms: ServiceManagementSession) -> None:
    options = CaptureRoleAsVMImage("Specialized", "img", "label")
    with pytest.raises(NotFoundError):
        await sms.vm_images.capture("nosvc", "nodep", "norole", options)
    await create_vm(sms)
    with pytest.raises(NotFoundError):
        await sms.vm_images.capture("capsvc", "capsvc", "norole", options)


async def test_vm_from_a_vm_image_and_the_image_in_use(sms: ServiceManagementSession) -> None:
    await (await sms.vm_images.create(new_image()))
    await (await sms.hosted_services.create("fromimg", "l", location="West US"))
    config = LinuxConfigurationSet("fromimg", "azureuser", "Secret-pa55", True)
    await (
        await sms.virtual_machines.create_deployment(
            "fromimg", "fromimg", "production", "l", "vm", config, None, vm_image_name="myimage"
        )
    )
    # the service makes the VM's OS disk from the image's (recorded Get Role of a VM from a VM image)
    disk = (await sms.virtual_machines.get_role("fromimg", "fromimg", "vm")).os_virtual_hard_disk
    assert disk is not None and disk.disk_name and disk.disk_name.startswith("fromimg-vm-0-")
    assert (
        disk.media_link and disk.media_link.startswith(BLOBS) and disk.media_link != BLOBS + "myimage-os.vhd"
    )
    assert (disk.source_image_name, disk.os, disk.host_caching, disk.io_type) == (
        "myimage-os",
        "Linux",
        "ReadWrite",
        "Standard",
    )
    with pytest.raises(ConflictError, match="in use"):
        await sms.vm_images.delete("myimage")


async def test_legacy_names(emu: Emulator) -> None:
    async with emu.service() as sms:
        await (await sms.create_vm_image(new_image("legacyimg")))
        await (await sms.update_vm_image("legacyimg", VMImage(label="relabelled")))
        assert mine(await sms.list_vm_images(None, None, "User"), "legacyimg").label == "relabelled"
        await (await sms.delete_vm_image("legacyimg", False))
        assert not await sms.list_vm_images(category="User")


async def test_select_and_newest(sms: ServiceManagementSession) -> None:
    family = "SQL Server 2014 Enterprise Optimized for DataWarehousing Workloads on Windows Server 2012 R2"
    sql = await sms.vm_images.select(family=family, os="windows")
    assert len(sql) == 2
    newest = await sms.vm_images.newest(family)
    assert newest is not None and newest.name.endswith("cy15su06")
    assert [i.name for i in await sms.vm_images.select(os="linux", label="cdh")] == [CLOUDERA]
    assert await sms.vm_images.newest(family, location="Atlantis") is None


async def test_the_emulator_checks_bodies_the_client_would_refuse(sms: ServiceManagementSession) -> None:
    """Raw bodies (the client checks these first): the emulator's own answers, never a 500."""
    from aiosm.models import CreateVMImage

    def body(**changes: object) -> CreateVMImage:
        fields: dict[str, object] = {
            "name": "raw",
            "label": "l",
            "os_disk_configuration": OSDiskConfiguration(
                os_state="Generalized", os="Linux", media_link=BLOBS + "r.vhd"
            ),
        }
        fields.update(changes)
        return CreateVMImage.model_construct(**fields)

    cases = [
        (body(name="bad name?"), "not valid"),
        (body(label=""), "required"),
        (
            body(os_disk_configuration=OSDiskConfiguration(os_state="Asleep", os="Linux", media_link=BLOBS)),
            "OSState",
        ),
        (
            body(
                os_disk_configuration=OSDiskConfiguration(os_state="Generalized", os="BeOS", media_link=BLOBS)
            ),
            "OS",
        ),
        (body(published_date="yesterday"), "PublishedDate"),
        (body(data_disk_configurations=[DataDiskConfiguration(lun=99, media_link=BLOBS + "d.vhd")]), "LUN"),
    ]
    for sent, message in cases:
        with pytest.raises(BadRequestError) as info:
            await sms.transport.request("POST", "/services/vmimages", body=sent)
        assert message in info.value.message
    capture = CaptureRoleAsVMImage.model_construct(
        operation_type="CaptureRoleAsVMImageOperation",
        os_state="Frozen",
        vm_image_name="n",
        vm_image_label="l",
    )
    await create_vm(sms)
    path = "/services/hostedservices/capsvc/deployments/capsvc/roleinstances/capsvc/Operations"
    with pytest.raises(BadRequestError, match="OSState"):
        await sms.transport.request("POST", path, body=capture)
    with pytest.raises(BadRequestError) as info:
        await sms.transport.request("POST", "/services/vmimages", body=b"<VMImage><Name>x</Name></VMImage>")
    assert info.value.code == "InvalidXmlRequest"


async def test_a_vm_from_a_published_vm_image_needs_a_media_location(sms: ServiceManagementSession) -> None:
    await (await sms.hosted_services.create("frompub", "l", location="West US"))
    config = LinuxConfigurationSet("frompub", "azureuser", "Secret-pa55", True)
    with pytest.raises(BadRequestError, match="MediaLocation"):
        await sms.virtual_machines.create_deployment(
            "frompub", "frompub", "production", "l", "vm", config, None, vm_image_name=CLOUDERA
        )
    op = await sms.virtual_machines.create_deployment(
        "frompub",
        "frompub",
        "production",
        "l",
        "vm",
        config,
        None,
        vm_image_name=CLOUDERA,
        media_location=BLOBS,
    )
    await op
    disk = (await sms.virtual_machines.get_role("frompub", "frompub", "vm")).os_virtual_hard_disk
    assert disk is not None and disk.media_link and disk.media_link.startswith(BLOBS)  # in MediaLocation
