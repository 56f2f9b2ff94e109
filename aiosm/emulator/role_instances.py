"""The emulator's role instances: reboot, reimage, rebuild and delete
(``.../deployments/{dep}/roleinstances/...``).

While an operation on an instance runs, Get Deployment shows the instance in the service's
transient status (``RoleStateUnknown`` while it reboots, ``BusyRole`` while it is reimaged or
rebuilt); when it completes, the instance is ``ReadyRole`` again.
"""

from __future__ import annotations

from dataclasses import replace

from aiohttp import web

from ..models.role_instances import RoleInstances
from ._http import AsmFault, Handler, accepted, body_of, context, now_iso, request_id
from .lookups import find_deployment
from .records import DeploymentRecord, InstanceStatusRecord
from .views import cloud_instances, vm_instances

TRANSIENT = {
    "reboot_role_instance": "RoleStateUnknown",
    "reimage_role_instance": "BusyRole",
    "rebuild_role_instance": "BusyRole",
}
"""The status an instance shows while each operation on it runs."""


def _instances(record: DeploymentRecord) -> dict[str, str]:
    """Instance name -> role name, of the instances the deployment has now."""
    instances = vm_instances(record) if record.is_vm else cloud_instances(record)
    removed = set(record.removed_instances)
    return {i.instance_name: i.role_name for i in instances if i.instance_name not in removed}


def _not_found(name: str, record: DeploymentRecord) -> AsmFault:
    return AsmFault(
        404, "ResourceNotFound", f"The role instance {name} does not exist in deployment {record.name}."
    )


async def _cycle(request: web.Request, kind: str) -> web.Response:
    """Reboot, reimage or rebuild: the instance is in its transient status until the operation ends."""
    record = find_deployment(request)
    name = request.match_info["role_instance_name"]
    if name not in _instances(record):
        raise _not_found(name, record)
    mark = InstanceStatusRecord(instance=name, status=TRANSIENT[kind], operation=request_id(request))
    context(request).state.write(puts=[replace(record, instance_statuses=(mark,))])
    return accepted(request, kind, puts=[replace(record, modified=now_iso(), instance_statuses=())])


async def reboot(request: web.Request) -> web.Response:
    """``POST DEP/roleinstances/{inst}?comp=reboot``."""
    return await _cycle(request, "reboot_role_instance")


async def reimage(request: web.Request) -> web.Response:
    """``POST DEP/roleinstances/{inst}?comp=reimage``."""
    return await _cycle(request, "reimage_role_instance")


async def rebuild(request: web.Request) -> web.Response:
    """``POST DEP/roleinstances/{inst}?comp=rebuild&resources=allLocalDrives``."""
    return await _cycle(request, "rebuild_role_instance")


async def delete(request: web.Request) -> web.Response:
    """``POST DEP/roleinstances/?comp=delete``: remove the named instances (each must exist, and each
    role keeps at least one instance)."""
    record = find_deployment(request)
    names = list(dict.fromkeys(body_of(request, RoleInstances).role_instance_names))
    instances = _instances(record)
    for name in names:
        if name not in instances:
            raise AsmFault(
                400, "BadRequest", f"The role instance {name} does not exist in deployment {record.name}."
            )
    left = {role for instance, role in instances.items() if instance not in names}
    emptied = sorted(set(instances.values()) - left)
    if emptied:
        raise AsmFault(
            400,
            "BadRequest",
            f"Deleting these role instances would leave role {emptied[0]} with no instance; "
            "delete the deployment instead.",
        )
    if record.is_vm:
        roles = tuple(r for r in record.vm_roles or () if r.role_name not in names)
        changed = replace(record, vm_roles=roles)
    else:
        changed = replace(record, removed_instances=(*record.removed_instances, *names))
    return accepted(request, "delete_role_instances", puts=[replace(changed, modified=now_iso())])


HANDLERS: dict[str, Handler] = {
    "role_instances.reboot": reboot,
    "role_instances.reimage": reimage,
    "role_instances.rebuild": rebuild,
    "role_instances.delete": delete,
}
