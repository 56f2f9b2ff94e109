"""The request pipeline: mock transport seam, user policies, per-call options, redirects, bounded answers."""

from __future__ import annotations

import asyncio
import gzip
import ssl
from typing import Any

import pytest
from aioresponses import CallbackResult, aioresponses
from conftest import BASE, RID, SUB, calls, doc, make_session, total_requests, url

from aiosm import (
    AsmError,
    InvalidInputError,
    RedirectError,
    ResponseParseError,
    ResponseTooLargeError,
    RetryPolicy,
    ServiceManagementSession,
    SessionClosedError,
)
from aiosm.pipeline import CallNext, Request, Response
from aiosm.transport import MockTransport

LOCATIONS = doc("Locations", "<Location><Name>West US</Name></Location>")


def answer(request: Request, status: int = 200, body: str = LOCATIONS, **headers: str) -> Response:
    return Response(status, {"x-ms-request-id": RID, **headers}, body.encode(), request.method, request.url)


async def test_mock_transport_is_the_seam_for_unit_tests() -> None:
    async def handler(request: Request) -> Response:
        return answer(request)

    mock = MockTransport(handler)
    async with ServiceManagementSession(SUB, ssl.create_default_context(), transport=mock) as session:
        locations = await session.locations.list()
    assert [loc.name for loc in locations] == ["West US"]
    (sent,) = mock.requests
    assert (sent.method, sent.url, sent.operation) == ("GET", f"{BASE}/locations", "locations.list")
    assert sent.headers["x-ms-version"] == "2014-10-01"
    assert mock.closed


async def test_user_policy_sees_each_call_once_and_can_add_headers() -> None:
    seen: list[tuple[str | None, int]] = []

    class Tracing:
        async def send(self, request: Request, call_next: CallNext) -> Response:
            response = await call_next(
                Request(
                    request.method,
                    request.url,
                    {**request.headers, "x-trace": "t1"},
                    request.query,
                    request.body,
                    timeout=request.timeout,
                    retry=request.retry,
                    operation=request.operation,
                )
            )
            seen.append((request.operation, response.status))
            return response

    attempts = 0

    async def handler(request: Request) -> Response:
        nonlocal attempts
        attempts += 1
        assert request.headers["x-trace"] == "t1"
        if attempts == 1:
            return answer(request, 503, "<Error><Code>ServerBusy</Code><Message>busy</Message></Error>")
        return answer(request)

    session = ServiceManagementSession(
        SUB,
        ssl.create_default_context(),
        transport=MockTransport(handler),
        policies=[Tracing()],
        retry=RetryPolicy(backoff_base=0, backoff_max=0),
    )
    await session.locations.list()
    assert attempts == 2  # the retry happened inside the user's policy
    assert seen == [("locations.list", 200)]


async def test_with_options_overrides_timeout_and_retry_for_its_calls_only() -> None:
    requests: list[Request] = []

    async def handler(request: Request) -> Response:
        requests.append(request)
        return answer(request, 500, "<Error><Code>InternalError</Code><Message>x</Message></Error>")

    session = ServiceManagementSession(
        SUB,
        ssl.create_default_context(),
        transport=MockTransport(handler),
        retry=RetryPolicy(max_attempts=3, backoff_base=0, backoff_max=0),
    )
    quick = session.with_options(timeout=5, retry=RetryPolicy.none())
    with pytest.raises(AsmError):
        await quick.locations.list()
    assert len(requests) == 1 and requests[0].timeout == 5
    requests.clear()
    with pytest.raises(AsmError):
        await session.locations.list()
    assert len(requests) == 3 and requests[0].timeout is None
    with pytest.raises(InvalidInputError):
        session.with_options(timeout=-1)


# -- redirects ------------------------------------------------------------------------------------


async def test_307_within_the_endpoint_domain_is_followed_with_the_same_body(mock: aioresponses) -> None:
    session = make_session()
    target = "https://other.core.windows.net/x/services/hostedservices"
    mock.post(url("/services/hostedservices"), status=307, headers={"Location": target})
    mock.post(target, status=201, headers={"x-ms-request-id": RID})
    op = await session.hosted_services.create("mysvc", "l", location="West US")
    assert op.request_id == RID
    (first,) = calls(mock, "POST", url("/services/hostedservices"))
    (second,) = calls(mock, "POST", target)
    assert first.kwargs["data"] == second.kwargs["data"] and b"<ServiceName>mysvc" in second.kwargs["data"]
    await session.close()


@pytest.mark.parametrize(
    ("status", "location"),
    [
        (307, "http://management.core.windows.net/x"),  # plain HTTP: the body would go in clear
        (307, "https://evil.example.com/x"),  # another domain
        (302, "https://management.core.windows.net/x"),  # not 307/308
        (301, "https://management.core.windows.net/x"),
        (307, ""),
    ],
)
async def test_other_redirects_are_typed_errors_and_nothing_is_resent(
    mock: aioresponses, status: int, location: str
) -> None:
    session = make_session()
    headers = {"Location": location} if location else {}
    mock.post(url("/services/hostedservices"), status=status, headers=headers)
    with pytest.raises(RedirectError) as info:
        await session.hosted_services.create("mysvc", "l", location="West US")
    assert info.value.status == status
    assert total_requests(mock) == 1
    await session.close()


async def test_redirect_loop_stops_after_a_few_hops(mock: aioresponses) -> None:
    session = make_session()
    mock.get(url("/locations"), status=307, headers={"Location": url("/locations").human_repr()}, repeat=True)
    with pytest.raises(RedirectError, match="more than 3"):
        await session.locations.list()
    assert total_requests(mock) == 4
    await session.close()


async def test_redirect_hosts_allows_another_domain(mock: aioresponses) -> None:
    session = make_session(redirect_hosts=["mgmt.example.net"])
    mock.get(url("/locations"), status=307, headers={"Location": "https://mgmt.example.net/l"})
    mock.get("https://mgmt.example.net/l", status=200, body=LOCATIONS, headers={"x-ms-request-id": RID})
    assert [loc.name for loc in await session.locations.list()] == ["West US"]
    await session.close()


# -- answers ------------------------------------------------------------------------------------


async def test_an_answer_larger_than_the_cap_is_a_typed_error(mock: aioresponses) -> None:
    session = make_session(max_response_bytes=1000)
    big = doc("Locations", "<Location><Name>x</Name></Location>" * 100)
    mock.get(url("/locations"), status=200, body=big, headers={"x-ms-request-id": RID})
    with pytest.raises(ResponseTooLargeError, match="max_response_bytes=1000"):
        await session.locations.list()
    assert total_requests(mock) == 1  # not retried: it would be as large again
    await session.close()


async def test_gzip_is_never_decoded(mock: aioresponses) -> None:
    session = make_session()
    bomb = gzip.compress(LOCATIONS.encode())
    mock.get(
        url("/locations"), status=200, body=bomb, headers={"Content-Encoding": "gzip", "x-ms-request-id": RID}
    )
    with pytest.raises(ResponseParseError):
        await session.locations.list()
    await session.close()


async def test_any_2xx_is_success(mock: aioresponses) -> None:
    session = make_session()
    mock.get(url("/locations"), status=203, body=LOCATIONS, headers={"x-ms-request-id": RID})
    assert len(await session.locations.list()) == 1
    await session.close()


async def test_requests_queued_when_the_session_closes_fail_with_a_typed_error() -> None:
    release = asyncio.Event()

    async def slow(url: Any, **kwargs: Any) -> CallbackResult:
        await release.wait()
        return CallbackResult(status=200, body=LOCATIONS)

    session = make_session(connection_limit=1)
    with aioresponses() as mock:
        mock.get(url("/locations"), callback=slow, repeat=True)
        tasks = [asyncio.create_task(session.locations.list()) for _ in range(5)]
        for _ in range(10):
            await asyncio.sleep(0)
        await session.close()
        release.set()
        results = await asyncio.gather(*tasks, return_exceptions=True)
    queued = [r for r in results[1:]]
    assert all(isinstance(r, SessionClosedError) for r in queued), results
