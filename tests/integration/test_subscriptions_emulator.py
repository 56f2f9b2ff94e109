"""get_subscription and list_role_sizes against the emulator, natively and by their legacy names."""

from __future__ import annotations

from aiosm import ServiceManagementSession
from aiosm.emulator import Emulator


async def test_subscription_counts_what_exists(emu: Emulator, sms: ServiceManagementSession) -> None:
    before = await sms.subscriptions.get()
    assert before.subscription_id == emu.subscription_id
    assert before.subscription_status == "Active"
    await (await sms.hosted_services.create("subsvc", "l", location="West US"))
    await (await sms.storage_accounts.create("substore", None, "l", location="West US"))
    after = await sms.subscriptions.get()
    assert after.current_hosted_services == (before.current_hosted_services or 0) + 1
    assert after.current_storage_accounts == (before.current_storage_accounts or 0) + 1
    assert after.max_hosted_services and after.max_core_count


async def test_role_sizes_catalogue(emu: Emulator) -> None:
    async with emu.service() as legacy:
        sizes = await legacy.list_role_sizes()
        subscription = await legacy.get_subscription()
    by_name = {s.name: s for s in sizes}
    assert {"ExtraSmall", "Small", "Standard_D1"} <= set(by_name)
    assert by_name["Small"].cores == 1 and by_name["Small"].memory_in_mb == 1792
    assert by_name["Basic_A0"].supported_by_web_worker_roles is False
    assert subscription.subscription_id == emu.subscription_id
