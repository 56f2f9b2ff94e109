"""Long-running operations: AsyncOperation handles, waiting, failures, timeouts, cancellation, resume."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aioresponses import aioresponses
from conftest import (
    RID,
    RID_DASHED,
    accept,
    assert_read_headers,
    calls,
    error_doc,
    make_session,
    operation_doc,
    respond_xml,
    total_requests,
    url,
)

from aiosm import (
    AsyncOperation,
    InvalidInputError,
    NotFoundError,
    OperationFailedError,
    OperationStatus,
    OperationTimeoutError,
    PollPolicy,
    RetryPolicy,
    ServiceManagementSession,
)

OPS = url(f"/operations/{RID}")
HS = url("/services/hostedservices/mysvc")


async def start_delete(session: ServiceManagementSession, mock: aioresponses) -> AsyncOperation:
    accept(mock, "DELETE", HS)
    return await session.hosted_services.delete("mysvc")


async def test_in_progress_then_succeeded(session: ServiceManagementSession, mock: aioresponses) -> None:
    op = await start_delete(session, mock)
    respond_xml(mock, "GET", OPS, operation_doc("InProgress"))
    respond_xml(mock, "GET", OPS, operation_doc("InProgress"))
    respond_xml(mock, "GET", OPS, operation_doc("Succeeded", http=200))
    result = await op.wait()
    assert result.status is OperationStatus.SUCCEEDED
    assert result.succeeded
    assert result.http_status_code == 200
    assert result.request_id == RID
    polls = calls(mock, "GET", OPS)
    assert len(polls) == 3
    assert_read_headers(polls[0].kwargs)
    assert op.result is result
    # Once finished, neither status() nor wait() asks again.
    assert await op.status() is result
    assert await op.wait() is result
    assert len(calls(mock, "GET", OPS)) == 3


async def test_status_is_one_request(session: ServiceManagementSession, mock: aioresponses) -> None:
    op = await start_delete(session, mock)
    respond_xml(mock, "GET", OPS, operation_doc("InProgress"))
    status = await op.status()
    assert status.status is OperationStatus.IN_PROGRESS
    assert not status.done
    assert op.result is None
    assert len(calls(mock, "GET", OPS)) == 1


async def test_failed_raises_with_asm_code(session: ServiceManagementSession, mock: aioresponses) -> None:
    op = await start_delete(session, mock)
    respond_xml(mock, "GET", OPS, operation_doc("InProgress"))
    respond_xml(
        mock,
        "GET",
        OPS,
        operation_doc(
            "Failed",
            http=400,
            error="<Error><Code>BadRequest</Code>"
            "<Message>The deployment has running instances.</Message></Error>",
        ),
    )
    with pytest.raises(OperationFailedError) as info:
        await op.wait()
    error = info.value
    assert error.request_id == RID
    assert error.code == "BadRequest"
    assert error.message == "The deployment has running instances."
    assert error.http_status == 400
    assert RID in str(error) and "BadRequest" in str(error)


async def test_timeout(session: ServiceManagementSession, mock: aioresponses) -> None:
    op = await start_delete(session, mock)
    respond_xml(mock, "GET", OPS, operation_doc("InProgress"), repeat=True)
    with pytest.raises(OperationTimeoutError) as info:
        await op.wait(timeout=0)
    assert info.value.request_id == RID
    assert info.value.last_status == "InProgress"
    assert isinstance(info.value, TimeoutError)
    assert len(calls(mock, "GET", OPS)) == 1


async def test_session_poll_timeout_applies_to_await(mock: aioresponses) -> None:
    session = make_session(poll=PollPolicy(initial=0, jitter=0, timeout=0))
    try:
        op = await start_delete(session, mock)
        respond_xml(mock, "GET", OPS, operation_doc("InProgress"), repeat=True)
        with pytest.raises(OperationTimeoutError):
            await op
    finally:
        await session.close()


@pytest.mark.parametrize(
    ("status", "code"), [(503, "ServerBusy"), (500, "InternalError"), (429, "TooManyRequests")]
)
async def test_transient_poll_failure_does_not_end_the_wait(
    mock: aioresponses, status: int, code: str
) -> None:
    session = make_session(retry=RetryPolicy.none())  # the poller itself must keep going
    try:
        op = await start_delete(session, mock)
        respond_xml(mock, "GET", OPS, operation_doc("InProgress"))
        respond_xml(mock, "GET", OPS, error_doc(code, "busy"), status=status)
        respond_xml(mock, "GET", OPS, operation_doc("Succeeded", http=200))
        result = await op.wait()
        assert result.succeeded
        assert len(calls(mock, "GET", OPS)) == 3
    finally:
        await session.close()


async def test_permanent_poll_failure_ends_the_wait(mock: aioresponses) -> None:
    session = make_session(retry=RetryPolicy.none())
    try:
        op = await start_delete(session, mock)
        respond_xml(
            mock, "GET", OPS, error_doc("ResourceNotFound", "No such request."), status=404, repeat=True
        )
        with pytest.raises(NotFoundError):
            await op.wait()
        assert len(calls(mock, "GET", OPS)) == 1
    finally:
        await session.close()


async def test_cancelling_a_wait_cancels_only_the_wait(mock: aioresponses) -> None:
    session = make_session(poll=PollPolicy(initial=3600, jitter=0, timeout=None))
    try:
        op = await start_delete(session, mock)
        respond_xml(mock, "GET", OPS, operation_doc("InProgress"), repeat=True)
        task = asyncio.create_task(op.wait())
        for _ in range(100):
            if calls(mock, "GET", OPS):
                break
            await asyncio.sleep(0)
        assert len(calls(mock, "GET", OPS)) == 1
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        for _ in range(10):
            await asyncio.sleep(0)
        # No further poll, and nothing sent to cancel the operation on the service.
        assert len(calls(mock, "GET", OPS)) == 1
        assert total_requests(mock) == 2
        assert calls(mock, "DELETE", HS) and len(calls(mock, "DELETE", HS)) == 1
        # The handle and the session still work.
        mock.clear()
        respond_xml(mock, "GET", OPS, operation_doc("Succeeded", http=200))
        assert (await op.status()).succeeded
    finally:
        await session.close()


async def test_resume_from_request_id(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", OPS, operation_doc("InProgress"))
    respond_xml(mock, "GET", OPS, operation_doc("Succeeded", http=200))
    op = session.operations.resume(RID)
    assert isinstance(op, AsyncOperation)
    assert op.result is None
    result = await op.wait()
    assert result.succeeded
    assert total_requests(mock) == 2


async def test_resume_accepts_dashed_guid(session: ServiceManagementSession, mock: aioresponses) -> None:
    op = session.operations.resume(RID_DASHED.upper())
    assert op.request_id == RID
    respond_xml(mock, "GET", OPS, operation_doc("Succeeded", rid=RID_DASHED, http=200))
    result = await op
    assert result.id == RID_DASHED
    assert result.request_id == RID  # the body's dashed <ID> normalized to the header form
    assert len(calls(mock, "GET", OPS)) == 1


async def test_resume_rejects_empty_id(session: ServiceManagementSession, mock: aioresponses) -> None:
    with pytest.raises(InvalidInputError):
        session.operations.resume("")
    with pytest.raises(InvalidInputError):
        await session.operations.get("  ")
    assert total_requests(mock) == 0


async def test_await_handle_waits(session: ServiceManagementSession, mock: aioresponses) -> None:
    op = await start_delete(session, mock)
    respond_xml(mock, "GET", OPS, operation_doc("InProgress"))
    respond_xml(mock, "GET", OPS, operation_doc("Succeeded", http=200))
    result = await op
    assert result.succeeded
    assert len(calls(mock, "GET", OPS)) == 2


@pytest.mark.parametrize("status", [200, 201])
async def test_completed_handle_does_not_poll(
    session: ServiceManagementSession, mock: aioresponses, status: int
) -> None:
    accept(mock, "POST", url("/affinitygroups"), status=status)
    op = await session.affinity_groups.create("ag", "l", "West US")
    assert op.http_status == status
    assert "Succeeded" in repr(op)
    result = await op
    assert result.succeeded
    assert result.request_id == RID
    await op.wait(timeout=0)
    assert (await op.status()).succeeded
    assert total_requests(mock) == 1


async def test_fixed_poll_interval(
    session: ServiceManagementSession, mock: aioresponses, sleeps: list[float]
) -> None:
    op = await start_delete(session, mock)
    respond_xml(mock, "GET", OPS, operation_doc("InProgress"))
    respond_xml(mock, "GET", OPS, operation_doc("InProgress"))
    respond_xml(mock, "GET", OPS, operation_doc("Succeeded"))
    await op.wait(timeout=None, poll_interval=5)
    assert sleeps == [5, 5]


async def test_growing_poll_interval(mock: aioresponses, sleeps: list[float]) -> None:
    session = make_session(poll=PollPolicy(initial=1, multiplier=2, maximum=3, jitter=0, timeout=None))
    try:
        op = await start_delete(session, mock)
        for _ in range(4):
            respond_xml(mock, "GET", OPS, operation_doc("InProgress"))
        respond_xml(mock, "GET", OPS, operation_doc("Succeeded"))
        await op
        assert sleeps == [1, 2, 3, 3]
    finally:
        await session.close()


async def test_negative_poll_interval_rejected(session: ServiceManagementSession, mock: aioresponses) -> None:
    op = session.operations.resume(RID)
    with pytest.raises(InvalidInputError):
        await op.wait(poll_interval=-1)
    assert total_requests(mock) == 0


@pytest.mark.parametrize(
    "kwargs", [{"initial": -1}, {"maximum": -1}, {"multiplier": 0.5}, {"jitter": 1.0}, {"jitter": -0.1}]
)
def test_poll_policy_rejects_nonsense(kwargs: dict[str, float]) -> None:
    with pytest.raises(InvalidInputError):
        PollPolicy(**kwargs)  # type: ignore[arg-type]


def test_poll_policy_jitter_bounds() -> None:
    intervals = PollPolicy(initial=10, multiplier=1, maximum=10, jitter=0.2).intervals()
    values = [next(intervals) for _ in range(50)]
    assert all(8 <= v <= 12 for v in values)


async def test_a_hanging_status_request_does_not_outlast_the_wait() -> None:
    """The transport may be retrying a status request when the deadline passes: the wait still ends."""
    from aioresponses import CallbackResult

    never = asyncio.Event()

    async def hang(url: Any, **kwargs: Any) -> CallbackResult:
        await never.wait()
        return CallbackResult(status=200)

    session = make_session()
    with aioresponses() as mock:
        mock.get(url(f"/operations/{RID}"), callback=hang, repeat=True)
        with pytest.raises(OperationTimeoutError):
            await asyncio.wait_for(session.operations.resume(RID).wait(timeout=0.05), 30)
    await session.close()
