"""OS images (add, get) and guest operating systems (list, families)."""

from __future__ import annotations

import pytest

from aiosm.models import OSImage

from .replay import replaying

P = "test_legacy_mgmt_misc."
MEDIA = "http://storagename.blob.core.windows.net/inputtestdatadonotdelete/"


def check_added_image(image: OSImage, name: str, media: str, size: float) -> None:
    assert image.name == name
    assert image.label == name + "label"  # OS image labels travel as plain text
    assert image.category == "User"
    assert image.location == "West US"
    assert image.logical_size_in_gb == size
    assert image.media_link == media
    assert image.os == "Linux"
    assert image.is_premium is False
    assert image.os_state == "Generalized"
    assert image.io_type == "Standard"
    assert image.affinity_group == "" and image.eula == "" and image.description == ""


@pytest.mark.parametrize(
    ("recording", "name", "vhd", "size"),
    [
        pytest.param(P + recording, name, vhd, size, id=P + recording)
        for recording, name, vhd, size in [
            ("test_get_os_image", "utosimg3fee0fe4", "ubuntu.vhd", 30),
            ("test_get_os_image_details", "utosimgcd6e1329", "python-azure-sdk-test.vhd", 4),
            ("test_update_os_image_from_image_reference", "utosimg38cc19aa", "ubuntu.vhd", 30),
            ("test_list_os_images", "utosimg61f010d3", "ubuntu.vhd", 30),
        ]
    ],
)
async def test_add_os_image(recording: str, name: str, vhd: str, size: float) -> None:
    """add_os_image answers 200 with the image: complete at once, the recorded poll is not made.
    Where the recording goes on with get_os_image(name), that is replayed too."""
    async with replaying(recording) as (rec, replayer, session):
        replayer.serve(0)
        op = await session.os_images.add(name + "label", MEDIA + vhd, name, "Linux")
        assert op.http_status == 200 and op.request_id == rec[0].request_id
        assert (await op.wait(poll_interval=0)).succeeded
        if len(rec.interactions) > 2 and rec[2].url.path.endswith(f"/services/images/{name}"):
            replayer.serve(2)
            image = await session.os_images.get(name)
            check_added_image(image, name, MEDIA + vhd, size)


async def test_get_os_image_after_update_from_image_reference() -> None:
    """The final get_os_image of the update recording. The update itself (interaction 3) is
    not replayed: it is the legacy update_os_image_from_image_reference body (Eula, ShowInGui,
    PublishedDate, ...), which aiosm's update (Label, MediaLink, Name, OS) does not send."""
    async with replaying(P + "test_update_os_image_from_image_reference") as (_rec, replayer, session):
        replayer.serve(5)
        image = await session.os_images.get("utosimg38cc19aa")
    assert image.label == "newlabel"
    assert image.os == "Linux"
    assert image.show_in_gui is False
    assert image.published_date is not None
    assert image.published_date.isoformat() == "2016-09-09T00:00:00+00:00"
    assert image.eula == "" and image.image_family == "" and image.language == ""


async def test_get_captured_os_image() -> None:
    """capture_role's result, read with get_os_image (the last interaction of the recording)."""
    async with replaying(P + "test_capture_role") as (_rec, replayer, session):
        replayer.serve(21)
        image = await session.os_images.get("utosimg408a1006")
    assert image.label == "utsvc408a1006captured"
    assert image.os == "Windows"
    assert image.logical_size_in_gb == 128
    assert image.media_link.startswith("http://storagename.blob.core.windows.net/utctnr408a1006/")


async def test_list_operating_systems() -> None:
    async with replaying(P + "test_list_operating_systems") as (rec, replayer, session):
        replayer.serve(0)
        systems = await session.operating_systems.list()
    assert len(systems) == rec[0].response_body.count("<OperatingSystem>") > 20
    first = systems[0]
    assert first.version == "WA-GUEST-OS-1.0_200912-01"
    assert first.label == "Windows Azure Guest OS 1.0 (Release 200912-01)"
    assert first.is_default is False and first.is_active is False
    assert first.family == 1
    assert first.family_label == "Windows Server 2008 SP2"
    assert any(s.is_default for s in systems) and any(s.is_active for s in systems)


async def test_list_operating_system_families() -> None:
    async with replaying(P + "test_list_operating_system_families") as (rec, replayer, session):
        replayer.serve(0)
        families = await session.operating_systems.list_families()
    assert len(families) == rec[0].response_body.count("<OperatingSystemFamily>")
    first = families[0]
    assert first.name == "1"
    assert first.label == "Windows Server 2008 SP2"
    assert first.operating_systems[0].version == "WA-GUEST-OS-1.0_200912-01"
    assert first.operating_systems[0].label == "Windows Azure Guest OS 1.0 (Release 200912-01)"
    total = sum(len(f.operating_systems) for f in families)
    assert total == rec[0].response_body.count("<OperatingSystem>")
