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

from ..models.deployments import Deployment, InstanceEndpoint, Role, RoleInstance, UpgradeStatus, VirtualIP
from ..models.virtual_machines import (
    ConfigurationSet,
    DataVirtualHardDisk,
    OSVirtualHardDisk,
    ResourceExtensionReference,
)
from .records import DeploymentRecord, VMRoleRecord

__all__ = [
    "MAX_UPGRADE_DOMAINS",
    "cloud_instances",
    "deployment_model",
    "role_model",
    "upgrade_domain_count",
    "vm_instance",
    "vm_instances",
    "vm_roles",
]

MAX_UPGRADE_DOMAINS = 5
"""Upgrade domains of a cloud-service deployment (Azure's default): instance ``n`` is in domain ``n % 5``."""

OS_VERSION = "WA-GUEST-OS-4.22_201506-01"
"""The guest OS version cloud-service roles report."""
_SDK_VERSION = "2.6.6496.1"


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


def _winrm_thumbprint(role: VMRoleRecord) -> str:
    """Windows VMs: the thumbprint of the certificate the service made for the default WinRM listener."""
    if role.os_disk is None or (role.os_disk.os or "").lower() != "windows":
        return ""
    seed = f"{role.role_name}/{role.os_disk.disk_name or ''}".encode()
    return hashlib.sha1(seed, usedforsecurity=False).hexdigest().upper()


def _with_vip(configuration: ConfigurationSet, vip: str) -> ConfigurationSet:
    """The network configuration set with the deployment's VIP on its input endpoints (as Azure answers)."""
    endpoints = configuration.input_endpoints
    if not vip or not endpoints:
        return configuration
    return configuration.model_copy(
        update={"input_endpoints": [e if e.vip else e.model_copy(update={"vip": vip}) for e in endpoints]}
    )


def role_model(role: VMRoleRecord, vip: str = "") -> Role:
    """A VM role as ``<PersistentVMRole>`` (its input endpoints carry ``vip``, the deployment's, if given)."""
    return Role(
        role_name=role.role_name,
        role_type="PersistentVMRole",
        configuration_sets=[
            _with_vip(ConfigurationSet.model_validate(c.to_json()), vip) for c in role.network
        ],
        resource_extension_references=[
            ResourceExtensionReference.model_validate(e.to_json()) for e in role.extensions or ()
        ]
        or None,
        vm_image_name=role.vm_image_name,
        media_location=role.media_location or "",
        availability_set_name=role.availability_set_name,
        data_virtual_hard_disks=[DataVirtualHardDisk.model_validate(d.to_json()) for d in role.data_disks],
        os_virtual_hard_disk=(
            OSVirtualHardDisk.model_validate(role.os_disk.to_json()) if role.os_disk is not None else None
        ),
        role_size=role.role_size,
        provision_guest_agent=role.provision_guest_agent,
        default_win_rm_certificate_thumbprint=_winrm_thumbprint(role),
    )


def vm_roles(record: DeploymentRecord) -> list[Role]:
    """The roles of a VM deployment."""
    return [role_model(r, record.vip) for r in record.vm_roles or ()]


def vm_instance(index: int, role: VMRoleRecord, running: bool, vip: str = "") -> RoleInstance:
    """The role instance of one VM: its own state once shut down, else the deployment's."""
    status = role.instance_status or ("ReadyRole" if running else "StoppedVM")
    if status == "StoppedDeallocated":  # no compute resources: no size, address or host
        return RoleInstance(
            role_name=role.role_name,
            instance_name=role.role_name,
            instance_status=status,
            power_state="Stopped",
        )
    return RoleInstance(
        role_name=role.role_name,
        instance_name=role.role_name,
        instance_status=status,
        instance_upgrade_domain=0,
        instance_fault_domain=0,
        instance_size=role.role_size,
        ip_address=f"10.{index}.0.4",
        instance_endpoints=_instance_endpoints(role, vip),
        power_state="Started" if status == "ReadyRole" else "Stopped",
        host_name=role.host_name,
    )


def vm_instances(record: DeploymentRecord) -> list[RoleInstance]:
    """The role instances of a VM deployment (one per role)."""
    running = record.status == "Running"
    return [vm_instance(index, role, running, record.vip) for index, role in enumerate(record.vm_roles or ())]


def _instance_endpoints(role: VMRoleRecord, vip: str) -> list[InstanceEndpoint]:
    """The instance endpoints of a VM: one per input endpoint of its role, on the deployment's VIP."""
    return [
        InstanceEndpoint(
            name=endpoint.name or "",
            vip=endpoint.vip or vip,
            public_port=endpoint.port,
            local_port=endpoint.local_port,
            protocol=endpoint.protocol or "",
            idle_timeout_in_minutes=endpoint.idle_timeout_in_minutes or 4,
        )
        for network in role.network
        for endpoint in network.input_endpoints or ()
    ]


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


def deployment_model(record: DeploymentRecord) -> Deployment:
    """A deployment (cloud service or VM) as ``<Deployment>``."""
    is_vm = record.is_vm
    host = record.service if record.slot == "Production" else record.private_id
    roles = (
        vm_roles(record) if is_vm else [Role(role_name=r.name, os_version=OS_VERSION) for r in record.roles]
    )
    return Deployment(
        name=record.name,
        deployment_slot=record.slot,
        private_id=record.private_id,
        status=record.status,
        label=record.label,
        url=f"http://{host}.cloudapp.net/",
        configuration=record.configuration,
        role_instance_list=_current(record, vm_instances(record) if is_vm else cloud_instances(record)),
        upgrade_status=_upgrade_status(record),
        upgrade_domain_count=upgrade_domain_count(record),
        role_list=roles,
        sdk_version="" if is_vm else _SDK_VERSION,
        locked=bool(record.instance_statuses) or bool(record.upgrade and record.upgrade.walking),
        rollback_allowed=record.upgrade is not None,
        created_time=record.created,
        last_modified_time=record.modified,
        extended_properties=dict(record.extended_properties),
        virtual_ips=[
            VirtualIP(address=record.vip, is_dns_programmed=True, name=f"{record.service}ContractContract")
        ],
    )
