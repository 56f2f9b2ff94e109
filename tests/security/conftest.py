"""A hostile ASM server on loopback (TLS, the emulator's throw-away CA) that answers whatever a test
scripts, and records what the client sent: the fixture for attacks against the client."""

from __future__ import annotations

import ssl
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from aiosm import PollPolicy, RetryPolicy, ServiceManagementSession
from aiosm.emulator import Emulator, running
from aiosm.emulator.certs import CertificateBundle, ensure_certificates

SUB = "8f1a2b3c-0000-4d5e-9f00-123456789abc"
NS = 'xmlns="http://schemas.microsoft.com/windowsazure" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"'
FAST_RETRY = RetryPolicy(max_attempts=2, backoff_base=0.0, backoff_max=0.0)
FAST_POLL = PollPolicy(initial=0.0, jitter=0.0, timeout=10.0)


@dataclass
class Answer:
    """One scripted answer: status, body (bytes) and headers."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Seen:
    """One request the hostile server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Script = Answer | Callable[[web.Request], Awaitable[web.StreamResponse]]


class HostileServer:
    """Serves scripted answers in order (then ``default``); ``seen`` lists every request received."""

    def __init__(self, bundle: CertificateBundle) -> None:
        self.bundle = bundle
        self.answers: deque[Script] = deque()
        self.default: Script = Answer(200, b"", {"x-ms-request-id": "0" * 32})
        self.seen: list[Seen] = []
        self.endpoint = ""
        self._runner: web.AppRunner | None = None

    def answer(
        self, status: int = 200, body: bytes | str = b"", headers: dict[str, str] | None = None
    ) -> None:
        """Queue an answer (XML content type and a request id unless ``headers`` say otherwise)."""
        data = body.encode() if isinstance(body, str) else body
        merged = {"Content-Type": "application/xml", "x-ms-request-id": "f" * 32, **(headers or {})}
        self.answers.append(Answer(status, data, merged))

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.seen.append(Seen(request.method, request.path, dict(request.headers), await request.read()))
        script = self.answers.popleft() if self.answers else self.default
        if isinstance(script, Answer):
            return web.Response(status=script.status, body=script.body, headers=script.headers)
        return await script(request)

    async def start(self) -> HostileServer:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.bundle.server_file)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=ctx)
        await site.start()
        self.endpoint = f"https://127.0.0.1:{self._runner.addresses[0][1]}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def session(self, **options: Any) -> ServiceManagementSession:
        """A session for this server: the emulator's management certificate, its CA trusted."""
        options.setdefault("endpoint", self.endpoint)
        options.setdefault("ca_file", str(self.bundle.ca_file))
        options.setdefault("retry", FAST_RETRY)
        options.setdefault("poll", FAST_POLL)
        return ServiceManagementSession(SUB, str(self.bundle.certificate_file), **options)


@pytest.fixture(scope="session")
def hostile_bundle(tmp_path_factory: pytest.TempPathFactory) -> CertificateBundle:
    directory: Path = tmp_path_factory.mktemp("hostile-certs")
    return ensure_certificates(directory)


@pytest.fixture
async def hostile(hostile_bundle: CertificateBundle) -> AsyncIterator[HostileServer]:
    """A hostile server on 127.0.0.1 (random port), stopped after the test."""
    server = await HostileServer(hostile_bundle).start()
    try:
        yield server
    finally:
        await server.stop()


def asm(root: str, inner: str = "") -> str:
    """A document in the ASM namespace."""
    return f"<{root} {NS}>{inner}</{root}>"


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    """A real emulator on loopback."""
    async with running(seed=1) as emulator:
        yield emulator


def client_context(emulator: Emulator) -> ssl.SSLContext:
    """A TLS context presenting the emulator's management certificate and trusting its CA."""
    ctx = ssl.create_default_context(cafile=str(emulator.ca_file))
    ctx.load_cert_chain(str(emulator.certificate_file))
    return ctx


async def raw(
    emulator: Emulator,
    method: str,
    path: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> tuple[int, str, bytes]:
    """Send one raw request to the emulator; ``(status, content type, body)`` of its answer."""
    sub_path = path.replace("{sub}", emulator.subscription_id)
    sent = {"x-ms-version": "2014-10-01", "Content-Type": "application/xml", **(headers or {})}
    connector = aiohttp.TCPConnector(ssl=client_context(emulator))
    async with (
        aiohttp.ClientSession(connector=connector) as http,
        http.request(method, emulator.endpoint + sub_path, data=body, headers=sent) as resp,
    ):
        return resp.status, resp.headers.get("Content-Type", ""), await resp.read()
