"""The emulator's VM images: ``/services/vmimages`` (platform images built in, user images per
subscription) and Capture VM Image (``POST .../roleinstances/{role}/Operations`` with a
``CaptureRoleAsVMImageOperation`` body)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from typing import TypeVar

from aiohttp import web

from ..errors import ResponseParseError
from ..models.vm_images import (
    CaptureRoleAsVMImage,
    CreateVMImage,
    DataDiskConfiguration,
    OSDiskConfiguration,
    UpdateVMImage,
    VMImage,
    VMImageList,
)
from ..validation import path_segment
from ..xml import XmlModel
from ._http import (
    BAD_XML,
    AsmFault,
    Handler,
    accepted,
    body_element,
    context,
    now_iso,
    subscription,
    valid_name,
    xml_response,
)
from .lookups import find_deployment, find_service
from .records import DeploymentRecord, VMImageDiskRecord, VMImageRecord
from .repository import PLATFORM_VM_IMAGES, find_image, find_vm_image

_M = TypeVar("_M", bound=XmlModel)
OS_STATES = ("Generalized", "Specialized")
OPERATING_SYSTEMS = ("Linux", "Windows")
HOST_CACHING = ("None", "ReadOnly", "ReadWrite")
DEFAULT_LOCATION = "West US"
STOPPED = ("Stopped", "StoppedDeallocated")


def _disk_model(disk: VMImageDiskRecord, os_disk: bool) -> OSDiskConfiguration | DataDiskConfiguration:
    if os_disk:
        return OSDiskConfiguration(
            name=disk.name,
            host_caching=disk.host_caching or None,
            os_state=disk.os_state or None,
            os=disk.os or None,
            media_link=disk.media_link or None,
            logical_disk_size_in_gb=disk.size,
            io_type=disk.io_type or None,
        )
    return DataDiskConfiguration(
        name=disk.name,
        host_caching=disk.host_caching or None,
        lun=disk.lun,
        media_link=disk.media_link or None,
        logical_disk_size_in_gb=disk.size,
        io_type=disk.io_type or None,
    )


def vm_image_model(record: VMImageRecord) -> VMImage:
    """A VM image as listed, its elements in the service's order."""
    os_disk = _disk_model(record.os_disk, True)
    assert isinstance(os_disk, OSDiskConfiguration)
    data_disks = [_disk_model(d, False) for d in record.data_disks]
    return VMImage(
        name=record.name,
        label=record.label,
        category=record.category,
        description=record.description,
        os_disk_configuration=os_disk,
        data_disk_configurations=data_disks,
        service_name=record.service_name,
        deployment_name=record.deployment_name,
        role_name=record.role_name,
        location=record.location,
        affinity_group=record.affinity_group,
        created_time=record.created or None,
        modified_time=record.modified or None,
        language=record.language,
        image_family=record.image_family,
        recommended_vm_size=record.recommended_vm_size,
        is_premium=record.is_premium,
        eula=record.eula,
        icon_uri=record.icon_uri,
        small_icon_uri=record.small_icon_uri,
        privacy_uri=record.privacy_uri,
        publisher_name=record.publisher_name,
        published_date=record.published_date or None,
        show_in_gui=record.show_in_gui,
        pricing_detail_link=record.pricing_detail_link,
        vm_image_state="VMImageReadyForUse",
        role_state_on_capture=record.role_state_on_capture,
        role_size_on_capture=record.role_size_on_capture,
    )


def _matches(
    record: VMImageRecord, location: str | None, publisher: str | None, category: str | None
) -> bool:
    if location and location.lower() not in [p.strip().lower() for p in record.location.split(";")]:
        return False
    if publisher and record.publisher_name.lower() != publisher.lower():
        return False
    return not category or record.category.lower() == category.lower()


async def list_vm_images(request: web.Request) -> web.Response:
    sub = subscription(request)
    user = sorted(
        (r for r in context(request).state.values(VMImageRecord) if r.subscription == sub),
        key=lambda r: r.name.lower(),
    )
    query = request.query
    location, publisher, category = query.get("location"), query.get("publisher"), query.get("category")
    images = [
        vm_image_model(r) for r in [*user, *PLATFORM_VM_IMAGES] if _matches(r, location, publisher, category)
    ]
    return xml_response(VMImageList(vm_images=images))


async def _body(request: web.Request, model: type[_M]) -> _M:
    root = await body_element(request)
    try:
        return model.from_element(root)
    except (ValueError, TypeError, ResponseParseError):
        raise AsmFault(400, "InvalidXmlRequest", BAD_XML) from None


def _bad(message: str) -> AsmFault:
    return AsmFault(400, "BadRequest", message)


def _check_caching(value: str | None) -> str:
    if value is not None and value not in HOST_CACHING:
        raise _bad(f"The host caching value {value} is invalid; use None, ReadOnly or ReadWrite.")
    return value or ""


def _check_media_link(value: str | None, what: str) -> str:
    if not value or not value.lower().startswith(("http://", "https://")):
        raise _bad(f"The MediaLink of the {what} is missing or is not the URL of a blob.")
    return value


def _blob_name(media_link: str) -> str:
    name = media_link.rstrip("/").rsplit("/", 1)[-1]
    return name[:-4] if name.lower().endswith(".vhd") else name


def _name_taken(request: web.Request, name: str) -> bool:
    state, sub = context(request).state, subscription(request)
    return find_vm_image(state, sub, name) is not None or find_image(state, sub, name) is not None


def _check_name(name: str) -> None:
    if not valid_name(lambda n: path_segment("name", n), name):
        raise _bad(f"The VM image name {name!r} is not valid.")


def _conflict(name: str) -> AsmFault:
    return AsmFault(409, "ConflictError", f"An image with the name {name} already exists.")


async def create_vm_image(request: web.Request) -> web.Response:
    body = await _body(request, CreateVMImage)
    if not body.name or not body.label:
        raise _bad("The Name and the Label of the VM image are required.")
    _check_name(body.name)
    if _name_taken(request, body.name):
        raise _conflict(body.name)
    os_disk = body.os_disk_configuration
    if os_disk.os_state not in OS_STATES:
        raise _bad("The OSState of the OS disk must be Generalized or Specialized.")
    if os_disk.os not in OPERATING_SYSTEMS:
        raise _bad("The OS of the OS disk must be Linux or Windows.")
    media_link = _check_media_link(os_disk.media_link, "OS disk")
    data_disks = []
    luns: set[int] = set()
    for disk in body.data_disk_configurations or ():
        lun = disk.lun if disk.lun is not None else 0
        if not 0 <= lun <= 63 or lun in luns:
            raise _bad(f"The LUN {lun} of a data disk is invalid or used twice.")
        luns.add(lun)
        link = _check_media_link(disk.media_link, "data disk")
        data_disks.append(
            VMImageDiskRecord(
                name=_blob_name(link),
                media_link=link,
                host_caching=_check_caching(disk.host_caching) or "None",
                lun=lun,
                size=disk.logical_disk_size_in_gb or 1023,
            )
        )
    now = now_iso()
    record = VMImageRecord(
        subscription=subscription(request),
        name=body.name,
        label=body.label,
        description=body.description or "",
        os_disk=VMImageDiskRecord(
            name=_blob_name(media_link),
            media_link=media_link,
            host_caching=_check_caching(os_disk.host_caching) or "ReadWrite",
            os_state=os_disk.os_state,
            os=os_disk.os,
            size=30 if os_disk.os == "Linux" else 128,
        ),
        data_disks=tuple(data_disks),
        location=DEFAULT_LOCATION,
        created=now,
        modified=now,
        language=body.language or "",
        image_family=body.image_family or "",
        recommended_vm_size=body.recommended_vm_size or "",
        eula=body.eula or "",
        icon_uri=body.icon_uri or "",
        small_icon_uri=body.small_icon_uri or "",
        privacy_uri=body.privacy_uri or "",
        published_date=_published(body.published_date, ""),
        show_in_gui=body.show_in_gui,
    )
    return accepted(request, "create_vm_image", puts=[record])


def _published(text: str | None, current: str) -> str:
    if text is None:
        return current
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise _bad(f"The PublishedDate '{text}' is not a valid date.") from None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.isoformat() + "Z"


def _user_vm_image(request: web.Request, verb: str) -> VMImageRecord:
    name = request.match_info["vm_image_name"]
    found = find_vm_image(context(request).state, subscription(request), name)
    if found is None:
        raise AsmFault(404, "ResourceNotFound", f"The VM image {name} does not exist.")
    record, platform = found
    if platform:
        raise _bad(f"The VM image {name} is a platform image and cannot be {verb}.")
    return record


def _text(value: str | None, current: str) -> str:
    return current if value is None else value


async def update_vm_image(request: web.Request) -> web.Response:
    record = _user_vm_image(request, "changed")
    body = await _body(request, UpdateVMImage)
    if body.label is not None:
        if not body.label.strip() or len(body.label) > 100:
            raise _bad("The label is required and at most 100 characters.")
    by_name = {d.name.lower(): d for d in record.data_disks}
    changed_disks = dict(by_name)
    for disk in body.data_disk_configurations:
        current = by_name.get((disk.name or "").lower())
        if current is None:
            raise _bad(f"The VM image {record.name} has no data disk named {disk.name}.")
        changed_disks[current.name.lower()] = replace(
            current,
            host_caching=_check_caching(disk.host_caching) or current.host_caching,
            lun=current.lun if disk.lun is None else disk.lun,
        )
    luns = [d.lun for d in changed_disks.values()]
    if len(set(luns)) != len(luns):
        raise _bad("Two data disks of the VM image would have the same LUN.")
    caching = _check_caching(body.os_disk_configuration.host_caching)
    changed = replace(
        record,
        label=_text(body.label, record.label),
        description=_text(body.description, record.description),
        os_disk=replace(record.os_disk, host_caching=caching or record.os_disk.host_caching),
        data_disks=tuple(changed_disks[d.name.lower()] for d in record.data_disks),
        language=_text(body.language, record.language),
        image_family=_text(body.image_family, record.image_family),
        recommended_vm_size=_text(body.recommended_vm_size, record.recommended_vm_size),
        eula=_text(body.eula, record.eula),
        icon_uri=_text(body.icon_uri, record.icon_uri),
        small_icon_uri=_text(body.small_icon_uri, record.small_icon_uri),
        privacy_uri=_text(body.privacy_uri, record.privacy_uri),
        published_date=_published(body.published_date, record.published_date),
        show_in_gui=record.show_in_gui if body.show_in_gui is None else body.show_in_gui,
        modified=now_iso(),
    )
    return accepted(request, "update_vm_image", puts=[changed], status=200)


async def delete_vm_image(request: web.Request) -> web.Response:
    record = _user_vm_image(request, "deleted")
    for deployment in context(request).state.values(DeploymentRecord):
        if deployment.subscription != record.subscription:
            continue
        for role in deployment.vm_roles or ():
            if role.vm_image_name.lower() == record.name.lower():
                raise AsmFault(
                    409,
                    "ConflictError",
                    f"The VM image {record.name} is in use by virtual machine {role.role_name} "
                    f"of hosted service {deployment.service}.",
                )
    return accepted(request, "delete_vm_image", deletes=[record.ref])


async def capture_vm_image(request: web.Request) -> web.Response:
    options = await _body(request, CaptureRoleAsVMImage)
    deployment = find_deployment(request)
    service = find_service(request)
    role_name = request.match_info["role_name"]
    role = next((r for r in deployment.vm_roles or () if r.role_name == role_name), None)
    if role is None:
        raise AsmFault(
            404, "ResourceNotFound", f"Role {role_name} was not found in the currently deployed service."
        )
    if options.os_state not in OS_STATES:
        raise _bad("The OSState must be Generalized or Specialized.")
    if not options.vm_image_name or not options.vm_image_label:
        raise _bad("The VMImageName and the VMImageLabel are required.")
    _check_name(options.vm_image_name)
    stopped = role.power_state in STOPPED
    if options.os_state == "Generalized" and not stopped:
        raise AsmFault(
            409,
            "ConflictError",
            f"The virtual machine {role_name} must be stopped before it is captured as a generalized image.",
        )
    if _name_taken(request, options.vm_image_name):
        raise _conflict(options.vm_image_name)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    image_name = options.vm_image_name
    source = role.os_disk
    container = (source.media_link or "").rsplit("/", 1)[0] if source and source.media_link else ""
    os_name = f"{image_name}-os-{stamp}"
    os_disk = VMImageDiskRecord(
        name=os_name,
        media_link=f"{container}/{os_name}.vhd" if container else "",
        host_caching=(source.host_caching if source else None) or "ReadWrite",
        os_state=options.os_state,
        os=(source.os if source else None) or "Linux",
    )
    os_disk = replace(os_disk, size=30 if os_disk.os == "Linux" else 128)
    data_disks = tuple(
        VMImageDiskRecord(
            name=f"{image_name}-datadisk-{i}-{stamp}",
            media_link=f"{container}/{image_name}-datadisk-{i}-{stamp}.vhd" if container else "",
            host_caching=d.host_caching or "None",
            lun=d.lun if d.lun is not None else i,
            size=d.logical_disk_size_in_gb or 1023,
        )
        for i, d in enumerate(role.data_disks)
    )
    now = now_iso()
    image = VMImageRecord(
        subscription=service.subscription,
        name=image_name,
        label=options.vm_image_label,
        description=options.description or "",
        os_disk=os_disk,
        data_disks=data_disks,
        service_name=service.name,
        deployment_name=deployment.name,
        role_name=role_name,
        location=service.location or DEFAULT_LOCATION,
        affinity_group=service.affinity_group,
        created=now,
        modified=now,
        language=options.language or "",
        image_family=options.image_family or "",
        recommended_vm_size=options.recommended_vm_size or "",
        role_state_on_capture="StoppedVM" if stopped else "ReadyRole",
        role_size_on_capture=role.role_size,
    )
    puts: list[VMImageRecord | DeploymentRecord] = [image]
    deletes = []
    if options.os_state == "Generalized":  # the generalized VM is deleted once captured
        remaining = tuple(r for r in deployment.vm_roles or () if r.role_name != role_name)
        if remaining:
            puts.append(replace(deployment, vm_roles=remaining, modified=now))
        else:
            deletes.append(deployment.ref)
    return accepted(request, "capture_vm_image", puts=puts, deletes=deletes)


HANDLERS: dict[str, Handler] = {
    "vm_images.list": list_vm_images,
    "vm_images.create": create_vm_image,
    "vm_images.update": update_vm_image,
    "vm_images.delete": delete_vm_image,
    "vm_images.capture": capture_vm_image,
}
