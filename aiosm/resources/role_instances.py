"""``session.role_instances``: role instances of a deployment: reboot, reimage, rebuild, delete, and
waiting until they are ready."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from typing import Annotated, Any

from .. import validation as v
from ..errors import AsmError, InvalidInputError, RoleInstancesNotReadyError, is_transient
from ..models.deployments import Deployment, RoleInstance
from ..models.role_instances import RoleInstances
from ..operation import LONG_RUNNING, legacy, operation, spec_of
from ..operations import AsyncOperation, _within
from ._base import ResourceClient
from .deployments import LOCK, DeploymentName, DeploymentsClient
from .hosted_services import ServiceName

__all__ = ["READY", "RoleInstancesClient", "RoleInstancesLegacy"]

READY = "ReadyRole"
"""The ``InstanceStatus`` of a role instance that is up and answering (its role's ``OnStart`` done)."""

_DEP = "/services/hostedservices/{service_name}/deployments/{deployment_name}"
_INSTANCE = _DEP + "/roleinstances/{role_instance_name}"
_UNSET: Any = object()
_LAST_POLL_GRACE = 1.0
_HAS_TIMEOUT = sys.version_info >= (3, 11)


def _instance_names(field: str, value: Any) -> list[str]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or not value:
        raise InvalidInputError(field, "must be a non-empty list of role instance names")
    return [v.string(field, v.required(field, name)) for name in value]


ROLE_INSTANCE_NAMES = v.Rule(_instance_names, "a non-empty list of role instance names")
"""The instances Delete Role Instances names: at least one name."""
RoleInstanceName = Annotated[str, v.SEGMENT]


class RoleInstancesClient(ResourceClient):
    """Role instances of a deployment: reboot, reimage, rebuild, delete, and waiting until they are ready.

    A role instance of a cloud service is named ``<role>_IN_<n>``; a virtual machine's one
    instance has the VM's role name. The instances and their ``InstanceStatus`` are read from
    Get Deployment (``session.deployments.get_by_name``).
    """

    @operation(
        "POST",
        _INSTANCE,
        query={"comp": "reboot"},
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="reboot_role_instance",
        example={"service_name": "mysvc", "deployment_name": "v1", "role_instance_name": "WebRole1_IN_0"},
    )
    async def reboot(
        self, service_name: ServiceName, deployment_name: DeploymentName, role_instance_name: RoleInstanceName
    ) -> AsyncOperation:
        """Reboot a role instance. It is not ``ReadyRole`` while it restarts: see :meth:`wait_until_ready`."""

    @operation(
        "POST",
        _INSTANCE,
        query={"comp": "reimage"},
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="reimage_role_instance",
        example={"service_name": "mysvc", "deployment_name": "v1", "role_instance_name": "WebRole1_IN_0"},
    )
    async def reimage(
        self, service_name: ServiceName, deployment_name: DeploymentName, role_instance_name: RoleInstanceName
    ) -> AsyncOperation:
        """Reinstall the operating system of a web or worker role instance (its local storage is kept)."""

    @operation(
        "POST",
        _INSTANCE,
        query={"comp": "rebuild", "resources": "allLocalDrives"},
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="rebuild_role_instance",
        example={"service_name": "mysvc", "deployment_name": "v1", "role_instance_name": "WebRole1_IN_0"},
    )
    async def rebuild(
        self, service_name: ServiceName, deployment_name: DeploymentName, role_instance_name: RoleInstanceName
    ) -> AsyncOperation:
        """Reinstall the operating system of a role instance and initialize its local storage
        (``resources=allLocalDrives``); :meth:`reimage` keeps the local storage."""

    @operation(
        "POST",
        _DEP + "/roleinstances/",
        query={"comp": "delete"},
        body=RoleInstances,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="delete_role_instances",
        example={
            "service_name": "mysvc",
            "deployment_name": "v1",
            "role_instance_names": ["WebRole1_IN_1", "WebRole1_IN_2"],
        },
    )
    async def delete(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        role_instance_names: Annotated[list[str], ROLE_INSTANCE_NAMES],
    ) -> AsyncOperation:
        """Delete role instances of a deployment (every name must be one of its instances)."""

    async def wait_until_ready(
        self,
        service_name: str,
        deployment_name: str,
        status: str = READY,
        *,
        role_name: str | None = None,
        timeout: float | None = _UNSET,
    ) -> list[RoleInstance]:
        """Poll Get Deployment until every role instance (of ``role_name``, or all) has ``status``.

        Returns those role instances. A long operation that ``Succeeded`` (creating a deployment
        or a VM, rebooting, upgrading) means the service *accepted and applied* the change, not
        that the instances are up: a VM still boots and a web role runs its ``OnStart`` after
        that, in statuses such as ``RoleStateUnknown``, ``StartingVM``, ``BusyRole``. Wait for
        the operation first, then for the instances::

            await (await session.role_instances.reboot("svc", "v1", "WebRole1_IN_0"))
            await session.role_instances.wait_until_ready("svc", "v1")

        Polls with the session's :class:`~aiosm.operations.PollPolicy` (growing, jittered
        intervals, so many waiters do not wake together); a transient failure of one poll does
        not end the wait. Raises :class:`~aiosm.errors.RoleInstancesNotReadyError`, carrying the
        last status seen of each instance, when ``timeout`` seconds (default: the policy's
        ``timeout``; ``None``: no limit) pass first, and
        :class:`~aiosm.errors.NotFoundError` when the deployment does not exist.
        """
        v.path_segment("service_name", service_name)
        v.path_segment("deployment_name", deployment_name)
        if not isinstance(status, str) or not status:
            raise InvalidInputError("status", "must be a role instance status such as 'ReadyRole'")
        policy = self._operations.poll
        if timeout is _UNSET:
            timeout = policy.timeout
        if timeout is not None and (isinstance(timeout, bool) or not timeout >= 0):
            raise InvalidInputError("timeout", "must be a number of seconds, at least 0, or None")
        get = spec_of(DeploymentsClient.get_by_name)
        assert get is not None
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        intervals = policy.intervals()
        last: dict[str, str] = {}

        def not_ready() -> RoleInstancesNotReadyError:
            return RoleInstancesNotReadyError(
                service_name, deployment_name, status, float(timeout or 0), last
            )

        while True:
            values = {"service_name": service_name, "deployment_name": deployment_name}
            try:
                deployment: Deployment
                if deadline is None:
                    deployment = await self._call(get, values)
                else:
                    budget = max(deadline - loop.time(), _LAST_POLL_GRACE)
                    if _HAS_TIMEOUT:
                        async with asyncio.timeout(budget):
                            deployment = await self._call(get, values)
                    else:
                        deployment = await _within(self._call(get, values), budget)
            except asyncio.TimeoutError:
                raise not_ready() from None
            except AsmError as error:
                if not is_transient(error):
                    raise
            else:
                instances = [
                    i for i in deployment.role_instance_list if role_name is None or i.role_name == role_name
                ]
                last = {i.instance_name: i.instance_status for i in instances}
                if instances and all(i.instance_status == status for i in instances):
                    return instances
            delay = next(intervals)
            if deadline is not None:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise not_ready()
                delay = min(delay, remaining)
            await asyncio.sleep(delay)


class RoleInstancesLegacy:
    """Legacy facade methods of this family."""

    reboot_role_instance = legacy(RoleInstancesClient.reboot)
    reimage_role_instance = legacy(RoleInstancesClient.reimage)
    rebuild_role_instance = legacy(RoleInstancesClient.rebuild)
    delete_role_instances = legacy(RoleInstancesClient.delete)
