"""The resource a request names, or the ASM error answer: lookups several families share.

Each wraps a query of :mod:`.repository` and raises the :class:`AsmFault` Azure
answers with (404 for a missing service or deployment, 400 for a bad slot, 409
for an occupied slot), so the families need not import one another.
"""

from __future__ import annotations

import time

from aiohttp import web

from . import repository
from ._http import AsmFault, context, subscription
from .records import DeploymentRecord, DiskRecord, HostedServiceRecord, Record, Ref, VMRoleRecord

__all__ = [
    "DISK_LEASE",
    "NOT_FOUND",
    "check_disk_free",
    "check_slot_free",
    "disk_in_use",
    "find_deployment",
    "find_service",
    "find_vm_role",
    "lease_end",
    "release_role_disks",
    "slot_name",
]

DISK_LEASE = web.AppKey("aiosm_emulator_disk_lease", repository.DiskLease)
"""The application's :class:`~.repository.DiskLease` (the emulator's ``disk_lease`` option)."""

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


# -- disks ---------------------------------------------------------------------------------------


def lease_end(request: web.Request, kind: str) -> float:
    """When the VHD leases of disks an operation of ``kind`` detaches end: once it completes (after
    the emulator's latency for ``kind``), plus the emulator's ``disk_lease`` seconds."""
    lease = request.app.get(DISK_LEASE)
    seconds = lease.seconds if lease is not None else repository.DiskLease().seconds
    latency, _ = context(request).state.progression.for_kind(kind)
    return time.time() + latency + seconds


def release_role_disks(
    request: web.Request,
    deployment: DeploymentRecord,
    roles: tuple[VMRoleRecord, ...] | list[VMRoleRecord],
    kind: str,
    *,
    delete_vhd: bool,
) -> tuple[list[Record], list[Ref]]:
    """(puts, deletes) for the disks of ``roles`` an operation of ``kind`` deletes: with
    ``delete_vhd`` (``comp=media``) they go; otherwise they stay in the disk repository, leased for
    the emulator's ``disk_lease`` seconds after the operation completes."""
    return repository.release_disks(
        context(request).state,
        deployment,
        roles,
        delete_vhd=delete_vhd,
        leased_until=lease_end(request, kind),
    )


def disk_in_use(name: str, service: str, deployment: str, role: str) -> AsmFault:
    """Azure's answer to deleting (or attaching elsewhere) a disk a VM holds, or whose VHD lease the
    VM it left still holds."""
    return AsmFault(
        400,
        "BadRequest",
        f"A disk with name {name} is currently in use by virtual machine {role} running within hosted "
        f"service {service}, deployment {deployment}.",
    )


def check_disk_free(record: DiskRecord, attached: repository.AttachedDisk | None) -> None:
    """The in-use answer for a disk attached to a role, or still leased by the role it left."""
    if attached is not None:
        raise disk_in_use(record.name, attached.service, attached.deployment, attached.role)
    if record.leased_until > time.time():
        raise disk_in_use(record.name, record.lease_service, record.lease_deployment, record.lease_role)


def find_vm_role(request: web.Request, deployment: DeploymentRecord) -> VMRoleRecord:
    """The VM role named in the path (``role_name``) of the deployment, or 404."""
    name = request.match_info["role_name"]
    for role in deployment.vm_roles or ():
        if role.role_name == name:
            return role
    raise AsmFault(404, "ResourceNotFound", f"Role {name} was not found in the currently deployed service.")
