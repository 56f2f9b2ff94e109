"""The facade's general methods: perform_get/put/post/delete (the legacy escape hatch),
wait_for_operation_status with the legacy callbacks, set_proxy, with_filter, should_use_requests."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aioresponses import aioresponses
from conftest import (
    FAST_POLL,
    FAST_RETRY,
    RID,
    SUB,
    accept,
    calls,
    doc,
    error_doc,
    header,
    operation_doc,
    respond_xml,
    url,
)

from aiosm import ServiceManagementService
from aiosm.compat import LegacyFilterPolicy
from aiosm.errors import (
    InvalidInputError,
    NotFoundError,
    OperationFailedError,
    OperationTimeoutError,
)
from aiosm.models import HostedService
from aiosm.pipeline import Request, Response
from aiosm.transport import AiohttpTransport

OPS = url(f"/operations/{RID}")
HS = "/services/hostedservices"


@pytest.fixture
async def sms() -> AsyncIterator[ServiceManagementService]:
    service = ServiceManagementService(SUB, ssl.create_default_context(), retry=FAST_RETRY, poll=FAST_POLL)
    yield service
    await service.close()


# -- perform_* ---------------------------------------------------------------------------------


async def test_perform_get_returns_the_answer(sms: ServiceManagementService, mock: aioresponses) -> None:
    body = doc("HostedService", "<ServiceName>svc</ServiceName>")
    respond_xml(mock, "GET", url(f"{HS}/svc", **{"embed-detail": "true"}), body)
    response = await sms.perform_get(f"/{SUB}{HS}/svc?embed-detail=true")
    assert response.status == 200 and response.request_id == RID
    assert response.parse(HostedService).service_name == "svc"
    (call,) = calls(mock, "GET", url(f"{HS}/svc", **{"embed-detail": "true"}))
    assert header(call.kwargs, "x-ms-version") == "2014-10-01"


async def test_perform_get_maps_errors_and_takes_a_version(
    sms: ServiceManagementService, mock: aioresponses
) -> None:
    respond_xml(mock, "GET", url(f"{HS}/nope"), error_doc("ResourceNotFound", "gone"), status=404)
    with pytest.raises(NotFoundError) as caught:
        await sms.perform_get(f"/{SUB}{HS}/nope", x_ms_version="2015-04-01")
    assert caught.value.code == "ResourceNotFound"
    (call,) = calls(mock, "GET", url(f"{HS}/nope"))
    assert header(call.kwargs, "x-ms-version") == "2015-04-01"


async def test_perform_get_retries_like_any_operation(
    sms: ServiceManagementService, mock: aioresponses
) -> None:
    respond_xml(mock, "GET", url("/locations"), error_doc("ServerBusy", "busy"), status=503)
    respond_xml(mock, "GET", url("/locations"), doc("Locations"))
    response = await sms.perform_get(f"/{SUB}/locations")
    assert response.status == 200
    assert len(calls(mock, "GET", url("/locations"))) == 2


async def test_perform_post_put_delete_return_operation_handles(
    sms: ServiceManagementService, mock: aioresponses
) -> None:
    xml = '<?xml version="1.0"?>\n<CreateHostedService xmlns="http://schemas.microsoft.com/windowsazure"/>'
    accept(mock, "POST", url(HS), status=201)
    created = await sms.perform_post(f"/{SUB}{HS}", xml)
    assert created.request_id == RID and created.http_status == 201
    assert (await created.wait()).succeeded  # 201: complete, no poll
    (call,) = calls(mock, "POST", url(HS))
    assert call.kwargs["data"] == xml.encode("utf-8")
    assert header(call.kwargs, "Content-Type") == "application/atom+xml;type=entry;charset=utf-8"

    accept(mock, "PUT", url(f"{HS}/svc"), status=200)
    updated = await sms.perform_put(f"/{SUB}{HS}/svc", b"<UpdateHostedService/>")
    assert updated.http_status == 200

    accept(mock, "DELETE", url(f"{HS}/svc"))
    respond_xml(mock, "GET", OPS, operation_doc("Succeeded", http=200))
    deleted = await sms.perform_delete(f"/{SUB}{HS}/svc")
    assert deleted.http_status == 202
    assert (await deleted.wait()).succeeded
    (call,) = calls(mock, "DELETE", url(f"{HS}/svc"))
    assert call.kwargs["data"] == b""


@pytest.mark.parametrize(
    "path",
    [
        f"{HS}/svc",  # no subscription
        "/00000000-0000-0000-0000-000000000000/services/hostedservices",  # another subscription
        f"/{SUB}/../other/services",
        f"/{SUB}/services/./x",
        f"/{SUB}//services",
        f"/{SUB}/services#frag",
        f"/{SUB}/services/a%2Fb",
        f"/{SUB}/services\\x",
        f"/{SUB}x/services",
        "https://evil.example/" + SUB,
        f"//evil.example/{SUB}/services",
        "",
    ],
)
async def test_a_path_that_leaves_the_subscription_is_refused(
    sms: ServiceManagementService, mock: aioresponses, path: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await sms.perform_get(path)
    assert caught.value.field == "path"
    with pytest.raises(InvalidInputError):
        await sms.perform_delete(path)
    assert not mock.requests


async def test_bad_version_and_body_are_refused(sms: ServiceManagementService, mock: aioresponses) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await sms.perform_get(f"/{SUB}/locations", x_ms_version="2014-10-01\r\nX-Evil: 1")
    assert caught.value.field == "x_ms_version"
    with pytest.raises(InvalidInputError) as caught:
        await sms.perform_post(f"/{SUB}{HS}", 42)  # type: ignore[arg-type]
    assert caught.value.field == "body"
    assert not mock.requests


async def test_trailing_slash_and_query_are_kept(sms: ServiceManagementService, mock: aioresponses) -> None:
    target = url(f"{HS}/svc/deployments/dep/", comp="status")
    accept(mock, "POST", target, status=200)
    await sms.perform_post(f"/{SUB}{HS}/svc/deployments/dep/?comp=status", "<UpdateDeploymentStatus/>")
    assert len(calls(mock, "POST", target)) == 1


# -- wait_for_operation_status -------------------------------------------------------------------


async def test_wait_calls_progress_then_success(sms: ServiceManagementService, mock: aioresponses) -> None:
    respond_xml(mock, "GET", OPS, operation_doc("InProgress"))
    respond_xml(mock, "GET", OPS, operation_doc("InProgress"))
    respond_xml(mock, "GET", OPS, operation_doc("Succeeded", http=200))
    events: list[tuple[str, float]] = []

    async def on_success(elapsed: float) -> None:  # a coroutine callback is awaited
        events.append(("success", elapsed))

    result = await sms.wait_for_operation_status(
        RID,
        sleep_interval=0,
        progress_callback=lambda elapsed: events.append(("progress", elapsed)),
        success_callback=on_success,
    )
    assert result.succeeded
    assert [name for name, _ in events] == ["progress", "progress", "success"]
    assert all(elapsed >= 0 for _, elapsed in events)


async def test_wait_failure_callback_gets_the_error_and_the_status_is_returned(
    sms: ServiceManagementService, mock: aioresponses
) -> None:
    failed = operation_doc(
        "Failed", http=409, error="<Error><Code>ConflictError</Code><Message>m</Message></Error>"
    )
    respond_xml(mock, "GET", OPS, failed)
    errors: list[Any] = []
    result = await sms.wait_for_operation_status(
        RID, sleep_interval=0, failure_callback=lambda elapsed, error: errors.append(error)
    )
    assert result.error is not None and result.error.code == "ConflictError"
    (error,) = errors
    assert isinstance(error, OperationFailedError) and error.code == "ConflictError"


async def test_wait_default_failure_callback_raises(
    sms: ServiceManagementService, mock: aioresponses
) -> None:
    failed = operation_doc(
        "Failed", http=500, error="<Error><Code>InternalError</Code><Message>m</Message></Error>"
    )
    respond_xml(mock, "GET", OPS, failed)
    with pytest.raises(OperationFailedError):
        await sms.wait_for_operation_status(RID, sleep_interval=0)


async def test_wait_timeout_goes_to_the_failure_callback(
    sms: ServiceManagementService, mock: aioresponses
) -> None:
    respond_xml(mock, "GET", OPS, operation_doc("InProgress"), repeat=True)
    errors: list[Any] = []
    result = await sms.wait_for_operation_status(
        RID, timeout=0, sleep_interval=0, failure_callback=lambda elapsed, error: errors.append(error)
    )
    assert result.status.value == "InProgress"
    (error,) = errors
    assert isinstance(error, OperationTimeoutError) and error.last_status == "InProgress"
    with pytest.raises(OperationTimeoutError):
        await sms.wait_for_operation_status(RID, timeout=0, sleep_interval=0, progress_callback=None)


async def test_default_callbacks_print_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    ServiceManagementService.wait_for_operation_status_progress_default_callback(1.0)
    ServiceManagementService.wait_for_operation_status_success_default_callback(1.0)
    error = OperationTimeoutError(RID, 1.0, "InProgress")
    with pytest.raises(OperationTimeoutError):
        ServiceManagementService.wait_for_operation_status_failure_default_callback(1.0, error)
    assert capsys.readouterr() == ("", "")


# -- plumbing --------------------------------------------------------------------------------------


def test_should_use_requests() -> None:
    assert ServiceManagementService.should_use_requests("cert.pem") is True
    assert ServiceManagementService.should_use_requests(None) is True


async def test_set_proxy_sets_the_sessions_proxy(sms: ServiceManagementService) -> None:
    sms.set_proxy("192.168.0.100", 6000)
    wire = sms.session.transport.wire
    assert isinstance(wire, AiohttpTransport) and wire._proxy == "http://192.168.0.100:6000"
    sms.set_proxy("::1", 3128)
    assert wire._proxy == "http://[::1]:3128"
    with pytest.raises(InvalidInputError) as caught:
        sms.set_proxy("proxy", 8080, "user", "Secret-pa55")
    assert caught.value.field == "user" and "Secret-pa55" not in str(caught.value)
    for host, port in (("evil/x", 80), ("proxy", 0), ("proxy", 70000), ("", 80)):
        with pytest.raises(InvalidInputError):
            sms.set_proxy(host, port)


async def test_with_filter_wraps_every_request(sms: ServiceManagementService, mock: aioresponses) -> None:
    seen: list[str] = []

    def legacy_filter(request: Request, next: Any) -> Response:
        seen.append(request.method)
        response: Response = next(request)
        seen.append(str(response.status))
        return response

    filtered = sms.with_filter(legacy_filter)
    try:
        assert filtered is not sms and filtered.subscription_id == sms.subscription_id
        respond_xml(mock, "GET", url("/locations"), doc("Locations"))
        assert await filtered.list_locations() == []
        assert seen == ["GET", "200"]

        async def async_filter(request: Request, next: Any) -> Response:
            seen.append("async")
            result: Response = await next(request)
            return result

        twice = filtered.with_filter(async_filter)
        try:
            respond_xml(mock, "GET", url("/locations"), doc("Locations"))
            await twice.list_locations()
        finally:
            await twice.close()
        assert seen == ["GET", "200", "async", "GET", "200"]  # the later filter runs first
    finally:
        await filtered.close()


async def test_a_filter_may_answer_itself() -> None:
    async def short_circuit(request: Request, next: Any) -> Response:
        return Response(200, {"x-ms-request-id": RID}, b"<Locations/>", request.method, request.url)

    policy = LegacyFilterPolicy(short_circuit)

    async def never(request: Request) -> Response:
        raise AssertionError("not sent")

    answer = await policy.send(Request("GET", "https://x/"), never)
    assert answer.body == b"<Locations/>"
