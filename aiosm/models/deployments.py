"""Deployments of a hosted service (cloud-service packages and virtual machines)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from ..xml import OMIT_EMPTY, Base64, XmlList, XmlModel
from .common import AnsweredExtendedProperties, DeploymentSlot, ExtendedProperties, Text
from .load_balancers import FrontendIpConfiguration
from .virtual_machines import (
    ConfigurationSet,
    DataVirtualHardDisk,
    OSVirtualHardDisk,
    ResourceExtensionReference,
)

__all__ = [
    "ChangeConfiguration",
    "CreateDeployment",
    "Deployment",
    "DnsServer",
    "DnsSettings",
    "InputEndpointSummary",
    "InstanceEndpoint",
    "LoadBalancer",
    "PersistentVMDowntime",
    "PublicIP",
    "Role",
    "RoleInstance",
    "RollbackUpdateOrUpgrade",
    "Swap",
    "UpdateDeploymentStatus",
    "UpgradeDeployment",
    "UpgradeStatus",
    "VirtualIP",
    "WalkUpgradeDomain",
]


class CreateDeployment(XmlModel):
    """Body of Create Deployment (a cloud-service package in a slot)."""

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
    """Body of Change Deployment Configuration (``comp=config``)."""

    __xml_root__ = "ChangeConfiguration"
    configuration: str
    """The service configuration (.cscfg), base64-encoded."""
    treat_warnings_as_error: bool = False
    mode: str = "Auto"
    extended_properties: ExtendedProperties | None = None


class UpdateDeploymentStatus(XmlModel):
    """Body of Update Deployment Status (``comp=status``): ``Running`` or ``Suspended``."""

    __xml_root__ = "UpdateDeploymentStatus"
    status: str


class Swap(XmlModel):
    """Body of Swap Deployment: the production deployment and the staging one to swap in."""

    __xml_root__ = "Swap"
    production: str
    source_deployment: str


class UpgradeDeployment(XmlModel):
    """Body of Upgrade Deployment (``comp=upgrade``): a new package and configuration."""

    __xml_root__ = "UpgradeDeployment"
    mode: str
    package_url: str
    configuration: str
    """The service configuration (.cscfg), base64-encoded."""
    label: Annotated[str, Base64]
    role_to_upgrade: str | None = None
    force: bool = False
    extended_properties: ExtendedProperties | None = None


class WalkUpgradeDomain(XmlModel):
    """Body of Walk Upgrade Domain (``comp=walkupgradedomain``): the 0-based domain to update."""

    __xml_root__ = "WalkUpgradeDomain"
    upgrade_domain: int


class RollbackUpdateOrUpgrade(XmlModel):
    """Body of Rollback Update Or Upgrade (``comp=rollback``)."""

    __xml_root__ = "RollbackUpdateOrUpgrade"
    mode: str
    force: bool = False


class InstanceEndpoint(XmlModel):
    """An endpoint of a role instance: name, VIP, public and local ports, protocol."""

    name: Text = ""
    vip: Text = ""
    public_port: int | None = None
    local_port: int | None = None
    protocol: Text = ""
    idle_timeout_in_minutes: int | None = None


class PublicIP(XmlModel):
    """An instance-level public IP of a role instance."""

    name: Text = ""
    address: Text = ""
    idle_timeout_in_minutes: int | None = None


class RoleInstance(XmlModel):
    """One instance of a role (for a VM, the VM itself): status, size, IP, power state."""

    role_name: Text = ""
    instance_name: Text = ""
    instance_status: Text = ""
    instance_upgrade_domain: int | None = None
    instance_fault_domain: int | None = None
    instance_size: Text = ""
    instance_state_details: str = ""
    instance_error_code: Text = ""
    ip_address: Text = Field(default="", alias="IpAddress")
    instance_endpoints: Annotated[list[InstanceEndpoint], XmlList("InstanceEndpoint"), OMIT_EMPTY] = Field(
        default_factory=list
    )
    power_state: Text = ""
    host_name: Text = ""
    remote_access_certificate_thumbprint: Text = ""
    """VMs: thumbprint of the certificate of the remote desktop (or SSH) endpoint."""
    public_ips: Annotated[list[PublicIP], XmlList("PublicIP"), OMIT_EMPTY] = Field(default_factory=list)


class Role(XmlModel):
    """A role of a deployment; for VMs also the root of Get Role (``PersistentVMRole``)."""

    __xml_root__ = "PersistentVMRole"
    __xml_type__ = "PersistentVMRole"
    role_name: Text = ""
    os_version: str = Field(default="", alias="OsVersion")
    role_type: Text = ""
    configuration_sets: Annotated[list[ConfigurationSet], XmlList("ConfigurationSet")] = Field(
        default_factory=list
    )
    resource_extension_references: Annotated[
        list[ResourceExtensionReference] | None, XmlList("ResourceExtensionReference")
    ] = None
    """The resource extensions installed on the VM (``None`` when the service sent none)."""
    vm_image_name: Text = Field(default="", alias="VMImageName")
    """The VM image the VM was created from, if any."""
    media_location: Text = ""
    """Where the VHDs of a VM created from a published VM image were copied."""
    availability_set_name: Text = ""
    data_virtual_hard_disks: Annotated[list[DataVirtualHardDisk], XmlList("DataVirtualHardDisk")] = Field(
        default_factory=list
    )
    os_virtual_hard_disk: OSVirtualHardDisk | None = None
    role_size: Text = ""
    provision_guest_agent: bool | None = None
    default_win_rm_certificate_thumbprint: Text = ""
    """Windows VMs: thumbprint of the certificate of the default WinRM HTTPS listener."""


class UpgradeStatus(XmlModel):
    """The state of an upgrade in progress: type and current upgrade domain."""

    upgrade_type: Text = ""
    current_upgrade_domain_state: Text = ""
    current_upgrade_domain: int | None = None


class InputEndpointSummary(XmlModel):
    """An input endpoint of a deployment: role, VIP and port."""

    role_name: Text = ""
    vip: Text = ""
    port: int | None = None


class PersistentVMDowntime(XmlModel):
    """A planned maintenance window of a VM deployment."""

    start_time: datetime | None = None
    end_time: datetime | None = None
    status: Text = ""


class VirtualIP(XmlModel):
    """A virtual IP address of a deployment."""

    address: Text = ""
    is_dns_programmed: bool | None = None
    name: Text = ""
    is_reserved: bool | None = None
    reserved_ip_name: Text = ""
    type: Text = ""


class LoadBalancer(XmlModel):
    """An internal load balancer of a deployment."""

    name: Text = ""
    frontend_ip_configuration: FrontendIpConfiguration | None = Field(
        default=None, alias="FrontendIpConfiguration"
    )


class DnsServer(XmlModel):
    """A DNS server of a deployment (name and address)."""

    __xml_root__ = "DnsServer"
    name: Text = ""
    address: Text = ""


class DnsSettings(XmlModel):
    """``<Dns><DnsServers><DnsServer>...``"""

    dns_servers: Annotated[list[DnsServer], XmlList("DnsServer")] = Field(default_factory=list)


class Deployment(XmlModel):
    """A deployment: its roles, role instances, status, virtual IPs and configuration."""

    __xml_root__ = "Deployment"
    name: Text = ""
    deployment_slot: Annotated[DeploymentSlot | Literal[""], OMIT_EMPTY] = ""
    """``""`` when absent, so ``"Slot: " + deployment.deployment_slot`` works as in the legacy SDK."""
    private_id: Text = ""
    status: Text = ""
    label: Annotated[str, Base64, OMIT_EMPTY] = ""
    url: Text = ""
    configuration: Annotated[str, Base64, OMIT_EMPTY] = ""
    """The service configuration (.cscfg) as text (the service sends it base64-encoded)."""
    role_instance_list: Annotated[list[RoleInstance], XmlList("RoleInstance")] = Field(default_factory=list)
    upgrade_status: UpgradeStatus | None = None
    upgrade_domain_count: int | None = None
    role_list: Annotated[list[Role], XmlList("Role")] = Field(default_factory=list)
    sdk_version: str = ""
    input_endpoint_list: Annotated[list[InputEndpointSummary], XmlList("InputEndpoint"), OMIT_EMPTY] = Field(
        default_factory=list
    )
    locked: bool | None = None
    rollback_allowed: bool | None = None
    virtual_network_name: Text = ""
    created_time: datetime | None = None
    last_modified_time: datetime | None = None
    extended_properties: AnsweredExtendedProperties = Field(default_factory=dict)
    persistent_vm_downtime: PersistentVMDowntime | None = None
    virtual_ips: Annotated[list[VirtualIP], XmlList("VirtualIP")] = Field(default_factory=list)
    dns: DnsSettings | None = None
    reserved_ip_name: Text = ""
    internal_dns_suffix: Text = ""
    load_balancers: Annotated[list[LoadBalancer], XmlList("LoadBalancer")] = Field(default_factory=list)
