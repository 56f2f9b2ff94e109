"""``session.load_balancers``: internal load balancers of a deployment.

An internal load balancer gives a deployment in a virtual network a private frontend address in one of
the network's subnets (a static address, or one the service picks); input endpoints name it in their
``LoadBalancerName``. The service has no List or Get Load Balancer: the deployment's load balancers
show in Get Deployment's ``load_balancers`` (``session.deployments.get_by_name(...).load_balancers``).
"""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from typing import Annotated, Any

from .. import validation as v
from ..errors import InvalidInputError
from ..models.load_balancers import FrontendIpConfiguration, LoadBalancerInput
from ..operation import LONG_RUNNING, operation
from ..operations import AsyncOperation
from ._base import ResourceClient
from .deployments import LOCK, DeploymentName
from .hosted_services import ServiceName

__all__ = ["LOAD_BALANCER_NAME", "STATIC_IP", "SUBNET_NAME", "LoadBalancersClient"]

API_VERSION = "2014-05-01"
"""The first x-ms-version with internal load balancers."""
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
_LB = "/services/hostedservices/{service_name}/deployments/{deployment_name}/loadbalancers"


def _name(field: str, value: Any) -> str:
    text = v.string(field, v.required(field, value))
    if not _NAME.match(text) or text.endswith((".", "-")):
        raise InvalidInputError(
            field, "must be 1-63 letters, digits, '.', '-' or '_', starting with a letter or digit"
        )
    return text


def _subnet(field: str, value: Any) -> str:
    return v.path_segment(field, v.string(field, v.required(field, value)))


def _static_ip(field: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    text = v.string(field, value).strip()
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        raise InvalidInputError(field, "must be an IPv4 address") from None
    if address.version != 4:
        raise InvalidInputError(field, "must be an IPv4 address")
    return text


LOAD_BALANCER_NAME = v.Rule(
    _name, "1-63 letters, digits, '.', '-', '_'", service_message="The load balancer name is invalid."
)
"""An internal load balancer's name."""
SUBNET_NAME = v.Rule(_subnet, "a subnet name", service_message="The subnet name is invalid.")
"""The subnet of the deployment's virtual network the frontend address is in."""
STATIC_IP = v.Rule(
    _static_ip, "an IPv4 address", service_message="The static virtual network IP address is invalid."
)
"""An optional static frontend address (inside the subnet; checked by the service)."""
LoadBalancerName = Annotated[str, LOAD_BALANCER_NAME]
SubnetName = Annotated[str, SUBNET_NAME]
StaticIp = Annotated[str | None, STATIC_IP]
_EXAMPLE = {
    "service_name": "mysvc",
    "deployment_name": "myvm",
    "load_balancer_name": "ilb1",
    "subnet_name": "FrontEnd",
    "static_virtual_network_ip_address": "10.0.1.10",
}


def _body(values: Mapping[str, Any]) -> LoadBalancerInput:
    return LoadBalancerInput(
        name=values["load_balancer_name"],
        frontend_ip_configuration=FrontendIpConfiguration(
            type="Private",
            subnet_name=values["subnet_name"],
            static_virtual_network_ip_address=values["static_virtual_network_ip_address"] or "",
        ),
    )


class LoadBalancersClient(ResourceClient):
    """Internal load balancers of a deployment: add, update, delete."""

    @operation(
        "POST",
        _LB,
        body=LoadBalancerInput,
        build=_body,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        api_version=API_VERSION,
        example=_EXAMPLE,
    )
    async def add(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        load_balancer_name: LoadBalancerName,
        subnet_name: SubnetName,
        static_virtual_network_ip_address: StaticIp = None,
    ) -> AsyncOperation:
        """Add an internal load balancer with a private frontend in ``subnet_name`` of the deployment's
        virtual network, at ``static_virtual_network_ip_address`` or an address the service picks."""

    @operation(
        "PUT",
        _LB + "/{load_balancer_name}",
        body=LoadBalancerInput,
        build=_body,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        api_version=API_VERSION,
        example=_EXAMPLE,
    )
    async def update(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        load_balancer_name: LoadBalancerName,
        subnet_name: SubnetName,
        static_virtual_network_ip_address: StaticIp = None,
    ) -> AsyncOperation:
        """Move an internal load balancer's frontend to another subnet or static address."""

    @operation(
        "DELETE",
        _LB + "/{load_balancer_name}",
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        api_version=API_VERSION,
        example={k: _EXAMPLE[k] for k in ("service_name", "deployment_name", "load_balancer_name")},
    )
    async def delete(
        self, service_name: ServiceName, deployment_name: DeploymentName, load_balancer_name: LoadBalancerName
    ) -> AsyncOperation:
        """Delete an internal load balancer (refused while an input endpoint still uses it)."""
