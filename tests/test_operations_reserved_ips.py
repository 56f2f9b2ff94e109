"""session.reserved_ips: create, get, list, delete, associate, disassociate."""

from __future__ import annotations

import pytest
from aioresponses import aioresponses
from conftest import (
    RID,
    accept,
    assert_mutation_headers,
    assert_read_headers,
    body_xml,
    doc,
    only_request,
    respond_xml,
    url,
)

from aiosm import ServiceManagementSession
from aiosm.errors import InvalidInputError

RIP = "/services/networking/reservedips"
IP = (
    "<Name>myip</Name><Address>23.99.56.121</Address><Id>b2162824-a159-406a-9f3b-fb22085be63f</Id>"
    "<Label>my ip</Label><State>Created</State><InUse>true</InUse><ServiceName>svc</ServiceName>"
    "<DeploymentName>dep</DeploymentName><Location>West US</Location>"
)


async def test_create(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(RIP))
    op = await session.reserved_ips.create("myip", "a & b", "West US")
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("POST", url(RIP))
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "ReservedIP", "<Name>myip</Name><Label>a &amp; b</Label><Location>West US</Location>"
    )
    assert op.request_id == RID and op.http_status == 202


async def test_create_without_label(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(RIP))
    await session.reserved_ips.create("myip", location="West US")
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml("ReservedIP", "<Name>myip</Name><Location>West US</Location>")


async def test_create_needs_a_location_and_a_short_label(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.reserved_ips.create("myip", "label")
    assert caught.value.field == "location"
    with pytest.raises(InvalidInputError) as caught:
        await session.reserved_ips.create("myip", "x" * 101, "West US")
    assert caught.value.field == "label"
    assert not mock.requests


async def test_get(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(f"{RIP}/myip"), doc("ReservedIP", IP))
    ip = await session.reserved_ips.get("myip")
    _, _, kwargs = only_request(mock)
    assert_read_headers(kwargs)
    assert (ip.name, ip.address, ip.label, ip.state, ip.location) == (
        "myip",
        "23.99.56.121",
        "my ip",
        "Created",
        "West US",
    )
    assert ip.id == "b2162824-a159-406a-9f3b-fb22085be63f"
    assert (ip.in_use, ip.service_name, ip.deployment_name) == (True, "svc", "dep")


async def test_list(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(
        mock,
        "GET",
        url(RIP),
        doc("ReservedIPs", f"<ReservedIP>{IP}</ReservedIP><ReservedIP><Name>b</Name></ReservedIP>"),
    )
    ips = await session.reserved_ips.list()
    assert [ip.name for ip in ips] == ["myip", "b"]
    assert ips[1].in_use is None and ips[1].address == ""


async def test_delete(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "DELETE", url(f"{RIP}/myip"))
    op = await session.reserved_ips.delete("myip")
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("DELETE", url(f"{RIP}/myip"))
    assert kwargs["data"] == b""
    assert op.request_id == RID


@pytest.mark.parametrize("verb", ["associate", "disassociate"])
async def test_associate_and_disassociate(
    session: ServiceManagementSession, mock: aioresponses, verb: str
) -> None:
    target = url(f"{RIP}/myip/operations/{verb}")
    accept(mock, "POST", target)
    await getattr(session.reserved_ips, verb)("myip", "svc", "dep")
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("POST", target)
    assert_mutation_headers(kwargs, api_version="2015-02-01")
    assert kwargs["data"] == body_xml(
        "ReservedIPAssociation", "<ServiceName>svc</ServiceName><DeploymentName>dep</DeploymentName>"
    )
    mock.requests.clear()
    accept(mock, "POST", target)
    await getattr(session.reserved_ips, verb)("myip", "svc", "dep", virtual_ip_name="vip2")
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "ReservedIPAssociation",
        "<ServiceName>svc</ServiceName><DeploymentName>dep</DeploymentName><VirtualIPName>vip2</VirtualIPName>",
    )


async def test_bad_names_are_refused(session: ServiceManagementSession, mock: aioresponses) -> None:
    with pytest.raises(InvalidInputError):
        await session.reserved_ips.get("a/b")
    with pytest.raises(InvalidInputError) as caught:
        await session.reserved_ips.associate("myip", None, "dep")  # type: ignore[arg-type]
    assert caught.value.field == "service_name"
    assert not mock.requests
