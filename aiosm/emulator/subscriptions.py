"""The subscription itself (``GET /{sub}``), its role sizes (``GET /rolesizes``) and the operations
it ran (``GET /operations``)."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime, timezone

from aiohttp import web

from ..models.subscriptions import (
    OperationCaller,
    RoleSize,
    RoleSizeList,
    Subscription,
    SubscriptionOperation,
    SubscriptionOperationCollection,
    SubscriptionOperationStatus,
)
from ..resources.subscriptions import parse_iso8601
from ._http import AsmFault, Handler, context, subscription, xml_response
from .records import (
    DeploymentRecord,
    HostedServiceRecord,
    OperationRecord,
    ReservedIPRecord,
    StorageAccountRecord,
)
from .state import dashed

# (name, label, cores, memory MB, web/worker, VM, max data disks, web/worker disk MB, VM disk MB)
ROLE_SIZES: tuple[tuple[str, str, int, int, bool, bool, int, int, int], ...] = (
    ("ExtraSmall", "A0 - Extra Small (shared core, 768 MB)", 1, 768, True, True, 1, 19456, 20480),
    ("Small", "A1 - Small (1 core, 1792 MB)", 1, 1792, True, True, 2, 229400, 71680),
    ("Medium", "A2 - Medium (2 cores, 3584 MB)", 2, 3584, True, True, 4, 500760, 138240),
    ("Large", "A3 - Large (4 cores, 7168 MB)", 4, 7168, True, True, 8, 1023000, 291840),
    ("ExtraLarge", "A4 - Extra Large (8 cores, 14336 MB)", 8, 14336, True, True, 16, 2087960, 619520),
    ("A5", "A5 (2 cores, 14336 MB)", 2, 14336, True, True, 4, 500760, 138240),
    ("A6", "A6 (4 cores, 28672 MB)", 4, 28672, True, True, 8, 1023000, 291840),
    ("A7", "A7 (8 cores, 57344 MB)", 8, 57344, True, True, 16, 2087960, 619520),
    ("Basic_A0", "Basic_A0 (shared core, 768 MB)", 1, 768, False, True, 1, 0, 20480),
    ("Basic_A1", "Basic_A1 (1 core, 1792 MB)", 1, 1792, False, True, 2, 0, 40960),
    ("Standard_D1", "Standard_D1 (1 core, 3584 MB)", 1, 3584, True, True, 2, 51200, 51200),
    ("Standard_D2", "Standard_D2 (2 cores, 7168 MB)", 2, 7168, True, True, 4, 102400, 102400),
    ("Standard_D3", "Standard_D3 (4 cores, 14336 MB)", 4, 14336, True, True, 8, 204800, 204800),
    ("Standard_D4", "Standard_D4 (8 cores, 28672 MB)", 8, 28672, True, True, 16, 409600, 409600),
)
_CORES = {name.lower(): cores for name, _, cores, *_ in ROLE_SIZES}
_QUOTAS = {
    "max_core_count": 20,
    "max_storage_accounts": 100,
    "max_hosted_services": 20,
    "max_virtual_network_sites": 50,
    "max_local_network_sites": 20,
    "max_dns_servers": 20,
    "max_reserved_ips": 20,
    "max_public_ip_count": 5,
    "max_network_security_groups": 100,
    "max_network_security_rules_per_group": 200,
    "max_route_tables": 100,
    "max_routes_per_route_table": 100,
}


async def get_subscription(request: web.Request) -> web.Response:
    state, sub = context(request).state, subscription(request)
    services = [r for r in state.values(HostedServiceRecord) if r.subscription == sub]
    accounts = [r for r in state.values(StorageAccountRecord) if r.subscription == sub]
    cores = sum(
        _CORES.get(role.role_size.lower(), 1)
        for d in state.values(DeploymentRecord)
        if d.subscription == sub
        for role in d.vm_roles or ()
    )
    return xml_response(
        Subscription(
            subscription_id=sub,
            subscription_name="aiosm emulator",
            subscription_status="Active",
            account_admin_live_email_id="admin@example.com",
            service_admin_live_email_id="admin@example.com",
            current_core_count=cores,
            current_hosted_services=len(services),
            current_storage_accounts=len(accounts),
            current_reserved_ips=sum(1 for r in state.values(ReservedIPRecord) if r.subscription == sub),
            current_network_security_groups=0,
            offer_categories="Azure_Emulated",
            aad_tenant_id="00000000-0000-0000-0000-000000000000",
            created_time="2015-01-01T00:00:00Z",
            **_QUOTAS,
        )
    )


async def list_role_sizes(request: web.Request) -> web.Response:
    return xml_response(
        RoleSizeList(
            role_sizes=[
                RoleSize(
                    name=name,
                    label=label,
                    cores=cores,
                    memory_in_mb=memory,
                    supported_by_web_worker_roles=web,
                    supported_by_virtual_machines=vm,
                    max_data_disk_count=disks,
                    web_worker_resource_disk_size_in_mb=web_disk,
                    virtual_machine_resource_disk_size_in_mb=vm_disk,
                )
                for name, label, cores, memory, web, vm, disks, web_disk, vm_disk in ROLE_SIZES
            ]
        )
    )


OPERATIONS_PAGE = 100
"""Subscription operations per page of List Subscription Operations."""
_RESULTS = {"succeeded": "Succeeded", "failed": "Failed", "inprogress": "InProgress"}
_BAD_QUERY = "The value for one of the query parameters is not valid."


def _moment(request: web.Request, name: str) -> float:
    text = request.query.get(name)
    if not text:
        raise AsmFault(
            400,
            "MissingOrInvalidRequiredQueryParameter",
            "A required query parameter was not specified for this request or was specified "
            f"incorrectly: {name}.",
        )
    try:
        return parse_iso8601(text).timestamp()
    except ValueError:
        raise AsmFault(400, "BadRequest", f"{_BAD_QUERY} ({name})") from None


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _token(op: OperationRecord) -> str:
    return base64.urlsafe_b64encode(f"{op.created!r}|{op.id}".encode()).decode()


def _after_token(token: str) -> tuple[float, str]:
    try:
        created, _, op_id = base64.urlsafe_b64decode(token.encode()).decode().partition("|")
        return float(created), op_id
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise AsmFault(400, "BadRequest", f"{_BAD_QUERY} (ContinuationToken)") from None


def _operation_name(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("_"))


def _subscription_operation(op: OperationRecord) -> SubscriptionOperation:
    done = not op.in_progress
    return SubscriptionOperation(
        operation_id=dashed(op.id),
        operation_object_id=op.path,
        operation_name=_operation_name(op.kind),
        operation_caller=OperationCaller(used_service_management_api=True),
        operation_status=SubscriptionOperationStatus(
            id=dashed(op.id), status=op.status, http_status_code=op.http_status if done else None
        ),
        operation_started_time=datetime.fromtimestamp(op.created, timezone.utc),
        operation_completed_time=(
            datetime.fromtimestamp(op.completed, timezone.utc) if done and op.completed is not None else None
        ),
    )


async def list_operations(request: web.Request) -> web.Response:
    """The operations the subscription ran in [StartTime, EndTime], oldest first, a page at a time."""
    start, end = _moment(request, "StartTime"), _moment(request, "EndTime")
    if end < start:
        raise AsmFault(400, "BadRequest", "The EndTime must not be earlier than the StartTime.")
    query = request.query
    result = query.get("OperationResultFilter")
    status = None
    if result:
        status = _RESULTS.get(result.lower())
        if status is None:
            raise AsmFault(400, "BadRequest", f"{_BAD_QUERY} (OperationResultFilter)")
    object_id = (query.get("ObjectIdFilter") or "").rstrip("/").lower()
    after = _after_token(query["ContinuationToken"]) if query.get("ContinuationToken") else None
    state, sub = context(request).state, subscription(request)
    state.advance()
    found = []
    for op in state.values(OperationRecord):
        if op.subscription != sub or not start <= op.created <= end:
            continue
        if status is not None and op.status != status:
            continue
        path = op.path.rstrip("/").lower()
        if object_id and path != object_id and not path.startswith(object_id + "/"):
            continue
        if after is not None and (op.created, op.id) <= after:
            continue
        found.append(op)
    found.sort(key=lambda o: (o.created, o.id))
    page = found[:OPERATIONS_PAGE]
    more = len(found) > OPERATIONS_PAGE
    return xml_response(
        SubscriptionOperationCollection(
            subscription_operations=[_subscription_operation(op) for op in page],
            continuation_token=_token(page[-1]) if more else "",
        )
    )


HANDLERS: dict[str, Handler] = {
    "subscriptions.get": get_subscription,
    "subscriptions.list_role_sizes": list_role_sizes,
    "subscriptions.list_operations": list_operations,
}
