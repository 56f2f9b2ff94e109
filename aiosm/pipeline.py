"""The request pipeline: a :class:`Request` passes through a chain of policies to a wire transport.

::

    Request ─► user policies ─► RetryStage ─► HeadersStage ─► LogStage ─► RedirectStage ─► StatusStage ─► wire
                                                                                         (aiohttp or mock)

Each policy is an object with ``async def send(request, call_next) -> Response``; it may
change the request, call ``call_next`` zero or more times, and change or replace the answer.
User policies (tracing, metrics, auditing) are given to the session as ``policies=[...]``
and see each logical request once; the stages after ``RetryStage`` see every attempt.

Retry rule (also in the README):

* A request the service cannot have acted on is retried whatever its method:
  the connection could not be opened, the service answered 429 or 503
  (ServerBusy / TooManyRequests), or 409 saying the resource is busy with
  another operation ("requires exclusive access").
* A GET (or HEAD) is also retried on 500, 502, 504, on timeouts and on a
  connection dropped mid-request: reading twice does no harm.
* A mutation (POST, PUT, DELETE) is never retried once it may have reached the
  service, so a retry can never do the work twice.

Waits grow exponentially with full jitter, honour ``Retry-After``, and stop at
``RetryPolicy.max_attempts`` or ``RetryPolicy.max_elapsed`` seconds, whichever
comes first.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol, TypeVar
from urllib.parse import urljoin, urlsplit

from .errors import (
    AsmError,
    AsmHttpError,
    ConflictError,
    InvalidInputError,
    RedirectError,
    ResponseParseError,
    ThrottledError,
    TransportError,
    error_from_response,
    is_transient,
)
from .xml import excerpt, parse_document

if TYPE_CHECKING:
    from .xml import XmlModel

__all__ = [
    "CONTENT_TYPE",
    "CallNext",
    "Policy",
    "Request",
    "Response",
    "RetryPolicy",
    "run_pipeline",
]

log = logging.getLogger("aiosm")

CONTENT_TYPE = "application/atom+xml;type=entry;charset=utf-8"
READ_METHODS = frozenset({"GET", "HEAD"})
_M = TypeVar("_M", bound="XmlModel")


@dataclass(frozen=True)
class RetryPolicy:
    """How one request is retried after a transient failure.

    ``max_attempts`` counts the first try; ``max_elapsed`` bounds the time spent
    on one request including its waits. Waits are exponential
    (``backoff_base * 2**n`` capped at ``backoff_max``) with full jitter; a
    ``Retry-After`` header lengthens the wait to what the service asked.
    """

    max_attempts: int = 5
    max_elapsed: float = 120.0
    backoff_base: float = 0.5
    backoff_max: float = 20.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise InvalidInputError("retry.max_attempts", "must be at least 1")
        if self.max_elapsed < 0 or self.backoff_base < 0 or self.backoff_max < 0:
            raise InvalidInputError("retry", "times must not be negative")

    def backoff(self, retry_number: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``retry_number`` (1 for the first retry)."""
        ceiling = min(self.backoff_max, self.backoff_base * (2 ** (retry_number - 1)))
        delay = random.uniform(0, ceiling)
        if retry_after is not None:
            delay = max(delay, retry_after)
        return delay

    @classmethod
    def none(cls) -> RetryPolicy:
        """A policy that never retries."""
        return cls(max_attempts=1)


@dataclass(slots=True)
class Request:
    """One HTTP request on its way to the service.

    ``url`` is absolute; ``body`` is the encoded payload (``None`` for none). ``timeout``
    (seconds, from when the request is sent) and ``retry`` override the session's for this
    request. ``operation`` names the declared operation (``"storage_accounts.get"``) when
    the request comes from one.
    """

    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, str] | None = None
    body: bytes | None = field(default=None, repr=False)  # may hold passwords
    timeout: float | None = None
    retry: RetryPolicy | None = None
    operation: str | None = None

    def with_url(self, url: str) -> Request:
        """The same request sent to ``url`` (a redirect's target)."""
        return replace(self, url=url, query=None)


@dataclass(slots=True)
class Response:
    """An answer: status, headers and the raw body."""

    status: int
    headers: Mapping[str, str]
    body: bytes = field(repr=False)  # may hold secrets (storage keys)
    method: str
    url: str

    @property
    def request_id(self) -> str | None:
        """The ``x-ms-request-id`` header."""
        return self.headers.get("x-ms-request-id")

    def parse(self, model: type[_M]) -> _M:
        """Parse the body as ``model`` (an :class:`~aiosm.xml.XmlModel` subclass)."""
        if not self.body:
            raise ResponseParseError(
                f"expected a <{model.xml_root()}> document, got an empty body",
                request_id=self.request_id,
            )
        return model.from_xml(self.body, request_id=self.request_id)


CallNext = Callable[[Request], Awaitable[Response]]


class Policy(Protocol):
    """A step of the pipeline (implement ``send``; call ``call_next`` to go on)."""

    async def send(self, request: Request, call_next: CallNext) -> Response:
        """Handle ``request``, usually by passing it on with ``await call_next(request)``."""
        ...


def run_pipeline(policies: Sequence[Policy], wire: CallNext) -> CallNext:
    """The function that sends a request through ``policies`` (first outermost), then ``wire``."""
    call: CallNext = wire
    for policy in reversed(policies):
        # A partial, not a wrapping coroutine: one frame less per policy on every request.
        call = functools.partial(policy.send, call_next=call)
    return call


# -- stages ------------------------------------------------------------------------------


class RetryStage:
    """Retries transient failures by the rule in this module's docstring."""

    def __init__(self, retry: RetryPolicy) -> None:
        self.retry = retry

    async def send(self, request: Request, call_next: CallNext) -> Response:
        """Send, and send again while the failure is transient and the budget lasts."""
        retry = request.retry or self.retry
        is_read = request.method in READ_METHODS
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            try:
                return await call_next(request)
            except AsmError as error:
                if not _may_retry(error, is_read) or attempt >= retry.max_attempts:
                    raise
                retry_after = error.retry_after if isinstance(error, AsmHttpError) else None
                delay = retry.backoff(attempt, retry_after)
                if time.monotonic() - started + delay > retry.max_elapsed:
                    raise
                log.info(
                    "aiosm: %s %s failed (%s); retry %d in %.2f s",
                    request.method,
                    request.url,
                    type(error).__name__,
                    attempt,
                    delay,
                )
                await asyncio.sleep(delay)


def _may_retry(error: AsmError, is_read: bool) -> bool:
    if not is_transient(error):
        return False
    if is_read:
        return True
    if isinstance(error, TransportError):
        return error.before_send
    # Throttling and busy conflicts mean the service did not act; 5xx may have.
    return isinstance(error, (ThrottledError, ConflictError)) or (
        isinstance(error, AsmHttpError) and error.status == 503
    )


class HeadersStage:
    """Adds ``x-ms-version``, ``User-Agent`` and, for a mutation, ``Content-Type``."""

    def __init__(self, api_version: str, user_agent: str) -> None:
        self.api_version = api_version
        self.user_agent = user_agent
        self._read = {"x-ms-version": api_version, "User-Agent": user_agent}
        self._write = {**self._read, "Content-Type": CONTENT_TYPE}

    async def send(self, request: Request, call_next: CallNext) -> Response:
        """Fill in the headers the request does not set itself."""
        method = request.method
        body = request.body
        if method in READ_METHODS:
            headers = self._read
        else:
            headers = self._write
            if body is None:
                body = b""
        if request.headers:
            headers = {**headers, **request.headers}
        sent = Request(
            method,
            request.url,
            headers,
            request.query,
            body,
            timeout=request.timeout,
            retry=request.retry,
            operation=request.operation,
        )
        return await call_next(sent)


class LogStage:
    """Logs each attempt and its answer at DEBUG (never a body: they may hold secrets)."""

    async def send(self, request: Request, call_next: CallNext) -> Response:
        """Log the answer's status and request id."""
        response = await call_next(request)
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "aiosm: %s %s -> %d (request id %s)",
                request.method,
                request.url,
                response.status,
                response.request_id,
            )
        return response


_REDIRECTS = frozenset({307, 308})


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class RedirectStage:
    """Follows 307/308 to an ``https`` host of the endpoint's domain (or one the user allows).

    Every other 3xx, a redirect to plain HTTP or another domain, and more than
    ``max_hops`` redirects raise :class:`~aiosm.errors.RedirectError`. The request is
    re-sent unchanged, with the same TLS settings and client certificate.
    """

    def __init__(self, endpoint: str, allowed_hosts: Sequence[str] = (), max_hops: int = 3) -> None:
        host = (urlsplit(endpoint).hostname or "").lower()
        self.allowed = {host, *(h.lower() for h in allowed_hosts)}
        labels = host.split(".")
        # management.core.windows.net -> any https host of *.core.windows.net; an IP address or a
        # short name (the emulator on 127.0.0.1 or localhost) allows only itself.
        self.domain = "." + ".".join(labels[1:]) if len(labels) >= 4 and not _is_ip(host) else None
        self.max_hops = max_hops

    def _allows(self, url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme != "https" or not host:
            return False
        return host in self.allowed or (self.domain is not None and host.endswith(self.domain))

    async def send(self, request: Request, call_next: CallNext) -> Response:
        """Send, following allowed redirects."""
        hops = 0
        while True:
            response = await call_next(request)
            if not 300 <= response.status < 400:
                return response
            location = response.headers.get("Location") or ""
            target = urljoin(request.url, location) if location else ""
            if response.status not in _REDIRECTS:
                raise RedirectError(response.status, target, "redirects other than 307/308 are not followed")
            if not target or not self._allows(target):
                raise RedirectError(
                    response.status,
                    target,
                    "the target is not an https host of the endpoint's domain "
                    "(allow it with the session's redirect_hosts=)",
                )
            hops += 1
            if hops > self.max_hops:
                raise RedirectError(response.status, target, f"more than {self.max_hops} redirects")
            log.debug(
                "aiosm: %s %s redirected (%d) to %s", request.method, request.url, response.status, target
            )
            request = request.with_url(target)


class StatusStage:
    """Turns a non-2xx answer into the :mod:`aiosm.errors` class it stands for."""

    async def send(self, request: Request, call_next: CallNext) -> Response:
        """Return a 2xx answer; raise for anything else."""
        response = await call_next(request)
        if 200 <= response.status < 300 or 300 <= response.status < 400:
            return response
        payload = response.body
        parsed = None
        if payload:
            try:
                parsed = parse_document(payload, request_id=response.request_id)
            except ResponseParseError:
                parsed = None
        fallback = "" if parsed else excerpt(payload).strip()
        raise error_from_response(response.status, parsed, response.headers, fallback_message=fallback)
