"""Injected faults, and how the client's retries and waits recover from them."""

from __future__ import annotations

import pytest

from aiosm import OperationFailedError, ServerError, ServiceManagementSession, TransportError
from aiosm.emulator import Emulator

from .conftest import FAST_POLL, FAST_RETRY


async def test_server_busy_get_is_retried(emu: Emulator, sms: ServiceManagementSession) -> None:
    emu.inject_fault("server_busy", count=2, path_pattern="/locations$", retry_after=0)
    assert len(await sms.locations.list()) == 8
    assert emu.faults.hits["server_busy"] == 2


async def test_internal_error_get_is_retried_but_mutation_is_not(
    emu: Emulator, sms: ServiceManagementSession
) -> None:
    emu.inject_fault("internal_error", count=1, method="GET")
    assert len(await sms.locations.list()) == 8
    emu.inject_fault("internal_error", count=1, method="POST")
    with pytest.raises(ServerError) as info:
        await sms.hosted_services.create("svc", "svc", location="West US")
    assert info.value.status == 500 and info.value.code == "InternalError"
    assert emu.faults.hits["internal_error"] == 2
    assert await sms.hosted_services.list() == []


async def test_connection_reset(emu: Emulator, sms: ServiceManagementSession) -> None:
    emu.inject_fault("reset", count=1, method="GET", path_pattern="/locations$")
    assert len(await sms.locations.list()) == 8
    assert emu.faults.hits["reset"] == 1
    emu.inject_fault("reset", count=1, method="POST")
    with pytest.raises(TransportError):
        await sms.hosted_services.create("svc", "svc", location="West US")


async def test_wait_survives_busy_poll(emu: Emulator, sms: ServiceManagementSession) -> None:
    emu.set_progression("create_storage_account", polls=2)
    op = await sms.storage_accounts.create("store", None, "l", location="West US")
    emu.inject_fault("server_busy", count=1, path_pattern="/operations/", retry_after=0)
    final = await op.wait(poll_interval=0)
    assert final.succeeded
    assert emu.faults.hits["server_busy"] == 1


async def test_operation_ends_failed(emu: Emulator, sms: ServiceManagementSession) -> None:
    emu.inject_fault("operation_failed", count=1)
    op = await sms.storage_accounts.create("store", None, "l", location="West US")
    with pytest.raises(OperationFailedError) as info:
        await op
    assert info.value.code == "InternalError" and info.value.http_status == 500
    assert await sms.storage_accounts.list() == []


async def test_slow_answer(emu: Emulator, sms: ServiceManagementSession) -> None:
    emu.inject_fault("slow", count=1, delay=0.01)
    assert len(await sms.locations.list()) == 8
    assert emu.faults.hits["slow"] == 1


async def test_throttling_per_subscription(emu: Emulator) -> None:
    emu.set_throttle(2, period=3600, status=429)
    async with emu.session(retry=FAST_RETRY.__class__(max_attempts=1), poll=FAST_POLL) as sms:
        await sms.locations.list()
        await sms.locations.list()
        from aiosm import ThrottledError

        with pytest.raises(ThrottledError) as info:
            await sms.locations.list()
        assert info.value.status == 429
    emu.set_throttle(None)
    async with emu.session(retry=FAST_RETRY) as sms:
        assert len(await sms.locations.list()) == 8


async def test_seeded_probability_repeats(emu: Emulator) -> None:
    from aiosm.emulator.faults import Fault, Faults

    def run(seed: int) -> list[bool]:
        faults = Faults(seed)
        faults.add(Fault("503", count=None, probability=0.5))
        return [faults.pick("GET", "/x") is not None for _ in range(20)]

    assert run(7) == run(7)
    assert 0 < sum(run(7)) < 20


async def test_reset_forgets_everything(emu: Emulator, sms: ServiceManagementSession) -> None:
    await (await sms.hosted_services.create("svc", "svc", location="West US"))
    emu.inject_fault("server_busy", count=None, path_pattern="/nothing-matches")
    emu.reset()
    assert await sms.hosted_services.list() == []
    assert emu.faults.rules == []
