"""The only module that sends HTTP: URLs, the pipeline, and the wire transports.

:class:`Transport` is what a session holds: it builds each :class:`~aiosm.pipeline.Request`
(absolute URL, query, encoded body) and runs it through the policy pipeline
(:mod:`aiosm.pipeline`) to a wire transport: :class:`AiohttpTransport` (one pooled
``aiohttp`` session over mutual TLS) or, in tests, :class:`MockTransport`.
"""

from __future__ import annotations

import asyncio
import contextvars
import ssl
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol
from urllib.parse import quote

import aiohttp

from . import __version__
from .errors import (
    AsmError,
    InvalidInputError,
    ResponseTooLargeError,
    SessionClosedError,
    TlsError,
    TransportError,
)
from .pipeline import (
    HeadersStage,
    LogStage,
    Policy,
    RedirectStage,
    Request,
    Response,
    RetryPolicy,
    RetryStage,
    StatusStage,
    run_pipeline,
)
from .xml import XmlModel

__all__ = [
    "DEFAULT_API_VERSION",
    "DEFAULT_CONNECTION_LIMIT",
    "DEFAULT_ENDPOINT",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "AiohttpTransport",
    "MockTransport",
    "Request",
    "Response",
    "RetryPolicy",
    "Transport",
    "WireTransport",
]

DEFAULT_ENDPOINT = "https://management.core.windows.net"
DEFAULT_API_VERSION = "2014-10-01"
DEFAULT_CONNECTION_LIMIT = 16
"""Connections in a session's pool. A request holds one for milliseconds while thousands of
operations may be in flight, and each TLS connection costs ~300 kB (asyncio's SSL buffers): a
small pool costs no wall time (benchmarks/RESULTS.md, section 1) and a tenth of the memory."""
DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024
"""Far above the largest real answer (the public OS image list is a few MB)."""
_SAFE_PATH = "/()$=',~"
_ADMISSION_FACTOR = 4
_ADMISSION_MIN = 64
"""Requests in the pipeline at once: a few times ``connection_limit`` (retry back-offs hold none
of the pool), at least this many."""

SSLContextFactory = Callable[[], Awaitable[ssl.SSLContext]]


class WireTransport(Protocol):
    """The last step of the pipeline: sends a request and returns the answer, whatever its status."""

    async def open(self) -> None:
        """Prepare to send (open pools, load certificates)."""
        ...

    async def send(self, request: Request) -> Response:
        """Send ``request``; raise :class:`~aiosm.errors.TransportError` when no answer came."""
        ...

    async def close(self) -> None:
        """Release what ``open`` took; later sends fail with ``SessionClosedError``."""
        ...


def _tls_refusal(exc: BaseException) -> ssl.SSLError | None:
    """The TLS alert in an exception's chain, if the peer refused the handshake (e.g. our certificate)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLError) and "ALERT" in (current.reason or "").upper():
            return current
        current = current.__cause__ or current.__context__
    return None


_NEW_CONNECTION: contextvars.ContextVar[dict[str, bool] | None] = contextvars.ContextVar(
    "aiosm_new_connection", default=None
)


class _Connector(aiohttp.TCPConnector):
    """Marks the request being sent when it needed a new connection (see ``AiohttpTransport.send``)."""

    async def _create_connection(self, *args: Any, **kwargs: Any) -> Any:
        mark = _NEW_CONNECTION.get()
        if mark is not None:
            mark["new"] = True
        return await super()._create_connection(*args, **kwargs)


class AiohttpTransport:
    """Sends requests over one pooled :class:`aiohttp.ClientSession` (mutual TLS).

    The pool opens on first use; ``ssl_context`` is awaited then (it reads certificate
    files, so the session builds it off the event loop). At most ``connection_limit``
    requests are on the wire at once; the others wait here, as small coroutines, and their
    timeout only starts once they are sent. Redirects are never followed here and bodies are
    never decompressed; an answer larger than ``max_response_bytes`` is a typed error.
    """

    def __init__(
        self,
        ssl_context: SSLContextFactory,
        *,
        timeout: float = 65.0,
        connect_timeout: float = 20.0,
        connection_limit: int = DEFAULT_CONNECTION_LIMIT,
        proxy: str | None = None,
        trust_env: bool = False,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._ssl_factory = ssl_context
        self._timeout = timeout
        self._connect_timeout = connect_timeout
        self._limit = connection_limit
        self._proxy = proxy
        self._trust_env = trust_env
        self._max_bytes = max_response_bytes
        self._session: aiohttp.ClientSession | None = None
        self._opening: asyncio.Lock | None = None
        self._slots = asyncio.Semaphore(connection_limit)
        self._closed = False

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._closed

    async def open(self) -> None:
        """Load the certificate and open the pool (once)."""
        await self._open()

    async def _open(self) -> aiohttp.ClientSession:
        if self._session is not None:
            return self._session
        if self._closed:
            raise SessionClosedError()
        if self._opening is None:
            self._opening = asyncio.Lock()
        async with self._opening:
            if self._session is None:
                context = await self._ssl_factory()
                if self._closed:  # closed while the certificate was loading
                    raise SessionClosedError()
                connector = _Connector(ssl=context, limit=self._limit, limit_per_host=0)
                self._session = aiohttp.ClientSession(
                    connector=connector,
                    timeout=aiohttp.ClientTimeout(total=self._timeout, sock_connect=self._connect_timeout),
                    trust_env=self._trust_env,
                    skip_auto_headers=("Accept-Encoding",),
                    auto_decompress=False,
                )
        return self._session

    async def close(self) -> None:
        """Close the pool; queued and later requests fail with ``SessionClosedError``."""
        self._closed = True
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    async def send(self, request: Request) -> Response:
        """Send one request (no retry here) and return its answer, whatever the status."""
        session = self._session
        if session is None:
            session = await self._open()
        method, url = request.method, request.url
        timeout = (
            aiohttp.ClientTimeout(total=request.timeout, sock_connect=self._connect_timeout)
            if request.timeout is not None
            else None
        )
        trace: dict[str, bool] = {}
        marker = _NEW_CONNECTION.set(trace)
        try:
            async with self._slots:
                if self._closed:
                    raise SessionClosedError()
                async with session.request(
                    method,
                    url,
                    params=request.query or None,
                    headers=request.headers,
                    data=request.body,
                    proxy=self._proxy,
                    allow_redirects=False,
                    timeout=timeout,
                ) as resp:
                    payload = await self._read(resp, request)
                    status = resp.status
                    headers = resp.headers
        except AsmError:
            raise
        except RuntimeError as exc:
            if self._closed:
                raise SessionClosedError() from None
            raise TransportError(f"{method} {url}: {exc}", method=method, url=url) from exc
        except aiohttp.ClientSSLError as exc:
            raise TlsError(
                f"TLS handshake with {url.split('/')[2]} failed: {exc}. If the service uses a private "
                "CA (the emulator does), trust it with ca_file=",
                method=method,
                url=url,
            ) from None
        except aiohttp.ClientConnectorError as exc:
            if isinstance(exc.os_error, (ConnectionResetError, ssl.SSLError)):
                # TCP connected, then the peer reset the TLS handshake: it does not speak TLS 1.2+
                # or refused our certificate. Retrying cannot help.
                raise TlsError(
                    f"{url.split('/')[2]} reset the TLS handshake ({exc.os_error}): it may not speak "
                    "TLS 1.2 or newer, or it refused the client certificate",
                    method=method,
                    url=url,
                ) from None
            message = str(exc) or type(exc).__name__
            raise TransportError(
                f"cannot connect: {message}", method=method, url=url, before_send=True
            ) from exc
        except aiohttp.ConnectionTimeoutError as exc:
            # The connection was never opened (a connect timeout included): nothing was sent.
            message = str(exc) or type(exc).__name__
            raise TransportError(
                f"cannot connect: {message}", method=method, url=url, before_send=True
            ) from exc
        except aiohttp.ServerDisconnectedError as exc:
            if trace.get("new"):
                # TLS 1.3 sends a refused client certificate's alert after the handshake: the first
                # request on a brand-new connection then sees the server hang up with no answer.
                raise TlsError(
                    f"{url.split('/')[2]} closed a new TLS connection without answering: the client "
                    "certificate was most likely refused (is it registered for this subscription?)",
                    method=method,
                    url=url,
                ) from None
            raise TransportError(f"{method} {url}: {exc}", method=method, url=url) from exc
        except (aiohttp.ClientError, asyncio.TimeoutError, TimeoutError) as exc:  # distinct before 3.11
            refusal = _tls_refusal(exc)
            if refusal is not None:
                raise TlsError(
                    f"{url.split('/')[2]} refused the TLS session ({refusal.reason}): the client "
                    "certificate is not accepted (is it registered for this subscription?)",
                    method=method,
                    url=url,
                ) from None
            message = str(exc) or type(exc).__name__
            raise TransportError(f"{method} {url}: {message}", method=method, url=url) from exc
        finally:
            _NEW_CONNECTION.reset(marker)
        return Response(status, headers, payload, method, url)

    async def _read(self, resp: aiohttp.ClientResponse, request: Request) -> bytes:
        limit = self._max_bytes
        declared = resp.content_length
        if declared is not None:
            if declared > limit:
                raise ResponseTooLargeError(request.method, request.url, limit)
            return await resp.read()  # the common case: a known, acceptable length
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_chunked(1 << 16):
            size += len(chunk)
            if size > limit:
                raise ResponseTooLargeError(request.method, request.url, limit)
            chunks.append(chunk)
        return b"".join(chunks)


Handler = Callable[[Request], Awaitable[Response]]


class MockTransport:
    """A wire transport that answers with ``handler(request)``: the seam for unit tests.

    ::

        async def handler(request):
            return Response(200, {"x-ms-request-id": "1"}, b"<Locations/>", request.method, request.url)

        session = ServiceManagementSession(sub, ssl_context, transport=MockTransport(handler))
    """

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[Request] = []
        self._closed = False

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._closed

    async def open(self) -> None:
        """Nothing to open."""
        if self._closed:
            raise SessionClosedError()

    async def send(self, request: Request) -> Response:
        """Record ``request`` and return the handler's answer."""
        if self._closed:
            raise SessionClosedError()
        self.requests.append(request)
        return await self.handler(request)

    async def close(self) -> None:
        """Refuse later requests."""
        self._closed = True


class Transport:
    """What a session sends through: URLs, then the pipeline, then the wire transport.

    ``policies`` are the user's (outermost, once per logical request); the built-in stages
    (retry, headers, logging, redirects, status mapping) follow.
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
        connection_limit: int = DEFAULT_CONNECTION_LIMIT,
        retry: RetryPolicy | None = None,
        proxy: str | None = None,
        trust_env: bool = False,
        user_agent: str | None = None,
        policies: Sequence[Policy] = (),
        redirect_hosts: Sequence[str] = (),
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        wire: WireTransport | None = None,
    ) -> None:
        if connection_limit < 1:
            raise InvalidInputError("connection_limit", "must be at least 1")
        if max_response_bytes < 1:
            raise InvalidInputError("max_response_bytes", "must be at least 1")
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
        self.timeout: float | None = None
        """Per-request timeout override (set by ``session.with_options``)."""
        self.wire: WireTransport = wire or AiohttpTransport(
            ssl_context,
            timeout=timeout,
            connect_timeout=connect_timeout,
            connection_limit=connection_limit,
            proxy=proxy,
            trust_env=trust_env,
            max_response_bytes=max_response_bytes,
        )
        self._user_agent = user_agent or f"aiosm/{__version__}"
        self._policies = tuple(policies)
        self._redirect_hosts = tuple(redirect_hosts)
        self._send = self._build()
        self._wire_open = False
        self._admission = asyncio.Semaphore(max(_ADMISSION_FACTOR * connection_limit, _ADMISSION_MIN))

    def _build(self) -> Callable[[Request], Awaitable[Response]]:
        stages: list[Policy] = [
            *self._policies,
            RetryStage(self.retry),
            HeadersStage(self.api_version, self._user_agent),
            LogStage(),
            RedirectStage(self.endpoint, self._redirect_hosts),
            StatusStage(),
        ]
        return run_pipeline(stages, self.wire.send)

    def with_options(self, *, timeout: float | None = None, retry: RetryPolicy | None = None) -> Transport:
        """A view of this transport (same pool and pipeline) whose requests use other defaults."""
        view = object.__new__(Transport)
        view.__dict__.update(self.__dict__)
        if timeout is not None:
            if timeout <= 0:
                raise InvalidInputError("timeout", "must be positive")
            view.timeout = timeout
        if retry is not None:
            view.retry = retry
        view._send = view._build()
        return view

    # -- lifecycle -------------------------------------------------------------------

    async def open(self) -> None:
        """Open the wire transport (loads the certificate)."""
        await self.wire.open()

    async def close(self) -> None:
        """Close the wire transport."""
        await self.wire.close()

    @property
    def closed(self) -> bool:
        """Whether the session was closed."""
        return bool(getattr(self.wire, "closed", False))

    @property
    def _session(self) -> aiohttp.ClientSession | None:
        wire = self.wire
        return wire._session if isinstance(wire, AiohttpTransport) else None

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
        content_type: str | None = None,
        operation: str | None = None,
    ) -> Response:
        """Send one request through the pipeline and return its (2xx) answer.

        Raises the :mod:`aiosm.errors` class matching the failure.
        """
        if not self._wire_open:
            await self.wire.open()  # loads the certificate, which may set the subscription and endpoint
            self._wire_open = True  # a closed wire refuses in send(); no need to ask again
        # Thousands of operations may want a request at once: the ones beyond a few times the pool
        # wait here, before their request and pipeline exist (a few hundred bytes each, not kBs).
        async with self._admission:
            headers: dict[str, str] = {}
            if api_version:
                headers["x-ms-version"] = api_version
            if content_type:
                headers["Content-Type"] = content_type
            data = body.to_xml() if isinstance(body, XmlModel) else body
            request = Request(
                method,
                self.url(path),
                headers,
                query or None,
                data,
                timeout=self.timeout,
                retry=self.retry,
                operation=operation,
            )
            return await self._send(request)
