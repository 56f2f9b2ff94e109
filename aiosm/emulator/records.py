"""Typed records of the emulator's state, and their JSON form in the SQLite store.

A record in the state is shared by the live table, by the pending effects of
operations and by answers being built, so records are never changed in place:
a change makes a new record (:func:`dataclasses.replace`) and an operation's
pending put can never alias the live one. Containers are tuples;
``extended_properties`` is a ``dict`` that is never changed in place.

Why slotted dataclasses, frozen for the type checker only, and not pydantic
models: the values are validated once, at the boundary, by the request models
of :mod:`aiosm.models`, and a record is only ever built by the emulator itself,
so validating it again buys nothing. Measured on CPython 3.11 for a 14-field
record: a slotted dataclass is built in 0.9 µs; ``frozen=True`` makes that
3.4 µs (one ``object.__setattr__`` per field), and a pydantic model costs about
as much while validating. 10,000 operations through :class:`~.state.State`
(accept, poll, complete) take 100 ms, 270 ms with frozen dataclasses, 83 ms with
the untyped dicts this replaces. So :func:`_record` declares the classes frozen
and keyword-only to mypy (PEP 681 ``dataclass_transform``: assigning a field is
a ``mypy --strict`` error) and builds plain slotted dataclasses at run time.
Records stay independent of the wire models: those describe the XML, these the
store (the VM role's network and disk sub-records mirror the fields of their
models; a test checks they agree).

JSON: one small codec reads each class's field types (a plan built once per
class): ``None`` is left out, tuples become lists, bytes hex, nested records
objects. About 1.3 µs per record (pydantic's ``model_dump``: 1.8 µs); it only
runs with a state directory, where each SQLite commit costs milliseconds.

Persisted format: a table of (kind, key, JSON object), the objects having the
field names the untyped emulator stored, so its state directories still load.
An operation keeps its pending effects as ``[kind, key, record]`` puts and
``[kind, key]`` deletes, applied when it completes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypeVar, Union, cast

__all__ = [
    "RECORD_TYPES",
    "AffinityGroupRecord",
    "ApplicationGatewayRecord",
    "CertificateRecord",
    "CloudRoleRecord",
    "DataDiskRecord",
    "DeploymentRecord",
    "DiskRecord",
    "DnsServerRecord",
    "EndpointAclRecord",
    "EndpointAclRuleRecord",
    "ExtensionParameterRecord",
    "GatewayRecord",
    "GatewaySiteRecord",
    "HostedServiceRecord",
    "ImageRecord",
    "InputEndpointRecord",
    "InstanceStatusRecord",
    "Json",
    "LoadBalancerProbeRecord",
    "LoadBalancerRecord",
    "LocalNetworkRecord",
    "NetworkConfigurationRecord",
    "NetworkSecurityGroupAssociationRecord",
    "NetworkSecurityGroupRecord",
    "NetworkSecurityRuleRecord",
    "OSDiskRecord",
    "OperationFailure",
    "OperationRecord",
    "PublicIPRecord",
    "Record",
    "Ref",
    "ReservedIPRecord",
    "ResourceExtensionRecord",
    "RouteRecord",
    "RouteTableRecord",
    "RouteTableSubnetRecord",
    "ServiceCertificateRecord",
    "SiteGatewayRecord",
    "StorageAccountRecord",
    "StorageKeys",
    "SubnetRecord",
    "SubscriptionNetworkRecord",
    "TrafficManagerProfileRecord",
    "UpgradeRecord",
    "VMImageDiskRecord",
    "VMImageRecord",
    "VMRoleRecord",
    "VirtualNetworkRecord",
    "affinity_group_key",
    "decode",
    "deployment_key",
    "disk_key",
    "hosted_service_key",
    "image_key",
    "named_data_disks",
    "reserved_ip_key",
    "service_certificate_key",
]

Json = dict[str, Any]
"""A record's JSON object, as stored."""

_T = TypeVar("_T")

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform

    @dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(field,))
    def _record(cls: type[_T]) -> type[_T]:
        """A record class: frozen and keyword-only (to the type checker), slotted."""

else:

    def _record(cls: type[_T]) -> type[_T]:
        """A record class: a slotted, keyword-only dataclass (frozen only to the type checker)."""
        return dataclass(slots=True, kw_only=True)(cls)


def hosted_service_key(name: str) -> str:
    """Hosted service names are unique across subscriptions, case-insensitively."""
    return name.lower()


def deployment_key(service_name: str, slot: str) -> str:
    """One deployment per (service, slot)."""
    return f"{service_name.lower()}/{slot.lower()}"


def affinity_group_key(subscription: str, name: str) -> str:
    """Affinity group names are unique within a subscription, case-insensitively."""
    return f"{subscription}/{name.lower()}"


def image_key(subscription: str, name: str) -> str:
    """User image names are unique within a subscription, case-insensitively."""
    return f"{subscription}/{name.lower()}"


def disk_key(subscription: str, name: str) -> str:
    """Disk names are unique within a subscription, case-insensitively."""
    return f"{subscription}/{name.lower()}"


# -- the JSON codec ---------------------------------------------------------------------------
#
# One conversion plan per record class, built from its field types on first use: a field whose
# value is None is left out (so every optional field has a default), tuples become lists, bytes
# hex, nested records objects, a pending put ``[kind, key, record]`` and a Ref ``[kind, key]``.

_Convert = Callable[[Any], Any]
_Plan = tuple[tuple[str, _Convert | None, _Convert | None], ...]
_PLANS: dict[type, _Plan] = {}


def _converters(tp: Any) -> tuple[_Convert | None, _Convert | None]:
    """(to JSON, from JSON) of a field type; ``None`` where the value is kept as it is."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (Union, types.UnionType):
        (inner,) = [a for a in args if a is not type(None)]
        encode, decode_inner = _converters(inner)
        if decode_inner is None:
            return encode, None
        convert = decode_inner
        if isinstance(inner, type) and issubclass(inner, _Json):
            return encode, lambda v: convert(v) if v else None  # ``{}``: none (the untyped store)
        return encode, lambda v: None if v is None else convert(v)
    if origin is tuple:
        encode, decode_item = _converters(args[0])
        to_list: _Convert = list if encode is None else (lambda v: [encode(x) for x in v])
        return to_list, tuple if decode_item is None else (lambda v: tuple(decode_item(x) for x in v))
    if origin is dict:
        return dict, dict
    if tp is Record:
        return (lambda r: [r.KIND, r.key, r.to_json()]), (lambda v: decode(v[0], v[2]))
    if tp is Ref:
        return list, lambda v: Ref(*v)
    if isinstance(tp, type) and issubclass(tp, _Json):
        return (lambda r: r.to_json()), tp.from_json
    if tp is bytes:
        return bytes.hex, bytes.fromhex
    if tp is float:
        return None, float
    if tp in (str, int, bool):
        return None, None
    raise TypeError(f"no JSON form for {tp!r}")


def _plan(cls: type) -> _Plan:
    plan = _PLANS.get(cls)
    if plan is None:
        hints = typing.get_type_hints(cls)
        steps = []
        for f in dataclasses.fields(cls):
            tp = hints[f.name]
            optional = typing.get_origin(tp) in (Union, types.UnionType)
            if optional and f.default is not None:
                raise TypeError(f"{cls.__name__}.{f.name} may be None, so it needs the default None")
            steps.append((f.name, *_converters(tp)))
        plan = _PLANS[cls] = tuple(steps)
    return plan


def _to_json(obj: object) -> Json:
    data: Json = {}
    for name, encode, _ in _plan(type(obj)):
        value = getattr(obj, name)
        if value is not None:
            data[name] = value if encode is None else encode(value)
    return data


def _from_json(cls: type[_T], data: Json) -> _T:
    values = {}
    for name, _, convert in _plan(cls):
        if name in data:
            value = data[name]
            values[name] = value if convert is None or value is None else convert(value)
    return cast("_T", cast(Any, cls)(**values))


_J = TypeVar("_J", bound="_Json")


class _Json:
    """What every record and sub-record has: its JSON object (``to_json``/``from_json``)."""

    __slots__ = ()

    def to_json(self) -> Json:
        """The JSON object stored for this record."""
        return _to_json(self)

    @classmethod
    def from_json(cls: type[_J], data: Json) -> _J:
        """The record stored as ``data`` (absent fields take their defaults)."""
        return _from_json(cls, data)


class Ref(NamedTuple):
    """A record's address: its kind and its key (what a delete names)."""

    kind: str
    key: str


class Record(_Json):
    """Base of every stored record: its ``KIND``, its ``key`` within the kind, its JSON form."""

    __slots__ = ()
    KIND: ClassVar[str] = ""

    @property
    def key(self) -> str:
        """The record's key within its kind."""
        raise NotImplementedError

    @property
    def ref(self) -> Ref:
        """(kind, key) of this record."""
        return Ref(self.KIND, self.key)


# -- hosted services ----------------------------------------------------------------------


@_record
class HostedServiceRecord(Record):
    """A hosted (cloud) service."""

    KIND: ClassVar[str] = "hosted_service"
    subscription: str
    name: str
    label: str
    description: str
    location: str
    affinity_group: str
    extended_properties: dict[str, str]
    created: str
    modified: str

    @property
    def key(self) -> str:
        return hosted_service_key(self.name)


# -- deployments: roles and their sub-records ----------------------------------------------------


@_record
class CloudRoleRecord(_Json):
    """A role of a cloud-service deployment, from its .cscfg: name and instance count."""

    name: str
    count: int


@_record
class LoadBalancerProbeRecord(_Json):
    """An input endpoint's load-balancer probe (mirrors ``LoadBalancerProbe``)."""

    path: str | None = None
    port: int | None = None
    protocol: str | None = None
    interval_in_seconds: int | None = None
    timeout_in_seconds: int | None = None


@_record
class EndpointAclRuleRecord(_Json):
    """A rule of an input endpoint's access control list (mirrors ``EndpointAclRule``)."""

    order: int | None = None
    action: str | None = None
    remote_subnet: str | None = None
    description: str | None = None


@_record
class EndpointAclRecord(_Json):
    """An input endpoint's access control list (mirrors ``EndpointAcl``)."""

    rules: tuple[EndpointAclRuleRecord, ...] = ()


@_record
class InputEndpointRecord(_Json):
    """An input endpoint of a VM role (mirrors ``ConfigurationSetInputEndpoint``)."""

    load_balanced_endpoint_set_name: str | None = None
    local_port: int | None = None
    name: str | None = None
    port: int | None = None
    load_balancer_probe: LoadBalancerProbeRecord | None = None
    protocol: str | None = None
    vip: str | None = None
    enable_direct_server_return: bool | None = None
    endpoint_acl: EndpointAclRecord | None = None
    load_balancer_name: str | None = None
    idle_timeout_in_minutes: int | None = None
    load_balancer_distribution: str | None = None


@_record
class PublicIPRecord(_Json):
    """An instance-level public IP of a VM role (mirrors ``PublicIPConfiguration``)."""

    name: str
    idle_timeout_in_minutes: int | None = None


@_record
class NetworkConfigurationRecord(_Json):
    """The network configuration set of a VM role (mirrors ``ConfigurationSet``)."""

    configuration_set_type: str = "NetworkConfiguration"
    input_endpoints: tuple[InputEndpointRecord, ...] | None = None
    subnet_names: tuple[str, ...] | None = None
    static_virtual_network_ip_address: str | None = None
    network_security_group: str | None = None
    public_ips: tuple[PublicIPRecord, ...] | None = None


@_record
class OSDiskRecord(_Json):
    """The OS disk of a VM role (mirrors ``OSVirtualHardDisk``)."""

    host_caching: str | None = None
    disk_label: str | None = None
    disk_name: str | None = None
    media_link: str | None = None
    source_image_name: str | None = None
    os: str | None = None
    remote_source_image_link: str | None = None
    io_type: str | None = None


@_record
class DataDiskRecord(_Json):
    """A data disk of a VM role (mirrors ``DataVirtualHardDisk``)."""

    host_caching: str | None = None
    disk_label: str | None = None
    disk_name: str | None = None
    lun: int | None = None
    logical_disk_size_in_gb: int | None = None
    media_link: str | None = None
    source_media_link: str | None = None


@_record
class ExtensionParameterRecord(_Json):
    """A public setting of a VM's resource extension (private ones, secrets, are never kept)."""

    key: str | None = None
    value: str | None = None
    type: str | None = None


@_record
class ResourceExtensionRecord(_Json):
    """A resource extension installed on a VM role (mirrors ``ResourceExtensionReference``)."""

    reference_name: str | None = None
    publisher: str | None = None
    name: str | None = None
    version: str | None = None
    resource_extension_parameter_values: tuple[ExtensionParameterRecord, ...] | None = None
    state: str | None = None


@_record
class VMRoleRecord(_Json):
    """A persistent VM role. Provisioning secrets (passwords, keys) are never kept: only the host name.

    The fields added after the first stored states default to ``None``, so records stored before
    them keep their JSON form.
    """

    role_name: str
    role_size: str
    host_name: str
    network: tuple[NetworkConfigurationRecord, ...] = ()
    os_disk: OSDiskRecord | None = None
    data_disks: tuple[DataDiskRecord, ...] = ()
    availability_set_name: str = ""
    vm_image_name: str = ""
    power_state: str | None = None
    """``None`` while it runs, ``Stopped``/``StoppedDeallocated`` once shut down (what a generalized
    capture requires)."""
    media_location: str | None = None
    extensions: tuple[ResourceExtensionRecord, ...] | None = None
    provision_guest_agent: bool | None = None


@_record
class InstanceStatusRecord(_Json):
    """The status a role instance shows while the operation ``operation`` (a request id) on it
    runs (reboot, reimage, rebuild); ignored once that operation is over."""

    instance: str
    status: str
    operation: str


@_record
class UpgradeRecord(_Json):
    """An upgrade or configuration change in progress on a cloud-service deployment.

    ``domain`` is the next upgrade domain to walk; ``walking`` the request id of the walk (or of
    the automatic upgrade) in progress, ``""`` between walks. ``previous_*`` is what a rollback
    restores.
    """

    upgrade_type: str
    domain: int = 0
    walking: str = ""
    previous_package_url: str = ""
    previous_configuration: str = ""
    previous_label: str = ""
    previous_roles: tuple[CloudRoleRecord, ...] = ()
    previous_removed: tuple[str, ...] = ()


@_record
class DnsServerRecord(_Json):
    """A DNS server of a deployment (``add_dns_server``)."""

    name: str
    address: str


@_record
class LoadBalancerRecord(_Json):
    """An internal load balancer of a deployment (``load_balancers.add``): a private frontend address
    in a subnet of the deployment's virtual network (``static_ip`` empty: one the service picks)."""

    name: str
    subnet_name: str = ""
    static_ip: str = ""


def named_data_disks(role: VMRoleRecord) -> tuple[DataDiskRecord, ...]:
    """The role's data disks, each with a name: one created with the VM without a ``DiskName`` is
    named as Azure names disks, after the OS disk (``svc-role-0-stamp`` -> ``svc-role-<lun+1>-stamp``)."""
    if all(d.disk_name for d in role.data_disks):
        return role.data_disks
    base = role.os_disk.disk_name if role.os_disk is not None else None
    head, sep, stamp = (base or "").rpartition("-0-")
    named = []
    for disk in role.data_disks:
        if not disk.disk_name:
            lun = disk.lun or 0
            name = f"{head}-{lun + 1}-{stamp}" if sep else f"{role.role_name}-{role.role_name}-{lun + 1}"
            disk = dataclasses.replace(disk, disk_name=name)
        named.append(disk)
    return tuple(named)


# -- deployments -----------------------------------------------------------------------------


@_record
class DeploymentRecord(Record):
    """A deployment in a slot of a hosted service: cloud-service ``roles`` or, for a VM deployment,
    ``vm_roles`` (``None`` for a cloud-service deployment).
    """

    KIND: ClassVar[str] = "deployment"
    subscription: str
    service: str
    name: str
    slot: str
    private_id: str
    status: str
    label: str
    created: str
    modified: str
    vip: str
    extended_properties: dict[str, str] = field(default_factory=dict)
    configuration: str = ""
    package_url: str = ""
    roles: tuple[CloudRoleRecord, ...] = ()
    vm_roles: tuple[VMRoleRecord, ...] | None = None
    upgrade: UpgradeRecord | None = None
    instance_statuses: tuple[InstanceStatusRecord, ...] = ()
    removed_instances: tuple[str, ...] = ()
    """Cloud-service role instances deleted by Delete Role Instances (until the next configuration)."""
    dns_servers: tuple[DnsServerRecord, ...] = ()
    reserved_ip_name: str = ""
    """The reserved IP associated as the deployment's virtual IP (its address replaces ``vip``)."""
    reserved_ip_address: str = ""
    virtual_network_name: str = ""
    """The virtual network site of a VM deployment created in one."""
    load_balancers: tuple[LoadBalancerRecord, ...] = ()
    """Internal load balancers (Add Load Balancer), shown in Get Deployment's ``<LoadBalancers>``."""

    @property
    def key(self) -> str:
        return deployment_key(self.service, self.slot)

    @property
    def is_vm(self) -> bool:
        """Whether this is a virtual machine deployment."""
        return self.vm_roles is not None


# -- storage accounts ------------------------------------------------------------------------


@_record
class StorageKeys(_Json):
    """A storage account's access keys: secrets, kept out of ``repr``."""

    primary: str
    secondary: str

    def __repr__(self) -> str:
        return "StorageKeys(primary=<hidden>, secondary=<hidden>)"


@_record
class StorageAccountRecord(Record):
    """A storage account (its keys never appear in ``repr``)."""

    KIND: ClassVar[str] = "storage"
    subscription: str
    name: str
    label: str
    description: str
    location: str
    affinity_group: str
    account_type: str
    extended_properties: dict[str, str]
    created: str
    keys: StorageKeys = field(repr=False)

    @property
    def key(self) -> str:
        return self.name


# -- affinity groups -------------------------------------------------------------------------


@_record
class AffinityGroupRecord(Record):
    """An affinity group of a subscription."""

    KIND: ClassVar[str] = "affinity_group"
    subscription: str
    name: str
    label: str
    description: str
    location: str
    created: str

    @property
    def key(self) -> str:
        return affinity_group_key(self.subscription, self.name)


# -- OS images -------------------------------------------------------------------------------


@_record
class ImageRecord(Record):
    """An OS image: a user image of a subscription, or (``subscription == ""``) a built-in platform
    image, which also has the catalogue fields (description ... recommended size).
    """

    KIND: ClassVar[str] = "image"
    subscription: str
    name: str
    label: str
    os: str
    media_link: str = ""
    description: str = ""
    image_family: str = ""
    publisher: str = ""
    size: int = 30
    published: str = ""
    recommended_size: str = ""
    location: str = ""
    eula: str = ""
    icon_uri: str = ""
    privacy_uri: str = ""
    small_icon_uri: str = ""
    language: str = ""
    pricing_detail_link: str = ""
    show_in_gui: bool | None = None
    is_premium: bool = False
    replicated_to: tuple[str, ...] = ()
    """Publishing: the regions the image is replicated to, as offer/sku/version, shared as ``shared``."""
    offer: str = ""
    sku: str = ""
    version: str = ""
    shared: str = ""
    emptied: tuple[str, ...] = ()
    """Metadata (``OSImage`` field names) an update set to empty: the service shows them empty."""

    @property
    def key(self) -> str:
        return image_key(self.subscription, self.name)


# -- VM images -------------------------------------------------------------------------------


@_record
class VMImageDiskRecord(_Json):
    """One disk of a VM image (the OS disk has ``os_state`` and ``os``, a data disk ``lun``)."""

    name: str
    media_link: str = ""
    host_caching: str = ""
    os_state: str = ""
    os: str = ""
    lun: int | None = None
    size: int = 30
    io_type: str = "Standard"


@_record
class VMImageRecord(Record):
    """A VM image: a user image of a subscription, or (``subscription == ""``) a platform image."""

    KIND: ClassVar[str] = "vm_image"
    subscription: str
    name: str
    label: str
    os_disk: VMImageDiskRecord
    category: str = "User"
    description: str = ""
    data_disks: tuple[VMImageDiskRecord, ...] = ()
    service_name: str = ""
    deployment_name: str = ""
    role_name: str = ""
    location: str = ""
    affinity_group: str = ""
    created: str = ""
    modified: str = ""
    language: str = ""
    image_family: str = ""
    recommended_vm_size: str = ""
    is_premium: bool = False
    eula: str = ""
    icon_uri: str = ""
    small_icon_uri: str = ""
    privacy_uri: str = ""
    publisher_name: str = ""
    published_date: str = ""
    show_in_gui: bool | None = None
    pricing_detail_link: str = ""
    role_state_on_capture: str = ""
    role_size_on_capture: str = ""

    @property
    def key(self) -> str:
        return image_key(self.subscription, self.name)


# -- reserved IPs ----------------------------------------------------------------------------


def reserved_ip_key(subscription: str, name: str) -> str:
    """Reserved IP names are unique within a subscription, case-insensitively."""
    return f"{subscription}/{name.lower()}"


@_record
class ReservedIPRecord(Record):
    """A reserved IP of a subscription; ``service``/``deployment`` name the deployment using it."""

    KIND: ClassVar[str] = "reserved_ip"
    subscription: str
    name: str
    label: str
    location: str
    address: str
    id: str
    service: str = ""
    deployment: str = ""

    @property
    def key(self) -> str:
        return reserved_ip_key(self.subscription, self.name)


# -- virtual networks ------------------------------------------------------------------------


@_record
class SubnetRecord(_Json):
    """A subnet of a virtual network."""

    name: str
    address_prefix: str


@_record
class VirtualNetworkRecord(Record):
    """A virtual network site of a subscription (written by the network configuration)."""

    KIND: ClassVar[str] = "virtual_network"
    subscription: str
    name: str
    id: str
    location: str = ""
    affinity_group: str = ""
    label: str = ""
    state: str = "Created"
    address_prefixes: tuple[str, ...] = ()
    subnets: tuple[SubnetRecord, ...] = ()
    dns_servers: tuple[DnsServerRecord, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.subscription}/{self.name.lower()}"


# -- network security groups -----------------------------------------------------------------


@_record
class NetworkSecurityRuleRecord(_Json):
    """A rule of one's own in a network security group (the default rules are not stored)."""

    name: str
    type: str
    priority: int
    action: str
    source_address_prefix: str
    source_port_range: str
    destination_address_prefix: str
    destination_port_range: str
    protocol: str


@_record
class NetworkSecurityGroupRecord(Record):
    """A network security group of a subscription."""

    KIND: ClassVar[str] = "network_security_group"
    subscription: str
    name: str
    location: str
    label: str = ""
    rules: tuple[NetworkSecurityRuleRecord, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.subscription}/{self.name.lower()}"


@_record
class NetworkSecurityGroupAssociationRecord(Record):
    """The network security group applied to a target: ``subnet/<network>/<subnet>``,
    ``role/<service>/<deployment>/<role>`` or ``nic/<service>/<deployment>/<role>/<interface>``
    (one group per target: the target is the key)."""

    KIND: ClassVar[str] = "network_security_group_association"
    subscription: str
    target: str
    group: str
    owner_id: str = ""
    """The id of the virtual network, or the private id of the deployment, the target belongs to: an
    association outlives neither (one re-created under the same name starts without a group)."""

    @property
    def key(self) -> str:
        return f"{self.subscription}/{self.target.lower()}"


@_record
class LocalNetworkRecord(_Json):
    """A local network site of the network configuration."""

    name: str
    address_prefixes: tuple[str, ...] = ()
    vpn_gateway_address: str = ""


@_record
class SiteGatewayRecord(_Json):
    """The ``<Gateway>`` of a virtual network site in the network configuration."""

    virtual_network: str
    profile: str = ""
    vpn_client_prefixes: tuple[str, ...] | None = None
    local_networks: tuple[str, ...] = ()
    connection_types: tuple[str, ...] = ()


@_record
class SubscriptionNetworkRecord(Record):
    """What the network configuration holds beside its virtual network sites (those are
    :class:`VirtualNetworkRecord`): DNS servers, local network sites, the sites' gateways."""

    KIND: ClassVar[str] = "network_configuration"
    subscription: str
    dns_servers: tuple[DnsServerRecord, ...] = ()
    local_networks: tuple[LocalNetworkRecord, ...] = ()
    gateways: tuple[SiteGatewayRecord, ...] = ()

    @property
    def key(self) -> str:
        return self.subscription


@_record
class GatewaySiteRecord(_Json):
    """A local network site of a gateway: its shared key and connection state."""

    name: str
    shared_key: str = field(repr=False)
    connectivity_state: str = "Connected"
    ingress_bytes: int = 0
    egress_bytes: int = 0
    connected_at: str = ""


@_record
class GatewayRecord(Record):
    """The virtual network gateway of a virtual network (one per network)."""

    KIND: ClassVar[str] = "virtual_network_gateway"
    subscription: str
    network: str
    gateway_type: str
    gateway_size: str
    vip_address: str
    sites: tuple[GatewaySiteRecord, ...] = ()
    diagnostics: str = "Ready"
    diagnostics_url: str = ""
    last_event: str = ""
    last_event_at: str = ""

    @property
    def key(self) -> str:
        return f"{self.subscription}/{self.network.lower()}"


# -- disks -----------------------------------------------------------------------------------


@_record
class DiskRecord(Record):
    """A disk of the subscription's disk repository that no live role names: added with Add Disk, or
    left by a deleted role or detached data disk. A disk a role names is derived from the role instead
    (see :func:`~.repository.attached_disks`). ``os`` is ``""`` for a data disk. Until ``leased_until``
    (epoch seconds) the storage lease of the role it left (``lease_*``) still holds its VHD.
    """

    KIND: ClassVar[str] = "disk"
    subscription: str
    name: str
    label: str
    media_link: str
    os: str = ""
    size: int = 30
    location: str = ""
    affinity_group: str = ""
    source_image_name: str = ""
    created: str = ""
    io_type: str = "Standard"
    leased_until: float = 0.0
    lease_service: str = ""
    lease_deployment: str = ""
    lease_role: str = ""

    @property
    def key(self) -> str:
        return disk_key(self.subscription, self.name)


# -- operations ------------------------------------------------------------------------------


@_record
class OperationFailure(_Json):
    """How a failed operation ends: the ``<Error>`` of its status and its HTTP status code."""

    code: str
    message: str
    http_status: int


@_record
class OperationRecord(Record):
    """An accepted request: its progress and, until it completes, its effect (``puts``, ``deletes``).

    Time-based (``polls_needed is None``: completes ``latency`` seconds after ``created``) or
    manual (completes at the ``polls_needed``-th status poll). ``failure`` is the planned end of an
    operation made to fail; ``http_status`` and ``error`` are set when it completes.
    """

    KIND: ClassVar[str] = "operation"
    id: str
    subscription: str
    kind: str
    status: str
    created: float
    latency: float
    polls_needed: int | None = None
    polls: int = 0
    puts: tuple[Record, ...] = ()
    deletes: tuple[Ref, ...] = ()
    lock: str | None = None
    failure: OperationFailure | None = None
    http_status: int | None = None
    error: OperationFailure | None = None
    path: str = ""
    """The request's path (``/{sub}/services/...``): the object the operation acted on."""
    completed: float | None = None

    @property
    def key(self) -> str:
        return self.id

    @property
    def in_progress(self) -> bool:
        """Whether the operation has not completed yet."""
        return self.status == "InProgress"


# -- registered certificates -------------------------------------------------------------------


@_record
class CertificateRecord(Record):
    """A management certificate registered for a subscription (DER), with its SHA-1 thumbprint;
    ``public_key`` and ``created`` as Add Management Certificate gave them (base64, ISO time)."""

    KIND: ClassVar[str] = "certificate"
    subscription: str
    der: bytes = field(repr=False)
    thumbprint: str
    public_key: str | None = None
    created: str | None = None

    @property
    def key(self) -> str:
        return f"{self.subscription}/{self.thumbprint}"

    @classmethod
    def from_json(cls, data: Json) -> CertificateRecord:
        if "thumbprint" not in data:  # stored before records kept it
            data = {**data, "thumbprint": hashlib.sha1(bytes.fromhex(data["der"])).hexdigest().upper()}
        return _from_json(cls, data)


def service_certificate_key(service_name: str, algorithm: str, thumbprint: str) -> str:
    """A service certificate: one per (service, algorithm, thumbprint), case-insensitively."""
    return f"{service_name.lower()}/{algorithm.lower()}-{thumbprint.upper()}"


@_record
class ServiceCertificateRecord(Record):
    """A certificate of a cloud service: only its public part (DER) is kept, never a private key."""

    KIND: ClassVar[str] = "service_certificate"
    subscription: str
    service: str
    algorithm: str
    thumbprint: str
    der: bytes = field(repr=False)

    @property
    def key(self) -> str:
        return service_certificate_key(self.service, self.algorithm, self.thumbprint)


# -- route tables ----------------------------------------------------------------------------


@_record
class RouteRecord(_Json):
    """A route of a route table (``next_hop_ip_address`` for a virtual appliance only)."""

    name: str
    address_prefix: str
    next_hop_type: str
    next_hop_ip_address: str = ""


@_record
class RouteTableRecord(Record):
    """A route table of a subscription; names are unique in it, case-insensitively."""

    KIND: ClassVar[str] = "route_table"
    subscription: str
    name: str
    label: str
    location: str
    routes: tuple[RouteRecord, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.subscription}/{self.name.lower()}"


@_record
class RouteTableSubnetRecord(Record):
    """The route table applied to a subnet of a virtual network (one per subnet)."""

    KIND: ClassVar[str] = "route_table_subnet"
    subscription: str
    virtual_network: str
    subnet: str
    route_table: str

    @property
    def key(self) -> str:
        return f"{self.subscription}/{self.virtual_network.lower()}/{self.subnet.lower()}"


# -- traffic manager --------------------------------------------------------------------------


@_record
class TrafficManagerProfileRecord(Record):
    """A Traffic Manager profile; ``definitions`` are the definitions' XML, version ``i + 1`` at ``i``."""

    KIND: ClassVar[str] = "traffic_manager_profile"
    subscription: str
    name: str
    domain_name: str
    status: str = "Disabled"
    enabled_version: int = 0
    definitions: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.subscription}/{self.name.lower()}"


# -- application gateways ---------------------------------------------------------------------


@_record
class ApplicationGatewayRecord(Record):
    """An application gateway; ``configuration`` is its configuration's XML ("" until one is set)."""

    KIND: ClassVar[str] = "application_gateway"
    subscription: str
    name: str
    vnet: str
    subnets: tuple[str, ...] = ()
    description: str = ""
    instance_count: int = 2
    size: str = "Medium"
    state: str = "Stopped"
    virtual_ips: tuple[str, ...] = ()
    dns_name: str = ""
    configuration: str = ""

    @property
    def key(self) -> str:
        return f"{self.subscription}/{self.name.lower()}"


RECORD_TYPES: dict[str, type[Record]] = {
    cls.KIND: cls
    for cls in (
        HostedServiceRecord,
        DeploymentRecord,
        StorageAccountRecord,
        AffinityGroupRecord,
        ImageRecord,
        OperationRecord,
        CertificateRecord,
        ReservedIPRecord,
        VirtualNetworkRecord,
        NetworkSecurityGroupRecord,
        NetworkSecurityGroupAssociationRecord,
        SubscriptionNetworkRecord,
        GatewayRecord,
        ServiceCertificateRecord,
        VMImageRecord,
        DiskRecord,
        RouteTableRecord,
        RouteTableSubnetRecord,
        TrafficManagerProfileRecord,
        ApplicationGatewayRecord,
    )
}
"""Every kind of record, by ``KIND`` (the store's kind column)."""


def decode(kind: str, data: Json) -> Record:
    """The record of ``kind`` stored as ``data`` (``KeyError`` for an unknown kind)."""
    return RECORD_TYPES[kind].from_json(data)
