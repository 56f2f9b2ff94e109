"""Builders of the role a virtual machine needs, as the Go SDK's ``management/vmutils`` offers.

A :class:`VirtualMachineBuilder` is fluent: each ``for_*`` / ``with_*`` / ``from_*`` method checks its
own arguments at once (:class:`~aiosm.errors.InvalidInputError` naming the argument) and returns the
builder; :meth:`VirtualMachineBuilder.build` checks the whole (a provisioning set or an existing
disk, an OS source, unique endpoint names and ports, data disks within the role size's limit, a
static IP with exactly one subnet) and returns a frozen :class:`VirtualMachineSpec` of the existing
models, whose :meth:`~VirtualMachineSpec.arguments` are what ``session.virtual_machines.create`` and
``session.roles.add`` take::

    spec = (
        VirtualMachineBuilder("web1", role_size="Small")
        .for_linux("web1", "azureuser", disable_ssh_password_authentication=True)
        .with_public_ssh(fingerprint, "/home/azureuser/.ssh/authorized_keys")
        .from_platform_image(image, "https://store.blob.core.windows.net/vhds/web1.vhd")
        .with_new_data_disk(10)  # LUN 0, the next one gets LUN 1
        .with_endpoint("ssh", 22)
        .with_subnet("FrontEnd")
        .with_static_ip("10.0.1.5")
        .build()
    )
    await session.virtual_machines.create("mysvc", **spec.arguments(), virtual_network_name="corpnet")

What only the service knows (the subnet exists, the static IP is inside it and free, the image
exists) is checked by the service (and by the emulator).
"""

from __future__ import annotations

import base64
import ipaddress
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import validation as v
from .errors import InvalidInputError
from .models.virtual_machines import (
    SSH,
    ConfigurationSet,
    ConfigurationSetInputEndpoint,
    DataVirtualHardDisk,
    DomainJoin,
    DomainJoinCredentials,
    EndpointAcl,
    EndpointAclRule,
    KeyPair,
    LinuxConfigurationSet,
    Listener,
    LoadBalancerProbe,
    OSVirtualHardDisk,
    PublicKey,
    ResourceExtensionParameterValue,
    ResourceExtensionReference,
    WindowsConfigurationSet,
    WinRM,
)
from .resources.data_disks import MAX_DISK_SIZE_GB, MAX_LUN
from .resources.load_balancers import check_endpoint

__all__ = ["MAX_DATA_DISKS", "VirtualMachineBuilder", "VirtualMachineSpec", "max_data_disks"]

MAX_DATA_DISKS: Mapping[str, int] = {
    "extrasmall": 1,
    "small": 2,
    "medium": 4,
    "large": 8,
    "extralarge": 16,
    "a5": 4,
    "a6": 8,
    "a7": 16,
    "a8": 16,
    "a9": 16,
    "basic_a0": 1,
    "basic_a1": 2,
    "basic_a2": 4,
    "basic_a3": 8,
    "basic_a4": 16,
    "standard_d1": 2,
    "standard_d2": 4,
    "standard_d3": 8,
    "standard_d4": 16,
    "standard_d11": 4,
    "standard_d12": 8,
    "standard_d13": 16,
    "standard_d14": 32,
    "standard_g1": 4,
    "standard_g2": 8,
    "standard_g3": 16,
    "standard_g4": 32,
    "standard_g5": 64,
}
"""Data disks per role size (List Role Sizes' ``MaxDataDiskCount``), by lower-case size name."""
_SIZE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
_HOST = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?$")
_CACHING = ("None", "ReadOnly", "ReadWrite")
_MAX_CUSTOM_DATA = 65535


def max_data_disks(role_size: str) -> int:
    """The data disks a role of ``role_size`` may hold (64 for a size this table does not know)."""
    return MAX_DATA_DISKS.get(role_size.lower(), 64)


def _text(field: str, value: Any, *, low: int = 1, high: int = 256) -> str:
    text = v.string(field, v.required(field, value))
    if not low <= len(text) <= high:
        raise InvalidInputError(field, f"must be {low}-{high} characters")
    return text


def _caching(field: str, value: str | None) -> str | None:
    if value is None:
        return None
    for choice in _CACHING:
        if isinstance(value, str) and value.lower() == choice.lower():
            return choice
    raise InvalidInputError(field, "must be None, ReadOnly or ReadWrite")


def _url(field: str, value: Any) -> str:
    text = v.string(field, v.required(field, value))
    if not text.startswith(("https://", "http://")):
        raise InvalidInputError(field, "must be an http(s) URL of a blob")
    return text


def _secret(field: str, value: Any, *, low: int, high: int) -> str:
    text = v.string(field, v.required(field, value))
    if not low <= len(text) <= high:
        raise InvalidInputError(field, f"must be {low}-{high} characters")  # never the value itself
    return text


def _thumbprint(field: str, value: Any) -> str:
    text = v.string(field, v.required(field, value))
    if not re.fullmatch(r"[0-9A-Fa-f]{40}", text):
        raise InvalidInputError(field, "must be a certificate's SHA-1 thumbprint (40 hex digits)")
    return text.upper()


def _config_text(field: str, value: Mapping[str, Any] | str) -> str:
    if isinstance(value, Mapping):
        try:
            return json.dumps(dict(value), separators=(",", ":"))
        except (TypeError, ValueError):
            raise InvalidInputError(field, "must be JSON-serializable") from None
    return v.string(field, value)


@dataclass(frozen=True)
class VirtualMachineSpec:
    """A built virtual machine role: the models ``virtual_machines.create`` and ``roles.add`` take."""

    role_name: str
    system_config: LinuxConfigurationSet | WindowsConfigurationSet | None
    os_virtual_hard_disk: OSVirtualHardDisk | None
    network_config: ConfigurationSet | None
    role_size: str
    availability_set_name: str | None = None
    data_virtual_hard_disks: tuple[DataVirtualHardDisk, ...] = ()
    resource_extension_references: tuple[ResourceExtensionReference, ...] = ()
    provision_guest_agent: bool | None = None
    vm_image_name: str | None = None
    media_location: str | None = None

    def arguments(self) -> dict[str, Any]:
        """Keyword arguments of ``session.virtual_machines.create(service, **...)`` and
        ``session.roles.add(service, deployment, **...)`` (and, with the deployment's own arguments,
        ``virtual_machines.create_deployment``)."""
        return {
            "role_name": self.role_name,
            "system_config": self.system_config,
            "os_virtual_hard_disk": self.os_virtual_hard_disk,
            "network_config": self.network_config,
            "availability_set_name": self.availability_set_name,
            "data_virtual_hard_disks": list(self.data_virtual_hard_disks) or None,
            "role_size": self.role_size,
            "resource_extension_references": list(self.resource_extension_references) or None,
            "provision_guest_agent": self.provision_guest_agent,
            "vm_image_name": self.vm_image_name,
            "media_location": self.media_location,
        }


class VirtualMachineBuilder:
    """A fluent builder of one VM role (the Go SDK's ``vmutils.NewVMConfiguration`` and its
    ``Configure*`` functions). Each method checks its arguments at once; :meth:`build` checks the whole."""

    def __init__(self, role_name: str, role_size: str = "Small") -> None:
        name = _text("role_name", role_name, high=64)
        if not _HOST.match(name):
            raise InvalidInputError(
                "role_name", "must be letters, digits and '-', not starting or ending with '-'"
            )
        size = v.string("role_size", v.required("role_size", role_size))
        if not _SIZE.match(size):
            raise InvalidInputError("role_size", "must be a role size name such as Small or Standard_D2")
        self._name = name
        self._size = size
        self._system: LinuxConfigurationSet | WindowsConfigurationSet | None = None
        self._os_disk: OSVirtualHardDisk | None = None
        self._vm_image: tuple[str, str | None] | None = None
        self._data_disks: list[DataVirtualHardDisk] = []
        self._endpoints: list[ConfigurationSetInputEndpoint] = []
        self._subnets: list[str] = []
        self._static_ip: str | None = None
        self._security_group: str | None = None
        self._extensions: list[ResourceExtensionReference] = []
        self._availability_set: str | None = None
        self._guest_agent: bool | None = None

    # -- provisioning ----------------------------------------------------------------------

    def for_linux(
        self,
        host_name: str,
        user_name: str,
        password: str | None = None,
        *,
        disable_ssh_password_authentication: bool | None = None,
    ) -> VirtualMachineBuilder:
        """Linux provisioning (``ConfigureForLinux``): host name 1-64, user 1-32, password 6-72
        characters; without a password, SSH password authentication is disabled (give a key)."""
        self._check_no_system("for_linux")
        host = _text("host_name", host_name, high=64)
        if not _HOST.match(host):
            raise InvalidInputError("host_name", "must be letters, digits and '-'")
        user = _text("user_name", user_name, high=32)
        secret = None if password is None else _secret("password", password, low=6, high=72)
        disable = disable_ssh_password_authentication
        if disable is None:
            disable = secret is None
        if secret is None and not disable:
            raise InvalidInputError("password", "is required while SSH password authentication is enabled")
        self._system = LinuxConfigurationSet(
            host_name=host, user_name=user, user_password=secret, disable_ssh_password_authentication=disable
        )
        return self

    def for_windows(
        self,
        computer_name: str,
        admin_username: str,
        admin_password: str,
        *,
        enable_automatic_updates: bool = True,
        time_zone: str | None = None,
        reset_password_on_first_logon: bool | None = None,
    ) -> VirtualMachineBuilder:
        """Windows provisioning (``ConfigureForWindows``): computer name 1-15 characters, an
        administrator name and a password of 8-123 characters."""
        self._check_no_system("for_windows")
        computer = _text("computer_name", computer_name, high=15)
        if not _HOST.match(computer):
            raise InvalidInputError("computer_name", "must be letters, digits and '-'")
        admin = _text("admin_username", admin_username, high=20)
        secret = _secret("admin_password", admin_password, low=8, high=123)
        self._system = WindowsConfigurationSet(
            computer_name=computer,
            admin_password=secret,
            reset_password_on_first_logon=reset_password_on_first_logon,
            enable_automatic_updates=enable_automatic_updates,
            time_zone=None if time_zone is None else _text("time_zone", time_zone),
            admin_username=admin,
        )
        return self

    def with_custom_data(self, data: str | bytes) -> VirtualMachineBuilder:
        """Custom data for the VM (``ConfigureWithCustomDataForLinux``; Windows too), at most 64 KB."""
        system = self._provisioning("custom_data")
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError:
                raise InvalidInputError("custom_data", "must be UTF-8 text") from None
        text = v.string("custom_data", data)
        if not text or len(text.encode("utf-8")) > _MAX_CUSTOM_DATA:
            raise InvalidInputError("custom_data", f"must be 1 to {_MAX_CUSTOM_DATA} bytes")
        self._system = system.model_copy(update={"custom_data": text})
        return self

    def with_public_ssh(self, fingerprint: str, path: str) -> VirtualMachineBuilder:
        """An SSH public key (``ConfigureWithPublicSSH``): the thumbprint of a service certificate
        holding it, and the file on the VM (e.g. ``/home/user/.ssh/authorized_keys``)."""
        ssh = self._ssh("fingerprint")
        key = PublicKey(fingerprint=_thumbprint("fingerprint", fingerprint), path=self._path(path))
        self._set_ssh(ssh.model_copy(update={"public_keys": [*(ssh.public_keys or ()), key]}))
        return self

    def with_key_pair(self, fingerprint: str, path: str) -> VirtualMachineBuilder:
        """An SSH key pair (``ConfigureWithKeyPair``): certificate thumbprint and private key file."""
        ssh = self._ssh("fingerprint")
        pair = KeyPair(fingerprint=_thumbprint("fingerprint", fingerprint), path=self._path(path))
        self._set_ssh(ssh.model_copy(update={"key_pairs": [*(ssh.key_pairs or ()), pair]}))
        return self

    def join_domain(
        self,
        domain: str,
        username: str,
        password: str,
        *,
        join_domain: str | None = None,
        machine_object_ou: str | None = None,
    ) -> VirtualMachineBuilder:
        """Join a Windows VM to a domain (``ConfigureWindowsToJoinDomain``) with these credentials."""
        system = self._windows("domain")
        credentials = DomainJoinCredentials(
            domain=_text("domain", domain),
            username=_text("username", username),
            password=_secret("password", password, low=1, high=256),
        )
        joined = DomainJoin(
            credentials=credentials,
            join_domain=_text("join_domain", join_domain or domain),
            machine_object_ou=None
            if machine_object_ou is None
            else _text("machine_object_ou", machine_object_ou),
        )
        self._system = system.model_copy(update={"domain_join": joined})
        return self

    def with_winrm_listener(
        self, protocol: str = "Https", certificate_thumbprint: str | None = None
    ) -> VirtualMachineBuilder:
        """A WinRM listener on a Windows VM (``ConfigureWinRMListener``): ``Http``, or ``Https`` with
        an optional certificate thumbprint (else a self-signed certificate)."""
        system = self._windows("protocol")
        kind = {"http": "Http", "https": "Https"}.get(str(protocol).lower())
        if kind is None:
            raise InvalidInputError("protocol", "must be Http or Https")
        if kind == "Http" and certificate_thumbprint is not None:
            raise InvalidInputError("certificate_thumbprint", "only an Https listener has a certificate")
        thumb = (
            None
            if certificate_thumbprint is None
            else _thumbprint("certificate_thumbprint", certificate_thumbprint)
        )
        listeners = list(system.win_rm.listeners) if system.win_rm else []
        if any(existing.protocol == kind for existing in listeners):
            raise InvalidInputError("protocol", f"the VM already has a {kind} listener")
        listeners.append(Listener(protocol=kind, certificate_thumbprint=thumb))
        self._system = system.model_copy(update={"win_rm": WinRM(listeners=listeners)})
        return self

    # -- OS source ------------------------------------------------------------------------------

    def from_platform_image(
        self,
        image_name: str,
        media_link: str,
        *,
        host_caching: str | None = None,
        disk_label: str | None = None,
    ) -> VirtualMachineBuilder:
        """The OS disk from an OS image, stored at ``media_link``
        (``ConfigureDeploymentFromPlatformImage``)."""
        self._check_no_source("image_name")
        self._os_disk = OSVirtualHardDisk(
            source_image_name=_text("image_name", image_name),
            media_link=_url("media_link", media_link),
            host_caching=_caching("host_caching", host_caching),
            disk_label=disk_label,
        )
        return self

    def from_remote_image(self, image_link: str, media_link: str, os: str) -> VirtualMachineBuilder:
        """The OS disk from an image VHD by URL (``ConfigureDeploymentFromRemoteImage``)."""
        self._check_no_source("image_link")
        if os not in ("Linux", "Windows"):
            raise InvalidInputError("os", "must be Linux or Windows")
        self._os_disk = OSVirtualHardDisk(
            remote_source_image_link=_url("image_link", image_link),
            media_link=_url("media_link", media_link),
            os=os,
        )
        return self

    def from_existing_disk(self, disk_name: str) -> VirtualMachineBuilder:
        """Boot from an existing OS disk of the repository (``ConfigureDeploymentFromExistingOSDisk``);
        no provisioning set is needed."""
        self._check_no_source("disk_name")
        self._os_disk = OSVirtualHardDisk(disk_name=_text("disk_name", disk_name))
        return self

    def from_vm_image(self, vm_image_name: str, media_location: str | None = None) -> VirtualMachineBuilder:
        """Create the VM from a VM image (``ConfigureDeploymentFromVMImage``)."""
        self._check_no_source("vm_image_name")
        location = None if media_location is None else _url("media_location", media_location)
        self._vm_image = (_text("vm_image_name", vm_image_name), location)
        return self

    # -- data disks -----------------------------------------------------------------------------

    def with_new_data_disk(
        self,
        size_in_gb: int,
        media_link: str | None = None,
        *,
        label: str | None = None,
        host_caching: str | None = None,
    ) -> VirtualMachineBuilder:
        """An empty data disk of ``size_in_gb`` at the next free LUN (``ConfigureWithNewDataDisk``)."""
        if (
            isinstance(size_in_gb, bool)
            or not isinstance(size_in_gb, int)
            or not 1 <= size_in_gb <= MAX_DISK_SIZE_GB
        ):
            raise InvalidInputError(
                "size_in_gb", f"must be a whole number of GB from 1 to {MAX_DISK_SIZE_GB}"
            )
        return self._add_disk(
            DataVirtualHardDisk(
                logical_disk_size_in_gb=size_in_gb,
                media_link=None if media_link is None else _url("media_link", media_link),
                disk_label=label,
                host_caching=_caching("host_caching", host_caching),
            )
        )

    def with_existing_data_disk(
        self, disk_name: str, *, host_caching: str | None = None
    ) -> VirtualMachineBuilder:
        """A data disk of the repository at the next free LUN (``ConfigureWithExistingDataDisk``)."""
        return self._add_disk(
            DataVirtualHardDisk(
                disk_name=_text("disk_name", disk_name), host_caching=_caching("host_caching", host_caching)
            )
        )

    def with_vhd_data_disk(
        self, source_media_link: str, media_link: str | None = None, *, host_caching: str | None = None
    ) -> VirtualMachineBuilder:
        """A data disk copied from a VHD blob at the next free LUN (``ConfigureWithVhdDataDisk``)."""
        return self._add_disk(
            DataVirtualHardDisk(
                source_media_link=_url("source_media_link", source_media_link),
                media_link=None if media_link is None else _url("media_link", media_link),
                host_caching=_caching("host_caching", host_caching),
            )
        )

    # -- network --------------------------------------------------------------------------------

    def with_endpoint(
        self,
        name: str,
        port: int,
        local_port: int | None = None,
        protocol: str = "tcp",
        *,
        idle_timeout_in_minutes: int | None = None,
        acl: list[EndpointAclRule] | None = None,
    ) -> VirtualMachineBuilder:
        """A public input endpoint (``ConfigureWithExternalPort``): ``port`` on the VIP to ``local_port``
        (``port`` when not given) on the VM."""
        endpoint = ConfigurationSetInputEndpoint(
            name=name,
            protocol=protocol,
            port=port,
            local_port=port if local_port is None else local_port,
            idle_timeout_in_minutes=idle_timeout_in_minutes,
            endpoint_acl=None if acl is None else EndpointAcl(rules=list(acl)),
        )
        return self._add_endpoint(endpoint)

    def with_load_balanced_endpoint(
        self,
        name: str,
        set_name: str,
        port: int,
        local_port: int | None = None,
        protocol: str = "tcp",
        *,
        probe_port: int | None = None,
        probe_protocol: str = "tcp",
        probe_path: str | None = None,
        load_balancer_name: str | None = None,
        load_balancer_distribution: str | None = None,
        idle_timeout_in_minutes: int | None = None,
        acl: list[EndpointAclRule] | None = None,
    ) -> VirtualMachineBuilder:
        """An endpoint of the load-balanced set ``set_name`` (``ConfigureWithExternalPort`` with a set),
        probed on ``probe_port`` (``local_port`` when not given) over TCP, or HTTP at ``probe_path``;
        ``load_balancer_name`` puts it behind an internal load balancer of the deployment."""
        local = port if local_port is None else local_port
        endpoint = ConfigurationSetInputEndpoint(
            name=name,
            protocol=protocol,
            port=port,
            local_port=local,
            load_balanced_endpoint_set_name=_text("set_name", set_name, high=64),
            load_balancer_probe=LoadBalancerProbe(
                path=probe_path, port=local if probe_port is None else probe_port, protocol=probe_protocol
            ),
            load_balancer_name=load_balancer_name,
            load_balancer_distribution=load_balancer_distribution,
            idle_timeout_in_minutes=idle_timeout_in_minutes,
            endpoint_acl=None if acl is None else EndpointAcl(rules=list(acl)),
        )
        return self._add_endpoint(endpoint)

    def with_subnet(self, subnet_name: str) -> VirtualMachineBuilder:
        """A subnet of the deployment's virtual network (``ConfigureWithSubnet``)."""
        subnet = v.path_segment("subnet_name", _text("subnet_name", subnet_name))
        if subnet.lower() in (s.lower() for s in self._subnets):
            raise InvalidInputError("subnet_name", f"{subnet} is given twice")
        self._subnets.append(subnet)
        return self

    def with_static_ip(self, address: str) -> VirtualMachineBuilder:
        """A static address in the VM's (single) subnet (``ConfigureWithStaticIP``); the service checks
        that it is inside the subnet and free."""
        try:
            parsed = ipaddress.IPv4Address(v.string("address", v.required("address", address)))
        except ValueError:
            raise InvalidInputError("address", "must be an IPv4 address") from None
        self._static_ip = str(parsed)
        return self

    def with_security_group(self, name: str) -> VirtualMachineBuilder:
        """A network security group for the VM (``ConfigureWithSecurityGroup``)."""
        self._security_group = v.path_segment("network_security_group", _text("network_security_group", name))
        return self

    # -- the rest ---------------------------------------------------------------------------------

    def with_resource_extension(
        self,
        publisher: str,
        name: str,
        version: str,
        *,
        reference_name: str | None = None,
        public_config: Mapping[str, Any] | str | None = None,
        private_config: Mapping[str, Any] | str | None = None,
        state: str | None = None,
    ) -> VirtualMachineBuilder:
        """A resource extension (``AddAzureVMExtensionConfiguration``), its public and private
        configuration (JSON) sent base64-encoded; it turns the guest agent on."""
        reference = _text("reference_name", reference_name or name)
        if any((e.reference_name or "").lower() == reference.lower() for e in self._extensions):
            raise InvalidInputError("reference_name", f"{reference} is given twice")
        if state is not None and state not in ("Enable", "Disable", "Uninstall"):
            raise InvalidInputError("state", "must be Enable, Disable or Uninstall")
        values = []
        for field, config, kind in (
            ("public_config", public_config, "Public"),
            ("private_config", private_config, "Private"),
        ):
            if config is not None:
                encoded = base64.b64encode(_config_text(field, config).encode("utf-8")).decode("ascii")
                values.append(
                    ResourceExtensionParameterValue(
                        key=f"{name}{kind}ConfigParameter", value=encoded, type=kind
                    )
                )
        self._extensions.append(
            ResourceExtensionReference(
                reference_name=reference,
                publisher=_text("publisher", publisher),
                name=_text("name", name),
                version=_text("version", version, high=32),
                resource_extension_parameter_values=values or None,
                state=state,
            )
        )
        self._guest_agent = True
        return self

    def in_availability_set(self, name: str) -> VirtualMachineBuilder:
        """Put the VM in an availability set of its cloud service."""
        self._availability_set = _text("availability_set_name", name, high=64)
        return self

    def with_guest_agent(self, enabled: bool = True) -> VirtualMachineBuilder:
        """Install the VM agent (or not); resource extensions need it."""
        if not enabled and self._extensions:
            raise InvalidInputError("enabled", "resource extensions need the guest agent")
        self._guest_agent = bool(enabled)
        return self

    def build(self) -> VirtualMachineSpec:
        """The checked role: an OS source; a provisioning set unless booting an existing disk;
        a static IP only with exactly one subnet; data disks within the role size's limit."""
        if self._os_disk is None and self._vm_image is None:
            raise InvalidInputError(
                "os_virtual_hard_disk",
                "give an OS source: from_platform_image, from_existing_disk or from_vm_image",
            )
        from_disk = self._os_disk is not None and self._os_disk.disk_name is not None
        if self._system is None and not from_disk:
            raise InvalidInputError("system_config", "give a provisioning set: for_linux or for_windows")
        if (
            isinstance(self._system, LinuxConfigurationSet)
            and self._system.disable_ssh_password_authentication
        ):
            ssh = self._system.ssh
            if self._system.user_password is None and not (ssh and (ssh.public_keys or ssh.key_pairs)):
                raise InvalidInputError(
                    "fingerprint", "a VM without a password needs an SSH key (with_public_ssh)"
                )
        if self._static_ip is not None and len(self._subnets) != 1:
            raise InvalidInputError("subnet_name", "a static IP needs exactly one subnet (with_subnet)")
        limit = max_data_disks(self._size)
        if len(self._data_disks) > limit:
            raise InvalidInputError(
                "data_virtual_hard_disks", f"a {self._size} VM holds at most {limit} data disks"
            )
        network = None
        if self._endpoints or self._subnets or self._security_group:
            network = ConfigurationSet(
                input_endpoints=list(self._endpoints) or None,
                subnet_names=list(self._subnets) or None,
                static_virtual_network_ip_address=self._static_ip,
                network_security_group=self._security_group,
            )
        image, location = self._vm_image or (None, None)
        return VirtualMachineSpec(
            role_name=self._name,
            system_config=self._system,
            os_virtual_hard_disk=self._os_disk,
            network_config=network,
            role_size=self._size,
            availability_set_name=self._availability_set,
            data_virtual_hard_disks=tuple(self._data_disks),
            resource_extension_references=tuple(self._extensions),
            provision_guest_agent=self._guest_agent,
            vm_image_name=image,
            media_location=location,
        )

    # -- helpers ---------------------------------------------------------------------------------

    def _check_no_system(self, field: str) -> None:
        if self._system is not None:
            raise InvalidInputError(field, "the VM already has a provisioning set")

    def _check_no_source(self, field: str) -> None:
        if self._os_disk is not None or self._vm_image is not None:
            raise InvalidInputError(field, "the VM already has an OS source")

    def _provisioning(self, field: str) -> LinuxConfigurationSet | WindowsConfigurationSet:
        if self._system is None:
            raise InvalidInputError(field, "give the provisioning set first (for_linux or for_windows)")
        return self._system

    def _windows(self, field: str) -> WindowsConfigurationSet:
        system = self._provisioning(field)
        if not isinstance(system, WindowsConfigurationSet):
            raise InvalidInputError(field, "only a Windows VM (for_windows) has this")
        return system

    def _linux(self, field: str) -> LinuxConfigurationSet:
        system = self._provisioning(field)
        if not isinstance(system, LinuxConfigurationSet):
            raise InvalidInputError(field, "only a Linux VM (for_linux) has SSH keys")
        return system

    def _ssh(self, field: str) -> SSH:
        return self._linux(field).ssh or SSH()

    def _set_ssh(self, ssh: SSH) -> None:
        self._system = self._linux("fingerprint").model_copy(update={"ssh": ssh})

    @staticmethod
    def _path(path: str) -> str:
        text = _text("path", path, high=1024)
        if not text.startswith("/"):
            raise InvalidInputError("path", "must be an absolute path on the VM")
        return text

    def _add_disk(self, disk: DataVirtualHardDisk) -> VirtualMachineBuilder:
        used = {d.lun for d in self._data_disks}
        limit = min(max_data_disks(self._size), MAX_LUN + 1)
        lun = next((n for n in range(limit) if n not in used), None)
        if lun is None:
            raise InvalidInputError(
                "lun", f"a {self._size} VM has no free LUN (it holds at most {limit} data disks)"
            )
        self._data_disks.append(disk.model_copy(update={"lun": lun}))
        return self

    def _add_endpoint(self, endpoint: ConfigurationSetInputEndpoint) -> VirtualMachineBuilder:
        check_endpoint("endpoint", endpoint)
        name = (endpoint.name or "").lower()
        protocol = (endpoint.protocol or "").lower()
        for other in self._endpoints:
            if (other.name or "").lower() == name:
                raise InvalidInputError("name", f"the VM already has an endpoint named {endpoint.name}")
            if (other.protocol or "").lower() == protocol and other.port == endpoint.port:
                raise InvalidInputError(
                    "port", f"{protocol} port {endpoint.port} is already an endpoint of the VM"
                )
            if (other.protocol or "").lower() == protocol and other.local_port == endpoint.local_port:
                raise InvalidInputError(
                    "local_port", f"{protocol} local port {endpoint.local_port} is already used"
                )
        self._endpoints.append(endpoint)
        return self
