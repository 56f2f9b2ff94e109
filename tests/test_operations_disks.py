"""session.disks: list, get, add, update, delete (with the lease-conflict retry)."""

from __future__ import annotations

import ssl
from datetime import datetime, timezone

import pytest
from aioresponses import aioresponses
from conftest import (
    SUB,
    accept,
    assert_mutation_headers,
    assert_read_headers,
    body_xml,
    calls,
    doc,
    error_doc,
    only_request,
    respond_xml,
    total_requests,
    url,
)

from aiosm import (
    BadRequestError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    ServiceManagementService,
    ServiceManagementSession,
)
from aiosm.models import Disk
from aiosm.resources.disks import LeaseRetry, is_lease_conflict

DISKS = "/services/disks"
MEDIA = "https://mystore.blob.core.windows.net/vhds/mydisk.vhd"
IN_USE = (
    "A disk with name mydisk is currently in use by virtual machine vm1 running within hosted service svc, "
    "deployment dep."
)
DISK = (
    "<AffinityGroup></AffinityGroup><AttachedTo><HostedServiceName>svc</HostedServiceName>"
    "<DeploymentName>dep</DeploymentName><RoleName>vm1</RoleName></AttachedTo>"
    "<IsCorrupted>false</IsCorrupted><OS>Linux</OS><Location>West US</Location>"
    "<LogicalDiskSizeInGB>30</LogicalDiskSizeInGB><Label>my disk</Label>"
    f"<MediaLink>{MEDIA}</MediaLink><Name>mydisk</Name>"
    "<SourceImageName>ubuntu</SourceImageName><CreatedTime>2015-06-01T10:11:12Z</CreatedTime>"
    "<IOType>Standard</IOType><IsPremium>false</IsPremium>"
)


async def test_list(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(
        mock,
        "GET",
        url(DISKS),
        doc(
            "Disks",
            f"<Disk>{DISK}</Disk><Disk><Name>data</Name><LogicalDiskSizeInGB>10</LogicalDiskSizeInGB></Disk>",
        ),
    )
    disks = await session.disks.list()
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("GET", url(DISKS))
    assert_read_headers(kwargs)
    assert [d.name for d in disks] == ["mydisk", "data"]
    disk = disks[0]
    assert disk.attached_to is not None
    assert (
        disk.attached_to.hosted_service_name,
        disk.attached_to.deployment_name,
        disk.attached_to.role_name,
    ) == (
        "svc",
        "dep",
        "vm1",
    )
    assert (disk.os, disk.location, disk.logical_disk_size_in_gb, disk.label) == (
        "Linux",
        "West US",
        30,
        "my disk",
    )
    assert (disk.media_link, disk.source_image_name, disk.io_type) == (MEDIA, "ubuntu", "Standard")
    assert disk.created_time == datetime(2015, 6, 1, 10, 11, 12, tzinfo=timezone.utc)
    assert disk.is_corrupted is False and disk.is_premium is False
    assert disks[1].attached_to is None and disks[1].os == ""


async def test_list_empty(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(DISKS), doc("Disks"))
    assert await session.disks.list() == []


async def test_get(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(f"{DISKS}/mydisk"), doc("Disk", DISK))
    disk = await session.disks.get("mydisk")
    assert isinstance(disk, Disk) and disk.name == "mydisk"


def test_disk_answer_shape() -> None:
    """The emulator writes the elements in the service's order, also when empty."""
    xml = Disk(name="d", os="", logical_disk_size_in_gb=10, media_link=MEDIA, io_type="Standard").to_xml()
    assert xml.decode().endswith(
        f"<LogicalDiskSizeInGB>10</LogicalDiskSizeInGB><MediaLink>{MEDIA}</MediaLink><Name>d</Name>"
        "<IOType>Standard</IOType></Disk>"
    )


async def test_add(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(DISKS), status=200, body=doc("Disk", DISK))
    op = await session.disks.add("my disk", MEDIA, "mydisk", "linux")
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("POST", url(DISKS))
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "Disk", f"<OS>Linux</OS><Label>my disk</Label><MediaLink>{MEDIA}</MediaLink><Name>mydisk</Name>"
    )
    assert op.result is not None  # the service answers 200: complete


async def test_add_data_disk_sends_no_os(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(DISKS), status=200)
    await session.disks.add("data", MEDIA, "data")
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "Disk", f"<Label>data</Label><MediaLink>{MEDIA}</MediaLink><Name>data</Name>"
    )


async def test_legacy_add_disk_ignores_has_operating_system(mock: aioresponses) -> None:
    accept(mock, "POST", url(DISKS), status=200)

    async with ServiceManagementService(SUB, ssl.create_default_context()) as sms:
        await sms.add_disk(True, "my disk", MEDIA, "mydisk", "Windows")
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "Disk", f"<OS>Windows</OS><Label>my disk</Label><MediaLink>{MEDIA}</MediaLink><Name>mydisk</Name>"
    )


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("", MEDIA, "d"), "label"),
        (("l", None, "d"), "media_link"),
        (("l", MEDIA, "bad."), "name"),
        (("l", MEDIA, "a/b"), "name"),
        (("l", MEDIA, "d", "BeOS"), "os"),
    ],
)
async def test_add_checks_input(
    session: ServiceManagementSession, mock: aioresponses, args: tuple[object, ...], field: str
) -> None:
    with pytest.raises(InvalidInputError) as info:
        await session.disks.add(*args)  # type: ignore[arg-type]
    assert info.value.field == field
    assert total_requests(mock) == 0


async def test_update_sends_the_label_only(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "PUT", url(f"{DISKS}/mydisk"), status=200)
    await session.disks.update("mydisk", True, "new label", MEDIA, "mydisk", "Linux")
    method, _, kwargs = only_request(mock)
    assert method == "PUT"
    assert kwargs["data"] == body_xml("Disk", "<Label>new label</Label>")


async def test_update_needs_a_label(session: ServiceManagementSession, mock: aioresponses) -> None:
    with pytest.raises(InvalidInputError) as info:
        await session.disks.update("mydisk")
    assert info.value.field == "label" and total_requests(mock) == 0


@pytest.mark.parametrize(
    ("delete_vhd", "target"), [(False, url(f"{DISKS}/mydisk")), (True, url(f"{DISKS}/mydisk", comp="media"))]
)
async def test_delete(
    session: ServiceManagementSession, mock: aioresponses, delete_vhd: bool, target: object
) -> None:
    accept(mock, "DELETE", target, status=200)  # type: ignore[arg-type]
    op = await session.disks.delete("mydisk", delete_vhd=delete_vhd)
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("DELETE", target)
    assert not kwargs.get("data") and op.result is not None


async def test_delete_retries_the_lease_conflict_with_backoff(
    session: ServiceManagementSession, mock: aioresponses, sleeps: list[float]
) -> None:
    target = url(f"{DISKS}/mydisk")
    for _ in range(3):
        respond_xml(mock, "DELETE", target, error_doc("BadRequest", IN_USE), status=400)
    accept(mock, "DELETE", target, status=200)
    session.disks.lease_retry = LeaseRetry(attempts=5, initial=1.0, multiplier=2.0, maximum=3.0)
    await session.disks.delete("mydisk")
    assert len(calls(mock, "DELETE", target)) == 4
    assert sleeps == [1.0, 2.0, 3.0]


async def test_delete_gives_up_after_the_attempts(
    session: ServiceManagementSession, mock: aioresponses, sleeps: list[float]
) -> None:
    target = url(f"{DISKS}/mydisk")
    respond_xml(mock, "DELETE", target, error_doc("BadRequest", IN_USE), status=400, repeat=True)
    session.disks.lease_retry = LeaseRetry(attempts=3, initial=0.5)
    with pytest.raises(BadRequestError) as info:
        await session.disks.delete("mydisk")
    assert is_lease_conflict(info.value)
    assert len(calls(mock, "DELETE", target)) == 3 and sleeps == [0.5, 1.0]


@pytest.mark.parametrize(
    ("status", "code", "message", "error"),
    [
        (400, "BadRequest", "The disk name is invalid.", BadRequestError),
        (404, "ResourceNotFound", "The disk with the specified name does not exist.", NotFoundError),
    ],
)
async def test_other_errors_are_not_retried(
    session: ServiceManagementSession,
    mock: aioresponses,
    sleeps: list[float],
    status: int,
    code: str,
    message: str,
    error: type[Exception],
) -> None:
    target = url(f"{DISKS}/mydisk")
    respond_xml(mock, "DELETE", target, error_doc(code, message), status=status, repeat=True)
    with pytest.raises(error):
        await session.disks.delete("mydisk")
    assert len(calls(mock, "DELETE", target)) == 1 and sleeps == []


async def test_other_calls_are_not_retried(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(f"{DISKS}/mydisk"), error_doc("BadRequest", IN_USE), status=400, repeat=True)
    with pytest.raises(BadRequestError):
        await session.disks.get("mydisk")
    assert total_requests(mock) == 1


def test_lease_retry_rejects_bad_settings() -> None:
    for kwargs in ({"attempts": 0}, {"attempts": True}, {"initial": -1.0}, {"multiplier": 0.5}):
        with pytest.raises(InvalidInputError):
            LeaseRetry(**kwargs)  # type: ignore[arg-type]
    assert list(LeaseRetry(attempts=1).delays()) == []
    assert list(LeaseRetry().delays()) == [2.0, 4.0, 8.0, 16.0, 30.0]


def test_what_counts_as_the_lease_conflict() -> None:
    assert is_lease_conflict(BadRequestError(400, "BadRequest", IN_USE))
    assert is_lease_conflict(ConflictError(409, "ConflictError", IN_USE))
    assert not is_lease_conflict(
        ConflictError(409, "ConflictError", "A disk with name mydisk already exists.")
    )
    assert not is_lease_conflict(BadRequestError(400, "BadRequest", "The disk name is invalid."))
    assert not is_lease_conflict(ValueError(IN_USE))
