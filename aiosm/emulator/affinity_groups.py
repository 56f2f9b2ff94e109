"""Affinity groups: ``/affinitygroups``."""

from __future__ import annotations

from aiohttp import web

from ..models.affinity_groups import (
    AffinityGroup,
    AffinityGroupList,
    AffinityGroupService,
    CreateAffinityGroup,
    UpdateAffinityGroup,
)
from ._http import (
    AsmFault,
    Route,
    accepted,
    affinity_group_key,
    check_description,
    check_label,
    context,
    find_location,
    now_iso,
    parse_body,
    subscription,
    url,
    xml_response,
)
from .state import Record

_CAPABILITIES = ["PersistentVMRole", "HighMemory"]


def find_group(request: web.Request) -> Record:
    record = context(request).state.get(
        "affinity_group", affinity_group_key(subscription(request), request.match_info["ag"])
    )
    if record is None:
        raise AsmFault(404, "ResourceNotFound", "The affinity group does not exist.")
    return record


def _members(request: web.Request, group: Record, kind: str) -> list[Record]:
    state = context(request).state
    sub = subscription(request)
    name = group["name"].lower()
    return [
        r
        for r in [*state.values(kind), *state.pending_puts(kind)]
        if r["subscription"] == sub and r["affinity_group"].lower() == name
    ]


def group_model(request: web.Request, record: Record) -> AffinityGroup:
    return AffinityGroup(
        name=record["name"],
        label=record["label"],
        description=record["description"],
        location=record["location"],
        hosted_services=[
            AffinityGroupService(
                url=url(request, f"/services/hostedservices/{r['name']}"), service_name=r["name"]
            )
            for r in _members(request, record, "hosted_service")
        ],
        storage_services=[
            AffinityGroupService(
                url=url(request, f"/services/storageservices/{r['name']}"), service_name=r["name"]
            )
            for r in _members(request, record, "storage")
        ],
        capabilities=_CAPABILITIES,
        created_time=record["created"],
    )


async def list_groups(request: web.Request) -> web.Response:
    sub = subscription(request)
    records = sorted(
        (r for r in context(request).state.values("affinity_group") if r["subscription"] == sub),
        key=lambda r: str(r["name"]).lower(),
    )
    return xml_response(AffinityGroupList(affinity_groups=[group_model(request, r) for r in records]))


async def get_group(request: web.Request) -> web.Response:
    return xml_response(group_model(request, find_group(request)))


async def create_group(request: web.Request) -> web.Response:
    body = await parse_body(request, CreateAffinityGroup)
    check_label(body.label)
    check_description(body.description)
    location = find_location(body.location)
    sub = subscription(request)
    k = affinity_group_key(sub, body.name)
    if context(request).state.get("affinity_group", k) is not None:
        raise AsmFault(
            409, "ConflictError", f"An affinity group named {body.name} already exists in the subscription."
        )
    record: Record = {
        "subscription": sub,
        "name": body.name,
        "label": body.label,
        "description": body.description or "",
        "location": location,
        "created": now_iso(),
    }
    return accepted(
        request,
        "create_affinity_group",
        puts=[("affinity_group", k, record)],
        status=201,
        headers={"Location": url(request, f"/affinitygroup/{body.name}")},
    )


async def update_group(request: web.Request) -> web.Response:
    record = find_group(request)
    body = await parse_body(request, UpdateAffinityGroup)
    check_label(body.label)
    check_description(body.description)
    changed = {**record, "label": body.label}
    if body.description is not None:
        changed["description"] = body.description
    k = affinity_group_key(subscription(request), record["name"])
    return accepted(request, "update_affinity_group", puts=[("affinity_group", k, changed)], status=200)


async def delete_group(request: web.Request) -> web.Response:
    record = find_group(request)
    if _members(request, record, "hosted_service") or _members(request, record, "storage"):
        raise AsmFault(
            409,
            "ConflictError",
            f"The affinity group {record['name']} has hosted services or storage accounts in it and "
            "cannot be deleted.",
        )
    k = affinity_group_key(subscription(request), record["name"])
    return accepted(request, "delete_affinity_group", deletes=[("affinity_group", k)], status=200)


ROUTES: list[Route] = [
    ("GET", "/affinitygroups", list_groups),
    ("POST", "/affinitygroups", create_group),
    ("GET", "/affinitygroups/{ag}", get_group),
    ("PUT", "/affinitygroups/{ag}", update_group),
    ("DELETE", "/affinitygroups/{ag}", delete_group),
]
