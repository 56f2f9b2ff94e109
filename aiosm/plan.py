"""A plan: the resources that should exist, written as Python objects or loaded from TOML or JSON.

::

    from aiosm.plan import AffinityGroupSpec, CloudServiceSpec, Plan, StorageAccountSpec, load_plan

    plan = Plan([
        AffinityGroupSpec(name="web", location="West US"),
        CloudServiceSpec(name="web-frontend", affinity_group="web"),
        StorageAccountSpec(name="webdata", affinity_group="web"),
    ])
    plan = load_plan("plan.toml")  # the same, from a file

A file holds one array of tables per kind (``affinity_groups``, ``cloud_services``,
``storage_accounts``, ``deployments``, ``virtual_machines``); each table has the
fields of the matching ``*Spec`` class. TOML needs Python 3.11 or later (the standard
library's ``tomllib``); JSON works everywhere. Every spec is checked when it is made,
so a bad plan fails before any request is sent.

Each resource has a ``key`` (``"cloud_service/web-frontend"``) that names it in the
diff, the journal and the results, and the keys of the plan resources it needs
(``depends_on``): an affinity group before what is placed in it, a cloud service
before its deployments.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from . import validation as v
from .errors import InvalidInputError

__all__ = [
    "KINDS",
    "AffinityGroupSpec",
    "CloudServiceSpec",
    "DeploymentSpec",
    "Plan",
    "ResourceSpec",
    "StorageAccountSpec",
    "VirtualMachineSpec",
    "load_plan",
]


class ResourceSpec(BaseModel):
    """Base of the plan's resource specs: immutable, unknown fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise _invalid_input(error) from None

    kind: ClassVar[str] = ""
    """The resource kind (``cloud_service``...), the first part of ``key``."""
    section: ClassVar[str] = ""
    """The plan file's array holding this kind (``cloud_services``...)."""
    tier: ClassVar[int] = 0
    """Creation order: lower tiers first (deletion runs the other way)."""

    @property
    def key(self) -> str:
        """``<kind>/<identity>``: unique in a plan, stable across runs."""
        return f"{self.kind}/{self.identity()}"

    def identity(self) -> str:
        """What names the resource on the service."""
        raise NotImplementedError

    @property
    def depends_on(self) -> list[str]:
        """Keys of the resources this one needs first (when they are in the same plan)."""
        return []

    def locator(self) -> dict[str, str]:
        """The fields that find the resource again (kept in the journal; never secrets)."""
        return {"kind": self.kind}


def _placement_key(affinity_group: str | None) -> list[str]:
    return [f"affinity_group/{affinity_group.lower()}"] if affinity_group else []


class AffinityGroupSpec(ResourceSpec):
    """An affinity group; ``label`` defaults to the name. Label and description can be updated."""

    kind: ClassVar[str] = "affinity_group"
    section: ClassVar[str] = "affinity_groups"
    tier: ClassVar[int] = 0

    name: str
    location: str
    label: str | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _check(self) -> AffinityGroupSpec:
        v.path_segment("name", self.name)
        v.required("location", self.location)
        v.label(self.label or self.name)
        v.description(self.description)
        return self

    def identity(self) -> str:
        return self.name.lower()

    def locator(self) -> dict[str, str]:
        return {"kind": self.kind, "name": self.name}


class CloudServiceSpec(ResourceSpec):
    """A cloud (hosted) service in a location or an affinity group. Label and description can be updated."""

    kind: ClassVar[str] = "cloud_service"
    section: ClassVar[str] = "cloud_services"
    tier: ClassVar[int] = 1

    name: str
    location: str | None = None
    affinity_group: str | None = None
    label: str | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _check(self) -> CloudServiceSpec:
        v.hosted_service_name(self.name, "name")
        v.location_or_affinity_group(self.location, self.affinity_group)
        v.label(self.label or self.name)
        v.description(self.description)
        return self

    def identity(self) -> str:
        return self.name.lower()

    @property
    def depends_on(self) -> list[str]:
        """The affinity group it is placed in, if any."""
        return _placement_key(self.affinity_group)

    def locator(self) -> dict[str, str]:
        return {"kind": self.kind, "name": self.name}


class StorageAccountSpec(ResourceSpec):
    """A storage account in a location or an affinity group.

    Label, description and ``account_type`` can be updated.
    """

    kind: ClassVar[str] = "storage_account"
    section: ClassVar[str] = "storage_accounts"
    tier: ClassVar[int] = 1

    name: str
    location: str | None = None
    affinity_group: str | None = None
    label: str | None = None
    description: str | None = None
    account_type: Literal["Standard_LRS", "Standard_ZRS", "Standard_GRS", "Standard_RAGRS"] = "Standard_GRS"

    @model_validator(mode="after")
    def _check(self) -> StorageAccountSpec:
        v.storage_account_name(self.name, "name")
        v.location_or_affinity_group(self.location, self.affinity_group)
        v.label(self.label or self.name)
        v.description(self.description)
        return self

    def identity(self) -> str:
        return self.name

    @property
    def depends_on(self) -> list[str]:
        """The affinity group it is placed in, if any."""
        return _placement_key(self.affinity_group)

    def locator(self) -> dict[str, str]:
        return {"kind": self.kind, "name": self.name}


class _InCloudService(ResourceSpec):
    """A resource deployed to a cloud service (``service``), which it needs first."""

    service: str

    @property
    def depends_on(self) -> list[str]:
        """The cloud service it is deployed to."""
        return [f"cloud_service/{self.service.lower()}"]


class DeploymentSpec(_InCloudService):
    """A cloud-service deployment (package + configuration) in a slot of ``service``.

    ``configuration`` is the .cscfg text; in a file, ``configuration_file`` (relative
    to the plan file) may name it instead. ``running`` and ``configuration`` can be
    updated; another ``name`` in the slot is a conflict the plan does not resolve.
    """

    kind: ClassVar[str] = "deployment"
    section: ClassVar[str] = "deployments"
    tier: ClassVar[int] = 2

    service: str
    name: str
    package_url: str
    configuration: str
    slot: Literal["production", "staging"] = "production"
    label: str | None = None
    running: bool = True

    @model_validator(mode="before")
    @classmethod
    def _normalize_slot(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("slot"), str):
            return {**data, "slot": data["slot"].lower()}
        return data

    @model_validator(mode="after")
    def _check(self) -> DeploymentSpec:
        v.path_segment("service", self.service)
        v.path_segment("name", self.name)
        v.required("package_url", self.package_url)
        v.required("configuration", self.configuration)
        v.label(self.label or self.name)
        return self

    def identity(self) -> str:
        return f"{self.service.lower()}/{self.slot}"

    def locator(self) -> dict[str, str]:
        return {"kind": self.kind, "service": self.service, "slot": self.slot, "name": self.name}


class VirtualMachineSpec(_InCloudService):
    """A Linux virtual machine: a production deployment ``name`` holding one role, in ``service``.

    The password is read from the environment variable ``password_env`` when the VM
    is created, so it is never in the plan, the journal or the output. A VM that
    exists is left as it is (``role_size`` differing is reported as a conflict).
    """

    kind: ClassVar[str] = "virtual_machine"
    section: ClassVar[str] = "virtual_machines"
    tier: ClassVar[int] = 2

    service: str
    name: str
    image: str
    media_link: str
    role_name: str | None = None
    role_size: str = "Small"
    label: str | None = None
    host_name: str | None = None
    user_name: str = "azureuser"
    password_env: str = "AIOSM_VM_PASSWORD"

    @model_validator(mode="after")
    def _check(self) -> VirtualMachineSpec:
        v.path_segment("service", self.service)
        v.path_segment("name", self.name)
        v.path_segment("role_name", self.role_name or self.name)
        v.required("image", self.image)
        v.required("media_link", self.media_link)
        v.label(self.label or self.name)
        v.required("password_env", self.password_env)
        return self

    def identity(self) -> str:
        return f"{self.service.lower()}/production"

    def locator(self) -> dict[str, str]:
        return {"kind": self.kind, "service": self.service, "slot": "production", "name": self.name}


KINDS: dict[str, type[ResourceSpec]] = {
    spec.section: spec
    for spec in (AffinityGroupSpec, CloudServiceSpec, StorageAccountSpec, DeploymentSpec, VirtualMachineSpec)
}
"""The plan file's sections and the spec class of each."""


class Plan:
    """The desired resources, in order; keys must be unique.

    A deployment and a virtual machine share a key when they name the same
    production slot, so a plan cannot hold both.
    """

    def __init__(self, resources: Iterable[ResourceSpec]) -> None:
        self.resources: list[ResourceSpec] = list(resources)
        seen: set[str] = set()
        for index, spec in enumerate(self.resources):
            if not isinstance(spec, ResourceSpec) or type(spec) is ResourceSpec:
                raise InvalidInputError(f"resources[{index}]", "must be a *Spec of aiosm.plan")
            if spec.key in seen:
                raise InvalidInputError(f"resources[{index}]", f"{spec.key} appears twice in the plan")
            seen.add(spec.key)

    def __len__(self) -> int:
        return len(self.resources)

    def __repr__(self) -> str:
        return f"<Plan {len(self.resources)} resources>"

    def by_key(self) -> dict[str, ResourceSpec]:
        """The resources by key."""
        return {spec.key: spec for spec in self.resources}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, base_dir: str | os.PathLike[str] | None = None) -> Plan:
        """A plan from parsed TOML/JSON: ``{"cloud_services": [{...}], ...}``.

        ``base_dir`` resolves deployments' ``configuration_file`` (default: the current directory).
        """
        if not isinstance(data, Mapping):
            raise InvalidInputError("plan", "must be a table (object) of resource arrays")
        unknown = sorted(set(data) - set(KINDS) - {"version"})
        if unknown:
            raise InvalidInputError(
                "plan", f"unknown section(s) {', '.join(unknown)}; use {', '.join(KINDS)}"
            )
        resources: list[ResourceSpec] = []
        for section, spec_class in KINDS.items():
            entries = data.get(section, [])
            if not isinstance(entries, list):
                raise InvalidInputError(section, "must be an array of tables")
            for index, entry in enumerate(entries):
                where = f"{section}[{index}]"
                if not isinstance(entry, Mapping):
                    raise InvalidInputError(where, "must be a table")
                fields = dict(entry)
                if spec_class is DeploymentSpec and "configuration_file" in fields:
                    fields["configuration"] = _read_configuration(
                        where, fields.pop("configuration_file"), base_dir
                    )
                resources.append(_build(spec_class, fields, where))
        return cls(resources)

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        """The plan as the JSON/TOML structure :meth:`from_dict` reads."""
        data: dict[str, list[dict[str, Any]]] = {}
        for spec in self.resources:
            data.setdefault(spec.section, []).append(spec.model_dump(exclude_defaults=True))
        return data


def _invalid_input(error: ValidationError) -> InvalidInputError:
    first = error.errors()[0]
    inner = first.get("ctx", {}).get("error")
    if isinstance(inner, InvalidInputError):
        return inner
    location = ".".join(str(part) for part in first["loc"])
    return InvalidInputError(location or "plan", first["msg"])


def _build(spec_class: type[ResourceSpec], fields: dict[str, Any], where: str) -> ResourceSpec:
    try:
        return spec_class(**fields)
    except InvalidInputError as error:
        raise InvalidInputError(f"{where}.{error.field}", error.rule) from None


def _read_configuration(where: str, name: Any, base_dir: str | os.PathLike[str] | None) -> str:
    if not isinstance(name, str) or not name:
        raise InvalidInputError(f"{where}.configuration_file", "must be a file name")
    path = Path(base_dir or ".") / name
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInputError(
            f"{where}.configuration_file", f"cannot read {path}: {exc.strerror}"
        ) from None


def load_plan(path: str | os.PathLike[str]) -> Plan:
    """Read a plan from a ``.toml`` or ``.json`` file (by its suffix; anything else is read as JSON)."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise InvalidInputError("plan", f"cannot read {file}: {exc.strerror}") from None
    if file.suffix.lower() == ".toml":
        data = _parse_toml(file, raw)
    else:
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise InvalidInputError("plan", f"{file} is not valid JSON: {exc}") from None
    return Plan.from_dict(data, base_dir=file.parent)


def _parse_toml(file: Path, raw: bytes) -> Any:
    if sys.version_info < (3, 11):
        raise InvalidInputError(
            "plan", f"{file}: TOML plans need Python 3.11+ (tomllib); write the plan as JSON on Python 3.10"
        )
    import tomllib

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInputError("plan", f"{file} is not valid TOML: {exc}") from None
