"""session.locations: GET /locations."""

from __future__ import annotations

from aioresponses import aioresponses
from conftest import assert_read_headers, doc, make_session, only_request, respond_xml, url

from aiosm import ServiceManagementSession
from aiosm.models.locations import ComputeCapabilities, Location

TWO_LOCATIONS = doc(
    "Locations",
    "<Location><Name>West US</Name><DisplayName>West US</DisplayName>"
    "<AvailableServices><AvailableService>Compute</AvailableService>"
    "<AvailableService>Storage</AvailableService></AvailableServices>"
    "<ComputeCapabilities><WebWorkerRoleSizes><RoleSize>Small</RoleSize></WebWorkerRoleSizes>"
    "<VirtualMachinesRoleSizes><RoleSize>Small</RoleSize><RoleSize>Standard_D1</RoleSize>"
    "</VirtualMachinesRoleSizes></ComputeCapabilities></Location>"
    "<Location><Name>East Asia</Name><DisplayName>East Asia</DisplayName>"
    "<AvailableServices><AvailableService>Storage</AvailableService></AvailableServices></Location>",
)


async def test_list_sends_get_with_read_headers(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    respond_xml(mock, "GET", url("/locations"), TWO_LOCATIONS)
    await session.locations.list()
    method, sent_url, kwargs = only_request(mock)
    assert method == "GET"
    assert str(sent_url) == f"{session.endpoint}/{session.subscription_id}/locations"
    assert kwargs["params"] is None
    assert kwargs["data"] is None
    assert_read_headers(kwargs)


async def test_list_parses_locations(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url("/locations"), TWO_LOCATIONS)
    locations = await session.locations.list()
    assert [loc.name for loc in locations] == ["West US", "East Asia"]
    west, east = locations
    assert isinstance(west, Location)
    assert west.display_name == "West US"
    assert west.available_services == ["Compute", "Storage"]
    assert isinstance(west.compute_capabilities, ComputeCapabilities)
    assert west.compute_capabilities.web_worker_role_sizes == ["Small"]
    assert west.compute_capabilities.virtual_machines_role_sizes == ["Small", "Standard_D1"]
    # One item is still a list; a missing block is None.
    assert east.available_services == ["Storage"]
    assert east.compute_capabilities is None


async def test_list_with_one_location_is_a_list(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    respond_xml(mock, "GET", url("/locations"), doc("Locations", "<Location><Name>West US</Name></Location>"))
    locations = await session.locations.list()
    assert isinstance(locations, list)
    assert [loc.name for loc in locations] == ["West US"]
    assert locations[0].available_services == []


async def test_list_with_no_location_is_empty(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url("/locations"), doc("Locations"))
    assert await session.locations.list() == []


async def test_session_api_version_override(mock: aioresponses) -> None:
    session = make_session(api_version="2015-04-01")
    try:
        respond_xml(mock, "GET", url("/locations"), doc("Locations"))
        await session.locations.list()
        _, _, kwargs = only_request(mock)
        assert_read_headers(kwargs, api_version="2015-04-01")
    finally:
        await session.close()


async def test_custom_endpoint_is_used(mock: aioresponses) -> None:
    session = make_session(endpoint="https://management.core.chinacloudapi.cn/")
    try:
        target = f"https://management.core.chinacloudapi.cn/{session.subscription_id}/locations"
        respond_xml(mock, "GET", target, doc("Locations"))
        await session.locations.list()
        _, sent_url, _ = only_request(mock)
        assert str(sent_url) == target
    finally:
        await session.close()
