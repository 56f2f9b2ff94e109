"""Virtual machines: provisioning and network configuration sets, disks, roles, VM deployments.

The constructors of ``LinuxConfigurationSet``, ``WindowsConfigurationSet``,
``OSVirtualHardDisk`` and ``ConfigurationSetInputEndpoint`` also take the
positional arguments of the legacy SDK, so the seed's code runs unchanged.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from ..secret import Secret
from ..xml import Base64, XmlList, XmlModel

__all__ = [
    "SSH",
    "CertificateSetting",
    "ConfigurationSet",
    "ConfigurationSetInputEndpoint",
    "DataVirtualHardDisk",
    "DomainJoin",
    "DomainJoinCredentials",
    "EndpointAcl",
    "EndpointAclRule",
    "KeyPair",
    "LinuxConfigurationSet",
    "Listener",
    "LoadBalancerProbe",
    "OSVirtualHardDisk",
    "PublicIPConfiguration",
    "PublicKey",
    "ResourceExtensionParameterValue",
    "ResourceExtensionReference",
    "VirtualMachineDeployment",
    "VirtualMachineRole",
    "WinRM",
    "WindowsConfigurationSet",
]


def _positional(
    names: tuple[str, ...], args: tuple[Any, ...], kwargs: dict[str, Any], cls: str
) -> dict[str, Any]:
    if len(args) > len(names):
        raise TypeError(f"{cls}() takes at most {len(names)} positional arguments")
    for name, value in zip(names, args, strict=False):
        if name in kwargs:
            raise TypeError(f"{cls}() got multiple values for argument {name!r}")
        kwargs[name] = value
    return kwargs


# -- Linux ----------------------------------------------------------------------------


class PublicKey(XmlModel):
    """An SSH public key to install on a Linux VM (fingerprint and path)."""

    fingerprint: str
    path: str


class KeyPair(XmlModel):
    """An SSH key pair to install on a Linux VM (fingerprint and path)."""

    fingerprint: str
    path: str


class SSH(XmlModel):
    """The SSH keys of a Linux VM."""

    public_keys: Annotated[list[PublicKey] | None, XmlList("PublicKey")] = None
    key_pairs: Annotated[list[KeyPair] | None, XmlList("KeyPair")] = None


class LinuxConfigurationSet(XmlModel):
    """Linux provisioning: host name, user and password or SSH keys.

    ``LinuxConfigurationSet('myhostname', 'myuser', 'mypassword', True)`` as in the legacy SDK.
    """

    __xml_type__ = "LinuxProvisioningConfigurationSet"
    configuration_set_type: str = "LinuxProvisioningConfiguration"
    host_name: str | None = None
    user_name: str | None = None
    user_password: Secret | None = None
    disable_ssh_password_authentication: bool | None = Field(
        default=None, alias="DisableSshPasswordAuthentication"
    )
    ssh: SSH | None = None
    custom_data: Annotated[str | None, Base64] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = (
            "host_name",
            "user_name",
            "user_password",
            "disable_ssh_password_authentication",
            "custom_data",
        )
        super().__init__(**_positional(names, args, kwargs, "LinuxConfigurationSet"))


# -- Windows ---------------------------------------------------------------------------


class DomainJoinCredentials(XmlModel):
    """The account that joins a Windows VM to a domain (the password is a secret)."""

    domain: str | None = None
    username: str | None = None
    password: Secret | None = None


class DomainJoin(XmlModel):
    """Joining a Windows VM to a domain (credentials, domain, OU)."""

    credentials: DomainJoinCredentials | None = None
    join_domain: str | None = None
    machine_object_ou: str | None = Field(default=None, alias="MachineObjectOU")


class CertificateSetting(XmlModel):
    """A certificate to install on a Windows VM (store location, store name, thumbprint)."""

    store_location: str
    store_name: str
    thumbprint: str


class Listener(XmlModel):
    """A WinRM listener (``Http`` or ``Https`` with a certificate thumbprint)."""

    protocol: str
    certificate_thumbprint: str | None = None


class WinRM(XmlModel):
    """The WinRM listeners of a Windows VM."""

    listeners: Annotated[list[Listener], XmlList("Listener")] = Field(default_factory=list)


class WindowsConfigurationSet(XmlModel):
    """Windows provisioning: computer name, administrator, domain join, WinRM.

    ``WindowsConfigurationSet('mycomputer', 'mypassword', False, True, 'Pacific Standard Time', 'myadmin')``
    as in the legacy SDK. Blocks left ``None`` are not sent.
    """

    __xml_type__ = "WindowsProvisioningConfigurationSet"
    configuration_set_type: str = "WindowsProvisioningConfiguration"
    computer_name: str | None = None
    admin_password: Secret | None = None
    reset_password_on_first_logon: bool | None = None
    enable_automatic_updates: bool | None = None
    time_zone: str | None = None
    domain_join: DomainJoin | None = None
    stored_certificate_settings: Annotated[list[CertificateSetting] | None, XmlList("CertificateSetting")] = (
        None
    )
    win_rm: WinRM | None = Field(default=None, alias="WinRM")
    admin_username: str | None = None
    custom_data: Annotated[str | None, Base64] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = (
            "computer_name",
            "admin_password",
            "reset_password_on_first_logon",
            "enable_automatic_updates",
            "time_zone",
            "admin_username",
            "custom_data",
        )
        super().__init__(**_positional(names, args, kwargs, "WindowsConfigurationSet"))


# -- network ---------------------------------------------------------------------------


class LoadBalancerProbe(XmlModel):
    """The probe of a load-balanced endpoint set (path, port, protocol, interval and timeout)."""

    path: str | None = None
    port: int | None = None
    protocol: str | None = None
    interval_in_seconds: int | None = None
    timeout_in_seconds: int | None = None


class EndpointAclRule(XmlModel):
    """A rule of an endpoint's access control list: ``Permit`` or ``Deny`` a remote subnet (CIDR),
    rules applied by ascending ``order``."""

    order: int | None = None
    action: str | None = None
    remote_subnet: str | None = None
    description: str | None = None


class EndpointAcl(XmlModel):
    """``<EndpointACL><Rules><Rule>...``: the access control list of an input endpoint."""

    rules: Annotated[list[EndpointAclRule], XmlList("Rule")] = Field(default_factory=list)


class ConfigurationSetInputEndpoint(XmlModel):
    """An input endpoint: ``ConfigurationSetInputEndpoint('ssh', 'tcp', 22, 22)``."""

    load_balanced_endpoint_set_name: str | None = None
    local_port: int | None = None
    name: str | None = None
    port: int | None = None
    load_balancer_probe: LoadBalancerProbe | None = None
    protocol: str | None = None
    vip: str | None = None
    enable_direct_server_return: bool | None = None
    endpoint_acl: EndpointAcl | None = Field(default=None, alias="EndpointACL")
    load_balancer_name: str | None = None
    """The internal load balancer of the deployment this endpoint is on (empty: the public VIP)."""
    idle_timeout_in_minutes: int | None = None
    load_balancer_distribution: str | None = None
    """``sourceIP`` (2-tuple), ``sourceIPProtocol`` (3-tuple), or absent (5-tuple hash)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = (
            "name",
            "protocol",
            "port",
            "local_port",
            "load_balanced_endpoint_set_name",
            "enable_direct_server_return",
        )
        super().__init__(**_positional(names, args, kwargs, "ConfigurationSetInputEndpoint"))


class PublicIPConfiguration(XmlModel):
    """An instance-level public IP to give a VM."""

    name: str
    idle_timeout_in_minutes: int | None = None


class ConfigurationSet(XmlModel):
    """The network configuration set of a VM role (input endpoints, subnets, public IPs)."""

    __xml_type__ = "NetworkConfigurationSet"
    configuration_set_type: str = "NetworkConfiguration"
    input_endpoints: Annotated[list[ConfigurationSetInputEndpoint] | None, XmlList("InputEndpoint")] = None
    subnet_names: Annotated[list[str] | None, XmlList("SubnetName")] = None
    static_virtual_network_ip_address: str | None = None
    network_security_group: str | None = None
    public_ips: Annotated[list[PublicIPConfiguration] | None, XmlList("PublicIP")] = None


# -- disks -----------------------------------------------------------------------------


class OSVirtualHardDisk(XmlModel):
    """The OS disk: ``OSVirtualHardDisk(image_name, media_link)`` as in the legacy SDK."""

    host_caching: str | None = None
    disk_label: str | None = None
    disk_name: str | None = None
    media_link: str | None = None
    source_image_name: str | None = None
    os: str | None = None
    remote_source_image_link: str | None = None
    io_type: str | None = Field(default=None, alias="IOType")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = (
            "source_image_name",
            "media_link",
            "host_caching",
            "disk_label",
            "disk_name",
            "os",
            "remote_source_image_link",
        )
        super().__init__(**_positional(names, args, kwargs, "OSVirtualHardDisk"))


class DataVirtualHardDisk(XmlModel):
    """A data disk of a VM: an existing disk, a blob, or an empty disk of a size, at a LUN."""

    __xml_root__ = "DataVirtualHardDisk"
    host_caching: str | None = None
    disk_label: str | None = None
    disk_name: str | None = None
    lun: int | None = None
    logical_disk_size_in_gb: int | None = None
    media_link: str | None = None
    source_media_link: str | None = None


# -- resource extensions -----------------------------------------------------------------


class ResourceExtensionParameterValue(XmlModel):
    """A setting of a resource extension: ``Public`` or ``Private`` (a secret) configuration text.

    ``ResourceExtensionParameterValue('PublicParams', '{"a": 1}', 'Public')``. The value is masked in
    ``repr`` whatever its type, since a private value holds secrets.
    """

    key: str | None = None
    value: Secret | None = None
    type: str | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = ("key", "value", "type")
        super().__init__(**_positional(names, args, kwargs, "ResourceExtensionParameterValue"))


class ResourceExtensionReference(XmlModel):
    """A resource extension to install on a VM (needs the guest agent: ``provision_guest_agent=True``).

    ``ResourceExtensionReference('BGInfo', 'Microsoft.Compute', 'BGInfo', '1.*')`` as in the legacy SDK.
    """

    reference_name: str | None = None
    publisher: str | None = None
    name: str | None = None
    version: str | None = None
    resource_extension_parameter_values: Annotated[
        list[ResourceExtensionParameterValue] | None, XmlList("ResourceExtensionParameterValue")
    ] = None
    state: str | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = ("reference_name", "publisher", "name", "version")
        super().__init__(**_positional(names, args, kwargs, "ResourceExtensionReference"))


# -- role and deployment -----------------------------------------------------------------


class VirtualMachineRole(XmlModel):
    """A VM role as sent in Create Virtual Machine Deployment (``<Role>``) or Add Role."""

    __xml_root__ = "PersistentVMRole"
    role_name: str
    role_type: str = "PersistentVMRole"
    configuration_sets: Annotated[
        list[LinuxConfigurationSet | WindowsConfigurationSet | ConfigurationSet] | None,
        XmlList("ConfigurationSet"),
    ] = None
    resource_extension_references: Annotated[
        list[ResourceExtensionReference] | None, XmlList("ResourceExtensionReference")
    ] = None
    vm_image_name: str | None = None
    media_location: str | None = None
    availability_set_name: str | None = None
    data_virtual_hard_disks: Annotated[list[DataVirtualHardDisk] | None, XmlList("DataVirtualHardDisk")] = (
        None
    )
    os_virtual_hard_disk: OSVirtualHardDisk | None = None
    role_size: str | None = None
    provision_guest_agent: bool | None = None


class _DnsServerEntry(XmlModel):
    name: str
    address: str


class _DnsServers(XmlModel):
    dns_servers: Annotated[list[_DnsServerEntry], XmlList("DnsServer")]


class VirtualMachineDeployment(XmlModel):
    """Body of Create Virtual Machine Deployment. The label is sent as plain text."""

    __xml_root__ = "Deployment"
    name: str
    deployment_slot: str
    label: str
    role_list: Annotated[list[VirtualMachineRole], XmlList("Role")]
    virtual_network_name: str | None = None
    dns: _DnsServers | None = None
    reserved_ip_name: str | None = None
