"""OS images against the emulator: the platform catalogue, details, the metadata update,
publishing (replicate, share, unreplicate) and the client-side filters."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from aiosm import ServiceManagementSession
from aiosm.emulator import Emulator
from aiosm.errors import BadRequestError, InvalidInputError, NotFoundError
from aiosm.models import OSImage

MEDIA = "https://mystore.blob.core.windows.net/vhds/mine.vhd"
UBUNTU = "Ubuntu Server 14.04 LTS"


async def add_image(sms: ServiceManagementSession, name: str = "mine") -> None:
    await (await sms.os_images.add(name + " label", MEDIA, name, "Linux"))


async def test_catalogue_is_as_rich_as_the_service(sms: ServiceManagementSession) -> None:
    """What the legacy test_list_os_images_public checked of the service's public list (its
    recording kept no interaction): every category is a known one, and each metadata field is
    filled in on some image."""
    images = await sms.os_images.list()
    assert {i.category for i in images} <= {"User", "Public", "Private", "MSDN"}
    for field in (
        "category",
        "label",
        "logical_size_in_gb",
        "name",
        "os",
        "eula",
        "description",
        "image_family",
        "show_in_gui",
        "published_date",
        "is_premium",
        "icon_uri",
        "privacy_uri",
        "recommended_vm_size",
        "publisher_name",
        "small_icon_uri",
        "pricing_detail_link",
    ):
        assert any(getattr(i, field) not in (None, "") for i in images), field
    premium = [i for i in images if i.is_premium]
    assert premium and all(i.pricing_detail_link and i.icon_uri and i.privacy_uri for i in premium)


async def test_update_stores_every_metadata_field(sms: ServiceManagementSession) -> None:
    await add_image(sms)
    op = await sms.os_images.update(
        "mine",
        "new label",
        eula="https://example.com/eula",
        description="my image",
        image_family="Mine",
        show_in_gui=False,
        published_date=date(2016, 9, 9),
        icon_uri="mine.png",
        privacy_uri="https://example.com/privacy",
        recommended_vm_size="Medium",
        small_icon_uri="mine-small.png",
        language="English",
    )
    await op
    image = await sms.os_images.get("mine")
    assert image.label == "new label"
    assert (image.eula, image.description, image.image_family) == (
        "https://example.com/eula",
        "my image",
        "Mine",
    )
    assert image.show_in_gui is False
    assert image.published_date == datetime(2016, 9, 9, tzinfo=timezone.utc)
    assert (image.icon_uri, image.small_icon_uri) == ("mine.png", "mine-small.png")
    assert image.privacy_uri == "https://example.com/privacy"
    assert (image.recommended_vm_size, image.language) == ("Medium", "English")
    assert image.media_link == MEDIA  # kept
    # A later update changes only what it gives.
    await (await sms.os_images.update("mine", "again", description="changed"))
    image = await sms.os_images.get("mine")
    assert (image.label, image.description, image.eula) == ("again", "changed", "https://example.com/eula")


async def test_legacy_update_forms(emu: Emulator) -> None:
    async with emu.service() as sms:
        await (await sms.add_os_image("l", MEDIA, "mine", "Linux"))
        await (await sms.update_os_image("mine", "relabelled", MEDIA, "mine", "Linux"))
        image = await sms.get_os_image("mine")
        assert image.label == "relabelled"
        reference = image.model_copy(update={"label": "newlabel", "show_in_gui": True, "language": "French"})
        await (await sms.update_os_image_from_image_reference("mine", reference))
        image = await sms.get_os_image("mine")
        assert (image.label, image.show_in_gui, image.language) == ("newlabel", True, "French")
        # what the reference leaves empty it sends empty (<Language></Language>): the value is emptied
        await (
            await sms.update_os_image_from_image_reference("mine", image.model_copy(update={"language": ""}))
        )
        assert (await sms.get_os_image("mine")).language == ""
        with pytest.raises(BadRequestError):
            await sms.update_os_image("mine", "l", MEDIA, "mine", "Windows")  # the OS is the image's


async def test_update_refusals(sms: ServiceManagementSession) -> None:
    platform = (await sms.os_images.list())[0]
    with pytest.raises(BadRequestError, match="platform image"):
        await sms.os_images.update(platform.name, "mine now")
    with pytest.raises(NotFoundError):
        await sms.os_images.update("nosuchimage", "label")
    await add_image(sms)
    with pytest.raises(BadRequestError, match="does not match"):
        await sms.os_images.update("mine", "l", MEDIA, "othername", "Linux")
    with pytest.raises(BadRequestError, match="PublishedDate"):
        await sms.os_images.update("mine", "l", published_date="not a date")
    with pytest.raises(InvalidInputError) as caught:
        await sms.os_images.update("mine", "l", published_date=12)  # type: ignore[arg-type]
    assert caught.value.field == "published_date"
    with pytest.raises(InvalidInputError):
        await sms.os_images.update("mine", "")  # the label is required


async def test_replicate_share_unreplicate(sms: ServiceManagementSession) -> None:
    await add_image(sms)
    details = await sms.os_images.get_details("mine")
    assert details.replication_progress == [] and details.compute_image_attributes is None
    assert details.category == "User" and details.media_link == MEDIA
    op = await sms.os_images.replicate("mine", ["west us", "North Europe"], "offer", "sku", "1.0.0")
    assert op.http_status == 200
    await op
    details = await sms.os_images.get_details("mine")
    assert [(p.location, p.progress) for p in details.replication_progress] == [
        ("West US", 100),
        ("North Europe", 100),
    ]
    assert details.compute_image_attributes is None  # the service's details do not show them
    await (await sms.os_images.share("mine", "public"))
    await (await sms.os_images.unreplicate("mine"))
    assert (await sms.os_images.get_details("mine")).replication_progress == []
    with pytest.raises(BadRequestError, match="not been replicated"):
        await sms.os_images.share("mine", "msdn")


async def test_publishing_refusals(sms: ServiceManagementSession) -> None:
    platform = (await sms.os_images.list())[0].name
    with pytest.raises(BadRequestError, match="not owned"):
        await sms.os_images.replicate(platform, ["West US"], "o", "s", "1.0.0")
    with pytest.raises(NotFoundError):
        await sms.os_images.unreplicate("nosuchimage")
    await add_image(sms)
    with pytest.raises(BadRequestError, match="location"):
        await sms.os_images.replicate("mine", ["Atlantis"], "o", "s", "1.0.0")
    with pytest.raises(BadRequestError, match="not been replicated"):
        await sms.os_images.unreplicate("mine")
    with pytest.raises(InvalidInputError):
        await sms.os_images.replicate("mine", [], "o", "s", "1.0.0")
    with pytest.raises(InvalidInputError):
        await sms.os_images.share("mine", "everyone")


async def test_details_of_a_platform_image_and_of_none(sms: ServiceManagementSession) -> None:
    platform = next(i for i in await sms.os_images.list() if i.is_premium)
    details = await sms.os_images.get_details(platform.name)
    assert details.is_premium is True and details.pricing_detail_link == platform.pricing_detail_link
    with pytest.raises(NotFoundError):
        await sms.os_images.get_details("nosuchimage")


async def test_select_and_newest(sms: ServiceManagementSession) -> None:
    await add_image(sms)
    ubuntu = await sms.os_images.select(family=UBUNTU, location="north europe")
    assert len(ubuntu) == 2 and all(i.publisher_name == "Canonical" for i in ubuntu)
    newest = await sms.os_images.newest(UBUNTU)
    assert newest is not None and "14_04_2" in newest.name  # published 2015-05-06, after 14.04.1
    windows = await sms.os_images.select(os="windows", publisher="microsoft")
    assert windows and all(i.os == "Windows" for i in windows)
    assert [i.name for i in await sms.os_images.select(category="User")] == ["mine"]
    assert [i.name for i in await sms.os_images.select(label="MINE LAB")] == ["mine"]
    assert await sms.os_images.newest("no such family") is None


async def test_a_vm_from_an_unknown_image_is_refused(sms: ServiceManagementSession) -> None:
    from aiosm.models import LinuxConfigurationSet, OSVirtualHardDisk

    await (await sms.hosted_services.create("imgsvc", "l", location="West US"))
    config = LinuxConfigurationSet("vm", "azureuser", "Secret-pa55", True)
    with pytest.raises(BadRequestError, match="does not exist"):
        await sms.virtual_machines.create_deployment(
            "imgsvc", "vm", "production", "vm", "vm", config, OSVirtualHardDisk("nosuchimage", MEDIA)
        )
    with pytest.raises(BadRequestError, match="VM image nosuchvmimage does not exist"):
        await sms.virtual_machines.create_deployment(
            "imgsvc", "vm", "production", "vm", "vm", config, None, vm_image_name="nosuchvmimage"
        )


def test_image_model_is_what_the_filters_read() -> None:
    image = OSImage(name="n", label="Lbl", location="West US;East US", os="Linux", image_family="F")
    from aiosm.resources._image_filter import matches

    assert matches(image, location="east us", os="LINUX", family="f", label="lb")
    assert not matches(image, location="East")  # a whole location, not a substring
