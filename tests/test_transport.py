"""The transport: URLs, headers, and the retry rule (counting the requests actually sent)."""

from __future__ import annotations

import asyncio
import random
import ssl
from typing import Any

import aiohttp
import pytest
from aioresponses import aioresponses
from conftest import (
    BASE,
    RID,
    SUB,
    accept,
    calls,
    doc,
    error_doc,
    make_session,
    only_request,
    respond_xml,
    total_requests,
    url,
)

from aiosm import (
    AsmError,
    BadRequestError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    RetryPolicy,
    ServerError,
    ServiceManagementSession,
    ThrottledError,
    TransportError,
)

LOC = url("/locations")
LOCATIONS = doc("Locations", "<Location><Name>West US</Name></Location>")
HS = url("/services/hostedservices")
BUSY = "Windows Azure is currently performing an operation on x that requires exclusive access."


def connector_error() -> aiohttp.ClientConnectorError:
    key = aiohttp.client_reqrep.ConnectionKey(
        "management.core.windows.net", 443, True, True, None, None, None, None
    )
    return aiohttp.ClientConnectorError(key, ConnectionRefusedError(111, "Connection refused"))


async def create_service(session: object) -> object:
    return await session.hosted_services.create("mysvc", "l", location="West US")  # type: ignore[attr-defined]


# -- reads ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_get_retried_on_transient_status(mock: aioresponses, sleeps: list[float], status: int) -> None:
    session = make_session(retry=RetryPolicy(max_attempts=5, backoff_base=0))
    try:
        respond_xml(mock, "GET", LOC, error_doc("InternalError", "oops"), status=status)
        respond_xml(mock, "GET", LOC, error_doc("InternalError", "oops"), status=status)
        respond_xml(mock, "GET", LOC, LOCATIONS)
        locations = await session.locations.list()
        assert [loc.name for loc in locations] == ["West US"]
        assert len(calls(mock, "GET", LOC)) == 3
        assert len(sleeps) == 2
    finally:
        await session.close()


@pytest.mark.parametrize(
    "exception",
    [
        connector_error(),
        aiohttp.ServerDisconnectedError(),
        aiohttp.ClientOSError(104, "reset"),
        TimeoutError(),
    ],
)
async def test_get_retried_on_connection_errors(
    mock: aioresponses, sleeps: list[float], exception: Exception
) -> None:
    session = make_session(retry=RetryPolicy(max_attempts=5, backoff_base=0))
    try:
        mock.get(LOC, exception=exception)
        mock.get(LOC, exception=exception)
        respond_xml(mock, "GET", LOC, LOCATIONS)
        assert len(await session.locations.list()) == 1
        assert len(calls(mock, "GET", LOC)) == 3
    finally:
        await session.close()


async def test_connection_error_surfaces_as_transport_error(mock: aioresponses, sleeps: list[float]) -> None:
    session = make_session(retry=RetryPolicy(max_attempts=2, backoff_base=0))
    try:
        mock.get(LOC, exception=connector_error(), repeat=True)
        with pytest.raises(TransportError) as info:
            await session.locations.list()
        assert info.value.before_send is True
        assert info.value.method == "GET"
        assert len(calls(mock, "GET", LOC)) == 2
    finally:
        await session.close()


async def test_retry_after_is_honoured(mock: aioresponses, sleeps: list[float]) -> None:
    session = make_session(retry=RetryPolicy(max_attempts=3, backoff_base=0, max_elapsed=600))
    try:
        respond_xml(
            mock, "GET", LOC, error_doc("ServerBusy", "busy"), status=503, headers={"Retry-After": "7"}
        )
        respond_xml(mock, "GET", LOC, LOCATIONS)
        await session.locations.list()
        assert sleeps == [7.0]
        assert len(calls(mock, "GET", LOC)) == 2
    finally:
        await session.close()


async def test_bounded_by_max_attempts(mock: aioresponses, sleeps: list[float]) -> None:
    session = make_session(retry=RetryPolicy(max_attempts=3, backoff_base=0))
    try:
        respond_xml(mock, "GET", LOC, error_doc("InternalError", "down"), status=500, repeat=True)
        with pytest.raises(ServerError) as info:
            await session.locations.list()
        assert info.value.status == 500
        assert len(calls(mock, "GET", LOC)) == 3
        assert len(sleeps) == 2
    finally:
        await session.close()


async def test_bounded_by_max_elapsed(mock: aioresponses, sleeps: list[float]) -> None:
    # The service asks for a wait longer than the whole budget: give up at once, without waiting.
    session = make_session(retry=RetryPolicy(max_attempts=10, backoff_base=0, max_elapsed=5))
    try:
        respond_xml(
            mock,
            "GET",
            LOC,
            error_doc("ServerBusy", "busy"),
            status=503,
            headers={"Retry-After": "30"},
            repeat=True,
        )
        with pytest.raises(ThrottledError) as info:
            await session.locations.list()
        assert info.value.retry_after == 30.0
        assert len(calls(mock, "GET", LOC)) == 1
        assert sleeps == []
    finally:
        await session.close()


async def test_no_retry_policy_sends_once(mock: aioresponses, sleeps: list[float]) -> None:
    session = make_session(retry=RetryPolicy.none())
    try:
        respond_xml(mock, "GET", LOC, error_doc("InternalError", "down"), status=500, repeat=True)
        with pytest.raises(ServerError):
            await session.locations.list()
        assert total_requests(mock) == 1
    finally:
        await session.close()


@pytest.mark.parametrize(
    ("status", "cls"), [(400, BadRequestError), (403, AsmError), (404, NotFoundError), (409, ConflictError)]
)
async def test_get_4xx_never_retried(mock: aioresponses, sleeps: list[float], status: int, cls: type) -> None:
    session = make_session(retry=RetryPolicy(max_attempts=5, backoff_base=0))
    try:
        respond_xml(
            mock, "GET", LOC, error_doc("Whatever", "The slot is occupied."), status=status, repeat=True
        )
        with pytest.raises(cls):
            await session.locations.list()
        assert total_requests(mock) == 1
        assert sleeps == []
    finally:
        await session.close()


# -- mutations -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 504])
async def test_post_not_retried_after_server_error(
    mock: aioresponses, sleeps: list[float], status: int
) -> None:
    session = make_session(retry=RetryPolicy(max_attempts=5, backoff_base=0))
    try:
        respond_xml(mock, "POST", HS, error_doc("InternalError", "oops"), status=status, repeat=True)
        with pytest.raises(ServerError):
            await create_service(session)
        assert len(calls(mock, "POST", HS)) == 1
    finally:
        await session.close()


async def test_post_not_retried_after_connection_dropped_mid_request(
    mock: aioresponses, sleeps: list[float]
) -> None:
    session = make_session(retry=RetryPolicy(max_attempts=5, backoff_base=0))
    try:
        mock.post(HS, exception=aiohttp.ServerDisconnectedError(), repeat=True)
        with pytest.raises(TransportError) as info:
            await create_service(session)
        assert info.value.before_send is False
        assert len(calls(mock, "POST", HS)) == 1
    finally:
        await session.close()


async def test_post_retried_when_connection_never_opened(mock: aioresponses, sleeps: list[float]) -> None:
    session = make_session(retry=RetryPolicy(max_attempts=5, backoff_base=0))
    try:
        mock.post(HS, exception=connector_error())
        accept(mock, "POST", HS, status=201)
        op = await create_service(session)
        assert op.request_id == RID  # type: ignore[attr-defined]
        assert len(calls(mock, "POST", HS)) == 2
    finally:
        await session.close()


async def test_post_retried_after_a_connect_timeout(mock: aioresponses, sleeps: list[float]) -> None:
    # A connect timeout means the connection was never opened: nothing was sent, so a retry is safe.
    session = make_session(retry=RetryPolicy(max_attempts=5, backoff_base=0))
    try:
        mock.post(HS, exception=aiohttp.ConnectionTimeoutError("connect timed out"))
        accept(mock, "POST", HS, status=201)
        op = await create_service(session)
        assert op.request_id == RID  # type: ignore[attr-defined]
        assert len(calls(mock, "POST", HS)) == 2
    finally:
        await session.close()


@pytest.mark.parametrize(
    ("status", "code", "message"),
    [
        (503, "ServerBusy", "The server is busy."),
        (429, "TooManyRequests", "Slow down."),
        (503, None, "Service Unavailable"),
        (409, "ConflictError", BUSY),
    ],
)
async def test_post_retried_when_service_did_not_act(
    mock: aioresponses, sleeps: list[float], status: int, code: str | None, message: str
) -> None:
    session = make_session(retry=RetryPolicy(max_attempts=5, backoff_base=0))
    try:
        body = error_doc(code, message) if code else message
        respond_xml(mock, "POST", HS, body, status=status)
        accept(mock, "POST", HS, status=201)
        op = await create_service(session)
        assert op.request_id == RID  # type: ignore[attr-defined]
        sent = calls(mock, "POST", HS)
        assert len(sent) == 2
        assert sent[0].kwargs["data"] == sent[1].kwargs["data"]
    finally:
        await session.close()


@pytest.mark.parametrize(
    "message",
    [
        "The specified deployment slot Production is occupied.",
        "The specified DNS name is already taken.",
    ],
)
async def test_permanent_conflict_never_retried(
    mock: aioresponses, sleeps: list[float], message: str
) -> None:
    session = make_session(retry=RetryPolicy(max_attempts=5, backoff_base=0))
    try:
        respond_xml(mock, "POST", HS, error_doc("ConflictError", message), status=409, repeat=True)
        with pytest.raises(ConflictError) as info:
            await create_service(session)
        assert not info.value.is_busy
        assert len(calls(mock, "POST", HS)) == 1
        assert sleeps == []
    finally:
        await session.close()


async def test_delete_not_retried_after_500(mock: aioresponses, sleeps: list[float]) -> None:
    session = make_session(retry=RetryPolicy(max_attempts=5, backoff_base=0))
    try:
        target = url("/services/storageservices/mystore")
        respond_xml(mock, "DELETE", target, error_doc("InternalError", "x"), status=500, repeat=True)
        with pytest.raises(ServerError):
            await session.storage_accounts.delete("mystore")
        assert total_requests(mock) == 1
    finally:
        await session.close()


# -- policy, URLs, lifecycle -------------------------------------------------------------------


def test_backoff_grows_exponentially_and_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(random, "uniform", lambda low, high: high)
    policy = RetryPolicy(backoff_base=0.5, backoff_max=3)
    assert [policy.backoff(n) for n in (1, 2, 3, 4, 5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert policy.backoff(1, retry_after=10) == 10
    monkeypatch.setattr(random, "uniform", lambda low, high: low)
    assert policy.backoff(4) == 0  # full jitter: anywhere from zero


@pytest.mark.parametrize(
    "kwargs", [{"max_attempts": 0}, {"max_elapsed": -1}, {"backoff_base": -1}, {"backoff_max": -0.5}]
)
def test_retry_policy_rejects_nonsense(kwargs: dict[str, float]) -> None:
    with pytest.raises(InvalidInputError):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]


def test_proxy_must_be_http() -> None:
    with pytest.raises(InvalidInputError) as info:
        make_session(proxy="https://proxy:8443")
    assert info.value.field == "proxy"


async def test_names_are_percent_encoded_in_the_path(mock: aioresponses) -> None:
    session = make_session()
    try:
        target = url("/affinitygroups/my group")
        respond_xml(mock, "GET", target, doc("AffinityGroup", "<Name>my group</Name>"))
        group = await session.affinity_groups.get("my group")
        _, sent_url, _ = only_request(mock)
        assert sent_url.raw_path.endswith("/affinitygroups/my%20group")
        assert group.name == "my group"
    finally:
        await session.close()


async def test_closed_session_sends_nothing(mock: aioresponses) -> None:
    session = make_session()
    async with session:
        pass
    respond_xml(mock, "GET", LOC, LOCATIONS)
    with pytest.raises(AsmError):
        await session.locations.list()
    assert total_requests(mock) == 0


async def test_mutation_without_request_id_is_an_error(mock: aioresponses) -> None:
    session = make_session()
    try:
        mock.post(HS, status=202, body="")
        with pytest.raises(AsmError) as info:
            await create_service(session)
        assert "x-ms-request-id" in str(info.value)
    finally:
        await session.close()


def test_tls_handshake_failures_are_not_transient() -> None:
    from aiosm.errors import TlsError, TransportError, is_transient

    assert not is_transient(TlsError("TLS handshake with example failed"))
    assert is_transient(TransportError("connection reset"))


async def test_requests_beyond_the_connection_limit_wait_in_the_transport() -> None:
    """At most ``connection_limit`` requests are handed to aiohttp at once; the rest queue in aiosm."""
    from aioresponses import CallbackResult

    release = asyncio.Event()
    in_flight = 0
    peak = 0

    async def answer(url: Any, **kwargs: Any) -> CallbackResult:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await release.wait()
        in_flight -= 1
        return CallbackResult(status=200, body=doc("Locations"))

    session = ServiceManagementSession(SUB, ssl.create_default_context(), connection_limit=2)
    with aioresponses() as mock:
        mock.get(f"{BASE}/locations", callback=answer, repeat=True)
        pending = [asyncio.create_task(session.locations.list()) for _ in range(6)]
        for _ in range(20):
            await asyncio.sleep(0)
        assert peak == 2 and in_flight == 2
        release.set()
        assert await asyncio.gather(*pending) == [[]] * 6
    assert peak == 2
    await session.close()


async def test_a_session_closed_while_opening_opens_no_pool() -> None:
    from aiosm.transport import Transport

    loading = asyncio.Event()
    release = asyncio.Event()

    async def slow_context() -> ssl.SSLContext:
        loading.set()
        await release.wait()
        return ssl.create_default_context()

    transport = Transport(subscription_id=SUB, ssl_context=slow_context)
    opening = asyncio.create_task(transport.open())
    await loading.wait()
    await transport.close()
    release.set()
    with pytest.raises(AsmError, match="closed"):
        await opening
    assert transport._session is None


def test_response_repr_leaves_out_the_body() -> None:
    # A get_keys answer holds the storage keys: a logged or traced Response must not show them.
    from aiosm.transport import Response

    body = b"<StorageService><StorageServiceKeys><Primary>S3cretKey==</Primary></StorageServiceKeys>"
    response = Response(200, {"x-ms-request-id": RID}, body, "GET", f"{BASE}/{SUB}/x/keys")
    assert "S3cretKey" not in repr(response) and "S3cretKey" not in str(response)
    assert response.body == body and "200" in repr(response)


async def test_requests_beyond_a_few_times_the_pool_wait_before_their_pipeline_exists() -> None:
    """Thousands of operations wanting a request at once: beyond max(4 x connection_limit, 64) they
    wait in ``Transport.request`` (before a Request or any pipeline stage exists); all complete."""
    from aiosm.transport import MockTransport, Response

    release = asyncio.Event()
    in_pipeline = 0
    peak = 0

    class Counting:
        async def send(self, request: Any, call_next: Any) -> Any:
            nonlocal in_pipeline, peak
            in_pipeline += 1
            peak = max(peak, in_pipeline)
            try:
                return await call_next(request)
            finally:
                in_pipeline -= 1

    async def answer(request: Any) -> Response:
        await release.wait()
        return Response(200, {"x-ms-request-id": "1"}, doc("Locations"), request.method, request.url)

    session = ServiceManagementSession(
        SUB,
        ssl.create_default_context(),
        connection_limit=20,
        transport=MockTransport(answer),
        policies=[Counting()],
    )
    pending = [asyncio.create_task(session.locations.list()) for _ in range(200)]
    for _ in range(20):
        await asyncio.sleep(0)
    assert peak == 80 and in_pipeline == 80
    release.set()
    assert await asyncio.gather(*pending) == [[]] * 200
    assert peak == 80
    await session.close()
