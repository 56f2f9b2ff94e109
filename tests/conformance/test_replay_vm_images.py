"""VM images: list (with the service's filters), create, update, delete, capture from a VM."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from aiosm import ServiceManagementSession
from aiosm.models import CaptureRoleAsVMImage, OSDiskConfiguration, VMImage

from .flows import (
    NS,
    create_hosted_service,
    replay_status_polls,
    upload_recorded_certificate,
    wait_replaying_polls,
)
from .replay import Recording, Replayer, replaying

P = "test_legacy_mgmt_misc."


def check_images_against_xml(images: list[VMImage], body: str) -> None:
    """Every parsed image against the recorded XML, read independently with ElementTree."""
    root = ET.fromstring(body.encode("utf-8"))
    recorded = root.findall(f"{NS}VMImage")
    assert len(images) == len(recorded) > 0
    for image, xml in zip(images, recorded, strict=True):
        assert image.name == xml.findtext(f"{NS}Name")
        assert image.label == xml.findtext(f"{NS}Label")
        assert image.category == xml.findtext(f"{NS}Category")
        assert image.description == (xml.findtext(f"{NS}Description") or "")
        assert image.location == (xml.findtext(f"{NS}Location") or "")
        assert image.publisher_name == (xml.findtext(f"{NS}PublisherName") or "")
        assert image.image_family == (xml.findtext(f"{NS}ImageFamily") or "")
        assert image.service_name == (xml.findtext(f"{NS}ServiceName") or "")
        assert image.role_size_on_capture == (xml.findtext(f"{NS}RoleSizeOnCapture") or "")
        assert image.pricing_detail_link == (xml.findtext(f"{NS}PricingDetailLink") or "")
        assert image.icon_uri == (xml.findtext(f"{NS}IconUri") or "")
        premium = xml.findtext(f"{NS}IsPremium")
        assert image.is_premium is (None if premium is None else premium == "true")
        shown = xml.findtext(f"{NS}ShowInGui")
        assert image.show_in_gui is (None if shown is None else shown == "true")
        published = xml.findtext(f"{NS}PublishedDate")
        assert (image.published_date is None) is (published is None)
        disk, os_xml = image.os_disk_configuration, xml.find(f"{NS}OSDiskConfiguration")
        assert disk is not None and os_xml is not None
        assert disk.name == os_xml.findtext(f"{NS}Name")
        assert disk.os == os_xml.findtext(f"{NS}OS")
        assert disk.os_state == os_xml.findtext(f"{NS}OSState")
        assert disk.host_caching == os_xml.findtext(f"{NS}HostCaching")
        assert disk.media_link == os_xml.findtext(f"{NS}MediaLink")
        assert disk.logical_disk_size_in_gb == int(os_xml.findtext(f"{NS}LogicalDiskSizeInGB") or "0")
        assert disk.io_type == os_xml.findtext(f"{NS}IOType")
        data_xml = xml.findall(f"{NS}DataDiskConfigurations/{NS}DataDiskConfiguration")
        assert len(image.data_disk_configurations) == len(data_xml)
        for data_disk, dx in zip(image.data_disk_configurations, data_xml, strict=True):
            assert data_disk.name == dx.findtext(f"{NS}Name")
            assert data_disk.lun == int(dx.findtext(f"{NS}Lun") or "0")
            assert data_disk.host_caching == dx.findtext(f"{NS}HostCaching")
            assert data_disk.logical_disk_size_in_gb == int(dx.findtext(f"{NS}LogicalDiskSizeInGB") or "0")


async def test_list_vm_images() -> None:
    """No filter: user images (captured, with their role) and public images (with a publisher,
    no service, deployment or role)."""
    async with replaying(P + "test_list_vm_images") as (rec, replayer, session):
        replayer.serve(0)
        images = await session.vm_images.list()
    check_images_against_xml(images, rec[0].response_body)
    public = [i for i in images if i.category == "Public"]
    assert public and all(i.publisher_name and not i.role_name and not i.service_name for i in public)
    captured = next(i for i in images if i.name == "huguesvpython-20150526-169874")
    assert captured.role_state_on_capture == "StoppedVM" and captured.role_size_on_capture == "Standard_D2"
    assert captured.created_time is not None and captured.created_time.year == 2015
    premium = [i for i in public if i.is_premium]
    assert premium and all(i.pricing_detail_link for i in premium)
    sql = next(i for i in premium if i.icon_uri)
    assert sql.icon_uri.endswith(".png") and sql.recommended_vm_size and sql.data_disk_configurations


@pytest.mark.parametrize(
    ("recording", "filters"),
    [
        pytest.param("test_list_vm_images_location", {"location": "West US"}, id="location"),
        pytest.param("test_list_vm_images_location_category", {"category": "Public"}, id="category"),
        pytest.param("test_list_vm_images_location_publisher", {"publisher": "Cloudera"}, id="publisher"),
    ],
)
async def test_list_vm_images_filtered(recording: str, filters: dict[str, str]) -> None:
    """The legacy tests' filters travel as query parameters; what the service returned meets them."""
    async with replaying(P + recording) as (rec, replayer, session):
        replayer.serve(0)
        images = await session.vm_images.list(**filters)
    check_images_against_xml(images, rec[0].response_body)
    for image in images:
        if "location" in filters:
            assert filters["location"] in image.locations
        if "category" in filters:
            assert image.category == filters["category"]
        if "publisher" in filters:
            assert image.publisher_name == filters["publisher"]


def recorded_image(rec: Recording) -> VMImage:
    """The legacy tests' ``VMImage(name, name+'label', name+'description')`` with a Specialized
    Linux OS disk on the copied blob, language ``English``, shown in the GUI."""
    body = rec[0].request_body
    assert body is not None
    root = ET.fromstring(body.encode("utf-8"))
    name = root.findtext(f"{NS}Name") or ""
    image = VMImage(name, name + "label", name + "description")
    image.os_disk_configuration = OSDiskConfiguration(
        os_state="Specialized",
        os="Linux",
        media_link=root.findtext(f"{NS}OSDiskConfiguration/{NS}MediaLink"),
    )
    image.language = "English"
    image.show_in_gui = True
    return image


async def create_image(rec: Recording, replayer: Replayer, session: ServiceManagementSession) -> VMImage:
    """``create_vm_image`` of :func:`recorded_image`, waited on with the recorded polls."""
    image = recorded_image(rec)
    replayer.serve(0)
    op = await session.vm_images.create(image)
    await wait_replaying_polls(op, rec, replayer, 0)
    return image


def listed(images: list[VMImage], name: str) -> VMImage:
    return next(i for i in images if i.name == name)


async def test_create_vm_image() -> None:
    async with replaying(P + "test_create_vm_image") as (rec, replayer, session):
        image = await create_image(rec, replayer, session)
        replayer.serve(4)
        images = await session.vm_images.list()
    check_images_against_xml(images, rec[4].response_body)
    mine = listed(images, image.name)
    assert (mine.label, mine.description) == (image.name + "label", image.name + "description")
    assert mine.category == "User" and mine.language == "English" and mine.show_in_gui is True
    disk = mine.os_disk_configuration
    assert disk is not None and image.os_disk_configuration is not None
    assert (disk.os_state, disk.os) == ("Specialized", "Linux")
    assert disk.media_link == image.os_disk_configuration.media_link


async def test_update_vm_image() -> None:
    """Update answers 200 (complete at once; the legacy test polled once itself), then the list
    shows the new label, description, eula and OS disk caching."""
    async with replaying(P + "test_update_vm_image") as (rec, replayer, session):
        image = await create_image(rec, replayer, session)
        change = VMImage(
            label="Updated label",
            description="Updated description",
            eula="Updated eula",
            show_in_gui=False,
            os_disk_configuration=OSDiskConfiguration(host_caching="ReadOnly"),
        )
        replayer.serve(3)
        op = await session.vm_images.update(image.name, change)
        assert op.http_status == 200 and op.request_id == rec[3].request_id
        assert (await op.wait(poll_interval=0)).succeeded
        (poll,) = await replay_status_polls(rec, replayer, session, 3)
        assert poll.succeeded
        replayer.serve(5)
        images = await session.vm_images.list()
    check_images_against_xml(images, rec[5].response_body)
    updated = [i for i in images if i.label == "Updated label" and i.category == "User"]
    assert updated and all(i.eula == "Updated eula" for i in updated)
    assert all(
        i.os_disk_configuration and i.os_disk_configuration.host_caching == "ReadOnly" for i in updated
    )


async def test_delete_vm_image_with_its_vhd() -> None:
    async with replaying(P + "test_delete_vm_image") as (rec, replayer, session):
        image = await create_image(rec, replayer, session)
        replayer.serve(3)
        op = await session.vm_images.delete(image.name, delete_vhd=True)
        await wait_replaying_polls(op, rec, replayer, 3)
        replayer.serve(6)
        images = await session.vm_images.list()
    check_images_against_xml(images, rec[6].response_body)
    assert image.name not in [i.name for i in images]


async def test_capture_vm_image() -> None:
    """The hosted service (0, 1), the service certificate (2) and its polls (3, 4), then, after
    the recording's gap, capture_vm_image with a Specialized OS state (11) and its polls (12,
    13). The deployment reads (5-10) are replayed in test_replay_virtual_machines."""
    async with replaying(P + "test_capture_vm_image") as (rec, replayer, session):
        service = await create_hosted_service(rec, replayer, session)
        await upload_recorded_certificate(rec, replayer, session, service)
        options = CaptureRoleAsVMImage(
            "Specialized",
            service + "image",
            service + "imagelabel",
            service + "imagedescription",
            "english",
            "mygroup",
        )
        replayer.serve(11)
        op = await session.vm_images.capture(service, service, service, options)
        await wait_replaying_polls(op, rec, replayer, 11)
