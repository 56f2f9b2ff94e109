"""Virtual machines: VM deployments (``POST HS/deployments``) and their roles."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
import zlib

from aiohttp import web

from ..errors import ResponseParseError
from ..models.virtual_machines import ConfigurationSet, DataVirtualHardDisk, OSVirtualHardDisk
from ..xml import local_name
from ._http import (
    AsmFault,
    Handler,
    accepted,
    body_element,
    check_argument,
    context,
    now_iso,
    subscription,
    xml_response,
)
from .lookups import check_slot_free, find_deployment, find_service, slot_name
from .records import (
    DataDiskRecord,
    DeploymentRecord,
    NetworkConfigurationRecord,
    OSDiskRecord,
    VirtualNetworkRecord,
    VMImageRecord,
    VMRoleRecord,
)
from .repository import find_image, find_vm_image, virtual_network
from .views import role_model


def _child(element: ET.Element | None, name: str) -> ET.Element | None:
    if element is not None:
        for child in element:
            if local_name(child.tag) == name:
                return child
    return None


def _text(element: ET.Element | None, name: str) -> str | None:
    child = _child(element, name)
    return child.text if child is not None else None


def _children(element: ET.Element, wrapper: str, item: str) -> list[ET.Element]:
    outer = _child(element, wrapper)
    return [] if outer is None else [c for c in outer if local_name(c.tag) == item]


MAX_DATA_DISKS = 64
"""Data disks per virtual machine (Azure's limit for the largest sizes)."""


def _invalid(what: str) -> AsmFault:
    return AsmFault(400, "BadRequest", f"The {what} is invalid or missing.")


def _parse_role(request: web.Request, service_name: str, raw: ET.Element) -> VMRoleRecord:
    role_name = _text(raw, "RoleName")
    if not role_name:
        raise _invalid("RoleName")
    role_type = _text(raw, "RoleType") or "PersistentVMRole"
    if role_type != "PersistentVMRole":
        raise AsmFault(400, "BadRequest", f"The role type {role_type} is not supported.")
    host_name = role_name
    network: list[NetworkConfigurationRecord] = []
    try:
        for config in _children(raw, "ConfigurationSets", "ConfigurationSet"):
            config_type = (_text(config, "ConfigurationSetType") or "").lower()
            if config_type == "networkconfiguration":
                network.append(
                    NetworkConfigurationRecord.from_json(
                        ConfigurationSet.from_element(config).model_dump(mode="json", exclude_none=True)
                    )
                )
            elif config_type in ("linuxprovisioningconfiguration", "windowsprovisioningconfiguration"):
                # Only the host name is kept: passwords and keys never enter the state.
                host_name = _text(config, "HostName") or _text(config, "ComputerName") or role_name
            else:
                raise _invalid("ConfigurationSetType")
        disk_raw = _child(raw, "OSVirtualHardDisk")
        os_disk = OSVirtualHardDisk.from_element(disk_raw) if disk_raw is not None else None
        raw_disks = _children(raw, "DataVirtualHardDisks", "DataVirtualHardDisk")
        if len(raw_disks) > MAX_DATA_DISKS:
            raise AsmFault(
                400, "BadRequest", f"A virtual machine may have at most {MAX_DATA_DISKS} data disks."
            )
        data_disks = tuple(
            DataDiskRecord.from_json(
                DataVirtualHardDisk.from_element(d).model_dump(mode="json", exclude_none=True)
            )
            for d in raw_disks
        )
    except (ValueError, TypeError, ResponseParseError):
        raise AsmFault(
            400, "InvalidXmlRequest", "The request body's XML was invalid or not correctly specified."
        ) from None
    vm_image = _text(raw, "VMImageName")
    if os_disk is None and not vm_image:
        raise AsmFault(400, "BadRequest", "The OSVirtualHardDisk or VMImageName must be specified.")
    disk: OSDiskRecord | None = None
    if vm_image:
        found_vm_image = find_vm_image(context(request).state, subscription(request), vm_image)
        if found_vm_image is None:
            raise AsmFault(400, "BadRequest", f"The VM image {vm_image} does not exist.")
        media_location = _text(raw, "MediaLocation")
        if found_vm_image[1] and not media_location:
            raise AsmFault(
                400,
                "BadRequest",
                f"A MediaLocation is required to create a VM from the published VM image {vm_image}.",
            )
        if os_disk is None:
            disk = _disk_from_vm_image(service_name, role_name, found_vm_image[0], media_location)
    if os_disk is not None:
        if os_disk.source_image_name:
            found = find_image(context(request).state, subscription(request), os_disk.source_image_name)
            if found is None:
                raise AsmFault(400, "BadRequest", f"The image {os_disk.source_image_name} does not exist.")
            os_disk.os = os_disk.os or found[0].os
        elif not (os_disk.remote_source_image_link or os_disk.disk_name):
            raise AsmFault(400, "BadRequest", "The OSVirtualHardDisk has no source image or disk.")
        stamp = now_iso().replace("-", "").replace(":", "")
        dumped = os_disk.model_dump(mode="json", exclude_none=True)
        dumped.setdefault("host_caching", "ReadWrite")
        dumped.setdefault("disk_name", f"{service_name}-{role_name}-0-{stamp}")
        dumped.setdefault("os", "Linux")
        disk = OSDiskRecord.from_json(dumped)
    return VMRoleRecord(
        role_name=role_name,
        role_size=_text(raw, "RoleSize") or "Small",
        host_name=host_name,
        network=tuple(network),
        os_disk=disk,
        data_disks=data_disks,
        availability_set_name=_text(raw, "AvailabilitySetName") or "",
        vm_image_name=vm_image or "",
    )


def _disk_from_vm_image(
    service_name: str, role_name: str, image: VMImageRecord, media_location: str | None
) -> OSDiskRecord:
    """The OS disk the service makes for a VM from a VM image (recorded Get Role of
    ``test_create_virtual_machine_deployment_linux_vm_image``): a copy of the image's OS disk in
    the ``MediaLocation`` given, else beside the image's disk; its source is the image's OS disk."""
    source = image.os_disk
    stamp = now_iso().replace("-", "").replace(":", "").replace("T", "").replace("Z", "")
    container = media_location or source.media_link.rsplit("/", 1)[0]
    return OSDiskRecord(
        host_caching=source.host_caching or "ReadWrite",
        disk_name=f"{service_name}-{role_name}-0-{stamp}",
        media_link=f"{container.rstrip('/')}/{service_name}-{role_name}-{stamp}.vhd" if container else None,
        source_image_name=source.name,
        os=source.os or "Linux",
        io_type=source.io_type or "Standard",
    )


def _check_subnets(network: VirtualNetworkRecord, roles: list[VMRoleRecord]) -> None:
    """Each subnet a role names is one of the virtual network's."""
    known = {s.name.lower() for s in network.subnets}
    for role in roles:
        for config in role.network:
            for subnet in config.subnet_names or ():
                if subnet.lower() not in known:
                    raise AsmFault(
                        400,
                        "BadRequest",
                        f"The subnet {subnet} does not exist in the virtual network {network.name}.",
                    )


async def create_deployment(request: web.Request) -> web.Response:
    service = find_service(request)
    raw = await body_element(request)
    if local_name(raw.tag) != "Deployment":
        raise AsmFault(
            400, "InvalidXmlRequest", "The request body's XML was invalid or not correctly specified."
        )
    name = _text(raw, "Name")
    if not name:
        raise _invalid("deployment Name")
    slot = slot_name(_text(raw, "DeploymentSlot") or "")
    if slot != "Production":
        raise AsmFault(
            400, "BadRequest", "Virtual machine deployments can only be created in the production slot."
        )
    label = _text(raw, "Label") or ""
    check_argument(request, "label", label)
    network_name = _text(raw, "VirtualNetworkName") or ""
    network = virtual_network(context(request).state, service.subscription, network_name)
    if network_name and network is None:
        raise AsmFault(400, "BadRequest", f"The virtual network {network_name} does not exist.")
    roles = [_parse_role(request, service.name, r) for r in _children(raw, "RoleList", "Role")]
    if len(roles) != 1:
        raise AsmFault(400, "BadRequest", "A virtual machine deployment must hold exactly one role.")
    if network is not None:
        _check_subnets(network, roles)
    check_slot_free(request, service.name, slot, name)
    now = now_iso()
    n = zlib.crc32(f"{service.name}/{name}".encode())
    record = DeploymentRecord(
        subscription=service.subscription,
        service=service.name,
        name=name,
        slot=slot,
        private_id=uuid.uuid4().hex,
        status="Running",
        label=label,
        vm_roles=tuple(roles),
        created=now,
        modified=now,
        vip=f"104.42.{n % 250}.{(n >> 8) % 250 + 1}",
        virtual_network_name=network.name if network is not None else "",
    )
    return accepted(request, "create_virtual_machine_deployment", puts=[record])


async def get_role(request: web.Request) -> web.Response:
    record = find_deployment(request)
    name = request.match_info["role_name"]
    for role in record.vm_roles or ():
        if role.role_name == name:
            return xml_response(role_model(role, record.vip))
    raise AsmFault(404, "ResourceNotFound", f"Role {name} was not found in the currently deployed service.")


HANDLERS: dict[str, Handler] = {
    "virtual_machines.create_deployment": create_deployment,
    "virtual_machines.get_role": get_role,
}
