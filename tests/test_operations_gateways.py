"""session.gateways: virtual network gateways, and gateway operations polled at their own endpoint."""

from __future__ import annotations

import pytest
from aioresponses import aioresponses
from conftest import (
    accept,
    assert_mutation_headers,
    assert_read_headers,
    body_xml,
    calls,
    doc,
    only_request,
    respond_xml,
    url,
)

from aiosm import ServiceManagementSession
from aiosm.errors import InvalidInputError, OperationFailedError
from aiosm.models.gateways import ConnectionOperation, GatewaySize, GatewayType
from aiosm.models.operations import OperationStatus
from aiosm.secret import Secret

GW = "/services/networking/corpnet/gateway"
SITE = GW + "/connection/onprem"
OP_ID = "a4d2a1f3-5c3b-4b6d-9e2b-0c1d2e3f4a5b"
OP_HEX = OP_ID.replace("-", "")
STATUS = "/services/networking/operation/" + OP_ID
ACCEPTED = doc("GatewayOperationAsyncResponse", f"<ID>{OP_ID}</ID>")


def gateway_status(status: str, inner: str = "") -> str:
    return doc("GatewayOperation", f"<ID>{OP_ID}</ID><Status>{status}</Status>{inner}")


async def test_create_answers_a_gateway_operation(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    accept(mock, "POST", url(GW), body=ACCEPTED)
    op = await session.gateways.create("corpnet", GatewayType.DYNAMIC_ROUTING, "highperformance")
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("POST", url(GW))
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "CreateGatewayParameters",
        "<gatewayType>DynamicRouting</gatewayType><gatewaySize>HighPerformance</gatewaySize>",
    )
    assert op.request_id == OP_HEX and op.http_status == 202


async def test_create_without_a_type_sends_an_empty_body(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    accept(mock, "POST", url(GW), body=ACCEPTED)
    await session.gateways.create("corpnet")
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml("CreateGatewayParameters", "")


async def test_wait_polls_the_gateway_status_endpoint(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    accept(mock, "DELETE", url(GW), body=ACCEPTED)
    respond_xml(mock, "GET", url(STATUS), gateway_status("InProgress"))
    respond_xml(
        mock, "GET", url(STATUS), gateway_status("Successful", "<HttpStatusCode>200</HttpStatusCode>")
    )
    op = await session.gateways.delete("corpnet")
    done = await op
    assert done.status is OperationStatus.SUCCEEDED and done.http_status_code == 200
    assert done.id == OP_ID and op.result is done
    assert len(calls(mock, "GET", url(STATUS))) == 2
    assert not calls(mock, "GET", url("/operations/" + OP_HEX))
    assert_read_headers(calls(mock, "GET", url(STATUS))[0].kwargs)


async def test_failed_gateway_operation(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "DELETE", url(GW), body=ACCEPTED)
    respond_xml(
        mock,
        "GET",
        url(STATUS),
        gateway_status(
            "Failed",
            "<HttpStatusCode>400</HttpStatusCode><Error><Code>BadRequest</Code>"
            "<Message>The gateway is busy.</Message></Error>",
        ),
    )
    op = await session.gateways.delete("corpnet")
    with pytest.raises(OperationFailedError) as caught:
        await op
    assert caught.value.code == "BadRequest" and caught.value.http_status == 400


async def test_a_gateway_operation_resumed_from_its_id(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    respond_xml(
        mock, "GET", url(STATUS), gateway_status("Successful", "<HttpStatusCode>200</HttpStatusCode>")
    )
    op = session.operations.gateway_operation(OP_HEX)
    assert (await op.status()).succeeded
    status = await op.status()  # finished: no second request
    assert status.succeeded and len(calls(mock, "GET", url(STATUS))) == 1


async def test_get(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(
        mock,
        "GET",
        url(GW),
        doc(
            "Gateway",
            "<State>Provisioned</State><VIPAddress>137.117.1.2</VIPAddress><LastEvent>"
            "<Timestamp>2015-01-01T00:00:00Z</Timestamp><Id>23005</Id><Message>Provisioned.</Message>"
            "<Data /></LastEvent><GatewayType>DynamicRouting</GatewayType><GatewaySize>Default</GatewaySize>"
            "<DefaultSites><string>onprem</string></DefaultSites>",
        ),
    )
    gateway = await session.gateways.get("corpnet")
    assert (gateway.state, gateway.vip_address, gateway.gateway_type) == (
        "Provisioned",
        "137.117.1.2",
        "DynamicRouting",
    )
    assert gateway.last_event is not None and gateway.last_event.id == "23005"
    assert gateway.default_sites == ["onprem"]


async def test_resize_and_reset_bodies(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(GW), body=ACCEPTED, repeat=True)
    await session.gateways.resize("corpnet", GatewaySize.STANDARD)
    await session.gateways.reset("corpnet")
    first, second = calls(mock, "POST", url(GW))
    assert first.kwargs["data"] == body_xml(
        "UpdateGateway",
        "<GatewaySize>Standard</GatewaySize><UpdateGatewayOperation>Resize</UpdateGatewayOperation>",
    )
    assert second.kwargs["data"] == body_xml(
        "UpdateGateway", "<UpdateGatewayOperation>Reset</UpdateGatewayOperation>"
    )


async def test_gateway_values_checked_before_any_request(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.gateways.create("corpnet", "PolicyBased")
    assert caught.value.field == "gateway_type"
    with pytest.raises(InvalidInputError) as caught:
        await session.gateways.resize("corpnet", "Huge")
    assert caught.value.field == "gateway_size"
    with pytest.raises(InvalidInputError):
        await session.gateways.create("cor/pnet")
    assert not mock.requests


async def test_shared_key(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(SITE + "/sharedkey"), doc("SharedKey", "<Value>abc123</Value>"), status=201)
    key = await session.gateways.get_shared_key("corpnet", "onprem")
    assert isinstance(key, Secret) and key == "abc123" and "abc123" not in repr(key)


async def test_set_and_reset_shared_key(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(SITE + "/sharedkey"), status=200, body=ACCEPTED)
    accept(mock, "PUT", url(SITE + "/sharedkey"), body=ACCEPTED)
    await session.gateways.set_shared_key("corpnet", "onprem", "Abc123")
    await session.gateways.reset_shared_key("corpnet", "onprem", 128)
    (posted,) = calls(mock, "POST", url(SITE + "/sharedkey"))
    assert posted.kwargs["data"] == body_xml("SharedKey", "<Value>Abc123</Value>")
    (put,) = calls(mock, "PUT", url(SITE + "/sharedkey"))
    assert put.kwargs["data"] == body_xml("ResetSharedKey", "<KeyLength>128</KeyLength>")


@pytest.mark.parametrize("key", ["", "has space", "dash-ed", "x" * 129, 12345])
async def test_bad_shared_key_refused(
    session: ServiceManagementSession, mock: aioresponses, key: object
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.gateways.set_shared_key("corpnet", "onprem", key)  # type: ignore[arg-type]
    assert caught.value.field == "value"
    assert str(key) not in str(caught.value) or key == ""
    assert not mock.requests


@pytest.mark.parametrize("length", [0, 129, True, "8"])
async def test_bad_key_length_refused(
    session: ServiceManagementSession, mock: aioresponses, length: object
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.gateways.reset_shared_key("corpnet", "onprem", length)  # type: ignore[arg-type]
    assert caught.value.field == "key_length"
    assert not mock.requests


async def test_connection_operations(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "PUT", url(SITE), body=ACCEPTED, repeat=True)
    await session.gateways.connect("corpnet", "onprem")
    await session.gateways.disconnect("corpnet", "onprem")
    await session.gateways.test_connection("corpnet", "onprem", "131.107.72.22")
    sent = [c.kwargs["data"] for c in calls(mock, "PUT", url(SITE))]
    assert sent == [
        body_xml("UpdateConnection", "<Operation>Connect</Operation>"),
        body_xml("UpdateConnection", "<Operation>Disconnect</Operation>"),
        body_xml("UpdateConnection", "<Operation>Test</Operation><IPAddress>131.107.72.22</IPAddress>"),
    ]


async def test_connection_test_needs_an_address(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.gateways.update_connection("corpnet", "onprem", ConnectionOperation.TEST)
    assert caught.value.field == "ip_address"
    with pytest.raises(InvalidInputError) as caught:
        await session.gateways.update_connection("corpnet", "onprem", "Reconnect")
    assert caught.value.field == "operation"
    assert not mock.requests


async def test_list_connections(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(
        mock,
        "GET",
        url(GW + "/connections"),
        doc(
            "Connections",
            "<Connection><LocalNetworkSiteName>onprem</LocalNetworkSiteName>"
            "<ConnectivityState>Connected</ConnectivityState><LastEvent><Timestamp>2015-01-01T00:00:00Z"
            "</Timestamp><Id>24401</Id><Message>Connected.</Message><Data /></LastEvent>"
            "<IngressBytesTransferred>1024</IngressBytesTransferred>"
            "<EgressBytesTransferred>2048</EgressBytesTransferred>"
            "<LastConnectionEstablished>2015-01-01T00:00:00Z</LastConnectionEstablished>"
            "<AllocatedIPAddresses><string>10.1.0.4</string></AllocatedIPAddresses></Connection>",
        ),
    )
    (connection,) = await session.gateways.list_connections("corpnet")
    assert (connection.local_network_site_name, connection.connectivity_state) == ("onprem", "Connected")
    assert (connection.ingress_bytes_transferred, connection.egress_bytes_transferred) == (1024, 2048)
    assert connection.last_connection_established == "2015-01-01T00:00:00Z"
    assert connection.allocated_ip_addresses == ["10.1.0.4"]
    assert connection.last_event is not None and connection.last_event.message == "Connected."


async def test_diagnostics(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(GW + "/publicdiagnostics")
    accept(mock, "POST", target, body=ACCEPTED, repeat=True)
    await session.gateways.start_diagnostics("corpnet", 300, "captures", "mystorage", "c2VjcmV0")
    await session.gateways.stop_diagnostics("corpnet")
    start, stop = (c.kwargs["data"] for c in calls(mock, "POST", target))
    assert start == body_xml(
        "UpdateGatewayPublicDiagnostics",
        "<CaptureDurationInSeconds>300</CaptureDurationInSeconds><ContainerName>captures</ContainerName>"
        "<CustomerStorageKey>c2VjcmV0</CustomerStorageKey><CustomerStorageName>mystorage</CustomerStorageName>"
        "<Operation>StartDiagnostics</Operation>",
    )
    assert stop == body_xml("UpdateGatewayPublicDiagnostics", "<Operation>StopDiagnostics</Operation>")
    with pytest.raises(InvalidInputError):
        await session.gateways.start_diagnostics("corpnet", 0, "captures", "mystorage", "key")
    respond_xml(
        mock,
        "GET",
        target,
        doc(
            "GatewayPublicDiagnosticsStatus",
            "<State>Ready</State><PublicDiagnosticsUrl>https://x/y.zip</PublicDiagnosticsUrl>",
        ),
    )
    status = await session.gateways.get_diagnostics("corpnet")
    assert (status.state, status.public_diagnostics_url) == ("Ready", "https://x/y.zip")


async def test_update_operations_checked_before_any_request(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.gateways.update("corpnet", "Restart")
    assert caught.value.field == "update_gateway_operation"
    with pytest.raises(InvalidInputError) as caught:
        await session.gateways.update("corpnet", "resize")
    assert caught.value.field == "gateway_size"
    with pytest.raises(InvalidInputError) as caught:
        await session.gateways.update_diagnostics("corpnet", "Pause")
    assert caught.value.field == "operation"
    assert not mock.requests
