"""Issue 11, emulator items: 13 (no private keys left in the temp dir), 14 (service limits, no
request hangs it), 16 (control routes validate JSON; every ASM-surface answer is an ASM <Error>),
17 (control routes need the control token) and 18 (CLI errors: one line, exit 2)."""

from __future__ import annotations

import asyncio
import base64
import os
import socket
import ssl
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from aiosm import BadRequestError, ConflictError
from aiosm.emulator import Emulator
from aiosm.emulator.certs import client_certificate_pem

from .conftest import NS, client_context, raw

CSCFG = (
    '<ServiceConfiguration serviceName="s" '
    'xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration">{roles}'
    "</ServiceConfiguration>"
)


def cscfg(*counts: str) -> str:
    roles = "".join(f'<Role name="R{i}"><Instances count="{c}" /></Role>' for i, c in enumerate(counts))
    return CSCFG.format(roles=roles)


# -- 13: scratch directories ------------------------------------------------------------------

_RUN = """
import asyncio, sys
from aiosm.emulator import Emulator, running

async def main():
    if sys.argv[1] == "stop":
        async with running() as emu:
            assert emu.ca_file.is_file()
    else:  # exit without stopping it
        emu = await Emulator().start()
        assert emu.ca_file.is_file()

asyncio.run(main())
"""


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("aiosm-emulator"))


@pytest.mark.parametrize("how", ["stop", "exit"])
def test_no_private_key_is_left_in_the_temp_dir(tmp_path: Path, how: str) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", _RUN, how], env=env, check=True, timeout=120)
    assert _leftovers(tmp_path) == []


def test_directories_of_dead_processes_are_swept(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    pid = int(dead.stdout)
    stale = tmp_path / f"aiosm-emulator-certs-{pid}-abcd"
    stale.mkdir()
    (stale / "ca.key").write_text("key")
    alive = tmp_path / f"aiosm-emulator-{os.getpid()}-live"  # this very process: kept
    alive.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", _RUN, "stop"], env=env, check=True, timeout=120)
    assert _leftovers(tmp_path) == [alive.name]


def test_scratch_directories_are_private(emu: Emulator) -> None:
    if sys.platform == "win32":
        pytest.skip("POSIX permissions")
    assert (emu.ca_file.parent.stat().st_mode & 0o777) == 0o700


# -- 14: service limits --------------------------------------------------------------------------


async def _create(emu: Emulator, service: str, configuration: str) -> tuple[int, bytes]:
    body = (
        f"<CreateDeployment {NS}><Name>d</Name><PackageUrl>https://x/p.cspkg</PackageUrl>"
        f"<Label>{base64.b64encode(b'd').decode()}</Label>"
        f"<Configuration>{base64.b64encode(configuration.encode()).decode()}</Configuration>"
        "</CreateDeployment>"
    ).encode()
    path = f"/{{sub}}/services/hostedservices/{service}/deploymentslots/production"
    status, _, answer = await raw(emu, "POST", path, body)
    return status, answer


async def test_a_huge_instance_count_is_refused_and_nothing_hangs(emu: Emulator) -> None:
    async with emu.session() as session:
        await session.hosted_services.create("bigsvc", "big", location="West US")
        status, answer = await _create(emu, "bigsvc", cscfg("100000000000"))
        assert status == 409 and b"core quota" in answer
        with pytest.raises(ConflictError):
            await session.deployments.create("bigsvc", "production", "d", "https://x/p", "d", cscfg("1001"))
        # The service is still answered (and has no deployment).
        service = await asyncio.wait_for(session.hosted_services.get("bigsvc", embed_detail=True), 10)
        assert service.deployments == []


@pytest.mark.parametrize("count", ["-1", "0", "x", "1.5", "", "\u0661"])
async def test_an_instance_count_that_is_not_a_positive_integer_is_a_400(emu: Emulator, count: str) -> None:
    async with emu.session() as session:
        await session.hosted_services.create("countsvc", "c", location="West US")
    status, answer = await _create(emu, "countsvc", cscfg(count))
    assert status == 400 and b"positive integers" in answer


async def test_more_than_25_roles_is_a_400(emu: Emulator) -> None:
    async with emu.session() as session:
        await session.hosted_services.create("rolesvc", "r", location="West US")
        with pytest.raises(BadRequestError):
            await session.deployments.create(
                "rolesvc", "production", "d", "https://x/p", "d", cscfg(*["1"] * 26)
            )
        op = await session.deployments.create(
            "rolesvc", "production", "d", "https://x/p", "d", cscfg(*["1"] * 25)
        )
        await op
        with pytest.raises(ConflictError):
            await session.deployments.change_configuration("rolesvc", "d", cscfg("5000"))


# -- 16: ASM answers for what aiohttp refuses, JSON errors on control routes -------------------


async def _raw_http(emu: Emulator, data: bytes) -> tuple[int, bytes, bytes]:
    """Send raw bytes over TLS; (status, headers block, body) of the answer."""
    host, port = emu.endpoint.removeprefix("https://").rsplit(":", 1)
    reader, writer = await asyncio.open_connection(host, int(port), ssl=client_context(emu))
    try:
        writer.write(data)
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), 20)
    finally:
        writer.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), head.lower(), body


def _request(emu: Emulator, method: bytes = b"GET", target: bytes | None = None, extra: bytes = b"") -> bytes:
    target = target or f"/{emu.subscription_id}/locations".encode()
    return (
        method
        + b" "
        + target
        + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nx-ms-version: 2014-10-01\r\n"
        + extra
        + b"Connection: close\r\n\r\n"
    )


@pytest.mark.parametrize(
    ("name", "code"),
    [("bad verb", b"InvalidHttpVerb"), ("bad length", b"InvalidHeaderValue"), ("long line", b"InvalidUri")],
)
async def test_protocol_errors_are_asm_errors(emu: Emulator, name: str, code: bytes) -> None:
    data = {
        "bad verb": _request(emu, b"FOO"),
        "bad length": _request(emu, b"POST", extra=b"Content-Length: -1\r\n"),
        "long line": _request(emu, target=b"/" + b"a" * 20_000),
    }[name]
    status, head, body = await _raw_http(emu, data)
    assert status == 400
    assert b"content-type: application/xml" in head
    assert b"<Code>" + code + b"</Code>" in body and body.startswith(b"<Error")


async def test_a_20_mb_body_is_an_asm_413(emu: Emulator) -> None:
    status, content_type, body = await raw(emu, "POST", "/{sub}/services/hostedservices", b"<" * (20 * 2**20))
    assert status == 413
    assert content_type.startswith("application/xml") and b"<Code>RequestBodyTooLarge</Code>" in body


async def test_an_unknown_path_is_an_asm_404(emu: Emulator) -> None:
    status, content_type, body = await raw(emu, "GET", "/{sub}/no/such/thing")
    assert status == 404 and content_type.startswith("application/xml") and b"<Error" in body


async def _control(
    emu: Emulator, method: str, route: str, body: bytes | None = None, token: str | None = "ok"
) -> tuple[int, dict[str, object]]:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["x-aiosm-emulator-token"] = emu.control_token if token == "ok" else token
    connector = aiohttp.TCPConnector(ssl=client_context(emu))
    async with (
        aiohttp.ClientSession(connector=connector) as http,
        http.request(method, f"{emu.endpoint}/_emulator/{route}", data=body, headers=headers) as resp,
    ):
        assert resp.content_type == "application/json"
        return resp.status, await resp.json()


@pytest.mark.parametrize(
    ("route", "body"),
    [
        ("faults", b"not json"),
        ("faults", b"{}"),
        ("faults", b"[]"),
        ("faults", b'{"kind": "server_busy", "path_pattern": "("}'),
        ("faults", b'{"kind": "server_busy", "probability": "often"}'),
        ("faults", b'{"kind": "slow", "delay": 1e308}'),
        ("faults", b'{"kind": "server_busy", "count": -1}'),
        ("faults", b'{"kind": "server_busy", "surprise": 1}'),
        ("faults", b'{"kind": 5}'),
        ("latency", b"{}"),
        ("latency", b'{"seconds": -1}'),
        ("latency", b'{"seconds": "1"}'),
        ("latency", b'{"seconds": 1, "kind": 3}'),
        ("progression", b'{"polls": 0}'),
        ("progression", b'{"polls": "2"}'),
        ("throttle", b'{"limit": "x"}'),
        ("throttle", b'{"limit": 0}'),
        ("throttle", b'{"limit": 5, "status": 200}'),
        ("throttle", b'{"limit": 5, "period": -1}'),
        ("throttle", b"\xff\xfe"),
    ],
)
async def test_control_routes_answer_400_json_to_bad_specs(emu: Emulator, route: str, body: bytes) -> None:
    status, answer = await _control(emu, "POST", route, body)
    assert status == 400 and isinstance(answer.get("error"), str)
    # ... and the emulator still serves ASM requests normally afterwards.
    async with emu.session() as session:
        assert len(await session.locations.list()) == 8


async def test_control_routes_accept_good_specs(emu: Emulator) -> None:
    assert (await _control(emu, "POST", "faults", b'{"kind": "server_busy", "count": 1}'))[0] == 200
    assert (await _control(emu, "POST", "latency", b'{"seconds": 0.5, "kind": "create_deployment"}'))[
        0
    ] == 200
    assert (await _control(emu, "POST", "progression", b'{"polls": 2}'))[0] == 200
    assert (await _control(emu, "POST", "throttle", b'{"limit": null}'))[0] == 200
    assert (await _control(emu, "DELETE", "faults"))[0] == 200
    assert (await _control(emu, "GET", "stats"))[0] == 200
    assert (await _control(emu, "GET", "nothing-here"))[0] == 404


# -- 17: control routes need the token -------------------------------------------------------


async def test_another_subscriptions_certificate_cannot_reset_without_the_token(
    emu: Emulator, tmp_path: Path
) -> None:
    async with emu.session() as session:
        await session.hosted_services.create("victimsvc", "v", location="West US")
    assert emu.bundle is not None
    other_pem = tmp_path / "other.pem"
    other_pem.write_bytes(client_certificate_pem(emu.bundle, "other tenant"))
    emu.register_certificate("11111111-2222-3333-4444-555555555555", other_pem.read_bytes())
    ctx = ssl.create_default_context(cafile=str(emu.ca_file))
    ctx.load_cert_chain(str(other_pem))
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=ctx)) as http:
        for headers in ({}, {"x-aiosm-emulator-token": "guess"}, {"x-aiosm-emulator-token": "\u00e9"}):
            async with http.post(f"{emu.endpoint}/_emulator/reset", headers=headers) as resp:
                assert resp.status == 403
    async with emu.session() as session:
        assert [s.service_name for s in await session.hosted_services.list()] == ["victimsvc"]
    assert (await _control(emu, "POST", "reset"))[0] == 200
    async with emu.session() as session:
        assert await session.hosted_services.list() == []


# -- 18: CLI errors ----------------------------------------------------------------------------


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aiosm.emulator", "--cert-dir", str(tmp_path / "certs"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )


def test_cli_on_a_busy_port_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = _cli(tmp_path, "--port", str(busy.getsockname()[1]))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "cannot start" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--latency", "-1"],
        ["--latency", "nan"],
        ["--latency", "x"],
        ["--port", "70000"],
        ["--fault", "bogus"],
    ],
)
def test_cli_bad_arguments_print_one_line_and_exit_2(tmp_path: Path, args: list[str]) -> None:
    result = _cli(tmp_path, *args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_a_certificate_directory_the_emulator_makes_is_private(tmp_path: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("POSIX permissions")
    from aiosm.emulator.certs import ensure_certificates

    bundle = ensure_certificates(tmp_path / "fresh")
    assert (bundle.directory.stat().st_mode & 0o777) == 0o700
