"""``session.disks``: the subscription's disk repository.

Beyond the legacy SDK, :meth:`DisksClient.delete` waits out the storage lease a deleted virtual
machine leaves on its disks: see :class:`LeaseRetry`.
"""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import asyncio
import builtins
import logging
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from .. import validation as v
from ..errors import AsmHttpError, InvalidInputError
from ..models.disks import AddDisk, Disk, DiskList, UpdateDisk
from ..models.os_images import OperatingSystemType
from ..operation import LONG_RUNNING, OperationSpec, flag, legacy, operation, same_operation
from ..operations import AsyncOperation
from ._base import ResourceClient

if TYPE_CHECKING:
    from ..session import ServiceManagementSession

__all__ = ["DisksClient", "DisksLegacy", "LeaseRetry", "is_lease_conflict"]

log = logging.getLogger("aiosm")
_T = TypeVar("_T")
_IN_USE = re.compile(r"is currently in use by virtual machine", re.I)
_DISK_NAME = re.compile(r"^[A-Za-z0-9_.-]{0,255}[A-Za-z0-9_]$")


def is_lease_conflict(error: BaseException) -> bool:
    """Whether ``error`` is the service's answer for a disk a virtual machine still holds: 400 (or
    409) "A disk with name ... is currently in use by virtual machine ...". Azure gives it while the
    disk is attached, and for some moments after its virtual machine (role or deployment) is deleted,
    until the storage lease on the VHD is released."""
    return (
        isinstance(error, AsmHttpError) and error.status in (400, 409) and bool(_IN_USE.search(error.message))
    )


@dataclass(frozen=True)
class LeaseRetry:
    """How ``disks.delete`` (and ``data_disks.add``/``delete``) wait out a disk's storage lease.

    Only the lease conflict (:func:`is_lease_conflict`) is retried, and at most ``attempts`` calls are
    made in all: the first after ``initial`` seconds, each wait ``multiplier`` times longer up to
    ``maximum``. A disk still attached to a running VM gives the same answer, so the last one is
    raised once the attempts are spent. ``LeaseRetry(attempts=1)`` turns retrying off. Set it per
    client: ``session.disks.lease_retry = LeaseRetry(attempts=10)`` (a ``session.with_options()``
    view has its own clients, with the default).
    """

    attempts: int = 6
    initial: float = 2.0
    multiplier: float = 2.0
    maximum: float = 30.0

    def __post_init__(self) -> None:
        if isinstance(self.attempts, bool) or not isinstance(self.attempts, int) or self.attempts < 1:
            raise InvalidInputError("lease_retry.attempts", "must be a whole number, at least 1")
        if not (self.initial >= 0 and self.maximum >= 0 and self.multiplier >= 1):
            raise InvalidInputError("lease_retry", "waits must not be negative and multiplier >= 1")

    def delays(self) -> Iterator[float]:
        """The waits between attempts (``attempts - 1`` of them)."""
        delay = self.initial
        for _ in range(self.attempts - 1):
            yield min(delay, self.maximum)
            delay *= self.multiplier

    async def run(self, call: Callable[[], Awaitable[_T]]) -> _T:
        """``await call()``, again after each lease conflict while attempts remain."""
        for delay in self.delays():
            try:
                return await call()
            except AsmHttpError as error:
                if not is_lease_conflict(error):
                    raise
                log.info("aiosm: disk still leased (%s); retrying in %.1f s", error.message, delay)
                await asyncio.sleep(delay)
        return await call()


DiskName = Annotated[str, v.SEGMENT]


def _disk_name(field: str, value: Any) -> str:
    v.path_segment(field, value)
    if not _DISK_NAME.match(value):
        raise InvalidInputError(
            field, "must be 1-256 letters, digits, '_', '.' and '-', not ending with '.' or '-'"
        )
    return str(value)


NEW_DISK_NAME = v.Rule(
    _disk_name, "1-256 letters, digits, '_', '.', '-'", service_message="The disk name is invalid."
)
_DISK = "/services/disks/{disk_name}"
_ADD_EXAMPLE = {
    "label": "my data disk",
    "media_link": "https://store.blob.core.windows.net/vhds/mydisk.vhd",
    "name": "mydisk",
    "os": "Linux",
}
LEASE_RETRIED = frozenset({"disks.delete"})


class DisksClient(ResourceClient):
    """The subscription's disk repository: OS and data disks (VHDs) that roles can attach."""

    lease_retry: LeaseRetry = LeaseRetry()
    """How :meth:`delete` waits out a deleted VM's storage lease (see :class:`LeaseRetry`)."""

    async def _call(self, spec: OperationSpec, values: dict[str, Any]) -> Any:
        if spec.name in LEASE_RETRIED:
            return await self.lease_retry.run(lambda: super(DisksClient, self)._call(spec, dict(values)))
        return await super()._call(spec, values)

    @operation("GET", "/services/disks", answer=DiskList, unwrap="disks", legacy="list_disks")
    async def list(self) -> builtins.list[Disk]:
        """Every disk of the repository, with the VM each is attached to (``attached_to``)."""

    @operation("GET", _DISK, answer=Disk, legacy="get_disk", example={"disk_name": "mydisk"})
    async def get(self, disk_name: DiskName) -> Disk:
        """One disk: its VHD, size, OS (empty for a data disk) and the VM it is attached to."""

    @operation(
        "POST", "/services/disks", body=AddDisk, answer=LONG_RUNNING, legacy="add_disk", example=_ADD_EXAMPLE
    )
    async def add(
        self,
        label: Annotated[str, v.LABEL],
        media_link: Annotated[str, v.REQUIRED_STRING],
        name: Annotated[str, NEW_DISK_NAME],
        os: Annotated[str | None, v.choice_rule(OperatingSystemType, optional=True)] = None,
    ) -> AsyncOperation:
        """Register a VHD blob (``media_link``) as a disk: an OS disk when ``os`` is ``Linux`` or
        ``Windows``, a data disk when it is ``None``. Completes at once (the service answers 200)."""

    @operation(
        "PUT",
        _DISK,
        body=UpdateDisk,
        answer=LONG_RUNNING,
        legacy="update_disk",
        example={"disk_name": "mydisk", "label": "new label"},
    )
    async def update(
        self,
        disk_name: DiskName,
        has_operating_system: bool | None = None,
        label: Annotated[str | None, v.LABEL] = None,
        media_link: str | None = None,
        name: str | None = None,
        os: str | None = None,
    ) -> AsyncOperation:
        """Change a disk's label (required). ``has_operating_system``, ``media_link``, ``name`` and ``os``
        are there for the legacy signature: the service deprecated them and they are not sent."""

    @operation(
        "DELETE",
        _DISK,
        query={"comp": flag("delete_vhd", "media")},
        answer=LONG_RUNNING,
        legacy="delete_disk",
        example={"disk_name": "mydisk", "delete_vhd": True},
    )
    async def delete(self, disk_name: DiskName, delete_vhd: bool = False) -> AsyncOperation:
        """Delete a disk no VM uses; ``delete_vhd=True`` also deletes its blob. While a just-deleted VM's
        storage lease still holds the disk, the call is retried (:attr:`lease_retry`)."""


class DisksLegacy:
    """Legacy facade methods of this family (``add_disk`` drops the deprecated ``has_operating_system``)."""

    if TYPE_CHECKING:
        session: ServiceManagementSession

    list_disks = legacy(DisksClient.list)
    get_disk = legacy(DisksClient.get)
    update_disk = legacy(DisksClient.update)
    delete_disk = legacy(DisksClient.delete)

    @same_operation("disks.add")
    async def add_disk(
        self, has_operating_system: Any, label: str, media_link: str, name: str, os: str | None
    ) -> AsyncOperation:
        """Register a VHD as a disk (``has_operating_system`` is deprecated and ignored: ``os`` tells an
        OS disk). The legacy name of ``session.disks.add``."""
        return await self.session.disks.add(label, media_link, name, os)
