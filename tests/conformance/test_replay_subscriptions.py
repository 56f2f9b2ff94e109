"""get_subscription, replayed from the recording."""

from __future__ import annotations

from datetime import datetime, timezone

from .replay import replaying


async def test_get_subscription() -> None:
    async with replaying("test_legacy_mgmt_misc.test_get_subscription") as (rec, replayer, session):
        replayer.serve(0)
        sub = await session.subscriptions.get()
    assert sub.subscription_id == "00000000-0000-0000-0000-000000000000"
    assert sub.subscription_name == "PTVSAazure @ outlook.com account for IPython Team"
    assert sub.subscription_status == "Active"
    assert sub.account_admin_live_email_id == "ptvsaz@microsoft.com"
    assert sub.service_admin_live_email_id == "ptvsazure@outlook.com"
    assert (sub.max_core_count, sub.current_core_count) == (20, 9)
    assert (sub.max_storage_accounts, sub.current_storage_accounts) == (100, 45)
    assert (sub.max_hosted_services, sub.current_hosted_services) == (20, 11)
    assert (sub.max_reserved_ips, sub.current_reserved_ips) == (20, 2)
    assert sub.max_public_ip_count == 5
    assert sub.max_routes_per_route_table == 100
    assert sub.aad_tenant_id == "72f988bf-86f1-41af-91ab-2d7cd011db47"
    assert sub.offer_categories.startswith("Azure_Platform_All;")
    assert sub.created_time == datetime(2012, 5, 2, 1, 53, 33, tzinfo=timezone.utc)
    assert len(rec.interactions) == 1
