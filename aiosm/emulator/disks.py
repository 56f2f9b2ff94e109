"""The disk repository: ``/services/disks``.

A disk a VM role names is derived from the role (see :func:`.repository.attached_disks`); the
repository stores the others (added with Add Disk, or left by a deleted role). Deleting a disk a VM
holds, or one whose VHD the storage lease of a just-deleted VM still holds (the emulator's
``disk_lease`` seconds), answers Azure's 400 "is currently in use by virtual machine".
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from aiohttp import web

from ..models.disks import AddDisk, AttachedTo, Disk, DiskList, UpdateDisk
from ._http import AsmFault, Handler, accepted, body_of, context, now_iso, subscription, xml_response
from .lookups import check_disk_free
from .records import DiskRecord, disk_key
from .repository import AttachedDisk, attached_disks, disk_named, media_link_in_use, storage_account


def disk_model(record: DiskRecord, attached: AttachedDisk | None) -> Disk:
    """A disk as ``<Disk>``."""
    return Disk(
        affinity_group=record.affinity_group,
        attached_to=(
            AttachedTo(
                hosted_service_name=attached.service,
                deployment_name=attached.deployment,
                role_name=attached.role,
            )
            if attached is not None
            else None
        ),
        is_corrupted=False,
        os=record.os,
        location=record.location if not record.affinity_group else "",
        logical_disk_size_in_gb=record.size,
        label=record.label,
        media_link=record.media_link,
        name=record.name,
        source_image_name=record.source_image_name,
        created_time=record.created or None,
        io_type=record.io_type,
        is_premium=False,
    )


def _not_found() -> AsmFault:
    return AsmFault(404, "ResourceNotFound", "The disk with the specified name does not exist.")


def _find(request: web.Request) -> tuple[DiskRecord, AttachedDisk | None]:
    found = disk_named(context(request).state, subscription(request), request.match_info["disk_name"])
    if found is None:
        raise _not_found()
    return found


async def list_disks(request: web.Request) -> web.Response:
    state, sub = context(request).state, subscription(request)
    attached = attached_disks(state, sub)
    disks = {a.record.key: disk_model(a.record, a) for a in attached.values()}
    for record in state.values(DiskRecord):
        if record.subscription == sub and record.key not in disks:
            disks[record.key] = disk_model(record, None)
    return xml_response(DiskList(disks=[disks[key] for key in sorted(disks)]))


async def get_disk(request: web.Request) -> web.Response:
    return xml_response(disk_model(*_find(request)))


async def add_disk(request: web.Request) -> web.Response:
    body = body_of(request, AddDisk)
    state, sub = context(request).state, subscription(request)
    parts = urlsplit(body.media_link)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or not parts.path.strip("/"):
        raise AsmFault(400, "BadRequest", f"The media link {body.media_link} is not a valid blob URI.")
    if disk_named(state, sub, body.name) is not None or state.pending_put(
        DiskRecord, disk_key(sub, body.name)
    ):
        raise AsmFault(409, "ConflictError", f"A disk with name {body.name} already exists.")
    if media_link_in_use(state, sub, body.media_link):
        raise AsmFault(409, "ConflictError", f"A lease conflict occurred with the blob {body.media_link}.")
    account = storage_account(state, sub, parts.hostname.split(".", 1)[0])
    os = body.os.value if body.os is not None else ""
    record = DiskRecord(
        subscription=sub,
        name=body.name,
        label=body.label,
        media_link=body.media_link,
        os=os,
        size=127 if os == "Windows" else 30,
        location=account.location if account is not None else "West US",
        affinity_group=account.affinity_group if account is not None else "",
        created=now_iso(),
    )
    return accepted(request, "add_disk", puts=[record], status=200, body=disk_model(record, None))


async def update_disk(request: web.Request) -> web.Response:
    record, attached = _find(request)
    body = body_of(request, UpdateDisk)
    changed = replace(record, label=body.label)
    return accepted(request, "update_disk", puts=[changed], status=200, body=disk_model(changed, attached))


async def delete_disk(request: web.Request) -> web.Response:
    record, attached = _find(request)
    check_disk_free(record, attached)
    return accepted(request, "delete_disk", deletes=[record.ref], status=200)


HANDLERS: dict[str, Handler] = {
    "disks.list": list_disks,
    "disks.get": get_disk,
    "disks.add": add_disk,
    "disks.update": update_disk,
    "disks.delete": delete_disk,
}
