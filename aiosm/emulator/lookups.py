"""The resource a request names, or the ASM error answer: lookups several families share.

Each wraps a query of :mod:`.repository` and raises the :class:`AsmFault` Azure
answers with (404 for a missing service or deployment, 400 for a bad slot, 409
for an occupied slot), so the families need not import one another.
"""

from __future__ import annotations

from aiohttp import web

from . import repository
from ._http import AsmFault, context, subscription
from .records import DeploymentRecord, HostedServiceRecord

__all__ = ["NOT_FOUND", "check_slot_free", "find_deployment", "find_service", "slot_name"]

NOT_FOUND = "No deployments were found."
_SLOTS = {slot.lower(): slot for slot in repository.SLOTS}


def find_service(request: web.Request, service_name: str | None = None) -> HostedServiceRecord:
    """The hosted service named in the path (``service_name``), or 404."""
    name = service_name if service_name is not None else request.match_info["service_name"]
    record = repository.hosted_service(context(request).state, subscription(request), name)
    if record is None:
        raise AsmFault(404, "ResourceNotFound", "The hosted service does not exist.")
    return record


def slot_name(value: str) -> str:
    """``production``/``staging`` in any case -> ``Production``/``Staging``, or 400."""
    slot = _SLOTS.get(value.lower())
    if slot is None:
        raise AsmFault(400, "BadRequest", f"The deployment slot '{value}' is invalid.")
    return slot


def find_deployment(request: web.Request) -> DeploymentRecord:
    """The deployment named in the path (``service_name``, ``deployment_name``), or 404."""
    service = find_service(request)
    name = request.match_info["deployment_name"]
    state = context(request).state
    record = repository.deployment_named(state, service.name, name)
    if record is None:
        raise AsmFault(404, "ResourceNotFound", NOT_FOUND)
    return repository.settled(state, record)


def check_slot_free(request: web.Request, service_name: str, slot: str, deployment_name: str) -> None:
    """409 unless ``slot`` of the service is free and no deployment of it is called ``deployment_name``."""
    state = context(request).state
    if repository.slot_taken(state, service_name, slot):
        existing = repository.deployment_in_slot(state, service_name, slot)
        occupant = existing.name if existing else "being created"
        raise AsmFault(
            409,
            "ConflictError",
            f"The {slot} deployment slot of hosted service {service_name} is occupied ({occupant}).",
        )
    if repository.deployment_named(state, service_name, deployment_name) is not None:
        raise AsmFault(
            409,
            "ConflictError",
            f"A deployment named {deployment_name} already exists in hosted service {service_name}.",
        )
