"""session.subscriptions: get (the subscription itself) and list_role_sizes."""

from __future__ import annotations

from aioresponses import aioresponses
from conftest import BASE, assert_read_headers, doc, only_request, respond_xml, url

from aiosm import ServiceManagementService, ServiceManagementSession

SIZES = (
    "<RoleSize><Name>Small</Name><Label>Small (A1)</Label><Cores>1</Cores><MemoryInMb>1792</MemoryInMb>"
    "<SupportedByWebWorkerRoles>true</SupportedByWebWorkerRoles>"
    "<SupportedByVirtualMachines>true</SupportedByVirtualMachines><MaxDataDiskCount>2</MaxDataDiskCount>"
    "<WebWorkerResourceDiskSizeInMb>230400</WebWorkerResourceDiskSizeInMb>"
    "<VirtualMachineResourceDiskSizeInMb>71680</VirtualMachineResourceDiskSizeInMb></RoleSize>"
    "<RoleSize><Name>Standard_D1</Name><Cores>1</Cores>"
    "<SupportedByWebWorkerRoles>false</SupportedByWebWorkerRoles></RoleSize>"
)


async def test_list_role_sizes(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url("/rolesizes"), doc("RoleSizes", SIZES))
    sizes = await session.subscriptions.list_role_sizes()
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("GET", url("/rolesizes"))
    assert_read_headers(kwargs)
    small, d1 = sizes
    assert (small.name, small.label, small.cores, small.memory_in_mb) == ("Small", "Small (A1)", 1, 1792)
    assert small.supported_by_web_worker_roles is True and small.max_data_disk_count == 2
    assert small.virtual_machine_resource_disk_size_in_mb == 71680
    assert d1.supported_by_web_worker_roles is False and d1.label == "" and d1.memory_in_mb is None


async def test_get_subscription_addresses_the_subscription_itself(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    respond_xml(mock, "GET", BASE, doc("Subscription", "<SubscriptionName>mine</SubscriptionName>"))
    subscription = await session.subscriptions.get()
    method, sent, _ = only_request(mock)
    assert method == "GET" and str(sent) == BASE
    assert subscription.subscription_name == "mine" and subscription.max_core_count is None


async def test_legacy_names(mock: aioresponses) -> None:
    from conftest import make_session

    sms = ServiceManagementService.__new__(ServiceManagementService)
    sms.session = make_session()
    respond_xml(mock, "GET", url("/rolesizes"), doc("RoleSizes", SIZES))
    respond_xml(mock, "GET", BASE, doc("Subscription", "<SubscriptionStatus>Active</SubscriptionStatus>"))
    assert [s.name for s in await sms.list_role_sizes()] == ["Small", "Standard_D1"]
    assert (await sms.get_subscription()).subscription_status == "Active"
    await sms.close()
