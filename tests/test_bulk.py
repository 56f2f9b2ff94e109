"""aiosm.bulk: bounded concurrency, rate limit, per-item results, fail fast, serialization, cancellation,
progress."""

from __future__ import annotations

import asyncio
import functools
import io
import re
import sys
from collections import Counter
from collections.abc import Callable
from typing import Any, cast

import pytest
from aioresponses import CallbackResult, aioresponses
from conftest import RID, calls, error_doc, operation_doc, url

from aiosm import AsmError, ServiceManagementSession, bulk
from aiosm.bulk import BulkError, BulkItem, BulkProgress, BulkRun, BulkStatus, RateLimiter, run_bulk
from aiosm.errors import ConflictError, InvalidInputError, OperationFailedError, OperationTimeoutError
from aiosm.models.operations import Operation, OperationStatus
from aiosm.operations import AsyncOperation, PollPolicy

# -- fakes -------------------------------------------------------------------------------


class FakeOperations:
    """Stands in for ``session.operations``: each request id finishes after ``polls`` InProgress answers,
    or when its gate (an Event) is set; ``on_done`` runs when an operation is seen finished."""

    poll = PollPolicy(initial=0, multiplier=1, maximum=0, jitter=0, timeout=60.0)

    def __init__(self, polls: int = 0) -> None:
        self.polls = polls
        self.seen: Counter[str] = Counter()
        self.gates: dict[str, asyncio.Event] = {}
        self.failures: set[str] = set()
        self.on_done: Callable[[str], None] = lambda rid: None

    async def get(self, request_id: str) -> Operation:
        self.seen[request_id] += 1
        gate = self.gates.get(request_id)
        if gate is not None:
            await gate.wait()
        elif self.seen[request_id] <= self.polls:
            return Operation(id=request_id, status=OperationStatus.IN_PROGRESS)
        self.on_done(request_id)
        status = OperationStatus.FAILED if request_id in self.failures else OperationStatus.SUCCEEDED
        return Operation(id=request_id, status=status)

    def op(self, request_id: str) -> AsyncOperation:
        return AsyncOperation(cast(Any, self), request_id)


def rid(n: int) -> str:
    return f"{n:032x}"


async def yield_loop(times: int = 3) -> None:
    for _ in range(times):
        await asyncio.sleep(0)


# -- items ---------------------------------------------------------------------------------


async def test_item_binds_arguments_and_infers_no_key_for_plain_calls(
    session: ServiceManagementSession,
) -> None:
    got: list[tuple[Any, ...]] = []

    async def create(name: str, label: str, *, location: str) -> str:
        got.append((name, label, location))
        return name.upper()

    entry = bulk.item("a", create, "a", "A", location="West US")
    assert entry.key == "a"
    assert entry.serialize_on is None
    assert await entry.call() == "A"
    assert got == [("a", "A", "West US")]
    assert bulk.item("s", session.hosted_services.create, "s", "S", location="x").serialize_on is None
    assert bulk.item("s", session.storage_accounts.delete, "s").serialize_on is None


def test_item_infers_cloud_service_key_for_deployment_and_vm_calls(session: ServiceManagementSession) -> None:
    by_name = bulk.item("d", session.deployments.update_status, "svc", "dep", "Running")
    by_keyword = bulk.item("d", session.deployments.delete, service_name="svc", deployment_name="dep")
    vm = bulk.item("v", session.virtual_machines.get_role, "svc", "dep", "role")
    assert by_name.serialize_on == by_keyword.serialize_on == vm.serialize_on == ("cloud_service", "svc")
    explicit = by_name.serialized_on(("deployment", "svc", "dep"))
    assert explicit.serialize_on == ("deployment", "svc", "dep")
    assert explicit.call is by_name.call


async def test_invalid_arguments_are_rejected_before_anything_runs() -> None:
    with pytest.raises(InvalidInputError):
        BulkRun([], concurrency=0)
    with pytest.raises(InvalidInputError):
        BulkRun(cast(Any, [lambda: None]))
    with pytest.raises(InvalidInputError):
        RateLimiter(0)


async def test_empty_run_returns_an_empty_report() -> None:
    report = await run_bulk([])
    assert report.results == [] and report.ok
    report.raise_for_failures()


# -- concurrency ------------------------------------------------------------------------------


async def test_in_flight_items_never_exceed_concurrency_including_the_wait() -> None:
    ops = FakeOperations(polls=3)
    in_flight = 0
    peak = 0

    def done(_: str) -> None:
        nonlocal in_flight
        in_flight -= 1

    ops.on_done = done

    async def submit(n: int) -> AsyncOperation:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await yield_loop()
        return ops.op(rid(n))

    items = [BulkItem(n, functools.partial(submit, n)) for n in range(40)]
    report = await run_bulk(items, concurrency=7, poll_interval=0)
    assert peak == 7
    assert in_flight == 0
    assert len(report.succeeded) == 40
    assert all(isinstance(r.value, Operation) and r.value.succeeded for r in report.results)
    assert [r.key for r in report.results] == list(range(40))  # input order


async def test_values_that_are_not_operations_are_returned_as_is_and_wait_false_keeps_handles() -> None:
    ops = FakeOperations(polls=5)

    async def model() -> dict[str, str]:
        return {"name": "x"}

    async def submit() -> AsyncOperation:
        return ops.op(RID)

    report = await run_bulk([BulkItem("m", model), BulkItem("o", submit)], wait=False)
    assert report.results[0].value == {"name": "x"}
    assert report.results[0].request_id is None
    handle = report.results[1].value
    assert isinstance(handle, AsyncOperation) and handle.request_id == RID
    assert ops.seen[RID] == 0  # not waited for
    assert report.accepted_request_ids == [RID]


# -- rate limit --------------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        await asyncio.sleep(0)


async def test_rate_limiter_spaces_starts_with_a_fake_clock() -> None:
    clock = FakeClock()
    limiter = RateLimiter(4, burst=2, clock=clock, sleep=clock.sleep)
    started: list[int] = []

    async def call(n: int) -> int:
        started.append(n)
        return n

    report = await run_bulk([BulkItem(n, functools.partial(call, n)) for n in range(6)], rate_limit=limiter)
    assert report.ok and sorted(started) == list(range(6))
    # Two tokens in the bucket at once, then one every 1/4 s, reserved in order.
    assert clock.sleeps == pytest.approx([0.25, 0.5, 0.75, 1.0])
    # A later run, after the bucket refilled (capped at the burst), starts two at once again.
    clock.now += 60
    clock.sleeps.clear()
    await run_bulk([BulkItem(n, functools.partial(call, n)) for n in range(3)], rate_limit=limiter)
    assert clock.sleeps == pytest.approx([0.25])


async def test_rate_limit_number_uses_asyncio_sleep(sleeps: list[float]) -> None:
    async def call() -> None:
        return None

    report = await run_bulk([BulkItem(n, call) for n in range(4)], rate_limit=10)
    assert report.ok
    assert sorted(sleeps) == pytest.approx([0.1, 0.2, 0.3], abs=0.05)


async def test_cancelled_rate_limit_wait_gives_its_token_back() -> None:
    clock = FakeClock()
    blocked = asyncio.Event()

    async def never(_: float) -> None:
        blocked.set()
        await asyncio.Event().wait()

    limiter = RateLimiter(1, clock=clock, sleep=never)
    await limiter.acquire()
    waiter = asyncio.create_task(limiter.acquire())
    await blocked.wait()
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    clock.now += 1.0
    await limiter.acquire()  # the cancelled reservation no longer delays it


def test_subscription_rate_limiter_is_shared_per_subscription(session: ServiceManagementSession) -> None:
    first = bulk.subscription_rate_limiter(session, 5)
    assert bulk.subscription_rate_limiter(session.subscription_id, 5) is first
    again = bulk.subscription_rate_limiter(session, 8, burst=3)
    assert again is first and (first.rate, first.burst) == (8, 3)
    assert bulk.subscription_rate_limiter("another-subscription", 5) is not first
    with pytest.raises(InvalidInputError):
        bulk.subscription_rate_limiter("", 5)


# -- per-item failures, with a real session --------------------------------------------------------

CREATE = url("/services/hostedservices")
NAME_TAKEN = error_doc("ConflictError", "The specified DNS name is already taken.")


def route_creates(mock: aioresponses, answers: dict[str, tuple[int, str, str]]) -> None:
    """Answer ``POST /services/hostedservices`` per ServiceName: ``(status, request id, body)``."""

    def answer(_url: Any, **kwargs: Any) -> CallbackResult:
        match = re.search(rb"<ServiceName>([^<]+)</ServiceName>", kwargs["data"])
        assert match is not None
        status, request_id, body = answers[match.group(1).decode()]
        return CallbackResult(status=status, body=body, headers={"x-ms-request-id": request_id})

    mock.post(CREATE, callback=answer, repeat=True)


def operation(mock: aioresponses, request_id: str, *statuses: str, error: str = "") -> None:
    for status in statuses:
        body = operation_doc(status, rid=request_id, http=409 if status == "Failed" else 200, error=error)
        mock.get(url(f"/operations/{request_id}"), status=200, body=body)


async def test_failures_are_reported_per_item_while_the_others_succeed(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    route_creates(
        mock,
        {
            "good": (202, rid(1), ""),
            "taken": (409, rid(2), NAME_TAKEN),
            "doomed": (202, rid(3), ""),
            "instant": (201, rid(4), ""),
        },
    )
    operation(mock, rid(1), "InProgress", "Succeeded")
    failure = "<Error><Code>InternalError</Code><Message>quota exceeded</Message></Error>"
    operation(mock, rid(3), "InProgress", "Failed", error=failure)
    names = ["good", "taken", "doomed", "instant"]
    seen: list[BulkProgress] = []
    report = await run_bulk(
        [bulk.item(n, session.hosted_services.create, n, n, location="West US") for n in names],
        concurrency=10,
        on_progress=seen.append,
    )
    good, taken, doomed, instant = report.results
    assert [r.key for r in report.results] == names
    assert good.ok and isinstance(good.value, Operation) and good.request_id == rid(1)
    assert instant.ok and instant.value.status is OperationStatus.SUCCEEDED
    assert isinstance(taken.error, ConflictError) and not taken.error.is_busy
    assert taken.status is BulkStatus.FAILED and taken.request_id == rid(2) and not taken.accepted
    assert isinstance(doomed.error, OperationFailedError) and doomed.error.code == "InternalError"
    assert doomed.request_id == rid(3) and doomed.accepted
    assert [r.key for r in report.succeeded] == ["good", "instant"]
    assert [r.key for r in report.failed] == ["taken", "doomed"]
    assert report.accepted_request_ids == [rid(1), rid(3), rid(4)]
    assert len(calls(mock, "POST", CREATE)) == 4  # the name-taken 409 is not retried
    assert len(seen) == 4 and seen[-1].succeeded == 2 and seen[-1].failed == 2
    with pytest.raises(BulkError) as caught:
        report.raise_for_failures()
    assert isinstance(caught.value, AsmError)
    assert [r.key for r in caught.value.results] == ["taken", "doomed"]
    assert caught.value.exceptions == [taken.error, doomed.error]
    assert "'taken'" in str(caught.value) and "quota exceeded" in str(caught.value)


async def test_operation_timeout_is_a_per_item_failure() -> None:
    ops = FakeOperations(polls=10**6)

    async def submit() -> AsyncOperation:
        return ops.op(RID)

    async def fine() -> int:
        return 1

    report = await run_bulk([BulkItem("slow", submit), BulkItem("fine", fine)], timeout=0)
    slow, ok = report.results
    assert isinstance(slow.error, OperationTimeoutError) and slow.request_id == RID
    assert ok.ok and ok.value == 1


async def test_unexpected_exceptions_are_captured_too() -> None:
    async def broken() -> None:
        raise RuntimeError("boom")

    report = await run_bulk([BulkItem("x", broken)])
    assert isinstance(report.results[0].error, RuntimeError)
    assert report.results[0].request_id is None


# -- fail fast ---------------------------------------------------------------------------------------


async def test_fail_fast_cancels_the_rest_and_marks_them_cancelled() -> None:
    ops = FakeOperations()
    ops.gates[rid(1)] = asyncio.Event()  # never set: stays in progress
    never = asyncio.Event()
    called: list[str] = []

    async def accepted() -> AsyncOperation:
        called.append("accepted")
        return ops.op(rid(1))

    async def blocked() -> None:
        called.append("blocked")
        await never.wait()

    async def failing() -> None:
        called.append("failing")
        await yield_loop()
        raise ConflictError(409, "ConflictError", "The specified DNS name is already taken.", rid(2))

    async def unreached() -> None:
        called.append("unreached")

    seen: list[BulkProgress] = []
    items = [BulkItem("a", accepted), BulkItem("b", blocked), BulkItem("c", failing)]
    items += [BulkItem(f"u{n}", unreached) for n in range(5)]
    report = await run_bulk(items, concurrency=3, fail_fast=True, on_progress=seen.append)
    assert "unreached" not in called
    statuses = [r.status for r in report.results]
    assert (
        statuses
        == [BulkStatus.CANCELLED, BulkStatus.CANCELLED, BulkStatus.FAILED] + [BulkStatus.CANCELLED] * 5
    )
    assert report.accepted_request_ids == [rid(1)]  # cancelled, but the service has it
    assert report.results[2].request_id == rid(2)
    assert [r.started is None for r in report.results] == [False, False, False] + [True] * 5
    assert len(seen) == 8 and seen[-1].failed == 1 and seen[-1].cancelled == 7 and seen[-1].in_flight == 0
    with pytest.raises(BulkError) as caught:
        report.raise_for_failures()
    assert len(caught.value.results) == 1 and len(caught.value.cancelled) == 7


async def test_without_fail_fast_one_failure_does_not_stop_the_others() -> None:
    async def failing() -> None:
        raise RuntimeError("no")

    async def fine() -> str:
        await yield_loop()
        return "yes"

    report = await run_bulk([BulkItem(0, failing)] + [BulkItem(n, fine) for n in range(1, 6)], concurrency=2)
    assert len(report.failed) == 1 and len(report.succeeded) == 5 and report.cancelled == []


# -- serialization -----------------------------------------------------------------------------------


async def test_same_key_never_overlaps_and_waits_for_the_previous_operation() -> None:
    ops = FakeOperations(polls=2)
    active: Counter[str] = Counter()
    peak_per_key: Counter[str] = Counter()
    peak_total = 0
    log: list[str] = []
    owner: dict[str, str] = {}

    def done(request_id: str) -> None:
        key = owner[request_id]
        active[key] -= 1
        log.append(f"done {request_id}")

    ops.on_done = done

    async def submit(key: str, n: int) -> AsyncOperation:
        nonlocal peak_total
        active[key] += 1
        peak_per_key[key] = max(peak_per_key[key], active[key])
        peak_total = max(peak_total, sum(active.values()))
        log.append(f"start {rid(n)}")
        owner[rid(n)] = key
        await yield_loop()
        return ops.op(rid(n))

    items = []
    for n in range(12):
        key = f"dep{n % 3}"
        items.append(BulkItem(n, functools.partial(submit, key, n), serialize_on=("deployment", "svc", key)))
    report = await run_bulk(items, concurrency=10, wait=False, poll_interval=0)
    assert report.ok
    assert peak_per_key == {"dep0": 1, "dep1": 1, "dep2": 1}
    assert peak_total == 3  # different deployments do run side by side
    # Serialized items are waited for even with wait=False: each ends with its final Operation.
    assert all(isinstance(r.value, Operation) for r in report.results)
    for n in range(3, 12):  # item n starts only after item n-3 (same deployment) finished
        assert log.index(f"done {rid(n - 3)}") < log.index(f"start {rid(n)}")


async def test_same_deployment_calls_on_a_real_session_run_one_after_the_other(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    order: list[str] = []
    target = url("/services/hostedservices/svc/deployments/dep/", comp="status")
    ids = iter([rid(1), rid(2)])

    def accept(_url: Any, **kwargs: Any) -> CallbackResult:
        request_id = next(ids)
        order.append(f"POST {request_id}")
        return CallbackResult(status=202, headers={"x-ms-request-id": request_id})

    def status_of(request_id: str, answers: list[str]) -> Callable[..., CallbackResult]:
        def answer(_url: Any, **kwargs: Any) -> CallbackResult:
            order.append(f"GET {request_id}")
            return CallbackResult(status=200, body=operation_doc(answers.pop(0), rid=request_id))

        return answer

    mock.post(target, callback=accept, repeat=True)
    mock.get(
        url(f"/operations/{rid(1)}"), callback=status_of(rid(1), ["InProgress", "Succeeded"]), repeat=True
    )
    mock.get(url(f"/operations/{rid(2)}"), callback=status_of(rid(2), ["Succeeded"]), repeat=True)
    items = [
        bulk.item("stop", session.deployments.update_status, "svc", "dep", "Suspended"),
        bulk.item("start", session.deployments.update_status, "svc", "dep", "Running"),
    ]
    report = await run_bulk(items, concurrency=10)
    assert report.ok
    assert order == [f"POST {rid(1)}", f"GET {rid(1)}", f"GET {rid(1)}", f"POST {rid(2)}", f"GET {rid(2)}"]


async def test_a_failed_item_releases_its_key_for_the_next() -> None:
    async def failing() -> None:
        raise RuntimeError("first")

    async def fine() -> int:
        return 2

    key = ("deployment", "svc", "dep")
    report = await run_bulk([BulkItem(1, failing, key), BulkItem(2, fine, key)])
    assert [r.status for r in report.results] == [BulkStatus.FAILED, BulkStatus.SUCCEEDED]


# -- cancellation ------------------------------------------------------------------------------------


async def test_cancelling_the_run_cancels_unstarted_items_and_keeps_accepted_ids() -> None:
    ops = FakeOperations()
    three_accepted = asyncio.Event()
    called = 0

    async def submit(n: int) -> AsyncOperation:
        nonlocal called
        called += 1
        ops.gates[rid(n)] = asyncio.Event()  # never finishes
        if called == 3:
            three_accepted.set()
        return ops.op(rid(n))

    seen: list[BulkProgress] = []
    run = BulkRun(
        [BulkItem(n, functools.partial(submit, n)) for n in range(10)], concurrency=3, on_progress=seen.append
    )
    task = asyncio.create_task(run.run())
    await three_accepted.wait()
    await yield_loop()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert called == 3
    assert run.accepted_request_ids == [rid(0), rid(1), rid(2)]
    assert all(r.status is BulkStatus.CANCELLED for r in run.results)
    assert [r.accepted for r in run.results] == [True] * 3 + [False] * 7
    assert [r.started is not None for r in run.results] == [True] * 3 + [False] * 7
    assert len(seen) == 10 and seen[-1].cancelled == 10 and seen[-1].in_flight == 0
    assert run.report is None


async def test_cancelling_before_the_items_ran_cancels_them_all() -> None:
    async def never() -> None:
        raise AssertionError("must not run")

    run = BulkRun([BulkItem(n, never) for n in range(4)])
    task = asyncio.ensure_future(run)
    await asyncio.sleep(0)  # the run has created its item tasks, none has run yet
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert [r.status for r in run.results] == [BulkStatus.CANCELLED] * 4
    assert run.accepted_request_ids == []


async def test_a_run_runs_once() -> None:
    async def fine() -> int:
        return 1

    run = BulkRun([BulkItem("a", fine)])
    report = await run
    assert run.report is report and report.ok
    with pytest.raises(AsmError):
        await run


# -- progress --------------------------------------------------------------------------------------------


async def test_progress_is_called_once_per_item_with_consistent_counts() -> None:
    ops = FakeOperations(polls=1)

    async def submit(n: int) -> AsyncOperation:
        await yield_loop(n % 4)
        if n % 5 == 0:
            raise RuntimeError(f"item {n}")
        return ops.op(rid(n))

    seen: list[BulkProgress] = []
    report = await run_bulk(
        [BulkItem(n, functools.partial(submit, n)) for n in range(20)], concurrency=4, on_progress=seen.append
    )
    assert len(seen) == 20
    assert sorted(cast(int, p.item.key) for p in seen) == list(range(20))  # each item once
    for number, progress in enumerate(seen, start=1):
        assert progress.total == 20
        assert progress.done == number
        assert progress.item.done
        assert progress.in_flight == progress.started - progress.done
        assert 0 <= progress.in_flight <= 4
    assert (seen[-1].succeeded, seen[-1].failed, seen[-1].started) == (16, 4, 20)
    assert len(report.failed) == 4


async def test_a_failing_progress_callback_does_not_break_the_run(caplog: pytest.LogCaptureFixture) -> None:
    async def fine() -> int:
        return 1

    def bad(_: BulkProgress) -> None:
        raise ValueError("callback bug")

    report = await run_bulk([BulkItem(n, fine) for n in range(3)], on_progress=bad)
    assert report.ok
    assert "progress callback failed" in caplog.text


async def test_tqdm_progress_draws_a_bar() -> None:
    pytest.importorskip("tqdm")
    out = io.StringIO()
    bar = bulk.tqdm_progress(file=out, desc="services")

    async def fine() -> int:
        return 1

    async def failing() -> None:
        raise RuntimeError("x")

    report = await run_bulk([BulkItem(n, fine) for n in range(3)] + [BulkItem(3, failing)], on_progress=bar)
    assert len(report.failed) == 1
    text = out.getvalue()
    assert "services" in text and "4/4" in text and "failed=1" in text
    assert bar.bar is not None and bar.bar.n == 4


def test_tqdm_progress_without_tqdm_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)  # makes "import tqdm" fail
    with pytest.raises(ImportError, match=r"pip install .aiosm-azure\[progress\]."):
        bulk.tqdm_progress()


def test_public_names() -> None:
    for name in bulk.__all__:
        assert getattr(bulk, name) is not None


async def test_many_items_take_turns_sending_their_first_request() -> None:
    """With concurrency far above it, at most 64 items are inside their first call at once (the
    others wait shallowly); every item still runs, and waits overlap beyond that bound."""
    ops = FakeOperations(polls=2)
    release = asyncio.Event()
    calling = 0
    peak = 0

    async def submit(n: int) -> AsyncOperation:
        nonlocal calling, peak
        calling += 1
        peak = max(peak, calling)
        await release.wait()
        calling -= 1
        return ops.op(rid(n))

    items = [BulkItem(n, functools.partial(submit, n)) for n in range(300)]
    run = asyncio.ensure_future(run_bulk(items, concurrency=300, poll_interval=0))
    await yield_loop(30)
    assert peak == 64 and calling == 64
    release.set()
    report = await run
    assert peak == 64
    assert len(report.succeeded) == 300


def test_documented_defaults() -> None:
    """The defaults the benchmarks measured (benchmarks/RESULTS.md): 500 items in flight, 16 connections."""
    import inspect

    from aiosm.transport import DEFAULT_CONNECTION_LIMIT

    assert bulk.DEFAULT_CONCURRENCY == 500
    assert inspect.signature(run_bulk).parameters["concurrency"].default == 500
    assert DEFAULT_CONNECTION_LIMIT == 16
    params = inspect.signature(ServiceManagementSession).parameters
    assert params["connection_limit"].default == 16
