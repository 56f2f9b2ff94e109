"""Issue 11, items 1, 6, 8, 9, 11 (every 2xx) and 15: the client against a hostile TLS server, and the
emulator's subscription routing."""

from __future__ import annotations

import asyncio
import gzip
import ssl
from pathlib import Path

import pytest
from aiohttp import web

from aiosm import (
    LinuxConfigurationSet,
    OSVirtualHardDisk,
    RedirectError,
    ResponseParseError,
    ResponseTooLargeError,
    SessionClosedError,
    TlsError,
)
from aiosm.emulator import Emulator
from aiosm.emulator.certs import CertificateBundle, ensure_certificates

from .conftest import HostileServer, asm, client_context, raw

LOCATIONS = asm("Locations", "<Location><Name>West US</Name></Location>")


async def _capture_server() -> tuple[web.AppRunner, list[bytes], int]:
    """A plain-HTTP server on loopback that records every body it receives and answers 200."""
    bodies: list[bytes] = []

    async def capture(request: web.Request) -> web.Response:
        bodies.append(await request.read())
        return web.Response(status=200, headers={"x-ms-request-id": "c" * 32})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", capture)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, bodies, runner.addresses[0][1]


# -- item 1: redirects ------------------------------------------------------------------------------


async def test_a_307_to_plain_http_never_carries_the_vm_password(hostile: HostileServer) -> None:
    runner, captured, port = await _capture_server()
    try:
        hostile.answer(307, headers={"Location": f"http://127.0.0.1:{port}/capture"})
        async with hostile.session() as session:
            with pytest.raises(RedirectError) as info:
                await session.virtual_machines.create_deployment(
                    "svc",
                    "vm",
                    "production",
                    "l",
                    "vm",
                    LinuxConfigurationSet("vm", "azureuser", "Sup3r-Secret!", False),
                    OSVirtualHardDisk("img", "https://s.blob.core.windows.net/v/vm.vhd"),
                )
        assert info.value.status == 307 and "http://" in info.value.location
        assert captured == []  # nothing left over plain HTTP, and no fake success
        assert len(hostile.seen) == 1 and b"Sup3r-Secret!" in hostile.seen[0].body
    finally:
        await runner.cleanup()


async def test_a_302_on_a_get_is_not_followed(hostile: HostileServer) -> None:
    runner, captured, port = await _capture_server()
    try:
        hostile.answer(302, headers={"Location": f"http://127.0.0.1:{port}/locations"})
        async with hostile.session() as session:
            with pytest.raises(RedirectError):
                await session.locations.list()
        assert captured == []
    finally:
        await runner.cleanup()


async def test_a_307_to_the_same_https_host_is_followed_with_the_same_body(hostile: HostileServer) -> None:
    hostile.answer(307, headers={"Location": f"{hostile.endpoint}/elsewhere/services/hostedservices"})
    hostile.answer(201)
    async with hostile.session() as session:
        op = await session.hosted_services.create("mysvc", "l", location="West US")
    assert op.request_id == "f" * 32
    first, second = hostile.seen
    assert second.path == "/elsewhere/services/hostedservices"
    assert first.body == second.body and b"<ServiceName>mysvc</ServiceName>" in second.body


async def test_the_emulator_redirect_fault_is_followed(emu: Emulator) -> None:
    emu.inject_fault("redirect", path_pattern="/locations$")
    async with emu.session() as session:
        assert len(await session.locations.list()) > 0
    assert emu.faults.describe()["hits"]["redirect"] == 1


# -- item 6: bounded answers ------------------------------------------------------------------------


async def test_a_gzip_bomb_is_never_inflated(hostile: HostileServer) -> None:
    bomb = gzip.compress(b"<Locations>" + b" " * (64 * 1024 * 1024) + b"</Locations>")
    assert len(bomb) < 200_000
    hostile.answer(200, bomb, {"Content-Encoding": "gzip"})
    async with hostile.session() as session:
        with pytest.raises(ResponseParseError):
            await session.locations.list()


async def test_an_endless_chunked_answer_stops_at_the_cap(hostile: HostileServer) -> None:
    async def endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/xml"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        await response.write(b"<Locations>")
        try:
            for _ in range(10_000):  # 640 MB if nobody stops reading
                await response.write(b"<Location><Name>x</Name></Location>" * 1800)
        except (ConnectionResetError, RuntimeError):
            pass
        return response

    hostile.answers.append(endless)
    async with hostile.session(max_response_bytes=1_000_000) as session:
        with pytest.raises(ResponseTooLargeError):
            await session.locations.list()
    assert len(hostile.seen) == 1  # not retried


# -- item 8: closing with queued requests ---------------------------------------------------------


async def test_queued_requests_fail_with_a_typed_error_when_the_session_closes(
    hostile: HostileServer,
) -> None:
    release = asyncio.Event()
    two_in_flight = asyncio.Event()

    async def slow(request: web.Request) -> web.StreamResponse:
        if len(hostile.seen) >= 2:
            two_in_flight.set()
        await release.wait()
        return web.Response(body=LOCATIONS.encode(), headers={"x-ms-request-id": "a" * 32})

    hostile.default = slow
    session = hostile.session(connection_limit=2)
    tasks = [asyncio.create_task(session.locations.list()) for _ in range(10)]
    await asyncio.wait_for(two_in_flight.wait(), 10)
    await session.close()
    release.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    queued = [r for r in results if isinstance(r, SessionClosedError)]
    assert len(queued) >= 8
    assert not [r for r in results if isinstance(r, BaseException) and not isinstance(r, Exception)]
    assert all(not isinstance(r, RuntimeError) for r in results)


# -- item 9: refused client certificates and old TLS ----------------------------------------------


async def _tls_server(context: ssl.SSLContext) -> tuple[web.AppRunner, int]:
    async def ok(request: web.Request) -> web.Response:
        return web.Response(body=LOCATIONS.encode(), headers={"x-ms-request-id": "b" * 32})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", ok)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
    await site.start()
    return runner, runner.addresses[0][1]


async def test_an_unknown_client_certificate_is_a_tls_error_not_retried(
    hostile: HostileServer, tmp_path: Path
) -> None:
    other: CertificateBundle = ensure_certificates(tmp_path / "other-ca")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(hostile.bundle.server_file)
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(cafile=str(other.ca_file))  # our client certificate is not from it
    runner, port = await _tls_server(context)
    try:
        async with hostile.session(endpoint=f"https://127.0.0.1:{port}") as session:
            with pytest.raises(TlsError) as info:
                await session.locations.list()
        assert "certificate" in str(info.value)
    finally:
        await runner.cleanup()


@pytest.mark.filterwarnings("ignore:ssl.TLSVersion.TLSv1:DeprecationWarning")
async def test_a_server_that_only_speaks_old_tls_is_a_tls_error(hostile: HostileServer) -> None:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(hostile.bundle.server_file)
    context.maximum_version = ssl.TLSVersion.TLSv1_1
    try:
        context.minimum_version = ssl.TLSVersion.TLSv1
    except ValueError:  # pragma: no cover - an OpenSSL built without old protocols
        pytest.skip("this OpenSSL cannot serve TLS 1.0/1.1")
    runner, port = await _tls_server(context)
    try:
        async with hostile.session(endpoint=f"https://127.0.0.1:{port}") as session:
            with pytest.raises(TlsError):
                await session.locations.list()
    finally:
        await runner.cleanup()


async def test_an_untrusted_server_error_says_how_to_trust_a_private_ca(hostile: HostileServer) -> None:
    session = hostile.session(ca_file=None)  # the hostile server's CA is not trusted
    async with session:
        with pytest.raises(TlsError, match="ca_file="):
            await session.locations.list()
    assert hostile.seen == []


# -- item 11: every 2xx is a success ----------------------------------------------------------------


@pytest.mark.parametrize("status", [200, 203, 206])
async def test_a_status_poll_answered_with_any_2xx_is_read(hostile: HostileServer, status: int) -> None:
    operation = asm("Operation", "<ID>01234567-89ab-cdef-0123-456789abcdef</ID><Status>Succeeded</Status>")
    hostile.answer(202)
    hostile.answer(status, operation)
    async with hostile.session() as session:
        op = await session.storage_accounts.delete("mystore")
        assert (await op).succeeded


# -- item 15: the emulator authorises on the subscription it routes on ------------------------------


async def test_an_encoded_dot_dot_subscription_is_refused_and_creates_nothing(emu: Emulator) -> None:
    body = (
        '<CreateHostedService xmlns="http://schemas.microsoft.com/windowsazure">'
        "<ServiceName>orphan</ServiceName><Label>bA==</Label><Location>West US</Location>"
        "</CreateHostedService>"
    )
    sub = emu.subscription_id
    status, _, answer = await raw(emu, "POST", f"/{sub}%2F..%2F{sub}x/services/hostedservices", body.encode())
    assert status in (403, 404), answer
    async with emu.session() as session:
        assert await session.hosted_services.list() == []
    assert client_context(emu)  # the certificate is the registered one: only the path was hostile
