"""OS images (add, get, details, replicate, update from an image reference) and guest operating
systems (list, families)."""

from __future__ import annotations

import contextlib
import ssl
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator

import pytest
from aioresponses import aioresponses

from aiosm import PollPolicy, RetryPolicy
from aiosm.compat import ServiceManagementService
from aiosm.models import OSImage

from .flows import NS, replay_status_polls
from .replay import SUBSCRIPTION, Recording, Replayer, load, replaying

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
    """add_os_image answers 200 with the image: complete at once, waiting makes no request; the
    legacy test's own status poll follows. Where the recording goes on with get_os_image(name),
    that is replayed too."""
    async with replaying(recording) as (rec, replayer, session):
        replayer.serve(0)
        op = await session.os_images.add(name + "label", MEDIA + vhd, name, "Linux")
        assert op.http_status == 200 and op.request_id == rec[0].request_id
        assert (await op.wait(poll_interval=0)).succeeded
        (poll,) = await replay_status_polls(rec, replayer, session, 0)
        assert poll.succeeded
        if len(rec.interactions) > 2 and rec[2].url.path.endswith(f"/services/images/{name}"):
            replayer.serve(2)
            image = await session.os_images.get(name)
            check_added_image(image, name, MEDIA + vhd, size)


@contextlib.asynccontextmanager
async def replaying_facade(name: str) -> AsyncIterator[tuple[Recording, Replayer, ServiceManagementService]]:
    """Like :func:`replaying`, with the legacy-named facade."""
    recording = load(name)
    with aioresponses() as mock:
        replayer = Replayer(recording, mock)
        async with ServiceManagementService(
            SUBSCRIPTION,
            ssl.create_default_context(),
            retry=RetryPolicy.none(),
            poll=PollPolicy(initial=0.0, jitter=0.0, timeout=10.0),
        ) as sms:
            yield recording, replayer, sms
        replayer.verify()


async def test_update_os_image_from_image_reference() -> None:
    """The legacy test: add an image, read it, change its label, ShowInGui and PublishedDate on
    the image object and send it back with update_os_image_from_image_reference (the empty
    metadata the read gave travels as empty elements; the empty PublishedDate would not), then
    read it again. Every interaction, the status polls the legacy test made included."""
    name = "utosimg38cc19aa"
    async with replaying_facade(P + "test_update_os_image_from_image_reference") as (rec, replayer, sms):
        replayer.serve(0)
        op = await sms.add_os_image(name + "label", MEDIA + "ubuntu.vhd", name, "Linux")
        assert op.http_status == 200
        await replay_status_polls(rec, replayer, sms.session, 0)
        replayer.serve(2)
        image = await sms.get_os_image(name)
        check_added_image(image, name, MEDIA + "ubuntu.vhd", 30)
        # What the legacy test did to the image it read (a plain-string date); the empty
        # strings are the read's.
        changes = {"label": "newlabel", "show_in_gui": False, "published_date": "2016-09-09"}
        reference = image.model_copy(update=changes)
        replayer.serve(3)
        op = await sms.update_os_image_from_image_reference(name, reference)
        assert op.http_status == 200 and op.request_id == rec[3].request_id
        assert (await op.wait(poll_interval=0)).succeeded
        (poll,) = await replay_status_polls(rec, replayer, sms.session, 3)
        assert poll.succeeded
        replayer.serve(5)
        image = await sms.get_os_image(name)
    assert image.label == "newlabel"
    assert image.os == "Linux"
    assert image.show_in_gui is False
    assert image.published_date is not None
    assert image.published_date.isoformat() == "2016-09-09T00:00:00+00:00"
    assert image.eula == "" and image.image_family == "" and image.language == ""


async def test_get_os_image_details_after_replicate() -> None:
    """The legacy test: add an image, read it, replicate it to two regions as offer/SKU/version
    (x-ms-version 2015-04-01, answered 200 with the published name), then read its details:
    the replication progress per region."""
    name = "utosimgcd6e1329"
    async with replaying(P + "test_get_os_image_details") as (rec, replayer, session):
        replayer.serve(0)
        op = await session.os_images.add(name + "label", MEDIA + "python-azure-sdk-test.vhd", name, "Linux")
        assert (await op.wait(poll_interval=0)).succeeded
        await replay_status_polls(rec, replayer, session, 0)
        replayer.serve(2)
        check_added_image(await session.os_images.get(name), name, MEDIA + "python-azure-sdk-test.vhd", 4)
        replayer.serve(3)
        op = await session.os_images.replicate(name, ["West US", "West Europe"], name, name, "1.2.3")
        assert op.http_status == 200 and op.request_id == rec[3].request_id
        assert (await op.wait(poll_interval=0)).succeeded
        (poll,) = await replay_status_polls(rec, replayer, session, 3)
        assert poll.succeeded
        replayer.serve(5)
        details = await session.os_images.get_details(name)
    root = ET.fromstring(rec[5].response_body.encode("utf-8"))
    assert details.name == root.findtext(f"{NS}Name") == name
    assert details.label == root.findtext(f"{NS}Label") == name + "label"
    assert details.category == "User" and details.location == "West US" and details.os == "Linux"
    assert details.logical_size_in_gb == 4 and details.is_premium is False
    assert details.media_link == MEDIA + "python-azure-sdk-test.vhd"
    recorded = [
        (e.findtext(f"{NS}Location"), int(e.findtext(f"{NS}Progress") or "-1"))
        for e in root.iter(f"{NS}ReplicationProgressElement")
    ]
    assert [(p.location, p.progress) for p in details.replication_progress] == recorded
    assert recorded == [("West US", 0), ("West Europe", 0)]


def test_list_os_images_public_has_no_interaction_to_replay() -> None:
    """The public image list of this legacy test was too large to keep: the recording holds no
    interaction, and says so. What the legacy test checked of that list (every category is
    User/Public/Private/MSDN, and each metadata field is filled in on some image) is checked
    against the emulator's catalogue in tests/integration/test_os_images_emulator.py."""
    rec = load(P + "test_list_os_images_public")
    assert rec.interactions == ()
    assert rec.truncated


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
