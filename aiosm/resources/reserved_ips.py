"""``session.reserved_ips``: reserved IP addresses."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import builtins
from typing import Annotated

from .. import validation as v
from ..models.reserved_ips import CreateReservedIP, ReservedIP, ReservedIPAssociation, ReservedIPList
from ..operation import LONG_RUNNING, legacy, operation
from ..operations import AsyncOperation
from ._base import ResourceClient

__all__ = ["ReservedIPsClient", "ReservedIPsLegacy"]

ReservedIPName = Annotated[str, v.SEGMENT]
_RIP = "/services/networking/reservedips"
ASSOCIATION_API_VERSION = "2015-02-01"
"""The x-ms-version the (dis)associate calls need (the legacy SDK sends it; older versions lack them)."""
_ASSOCIATION = {"name": "myip", "service_name": "mysvc", "deployment_name": "v1"}


class ReservedIPsClient(ResourceClient):
    """Reserved IP addresses: create, list, delete, and associate them with deployments."""

    @operation(
        "POST",
        _RIP,
        body=CreateReservedIP,
        answer=LONG_RUNNING,
        statuses=(202,),
        legacy="create_reserved_ip_address",
        example={"name": "myip", "label": "my ip", "location": "West US"},
    )
    async def create(
        self,
        name: ReservedIPName,
        label: Annotated[str | None, v.OPTIONAL_LABEL] = None,
        location: Annotated[str | None, v.REQUIRED_STRING] = None,
    ) -> AsyncOperation:
        """Reserve an IPv4 address in a location (that of the cloud service that will use it).

        ``location`` is required (``None`` is refused); it follows ``label`` as in the legacy SDK.
        """

    @operation(
        "GET",
        _RIP + "/{name}",
        answer=ReservedIP,
        legacy="get_reserved_ip_address",
        example={"name": "myip"},
    )
    async def get(self, name: ReservedIPName) -> ReservedIP:
        """A reserved IP: its address, state, and the deployment using it (``in_use``)."""

    @operation(
        "GET",
        _RIP,
        answer=ReservedIPList,
        unwrap="reserved_ips",
        legacy="list_reserved_ip_addresses",
    )
    async def list(self) -> builtins.list[ReservedIP]:
        """Every reserved IP of the subscription."""

    @operation(
        "DELETE",
        _RIP + "/{name}",
        answer=LONG_RUNNING,
        statuses=(202,),
        legacy="delete_reserved_ip_address",
        example={"name": "myip"},
    )
    async def delete(self, name: ReservedIPName) -> AsyncOperation:
        """Release a reserved IP that no deployment uses."""

    @operation(
        "POST",
        _RIP + "/{name}/operations/associate",
        body=ReservedIPAssociation,
        answer=LONG_RUNNING,
        statuses=(202,),
        api_version=ASSOCIATION_API_VERSION,
        lock="cloud_service:{service_name}",
        legacy="associate_reserved_ip_address",
        example={**_ASSOCIATION, "virtual_ip_name": "vip2"},
    )
    async def associate(
        self,
        name: ReservedIPName,
        service_name: Annotated[str, v.REQUIRED_STRING],
        deployment_name: Annotated[str, v.REQUIRED_STRING],
        virtual_ip_name: Annotated[str | None, v.OPTIONAL_STRING] = None,
    ) -> AsyncOperation:
        """Give a deployment this reserved IP as its (default, or ``virtual_ip_name``) virtual IP."""

    @operation(
        "POST",
        _RIP + "/{name}/operations/disassociate",
        body=ReservedIPAssociation,
        answer=LONG_RUNNING,
        statuses=(202,),
        api_version=ASSOCIATION_API_VERSION,
        lock="cloud_service:{service_name}",
        legacy="disassociate_reserved_ip_address",
        example=_ASSOCIATION,
    )
    async def disassociate(
        self,
        name: ReservedIPName,
        service_name: Annotated[str, v.REQUIRED_STRING],
        deployment_name: Annotated[str, v.REQUIRED_STRING],
        virtual_ip_name: Annotated[str | None, v.OPTIONAL_STRING] = None,
    ) -> AsyncOperation:
        """Take the reserved IP back from the deployment (which gets a new, dynamic address)."""


class ReservedIPsLegacy:
    """Legacy facade methods of this family."""

    create_reserved_ip_address = legacy(ReservedIPsClient.create)
    get_reserved_ip_address = legacy(ReservedIPsClient.get)
    list_reserved_ip_addresses = legacy(ReservedIPsClient.list)
    delete_reserved_ip_address = legacy(ReservedIPsClient.delete)
    associate_reserved_ip_address = legacy(ReservedIPsClient.associate)
    disassociate_reserved_ip_address = legacy(ReservedIPsClient.disassociate)
