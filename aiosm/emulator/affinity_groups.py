"""Affinity groups: ``/affinitygroups``."""

from __future__ import annotations

from dataclasses import replace

from aiohttp import web

from ..models.affinity_groups import (
    AffinityGroup,
    AffinityGroupHostedService,
    AffinityGroupList,
    AffinityGroupStorageService,
    CreateAffinityGroup,
    UpdateAffinityGroup,
)
from ._http import (
    AsmFault,
    Handler,
    accepted,
    body_of,
    context,
    find_location,
    now_iso,
    subscription,
    url,
    xml_response,
)
from .records import AffinityGroupRecord
from .repository import affinity_group, group_hosted_services, group_storage_accounts
from .views import compute_capabilities, hosted_service_properties, storage_service_properties

_CAPABILITIES = ["PersistentVMRole", "HighMemory"]


def find_group(request: web.Request) -> AffinityGroupRecord:
    name = request.match_info["affinity_group_name"]
    record = affinity_group(context(request).state, subscription(request), name)
    if record is None:
        raise AsmFault(404, "ResourceNotFound", "The affinity group does not exist.")
    return record


def group_model(request: web.Request, record: AffinityGroupRecord) -> AffinityGroup:
    state, sub = context(request).state, subscription(request)
    return AffinityGroup(
        name=record.name,
        label=record.label,
        description=record.description,
        location=record.location,
        hosted_services=[
            AffinityGroupHostedService(
                url=url(request, f"/services/hostedservices/{r.name}"),
                service_name=r.name,
                hosted_service_properties=hosted_service_properties(r),
            )
            for r in group_hosted_services(state, sub, record.name)
        ],
        storage_services=[
            AffinityGroupStorageService(
                url=url(request, f"/services/storageservices/{r.name}"),
                service_name=r.name,
                storage_service_properties=storage_service_properties(r),
            )
            for r in group_storage_accounts(state, sub, record.name)
        ],
        capabilities=_CAPABILITIES,
        created_time=record.created,
    )


async def list_groups(request: web.Request) -> web.Response:
    sub = subscription(request)
    records = sorted(
        (r for r in context(request).state.values(AffinityGroupRecord) if r.subscription == sub),
        key=lambda r: r.name.lower(),
    )
    # Listed, a group has no <HostedServices>/<StorageServices> (None is not written) and has its
    # <ComputeCapabilities>.
    groups = [
        group_model(request, r).model_copy(
            update={
                "hosted_services": None,
                "storage_services": None,
                "compute_capabilities": compute_capabilities(),
            }
        )
        for r in records
    ]
    return xml_response(AffinityGroupList(affinity_groups=groups))


async def get_group(request: web.Request) -> web.Response:
    return xml_response(group_model(request, find_group(request)))


async def create_group(request: web.Request) -> web.Response:
    body = body_of(request, CreateAffinityGroup)
    location = find_location(body.location)
    sub = subscription(request)
    if affinity_group(context(request).state, sub, body.name) is not None:
        raise AsmFault(
            409, "ConflictError", f"An affinity group named {body.name} already exists in the subscription."
        )
    record = AffinityGroupRecord(
        subscription=sub,
        name=body.name,
        label=body.label,
        description=body.description or "",
        location=location,
        created=now_iso(),
    )
    return accepted(
        request,
        "create_affinity_group",
        puts=[record],
        status=201,
        headers={"Location": url(request, f"/affinitygroup/{body.name}")},
    )


async def update_group(request: web.Request) -> web.Response:
    record = find_group(request)
    body = body_of(request, UpdateAffinityGroup)
    changed = replace(
        record,
        label=body.label,
        description=record.description if body.description is None else body.description,
    )
    return accepted(request, "update_affinity_group", puts=[changed], status=200)


async def delete_group(request: web.Request) -> web.Response:
    record = find_group(request)
    state, sub = context(request).state, subscription(request)
    if group_hosted_services(state, sub, record.name) or group_storage_accounts(state, sub, record.name):
        raise AsmFault(
            409,
            "ConflictError",
            f"The affinity group {record.name} has hosted services or storage accounts in it and "
            "cannot be deleted.",
        )
    return accepted(request, "delete_affinity_group", deletes=[record.ref], status=200)


HANDLERS: dict[str, Handler] = {
    "affinity_groups.list": list_groups,
    "affinity_groups.create": create_group,
    "affinity_groups.get": get_group,
    "affinity_groups.update": update_group,
    "affinity_groups.delete": delete_group,
}
