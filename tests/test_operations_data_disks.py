"""session.data_disks: get, add, update, delete by LUN (LUNs checked before sending)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aioresponses import aioresponses
from conftest import (
    RID,
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

from aiosm import BadRequestError, ConflictError, InvalidInputError, ServiceManagementSession
from aiosm.models import DataDisk
from aiosm.resources.disks import LeaseRetry

ROLE = "/services/hostedservices/svc/deployments/dep/roles/vm1/DataDisks"
MEDIA = "https://mystore.blob.core.windows.net/vhds/data.vhd"
IN_USE = (
    "A disk with name d is currently in use by virtual machine old running within hosted service s, "
    "deployment d."
)


async def test_get(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(
        mock,
        "GET",
        url(f"{ROLE}/3"),
        doc(
            "DataVirtualHardDisk",
            "<HostCaching>ReadOnly</HostCaching><DiskLabel>logs</DiskLabel><DiskName>svc-vm1-1-2015</DiskName>"
            f"<Lun>3</Lun><LogicalDiskSizeInGB>50</LogicalDiskSizeInGB><MediaLink>{MEDIA}</MediaLink>"
            "<IOType>Standard</IOType>",
        ),
    )
    disk = await session.data_disks.get("svc", "dep", "vm1", 3)
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("GET", url(f"{ROLE}/3"))
    assert_read_headers(kwargs)
    assert isinstance(disk, DataDisk)
    assert (disk.host_caching, disk.disk_label, disk.disk_name, disk.lun) == (
        "ReadOnly",
        "logs",
        "svc-vm1-1-2015",
        3,
    )
    assert (disk.logical_disk_size_in_gb, disk.media_link, disk.io_type) == (50, MEDIA, "Standard")
    assert disk.source_media_link == ""


async def test_add_sends_the_legacy_body_in_order(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    accept(mock, "POST", url(ROLE))
    op = await session.data_disks.add("svc", "dep", "vm1", 2, "readwrite", MEDIA, "logs", None, 20)
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("POST", url(ROLE))
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "DataVirtualHardDisk",
        "<HostCaching>ReadWrite</HostCaching><DiskLabel>logs</DiskLabel><Lun>2</Lun>"
        f"<LogicalDiskSizeInGB>20</LogicalDiskSizeInGB><MediaLink>{MEDIA}</MediaLink>",
    )
    assert op.request_id == RID


async def test_add_an_existing_disk_or_a_copy(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(ROLE), repeat=True)
    await session.data_disks.add("svc", "dep", "vm1", 0, disk_name="mydisk")
    await session.data_disks.add("svc", "dep", "vm1", 1, source_media_link=MEDIA)
    first, second = (c.kwargs["data"] for c in calls(mock, "POST", url(ROLE)))
    assert first == body_xml("DataVirtualHardDisk", "<DiskName>mydisk</DiskName><Lun>0</Lun>")
    assert second == body_xml(
        "DataVirtualHardDisk", f"<Lun>1</Lun><SourceMediaLink>{MEDIA}</SourceMediaLink>"
    )


async def test_update_sends_the_new_lun_in_the_body(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    accept(mock, "PUT", url(f"{ROLE}/1"))
    await session.data_disks.update("svc", "dep", "vm1", 1, "None", MEDIA, 4, "lbl", "mydisk", 30)
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("PUT", url(f"{ROLE}/1"))
    assert kwargs["data"] == body_xml(
        "DataVirtualHardDisk",
        "<HostCaching>None</HostCaching><DiskLabel>lbl</DiskLabel><DiskName>mydisk</DiskName><Lun>4</Lun>"
        f"<LogicalDiskSizeInGB>30</LogicalDiskSizeInGB><MediaLink>{MEDIA}</MediaLink>",
    )


async def test_update_without_a_new_lun_leaves_it_out(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    accept(mock, "PUT", url(f"{ROLE}/0"))
    await session.data_disks.update("svc", "dep", "vm1", 0, host_caching="ReadOnly")
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml("DataVirtualHardDisk", "<HostCaching>ReadOnly</HostCaching>")


@pytest.mark.parametrize(("delete_vhd", "query"), [(False, {}), (True, {"comp": "media"})])
async def test_delete(
    session: ServiceManagementSession, mock: aioresponses, delete_vhd: bool, query: dict[str, str]
) -> None:
    target = url(f"{ROLE}/31", **query)
    accept(mock, "DELETE", target)
    await session.data_disks.delete("svc", "dep", "vm1", 31, delete_vhd)
    method, sent, _ = only_request(mock)
    assert (method, sent) == ("DELETE", target)


@pytest.mark.parametrize("lun", [-1, 32, 100, "x/../y", "03x", None, True, 1.5])
async def test_luns_are_checked_before_sending(
    session: ServiceManagementSession, mock: aioresponses, lun: Any
) -> None:
    disks = session.data_disks
    calls_: list[Callable[[], Awaitable[object]]] = [
        lambda: disks.get("svc", "dep", "vm1", lun),
        lambda: disks.add("svc", "dep", "vm1", lun, logical_disk_size_in_gb=1),
        lambda: disks.update("svc", "dep", "vm1", lun),
        lambda: disks.delete("svc", "dep", "vm1", lun),
    ]
    if lun is not None:  # no updated_lun is fine
        calls_.append(lambda: disks.update("svc", "dep", "vm1", 0, updated_lun=lun))
    for call in calls_:
        with pytest.raises(InvalidInputError) as info:
            await call()
        assert info.value.field in ("lun", "updated_lun")
    assert total_requests(mock) == 0


async def test_a_lun_in_digits_is_accepted(session: ServiceManagementSession, mock: aioresponses) -> None:
    """The legacy SDK formats any LUN into the path: ``"3"`` works as ``3`` does."""
    respond_xml(mock, "GET", url(f"{ROLE}/3"), doc("DataVirtualHardDisk", "<Lun>3</Lun>"))
    assert (await session.data_disks.get("svc", "dep", "vm1", "3")).lun == 3  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"host_caching": "Sometimes", "logical_disk_size_in_gb": 1}, "host_caching"),
        ({"logical_disk_size_in_gb": 0}, "logical_disk_size_in_gb"),
        ({"logical_disk_size_in_gb": 1024}, "logical_disk_size_in_gb"),
        ({}, "disk_name/source_media_link/logical_disk_size_in_gb"),
        ({"disk_label": "only a label"}, "disk_name/source_media_link/logical_disk_size_in_gb"),
    ],
)
async def test_add_checks_its_input(
    session: ServiceManagementSession, mock: aioresponses, kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInputError) as info:
        await session.data_disks.add("svc", "dep", "vm1", 0, **kwargs)  # type: ignore[arg-type]
    assert info.value.field == field and total_requests(mock) == 0


async def test_delete_retries_the_lease_conflict_only(
    session: ServiceManagementSession, mock: aioresponses, sleeps: list[float]
) -> None:
    target = url(f"{ROLE}/0", comp="media")
    respond_xml(mock, "DELETE", target, error_doc("BadRequest", IN_USE), status=400)
    accept(mock, "DELETE", target)
    session.data_disks.lease_retry = LeaseRetry(attempts=3, initial=0.25)
    await session.data_disks.delete("svc", "dep", "vm1", 0, delete_vhd=True)
    assert len(calls(mock, "DELETE", target)) == 2 and sleeps == [0.25]


async def test_a_lun_conflict_is_not_retried(
    session: ServiceManagementSession, mock: aioresponses, sleeps: list[float]
) -> None:
    respond_xml(
        mock,
        "POST",
        url(ROLE),
        error_doc("ConflictError", "A data disk is already attached at LUN 0."),
        status=409,
    )
    with pytest.raises(ConflictError):
        await session.data_disks.add("svc", "dep", "vm1", 0, logical_disk_size_in_gb=1)
    assert total_requests(mock) == 1 and sleeps == []


async def test_get_is_not_retried(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(f"{ROLE}/0"), error_doc("BadRequest", IN_USE), status=400, repeat=True)
    with pytest.raises(BadRequestError):
        await session.data_disks.get("svc", "dep", "vm1", 0)
    assert total_requests(mock) == 1
