"""Data disks of a VM role: ``DEP/roles/{role}/DataDisks[/{lun}]``.

The service's rules: a LUN holds one disk; a role holds at most its size's ``MaxDataDiskCount``
disks; a disk attached by name must exist, be a data disk and be free (not attached, not still
leased by a deleted VM); a missing LUN is 404. A detached disk stays in the disk repository (leased
for the emulator's ``disk_lease`` seconds) unless ``comp=media`` deletes it.
"""

from __future__ import annotations

from dataclasses import replace

from aiohttp import web

from ..errors import ResponseParseError
from ..models.data_disks import DataDisk
from ..models.virtual_machines import DataVirtualHardDisk
from ._http import (
    BAD_XML,
    AsmFault,
    Handler,
    accepted,
    body_of,
    check_argument,
    context,
    now_iso,
    subscription,
    xml_response,
)
from .lookups import check_disk_free, find_deployment, find_vm_role, lease_end
from .records import DataDiskRecord, DeploymentRecord, Record, Ref, VMRoleRecord, named_data_disks
from .repository import disk_named, max_data_disks, media_link_in_use, release_disks


def _lun(request: web.Request) -> int:
    return int(check_argument(request, "lun", request.match_info["lun"]))


def _role(request: web.Request) -> tuple[DeploymentRecord, VMRoleRecord]:
    deployment = find_deployment(request)
    return deployment, find_vm_role(request, deployment)


def _at(role: VMRoleRecord, lun: int) -> DataDiskRecord:
    for disk in named_data_disks(role):
        if (disk.lun or 0) == lun:
            return disk
    raise AsmFault(
        404, "ResourceNotFound", f"No data disk is attached at LUN {lun} of virtual machine {role.role_name}."
    )


def _with_disks(
    deployment: DeploymentRecord, role: VMRoleRecord, disks: list[DataDiskRecord]
) -> DeploymentRecord:
    """The deployment with the role's data disks replaced (ordered by LUN)."""
    changed = replace(role, data_disks=tuple(sorted(disks, key=lambda d: d.lun or 0)))
    roles = tuple(changed if r.role_name == role.role_name else r for r in deployment.vm_roles or ())
    return replace(deployment, vm_roles=roles, modified=now_iso())


def _taken(role: VMRoleRecord, lun: int) -> AsmFault:
    return AsmFault(
        409,
        "ConflictError",
        f"A data disk is already attached at LUN {lun} of virtual machine {role.role_name}.",
    )


def _new_media_link(deployment: DeploymentRecord, role: VMRoleRecord, name: str) -> str:
    base = role.os_disk.media_link if role.os_disk is not None and role.os_disk.media_link else ""
    head = base.rsplit("/", 1)[0] if "/" in base.split("://", 1)[-1] else ""
    return f"{head or 'https://portalvhds.blob.core.windows.net/vhds'}/{name}.vhd"


async def get_data_disk(request: web.Request) -> web.Response:
    _, role = _role(request)
    disk = _at(role, _lun(request))
    model = DataDisk.model_validate({**disk.to_json(), "io_type": "Standard"})
    return xml_response(model)


async def add_data_disk(request: web.Request) -> web.Response:
    deployment, role = _role(request)
    body = body_of(request, DataVirtualHardDisk)
    lun = body.lun or 0
    disks = list(named_data_disks(role))
    if any((d.lun or 0) == lun for d in disks):
        raise _taken(role, lun)
    limit = max_data_disks(role.role_size)
    if len(disks) >= limit:
        raise AsmFault(
            400,
            "BadRequest",
            f"The maximum number of data disks allowed to be attached to a role of size {role.role_size} "
            f"is {limit}.",
        )
    state, sub = context(request).state, subscription(request)
    stamp = now_iso().replace("-", "").replace(":", "")
    if body.disk_name:
        found = disk_named(state, sub, body.disk_name)
        if found is None:
            raise AsmFault(404, "ResourceNotFound", "The disk with the specified name does not exist.")
        record, attached = found
        check_disk_free(record, attached)
        if record.os:
            raise AsmFault(
                400, "BadRequest", f"The disk {record.name} is an operating system disk, not a data disk."
            )
        new = DataDiskRecord(
            host_caching=body.host_caching or "ReadOnly",
            disk_label=body.disk_label or record.label,
            disk_name=record.name,
            lun=lun,
            logical_disk_size_in_gb=record.size,
            media_link=record.media_link,
        )
    else:
        for link in (body.media_link, body.source_media_link):
            if link and media_link_in_use(state, sub, link):
                raise AsmFault(409, "ConflictError", f"A lease conflict occurred with the blob {link}.")
        name = f"{deployment.service}-{role.role_name}-{lun + 1}-{stamp}"
        new = DataDiskRecord(
            host_caching=body.host_caching or "ReadOnly",
            disk_label=body.disk_label,
            disk_name=name,
            lun=lun,
            logical_disk_size_in_gb=body.logical_disk_size_in_gb or 30,
            media_link=body.media_link or _new_media_link(deployment, role, name),
            source_media_link=body.source_media_link,
        )
    changed = _with_disks(deployment, role, [*disks, new])
    return accepted(request, "add_data_disk", puts=[changed])


async def update_data_disk(request: web.Request) -> web.Response:
    deployment, role = _role(request)
    lun = _lun(request)
    disk = _at(role, lun)
    try:
        body = DataVirtualHardDisk.from_xml(await request.read())
    except (ResponseParseError, ValueError):
        raise AsmFault(400, "InvalidXmlRequest", BAD_XML) from None
    new_lun = check_argument(request, "updated_lun", body.lun)
    caching = check_argument(request, "host_caching", body.host_caching)
    size = check_argument(request, "logical_disk_size_in_gb", body.logical_disk_size_in_gb)
    if body.disk_name and body.disk_name.lower() != (disk.disk_name or "").lower():
        raise AsmFault(400, "BadRequest", f"The disk at LUN {lun} is {disk.disk_name}, not {body.disk_name}.")
    if body.media_link and body.media_link.lower() != (disk.media_link or "").lower():
        raise AsmFault(400, "BadRequest", "The media link of an attached data disk cannot be changed.")
    current = disk.logical_disk_size_in_gb or 0
    if size is not None and size < current:
        raise AsmFault(400, "BadRequest", f"The disk cannot be shrunk from {current} GB to {size} GB.")
    others = [d for d in named_data_disks(role) if (d.lun or 0) != lun]
    if new_lun is not None and any((d.lun or 0) == new_lun for d in others):
        raise _taken(role, new_lun)
    updated = replace(
        disk,
        lun=new_lun if new_lun is not None else disk.lun,
        host_caching=caching or disk.host_caching,
        disk_label=body.disk_label if body.disk_label is not None else disk.disk_label,
        logical_disk_size_in_gb=size if size is not None else disk.logical_disk_size_in_gb,
    )
    return accepted(request, "update_data_disk", puts=[_with_disks(deployment, role, [*others, updated])])


async def delete_data_disk(request: web.Request) -> web.Response:
    deployment, role = _role(request)
    lun = _lun(request)
    disk = _at(role, lun)
    others = [d for d in named_data_disks(role) if (d.lun or 0) != lun]
    delete_vhd = request.query.get("comp", "").lower() == "media"
    released, gone = release_disks(
        context(request).state,
        deployment,
        [role],
        delete_vhd=delete_vhd,
        leased_until=lease_end(request, "delete_data_disk"),
        data_disks=(disk,),
    )
    puts: list[Record] = [_with_disks(deployment, role, others), *released]
    deletes: list[Ref] = list(gone)
    return accepted(request, "delete_data_disk", puts=puts, deletes=deletes)


HANDLERS: dict[str, Handler] = {
    "data_disks.get": get_data_disk,
    "data_disks.add": add_data_disk,
    "data_disks.update": update_data_disk,
    "data_disks.delete": delete_data_disk,
}
