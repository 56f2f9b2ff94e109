"""session.subscriptions: get (the subscription itself), list_role_sizes, list_operations, list_all."""

from __future__ import annotations

import ssl
from datetime import datetime, timezone

import pytest
from aioresponses import aioresponses
from conftest import BASE, SUB, assert_read_headers, doc, only_request, respond_xml, url

from aiosm import ServiceManagementService, ServiceManagementSession
from aiosm.errors import InvalidInputError

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


OPERATIONS = (
    "<SubscriptionOperations><SubscriptionOperation><OperationId>0123</OperationId>"
    "<OperationObjectId>/sub/services/hostedservices/svc</OperationObjectId>"
    "<OperationName>CreateHostedService</OperationName>"
    '<OperationParameters xmlns:d2p1="http://schemas.datacontract.org/2004/07/Microsoft.WindowsAzure.ServiceManagement">'
    "<OperationParameter><d2p1:Name>serviceName</d2p1:Name><d2p1:Value>svc</d2p1:Value></OperationParameter>"
    "</OperationParameters><OperationCaller><UsedServiceManagementApi>true</UsedServiceManagementApi>"
    "<SubscriptionCertificateThumbprint>AB12</SubscriptionCertificateThumbprint><ClientIP>10.1.2.3</ClientIP>"
    "</OperationCaller><OperationStatus><ID>0123</ID><Status>Succeeded</Status><HttpStatusCode>200</HttpStatusCode>"
    "</OperationStatus><OperationStartedTime>2015-07-01T10:00:00Z</OperationStartedTime>"
    "<OperationCompletedTime>2015-07-01T10:00:02Z</OperationCompletedTime><OperationKind>Create</OperationKind>"
    "</SubscriptionOperation></SubscriptionOperations><ContinuationToken>next-page</ContinuationToken>"
)


async def test_list_operations(session: ServiceManagementSession, mock: aioresponses) -> None:
    start, end = datetime(2015, 7, 1, tzinfo=timezone.utc), datetime(2015, 7, 2, 3, 4, 5)
    target = url(
        "/operations",
        StartTime="2015-07-01T00:00:00Z",
        EndTime="2015-07-02T03:04:05Z",
        OperationResultFilter="Succeeded",
        ContinuationToken="tok",
    )
    respond_xml(mock, "GET", target, doc("SubscriptionOperationCollection", OPERATIONS))
    page = await session.subscriptions.list_operations(
        start, end, operation_result_filter="Succeeded", continuation_token="tok"
    )
    method, sent, kwargs = only_request(mock)
    assert (method, sent.path) == ("GET", target.path)
    assert dict(sent.query) == dict(target.query)
    assert_read_headers(kwargs)
    assert page.continuation_token == "next-page"
    (op,) = page.subscription_operations
    assert (op.operation_id, op.operation_name, op.operation_kind) == (
        "0123",
        "CreateHostedService",
        "Create",
    )
    assert op.operation_object_id == "/sub/services/hostedservices/svc"
    assert op.operation_parameters == {"serviceName": "svc"}
    assert op.operation_caller is not None and op.operation_caller.client_ip == "10.1.2.3"
    assert op.operation_caller.used_service_management_api is True
    assert op.operation_status is not None and op.operation_status.http_status_code == 200
    assert op.operation_completed_time == datetime(2015, 7, 1, 10, 0, 2, tzinfo=timezone.utc)


async def test_list_operations_sends_text_times_unchanged(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    target = url("/operations", StartTime="2015-07-01", EndTime="2015-07-02T00:00:00.5+02:00")
    respond_xml(mock, "GET", target, doc("SubscriptionOperationCollection"))
    page = await session.subscriptions.list_operations("2015-07-01", "2015-07-02T00:00:00.5+02:00")
    assert page.subscription_operations == [] and page.continuation_token == ""


async def test_list_operations_needs_a_window(session: ServiceManagementSession, mock: aioresponses) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.subscriptions.list_operations()
    assert caught.value.field == "start_time"
    with pytest.raises(InvalidInputError) as caught:
        await session.subscriptions.list_operations("2015-07-01T00:00:00Z", "tomorrow")
    assert caught.value.field == "end_time"
    assert not mock.requests


async def test_list_subscriptions_at_the_endpoint_root(mock: aioresponses) -> None:
    target = "https://management.core.windows.net/subscriptions"
    respond_xml(
        mock,
        "GET",
        target,
        doc(
            "Subscriptions", "<Subscription><SubscriptionID>a</SubscriptionID></Subscription><Subscription/>"
        ),
    )
    async with ServiceManagementService(SUB, ssl.create_default_context()) as sms:
        subscriptions = await sms.list_subscriptions()
    assert [s.subscription_id for s in subscriptions] == ["a", ""]
    method, sent, kwargs = only_request(mock)
    assert (method, str(sent)) == ("GET", target)
    assert_read_headers(kwargs)
