"""session.application_gateways: shapes from the reference (Start Application Gateway, the
configuration XML sample) and the client-side rules."""

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
from aiosm.errors import InvalidInputError, OperationFailedError
from aiosm.models import (
    ApplicationGatewayBackendHttpSettings,
    ApplicationGatewayFrontendPort,
    ApplicationGatewayHttpListener,
    ApplicationGatewayLoadBalancingRule,
)
from aiosm.resources.application_gateways import EXAMPLE_CONFIGURATION

AGW = "/services/networking/ApplicationGateways"
OP_ID = "55ef0460-825d-2981-ad20-b9a8af41b399"
ACCEPTED = doc("GatewayOperationAsyncResponse", f"<ID>{OP_ID}</ID>")
# the reference's configuration XML sample (classic PowerShell Set-AzureApplicationGatewayConfig)
CONFIGURATION = (
    "<FrontendIPConfigurations><FrontendIPConfiguration><Name>fip1</Name><Type>Private</Type>"
    "<StaticIPAddress>10.0.0.10</StaticIPAddress></FrontendIPConfiguration></FrontendIPConfigurations>"
    "<FrontendPorts><FrontendPort><Name>FrontendPort1</Name><Port>80</Port></FrontendPort></FrontendPorts>"
    "<BackendAddressPools><BackendAddressPool><Name>BackendPool1</Name><IPAddresses>"
    "<IPAddress>10.0.0.1</IPAddress><IPAddress>10.0.0.2</IPAddress></IPAddresses></BackendAddressPool>"
    "</BackendAddressPools><BackendHttpSettingsList><BackendHttpSettings><Name>BackendSetting1</Name>"
    "<Port>80</Port><Protocol>Http</Protocol><CookieBasedAffinity>Enabled</CookieBasedAffinity>"
    "</BackendHttpSettings></BackendHttpSettingsList><HttpListeners><HttpListener><Name>HTTPListener1</Name>"
    "<FrontendIP>fip1</FrontendIP><FrontendPort>FrontendPort1</FrontendPort><Protocol>Http</Protocol>"
    "</HttpListener></HttpListeners><HttpLoadBalancingRules><HttpLoadBalancingRule><Name>HttpLBRule1</Name>"
    "<Type>basic</Type><BackendHttpSettings>BackendSetting1</BackendHttpSettings><Listener>HTTPListener1</Listener>"
    "<BackendAddressPool>BackendPool1</BackendAddressPool></HttpLoadBalancingRule></HttpLoadBalancingRules>"
)
GATEWAY = (
    "<Name>AppGwTest</Name><Description>my gateway</Description><VnetName>testvnet1</VnetName>"
    "<Subnets><Subnet>Subnet-1</Subnet></Subnets><InstanceCount>2</InstanceCount><GatewaySize>Medium</GatewaySize>"
    "<State>Running</State><VirtualIPs><VirtualIP>10.0.0.10</VirtualIP></VirtualIPs>"
    "<DnsName>appgw-1.cloudapp.net</DnsName>"
)


def _accept(mock: aioresponses, method: str, path: str) -> None:
    accept(mock, method, url(path), body=ACCEPTED)


async def test_create(session: ServiceManagementSession, mock: aioresponses) -> None:
    _accept(mock, "POST", AGW)
    answer = await session.application_gateways.create(
        "AppGwTest", "testvnet1", ["Subnet-1"], "my gateway", 2, "medium"
    )
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("POST", url(AGW))
    assert_mutation_headers(kwargs, api_version="2015-04-01")
    assert kwargs["data"] == body_xml(
        "CreateApplicationGatewayParameters",
        "<Name>AppGwTest</Name><Description>my gateway</Description><VnetName>testvnet1</VnetName>"
        "<Subnets><Subnet>Subnet-1</Subnet></Subnets><InstanceCount>2</InstanceCount>"
        "<GatewaySize>Medium</GatewaySize>",
    )
    assert answer.id == OP_ID


async def test_create_with_the_service_defaults(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    _accept(mock, "POST", AGW)
    await session.application_gateways.create("AppGwTest", "testvnet1", ["Subnet-1", "Subnet-2"])
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "CreateApplicationGatewayParameters",
        "<Name>AppGwTest</Name><VnetName>testvnet1</VnetName>"
        "<Subnets><Subnet>Subnet-1</Subnet><Subnet>Subnet-2</Subnet></Subnets>",
    )


async def test_get_and_list(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(f"{AGW}/AppGwTest"), doc("ApplicationGateway", GATEWAY))
    gateway = await session.application_gateways.get("AppGwTest")
    _, _, kwargs = only_request(mock)
    assert_read_headers(kwargs, api_version="2015-04-01")
    assert (gateway.name, gateway.description, gateway.vnet_name, gateway.subnets) == (
        "AppGwTest",
        "my gateway",
        "testvnet1",
        ["Subnet-1"],
    )
    assert (gateway.instance_count, gateway.gateway_size, gateway.state) == (2, "Medium", "Running")
    assert (gateway.virtual_ips, gateway.dns_name) == (["10.0.0.10"], "appgw-1.cloudapp.net")
    respond_xml(
        mock,
        "GET",
        url(AGW),
        doc(
            "ApplicationGateways",
            f"<ApplicationGateway>{GATEWAY}</ApplicationGateway><ApplicationGateway><Name>b</Name></ApplicationGateway>",
        ),
    )
    assert [g.name for g in await session.application_gateways.list()] == ["AppGwTest", "b"]


async def test_delete(session: ServiceManagementSession, mock: aioresponses) -> None:
    _accept(mock, "DELETE", f"{AGW}/AppGwTest")
    assert (await session.application_gateways.delete("AppGwTest")).id == OP_ID


async def test_get_and_set_configuration(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(
        mock,
        "GET",
        url(f"{AGW}/AppGwTest/configuration"),
        doc("ApplicationGatewayConfiguration", CONFIGURATION),
    )
    assert await session.application_gateways.get_configuration("AppGwTest") == EXAMPLE_CONFIGURATION
    mock.requests.clear()
    _accept(mock, "POST", f"{AGW}/AppGwTest/configuration")
    await session.application_gateways.set_configuration("AppGwTest", EXAMPLE_CONFIGURATION)
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml("ApplicationGatewayConfiguration", CONFIGURATION)


@pytest.mark.parametrize("verb", ["start", "stop"])
async def test_start_and_stop(session: ServiceManagementSession, mock: aioresponses, verb: str) -> None:
    _accept(mock, "POST", f"{AGW}/AppGwTest/Operations")
    answer = await getattr(session.application_gateways, verb)("AppGwTest")
    method, _, kwargs = only_request(mock)
    assert method == "POST"
    assert_mutation_headers(kwargs, api_version="2015-04-01")
    assert kwargs["data"] == body_xml("ApplicationGatewayOperation", f"<OperationType>{verb}</OperationType>")
    assert answer.id == OP_ID


def _status(status: str, extra: str = "") -> str:
    return doc("GatewayOperation", f"<ID>{OP_ID}</ID><Status>{status}</Status>{extra}")


async def test_wait(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"/services/networking/operation/{OP_ID}")
    respond_xml(mock, "GET", target, _status("InProgress"))
    respond_xml(mock, "GET", target, _status("Successful", "<HttpStatusCode>OK</HttpStatusCode>"))
    done = await session.application_gateways.wait(OP_ID)
    assert (done.status, done.http_status_code) == ("Successful", "OK")
    assert len(mock.requests[("GET", target)]) == 2


async def test_wait_raises_when_the_operation_failed(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    target = url(f"/services/networking/operation/{OP_ID}")
    respond_xml(
        mock,
        "GET",
        target,
        _status(
            "Failed",
            "<HttpStatusCode>BadRequest</HttpStatusCode><Error><Code>BadRequest</Code><Message>no</Message></Error>",
        ),
    )
    with pytest.raises(OperationFailedError) as caught:
        await session.application_gateways.wait(OP_ID)
    assert (caught.value.code, caught.value.message) == ("BadRequest", "no")


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"subnets": []}, "subnets"),
        ({"subnets": ["a/b"]}, "subnets"),
        ({"instance_count": 0}, "instance_count"),
        ({"instance_count": 11}, "instance_count"),
        ({"gateway_size": "ExtraLarge"}, "gateway_size"),
        ({"vnet_name": None}, "vnet_name"),
    ],
)
async def test_bad_create_arguments(
    session: ServiceManagementSession, mock: aioresponses, arguments: dict[str, object], field: str
) -> None:
    values: dict[str, object] = {"vnet_name": "net", "subnets": ["Subnet-1"], **arguments}
    with pytest.raises(InvalidInputError) as caught:
        await session.application_gateways.create("gw", **values)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert not mock.requests


def _with(**update: object) -> object:
    return EXAMPLE_CONFIGURATION.model_copy(update=update)


@pytest.mark.parametrize(
    ("configuration", "field"),
    [
        (
            _with(frontend_ports=[ApplicationGatewayFrontendPort(name="FrontendPort1", port=0)]),
            "frontend_ports[0].port",
        ),
        (
            _with(
                frontend_ports=[
                    ApplicationGatewayFrontendPort(name="p", port=80),
                    ApplicationGatewayFrontendPort(name="P", port=81),
                ]
            ),
            "frontend_ports[1].name",
        ),
        (
            _with(
                http_listeners=[
                    ApplicationGatewayHttpListener(
                        name="HTTPListener1", frontend_ip="nope", frontend_port="FrontendPort1"
                    )
                ]
            ),
            "http_listeners[0].frontend_ip",
        ),
        (
            _with(
                http_listeners=[
                    ApplicationGatewayHttpListener(
                        name="HTTPListener1", frontend_port="FrontendPort1", protocol="Https"
                    )
                ]
            ),
            "http_listeners[0].ssl_cert",
        ),
        (
            _with(
                backend_http_settings_list=[
                    ApplicationGatewayBackendHttpSettings(
                        name="BackendSetting1", port=80, cookie_based_affinity="Sticky"
                    )
                ]
            ),
            "backend_http_settings_list[0].cookie_based_affinity",
        ),
        (
            _with(
                http_load_balancing_rules=[
                    ApplicationGatewayLoadBalancingRule(
                        name="r",
                        backend_http_settings="BackendSetting1",
                        listener="HTTPListener1",
                        backend_address_pool="nope",
                    )
                ]
            ),
            "http_load_balancing_rules[0].backend_address_pool",
        ),
        ("<ApplicationGatewayConfiguration/>", "configuration"),
    ],
)
async def test_bad_configurations_are_refused_before_sending(
    session: ServiceManagementSession, mock: aioresponses, configuration: object, field: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.application_gateways.set_configuration("gw", configuration)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert not mock.requests
