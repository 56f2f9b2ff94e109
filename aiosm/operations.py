"""Long-running operations: the handle every mutation returns, and the poller that awaits it.

*How often to poll* lives here (:class:`PollPolicy`); *how to retry one failed
status request* is the transport's :class:`~aiosm.transport.RetryPolicy`.
A transient failure of one poll never ends the wait; cancelling a wait cancels
only the wait, never the operation on the service.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sys
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Generator
from dataclasses import dataclass
from http import HTTPStatus
from typing import Annotated, Any, TypeVar

from . import validation as v
from .errors import AsmError, InvalidInputError, OperationFailedError, OperationTimeoutError, is_transient
from .models.gateways import GatewayOperation, GatewayOperationAsyncResponse, GatewayOperationStatus
from .models.operations import Operation, OperationStatus, normalize_request_id
from .operation import GATEWAY_OPERATION, LONG_RUNNING, OperationSpec, operation
from .transport import Response, Transport

__all__ = ["AsyncOperation", "OperationRunner", "OperationsClient", "PollPolicy"]

log = logging.getLogger("aiosm")

_UNSET: Any = object()
_T = TypeVar("_T")
_LAST_POLL_GRACE = 1.0
"""Seconds a status request started at (or after) the deadline may take: the last look."""
PARSE_OFF_LOOP_BYTES = 256 * 1024
"""Answers larger than this are parsed in a worker thread (about 5 ms of parsing on the loop)."""
_HAS_TIMEOUT = sys.version_info >= (3, 11)
"""``asyncio.timeout`` (3.11+) bounds a poll without a task of its own, and never swallows a
cancellation; before 3.11 :func:`_within` does the same with a task."""


@dataclass(frozen=True)
class PollPolicy:
    """How a wait polls: first after ``initial`` seconds, then ``multiplier`` times longer
    each time up to ``maximum``, each interval varied by +/- ``jitter`` (a fraction).
    ``timeout`` (seconds, ``None`` for no limit) bounds the whole wait.
    """

    initial: float = 1.0
    multiplier: float = 1.5
    maximum: float = 20.0
    jitter: float = 0.2
    timeout: float | None = 1800.0

    def __post_init__(self) -> None:
        if self.initial < 0 or self.maximum < 0 or self.multiplier < 1 or not 0 <= self.jitter < 1:
            raise InvalidInputError(
                "poll", "intervals must not be negative, multiplier >= 1, 0 <= jitter < 1"
            )

    def intervals(self) -> Generator[float, None, None]:
        """The successive waits between polls, in seconds (endless; jittered)."""
        delay = self.initial
        while True:
            yield delay * random.uniform(1 - self.jitter, 1 + self.jitter) if delay else 0.0
            delay = min(delay * self.multiplier, self.maximum)


def operation_id(request_id: str) -> str:
    """The id as an Operation ``<ID>`` carries it: a dashed lower-case GUID when ``request_id`` is
    32 hex digits (the ``x-ms-request-id`` form), else ``request_id`` unchanged. Every
    :class:`Operation` aiosm returns has its ``id`` in this one form."""
    if len(request_id) == 32:
        try:
            return str(uuid.UUID(hex=request_id))
        except ValueError:
            pass
    return request_id


def operation_id_of(request_id: str) -> str:
    """The dashed form of a 32-hex-digit id (:func:`operation_id`), as a gateway operation's URI takes it."""
    return operation_id(normalize_request_id(request_id))


def _retrieve(task: asyncio.Task[Any]) -> None:
    if not task.cancelled():
        task.exception()  # an outcome nobody awaits any more is not "never retrieved"


async def _within(coro: Coroutine[Any, Any, _T], seconds: float) -> _T:
    """``coro``'s result, or :class:`asyncio.TimeoutError` after ``seconds``.

    Unlike :func:`asyncio.wait_for` before Python 3.12, a cancellation that arrives
    as ``coro`` completes is never swallowed: cancelling a wait always cancels it
    (bulk runs rely on it; a swallowed cancel kept polling until the operation ended).
    """
    task = asyncio.ensure_future(coro)
    try:
        done, _ = await asyncio.wait((task,), timeout=seconds)
    finally:
        if not task.done():
            task.cancel()
            task.add_done_callback(_retrieve)
    if not done:
        raise asyncio.TimeoutError
    return task.result()


class AsyncOperation:
    """The handle of an accepted request: ``request_id``, ``await op.status()``, ``await op.wait()``.

    Awaiting the handle itself (``await op``) waits with the session's
    :class:`PollPolicy`. A request answered synchronously (200/201) is already
    complete: waiting on it returns at once without a status request.
    ``source`` replaces ``GET /operations/<id>`` as the status request (a gateway operation
    is polled at its own endpoint, see :meth:`OperationsClient.gateway_operation`).
    """

    def __init__(
        self,
        client: OperationsClient,
        request_id: str,
        *,
        http_status: int | None = None,
        completed: bool = False,
        source: Callable[[str], Awaitable[Operation]] | None = None,
    ) -> None:
        if not request_id:
            raise InvalidInputError("request_id", "must be a non-empty ASM request id")
        if not isinstance(request_id, str):
            raise InvalidInputError("request_id", "must be a string")
        self._client = client
        self._source = source or client.get
        self.request_id = normalize_request_id(request_id)
        self.http_status = http_status
        self._result: Operation | None = None
        if completed:
            self._result = Operation(
                id=operation_id(self.request_id),
                status=OperationStatus.SUCCEEDED,
                http_status_code=http_status,
            )

    def __repr__(self) -> str:
        state = self._result.status.value if self._result else "pending"
        return f"<AsyncOperation {self.request_id} {state}>"

    @property
    def result(self) -> Operation | None:
        """The final Operation once a wait has seen it finish, else ``None``."""
        return self._result

    async def status(self) -> Operation:
        """One ``GET /operations/<id>``; the transport retries it if it fails transiently."""
        if self._result is not None:
            return self._result
        operation = await self._source(self.request_id)
        if operation.id and operation.id != operation_id(operation.id):
            operation = operation.model_copy(update={"id": operation_id(operation.id)})
        if operation.done:
            self._result = operation
        return operation

    async def wait(
        self,
        timeout: float | None = _UNSET,
        poll_interval: float | None = None,
    ) -> Operation:
        """Poll until the operation finishes.

        Returns the final :class:`~aiosm.models.Operation` when it succeeded;
        raises :class:`~aiosm.errors.OperationFailedError` when it failed and
        :class:`~aiosm.errors.OperationTimeoutError` when ``timeout`` seconds
        (default: the session's ``PollPolicy.timeout``) pass first.
        ``poll_interval`` replaces the growing interval by a fixed one.
        """
        policy = self._client.poll
        if timeout is _UNSET:
            timeout = policy.timeout
        if poll_interval is not None and poll_interval < 0:
            raise InvalidInputError("poll_interval", "must not be negative")
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        intervals = policy.intervals() if poll_interval is None else None
        last: str | None = None
        operation: Operation | None = None
        while True:
            try:
                if deadline is None:
                    operation = await self.status()
                else:
                    # One status request (with its own retries) may not outlast the wait.
                    budget = max(deadline - loop.time(), _LAST_POLL_GRACE)
                    if _HAS_TIMEOUT:  # no task per poll: a timer on the waiting task itself
                        async with asyncio.timeout(budget):
                            operation = await self.status()
                    else:
                        operation = await _within(self.status(), budget)
            except asyncio.TimeoutError:
                raise OperationTimeoutError(self.request_id, float(timeout or 0), last) from None
            except AsmError as error:
                if not is_transient(error):
                    raise
                log.info("aiosm: status of %s unavailable (%s); still waiting", self.request_id, error)
            else:
                last = operation.status.value
                if operation.status is OperationStatus.SUCCEEDED:
                    return operation
                if operation.status is OperationStatus.FAILED:
                    error_info = operation.error
                    raise OperationFailedError(
                        self.request_id,
                        error_info.code if error_info else None,
                        error_info.message if error_info else None,
                        operation.http_status_code,
                    )
            # Thousands of waits sleep at once: keep nothing alive across the sleep that the next
            # poll replaces (the last status model), so full garbage collections stay short.
            operation = None
            delay = next(intervals) if intervals is not None else float(poll_interval or 0.0)
            if deadline is not None:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise OperationTimeoutError(self.request_id, float(timeout or 0), last)
                delay = min(delay, remaining)
            await asyncio.sleep(delay)

    def __await__(self) -> Generator[Any, None, Operation]:
        return self.wait().__await__()


class OperationRunner:
    """The one code path that runs a declared operation (:mod:`aiosm.operation`)."""

    _transport: Transport
    _operations: OperationsClient

    async def _call(self, spec: OperationSpec, values: dict[str, Any]) -> Any:
        """Check the arguments, send the request, and read the answer, as ``spec`` declares."""
        spec.check(values)
        response = await self._transport.request(
            spec.method,
            spec.render_path(values),
            query=spec.render_query(values),
            body=spec.build_body(values),
            api_version=spec.api_version,
            content_type=spec.content_type,
            operation=spec.name,
        )
        answer = spec.answer
        if answer is LONG_RUNNING:
            return self._operations.from_response(response)
        if answer is GATEWAY_OPERATION:
            accepted = response.parse(GatewayOperationAsyncResponse)
            return self._operations.gateway_operation(accepted.id, http_status=response.status)
        if answer is None:
            return None
        assert isinstance(answer, type)
        if len(response.body) > PARSE_OFF_LOOP_BYTES:
            # A large answer (a public image list) takes tens of milliseconds to parse: in a
            # thread, the interpreter's switch interval lets the event loop run meanwhile.
            result = await asyncio.to_thread(response.parse, answer)
        else:
            result = response.parse(answer)
        return getattr(result, spec.unwrap) if spec.unwrap else result


_STATUS_BY_NAME = {s.phrase.replace(" ", "").replace("-", "").lower(): s.value for s in HTTPStatus}
"""Gateway operations name their HTTP status as .NET does (``OK``, ``BadRequest``)."""


class OperationsClient(OperationRunner):
    """``session.operations``: status of a request id, and handles rebuilt from an id alone."""

    def __init__(self, transport: Transport, poll: PollPolicy) -> None:
        self._transport = transport
        self._operations = self
        self.poll = poll

    @operation(
        "GET",
        "/operations/{request_id}",
        answer=Operation,
        legacy="get_operation_status",
        example={"request_id": "0123456789abcdef0123456789abcdef"},
    )
    async def get(self, request_id: Annotated[str, v.REQUEST_ID]) -> Operation:  # type: ignore[empty-body]
        """``GET /operations/<request-id>``: the current status of a request."""

    @operation(
        "GET",
        "/services/networking/operation/{operation_id}",
        answer=GatewayOperation,
        example={"operation_id": "01234567-89ab-cdef-0123-456789abcdef"},
    )
    async def get_gateway_operation(  # type: ignore[empty-body]
        self, operation_id: Annotated[str, v.REQUEST_ID]
    ) -> GatewayOperation:
        """``GET /services/networking/operation/<id>``: the status of a virtual network gateway operation."""

    async def _gateway_status(self, operation_id: str) -> Operation:
        """A gateway operation's status in the :class:`Operation` shape every wait reads."""
        found = await self.get_gateway_operation(operation_id_of(operation_id))
        status = {
            GatewayOperationStatus.IN_PROGRESS: OperationStatus.IN_PROGRESS,
            GatewayOperationStatus.SUCCESSFUL: OperationStatus.SUCCEEDED,
            GatewayOperationStatus.FAILED: OperationStatus.FAILED,
        }[found.status]
        text = found.http_status_code
        code = int(text) if text.isdigit() else _STATUS_BY_NAME.get(text.lower())
        return Operation(id=found.id, status=status, http_status_code=code, error=found.error)

    def gateway_operation(self, operation_id: str, *, http_status: int | None = None) -> AsyncOperation:
        """The handle of a gateway operation: polled at ``/services/networking/operation/<id>``.

        Synchronous like :meth:`resume`: it sends nothing until the handle is awaited.
        """
        return AsyncOperation(self, operation_id, http_status=http_status, source=self._gateway_status)

    def resume(self, request_id: str) -> AsyncOperation:
        """A handle for a request id from an earlier run (for example, after a crash).

        Synchronous on purpose (no ``await``): it only builds the handle and sends
        nothing. ``await session.operations.resume(rid)`` is wrong; await the handle's
        methods instead: ``await session.operations.resume(rid).wait()`` (or ``.status()``).
        """
        return AsyncOperation(self, request_id)

    def from_response(self, response: Response) -> AsyncOperation:
        """The handle of a mutation's answer: 202 is pending, 200/201 already complete."""
        request_id = response.request_id
        if not request_id:
            raise AsmError(
                f"the service accepted {response.method} {response.url} without an x-ms-request-id"
            )
        return AsyncOperation(self, request_id, http_status=response.status, completed=response.status != 202)
