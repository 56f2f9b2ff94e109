"""Run many operations concurrently and wait for all of them, with a result for every item.

::

    from aiosm import bulk

    create = session.hosted_services.create
    items = [bulk.item(name, create, name, name, location="West US") for name in names]
    report = await bulk.run_bulk(items, concurrency=100, on_progress=bulk.tqdm_progress())
    report.raise_for_failures()

* At most ``concurrency`` items (default :data:`DEFAULT_CONCURRENCY`) are in flight
  at once; an item is in flight from its request until its operation has finished
  (when waited for). Items in flight share the session's connection pool: a request
  holds a connection for milliseconds, a wait holds none.
* ``rate_limit`` (requests per second, or a shared :class:`RateLimiter`) spaces
  the requests; :func:`subscription_rate_limiter` gives one limiter per subscription.
* Every item gets a :class:`BulkResult`: one failure never stops the others,
  unless ``fail_fast=True``, which cancels the rest and marks them cancelled.
* Items with the same ``serialize_on`` key run one at a time, each waiting for
  the previous one's ASM operation to finish, so they never meet a 409
  "requires exclusive access". :func:`item` infers the key (the cloud service) for
  ``session.deployments`` and ``session.virtual_machines`` calls.
* Cancelling the task awaiting a run cancels what has not finished; keep the
  :class:`BulkRun` to read :attr:`BulkRun.accepted_request_ids` afterwards::

      run = bulk.BulkRun(items, concurrency=100)
      try:
          report = await run
      except asyncio.CancelledError:
          save(run.accepted_request_ids)  # session.operations.resume(id) rebuilds each handle
          raise
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import enum
import functools
import importlib
import inspect
import logging
import time
from collections.abc import Awaitable, Callable, Generator, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ParamSpec

from .errors import AsmError, InvalidInputError
from .operation import spec_of
from .operations import AsyncOperation

if TYPE_CHECKING:
    from .session import ServiceManagementSession

__all__ = [
    "DEFAULT_CONCURRENCY",
    "BulkError",
    "BulkItem",
    "BulkProgress",
    "BulkReport",
    "BulkResult",
    "BulkRun",
    "BulkStatus",
    "RateLimiter",
    "TqdmProgress",
    "item",
    "run_bulk",
    "subscription_rate_limiter",
    "tqdm_progress",
]

log = logging.getLogger("aiosm")

P = ParamSpec("P")
_UNSET: Any = object()
_START_BATCH = 50
_STARTING = 64
"""Items sending their first request at once; the others wait as one small coroutine each."""
_NO_LOCK = contextlib.nullcontext()
DEFAULT_CONCURRENCY = 500
"""Items in flight by default. An item waiting for its operation costs ~10 kB and no connection
(the session's pool is shared and small), so hundreds in flight cost little; measured in
benchmarks/RESULTS.md (section 1)."""


# -- items and results ---------------------------------------------------------------


@dataclass(frozen=True)
class BulkItem:
    """One unit of work: ``call()`` sends one request and returns an :class:`AsyncOperation` or a value.

    ``key`` labels the item in results and progress (e.g. the resource name).
    Items sharing a ``serialize_on`` key (e.g. ``("deployment", service, deployment)``)
    run one at a time, each after the previous one's operation has finished.
    """

    key: object
    call: Callable[[], Awaitable[Any]]
    serialize_on: Hashable | None = None

    def serialized_on(self, key: Hashable | None) -> BulkItem:
        """A copy of this item with ``serialize_on`` set to ``key``."""
        return dataclasses.replace(self, serialize_on=key)


def item(key: object, fn: Callable[P, Awaitable[Any]], /, *args: P.args, **kwargs: P.kwargs) -> BulkItem:
    """A :class:`BulkItem` that calls ``fn(*args, **kwargs)``.

    The serialization key is the declared operation's lock (:mod:`aiosm.operation`):
    for deployment and virtual machine calls ``("cloud_service", service_name)``, since a
    cloud service has at most two deployments and slot operations (create, swap) touch
    both, so that is the granularity that never conflicts. Use
    :meth:`BulkItem.serialized_on` to set another key.
    """
    return BulkItem(key, functools.partial(fn, *args, **kwargs), _infer_serialize_on(fn, args, kwargs))


def _infer_serialize_on(
    fn: Callable[..., Any], args: Sequence[Any], kwargs: dict[str, Any]
) -> Hashable | None:
    spec = spec_of(fn)
    if spec is None or spec.lock is None:
        return None
    try:
        bound = inspect.signature(fn).bind_partial(*args, **kwargs)
    except TypeError:
        return None
    key = spec.lock_key(bound.arguments)
    return tuple(key.split(":", 1)) if key is not None else None


class BulkStatus(enum.Enum):
    """Where an item stands: pending, running, then succeeded, failed or cancelled."""

    PENDING = "pending"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass
class BulkResult:
    """The outcome of one item.

    ``value`` is the final :class:`~aiosm.models.Operation` when the item's
    operation was waited for, the :class:`AsyncOperation` handle when not, or
    whatever the call returned when it was not an operation. ``error`` is the
    exception of a failed item. ``request_id`` is the id of the accepted request,
    or of the rejected one when the service sent it with its error.
    ``started`` is a ``time.monotonic()`` value; ``elapsed`` is in seconds.
    """

    key: object
    index: int
    status: BulkStatus = BulkStatus.PENDING
    value: Any = None
    error: Exception | None = None
    request_id: str | None = None
    accepted: bool = False
    started: float | None = None
    elapsed: float | None = None

    @property
    def ok(self) -> bool:
        """True when this item succeeded."""
        return self.status is BulkStatus.SUCCEEDED

    @property
    def done(self) -> bool:
        """True once this item has an outcome: succeeded, failed or cancelled."""
        return self.status in (BulkStatus.SUCCEEDED, BulkStatus.FAILED, BulkStatus.CANCELLED)


@dataclass(frozen=True)
class BulkProgress:
    """Counts after an item finished (``item``); ``done`` = succeeded + failed + cancelled."""

    total: int
    started: int
    succeeded: int
    failed: int
    cancelled: int
    in_flight: int
    item: BulkResult

    @property
    def done(self) -> int:
        """How many items have an outcome (succeeded, failed or cancelled)."""
        return self.succeeded + self.failed + self.cancelled


class BulkError(AsmError):
    """Some items of a bulk run failed: ``results`` are the failed ones, ``cancelled`` those cancelled."""

    def __init__(self, results: Sequence[BulkResult], cancelled: Sequence[BulkResult] = ()) -> None:
        self.results = list(results)
        self.cancelled = list(cancelled)
        self.exceptions = [r.error for r in self.results if r.error is not None]
        lines = [
            f"{len(self.results)} bulk item(s) failed"
            + (f", {len(self.cancelled)} cancelled" if cancelled else "")
        ]
        lines += [f"  {r.key!r}: {r.error}" for r in self.results[:20]]
        if len(self.results) > 20:
            lines.append(f"  ... and {len(self.results) - 20} more")
        super().__init__("\n".join(lines))


@dataclass
class BulkReport:
    """Every item's :class:`BulkResult` in input order, and the run's wall time in seconds."""

    results: list[BulkResult]
    elapsed: float

    @property
    def succeeded(self) -> list[BulkResult]:
        """The results of the items that succeeded."""
        return [r for r in self.results if r.status is BulkStatus.SUCCEEDED]

    @property
    def failed(self) -> list[BulkResult]:
        """The results of the items that failed (each with its ``error``)."""
        return [r for r in self.results if r.status is BulkStatus.FAILED]

    @property
    def cancelled(self) -> list[BulkResult]:
        """The results of the items cancelled before they finished."""
        return [r for r in self.results if r.status is BulkStatus.CANCELLED]

    @property
    def ok(self) -> bool:
        """True when every item succeeded."""
        return all(r.ok for r in self.results)

    @property
    def accepted_request_ids(self) -> list[str]:
        """Request ids the service accepted, in input order (including cancelled items')."""
        return [r.request_id for r in self.results if r.accepted and r.request_id]

    def raise_for_failures(self) -> None:
        """Raise :class:`BulkError` if any item failed or was cancelled."""
        failed, cancelled = self.failed, self.cancelled
        if failed or cancelled:
            raise BulkError(failed, cancelled)


# -- rate limiting ---------------------------------------------------------------------


class RateLimiter:
    """A token bucket: at most ``rate`` acquisitions per second, bursts of up to ``burst``.

    Share one instance between runs to bound them together. ``clock`` and
    ``sleep`` (default ``asyncio.sleep``) can be replaced, e.g. by a fake clock.
    """

    def __init__(
        self,
        rate: float,
        burst: int = 1,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] | None = None,
    ) -> None:
        if not rate > 0:
            raise InvalidInputError("rate_limit", "must be a positive number of requests per second")
        if burst < 1:
            raise InvalidInputError("burst", "must be at least 1")
        self.rate = float(rate)
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._tokens = float(burst)
        self._updated = clock()

    async def acquire(self) -> None:
        """Take one token, sleeping until it is available (first come, first served)."""
        now = self._clock()
        self._tokens = min(float(self.burst), self._tokens + (now - self._updated) * self.rate)
        self._updated = now
        self._tokens -= 1.0  # a reservation: a negative balance queues the callers in order
        if self._tokens >= 0:
            return
        try:
            await (self._sleep or asyncio.sleep)(-self._tokens / self.rate)
        except asyncio.CancelledError:
            self._tokens += 1.0
            raise


_subscription_limiters: dict[str, RateLimiter] = {}


def subscription_rate_limiter(
    subscription: str | ServiceManagementSession, rate: float, burst: int = 1
) -> RateLimiter:
    """The process-wide :class:`RateLimiter` of a subscription (an id or a session), made on first use.

    Later calls for the same subscription return the same limiter with ``rate`` and ``burst`` updated.
    """
    sub_id = subscription if isinstance(subscription, str) else subscription.subscription_id
    if not sub_id:
        raise InvalidInputError("subscription", "give a subscription id or a session that knows it")
    limiter = _subscription_limiters.get(sub_id)
    if limiter is None:
        limiter = _subscription_limiters[sub_id] = RateLimiter(rate, burst)
    elif (limiter.rate, limiter.burst) != (rate, burst):
        fresh = RateLimiter(rate, burst)
        limiter.rate, limiter.burst = fresh.rate, fresh.burst
    return limiter


# -- the run -----------------------------------------------------------------------------


class BulkRun:
    """One bulk run; ``await run`` executes it once and returns the :class:`BulkReport`.

    ``wait``: wait for each returned :class:`AsyncOperation` (``timeout`` and
    ``poll_interval`` as for :meth:`AsyncOperation.wait`; the default timeout is
    the session's). Items with a ``serialize_on`` key are always waited for.
    ``on_progress`` is called once per item, when it succeeds, fails or is cancelled.
    While and after the run (even when it was cancelled) :attr:`results` and
    :attr:`accepted_request_ids` tell where every item stands.
    """

    def __init__(
        self,
        items: Iterable[BulkItem],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        rate_limit: float | RateLimiter | None = None,
        wait: bool = True,
        timeout: float | None = _UNSET,
        poll_interval: float | None = None,
        fail_fast: bool = False,
        on_progress: Callable[[BulkProgress], None] | None = None,
    ) -> None:
        if concurrency < 1:
            raise InvalidInputError("concurrency", "must be at least 1")
        self.items = list(items)
        for entry in self.items:
            if not isinstance(entry, BulkItem):
                raise InvalidInputError("items", f"expected BulkItem, got {type(entry).__name__}")
        self.concurrency = concurrency
        self.limiter = RateLimiter(rate_limit) if isinstance(rate_limit, (int, float)) else rate_limit
        self.wait = wait
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.fail_fast = fail_fast
        self.on_progress = on_progress
        self.results = [BulkResult(entry.key, index) for index, entry in enumerate(self.items)]
        self._started = 0
        self._finished_started = 0
        self._counts = dict.fromkeys(BulkStatus, 0)
        self._tasks: list[asyncio.Task[None]] = []
        self._starting = asyncio.Semaphore(_STARTING)
        self._running = False
        self._report: BulkReport | None = None

    @property
    def accepted_request_ids(self) -> list[str]:
        """Request ids the service has accepted so far, in input order."""
        return [r.request_id for r in self.results if r.accepted and r.request_id]

    @property
    def report(self) -> BulkReport | None:
        """The report once the run has finished (not after a cancellation)."""
        return self._report

    def __await__(self) -> Generator[Any, None, BulkReport]:
        return self.run().__await__()

    async def run(self) -> BulkReport:
        """Run every item and return the report; may be called once."""
        if self._running or self._report is not None:
            raise AsmError("a BulkRun runs only once; make a new one")
        self._running = True
        loop = asyncio.get_running_loop()
        began = loop.time()
        slots = asyncio.Semaphore(self.concurrency)
        locks: dict[Hashable, asyncio.Lock] = {}
        try:
            for index, (entry, result) in enumerate(zip(self.items, self.results, strict=True)):
                lock = None
                if entry.serialize_on is not None:
                    lock = locks.setdefault(entry.serialize_on, asyncio.Lock())
                self._tasks.append(asyncio.create_task(self._run_item(entry, result, slots, lock)))
                if index % _START_BATCH == _START_BATCH - 1:
                    # Let the loop run between batches: thousands of items starting in one
                    # loop iteration would stall every other task of the program meanwhile.
                    await asyncio.sleep(0)
            await asyncio.gather(*self._tasks, return_exceptions=True)
        finally:
            # gather cancels the tasks when the run is cancelled; a task cancelled before it
            # ever ran never saw its own except clause, so mark those here.
            for task in self._tasks:
                task.cancel()
            for result in self.results:
                if not result.done:
                    self._finish(result, BulkStatus.CANCELLED)
        self._report = BulkReport(self.results, loop.time() - began)
        return self._report

    async def _run_item(
        self,
        entry: BulkItem,
        result: BulkResult,
        slots: asyncio.Semaphore,
        lock: asyncio.Lock | None,
    ) -> None:
        try:
            async with lock or _NO_LOCK, slots:
                if self.limiter is not None:
                    await self.limiter.acquire()
                result.status = BulkStatus.RUNNING
                result.started = time.monotonic()
                self._started += 1
                # Thousands of items may start together; each one's request is milliseconds of
                # work, so they take turns here rather than each holding a deep stack while queued.
                async with self._starting:
                    value = await entry.call()
                if isinstance(value, AsyncOperation):
                    result.request_id, result.accepted = value.request_id, True
                    if self.wait or lock is not None:
                        options: dict[str, Any] = {"poll_interval": self.poll_interval}
                        if self.timeout is not _UNSET:
                            options["timeout"] = self.timeout
                        value = await value.wait(**options)
                result.value = value
        except asyncio.CancelledError:
            self._finish(result, BulkStatus.CANCELLED)
            raise
        except Exception as error:
            result.error = error
            if result.request_id is None:
                result.request_id = getattr(error, "request_id", None)
            self._finish(result, BulkStatus.FAILED)
            if self.fail_fast:
                current = asyncio.current_task()
                for task in self._tasks:
                    if task is not current:
                        task.cancel()
        else:
            self._finish(result, BulkStatus.SUCCEEDED)

    def _finish(self, result: BulkResult, status: BulkStatus) -> None:
        if result.done:
            return
        result.status = status
        if result.started is not None:
            result.elapsed = time.monotonic() - result.started
            self._finished_started += 1
        self._counts[status] += 1
        if self.on_progress is None:
            return
        counts = self._counts
        progress = BulkProgress(
            total=len(self.results),
            started=self._started,
            succeeded=counts[BulkStatus.SUCCEEDED],
            failed=counts[BulkStatus.FAILED],
            cancelled=counts[BulkStatus.CANCELLED],
            in_flight=self._started - self._finished_started,
            item=result,
        )
        try:
            self.on_progress(progress)
        except Exception:
            log.exception("aiosm: bulk progress callback failed")


async def run_bulk(
    items: Iterable[BulkItem],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    rate_limit: float | RateLimiter | None = None,
    wait: bool = True,
    timeout: float | None = _UNSET,
    poll_interval: float | None = None,
    fail_fast: bool = False,
    on_progress: Callable[[BulkProgress], None] | None = None,
) -> BulkReport:
    """Run ``items`` concurrently and return a :class:`BulkReport` (see :class:`BulkRun`)."""
    return await BulkRun(
        items,
        concurrency=concurrency,
        rate_limit=rate_limit,
        wait=wait,
        timeout=timeout,
        poll_interval=poll_interval,
        fail_fast=fail_fast,
        on_progress=on_progress,
    )


# -- terminal progress bar -------------------------------------------------------------------


@dataclass
class TqdmProgress:
    """A progress callback drawing a tqdm bar; made by :func:`tqdm_progress`."""

    options: dict[str, Any] = field(default_factory=dict)
    bar: Any = None

    def __call__(self, progress: BulkProgress) -> None:
        if self.bar is None:
            tqdm = importlib.import_module("tqdm").tqdm
            self.bar = tqdm(total=progress.total, **{"unit": "op", **self.options})
        self.bar.update(1)
        self.bar.set_postfix(
            ok=progress.succeeded, failed=progress.failed, in_flight=progress.in_flight, refresh=False
        )
        if progress.done >= progress.total:
            self.close()

    def close(self) -> None:
        """Close the bar (done automatically after the last item)."""
        if self.bar is not None:
            self.bar.close()


def tqdm_progress(**options: Any) -> TqdmProgress:
    """A ready-made terminal progress bar (``pip install 'aiosm-azure[progress]'``).

    ``options`` go to ``tqdm()``.
    """
    try:
        importlib.import_module("tqdm")
    except ImportError as exc:
        raise ImportError("tqdm_progress() needs tqdm: pip install 'aiosm-azure[progress]'") from exc
    return TqdmProgress(dict(options))
