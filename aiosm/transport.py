"""The only module that sends HTTP: URLs, headers, TLS, timeouts, retries and error mapping.

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
import logging
import random
import ssl
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import aiohttp
from multidict import CIMultiDictProxy

from . import __version__
from .errors import (
    AsmError,
    AsmHttpError,
    ConflictError,
    InvalidInputError,
    ResponseParseError,
    ThrottledError,
    TlsError,
    TransportError,
    error_from_response,
    is_transient,
)
from .xml import XmlModel, excerpt, parse_document

__all__ = ["DEFAULT_API_VERSION", "DEFAULT_ENDPOINT", "Response", "RetryPolicy", "Transport"]

log = logging.getLogger("aiosm")

DEFAULT_ENDPOINT = "https://management.core.windows.net"
DEFAULT_API_VERSION = "2014-10-01"
CONTENT_TYPE = "application/atom+xml;type=entry;charset=utf-8"
_SAFE_PATH = "/()$=',~"
_READ_METHODS = frozenset({"GET", "HEAD"})


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


@dataclass(frozen=True)
class Response:
    """A successful answer: status, headers and the raw body."""

    status: int
    headers: Mapping[str, str]
    body: bytes = field(repr=False)  # may hold secrets (storage keys)
    method: str
    url: str

    @property
    def request_id(self) -> str | None:
        return self.headers.get("x-ms-request-id")

    def parse(self, model: type[Any]) -> Any:
        """Parse the body as ``model`` (an :class:`~aiosm.xml.XmlModel` subclass)."""
        if not self.body:
            raise ResponseParseError(
                f"expected a <{model.__xml_root__ or model.__name__}> document, got an empty body",
                request_id=self.request_id,
            )
        return model.from_xml(self.body, request_id=self.request_id)


SSLContextFactory = Callable[[], Awaitable[ssl.SSLContext]]


class Transport:
    """Sends ASM requests over one pooled :class:`aiohttp.ClientSession`.

    The pool opens on first use; ``ssl_context`` is awaited then (it reads
    certificate files, so the session builds it off the event loop).
    """

    def __init__(
        self,
        *,
        subscription_id: str,
        ssl_context: SSLContextFactory,
        endpoint: str = DEFAULT_ENDPOINT,
        api_version: str = DEFAULT_API_VERSION,
        timeout: float = 65.0,
        connect_timeout: float = 20.0,
        connection_limit: int = 100,
        retry: RetryPolicy | None = None,
        proxy: str | None = None,
        trust_env: bool = False,
        user_agent: str | None = None,
    ) -> None:
        if connection_limit < 1:
            raise InvalidInputError("connection_limit", "must be at least 1")
        if proxy is not None and not proxy.startswith("http://"):
            raise InvalidInputError(
                "proxy",
                "must be an http:// URL: the TLS session to the service is tunnelled through it, "
                "so the client certificate is only ever offered to the service",
            )
        self.subscription_id = subscription_id
        self.endpoint = endpoint.rstrip("/")
        self.api_version = api_version
        self.retry = retry or RetryPolicy()
        self._ssl_factory = ssl_context
        self._timeout = aiohttp.ClientTimeout(total=timeout, sock_connect=connect_timeout)
        self._limit = connection_limit
        self._proxy = proxy
        self._trust_env = trust_env
        self._user_agent = user_agent or f"aiosm/{__version__}"
        self._session: aiohttp.ClientSession | None = None
        self._opening: asyncio.Lock | None = None
        self._slots = asyncio.Semaphore(connection_limit)
        self._closed = False

    # -- lifecycle -------------------------------------------------------------------

    async def open(self) -> aiohttp.ClientSession:
        if self._session is not None:
            return self._session
        if self._closed:
            raise AsmError("this session is closed")
        if self._opening is None:
            self._opening = asyncio.Lock()
        async with self._opening:
            if self._session is None:
                context = await self._ssl_factory()
                if self._closed:  # closed while the certificate was loading
                    raise AsmError("this session is closed")
                connector = aiohttp.TCPConnector(ssl=context, limit=self._limit, limit_per_host=0)
                self._session = aiohttp.ClientSession(
                    connector=connector,
                    timeout=self._timeout,
                    trust_env=self._trust_env,
                    headers={"User-Agent": self._user_agent, "x-ms-version": self.api_version},
                    skip_auto_headers=("Accept-Encoding",),
                )
        return self._session

    async def close(self) -> None:
        self._closed = True
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    @property
    def closed(self) -> bool:
        return self._closed

    # -- requests --------------------------------------------------------------------

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` (relative to the subscription unless it starts with ``//``)."""
        if path.startswith("//"):
            return self.endpoint + quote(path[1:], safe=_SAFE_PATH)
        return f"{self.endpoint}/{self.subscription_id}" + quote(path, safe=_SAFE_PATH)

    async def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | None = None,
        body: XmlModel | bytes | None = None,
        api_version: str | None = None,
        expect: tuple[int, ...] = (200, 201, 202),
    ) -> Response:
        """Send one request (retrying per :class:`RetryPolicy`) and return the answer.

        Raises the :mod:`aiosm.errors` class matching the failure.
        """
        await self.open()  # loads the certificate, which may set the subscription and endpoint
        url = self.url(path)
        data = body.to_xml() if isinstance(body, XmlModel) else body
        headers: dict[str, str] = {}
        if api_version:
            headers["x-ms-version"] = api_version
        if method not in _READ_METHODS:
            headers["Content-Type"] = CONTENT_TYPE
            if data is None:
                data = b""
        params = dict(query) if query else None
        retry = self.retry
        is_read = method in _READ_METHODS
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._send_once(method, url, params, headers, data, expect)
            except AsmError as error:
                if not self._may_retry(error, is_read) or attempt >= retry.max_attempts:
                    raise
                retry_after = error.retry_after if isinstance(error, AsmHttpError) else None
                delay = retry.backoff(attempt, retry_after)
                if time.monotonic() - started + delay > retry.max_elapsed:
                    raise
                log.info(
                    "aiosm: %s %s failed (%s); retry %d in %.2f s",
                    method,
                    url,
                    type(error).__name__,
                    attempt,
                    delay,
                )
                await asyncio.sleep(delay)

    @staticmethod
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

    async def _send_once(
        self,
        method: str,
        url: str,
        params: dict[str, str] | None,
        headers: dict[str, str],
        data: bytes | None,
        expect: tuple[int, ...],
    ) -> Response:
        session = await self.open()
        try:
            # Requests beyond the pool size queue here, as small coroutines rather than as
            # aiohttp requests holding memory, and their timeout only starts once they go out.
            async with (
                self._slots,
                session.request(
                    method, url, params=params, headers=headers, data=data, proxy=self._proxy
                ) as resp,
            ):
                payload = await resp.read()
                status = resp.status
                resp_headers: CIMultiDictProxy[str] = resp.headers
        except aiohttp.ClientSSLError as exc:
            raise TlsError(
                f"TLS handshake with {url.split('/')[2]} failed: {exc}", method=method, url=url
            ) from None
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as exc:
            # The connection was never opened (a connect timeout included): nothing was sent.
            message = str(exc) or type(exc).__name__
            raise TransportError(
                f"cannot connect: {message}", method=method, url=url, before_send=True
            ) from exc
        except (aiohttp.ClientError, asyncio.TimeoutError, TimeoutError) as exc:  # distinct before 3.11
            message = str(exc) or type(exc).__name__
            raise TransportError(f"{method} {url}: {message}", method=method, url=url) from exc
        request_id = resp_headers.get("x-ms-request-id")
        log.debug("aiosm: %s %s -> %d (request id %s)", method, url, status, request_id)
        if status in expect:
            return Response(status, resp_headers, payload, method, url)
        parsed: dict[str, Any] | None = None
        if payload:
            try:
                parsed = parse_document(payload, request_id=request_id)
            except ResponseParseError:
                parsed = None
        fallback = "" if parsed else excerpt(payload).strip()
        raise error_from_response(status, parsed, resp_headers, fallback_message=fallback)
