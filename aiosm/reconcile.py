"""How each kind of plan resource is read from, compared with, and changed on the service.

Everything goes through the public resource clients of a
:class:`~aiosm.session.ServiceManagementSession`. A resource is found again by its
*locator* (``{"kind": "cloud_service", "name": "web"}``), which the journal keeps so
that resources a plan no longer holds can still be found (and deleted on request).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import InvalidInputError, NotFoundError
from .models.virtual_machines import LinuxConfigurationSet, OSVirtualHardDisk
from .operations import AsyncOperation
from .plan import (
    AffinityGroupSpec,
    CloudServiceSpec,
    DeploymentSpec,
    ResourceSpec,
    StorageAccountSpec,
    VirtualMachineSpec,
)

if TYPE_CHECKING:
    from .session import ServiceManagementSession

__all__ = [
    "MUTABLE",
    "Observed",
    "check_creatable",
    "create",
    "creation_pending",
    "delete",
    "desired",
    "differences",
    "read",
    "update",
]

MUTABLE: dict[str, frozenset[str]] = {
    "affinity_group": frozenset({"label", "description"}),
    "cloud_service": frozenset({"label", "description"}),
    "storage_account": frozenset({"label", "description", "account_type"}),
    "deployment": frozenset({"running", "configuration"}),
    "virtual_machine": frozenset(),
}
"""The fields of each kind the service lets an update change; other differences are conflicts."""

_STEADY_DEPLOYMENT = frozenset({"Running", "Suspended"})
_CASELESS = frozenset({"location", "affinity_group"})


@dataclass(frozen=True)
class Observed:
    """A resource as read: its comparable ``fields``; ``settling`` while an operation still changes it."""

    fields: dict[str, Any] = field(default_factory=dict)
    settling: bool = False


async def read(session: ServiceManagementSession, locator: Mapping[str, str]) -> Observed | None:
    """The resource ``locator`` names, or ``None`` when it does not exist."""
    kind = locator["kind"]
    try:
        if kind == "affinity_group":
            group = await session.affinity_groups.get(locator["name"])
            return Observed(
                {"label": group.label, "description": group.description or "", "location": group.location}
            )
        if kind == "cloud_service":
            service = (await session.hosted_services.get(locator["name"])).hosted_service_properties
            return Observed(
                {
                    "label": service.label,
                    "description": service.description or "",
                    "location": service.location or "",
                    "affinity_group": service.affinity_group or "",
                }
            )
        if kind == "storage_account":
            account = (await session.storage_accounts.get(locator["name"])).storage_service_properties
            return Observed(
                {
                    "label": account.label,
                    "description": account.description or "",
                    "location": account.location or "",
                    "affinity_group": account.affinity_group or "",
                    "account_type": account.account_type,
                },
                settling=account.status not in ("Created", ""),
            )
        if kind in ("deployment", "virtual_machine"):
            found = await session.deployments.get_by_slot(locator["service"], locator["slot"])
            fields: dict[str, Any] = {"name": found.name}
            if kind == "deployment":
                fields.update(running=found.status == "Running", configuration=found.configuration.strip())
            else:
                fields["role_size"] = found.role_list[0].role_size if found.role_list else ""
            return Observed(fields, settling=found.status not in _STEADY_DEPLOYMENT)
    except NotFoundError:
        return None
    raise InvalidInputError("locator.kind", f"unknown resource kind {kind!r}")


def desired(spec: ResourceSpec) -> dict[str, Any]:
    """The fields of ``spec`` to compare with what :func:`read` observes."""
    if isinstance(spec, AffinityGroupSpec):
        wanted: dict[str, Any] = {"label": spec.label or spec.name, "location": spec.location}
    elif isinstance(spec, CloudServiceSpec | StorageAccountSpec):
        wanted = {"label": spec.label or spec.name}
        if spec.affinity_group:
            wanted["affinity_group"] = spec.affinity_group
        else:
            wanted["location"] = spec.location
        if isinstance(spec, StorageAccountSpec):
            wanted["account_type"] = spec.account_type
    elif isinstance(spec, DeploymentSpec):
        return {"name": spec.name, "running": spec.running, "configuration": spec.configuration.strip()}
    elif isinstance(spec, VirtualMachineSpec):
        return {"name": spec.name, "role_size": spec.role_size}
    else:
        raise InvalidInputError("spec", f"unknown resource spec {type(spec).__name__}")
    if spec.description is not None:
        wanted["description"] = spec.description
    return wanted


def differences(spec: ResourceSpec, observed: Observed) -> dict[str, tuple[Any, Any]]:
    """``field -> (current, desired)`` for each field that differs."""
    result: dict[str, tuple[Any, Any]] = {}
    for name, want in desired(spec).items():
        have = observed.fields.get(name)
        same = str(have).lower() == str(want).lower() if name in _CASELESS else have == want
        if not same:
            result[name] = (have, want)
    return result


def check_creatable(spec: ResourceSpec) -> None:
    """Raise :class:`InvalidInputError` if creating ``spec`` would fail client-side (a missing secret)."""
    if isinstance(spec, VirtualMachineSpec) and not os.environ.get(spec.password_env):
        raise InvalidInputError(
            f"{spec.key}.password_env",
            f"set the environment variable {spec.password_env} to the VM's password",
        )


async def create(session: ServiceManagementSession, spec: ResourceSpec) -> AsyncOperation:
    """Send the request creating ``spec``."""
    if isinstance(spec, AffinityGroupSpec):
        return await session.affinity_groups.create(
            spec.name, spec.label or spec.name, spec.location, spec.description
        )
    if isinstance(spec, CloudServiceSpec):
        return await session.hosted_services.create(
            spec.name,
            spec.label or spec.name,
            spec.description,
            location=spec.location,
            affinity_group=spec.affinity_group,
        )
    if isinstance(spec, StorageAccountSpec):
        return await session.storage_accounts.create(
            spec.name,
            spec.description,
            spec.label or spec.name,
            affinity_group=spec.affinity_group,
            location=spec.location,
            account_type=spec.account_type,
        )
    if isinstance(spec, DeploymentSpec):
        return await session.deployments.create(
            spec.service,
            spec.slot,
            spec.name,
            spec.package_url,
            spec.label or spec.name,
            spec.configuration,
            start_deployment=spec.running,
        )
    if isinstance(spec, VirtualMachineSpec):
        check_creatable(spec)
        return await session.virtual_machines.create_deployment(
            spec.service,
            spec.name,
            "production",
            label=spec.label or spec.name,
            role_name=spec.role_name or spec.name,
            system_config=LinuxConfigurationSet(
                (spec.host_name or spec.name)[:64], spec.user_name, os.environ[spec.password_env], False
            ),
            os_virtual_hard_disk=OSVirtualHardDisk(spec.image, spec.media_link),
            role_size=spec.role_size,
        )
    raise InvalidInputError("spec", f"unknown resource spec {type(spec).__name__}")


async def update(
    session: ServiceManagementSession, spec: ResourceSpec, changed: Mapping[str, tuple[Any, Any]]
) -> AsyncOperation:
    """Send the update(s) bringing the mutable ``changed`` fields to ``spec``'s values.

    A deployment whose configuration and state both differ gets two operations; the
    first is waited for, the second returned.
    """
    if isinstance(spec, AffinityGroupSpec):
        return await session.affinity_groups.update(spec.name, spec.label or spec.name, spec.description)
    if isinstance(spec, CloudServiceSpec):
        return await session.hosted_services.update(spec.name, spec.label or spec.name, spec.description)
    if isinstance(spec, StorageAccountSpec):
        return await session.storage_accounts.update(
            spec.name,
            spec.description,
            spec.label or spec.name,
            account_type=spec.account_type if "account_type" in changed else None,
        )
    if isinstance(spec, DeploymentSpec):
        if "configuration" in changed:
            op = await session.deployments.change_configuration(spec.service, spec.name, spec.configuration)
            if "running" not in changed:
                return op
            await op.wait()
        status = "Running" if spec.running else "Suspended"
        return await session.deployments.update_status(spec.service, spec.name, status)
    raise InvalidInputError(spec.key, "this resource cannot be updated in place")


async def delete(
    session: ServiceManagementSession, locator: Mapping[str, str], observed: Observed | None = None
) -> AsyncOperation:
    """Send the request deleting the resource ``locator`` names."""
    kind = locator["kind"]
    if kind == "affinity_group":
        return await session.affinity_groups.delete(locator["name"])
    if kind == "cloud_service":
        return await session.hosted_services.delete(locator["name"])
    if kind == "storage_account":
        return await session.storage_accounts.delete(locator["name"])
    if kind in ("deployment", "virtual_machine"):
        name = str(observed.fields.get("name")) if observed else locator["name"]
        return await session.deployments.delete(locator["service"], name)
    raise InvalidInputError("locator.kind", f"unknown resource kind {kind!r}")


async def creation_pending(session: ServiceManagementSession, locator: Mapping[str, str]) -> bool:
    """Whether a create of a resource that reads as absent may still be running on the service.

    Cloud service and storage account names are reserved while they are created, so an
    absent resource whose name is taken is still being created (or is someone else's).
    Affinity groups are created synchronously; deployments being created read as
    ``Deploying`` (see :attr:`Observed.settling`).
    """
    kind = locator["kind"]
    if kind == "cloud_service":
        return not (await session.hosted_services.check_name_availability(locator["name"])).result
    if kind == "storage_account":
        return not (await session.storage_accounts.check_name_availability(locator["name"])).result
    return False
