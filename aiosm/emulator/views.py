"""Records -> answer models, where more than one family needs the same answer.

A deployment is answered by ``GET .../deployments/{dep}`` (deployments), embedded
in ``GET /services/hostedservices/{svc}?embed-detail=true`` (hosted services),
and its VM roles by ``GET .../roles/{role}`` (virtual machines): the conversions
live here so no family imports another.

The VM role's network and disk sub-records mirror their models' fields, so they
convert through their JSON form, exactly as they were stored.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from ..models.deployments import (
    Deployment,
    DnsServer,
    DnsSettings,
    InstanceEndpoint,
    LoadBalancer,
    PersistentVMDowntime,
    Role,
    RoleInstance,
    UpgradeStatus,
    VirtualIP,
)
from ..models.hosted_services import HostedServiceProperties
from ..models.load_balancers import FrontendIpConfiguration
from ..models.locations import ComputeCapabilities
from ..models.storage_accounts import StorageServiceProperties
from ..models.virtual_machines import (
    ConfigurationSet,
    DataVirtualHardDisk,
    OSVirtualHardDisk,
    ResourceExtensionReference,
)
from .records import (
    DeploymentRecord,
    HostedServiceRecord,
    StorageAccountRecord,
    VMRoleRecord,
    named_data_disks,
)

__all__ = [
    "MAX_UPGRADE_DOMAINS",
    "UntypedRole",
    "cloud_instances",
    "cloud_role",
    "compute_capabilities",
    "deployment_model",
    "dns_settings",
    "hosted_service_properties",
    "role_model",
    "storage_service_properties",
    "upgrade_domain_count",
    "virtual_ip",
    "vm_instance",
    "vm_instances",
    "vm_roles",
]

MAX_UPGRADE_DOMAINS = 5
"""Upgrade domains of a cloud-service deployment (Azure's default): instance ``n`` is in domain ``n % 5``."""

OS_VERSION = "WA-GUEST-OS-4.21_201506-01"
"""The guest OS version cloud-service roles report."""
_SDK_VERSION = "2.6.6496.1"


_D = ["Standard_D1", "Standard_D11", "Standard_D12", "Standard_D13", "Standard_D14"]
_D += ["Standard_D2", "Standard_D3", "Standard_D4"]
WEB_WORKER_ROLE_SIZES = ["A10", "A11", "A5", "A6", "A7", "A8", "A9", "ExtraLarge", "ExtraSmall", "Large"]
WEB_WORKER_ROLE_SIZES += ["Medium", "Small", *_D]
"""The role sizes cloud-service roles can use, in the service's (alphabetical) order."""
VM_ROLE_SIZES = ["A10", "A11", "A5", "A6", "A7", "A8", "A9", "Basic_A0", "Basic_A1", "Basic_A2", "Basic_A3"]
VM_ROLE_SIZES += ["Basic_A4", "ExtraLarge", "ExtraSmall", "Large", "Medium", "Small", *_D]
VM_ROLE_SIZES += ["Standard_DS1", "Standard_DS11", "Standard_DS12", "Standard_DS13", "Standard_DS14"]
VM_ROLE_SIZES += ["Standard_DS2", "Standard_DS3", "Standard_DS4", "Standard_G1", "Standard_G2", "Standard_G3"]
VM_ROLE_SIZES += ["Standard_G4", "Standard_G5"]
"""The role sizes virtual machines can use."""


def compute_capabilities() -> ComputeCapabilities:
    """``<ComputeCapabilities>`` of a location, a cloud service or an affinity group."""
    return ComputeCapabilities(
        web_worker_role_sizes=list(WEB_WORKER_ROLE_SIZES), virtual_machines_role_sizes=list(VM_ROLE_SIZES)
    )


def cloud_instances(record: DeploymentRecord) -> list[RoleInstance]:
    """The role instances of a cloud-service deployment (``count`` per role)."""
    running = record.status == "Running"
    instances = []
    for role_index, role in enumerate(record.roles):
        for i in range(role.count):
            instances.append(
                RoleInstance(
                    role_name=role.name,
                    instance_name=f"{role.name}_IN_{i}",
                    instance_status="ReadyRole" if running else "StoppedVM",
                    instance_upgrade_domain=i % MAX_UPGRADE_DOMAINS,
                    instance_fault_domain=i % 2,
                    instance_size="Small",
                    ip_address=f"10.{role_index}.0.{4 + i}",
                    power_state="Started" if running else "Stopped",
                )
            )
    return instances


class UntypedRole(Role):
    """A role written without ``i:type``: the service types only the VM roles of a role list
    (a cloud-service role has none, nor has the root of Get Role)."""

    __xml_type__ = None  # type: ignore[assignment]  # XmlModel's is str | None; Role narrowed it to str


def _network_sets(role: VMRoleRecord, vip: str, *, subnets: bool) -> list[ConfigurationSet]:
    """The role's network configuration set (the service makes one when none was sent); in a
    deployment (``subnets``), ``<SubnetNames/>`` also when none and each input endpoint's VIP."""
    sets = [ConfigurationSet.model_validate(c.to_json()) for c in role.network] or [ConfigurationSet()]
    for item in sets:
        if not subnets:  # Get Role: neither <SubnetNames/> nor the endpoints' VIP
            item.subnet_names = item.subnet_names or None
            continue
        item.subnet_names = item.subnet_names or []
        for endpoint in item.input_endpoints or ():
            endpoint.vip = endpoint.vip or vip or None
    return sets


def _os_disk(role: VMRoleRecord) -> OSVirtualHardDisk | None:
    if role.os_disk is None:
        return None
    disk = OSVirtualHardDisk.model_validate(role.os_disk.to_json())
    if disk.io_type is None:
        disk.io_type = "Standard"
    return disk


def _winrm_thumbprint(role: VMRoleRecord) -> str:
    """Windows VMs: the thumbprint of the certificate the service made for the default WinRM listener."""
    if role.os_disk is None or (role.os_disk.os or "").lower() != "windows":
        return ""
    seed = f"{role.role_name}/{role.os_disk.disk_name or ''}".encode()
    return hashlib.sha1(seed, usedforsecurity=False).hexdigest().upper()


def role_model(role: VMRoleRecord, vip: str = "", *, in_deployment: bool = False) -> Role:
    """A VM role: in a deployment's role list, or the ``<PersistentVMRole>`` of Get Role
    (``ProvisionGuestAgent`` only when the VM was created with it: the legacy SDK never sent it,
    and the service answered none then)."""
    return (Role if in_deployment else UntypedRole)(
        role_name=role.role_name,
        role_type="PersistentVMRole",
        configuration_sets=_network_sets(role, vip, subnets=in_deployment),
        resource_extension_references=[
            ResourceExtensionReference.model_validate(e.to_json()) for e in role.extensions or ()
        ]
        or None,
        vm_image_name=role.vm_image_name,
        media_location=role.media_location or "",
        availability_set_name=role.availability_set_name,
        data_virtual_hard_disks=[
            DataVirtualHardDisk.model_validate(d.to_json()) for d in named_data_disks(role)
        ],
        os_virtual_hard_disk=_os_disk(role),
        role_size=role.role_size,
        provision_guest_agent=role.provision_guest_agent,
        default_win_rm_certificate_thumbprint=_winrm_thumbprint(role),
    )


def cloud_role(name: str) -> Role:
    """A cloud-service role: name, guest OS, its network configuration set; no data disks element."""
    role = UntypedRole(
        role_name=name, os_version=OS_VERSION, configuration_sets=[ConfigurationSet(subnet_names=[])]
    )
    return role.model_copy(update={"data_virtual_hard_disks": None})  # None is not written


def vm_roles(record: DeploymentRecord) -> list[Role]:
    """The roles of a VM deployment."""
    return [role_model(r, record.vip, in_deployment=True) for r in record.vm_roles or ()]


def _instance_endpoints(role: VMRoleRecord, vip: str) -> list[InstanceEndpoint]:
    return [
        InstanceEndpoint(
            name=e.name or "",
            vip=vip,
            public_port=e.port,
            local_port=e.local_port,
            protocol=e.protocol or "",
            idle_timeout_in_minutes=e.idle_timeout_in_minutes or 4,
        )
        for s in _network_sets(role, vip, subnets=True)
        for e in s.input_endpoints or ()
    ]


_SHUT_DOWN = {"Stopped": "StoppedVM", "StoppedDeallocated": "StoppedDeallocated"}
"""A shut-down VM's power state (the record's) -> the status its role instance shows."""


def vm_instance(index: int, role: VMRoleRecord, running: bool, vip: str = "") -> RoleInstance:
    """The role instance of one VM: stopped once shut down, else as the deployment runs."""
    status = _SHUT_DOWN.get(role.power_state or "") or ("ReadyRole" if running else "StoppedVM")
    if status == "StoppedDeallocated":  # no compute resources: no size, address, host or endpoints
        return RoleInstance(
            role_name=role.role_name,
            instance_name=role.role_name,
            instance_status=status,
            power_state="Stopped",
            remote_access_certificate_thumbprint=_thumbprint(role.role_name),
        )
    return RoleInstance(
        role_name=role.role_name,
        instance_name=role.role_name,
        instance_status=status,
        instance_upgrade_domain=0,
        instance_fault_domain=0,
        instance_size=role.role_size,
        ip_address=f"10.{index}.0.4",
        power_state="Started" if status == "ReadyRole" else "Stopped",
        host_name=role.host_name,
        remote_access_certificate_thumbprint=_thumbprint(role.role_name),
        instance_endpoints=_instance_endpoints(role, vip),
    )


def vm_instances(record: DeploymentRecord) -> list[RoleInstance]:
    """The role instances of a VM deployment (one per role)."""
    running = record.status == "Running"
    return [vm_instance(index, role, running, record.vip) for index, role in enumerate(record.vm_roles or ())]


def upgrade_domain_count(record: DeploymentRecord) -> int:
    """The upgrade domains of a deployment: one for a VM deployment; for a cloud service, as many as
    its largest role has instances, at most :data:`MAX_UPGRADE_DOMAINS`."""
    if record.is_vm:
        return 1
    return min(max([r.count for r in record.roles] + [1]), MAX_UPGRADE_DOMAINS)


def _current(record: DeploymentRecord, instances: list[RoleInstance]) -> list[RoleInstance]:
    """The instances without those deleted, each in the status an operation in progress gives it."""
    removed = set(record.removed_instances)
    statuses = {s.instance: s.status for s in record.instance_statuses}
    if not removed and not statuses:
        return instances
    return [
        i.model_copy(update={"instance_status": statuses[i.instance_name]})
        if i.instance_name in statuses
        else i
        for i in instances
        if i.instance_name not in removed
    ]


def _upgrade_status(record: DeploymentRecord) -> UpgradeStatus | None:
    upgrade = record.upgrade
    if upgrade is None:
        return None
    return UpgradeStatus(
        upgrade_type=upgrade.upgrade_type,
        current_upgrade_domain_state="During" if upgrade.walking else "Before",
        current_upgrade_domain=upgrade.domain,
    )


def _thumbprint(seed: str) -> str:
    return hashlib.md5(seed.encode("utf-8"), usedforsecurity=False).hexdigest()


_VM_CSCFG = (
    '<ServiceConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration">'
    "{roles}</ServiceConfiguration>"
)


def _vm_configuration(record: DeploymentRecord) -> str:
    """The service configuration the service makes up for a VM deployment (one instance per role)."""
    roles = "".join(
        f'<Role name="{r.role_name}"><Instances count="1" /></Role>' for r in record.vm_roles or ()
    )
    return _VM_CSCFG.replace("{roles}", roles)


def _downtime(record: DeploymentRecord) -> PersistentVMDowntime:
    start = datetime.fromisoformat(record.created.replace("Z", "+00:00"))
    return PersistentVMDowntime(
        start_time=start, end_time=start + timedelta(days=4), status="PersistentVMUpdateScheduled"
    )


def deployment_model(record: DeploymentRecord) -> Deployment:
    """A deployment (cloud service or VM) as ``<Deployment>``."""
    is_vm = record.is_vm
    host = record.service if record.slot == "Production" else record.private_id
    roles = vm_roles(record) if is_vm else [cloud_role(r.name) for r in record.roles]
    return Deployment(
        name=record.name,
        deployment_slot=record.slot,
        private_id=record.private_id,
        status=record.status,
        label=record.label,
        url=f"http://{host}.cloudapp.net/",
        configuration=record.configuration or (_vm_configuration(record) if is_vm else ""),
        role_instance_list=_current(record, vm_instances(record) if is_vm else cloud_instances(record)),
        upgrade_status=_upgrade_status(record),
        upgrade_domain_count=upgrade_domain_count(record),
        role_list=roles,
        sdk_version="" if is_vm else _SDK_VERSION,
        locked=bool(record.instance_statuses) or bool(record.upgrade and record.upgrade.walking),
        rollback_allowed=record.upgrade is not None,
        virtual_network_name=record.virtual_network_name,
        created_time=record.created,
        last_modified_time=record.modified,
        extended_properties=dict(record.extended_properties),
        persistent_vm_downtime=None if is_vm else _downtime(record),
        virtual_ips=[virtual_ip(record)],
        dns=dns_settings(record),
        load_balancers=load_balancers(record),
        reserved_ip_name=record.reserved_ip_name,
        internal_dns_suffix=f"{record.service}.d2.internal.cloudapp.net" if is_vm else "",
    )


def virtual_ip(record: DeploymentRecord) -> VirtualIP:
    """The deployment's virtual IP: its reserved IP's address while one is associated."""
    name = f"{record.service}ContractContract"
    if record.reserved_ip_name:
        return VirtualIP(
            address=record.reserved_ip_address,
            is_dns_programmed=True,
            name=name,
            is_reserved=True,
            reserved_ip_name=record.reserved_ip_name,
        )
    return VirtualIP(address=record.vip, is_dns_programmed=True, name=name)


def load_balancers(record: DeploymentRecord) -> list[LoadBalancer]:
    """``<LoadBalancers>`` of the deployment: its internal load balancers, in the order added."""
    return [
        LoadBalancer(
            name=lb.name,
            frontend_ip_configuration=FrontendIpConfiguration(
                type="Private", subnet_name=lb.subnet_name, static_virtual_network_ip_address=lb.static_ip
            ),
        )
        for lb in record.load_balancers
    ]


def dns_settings(record: DeploymentRecord) -> DnsSettings | None:
    """``<Dns><DnsServers>`` of the deployment, absent while it has no DNS server."""
    if not record.dns_servers:
        return None
    return DnsSettings(dns_servers=[DnsServer(name=d.name, address=d.address) for d in record.dns_servers])


def hosted_service_properties(record: HostedServiceRecord) -> HostedServiceProperties:
    """``<HostedServiceProperties>`` of a cloud service (Get, List, and in its affinity group)."""
    return HostedServiceProperties(
        description=record.description,
        affinity_group=record.affinity_group,
        location=record.location,
        label=record.label,
        status="Created",
        date_created=record.created,
        date_last_modified=record.modified,
        extended_properties=dict(record.extended_properties),
    )


SECONDARY_REGION = {
    "West US": "East US",
    "East US": "West US",
    "North Europe": "West Europe",
    "West Europe": "North Europe",
    "Southeast Asia": "East Asia",
    "East Asia": "Southeast Asia",
    "North Central US": "South Central US",
    "South Central US": "North Central US",
}
"""The paired region a geo-replicated account's secondary lives in."""


def storage_service_properties(record: StorageAccountRecord) -> StorageServiceProperties:
    """``<StorageServiceProperties>`` of a storage account (Get, List, and in its affinity group)."""
    name = record.name
    geo = record.account_type in ("Standard_GRS", "Standard_RAGRS")
    return StorageServiceProperties(
        description=record.description,
        affinity_group=record.affinity_group,
        location=record.location,
        label=record.label,
        status="Created",
        endpoints=[f"https://{name}.{svc}.core.windows.net/" for svc in ("blob", "queue", "table", "file")],
        geo_primary_region=record.location,
        status_of_primary="Available",
        geo_secondary_region=SECONDARY_REGION.get(record.location, "") if geo else "",
        status_of_secondary="Available" if geo else "",
        creation_time=record.created,
        account_type=record.account_type,
    )
