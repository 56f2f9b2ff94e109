"""session.load_balancers: Add / Update / Delete Load Balancer and Update Load-Balanced Endpoint Set."""

from __future__ import annotations

import pytest
from aioresponses import aioresponses
from conftest import RID, accept, assert_mutation_headers, body_xml, only_request, url

from aiosm import ServiceManagementSession
from aiosm.errors import InvalidInputError
from aiosm.models import (
    ConfigurationSetInputEndpoint,
    Deployment,
    EndpointAcl,
    EndpointAclRule,
    LoadBalancerProbe,
)

DEP = "/services/hostedservices/svc/deployments/dep"
LB = DEP + "/loadbalancers"
FRONTEND = (
    "<Name>ilb1</Name><FrontendIpConfiguration><Type>Private</Type><SubnetName>FrontEnd</SubnetName>"
    "<StaticVirtualNetworkIPAddress>10.0.1.10</StaticVirtualNetworkIPAddress></FrontendIpConfiguration>"
)


async def test_add(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(LB))
    op = await session.load_balancers.add("svc", "dep", "ilb1", "FrontEnd", "10.0.1.10")
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("POST", url(LB))
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml("LoadBalancer", FRONTEND)
    assert op.request_id == RID


async def test_add_without_a_static_address(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(LB))
    await session.load_balancers.add("svc", "dep", "ilb1", "FrontEnd")
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "LoadBalancer",
        "<Name>ilb1</Name><FrontendIpConfiguration><Type>Private</Type><SubnetName>FrontEnd</SubnetName>"
        "</FrontendIpConfiguration>",
    )


async def test_update_and_delete(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "PUT", url(f"{LB}/ilb1"))
    await session.load_balancers.update("svc", "dep", "ilb1", "FrontEnd", "10.0.1.10")
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("PUT", url(f"{LB}/ilb1"))
    assert kwargs["data"] == body_xml("LoadBalancer", FRONTEND)
    mock.requests.clear()
    accept(mock, "DELETE", url(f"{LB}/ilb1"))
    await session.load_balancers.delete("svc", "dep", "ilb1")
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("DELETE", url(f"{LB}/ilb1"))
    assert kwargs["data"] == b""


async def test_update_endpoint_sets(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(DEP + "?comp=UpdateLbSet"))
    endpoint = ConfigurationSetInputEndpoint(
        load_balanced_endpoint_set_name="web",
        local_port=8080,
        port=80,
        load_balancer_probe=LoadBalancerProbe(
            path="/health", port=8080, protocol="http", interval_in_seconds=15
        ),
        protocol="tcp",
        endpoint_acl=EndpointAcl(
            rules=[EndpointAclRule(order=100, action="Permit", remote_subnet="10.0.0.0/8", description="in")]
        ),
        load_balancer_name="ilb1",
        idle_timeout_in_minutes=10,
        load_balancer_distribution="sourceIP",
    )
    await session.load_balancers.update_endpoint_sets("svc", "dep", [endpoint])
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("POST", url(DEP + "?comp=UpdateLbSet"))
    # the element order of the reference's request body
    assert kwargs["data"] == body_xml(
        "LoadBalancedEndpointList",
        "<InputEndpoint><LoadBalancedEndpointSetName>web</LoadBalancedEndpointSetName>"
        "<LocalPort>8080</LocalPort><Port>80</Port>"
        "<LoadBalancerProbe><Path>/health</Path><Port>8080</Port><Protocol>http</Protocol>"
        "<IntervalInSeconds>15</IntervalInSeconds></LoadBalancerProbe><Protocol>tcp</Protocol>"
        "<EndpointACL><Rules><Rule><Order>100</Order><Action>Permit</Action>"
        "<RemoteSubnet>10.0.0.0/8</RemoteSubnet><Description>in</Description></Rule></Rules></EndpointACL>"
        "<LoadBalancerName>ilb1</LoadBalancerName><IdleTimeoutInMinutes>10</IdleTimeoutInMinutes>"
        "<LoadBalancerDistribution>sourceIP</LoadBalancerDistribution></InputEndpoint>",
    )


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("ilb 1", "FrontEnd"), "load_balancer_name"),
        (("-ilb", "FrontEnd"), "load_balancer_name"),
        (("ilb1", ""), "subnet_name"),
        (("ilb1", "a/b"), "subnet_name"),
        (("ilb1", "FrontEnd", "10.0.1.300"), "static_virtual_network_ip_address"),
        (("ilb1", "FrontEnd", "::1"), "static_virtual_network_ip_address"),
    ],
)
async def test_bad_input_before_any_request(
    session: ServiceManagementSession, mock: aioresponses, args: tuple[str, ...], field: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.load_balancers.add("svc", "dep", *args)
    assert caught.value.field == field
    assert not mock.requests


def test_get_deployment_load_balancers_parse() -> None:
    """``<LoadBalancers>`` of Get Deployment, as the reference shows it."""
    xml = (
        b'<Deployment xmlns="http://schemas.microsoft.com/windowsazure"><Name>dep</Name>'
        b"<LoadBalancers><LoadBalancer><Name>ilb1</Name><FrontendIpConfiguration><Type>Private</Type>"
        b"<SubnetName>FrontEnd</SubnetName><StaticVirtualNetworkIPAddress>10.0.1.10"
        b"</StaticVirtualNetworkIPAddress></FrontendIpConfiguration></LoadBalancer></LoadBalancers>"
        b"</Deployment>"
    )
    (balancer,) = Deployment.from_xml(xml).load_balancers
    assert balancer.name == "ilb1"
    assert balancer.frontend_ip_configuration is not None
    frontend = balancer.frontend_ip_configuration
    assert (frontend.type, frontend.subnet_name, frontend.static_virtual_network_ip_address) == (
        "Private",
        "FrontEnd",
        "10.0.1.10",
    )
