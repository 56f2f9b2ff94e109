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
3.4 µs (one ``object.__setattr__`` per field), a pydantic model about as much
plus a validation pass on every load, and its ``model_dump`` is ~7 times the
cost of the hand-written ``to_json`` below, which matters when a persistent
emulator writes 10,000 operations. So :func:`_record` declares the classes
frozen and keyword-only to mypy (PEP 681 ``dataclass_transform``; an
assignment to a field is a ``mypy --strict`` error) and builds plain slotted
dataclasses at run time. Records also stay independent of the wire models:
those describe the XML, these the store (the VM role's network and disk
sub-records mirror the fields of their models; a test checks they agree).

Persisted format: each record's ``to_json`` is the object the untyped
emulator stored (same field names), with a few added fields (a certificate's
``thumbprint``, the catalogue fields of an image); a store is a table of
(kind, key, JSON). An operation keeps its pending effects as
``[kind, key, record]`` puts and ``[kind, key]`` deletes, applied when it
completes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypeVar

__all__ = [
    "RECORD_TYPES",
    "AffinityGroupRecord",
    "CertificateRecord",
    "CloudRoleRecord",
    "DataDiskRecord",
    "DeploymentRecord",
    "HostedServiceRecord",
    "ImageRecord",
    "InputEndpointRecord",
    "Json",
    "LoadBalancerProbeRecord",
    "NetworkConfigurationRecord",
    "OSDiskRecord",
    "OperationFailure",
    "OperationRecord",
    "PublicIPRecord",
    "Record",
    "Ref",
    "StorageAccountRecord",
    "StorageKeys",
    "VMRoleRecord",
    "affinity_group_key",
    "decode",
    "deployment_key",
    "hosted_service_key",
    "image_key",
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


def _compact(data: Json) -> Json:
    """``data`` without ``None`` values (the mirror sub-records store what their model dumps)."""
    return {k: v for k, v in data.items() if v is not None}


def _strings(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


class Ref(NamedTuple):
    """A record's address: its kind and its key (what a delete names)."""

    kind: str
    key: str


class Record:
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

    def to_json(self) -> Json:
        """The JSON object stored for this record."""
        raise NotImplementedError

    @classmethod
    def from_json(cls, data: Json) -> Record:
        """The record stored as ``data``."""
        raise NotImplementedError


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

    def to_json(self) -> Json:
        return {
            "subscription": self.subscription,
            "name": self.name,
            "label": self.label,
            "description": self.description,
            "location": self.location,
            "affinity_group": self.affinity_group,
            "extended_properties": dict(self.extended_properties),
            "created": self.created,
            "modified": self.modified,
        }

    @classmethod
    def from_json(cls, data: Json) -> HostedServiceRecord:
        return cls(
            subscription=data["subscription"],
            name=data["name"],
            label=data["label"],
            description=data["description"],
            location=data["location"],
            affinity_group=data["affinity_group"],
            extended_properties=dict(data["extended_properties"]),
            created=data["created"],
            modified=data["modified"],
        )


# -- deployments: cloud-service roles -------------------------------------------------------


@_record
class CloudRoleRecord:
    """A role of a cloud-service deployment, from its .cscfg: name and instance count."""

    name: str
    count: int

    def to_json(self) -> Json:
        """The stored JSON object."""
        return {"name": self.name, "count": self.count}

    @classmethod
    def from_json(cls, data: Json) -> CloudRoleRecord:
        """The role stored as ``data``."""
        return cls(name=data["name"], count=int(data["count"]))


# -- deployments: VM roles and their sub-records ----------------------------------------------


@_record
class LoadBalancerProbeRecord:
    """An input endpoint's load-balancer probe (mirrors ``LoadBalancerProbe``)."""

    path: str | None = None
    port: int | None = None
    protocol: str | None = None

    def to_json(self) -> Json:
        """The stored JSON object (``None`` fields left out)."""
        return _compact({"path": self.path, "port": self.port, "protocol": self.protocol})

    @classmethod
    def from_json(cls, data: Json) -> LoadBalancerProbeRecord:
        """The probe stored as ``data``."""
        return cls(path=data.get("path"), port=data.get("port"), protocol=data.get("protocol"))


@_record
class InputEndpointRecord:
    """An input endpoint of a VM role (mirrors ``ConfigurationSetInputEndpoint``)."""

    load_balanced_endpoint_set_name: str | None = None
    local_port: int | None = None
    name: str | None = None
    port: int | None = None
    load_balancer_probe: LoadBalancerProbeRecord | None = None
    protocol: str | None = None
    vip: str | None = None
    enable_direct_server_return: bool | None = None
    idle_timeout_in_minutes: int | None = None

    def to_json(self) -> Json:
        """The stored JSON object (``None`` fields left out)."""
        probe = self.load_balancer_probe
        return _compact(
            {
                "load_balanced_endpoint_set_name": self.load_balanced_endpoint_set_name,
                "local_port": self.local_port,
                "name": self.name,
                "port": self.port,
                "load_balancer_probe": probe.to_json() if probe is not None else None,
                "protocol": self.protocol,
                "vip": self.vip,
                "enable_direct_server_return": self.enable_direct_server_return,
                "idle_timeout_in_minutes": self.idle_timeout_in_minutes,
            }
        )

    @classmethod
    def from_json(cls, data: Json) -> InputEndpointRecord:
        """The endpoint stored as ``data``."""
        probe = data.get("load_balancer_probe")
        return cls(
            load_balanced_endpoint_set_name=data.get("load_balanced_endpoint_set_name"),
            local_port=data.get("local_port"),
            name=data.get("name"),
            port=data.get("port"),
            load_balancer_probe=LoadBalancerProbeRecord.from_json(probe) if probe is not None else None,
            protocol=data.get("protocol"),
            vip=data.get("vip"),
            enable_direct_server_return=data.get("enable_direct_server_return"),
            idle_timeout_in_minutes=data.get("idle_timeout_in_minutes"),
        )


@_record
class PublicIPRecord:
    """An instance-level public IP of a VM role (mirrors ``PublicIPConfiguration``)."""

    name: str
    idle_timeout_in_minutes: int | None = None

    def to_json(self) -> Json:
        """The stored JSON object (``None`` fields left out)."""
        return _compact({"name": self.name, "idle_timeout_in_minutes": self.idle_timeout_in_minutes})

    @classmethod
    def from_json(cls, data: Json) -> PublicIPRecord:
        """The public IP stored as ``data``."""
        return cls(name=data["name"], idle_timeout_in_minutes=data.get("idle_timeout_in_minutes"))


@_record
class NetworkConfigurationRecord:
    """The network configuration set of a VM role (mirrors ``ConfigurationSet``)."""

    configuration_set_type: str = "NetworkConfiguration"
    input_endpoints: tuple[InputEndpointRecord, ...] | None = None
    subnet_names: tuple[str, ...] | None = None
    static_virtual_network_ip_address: str | None = None
    public_ips: tuple[PublicIPRecord, ...] | None = None

    def to_json(self) -> Json:
        """The stored JSON object (``None`` fields left out)."""
        endpoints, ips = self.input_endpoints, self.public_ips
        return _compact(
            {
                "configuration_set_type": self.configuration_set_type,
                "input_endpoints": None if endpoints is None else [e.to_json() for e in endpoints],
                "subnet_names": None if self.subnet_names is None else list(self.subnet_names),
                "static_virtual_network_ip_address": self.static_virtual_network_ip_address,
                "public_ips": None if ips is None else [ip.to_json() for ip in ips],
            }
        )

    @classmethod
    def from_json(cls, data: Json) -> NetworkConfigurationRecord:
        """The configuration set stored as ``data``."""
        endpoints, ips = data.get("input_endpoints"), data.get("public_ips")
        return cls(
            configuration_set_type=data.get("configuration_set_type", "NetworkConfiguration"),
            input_endpoints=None
            if endpoints is None
            else tuple(InputEndpointRecord.from_json(e) for e in endpoints),
            subnet_names=_strings(data.get("subnet_names")),
            static_virtual_network_ip_address=data.get("static_virtual_network_ip_address"),
            public_ips=None if ips is None else tuple(PublicIPRecord.from_json(ip) for ip in ips),
        )


@_record
class OSDiskRecord:
    """The OS disk of a VM role (mirrors ``OSVirtualHardDisk``)."""

    host_caching: str | None = None
    disk_label: str | None = None
    disk_name: str | None = None
    media_link: str | None = None
    source_image_name: str | None = None
    os: str | None = None
    remote_source_image_link: str | None = None
    io_type: str | None = None

    def to_json(self) -> Json:
        """The stored JSON object (``None`` fields left out)."""
        return _compact(
            {
                "host_caching": self.host_caching,
                "disk_label": self.disk_label,
                "disk_name": self.disk_name,
                "media_link": self.media_link,
                "source_image_name": self.source_image_name,
                "os": self.os,
                "remote_source_image_link": self.remote_source_image_link,
                "io_type": self.io_type,
            }
        )

    @classmethod
    def from_json(cls, data: Json) -> OSDiskRecord:
        """The disk stored as ``data``."""
        return cls(
            host_caching=data.get("host_caching"),
            disk_label=data.get("disk_label"),
            disk_name=data.get("disk_name"),
            media_link=data.get("media_link"),
            source_image_name=data.get("source_image_name"),
            os=data.get("os"),
            remote_source_image_link=data.get("remote_source_image_link"),
            io_type=data.get("io_type"),
        )


@_record
class DataDiskRecord:
    """A data disk of a VM role (mirrors ``DataVirtualHardDisk``)."""

    host_caching: str | None = None
    disk_label: str | None = None
    disk_name: str | None = None
    lun: int | None = None
    logical_disk_size_in_gb: int | None = None
    media_link: str | None = None
    source_media_link: str | None = None

    def to_json(self) -> Json:
        """The stored JSON object (``None`` fields left out)."""
        return _compact(
            {
                "host_caching": self.host_caching,
                "disk_label": self.disk_label,
                "disk_name": self.disk_name,
                "lun": self.lun,
                "logical_disk_size_in_gb": self.logical_disk_size_in_gb,
                "media_link": self.media_link,
                "source_media_link": self.source_media_link,
            }
        )

    @classmethod
    def from_json(cls, data: Json) -> DataDiskRecord:
        """The disk stored as ``data``."""
        return cls(
            host_caching=data.get("host_caching"),
            disk_label=data.get("disk_label"),
            disk_name=data.get("disk_name"),
            lun=data.get("lun"),
            logical_disk_size_in_gb=data.get("logical_disk_size_in_gb"),
            media_link=data.get("media_link"),
            source_media_link=data.get("source_media_link"),
        )


@_record
class VMRoleRecord:
    """A persistent VM role. Provisioning secrets (passwords, keys) are never kept: only the host name."""

    role_name: str
    role_size: str
    host_name: str
    network: tuple[NetworkConfigurationRecord, ...] = ()
    os_disk: OSDiskRecord | None = None
    data_disks: tuple[DataDiskRecord, ...] = ()
    availability_set_name: str = ""
    vm_image_name: str = ""

    def to_json(self) -> Json:
        """The stored JSON object (no OS disk: ``{}``)."""
        return {
            "role_name": self.role_name,
            "role_size": self.role_size,
            "host_name": self.host_name,
            "network": [n.to_json() for n in self.network],
            "os_disk": self.os_disk.to_json() if self.os_disk is not None else {},
            "data_disks": [d.to_json() for d in self.data_disks],
            "availability_set_name": self.availability_set_name,
            "vm_image_name": self.vm_image_name,
        }

    @classmethod
    def from_json(cls, data: Json) -> VMRoleRecord:
        """The role stored as ``data``."""
        os_disk = data.get("os_disk")
        return cls(
            role_name=data["role_name"],
            role_size=data["role_size"],
            host_name=data["host_name"],
            network=tuple(NetworkConfigurationRecord.from_json(n) for n in data.get("network", [])),
            os_disk=OSDiskRecord.from_json(os_disk) if os_disk else None,
            data_disks=tuple(DataDiskRecord.from_json(d) for d in data.get("data_disks", [])),
            availability_set_name=data.get("availability_set_name", ""),
            vm_image_name=data.get("vm_image_name", ""),
        )


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

    @property
    def key(self) -> str:
        return deployment_key(self.service, self.slot)

    @property
    def is_vm(self) -> bool:
        """Whether this is a virtual machine deployment."""
        return self.vm_roles is not None

    def to_json(self) -> Json:
        data: Json = {
            "subscription": self.subscription,
            "service": self.service,
            "name": self.name,
            "slot": self.slot,
            "private_id": self.private_id,
            "status": self.status,
            "label": self.label,
            "configuration": self.configuration,
            "package_url": self.package_url,
            "extended_properties": dict(self.extended_properties),
            "created": self.created,
            "modified": self.modified,
            "vip": self.vip,
        }
        if self.vm_roles is not None:
            data["vm_roles"] = [r.to_json() for r in self.vm_roles]
        else:
            data["roles"] = [r.to_json() for r in self.roles]
        return data

    @classmethod
    def from_json(cls, data: Json) -> DeploymentRecord:
        vm_roles = data.get("vm_roles")
        return cls(
            subscription=data["subscription"],
            service=data["service"],
            name=data["name"],
            slot=data["slot"],
            private_id=data["private_id"],
            status=data["status"],
            label=data["label"],
            configuration=data.get("configuration", ""),
            package_url=data.get("package_url") or "",
            extended_properties=dict(data.get("extended_properties", {})),
            created=data["created"],
            modified=data["modified"],
            vip=data["vip"],
            roles=tuple(CloudRoleRecord.from_json(r) for r in data.get("roles", [])),
            vm_roles=None if vm_roles is None else tuple(VMRoleRecord.from_json(r) for r in vm_roles),
        )


# -- storage accounts ------------------------------------------------------------------------


@_record
class StorageKeys:
    """A storage account's access keys: secrets, kept out of ``repr``."""

    primary: str
    secondary: str

    def __repr__(self) -> str:
        return "StorageKeys(primary=<hidden>, secondary=<hidden>)"

    def to_json(self) -> Json:
        """The stored JSON object."""
        return {"primary": self.primary, "secondary": self.secondary}

    @classmethod
    def from_json(cls, data: Json) -> StorageKeys:
        """The keys stored as ``data``."""
        return cls(primary=data["primary"], secondary=data["secondary"])


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

    def to_json(self) -> Json:
        return {
            "subscription": self.subscription,
            "name": self.name,
            "label": self.label,
            "description": self.description,
            "location": self.location,
            "affinity_group": self.affinity_group,
            "account_type": self.account_type,
            "extended_properties": dict(self.extended_properties),
            "created": self.created,
            "keys": self.keys.to_json(),
        }

    @classmethod
    def from_json(cls, data: Json) -> StorageAccountRecord:
        return cls(
            subscription=data["subscription"],
            name=data["name"],
            label=data["label"],
            description=data["description"],
            location=data["location"],
            affinity_group=data["affinity_group"],
            account_type=data["account_type"],
            extended_properties=dict(data["extended_properties"]),
            created=data["created"],
            keys=StorageKeys.from_json(data["keys"]),
        )


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

    def to_json(self) -> Json:
        return {
            "subscription": self.subscription,
            "name": self.name,
            "label": self.label,
            "description": self.description,
            "location": self.location,
            "created": self.created,
        }

    @classmethod
    def from_json(cls, data: Json) -> AffinityGroupRecord:
        return cls(
            subscription=data["subscription"],
            name=data["name"],
            label=data["label"],
            description=data["description"],
            location=data["location"],
            created=data["created"],
        )


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

    @property
    def key(self) -> str:
        return image_key(self.subscription, self.name)

    def to_json(self) -> Json:
        return {
            "subscription": self.subscription,
            "name": self.name,
            "label": self.label,
            "media_link": self.media_link,
            "os": self.os,
            "description": self.description,
            "image_family": self.image_family,
            "publisher": self.publisher,
            "size": self.size,
            "published": self.published,
            "recommended_size": self.recommended_size,
        }

    @classmethod
    def from_json(cls, data: Json) -> ImageRecord:
        return cls(
            subscription=data["subscription"],
            name=data["name"],
            label=data["label"],
            os=data["os"],
            media_link=data.get("media_link") or "",
            description=data.get("description", ""),
            image_family=data.get("image_family", ""),
            publisher=data.get("publisher", ""),
            size=int(data.get("size", 30)),
            published=data.get("published", ""),
            recommended_size=data.get("recommended_size", ""),
        )


# -- operations ------------------------------------------------------------------------------


@_record
class OperationFailure:
    """How a failed operation ends: the ``<Error>`` of its status and its HTTP status code."""

    code: str
    message: str
    http_status: int

    def to_json(self) -> Json:
        """The stored JSON object."""
        return {"code": self.code, "message": self.message, "http_status": self.http_status}

    @classmethod
    def from_json(cls, data: Json) -> OperationFailure:
        """The failure stored as ``data``."""
        return cls(code=data["code"], message=data["message"], http_status=int(data["http_status"]))


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
    polls_needed: int | None
    polls: int = 0
    puts: tuple[Record, ...] = ()
    deletes: tuple[Ref, ...] = ()
    lock: str | None = None
    failure: OperationFailure | None = None
    http_status: int | None = None
    error: OperationFailure | None = None

    @property
    def key(self) -> str:
        return self.id

    @property
    def in_progress(self) -> bool:
        """Whether the operation has not completed yet."""
        return self.status == "InProgress"

    def to_json(self) -> Json:
        return {
            "id": self.id,
            "subscription": self.subscription,
            "kind": self.kind,
            "status": self.status,
            "created": self.created,
            "latency": self.latency,
            "polls_needed": self.polls_needed,
            "polls": self.polls,
            "puts": [[r.KIND, r.key, r.to_json()] for r in self.puts],
            "deletes": [[ref.kind, ref.key] for ref in self.deletes],
            "lock": self.lock,
            "failure": self.failure.to_json() if self.failure is not None else None,
            "http_status": self.http_status,
            "error": self.error.to_json() if self.error is not None else None,
        }

    @classmethod
    def from_json(cls, data: Json) -> OperationRecord:
        failure, error = data.get("failure"), data.get("error")
        return cls(
            id=data["id"],
            subscription=data["subscription"],
            kind=data["kind"],
            status=data["status"],
            created=float(data["created"]),
            latency=float(data["latency"]),
            polls_needed=data["polls_needed"],
            polls=int(data.get("polls", 0)),
            puts=tuple(decode(kind, put) for kind, _key, put in data.get("puts", [])),
            deletes=tuple(Ref(kind, key) for kind, key in data.get("deletes", [])),
            lock=data.get("lock"),
            failure=OperationFailure.from_json(failure) if failure else None,
            http_status=data.get("http_status"),
            error=OperationFailure.from_json(error) if error else None,
        )


# -- registered certificates -------------------------------------------------------------------


@_record
class CertificateRecord(Record):
    """A management certificate registered for a subscription (DER), with its SHA-1 thumbprint."""

    KIND: ClassVar[str] = "certificate"
    subscription: str
    der: bytes = field(repr=False)
    thumbprint: str

    @property
    def key(self) -> str:
        return f"{self.subscription}/{self.thumbprint}"

    def to_json(self) -> Json:
        return {"subscription": self.subscription, "der": self.der.hex(), "thumbprint": self.thumbprint}

    @classmethod
    def from_json(cls, data: Json) -> CertificateRecord:
        der = bytes.fromhex(data["der"])
        thumbprint = data.get("thumbprint") or hashlib.sha1(der).hexdigest().upper()
        return cls(subscription=data["subscription"], der=der, thumbprint=thumbprint)


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
    )
}
"""Every kind of record, by ``KIND`` (the store's kind column)."""


def decode(kind: str, data: Json) -> Record:
    """The record of ``kind`` stored as ``data`` (``KeyError`` for an unknown kind)."""
    return RECORD_TYPES[kind].from_json(data)
