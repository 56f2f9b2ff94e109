"""VM roles in the emulator's state: reading a ``<PersistentVMRole>``/``<Role>`` body into a record,
and finding a deployment's role. Shared by the virtual machines family (Create Virtual Machine
Deployment) and the roles family (Add Role, Update Role, the role operations), so neither imports
the other.
"""

from __future__ import annotations

import ipaddress
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from aiohttp import web

from ..errors import ResponseParseError
from ..models.virtual_machines import (
    ConfigurationSet,
    DataVirtualHardDisk,
    OSVirtualHardDisk,
    ResourceExtensionReference,
)
from ..xml import local_name
from ._http import AsmFault, context, now_iso, subscription
from .records import (
    DataDiskRecord,
    DeploymentRecord,
    ExtensionParameterRecord,
    NetworkConfigurationRecord,
    OSDiskRecord,
    ResourceExtensionRecord,
    VirtualNetworkRecord,
    VMImageRecord,
    VMRoleRecord,
)
from .repository import find_image, find_vm_image, max_data_disks

__all__ = [
    "BAD_XML",
    "MAX_DATA_DISKS",
    "check_data_disk_count",
    "check_subnets",
    "child",
    "children",
    "data_disk_records",
    "extension_records",
    "find_role",
    "invalid",
    "network_records",
    "parse_role",
    "role_not_found",
    "text",
]

BAD_XML = "The request body's XML was invalid or not correctly specified."


def child(element: ET.Element | None, name: str) -> ET.Element | None:
    """The first child element called ``name`` (any namespace), if any."""
    if element is not None:
        for item in element:
            if local_name(item.tag) == name:
                return item
    return None


def text(element: ET.Element | None, name: str) -> str | None:
    """The text of the child element ``name``, if there is one."""
    found = child(element, name)
    return found.text if found is not None else None


def children(element: ET.Element, wrapper: str, item: str) -> list[ET.Element]:
    """The ``item`` elements inside the child ``wrapper`` (none when it is absent)."""
    outer = child(element, wrapper)
    return [] if outer is None else [c for c in outer if local_name(c.tag) == item]


MAX_DATA_DISKS = 64
"""Data disks per virtual machine (Azure's limit for the largest sizes)."""


def invalid(what: str) -> AsmFault:
    """400: an element of the body is missing or wrong."""
    return AsmFault(400, "BadRequest", f"The {what} is invalid or missing.")


def _bad_xml() -> AsmFault:
    return AsmFault(400, "InvalidXmlRequest", BAD_XML)


def network_records(raw: ET.Element) -> tuple[tuple[NetworkConfigurationRecord, ...], str | None]:
    """(the network configuration sets, the host name of the provisioning set if any) of a role body.
    Only the host name of a provisioning set is kept: passwords and keys never enter the state."""
    network: list[NetworkConfigurationRecord] = []
    host_name: str | None = None
    try:
        for config in children(raw, "ConfigurationSets", "ConfigurationSet"):
            config_type = (text(config, "ConfigurationSetType") or "").lower()
            if config_type == "networkconfiguration":
                dumped = ConfigurationSet.from_element(config).model_dump(mode="json", exclude_none=True)
                network.append(NetworkConfigurationRecord.from_json(dumped))
            elif config_type in ("linuxprovisioningconfiguration", "windowsprovisioningconfiguration"):
                host_name = text(config, "HostName") or text(config, "ComputerName")
            else:
                raise invalid("ConfigurationSetType")
    except (ValueError, TypeError, ResponseParseError):
        raise _bad_xml() from None
    return tuple(network), host_name


def data_disk_records(raw: ET.Element) -> tuple[DataDiskRecord, ...]:
    """The data disks of a role body (at most :data:`MAX_DATA_DISKS`)."""
    raw_disks = children(raw, "DataVirtualHardDisks", "DataVirtualHardDisk")
    if len(raw_disks) > MAX_DATA_DISKS:
        raise AsmFault(400, "BadRequest", f"A virtual machine may have at most {MAX_DATA_DISKS} data disks.")
    try:
        return tuple(
            DataDiskRecord.from_json(
                DataVirtualHardDisk.from_element(d).model_dump(mode="json", exclude_none=True)
            )
            for d in raw_disks
        )
    except (ValueError, TypeError, ResponseParseError):
        raise _bad_xml() from None


def check_data_disk_count(role_size: str, count: int) -> None:
    """400 when a VM of ``role_size`` cannot hold ``count`` data disks (the service's words)."""
    limit = max_data_disks(role_size)
    if count > limit:
        raise AsmFault(
            400,
            "BadRequest",
            f"The maximum number of data disks allowed to be attached to a role of size {role_size} "
            f"is {limit}.",
        )


def extension_records(raw: ET.Element) -> tuple[ResourceExtensionRecord, ...]:
    """The resource extensions of a role body, with their public settings only (private ones are secrets)."""
    found: list[ResourceExtensionRecord] = []
    try:
        for element in children(raw, "ResourceExtensionReferences", "ResourceExtensionReference"):
            reference = ResourceExtensionReference.from_element(element)
            if not (
                reference.reference_name and reference.publisher and reference.name and reference.version
            ):
                raise invalid("ResourceExtensionReference (ReferenceName, Publisher, Name, Version)")
            public = tuple(
                ExtensionParameterRecord(key=p.key, value=str(p.value or ""), type=p.type)
                for p in reference.resource_extension_parameter_values or ()
                if (p.type or "").lower() == "public"
            )
            found.append(
                ResourceExtensionRecord(
                    reference_name=reference.reference_name,
                    publisher=reference.publisher,
                    name=reference.name,
                    version=reference.version,
                    resource_extension_parameter_values=public or None,
                    state=reference.state or "Enable",
                )
            )
    except (ValueError, TypeError, ResponseParseError):
        raise _bad_xml() from None
    return tuple(found)


def _boolean(raw: ET.Element, name: str) -> bool | None:
    value = text(raw, name)
    if value is None:
        return None
    if value.strip().lower() not in ("true", "false"):
        raise _bad_xml()
    return value.strip().lower() == "true"


def parse_role(request: web.Request, service_name: str, raw: ET.Element) -> VMRoleRecord:
    """The VM role of a Create Virtual Machine Deployment ``<Role>`` or an Add Role body, checked."""
    role_name = text(raw, "RoleName")
    if not role_name:
        raise invalid("RoleName")
    role_type = text(raw, "RoleType") or "PersistentVMRole"
    if role_type != "PersistentVMRole":
        raise AsmFault(400, "BadRequest", f"The role type {role_type} is not supported.")
    network, host_name = network_records(raw)
    disk_raw = child(raw, "OSVirtualHardDisk")
    try:
        os_disk = OSVirtualHardDisk.from_element(disk_raw) if disk_raw is not None else None
    except (ValueError, TypeError, ResponseParseError):
        raise _bad_xml() from None
    role_size = text(raw, "RoleSize") or "Small"
    data_disks = data_disk_records(raw)
    check_data_disk_count(role_size, len(data_disks))
    extensions = extension_records(raw)
    guest_agent = _boolean(raw, "ProvisionGuestAgent")
    if extensions and guest_agent is not True:
        raise AsmFault(
            400, "BadRequest", "Resource extensions need the guest agent: set ProvisionGuestAgent to true."
        )
    vm_image = text(raw, "VMImageName")
    if os_disk is None and not vm_image:
        raise AsmFault(400, "BadRequest", "The OSVirtualHardDisk or VMImageName must be specified.")
    disk: OSDiskRecord | None = None
    if vm_image:
        found_vm_image = find_vm_image(context(request).state, subscription(request), vm_image)
        if found_vm_image is None:
            raise AsmFault(400, "BadRequest", f"The VM image {vm_image} does not exist.")
        media_location = text(raw, "MediaLocation")
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
        role_size=role_size,
        host_name=host_name or role_name,
        network=network,
        os_disk=disk,
        data_disks=data_disks,
        availability_set_name=text(raw, "AvailabilitySetName") or "",
        vm_image_name=vm_image or "",
        media_location=text(raw, "MediaLocation"),
        extensions=extensions or None,
        provision_guest_agent=guest_agent,
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


def check_subnets(network: VirtualNetworkRecord, roles: Iterable[VMRoleRecord]) -> None:
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
            _check_static_ip(network, config.subnet_names or (), config.static_virtual_network_ip_address)


def _check_static_ip(network: VirtualNetworkRecord, subnets: Iterable[str], address: str | None) -> None:
    """A VM's static address is inside its (single) subnet, and not one Azure keeps (the first four
    and the last address of the subnet)."""
    if not address:
        return
    names = [s.lower() for s in subnets]
    if len(names) != 1:
        raise AsmFault(400, "BadRequest", "A static virtual network IP address needs exactly one subnet.")
    (subnet,) = [s for s in network.subnets if s.name.lower() == names[0]]
    prefix = ipaddress.ip_network(subnet.address_prefix, strict=False)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        raise AsmFault(400, "BadRequest", f"The static IP address {address} is invalid.") from None
    first, last = int(prefix.network_address), int(prefix.broadcast_address)
    if parsed not in prefix or int(parsed) < first + 4 or int(parsed) == last:
        raise AsmFault(
            400,
            "BadRequest",
            f"The static IP address {address} is not an available address of subnet {subnet.name} "
            f"({prefix}).",
        )


def check_load_balancer_names(record: DeploymentRecord, role: VMRoleRecord) -> None:
    """Each internal load balancer the role's endpoints name is one of the deployment's, and the
    role's static address is not another VM's or a load balancer's of the deployment."""
    taken = {b.static_ip for b in record.load_balancers}
    for other in record.vm_roles or ():
        if other.role_name.lower() != role.role_name.lower():
            taken.update(n.static_virtual_network_ip_address or "" for n in other.network)
    for config in role.network:
        address = config.static_virtual_network_ip_address
        if address and address in taken:
            raise AsmFault(409, "ConflictError", f"The static IP address {address} is already in use.")
    known = {b.name.lower() for b in record.load_balancers}
    for config in role.network:
        for endpoint in config.input_endpoints or ():
            name = endpoint.load_balancer_name
            if name and name.lower() not in known:
                raise AsmFault(
                    400, "BadRequest", f"The load balancer {name} does not exist in deployment {record.name}."
                )


def role_not_found(name: str) -> AsmFault:
    """404 for a role the deployment does not have (the service's words)."""
    return AsmFault(404, "ResourceNotFound", f"Role {name} was not found in the currently deployed service.")


def find_role(record: DeploymentRecord, name: str) -> VMRoleRecord:
    """The deployment's VM role ``name`` (case-insensitive, as role names are DNS names), or 404."""
    for role in record.vm_roles or ():
        if role.role_name.lower() == name.lower():
            return role
    raise role_not_found(name)
