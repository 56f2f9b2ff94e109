"""``session.load_balancers``: internal load balancers of a deployment.

An internal load balancer gives a deployment in a virtual network a private frontend address in one of
the network's subnets (a static address, or one the service picks); input endpoints name it in their
``LoadBalancerName``. The service has no List or Get Load Balancer: the deployment's load balancers
show in Get Deployment's ``load_balancers``: :meth:`LoadBalancersClient.list` and
:meth:`LoadBalancersClient.get` read them from there.
"""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import builtins
import ipaddress
import re
from collections.abc import Mapping
from typing import Annotated, Any

from .. import validation as v
from ..errors import InvalidInputError, NotFoundError
from ..models.deployments import LoadBalancer
from ..models.load_balancers import FrontendIpConfiguration, LoadBalancedEndpointList, LoadBalancerInput
from ..models.virtual_machines import ConfigurationSetInputEndpoint, LoadBalancerProbe
from ..operation import LONG_RUNNING, operation
from ..operations import AsyncOperation
from ._base import ResourceClient
from .deployments import LOCK, DeploymentName, DeploymentsClient
from .hosted_services import ServiceName

__all__ = [
    "ENDPOINT_SETS",
    "LOAD_BALANCER_NAME",
    "STATIC_IP",
    "SUBNET_NAME",
    "LoadBalancersClient",
    "check_endpoint",
    "check_port",
]

MIN_API_VERSION = "2014-05-01"
"""The first x-ms-version with internal load balancers (the session's default is later)."""
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
_DEP = "/services/hostedservices/{service_name}/deployments/{deployment_name}"
_LB = _DEP + "/loadbalancers"
_PROTOCOLS = ("tcp", "udp")
_PROBE_PROTOCOLS = ("tcp", "http")
_ACTIONS = ("permit", "deny")
_DISTRIBUTIONS = ("sourceip", "sourceipprotocol", "none")
MAX_ACL_RULES = 50
"""Rules in an endpoint's access control list."""


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


def check_port(field: str, value: Any, *, optional: bool = True) -> int | None:
    """A TCP/UDP port, 1-65535 (``None`` when ``optional``)."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise InvalidInputError(field, "must be a port number from 1 to 65535")
    return value


def _check_probe(field: str, probe: LoadBalancerProbe) -> None:
    protocol = (probe.protocol or "").lower()
    if protocol not in _PROBE_PROTOCOLS:
        raise InvalidInputError(f"{field}.protocol", "must be TCP or HTTP")
    check_port(f"{field}.port", probe.port, optional=False)
    if protocol == "http" and not (probe.path or "").startswith("/"):
        raise InvalidInputError(f"{field}.path", "an HTTP probe needs a path starting with '/'")
    if protocol == "tcp" and probe.path:
        raise InvalidInputError(f"{field}.path", "a TCP probe has no path")
    for name, low in (("interval_in_seconds", 5), ("timeout_in_seconds", 11)):
        value = getattr(probe, name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < low):
            raise InvalidInputError(f"{field}.{name}", f"must be a whole number of seconds, at least {low}")


def _check_acl(field: str, endpoint: ConfigurationSetInputEndpoint) -> None:
    if endpoint.endpoint_acl is None:
        return
    rules = endpoint.endpoint_acl.rules
    if len(rules) > MAX_ACL_RULES:
        raise InvalidInputError(f"{field}.endpoint_acl", f"has at most {MAX_ACL_RULES} rules")
    orders: set[int] = set()
    for i, rule in enumerate(rules):
        where = f"{field}.endpoint_acl.rules[{i}]"
        order = rule.order
        if isinstance(order, bool) or not isinstance(order, int) or not 0 <= order <= 65535:
            raise InvalidInputError(f"{where}.order", "must be a whole number from 0 to 65535")
        if order in orders:
            raise InvalidInputError(f"{where}.order", f"{order} is the order of another rule")
        orders.add(order)
        if (rule.action or "").lower() not in _ACTIONS:
            raise InvalidInputError(f"{where}.action", "must be Permit or Deny")
        try:
            ipaddress.IPv4Network(v.required(f"{where}.remote_subnet", rule.remote_subnet), strict=False)
        except ValueError:
            raise InvalidInputError(f"{where}.remote_subnet", "must be an IPv4 subnet (CIDR)") from None
        if rule.description is not None and len(rule.description) > 256:
            raise InvalidInputError(f"{where}.description", "must be at most 256 characters")


def check_endpoint(field: str, endpoint: Any, *, in_set: bool = False) -> ConfigurationSetInputEndpoint:
    """The rules of one input endpoint (``in_set``: of a load-balanced set, as Update Load-Balanced
    Endpoint Set takes them): protocol TCP/UDP, ports 1-65535, its probe (TCP, or HTTP with a path),
    its access control list (unique orders, Permit/Deny, IPv4 CIDR subnets), load balancer name,
    distribution (``sourceIP``, ``sourceIPProtocol``, ``none``) and idle timeout (4-30 minutes)."""
    if not isinstance(endpoint, ConfigurationSetInputEndpoint):
        raise InvalidInputError(field, "must be a ConfigurationSetInputEndpoint")
    if in_set:
        v.required(
            f"{field}.load_balanced_endpoint_set_name", endpoint.load_balanced_endpoint_set_name or None
        )
    elif not endpoint.name:
        raise InvalidInputError(f"{field}.name", "is required")
    if endpoint.protocol is not None and endpoint.protocol.lower() not in _PROTOCOLS:
        raise InvalidInputError(f"{field}.protocol", "must be TCP or UDP")
    check_port(f"{field}.port", endpoint.port, optional=in_set)
    check_port(f"{field}.local_port", endpoint.local_port, optional=in_set)
    if endpoint.load_balancer_probe is not None:
        _check_probe(f"{field}.load_balancer_probe", endpoint.load_balancer_probe)
    _check_acl(field, endpoint)
    if endpoint.load_balancer_name:
        _name(f"{field}.load_balancer_name", endpoint.load_balancer_name)
    distribution = endpoint.load_balancer_distribution
    if distribution is not None and distribution.lower() not in _DISTRIBUTIONS:
        raise InvalidInputError(
            f"{field}.load_balancer_distribution", "must be sourceIP, sourceIPProtocol or none"
        )
    timeout = endpoint.idle_timeout_in_minutes
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, int) or not 4 <= timeout <= 30
    ):
        raise InvalidInputError(f"{field}.idle_timeout_in_minutes", "must be 4 to 30 minutes")
    return endpoint


def _endpoint_sets(field: str, value: Any) -> list[ConfigurationSetInputEndpoint]:
    if value is None or isinstance(value, (str, bytes, Mapping)) or hasattr(value, "model_fields"):
        raise InvalidInputError(field, "must be a list of ConfigurationSetInputEndpoint")
    endpoints = [check_endpoint(f"{field}[{i}]", e, in_set=True) for i, e in enumerate(value)]
    if not endpoints:
        raise InvalidInputError(field, "must name at least one load-balanced endpoint set")
    return endpoints


ENDPOINT_SETS = v.Rule(
    _endpoint_sets,
    "load-balanced input endpoints",
    service_message="The load-balanced endpoint list is invalid.",
)
"""The endpoints of Update Load-Balanced Endpoint Set, each checked by :func:`check_endpoint`."""
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
    """Internal load balancers of a deployment (add, update, delete, list, get) and its load-balanced
    endpoint sets (update)."""

    @operation(
        "POST",
        _LB,
        body=LoadBalancerInput,
        build=_body,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
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
        example={k: _EXAMPLE[k] for k in ("service_name", "deployment_name", "load_balancer_name")},
    )
    async def delete(
        self, service_name: ServiceName, deployment_name: DeploymentName, load_balancer_name: LoadBalancerName
    ) -> AsyncOperation:
        """Delete an internal load balancer (refused while an input endpoint still uses it)."""

    @operation(
        "POST",
        _DEP,
        query={"comp": "UpdateLbSet"},
        body=LoadBalancedEndpointList,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        example={
            "service_name": "mysvc",
            "deployment_name": "myvm",
            "input_endpoints": [
                ConfigurationSetInputEndpoint(
                    load_balanced_endpoint_set_name="web",
                    protocol="tcp",
                    port=80,
                    local_port=8080,
                    load_balancer_probe=LoadBalancerProbe(path="/health", port=8080, protocol="http"),
                )
            ],
        },
    )
    async def update_endpoint_sets(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        input_endpoints: Annotated[list[ConfigurationSetInputEndpoint], ENDPOINT_SETS],
    ) -> AsyncOperation:
        """Update Load-Balanced Endpoint Set: each endpoint's settings (ports, probe, ACL, load balancer,
        distribution, idle timeout) replace those of every VM's endpoint of its
        ``load_balanced_endpoint_set_name`` (an endpoint's ``name`` is not sent: each VM keeps its own)."""

    async def list(self, service_name: str, deployment_name: str) -> builtins.list[LoadBalancer]:
        """The deployment's internal load balancers (the service answers them in Get Deployment)."""
        deployments = DeploymentsClient(self._transport, self._operations)
        return builtins.list((await deployments.get_by_name(service_name, deployment_name)).load_balancers)

    async def get(self, service_name: str, deployment_name: str, load_balancer_name: str) -> LoadBalancer:
        """One internal load balancer of the deployment (case-insensitive name), or :class:`NotFoundError`."""
        for balancer in await self.list(service_name, deployment_name):
            if balancer.name.lower() == load_balancer_name.lower():
                return balancer
        raise NotFoundError(404, "ResourceNotFound", f"The load balancer {load_balancer_name} was not found.")
