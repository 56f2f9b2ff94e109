"""Deployments of a hosted service (cloud-service packages and virtual machines)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from ..xml import Base64, XmlList, XmlModel
from .common import DeploymentSlot, ExtendedProperties
from .virtual_machines import ConfigurationSet, DataVirtualHardDisk, OSVirtualHardDisk

__all__ = [
    "ChangeConfiguration",
    "CreateDeployment",
    "Deployment",
    "DnsServer",
    "DnsSettings",
    "InputEndpointSummary",
    "InstanceEndpoint",
    "PersistentVMDowntime",
    "PublicIP",
    "Role",
    "RoleInstance",
    "Swap",
    "UpdateDeploymentStatus",
    "UpgradeStatus",
    "VirtualIP",
]


class CreateDeployment(XmlModel):
    __xml_root__ = "CreateDeployment"
    name: str
    package_url: str
    label: Annotated[str, Base64]
    configuration: str
    """The service configuration (.cscfg), base64-encoded."""
    start_deployment: bool = False
    treat_warnings_as_error: bool = False
    extended_properties: ExtendedProperties | None = None


class ChangeConfiguration(XmlModel):
    __xml_root__ = "ChangeConfiguration"
    configuration: str
    """The service configuration (.cscfg), base64-encoded."""
    treat_warnings_as_error: bool = False
    mode: str = "Auto"
    extended_properties: ExtendedProperties | None = None


class UpdateDeploymentStatus(XmlModel):
    __xml_root__ = "UpdateDeploymentStatus"
    status: str


class Swap(XmlModel):
    __xml_root__ = "Swap"
    production: str
    source_deployment: str


class InstanceEndpoint(XmlModel):
    name: str = ""
    vip: str = ""
    public_port: int | None = None
    local_port: int | None = None
    protocol: str = ""
    idle_timeout_in_minutes: int | None = None


class PublicIP(XmlModel):
    name: str = ""
    address: str = ""
    idle_timeout_in_minutes: int | None = None


class RoleInstance(XmlModel):
    role_name: str = ""
    instance_name: str = ""
    instance_status: str = ""
    instance_upgrade_domain: int | None = None
    instance_fault_domain: int | None = None
    instance_size: str = ""
    instance_state_details: str = ""
    instance_error_code: str = ""
    ip_address: str = Field(default="", alias="IpAddress")
    instance_endpoints: Annotated[list[InstanceEndpoint], XmlList("InstanceEndpoint")] = Field(
        default_factory=list
    )
    power_state: str = ""
    host_name: str = ""
    public_ips: Annotated[list[PublicIP], XmlList("PublicIP")] = Field(default_factory=list)


class Role(XmlModel):
    """A role of a deployment; for VMs also the root of Get Role (``PersistentVMRole``)."""

    __xml_root__ = "PersistentVMRole"
    __xml_type__ = "PersistentVMRole"
    role_name: str = ""
    os_version: str = Field(default="", alias="OsVersion")
    role_type: str = ""
    configuration_sets: Annotated[list[ConfigurationSet], XmlList("ConfigurationSet")] = Field(
        default_factory=list
    )
    availability_set_name: str = ""
    data_virtual_hard_disks: Annotated[list[DataVirtualHardDisk], XmlList("DataVirtualHardDisk")] = Field(
        default_factory=list
    )
    os_virtual_hard_disk: OSVirtualHardDisk | None = Field(default=None, alias="OSVirtualHardDisk")
    role_size: str = ""
    provision_guest_agent: bool | None = None
    default_win_rm_certificate_thumbprint: str = ""
    """Windows VMs: thumbprint of the certificate of the default WinRM HTTPS listener."""


class UpgradeStatus(XmlModel):
    upgrade_type: str = ""
    current_upgrade_domain_state: str = ""
    current_upgrade_domain: int | None = None


class InputEndpointSummary(XmlModel):
    role_name: str = ""
    vip: str = ""
    port: int | None = None


class PersistentVMDowntime(XmlModel):
    start_time: datetime | None = None
    end_time: datetime | None = None
    status: str = ""


class VirtualIP(XmlModel):
    address: str = ""
    is_dns_programmed: bool | None = None
    name: str = ""
    is_reserved: bool | None = None
    reserved_ip_name: str = Field(default="", alias="ReservedIPName")
    type: str = ""


class DnsServer(XmlModel):
    __xml_root__ = "DnsServer"
    name: str = ""
    address: str = ""


class DnsSettings(XmlModel):
    """``<Dns><DnsServers><DnsServer>...``"""

    dns_servers: Annotated[list[DnsServer], XmlList("DnsServer")] = Field(default_factory=list)


class Deployment(XmlModel):
    __xml_root__ = "Deployment"
    name: str = ""
    deployment_slot: DeploymentSlot | Literal[""] = ""
    private_id: str = ""
    status: str = ""
    label: Annotated[str, Base64] = ""
    url: str = ""
    configuration: Annotated[str, Base64] = ""
    """The service configuration (.cscfg) as text (the service sends it base64-encoded)."""
    role_instance_list: Annotated[list[RoleInstance], XmlList("RoleInstance")] = Field(default_factory=list)
    upgrade_status: UpgradeStatus | None = None
    upgrade_domain_count: int | None = None
    role_list: Annotated[list[Role], XmlList("Role")] = Field(default_factory=list)
    sdk_version: str = ""
    input_endpoint_list: Annotated[list[InputEndpointSummary], XmlList("InputEndpoint")] = Field(
        default_factory=list
    )
    locked: bool | None = None
    rollback_allowed: bool | None = None
    virtual_network_name: str = ""
    created_time: datetime | None = None
    last_modified_time: datetime | None = None
    extended_properties: ExtendedProperties = Field(default_factory=dict)
    persistent_vm_downtime: PersistentVMDowntime | None = Field(default=None, alias="PersistentVMDowntime")
    virtual_ips: Annotated[list[VirtualIP], XmlList("VirtualIP")] = Field(default_factory=list)
    dns: DnsSettings | None = None
    reserved_ip_name: str = Field(default="", alias="ReservedIPName")
    internal_dns_suffix: str = ""
