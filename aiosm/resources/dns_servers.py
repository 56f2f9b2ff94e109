"""``session.dns_servers``: DNS servers of a deployment."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import ipaddress
from typing import Annotated, Any

from .. import validation as v
from ..errors import InvalidInputError
from ..models.dns_servers import DnsServerInput
from ..operation import LONG_RUNNING, legacy, operation
from ..operations import AsyncOperation
from ._base import ResourceClient
from .deployments import LOCK, DeploymentName
from .hosted_services import ServiceName

__all__ = ["DnsServersClient", "DnsServersLegacy"]

_DNS = "/services/hostedservices/{service_name}/deployments/{deployment_name}/dnsservers"


def _ip_address(field: str, value: Any) -> str:
    text = v.string(field, v.required(field, value)).strip()
    try:
        ipaddress.ip_address(text)
    except ValueError:
        raise InvalidInputError(field, "must be an IP address") from None
    return text


IP_ADDRESS = v.Rule(
    _ip_address,
    "an IPv4 or IPv6 address",
    service_message="The DNS server address is not a valid IP address.",
)
DnsServerName = Annotated[str, v.SEGMENT]
Address = Annotated[str, IP_ADDRESS]
_EXAMPLE = {
    "service_name": "mysvc",
    "deployment_name": "v1",
    "dns_server_name": "dns1",
    "address": "10.0.0.4",
}


class DnsServersClient(ResourceClient):
    """DNS servers of a deployment: add, update, delete (they show in the deployment's ``dns``)."""

    @operation(
        "POST",
        _DNS,
        body=DnsServerInput,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="add_dns_server",
        example=_EXAMPLE,
    )
    async def add(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        dns_server_name: DnsServerName,
        address: Address,
    ) -> AsyncOperation:
        """Add a DNS server (a name unique in the deployment, and its IP address)."""

    @operation(
        "PUT",
        _DNS + "/{dns_server_name}",
        body=DnsServerInput,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="update_dns_server",
        example=_EXAMPLE,
    )
    async def update(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        dns_server_name: DnsServerName,
        address: Address,
    ) -> AsyncOperation:
        """Change the IP address of a DNS server of the deployment."""

    @operation(
        "DELETE",
        _DNS + "/{dns_server_name}",
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="delete_dns_server",
        example={k: _EXAMPLE[k] for k in ("service_name", "deployment_name", "dns_server_name")},
    )
    async def delete(
        self, service_name: ServiceName, deployment_name: DeploymentName, dns_server_name: DnsServerName
    ) -> AsyncOperation:
        """Remove a DNS server from the deployment."""


class DnsServersLegacy:
    """Legacy facade methods of this family."""

    add_dns_server = legacy(DnsServersClient.add)
    update_dns_server = legacy(DnsServersClient.update)
    delete_dns_server = legacy(DnsServersClient.delete)
