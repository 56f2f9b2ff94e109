"""``session.application_gateways``: application gateways."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import asyncio
import builtins
import ipaddress
from collections.abc import Mapping
from typing import Annotated, Any

from .. import validation as v
from ..errors import InvalidInputError, OperationFailedError, OperationTimeoutError
from ..models.application_gateways import (
    ApplicationGateway,
    ApplicationGatewayBackendAddressPool,
    ApplicationGatewayBackendHttpSettings,
    ApplicationGatewayConfiguration,
    ApplicationGatewayFrontendIPConfiguration,
    ApplicationGatewayFrontendPort,
    ApplicationGatewayHttpListener,
    ApplicationGatewayList,
    ApplicationGatewayLoadBalancingRule,
    ApplicationGatewayOperation,
    ApplicationGatewayOperationResponse,
    ApplicationGatewaySize,
    CreateApplicationGateway,
)
from ..models.gateways import GatewayOperation
from ..operation import operation
from ._base import ResourceClient

__all__ = ["ApplicationGatewaysClient", "check_configuration"]

API_VERSION = "2015-04-01"
"""The x-ms-version of the application gateway operations (the reference's Start Application Gateway)."""
MAX_INSTANCES = 10
"""The most instances a gateway may have (the default is 2)."""
_AGW = "/services/networking/ApplicationGateways"
_GATEWAY = _AGW + "/{name}"
_NAME = "myappgw"


def _subnets(field: str, value: Any) -> builtins.list[str]:
    if not isinstance(value, list | tuple) or not value:
        raise InvalidInputError(field, "at least one subnet name")
    return [v.path_segment(field, v.string(field, s)) for s in value]


def _instance_count(field: str, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_INSTANCES:
        raise InvalidInputError(field, f"an instance count, 1-{MAX_INSTANCES}")
    return value


def _unique(field: str, names: builtins.list[str]) -> set[str]:
    seen: set[str] = set()
    for i, name in enumerate(names):
        if not name:
            raise InvalidInputError(f"{field}[{i}].name", "a name")
        if name.lower() in seen:
            raise InvalidInputError(f"{field}[{i}].name", "a name used once")
        seen.add(name.lower())
    return seen


def _check_frontends(config: ApplicationGatewayConfiguration) -> None:
    for i, fip in enumerate(config.frontend_ip_configurations):
        if fip.type not in ("Private", "Public"):
            raise InvalidInputError(f"frontend_ip_configurations[{i}].type", "Private or Public")
        if fip.static_ip_address is not None:
            try:
                ipaddress.IPv4Address(fip.static_ip_address)
            except ValueError:
                raise InvalidInputError(
                    f"frontend_ip_configurations[{i}].static_ip_address", "an IPv4 address"
                ) from None
    for i, port in enumerate(config.frontend_ports):
        if not 1 <= port.port <= 65535:
            raise InvalidInputError(f"frontend_ports[{i}].port", "a port, 1-65535")
    for i, pool in enumerate(config.backend_address_pools):
        if not pool.ip_addresses:
            raise InvalidInputError(f"backend_address_pools[{i}].ip_addresses", "at least one address")
        for address in pool.ip_addresses:
            try:
                ipaddress.IPv4Address(address)
            except ValueError:
                raise InvalidInputError(
                    f"backend_address_pools[{i}].ip_addresses", "IPv4 addresses"
                ) from None
    for i, settings in enumerate(config.backend_http_settings_list):
        where = f"backend_http_settings_list[{i}]"
        if not 1 <= settings.port <= 65535:
            raise InvalidInputError(f"{where}.port", "a port, 1-65535")
        if settings.protocol not in ("Http", "Https"):
            raise InvalidInputError(f"{where}.protocol", "Http or Https")
        if settings.cookie_based_affinity not in ("Enabled", "Disabled"):
            raise InvalidInputError(f"{where}.cookie_based_affinity", "Enabled or Disabled")


def check_configuration(field: str, config: Any) -> ApplicationGatewayConfiguration:
    """The service's rules for a configuration: unique names, valid ports and protocols, and every
    reference (listener -> frontend IP and port, rule -> listener, pool and settings) resolved."""
    if not isinstance(config, ApplicationGatewayConfiguration):
        raise InvalidInputError(field, "an ApplicationGatewayConfiguration")
    fips = _unique("frontend_ip_configurations", [f.name for f in config.frontend_ip_configurations])
    ports = _unique("frontend_ports", [p.name for p in config.frontend_ports])
    pools = _unique("backend_address_pools", [p.name for p in config.backend_address_pools])
    settings = _unique("backend_http_settings_list", [s.name for s in config.backend_http_settings_list])
    listeners = _unique("http_listeners", [h.name for h in config.http_listeners])
    _unique("http_load_balancing_rules", [r.name for r in config.http_load_balancing_rules])
    _check_frontends(config)
    for i, listener in enumerate(config.http_listeners):
        where = f"http_listeners[{i}]"
        if listener.frontend_ip is not None and listener.frontend_ip.lower() not in fips:
            raise InvalidInputError(f"{where}.frontend_ip", "the name of a frontend IP configuration")
        if listener.frontend_port.lower() not in ports:
            raise InvalidInputError(f"{where}.frontend_port", "the name of a frontend port")
        if listener.protocol not in ("Http", "Https"):
            raise InvalidInputError(f"{where}.protocol", "Http or Https")
        if (listener.protocol == "Https") != bool(listener.ssl_cert):
            raise InvalidInputError(
                f"{where}.ssl_cert", "a certificate name exactly when the protocol is Https"
            )
    for i, rule in enumerate(config.http_load_balancing_rules):
        where = f"http_load_balancing_rules[{i}]"
        if rule.type.lower() != "basic":
            raise InvalidInputError(f"{where}.type", "basic (the only rule type)")
        if rule.listener.lower() not in listeners:
            raise InvalidInputError(f"{where}.listener", "the name of an HTTP listener")
        if rule.backend_address_pool.lower() not in pools:
            raise InvalidInputError(f"{where}.backend_address_pool", "the name of a backend address pool")
        if rule.backend_http_settings.lower() not in settings:
            raise InvalidInputError(f"{where}.backend_http_settings", "the name of backend HTTP settings")
    return config


GATEWAY_NAME = v.Rule(lambda f, x: v.path_segment(f, v.string(f, v.required(f, x))), "a gateway name")
SUBNETS = v.Rule(_subnets, "one or more subnet names")
INSTANCE_COUNT = v.Rule(_instance_count, f"1-{MAX_INSTANCES} instances")
SIZE = v.choice_rule(ApplicationGatewaySize, optional=True, value=True)
CONFIGURATION = v.Rule(check_configuration, "a consistent ApplicationGatewayConfiguration")

GatewayName = Annotated[str, GATEWAY_NAME]

EXAMPLE_CONFIGURATION = ApplicationGatewayConfiguration(
    frontend_ip_configurations=[
        ApplicationGatewayFrontendIPConfiguration(name="fip1", type="Private", static_ip_address="10.0.0.10")
    ],
    frontend_ports=[ApplicationGatewayFrontendPort(name="FrontendPort1", port=80)],
    backend_address_pools=[
        ApplicationGatewayBackendAddressPool(name="BackendPool1", ip_addresses=["10.0.0.1", "10.0.0.2"])
    ],
    backend_http_settings_list=[
        ApplicationGatewayBackendHttpSettings(
            name="BackendSetting1", port=80, protocol="Http", cookie_based_affinity="Enabled"
        )
    ],
    http_listeners=[
        ApplicationGatewayHttpListener(
            name="HTTPListener1", frontend_ip="fip1", frontend_port="FrontendPort1", protocol="Http"
        )
    ],
    http_load_balancing_rules=[
        ApplicationGatewayLoadBalancingRule(
            name="HttpLBRule1",
            type="basic",
            backend_http_settings="BackendSetting1",
            listener="HTTPListener1",
            backend_address_pool="BackendPool1",
        )
    ],
)
"""The configuration of the reference's configuration XML sample."""


def _configuration(values: Mapping[str, Any]) -> ApplicationGatewayConfiguration:
    config: ApplicationGatewayConfiguration = values["configuration"]
    return config


def _start(values: Mapping[str, Any]) -> ApplicationGatewayOperation:
    return ApplicationGatewayOperation(operation_type="start")


def _stop(values: Mapping[str, Any]) -> ApplicationGatewayOperation:
    return ApplicationGatewayOperation(operation_type="stop")


class ApplicationGatewaysClient(ResourceClient):
    """Application gateways: create, configure, start and stop.

    Create, Delete, Set Configuration, Start and Stop are gateway operations: they answer the id to
    pass to :meth:`wait` (or :meth:`operation_status`), ``GET /services/networking/operation/{id}``.
    """

    @operation(
        "POST",
        _AGW,
        body=CreateApplicationGateway,
        answer=ApplicationGatewayOperationResponse,
        statuses=(202,),
        api_version=API_VERSION,
        example={"name": _NAME, "vnet_name": "corpnet", "subnets": ["Subnet-1"]},
    )
    async def create(
        self,
        name: GatewayName,
        vnet_name: Annotated[str, v.REQUIRED_STRING],
        subnets: Annotated[builtins.list[str], SUBNETS],
        description: Annotated[str | None, v.OPTIONAL_STRING] = None,
        instance_count: Annotated[int | None, INSTANCE_COUNT] = None,
        gateway_size: Annotated[ApplicationGatewaySize | str | None, SIZE] = None,
    ) -> ApplicationGatewayOperationResponse:
        """Create a (stopped) gateway in subnets of a virtual network.

        ``instance_count``: 1-10 (the service's default: 2); ``gateway_size``: Small, Medium (the
        default) or Large.
        """

    @operation("GET", _GATEWAY, answer=ApplicationGateway, api_version=API_VERSION, example={"name": _NAME})
    async def get(self, name: GatewayName) -> ApplicationGateway:
        """A gateway: its network, size, state, virtual IPs and DNS name (these once it runs)."""

    @operation(
        "GET", _AGW, answer=ApplicationGatewayList, unwrap="application_gateways", api_version=API_VERSION
    )
    async def list(self) -> builtins.list[ApplicationGateway]:
        """Every application gateway of the subscription."""

    @operation(
        "DELETE",
        _GATEWAY,
        answer=ApplicationGatewayOperationResponse,
        statuses=(202,),
        api_version=API_VERSION,
        example={"name": _NAME},
    )
    async def delete(self, name: GatewayName) -> ApplicationGatewayOperationResponse:
        """Delete a stopped gateway."""

    @operation(
        "GET",
        _GATEWAY + "/configuration",
        answer=ApplicationGatewayConfiguration,
        api_version=API_VERSION,
        example={"name": _NAME},
    )
    async def get_configuration(self, name: GatewayName) -> ApplicationGatewayConfiguration:
        """The gateway's configuration (empty lists before one is set)."""

    @operation(
        "POST",
        _GATEWAY + "/configuration",
        body=ApplicationGatewayConfiguration,
        build=_configuration,
        answer=ApplicationGatewayOperationResponse,
        statuses=(202,),
        api_version=API_VERSION,
        example={"name": _NAME, "configuration": EXAMPLE_CONFIGURATION},
    )
    async def set_configuration(
        self, name: GatewayName, configuration: Annotated[ApplicationGatewayConfiguration, CONFIGURATION]
    ) -> ApplicationGatewayOperationResponse:
        """Replace the gateway's configuration (checked for consistency before it is sent)."""

    @operation(
        "POST",
        _GATEWAY + "/Operations",
        body=ApplicationGatewayOperation,
        build=_start,
        answer=ApplicationGatewayOperationResponse,
        statuses=(202,),
        api_version=API_VERSION,
        example={"name": _NAME},
    )
    async def start(self, name: GatewayName) -> ApplicationGatewayOperationResponse:
        """Start a configured gateway (Stopped -> Running; it gets its virtual IP and DNS name)."""

    @operation(
        "POST",
        _GATEWAY + "/Operations",
        body=ApplicationGatewayOperation,
        build=_stop,
        answer=ApplicationGatewayOperationResponse,
        statuses=(202,),
        api_version=API_VERSION,
        example={"name": _NAME},
    )
    async def stop(self, name: GatewayName) -> ApplicationGatewayOperationResponse:
        """Stop a running gateway."""

    async def operation_status(self, operation_id: str) -> GatewayOperation:
        """The status of a gateway operation (InProgress, Successful or Failed): the shared
        ``session.operations.get_gateway_operation``."""
        return await self._operations.get_gateway_operation(operation_id)

    async def wait(
        self, operation: ApplicationGatewayOperationResponse | str, timeout: float | None = None
    ) -> GatewayOperation:
        """Poll a gateway operation until it is no longer InProgress.

        Returns the final status when Successful; raises :class:`~aiosm.errors.OperationFailedError`
        when it failed and :class:`~aiosm.errors.OperationTimeoutError` after ``timeout`` seconds
        (default: the session's ``PollPolicy.timeout``).
        """
        operation_id = operation if isinstance(operation, str) else operation.id
        policy = self._operations.poll
        limit = policy.timeout if timeout is None else timeout
        loop = asyncio.get_running_loop()
        deadline = None if limit is None else loop.time() + limit
        intervals = policy.intervals()
        while True:
            status = await self.operation_status(operation_id)
            if status.status.lower() == "successful":
                return status
            if status.status.lower() == "failed":
                error = status.error
                raise OperationFailedError(
                    operation_id, error.code if error else None, error.message if error else None
                )
            delay = next(intervals)
            if deadline is not None and loop.time() + delay > deadline:
                raise OperationTimeoutError(operation_id, float(limit or 0), status.status)
            await asyncio.sleep(delay)
