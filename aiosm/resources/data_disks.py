"""``session.data_disks``: data disks of a VM role, by LUN."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from .. import validation as v
from ..errors import InvalidInputError
from ..models.data_disks import DataDisk, HostCaching
from ..models.virtual_machines import DataVirtualHardDisk
from ..operation import LONG_RUNNING, OperationSpec, flag, legacy, operation
from ..operations import AsyncOperation
from ._base import ResourceClient
from .deployments import LOCK, DeploymentName
from .disks import LeaseRetry
from .hosted_services import ServiceName

__all__ = ["LUN", "MAX_LUN", "DataDisksClient", "DataDisksLegacy"]

MAX_LUN = 31
"""The highest LUN: a role has slots 0-31 (how many it may fill depends on its size)."""
MAX_DISK_SIZE_GB = 1023
"""The largest classic data disk, in GB."""


def _lun(field: str, value: Any) -> int:
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 2:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_LUN:
        raise InvalidInputError(field, f"must be a whole number from 0 to {MAX_LUN}")
    return value


def _optional_lun(field: str, value: Any) -> int | None:
    return None if value is None else _lun(field, value)


def _size(field: str, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DISK_SIZE_GB:
        raise InvalidInputError(field, f"must be a whole number of GB from 1 to {MAX_DISK_SIZE_GB}")
    return value


LUN = v.Rule(_lun, f"a LUN, 0-{MAX_LUN}", service_message=f"The LUN must be between 0 and {MAX_LUN}.")
OPTIONAL_LUN = v.Rule(
    _optional_lun, f"a LUN, 0-{MAX_LUN}", service_message=f"The LUN must be between 0 and {MAX_LUN}."
)
SIZE = v.Rule(_size, f"1-{MAX_DISK_SIZE_GB} GB", service_message="The data disk size is invalid.")
RoleName = Annotated[str, v.SEGMENT]
Lun = Annotated[int, LUN]
Caching = Annotated[str | None, v.choice_rule(HostCaching, optional=True, value=True)]
Text = Annotated[str | None, v.OPTIONAL_STRING]
_DISKS = "/services/hostedservices/{service_name}/deployments/{deployment_name}/roles/{role_name}/DataDisks"
_EXAMPLE = {"service_name": "mysvc", "deployment_name": "myvm", "role_name": "myvm", "lun": 1}
LEASE_RETRIED = frozenset({"data_disks.add", "data_disks.delete"})


def _check_source(values: Mapping[str, Any]) -> None:
    """A new data disk is an existing disk (``disk_name``), a copy of a blob (``source_media_link``) or
    an empty disk of a size (``logical_disk_size_in_gb``)."""
    if not (values["disk_name"] or values["source_media_link"] or values["logical_disk_size_in_gb"]):
        raise InvalidInputError(
            "disk_name/source_media_link/logical_disk_size_in_gb",
            "give an existing disk_name, a source_media_link, or the logical_disk_size_in_gb of a new disk",
        )


def _update_body(values: Mapping[str, Any]) -> DataVirtualHardDisk:
    return DataVirtualHardDisk(
        host_caching=values["host_caching"],
        disk_label=values["disk_label"],
        disk_name=values["disk_name"],
        lun=values["updated_lun"],
        logical_disk_size_in_gb=values["logical_disk_size_in_gb"],
        media_link=values["media_link"],
    )


class DataDisksClient(ResourceClient):
    """Data disks attached to a VM role, by LUN (0-31)."""

    lease_retry: LeaseRetry = LeaseRetry()
    """How :meth:`add` (attaching a disk by name) and :meth:`delete` wait out a storage lease."""

    async def _call(self, spec: OperationSpec, values: dict[str, Any]) -> Any:
        if spec.name in LEASE_RETRIED:
            return await self.lease_retry.run(lambda: super(DataDisksClient, self)._call(spec, dict(values)))
        return await super()._call(spec, values)

    @operation("GET", _DISKS + "/{lun}", answer=DataDisk, lock=LOCK, legacy="get_data_disk", example=_EXAMPLE)
    async def get(
        self, service_name: ServiceName, deployment_name: DeploymentName, role_name: RoleName, lun: Lun
    ) -> DataDisk:
        """The data disk at a LUN of a VM role."""

    @operation(
        "POST",
        _DISKS,
        body=DataVirtualHardDisk,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        checks=(_check_source,),
        legacy="add_data_disk",
        example={**_EXAMPLE, "host_caching": "ReadOnly", "disk_label": "data", "logical_disk_size_in_gb": 10},
    )
    async def add(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        role_name: RoleName,
        lun: Lun,
        host_caching: Caching = None,
        media_link: Text = None,
        disk_label: Text = None,
        disk_name: Text = None,
        logical_disk_size_in_gb: Annotated[int | None, SIZE] = None,
        source_media_link: Text = None,
    ) -> AsyncOperation:
        """Attach a data disk at ``lun``: an existing disk of the repository (``disk_name``), a copy of a
        VHD (``source_media_link``), or a new empty disk of ``logical_disk_size_in_gb`` (stored at
        ``media_link``, or where the service chooses)."""

    @operation(
        "PUT",
        _DISKS + "/{lun}",
        body=DataVirtualHardDisk,
        build=_update_body,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="update_data_disk",
        example={**_EXAMPLE, "host_caching": "ReadWrite", "updated_lun": 2},
    )
    async def update(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        role_name: RoleName,
        lun: Lun,
        host_caching: Caching = None,
        media_link: Text = None,
        updated_lun: Annotated[int | None, OPTIONAL_LUN] = None,
        disk_label: Text = None,
        disk_name: Text = None,
        logical_disk_size_in_gb: Annotated[int | None, SIZE] = None,
    ) -> AsyncOperation:
        """Change the data disk at ``lun``: its host caching, label, size (only up), or LUN
        (``updated_lun``). ``disk_name`` and ``media_link``, when given, must be the disk's own."""

    @operation(
        "DELETE",
        _DISKS + "/{lun}",
        query={"comp": flag("delete_vhd", "media")},
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="delete_data_disk",
        example={**_EXAMPLE, "delete_vhd": True},
    )
    async def delete(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        role_name: RoleName,
        lun: Lun,
        delete_vhd: bool = False,
    ) -> AsyncOperation:
        """Detach the data disk at ``lun``: it stays in the disk repository, unless ``delete_vhd=True``
        also deletes it and its blob."""


class DataDisksLegacy:
    """Legacy facade methods of this family."""

    get_data_disk = legacy(DataDisksClient.get)
    add_data_disk = legacy(DataDisksClient.add)
    update_data_disk = legacy(DataDisksClient.update)
    delete_data_disk = legacy(DataDisksClient.delete)
