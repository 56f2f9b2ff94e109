"""The emulator's reserved IPs: ``/services/networking/reservedips``.

Addresses are allocated per location (each location has its own range). A reserved IP is in
use while the deployment it was associated with exists and still carries it as its virtual
IP; such an IP cannot be deleted or associated elsewhere.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from aiohttp import web

from ..models.reserved_ips import CreateReservedIP, ReservedIP, ReservedIPAssociation, ReservedIPList
from ._http import (
    LOCATIONS,
    AsmFault,
    Handler,
    accepted,
    body_of,
    busy_error,
    context,
    find_location,
    subscription,
    xml_response,
)
from .lookups import NOT_FOUND, find_service
from .records import DeploymentRecord, ReservedIPRecord, reserved_ip_key
from .repository import deployment_named, reserved_ip_user, service_lock
from .state import State

_ADDRESSES_PER_LOCATION = 250 * 250


def _not_found(name: str) -> AsmFault:
    return AsmFault(404, "ResourceNotFound", f"The Reserved IP {name} does not exist.")


def _model(state: State, record: ReservedIPRecord) -> ReservedIP:
    user = reserved_ip_user(state, record)
    return ReservedIP(
        name=record.name,
        address=record.address,
        id=record.id,
        label=record.label,
        state="Created",
        in_use=True if user is not None else None,
        service_name=user.service if user is not None else "",
        deployment_name=user.name if user is not None else "",
        location=record.location,
    )


def _find(request: web.Request, *, changing: bool = False) -> ReservedIPRecord:
    """The reserved IP named in the path, or 404; ``changing``: 409 while an accepted
    association (or disassociation) of it is still in progress."""
    name = request.match_info["name"]
    state = context(request).state
    key = reserved_ip_key(subscription(request), name)
    record = state.get(ReservedIPRecord, key)
    if record is None:
        raise _not_found(name)
    if changing and state.pending_record(ReservedIPRecord, key) is not None:
        raise AsmFault(
            409, "ConflictError", f"An operation on the Reserved IP {record.name} is already in progress."
        )
    return record


def _allocate(state: State, location: str) -> str:
    """The first free address of the location's range."""
    index = LOCATIONS.index(location)
    used = {r.address for r in [*state.values(ReservedIPRecord), *state.pending_puts(ReservedIPRecord)]}
    for n in range(_ADDRESSES_PER_LOCATION):
        address = f"23.{96 + index}.{n // 250}.{n % 250 + 1}"
        if address not in used:
            return address
    raise AsmFault(409, "ConflictError", f"No more addresses can be reserved in {location}.")


async def create(request: web.Request) -> web.Response:
    body = body_of(request, CreateReservedIP)
    state, sub = context(request).state, subscription(request)
    if not body.location:
        raise AsmFault(400, "BadRequest", "The location of the reserved IP must be specified.")
    location = find_location(body.location)
    key = reserved_ip_key(sub, body.name)
    if state.get(ReservedIPRecord, key) is not None or state.pending_put(ReservedIPRecord, key):
        raise AsmFault(409, "ConflictError", f"A Reserved IP with the name {body.name} already exists.")
    record = ReservedIPRecord(
        subscription=sub,
        name=body.name,
        label=body.label or "",
        location=location,
        address=_allocate(state, location),
        id=str(uuid.uuid4()),
    )
    return accepted(request, "create_reserved_ip_address", puts=[record])


async def get(request: web.Request) -> web.Response:
    return xml_response(_model(context(request).state, _find(request)))


async def list_(request: web.Request) -> web.Response:
    state, sub = context(request).state, subscription(request)
    records = sorted(
        (r for r in state.values(ReservedIPRecord) if r.subscription == sub), key=lambda r: r.name.lower()
    )
    return xml_response(ReservedIPList(reserved_ips=[_model(state, r) for r in records]))


async def delete(request: web.Request) -> web.Response:
    record = _find(request, changing=True)
    user = reserved_ip_user(context(request).state, record)
    if user is not None:
        raise AsmFault(
            400,
            "BadRequest",
            f"The Reserved IP {record.name} is in use by deployment {user.name} of hosted service "
            f"{user.service} and cannot be deleted.",
        )
    return accepted(request, "delete_reserved_ip_address", deletes=[record.ref])


def _target(request: web.Request, body: ReservedIPAssociation) -> DeploymentRecord:
    """The deployment the association names (404 if the service or the deployment is missing);
    409 while an operation holds the cloud service."""
    service = find_service(request, body.service_name)
    state = context(request).state
    holder = state.busy(service_lock(service.name))
    if holder is not None:
        raise busy_error(holder)
    deployment = deployment_named(state, service.name, body.deployment_name)
    if deployment is None:
        raise AsmFault(404, "ResourceNotFound", NOT_FOUND)
    return deployment


async def associate(request: web.Request) -> web.Response:
    record = _find(request, changing=True)
    body = body_of(request, ReservedIPAssociation)
    deployment = _target(request, body)
    state = context(request).state
    user = reserved_ip_user(state, record)
    if user is not None:
        raise AsmFault(
            409,
            "ConflictError",
            f"The Reserved IP {record.name} is already in use by deployment {user.name} of hosted "
            f"service {user.service}.",
        )
    if deployment.reserved_ip_name:
        raise AsmFault(
            409,
            "ConflictError",
            f"The deployment {deployment.name} already uses the Reserved IP {deployment.reserved_ip_name}.",
        )
    service = find_service(request, body.service_name)
    if service.location and service.location.lower() != record.location.lower():
        raise AsmFault(
            400,
            "BadRequest",
            f"The Reserved IP {record.name} is in {record.location}; the hosted service {service.name} "
            f"is in {service.location}.",
        )
    return accepted(
        request,
        "associate_reserved_ip_address",
        puts=[
            replace(record, service=deployment.service, deployment=deployment.name),
            replace(deployment, reserved_ip_name=record.name, reserved_ip_address=record.address),
        ],
        lock=service_lock(deployment.service),
    )


async def disassociate(request: web.Request) -> web.Response:
    record = _find(request, changing=True)
    body = body_of(request, ReservedIPAssociation)
    deployment = _target(request, body)
    if deployment.reserved_ip_name.lower() != record.name.lower():
        raise AsmFault(
            400,
            "BadRequest",
            f"The Reserved IP {record.name} is not associated with deployment {deployment.name}.",
        )
    return accepted(
        request,
        "disassociate_reserved_ip_address",
        puts=[
            replace(record, service="", deployment=""),
            replace(deployment, reserved_ip_name="", reserved_ip_address=""),
        ],
        lock=service_lock(deployment.service),
    )


HANDLERS: dict[str, Handler] = {
    "reserved_ips.create": create,
    "reserved_ips.get": get,
    "reserved_ips.list": list_,
    "reserved_ips.delete": delete,
    "reserved_ips.associate": associate,
    "reserved_ips.disassociate": disassociate,
}
