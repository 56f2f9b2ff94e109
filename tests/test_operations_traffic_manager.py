"""session.traffic_manager: profiles and definitions, shapes from the Service Management reference."""

from __future__ import annotations

import pytest
from aioresponses import aioresponses
from conftest import (
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
from aiosm.models import (
    TrafficManagerEndpoint,
    TrafficManagerEndpointType,
    TrafficManagerHttpOptions,
    TrafficManagerLoadBalancingMethod,
    TrafficManagerMonitor,
    TrafficManagerMonitorProtocol,
)

WATM = "/services/WATM"
PROFILE = f"{WATM}/profiles/myapp-trafficmanager-net"
# the shape of the reference's Get Definition answer (DnsOptions, Status, Version, Monitors, Policy)
DEFINITION = (
    "<DnsOptions><TimeToLiveInSeconds>300</TimeToLiveInSeconds></DnsOptions>"
    "<Status>Enabled</Status><Version>1</Version>"
    "<Monitors><Monitor><IntervalInSeconds>30</IntervalInSeconds><TimeoutInSeconds>10</TimeoutInSeconds>"
    "<ToleratedNumberOfFailures>3</ToleratedNumberOfFailures><Protocol>HTTP</Protocol><Port>80</Port>"
    "<HttpOptions><Verb>GET</Verb><RelativePath>/health</RelativePath>"
    "<ExpectedStatusCode>200</ExpectedStatusCode></HttpOptions></Monitor></Monitors>"
    "<Policy><LoadBalancingMethod>Failover</LoadBalancingMethod><Endpoints>"
    "<Endpoint><DomainName>east.cloudapp.net</DomainName><Status>Enabled</Status><Type>CloudService</Type>"
    "<MonitorStatus>Online</MonitorStatus></Endpoint>"
    "<Endpoint><DomainName>west.azurewebsites.net</DomainName><Status>Disabled</Status>"
    "<Type>AzureWebsite</Type><MonitorStatus>Disabled</MonitorStatus></Endpoint>"
    "</Endpoints><MonitorStatus>Online</MonitorStatus></Policy>"
)


async def test_create_profile(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(f"{WATM}/profiles"), status=200)
    assert (
        await session.traffic_manager.create("myapp-trafficmanager-net", "myapp.trafficmanager.net") is None
    )
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("POST", url(f"{WATM}/profiles"))
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "Profile", "<DomainName>myapp.trafficmanager.net</DomainName><Name>myapp-trafficmanager-net</Name>"
    )


async def test_get_profile(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(
        mock,
        "GET",
        url(PROFILE),
        doc(
            "Profile",
            "<DomainName>myapp.trafficmanager.net</DomainName><Name>myapp-trafficmanager-net</Name>"
            "<Status>Enabled</Status><StatusDetails><EnabledVersion>2</EnabledVersion></StatusDetails>"
            "<Definitions><Definition><Status>Disabled</Status><Version>1</Version></Definition>"
            "<Definition><Status>Enabled</Status><Version>2</Version></Definition></Definitions>",
        ),
    )
    profile = await session.traffic_manager.get("myapp-trafficmanager-net")
    _, _, kwargs = only_request(mock)
    assert_read_headers(kwargs)
    assert (profile.domain_name, profile.name, profile.status) == (
        "myapp.trafficmanager.net",
        "myapp-trafficmanager-net",
        "Enabled",
    )
    assert profile.status_details is not None and profile.status_details.enabled_version == 2
    assert [(d.status, d.version) for d in profile.definitions] == [("Disabled", 1), ("Enabled", 2)]


async def test_list_profiles(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(
        mock,
        "GET",
        url(f"{WATM}/profiles"),
        doc("Profiles", "<Profile><Name>a</Name></Profile><Profile><Name>b</Name></Profile>"),
    )
    assert [p.name for p in await session.traffic_manager.list()] == ["a", "b"]


async def test_update_profile(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "PUT", url(PROFILE), status=200)
    await session.traffic_manager.update("myapp-trafficmanager-net", "enabled", 2)
    method, _, kwargs = only_request(mock)
    assert method == "PUT"
    assert kwargs["data"] == body_xml(
        "Profile", "<Status>Enabled</Status><StatusDetails><EnabledVersion>2</EnabledVersion></StatusDetails>"
    )


async def test_delete_profile(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "DELETE", url(PROFILE), status=200)
    await session.traffic_manager.delete("myapp-trafficmanager-net")
    method, sent, kwargs = only_request(mock)
    assert (method, sent, kwargs["data"]) == ("DELETE", url(PROFILE), b"")


async def test_check_dns_prefix_availability(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{WATM}/operations/isavailable/myapp.trafficmanager.net")
    respond_xml(mock, "GET", target, doc("AvailabilityResponse", "<Result>false</Result>"))
    assert await session.traffic_manager.check_dns_prefix_availability("myapp.trafficmanager.net") is False


async def test_create_definition(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(f"{PROFILE}/definitions"), status=200)
    monitor = TrafficManagerMonitor(
        protocol=TrafficManagerMonitorProtocol.HTTPS,
        port=443,
        http_options=TrafficManagerHttpOptions(relative_path="/health"),
    )
    endpoints = [
        TrafficManagerEndpoint(
            domain_name="east.cloudapp.net", type=TrafficManagerEndpointType.CLOUD_SERVICE, weight=2
        ),
        TrafficManagerEndpoint(
            domain_name="nested.trafficmanager.net", location="West US", min_child_endpoints=1
        ),
    ]
    await session.traffic_manager.create_definition(
        "myapp-trafficmanager-net", 300, [monitor], "RoundRobin", endpoints
    )
    _, _, kwargs = only_request(mock)
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "Definition",
        "<DnsOptions><TimeToLiveInSeconds>300</TimeToLiveInSeconds></DnsOptions>"
        "<Monitors><Monitor><IntervalInSeconds>30</IntervalInSeconds><TimeoutInSeconds>10</TimeoutInSeconds>"
        "<ToleratedNumberOfFailures>3</ToleratedNumberOfFailures><Protocol>HTTPS</Protocol><Port>443</Port>"
        "<HttpOptions><Verb>GET</Verb><RelativePath>/health</RelativePath>"
        "<ExpectedStatusCode>200</ExpectedStatusCode></HttpOptions></Monitor></Monitors>"
        "<Policy><LoadBalancingMethod>RoundRobin</LoadBalancingMethod><Endpoints>"
        "<Endpoint><DomainName>east.cloudapp.net</DomainName><Status>Enabled</Status><Type>CloudService</Type>"
        "<Weight>2</Weight></Endpoint>"
        "<Endpoint><DomainName>nested.trafficmanager.net</DomainName><Status>Enabled</Status>"
        "<Location>West US</Location><MinChildEndpoints>1</MinChildEndpoints></Endpoint>"
        "</Endpoints></Policy>",
    )


async def test_get_and_list_definitions(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(f"{PROFILE}/definitions/1"), doc("Definition", DEFINITION))
    definition = await session.traffic_manager.get_definition("myapp-trafficmanager-net", 1)
    assert (definition.status, definition.version) == ("Enabled", 1)
    assert definition.dns_options is not None and definition.dns_options.time_to_live_in_seconds == 300
    assert definition.monitors[0].http_options.relative_path == "/health"
    assert definition.policy is not None
    assert definition.policy.load_balancing_method is TrafficManagerLoadBalancingMethod.FAILOVER
    assert definition.policy.monitor_status == "Online"
    assert [(e.domain_name, e.type, e.monitor_status) for e in definition.policy.endpoints] == [
        ("east.cloudapp.net", TrafficManagerEndpointType.CLOUD_SERVICE, "Online"),
        ("west.azurewebsites.net", TrafficManagerEndpointType.AZURE_WEBSITE, "Disabled"),
    ]
    respond_xml(
        mock,
        "GET",
        url(f"{PROFILE}/definitions"),
        doc("Definitions", f"<Definition>{DEFINITION}</Definition>"),
    )
    listed = await session.traffic_manager.list_definitions("myapp-trafficmanager-net")
    assert [d.version for d in listed] == [1]


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"ttl": 29}, "ttl"),
        ({"ttl": 1_000_000}, "ttl"),
        ({"monitors": []}, "monitors"),
        ({"monitors": [TrafficManagerMonitor(timeout_in_seconds=5)]}, "monitors[0].timeout_in_seconds"),
        (
            {"monitors": [TrafficManagerMonitor(tolerated_number_of_failures=1)]},
            "monitors[0].tolerated_number_of_failures",
        ),
        ({"monitors": [TrafficManagerMonitor(port=0)]}, "monitors[0].port"),
        (
            {"monitors": [TrafficManagerMonitor(http_options=TrafficManagerHttpOptions(verb="POST"))]},
            "monitors[0].http_options.verb",
        ),
        (
            {"monitors": [TrafficManagerMonitor(http_options=TrafficManagerHttpOptions(relative_path="x"))]},
            "monitors[0].http_options.relative_path",
        ),
        ({"load_balancing_method": "Weighted"}, "load_balancing_method"),
        ({"endpoints": []}, "endpoints"),
        ({"endpoints": [TrafficManagerEndpoint(domain_name="a.net", weight=0)]}, "endpoints[0].weight"),
        (
            {
                "endpoints": [
                    TrafficManagerEndpoint(domain_name="a.net"),
                    TrafficManagerEndpoint(domain_name="A.net"),
                ]
            },
            "endpoints[1].domain_name",
        ),
        ({"endpoints": [TrafficManagerEndpoint(domain_name="a.net", status="On")]}, "endpoints[0].status"),
        (
            {"endpoints": [TrafficManagerEndpoint(domain_name="a.net", type=TrafficManagerEndpointType.ANY)]},
            "endpoints[0].location",
        ),
    ],
)
async def test_bad_definitions_are_refused(
    session: ServiceManagementSession, mock: aioresponses, arguments: dict[str, object], field: str
) -> None:
    values: dict[str, object] = {
        "ttl": 300,
        "monitors": [TrafficManagerMonitor()],
        "load_balancing_method": "Performance",
        "endpoints": [TrafficManagerEndpoint(domain_name="a.cloudapp.net")],
        **arguments,
    }
    with pytest.raises(InvalidInputError) as caught:
        await session.traffic_manager.create_definition("p", **values)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert not mock.requests


async def test_an_any_endpoint_needs_a_location_only_with_performance(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    accept(mock, "POST", url(f"{PROFILE}/definitions"), status=200)
    anywhere = [TrafficManagerEndpoint(domain_name="www.example.com", type=TrafficManagerEndpointType.ANY)]
    await session.traffic_manager.create_definition(
        "myapp-trafficmanager-net", 300, [TrafficManagerMonitor()], "Failover", anywhere
    )
    assert len(mock.requests) == 1


@pytest.mark.parametrize(
    "domain",
    [
        "myapp",
        "myapp.cloudapp.net",
        "-a.trafficmanager.net",
        "a_b.trafficmanager.net",
        "x" * 64 + ".trafficmanager.net",
    ],
)
async def test_bad_domain_names_are_refused(
    session: ServiceManagementSession, mock: aioresponses, domain: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.traffic_manager.create("p", domain)
    assert caught.value.field == "domain_name"
    with pytest.raises(InvalidInputError):
        await session.traffic_manager.check_dns_prefix_availability(domain)
    assert not mock.requests


async def test_bad_profile_arguments_are_refused(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.traffic_manager.get("a/b")
    assert caught.value.field == "name"
    with pytest.raises(InvalidInputError) as caught:
        await session.traffic_manager.update("p", "Paused")
    assert caught.value.field == "status"
    with pytest.raises(InvalidInputError) as caught:
        await session.traffic_manager.update("p", "Enabled", 0)
    assert caught.value.field == "enabled_version"
    with pytest.raises(InvalidInputError) as caught:
        await session.traffic_manager.get_definition("p", True)
    assert caught.value.field == "version"
    assert not mock.requests
