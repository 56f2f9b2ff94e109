"""session.affinity_groups: list, get, create, update, delete."""

from __future__ import annotations

from datetime import datetime, timezone

from aioresponses import aioresponses
from conftest import (
    RID,
    accept,
    assert_mutation_headers,
    assert_read_headers,
    b64,
    body_xml,
    doc,
    only_request,
    respond_xml,
    url,
)

from aiosm import AffinityGroup, ServiceManagementSession

AG = "/affinitygroups"

GROUP = (
    f"<Name>myag</Name><Label>{b64('My group')}</Label><Description>d &amp; e</Description>"
    "<Location>West US</Location>"
    "<HostedServices><HostedService><Url>https://x/hs/svc1</Url><ServiceName>svc1</ServiceName></HostedService>"
    "</HostedServices>"
    "<StorageServices><StorageService><Url>https://x/ss/st1</Url><ServiceName>st1</ServiceName></StorageService>"
    "<StorageService><Url>https://x/ss/st2</Url><ServiceName>st2</ServiceName></StorageService></StorageServices>"
    "<Capabilities><Capability>PersistentVMRole</Capability><Capability>HighMemory</Capability></Capabilities>"
    "<CreatedTime>2014-11-12T13:14:15Z</CreatedTime>"
)


async def test_list(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(
        mock,
        "GET",
        url(AG),
        doc(
            "AffinityGroups",
            f"<AffinityGroup>{GROUP}</AffinityGroup><AffinityGroup><Name>b</Name></AffinityGroup>",
        ),
    )
    groups = await session.affinity_groups.list()
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", url(AG))
    assert_read_headers(kwargs)
    assert [g.name for g in groups] == ["myag", "b"]
    assert groups[0].label == "My group"
    assert groups[0].description == "d & e"
    assert groups[1].description == ""
    assert groups[1].hosted_services == []


async def test_list_none(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(AG), doc("AffinityGroups"))
    assert await session.affinity_groups.list() == []


async def test_get(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{AG}/myag")
    respond_xml(mock, "GET", target, doc("AffinityGroup", GROUP))
    group = await session.affinity_groups.get("myag")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", target)
    assert_read_headers(kwargs)
    assert isinstance(group, AffinityGroup)
    assert group.location == "West US"
    assert [s.service_name for s in group.hosted_services] == ["svc1"]
    assert [s.service_name for s in group.storage_services] == ["st1", "st2"]
    assert group.capabilities == ["PersistentVMRole", "HighMemory"]
    assert group.created_time == datetime(2014, 11, 12, 13, 14, 15, tzinfo=timezone.utc)


async def test_get_reads_the_properties_of_the_services_in_the_group(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    inner = (
        "<Name>myag</Name><Label>bXlhZw==</Label><Description/><Location>West US</Location>"
        "<HostedServices><HostedService><Url>https://x/services/hostedservices/svc1</Url>"
        "<ServiceName>svc1</ServiceName><HostedServiceProperties><Description/>"
        "<AffinityGroup>myag</AffinityGroup><Label>c3ZjMQ==</Label><Status>Created</Status>"
        "</HostedServiceProperties></HostedService></HostedServices>"
        "<StorageServices><StorageService><Url>https://x/services/storageservices/st1</Url>"
        "<ServiceName>st1</ServiceName><StorageServiceProperties><AffinityGroup>myag</AffinityGroup>"
        "<Status>Created</Status></StorageServiceProperties></StorageService></StorageServices>"
    )
    respond_xml(mock, "GET", url(f"{AG}/myag"), doc("AffinityGroup", inner))
    group = await session.affinity_groups.get("myag")
    (service,) = group.hosted_services
    assert service.hosted_service_properties is not None
    assert (service.hosted_service_properties.affinity_group, service.hosted_service_properties.label) == (
        "myag",
        "svc1",
    )
    (account,) = group.storage_services
    assert account.storage_service_properties is not None
    assert account.storage_service_properties.affinity_group == "myag"


async def test_create(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(AG), status=201)
    op = await session.affinity_groups.create("myag", "My <group>", "West US", "a & b")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", url(AG))
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "CreateAffinityGroup",
        f"<Name>myag</Name><Label>{b64('My <group>')}</Label><Description>a &amp; b</Description>"
        "<Location>West US</Location>",
    )
    assert op.request_id == RID
    assert op.http_status == 201
    assert op.result is not None and op.result.succeeded


async def test_create_without_description(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(AG), status=201)
    await session.affinity_groups.create("myag", "lbl", "West US")
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "CreateAffinityGroup", f"<Name>myag</Name><Label>{b64('lbl')}</Label><Location>West US</Location>"
    )


async def test_update(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{AG}/myag")
    accept(mock, "PUT", target, status=200)
    op = await session.affinity_groups.update("myag", "new", "new desc")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("PUT", target)
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "UpdateAffinityGroup", f"<Label>{b64('new')}</Label><Description>new desc</Description>"
    )
    assert op.result is not None


async def test_delete(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{AG}/myag")
    accept(mock, "DELETE", target, status=200)
    op = await session.affinity_groups.delete("myag")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("DELETE", target)
    assert kwargs["data"] == b""
    assert_mutation_headers(kwargs)
    assert op.request_id == RID
