"""get_subscription and list_role_sizes against the emulator, natively and by their legacy names."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from aiosm import ServiceManagementSession
from aiosm.emulator import Emulator
from aiosm.emulator import subscriptions as emulated_subscriptions
from aiosm.errors import AuthenticationError, BadRequestError, InvalidInputError
from aiosm.operations import operation_id


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


async def test_subscription_operations_window_filters_and_paging(
    emu: Emulator, sms: ServiceManagementSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = datetime.now(timezone.utc) - timedelta(minutes=1)
    created = await sms.hosted_services.create("opsvc", "l", location="West US")
    await created
    ips = []
    for name in ("opip1", "opip2", "opip3"):
        op = await sms.reserved_ips.create(name, None, "West US")
        await op
        ips.append(op.request_id)
    end = datetime.now(timezone.utc) + timedelta(minutes=1)
    page = await sms.subscriptions.list_operations(start, end)
    assert page.continuation_token == ""
    names = [o.operation_name for o in page.subscription_operations]
    assert names == ["CreateHostedService"] + ["CreateReservedIpAddress"] * 3
    first = page.subscription_operations[0]
    assert first.operation_id == operation_id(created.request_id)
    assert first.operation_object_id == f"/{emu.subscription_id}/services/hostedservices"
    assert first.operation_status is not None and first.operation_status.status == "Succeeded"
    assert first.operation_status.http_status_code == 200
    assert first.operation_started_time is not None and start <= first.operation_started_time <= end
    assert first.operation_completed_time is not None
    # Only the operations on one object.
    object_id = f"/{emu.subscription_id}/services/networking/reservedips"
    mine = await sms.subscriptions.list_operations(start, end, object_id_filter=object_id)
    assert [o.operation_id for o in mine.subscription_operations] == [operation_id(r) for r in ips]
    assert (
        await sms.subscriptions.list_operations(start, end, operation_result_filter="Failed")
    ).subscription_operations == []
    # Outside the window: nothing.
    before = await sms.subscriptions.list_operations(start - timedelta(hours=2), start - timedelta(hours=1))
    assert before.subscription_operations == []
    # Paging: two per page, by continuation token, until it is empty.
    monkeypatch.setattr(emulated_subscriptions, "OPERATIONS_PAGE", 2)
    seen, token, pages = [], None, 0
    while True:
        part = await sms.subscriptions.list_operations(start, end, continuation_token=token)
        seen += [o.operation_id for o in part.subscription_operations]
        pages += 1
        token = part.continuation_token or None
        if token is None:
            break
    assert pages == 2 and seen == [o.operation_id for o in page.subscription_operations]
    async with emu.service() as legacy:
        legacy_page = await legacy.list_subscription_operations(
            start.strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ"), None, None, None
        )
    assert len(legacy_page.subscription_operations) == 2 and legacy_page.continuation_token


async def test_subscription_operations_rules(sms: ServiceManagementSession) -> None:
    now = datetime.now(timezone.utc)
    with pytest.raises(InvalidInputError) as caught:
        await sms.subscriptions.list_operations(end_time=now)
    assert caught.value.field == "start_time"
    with pytest.raises(InvalidInputError):
        await sms.subscriptions.list_operations("yesterday", now)
    with pytest.raises(BadRequestError):
        await sms.subscriptions.list_operations(now, now - timedelta(days=1))
    with pytest.raises(BadRequestError):
        await sms.subscriptions.list_operations(now, now, operation_result_filter="Maybe")
    with pytest.raises(BadRequestError):
        await sms.subscriptions.list_operations(now, now, continuation_token="!!not-a-token!!")


async def test_list_subscriptions_needs_an_aad_token(emu: Emulator, sms: ServiceManagementSession) -> None:
    """``GET /subscriptions`` (at the root) is refused with a management certificate, as on Azure."""
    with pytest.raises(AuthenticationError) as caught:
        await sms.subscriptions.list_all()
    assert caught.value.status == 403
    async with emu.service() as legacy:
        with pytest.raises(AuthenticationError):
            await legacy.list_subscriptions()
