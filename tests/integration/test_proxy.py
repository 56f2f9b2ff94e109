"""Through an HTTP proxy: the TLS session to the service is tunnelled with CONNECT, so the proxy
never takes part in TLS and the client certificate is only ever offered to the service."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest

from aiosm.emulator import Emulator


@dataclass
class ConnectProxy:
    """A minimal CONNECT proxy on loopback that records what it was asked and what it relayed."""

    port: int = 0
    targets: list[str] = field(default_factory=list)
    first_tunnel_bytes: list[bytes] = field(default_factory=list)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, first: list[bytes]) -> None:
    try:
        while data := await reader.read(65536):
            if not first:
                first.append(data)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


@contextlib.asynccontextmanager
async def connect_proxy() -> AsyncIterator[ConnectProxy]:
    proxy = ConnectProxy()
    tasks: set[asyncio.Task[None]] = set()

    async def handle(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        head = await client_reader.readuntil(b"\r\n\r\n")
        method, target, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
        if method != "CONNECT":
            client_writer.write(b"HTTP/1.1 405 Method Not Allowed\r\n\r\n")
            client_writer.close()
            return
        proxy.targets.append(target)
        host, port = target.rsplit(":", 1)
        server_reader, server_writer = await asyncio.open_connection(host, int(port))
        client_writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await client_writer.drain()
        up = asyncio.create_task(_pipe(client_reader, server_writer, proxy.first_tunnel_bytes))
        down = asyncio.create_task(_pipe(server_reader, client_writer, []))
        tasks.update((up, down))
        await asyncio.gather(up, down)

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    proxy.port = server.sockets[0].getsockname()[1]
    try:
        yield proxy
    finally:
        server.close()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await server.wait_closed()


def _authority(emu: Emulator) -> str:
    return emu.endpoint.split("://", 1)[1]


async def test_requests_are_tunnelled_through_an_http_proxy(emu: Emulator) -> None:
    async with connect_proxy() as proxy:
        async with emu.session(proxy=f"http://127.0.0.1:{proxy.port}") as session:
            locations = await session.locations.list()
    assert "West US" in [location.name for location in locations]
    assert proxy.targets == [_authority(emu)]
    # What went through the tunnel was TLS (a handshake record), opened by the client with the service.
    assert proxy.first_tunnel_bytes and proxy.first_tunnel_bytes[0][0] == 0x16


async def test_the_environment_proxy_is_used_when_trust_env_is_set(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with connect_proxy() as proxy:
        monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{proxy.port}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        async with emu.session(trust_env=True) as session:
            await session.locations.list()
        async with emu.session() as session:  # trust_env defaults to False: no proxy
            await session.locations.list()
    assert proxy.targets == [_authority(emu)]
