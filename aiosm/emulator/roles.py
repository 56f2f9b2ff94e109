"""The emulator's roles: VMs added to, changed in and deleted from a VM deployment, started, restarted,
shut down and captured as OS images. Each mutation holds the deployment's exclusive access (the
declared lock) until its operation completes; its effect is the deployment record it replaces.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from aiohttp import web

from ..models.roles import ShutdownRoleOperation
from ..xml import local_name
from ._http import (
    AsmFault,
    Handler,
    accepted,
    body_element,
    body_of,
    check_argument,
    context,
    now_iso,
    subscription,
)
from .lookups import find_deployment, lease_end, release_role_disks
from .records import (
    DeploymentRecord,
    DiskRecord,
    ImageRecord,
    Record,
    Ref,
    VMRoleRecord,
    disk_key,
    named_data_disks,
)
from .repository import find_image, release_disks, virtual_network
from .vm_roles import (
    BAD_XML,
    check_data_disk_count,
    check_load_balancer_names,
    check_subnets,
    child,
    children,
    data_disk_records,
    extension_records,
    find_role,
    network_records,
    parse_role,
    role_not_found,
    text,
)

MAX_ROLES = 50
"""Virtual machines per cloud service (Azure's limit)."""

_RUNNING = "ReadyRole"
_STOPPED = "StoppedVM"
_DEALLOCATED = "StoppedDeallocated"


def _vm_deployment(request: web.Request) -> DeploymentRecord:
    record = find_deployment(request)
    if not record.is_vm:
        raise AsmFault(
            400, "BadRequest", f"The deployment {record.name} is not a virtual machine deployment."
        )
    return record


async def _body(request: web.Request, root: str) -> ET.Element:
    raw = await body_element(request)
    if local_name(raw.tag) != root:
        raise AsmFault(400, "InvalidXmlRequest", BAD_XML)
    return raw


def _status(record: DeploymentRecord, role: VMRoleRecord) -> str:
    """The role instance's status as Get Deployment shows it."""
    if role.power_state == _DEALLOCATED:
        return _DEALLOCATED
    if role.power_state == "Stopped" or record.status != "Running":
        return _STOPPED
    return _RUNNING


def _with_roles(record: DeploymentRecord, roles: tuple[VMRoleRecord, ...]) -> DeploymentRecord:
    return replace(record, vm_roles=roles, modified=now_iso())


def _replacing(record: DeploymentRecord, changed: VMRoleRecord) -> DeploymentRecord:
    key = changed.role_name.lower()
    return _with_roles(
        record, tuple(changed if r.role_name.lower() == key else r for r in record.vm_roles or ())
    )


def _without(record: DeploymentRecord, role: VMRoleRecord) -> tuple[list[Record], list[Ref]]:
    """The effect of removing a role: the deployment without it, or no deployment for its last role."""
    rest = tuple(r for r in record.vm_roles or () if r is not role)
    if not rest:
        return [], [record.ref]
    return [_with_roles(record, rest)], []


def _captured_disks(
    request: web.Request, record: DeploymentRecord, role: VMRoleRecord
) -> tuple[list[Record], list[Ref]]:
    """What capturing (and deleting) a VM does to its disks: the OS disk becomes the image (gone
    from the disk repository); the data disks stay there, their VHDs leased a moment."""
    state = context(request).state
    puts, deletes = release_disks(
        state,
        record,
        [role],
        delete_vhd=False,
        leased_until=lease_end(request, "capture_role"),
        data_disks=named_data_disks(role),
    )
    if role.os_disk is not None and role.os_disk.disk_name:
        stored = state.get(DiskRecord, disk_key(record.subscription, role.os_disk.disk_name))
        if stored is not None:
            deletes.append(stored.ref)
    return puts, deletes


def _check_network(request: web.Request, record: DeploymentRecord, role: VMRoleRecord) -> None:
    """The subnets the role names are its deployment's virtual network's (when it has one); the
    internal load balancers its endpoints name are the deployment's."""
    check_load_balancer_names(record, role)
    if record.virtual_network_name:
        network = virtual_network(context(request).state, record.subscription, record.virtual_network_name)
        if network is not None:
            check_subnets(network, [role])


async def add(request: web.Request) -> web.Response:
    """``POST DEP/roles``: a new VM in the deployment (its name must be new there)."""
    record = _vm_deployment(request)
    raw = await _body(request, "PersistentVMRole")
    role = parse_role(request, record.service, raw)
    existing = record.vm_roles or ()
    if any(r.role_name.lower() == role.role_name.lower() for r in existing):
        raise AsmFault(
            409,
            "ConflictError",
            f"A role named {role.role_name} already exists in deployment {record.name}.",
        )
    _check_network(request, record, role)
    if len(existing) >= MAX_ROLES:
        raise AsmFault(400, "BadRequest", f"A cloud service may hold at most {MAX_ROLES} virtual machines.")
    return accepted(request, "add_role", puts=[_with_roles(record, (*existing, role))])


async def update(request: web.Request) -> web.Response:
    """``PUT DEP/roles/{role}``: what the body gives replaces the VM's (no provisioning set)."""
    record = _vm_deployment(request)
    role = find_role(record, request.match_info["role_name"])
    raw = await _body(request, "PersistentVMRole")
    name = text(raw, "RoleName")
    if name is not None and name.lower() != role.role_name.lower():
        raise AsmFault(400, "BadRequest", f"The role name {name} does not match the role {role.role_name}.")
    network, host_name = network_records(raw)
    if host_name is not None:
        raise AsmFault(
            400, "BadRequest", "A provisioning configuration set cannot be changed by Update Role."
        )
    changed = replace(role, role_size=text(raw, "RoleSize") or role.role_size)
    if child(raw, "ConfigurationSets") is not None:
        changed = replace(changed, network=network)
        _check_network(request, record, changed)
    if child(raw, "AvailabilitySetName") is not None:
        changed = replace(changed, availability_set_name=text(raw, "AvailabilitySetName") or "")
    if child(raw, "DataVirtualHardDisks") is not None:
        changed = replace(changed, data_disks=data_disk_records(raw))
    if child(raw, "ResourceExtensionReferences") is not None:
        changed = replace(changed, extensions=extension_records(raw) or None)
    check_data_disk_count(changed.role_size, len(changed.data_disks))
    agent = (text(raw, "ProvisionGuestAgent") or "").strip().lower()
    if agent in ("true", "false"):
        changed = replace(changed, provision_guest_agent=agent == "true")
    caching = text(child(raw, "OSVirtualHardDisk"), "HostCaching")
    if caching and changed.os_disk is not None:
        if caching not in ("None", "ReadOnly", "ReadWrite"):
            raise AsmFault(400, "BadRequest", f"The host caching {caching} is invalid.")
        changed = replace(changed, os_disk=replace(changed.os_disk, host_caching=caching))
    return accepted(request, "update_role", puts=[_replacing(record, changed)])


async def delete(request: web.Request) -> web.Response:
    """``DELETE DEP/roles/{role}``: never the deployment's last VM. Its disks stay in the disk
    repository (their VHDs leased a moment), or go with ``comp=media``."""
    record = _vm_deployment(request)
    role = find_role(record, request.match_info["role_name"])
    if len(record.vm_roles or ()) == 1:
        raise AsmFault(
            400,
            "BadRequest",
            f"The role {role.role_name} is the only role of deployment {record.name}: "
            "delete the deployment instead.",
        )
    puts, deletes = _without(record, role)
    delete_vhd = request.query.get("comp", "").lower() == "media"
    released, gone = release_role_disks(request, record, [role], "delete_role", delete_vhd=delete_vhd)
    return accepted(request, "delete_role", puts=[*puts, *released], deletes=[*deletes, *gone])


def _captured_media_link(role: VMRoleRecord, image_name: str) -> str:
    link = role.os_disk.media_link if role.os_disk is not None else None
    folder = link.rsplit("/", 1)[0] if link and "/" in link else "https://emulator.blob.core.windows.net/vhds"
    return f"{folder}/{image_name}.vhd"


async def capture(request: web.Request) -> web.Response:
    """``CaptureRoleOperation``: a stopped VM becomes a user OS image; ``Delete`` removes the VM
    (and the deployment with its last VM), ``Reprovision`` starts it again."""
    record = _vm_deployment(request)
    role = find_role(record, request.match_info["role_name"])
    raw = await _body(request, "CaptureRoleOperation")
    action = check_argument(request, "post_capture_action", text(raw, "PostCaptureAction"))
    image_name = check_argument(request, "target_image_name", text(raw, "TargetImageName"))
    label = check_argument(request, "target_image_label", text(raw, "TargetImageLabel"))
    config = child(raw, "ProvisioningConfiguration")
    if action != "Delete" and config is None:
        raise AsmFault(400, "BadRequest", "A ProvisioningConfiguration is required to reprovision the role.")
    if _status(record, role) not in (_STOPPED, _DEALLOCATED):
        raise AsmFault(
            409,
            "ConflictError",
            f"The role {role.role_name} is running: shut it down before capturing it.",
        )
    if role.os_disk is None:
        raise AsmFault(400, "BadRequest", f"The role {role.role_name} has no OS disk to capture.")
    sub = subscription(request)
    if find_image(context(request).state, sub, image_name) is not None:
        raise AsmFault(409, "ConflictError", f"An image with the name {image_name} already exists.")
    image = ImageRecord(
        subscription=sub,
        name=image_name,
        label=label,
        os=role.os_disk.os or "Linux",
        media_link=_captured_media_link(role, image_name),
    )
    if action == "Delete":
        puts, deletes = _without(record, role)
        released, gone = _captured_disks(request, record, role)
        puts, deletes = [*puts, *released], [*deletes, *gone]
    else:  # Reprovision: provisioned again (with the configuration given) and started
        host = text(config, "HostName") or text(config, "ComputerName") or role.host_name
        puts, deletes = [_replacing(record, replace(role, power_state=None, host_name=host))], []
    return accepted(request, "capture_role", puts=[*puts, image], deletes=deletes)


async def start(request: web.Request) -> web.Response:
    """``StartRoleOperation``: the VM runs again (ReadyRole)."""
    record = _vm_deployment(request)
    role = find_role(record, request.match_info["role_name"])
    return accepted(request, "start_role", puts=[_replacing(record, replace(role, power_state=None))])


async def restart(request: web.Request) -> web.Response:
    """``RestartRoleOperation``: refused for a deallocated VM (start it instead)."""
    record = _vm_deployment(request)
    role = find_role(record, request.match_info["role_name"])
    if _status(record, role) == _DEALLOCATED:
        raise AsmFault(400, "BadRequest", "The operation is not allowed on a role that is deallocated.")
    return accepted(request, "restart_role", puts=[_replacing(record, replace(role, power_state=None))])


def _stopped(role: VMRoleRecord, action: str) -> VMRoleRecord:
    """The VM shut down: its power state ``Stopped`` or ``StoppedDeallocated`` (the post-shutdown action)."""
    if role.power_state == _DEALLOCATED:
        return role  # already released: Stopped does not bring its resources back
    return replace(role, power_state=_DEALLOCATED if action == _DEALLOCATED else "Stopped")


async def shutdown(request: web.Request) -> web.Response:
    """``ShutdownRoleOperation``: StoppedVM (``Stopped``) or StoppedDeallocated."""
    record = _vm_deployment(request)
    role = find_role(record, request.match_info["role_name"])
    body = body_of(request, ShutdownRoleOperation)
    changed = _stopped(role, body.post_shutdown_action)
    return accepted(request, "shutdown_role", puts=[_replacing(record, changed)])


async def _named_roles(
    request: web.Request, root: str
) -> tuple[DeploymentRecord, list[VMRoleRecord], ET.Element]:
    record = _vm_deployment(request)
    raw = await _body(request, root)
    names = [(n.text or "").strip() for n in children(raw, "Roles", "Name")]
    if not names:
        raise AsmFault(400, "BadRequest", "The Roles list is empty.")
    roles = []
    for name in names:
        try:
            roles.append(find_role(record, name))
        except AsmFault:
            raise role_not_found(name) from None
    return record, roles, raw


async def start_many(request: web.Request) -> web.Response:
    """``StartRolesOperation``: the VMs named run again."""
    record, roles, _ = await _named_roles(request, "StartRolesOperation")
    for role in roles:
        record = _replacing(record, replace(role, power_state=None))
    return accepted(request, "start_roles", puts=[record])


async def shutdown_many(request: web.Request) -> web.Response:
    """``ShutdownRolesOperation``: the VMs named stop (StoppedVM or StoppedDeallocated)."""
    record, roles, raw = await _named_roles(request, "ShutdownRolesOperation")
    action = check_argument(request, "post_shutdown_action", text(raw, "PostShutdownAction") or "Stopped")
    for role in roles:
        record = _replacing(record, _stopped(role, action))
    return accepted(request, "shutdown_roles", puts=[record])


HANDLERS: dict[str, Handler] = {
    "roles.add": add,
    "roles.update": update,
    "roles.delete": delete,
    "roles.capture": capture,
    "roles.start": start,
    "roles.start_many": start_many,
    "roles.restart": restart,
    "roles.shutdown": shutdown,
    "roles.shutdown_many": shutdown_many,
}
