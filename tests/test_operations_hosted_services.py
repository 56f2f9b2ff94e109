"""session.hosted_services: list, get, create, update, delete, check_name_availability."""

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

from aiosm import AsyncOperation, ServiceManagementSession
from aiosm.models import DeploymentSlot, HostedService

HS = "/services/hostedservices"

SERVICE = (
    "<Url>https://management.core.windows.net/sub/services/hostedservices/mysvc</Url>"
    "<ServiceName>mysvc</ServiceName>"
    "<HostedServiceProperties><Description>my &amp; service</Description><Location>West US</Location>"
    f"<Label>{b64('My label é')}</Label><Status>Created</Status>"
    "<DateCreated>2015-03-04T05:06:07Z</DateCreated><DateLastModified>2015-03-05T05:06:07Z</DateLastModified>"
    "<ExtendedProperties><ExtendedProperty><Name>owner</Name><Value>ops</Value></ExtendedProperty>"
    "</ExtendedProperties></HostedServiceProperties>"
)


async def test_list(session: ServiceManagementSession, mock: aioresponses) -> None:
    other = "<ServiceName>other</ServiceName><HostedServiceProperties><AffinityGroup>ag1</AffinityGroup>"
    other += "</HostedServiceProperties>"
    respond_xml(
        mock,
        "GET",
        url(HS),
        doc(
            "HostedServices",
            f"<HostedService>{SERVICE}</HostedService><HostedService>{other}</HostedService>",
        ),
    )
    services = await session.hosted_services.list()
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", url(HS))
    assert_read_headers(kwargs)
    assert [s.service_name for s in services] == ["mysvc", "other"]
    props = services[0].hosted_service_properties
    assert props.description == "my & service"
    assert props.label == "My label é"
    assert props.location == "West US"
    assert props.affinity_group == ""
    assert props.date_created == datetime(2015, 3, 4, 5, 6, 7, tzinfo=timezone.utc)
    assert props.extended_properties == {"owner": "ops"}
    assert services[1].hosted_service_properties.affinity_group == "ag1"
    assert services[1].hosted_service_properties.location == ""
    assert services[0].deployments == []


async def test_list_one_and_none(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(HS), doc("HostedServices", f"<HostedService>{SERVICE}</HostedService>"))
    one = await session.hosted_services.list()
    assert isinstance(one, list) and len(one) == 1
    mock.clear()
    respond_xml(mock, "GET", url(HS), doc("HostedServices"))
    assert await session.hosted_services.list() == []


async def test_get_sends_embed_detail_false_by_default(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    target = url(f"{HS}/mysvc", **{"embed-detail": "false"})
    respond_xml(mock, "GET", target, doc("HostedService", SERVICE))
    service = await session.hosted_services.get("mysvc")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", target)
    assert kwargs["params"] == {"embed-detail": "false"}
    assert_read_headers(kwargs)
    assert isinstance(service, HostedService)
    assert service.service_name == "mysvc"


async def test_get_with_detail_parses_deployments(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    target = url(f"{HS}/mysvc", **{"embed-detail": "true"})
    deployments = (
        "<Deployments><Deployment><Name>v1</Name><DeploymentSlot>Production</DeploymentSlot>"
        f"<Status>Running</Status><Label>{b64('v1 label')}</Label>"
        "<RoleInstanceList><RoleInstance><RoleName>web</RoleName><InstanceName>web_IN_0</InstanceName>"
        "<InstanceStatus>ReadyRole</InstanceStatus></RoleInstance></RoleInstanceList>"
        "</Deployment></Deployments>"
    )
    respond_xml(mock, "GET", target, doc("HostedService", SERVICE + deployments))
    service = await session.hosted_services.get("mysvc", embed_detail=True)
    _, sent_url, _ = only_request(mock)
    assert sent_url == target
    assert len(service.deployments) == 1
    dep = service.deployments[0]
    assert dep.name == "v1"
    assert dep.deployment_slot is DeploymentSlot.PRODUCTION
    assert dep.label == "v1 label"
    assert dep.role_instance_list[0].instance_status == "ReadyRole"


async def test_create_body_and_handle(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(HS), status=201)
    op = await session.hosted_services.create(
        "mysvc",
        "My <label> & more",
        description="Tom & Jerry <3",
        location="West US",
        extended_properties={"owner": "a&b", "tier": 2},
    )
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", url(HS))
    assert kwargs["params"] is None
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "CreateHostedService",
        "<ServiceName>mysvc</ServiceName>"
        f"<Label>{b64('My <label> & more')}</Label>"
        "<Description>Tom &amp; Jerry &lt;3</Description>"
        "<Location>West US</Location>"
        "<ExtendedProperties>"
        "<ExtendedProperty><Name>owner</Name><Value>a&amp;b</Value></ExtendedProperty>"
        "<ExtendedProperty><Name>tier</Name><Value>2</Value></ExtendedProperty>"
        "</ExtendedProperties>",
    )
    assert isinstance(op, AsyncOperation)
    assert op.request_id == RID
    assert op.http_status == 201
    assert op.result is not None and op.result.succeeded


async def test_create_in_affinity_group_omits_unset_elements(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    accept(mock, "POST", url(HS))
    op = await session.hosted_services.create("mysvc", "lbl", affinity_group="ag1")
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "CreateHostedService",
        f"<ServiceName>mysvc</ServiceName><Label>{b64('lbl')}</Label><AffinityGroup>ag1</AffinityGroup>",
    )
    assert op.result is None  # 202: still pending


async def test_update_label_and_description(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "PUT", url(f"{HS}/mysvc"), status=200)
    op = await session.hosted_services.update("mysvc", label="new", description="d <&>")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("PUT", url(f"{HS}/mysvc"))
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "UpdateHostedService", f"<Label>{b64('new')}</Label><Description>d &lt;&amp;&gt;</Description>"
    )
    assert op.request_id == RID
    assert op.result is not None


async def test_update_description_only(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "PUT", url(f"{HS}/mysvc"), status=200)
    await session.hosted_services.update("mysvc", description="only")
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml("UpdateHostedService", "<Description>only</Description>")


async def test_delete(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "DELETE", url(f"{HS}/mysvc"))
    op = await session.hosted_services.delete("mysvc")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("DELETE", url(f"{HS}/mysvc"))
    assert kwargs["params"] is None
    assert kwargs["data"] == b""
    assert_mutation_headers(kwargs)
    assert op.request_id == RID
    assert op.result is None


async def test_delete_complete_adds_comp_media(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{HS}/mysvc", comp="media")
    accept(mock, "DELETE", target)
    await session.hosted_services.delete("mysvc", complete=True)
    _, sent_url, kwargs = only_request(mock)
    assert sent_url == target
    assert kwargs["params"] == {"comp": "media"}


async def test_check_name_availability(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{HS}/operations/isavailable/mysvc")
    respond_xml(
        mock,
        "GET",
        target,
        doc("AvailabilityResponse", "<Result>false</Result><Reason>The name is taken.</Reason>"),
    )
    answer = await session.hosted_services.check_name_availability("mysvc")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", target)
    assert_read_headers(kwargs)
    assert answer.result is False
    assert answer.reason == "The name is taken."


async def test_check_name_availability_free(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{HS}/operations/isavailable/freesvc")
    respond_xml(mock, "GET", target, doc("AvailabilityResponse", "<Result>true</Result>"))
    answer = await session.hosted_services.check_name_availability("freesvc")
    assert answer.result is True
    assert answer.reason == ""
