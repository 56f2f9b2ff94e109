"""The fixtures of aiosm.testing (loaded through the pytest11 entry point)."""

from __future__ import annotations

from aiosm import ServiceManagementSession
from aiosm.emulator import Emulator


async def test_fixtures_give_a_fresh_emulator(
    asm_emulator: Emulator, asm_session: ServiceManagementSession
) -> None:
    assert asm_session.endpoint == asm_emulator.endpoint
    assert await asm_session.hosted_services.list() == []
    await (await asm_session.hosted_services.create("plugin", "plugin", location="West US"))
    assert [s.service_name for s in await asm_session.hosted_services.list()] == ["plugin"]
