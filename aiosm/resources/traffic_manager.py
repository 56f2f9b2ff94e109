"""``session.traffic_manager``: Traffic Manager profiles."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import builtins
import re
from collections.abc import Mapping
from typing import Annotated, Any

from .. import validation as v
from ..errors import InvalidInputError
from ..models.traffic_manager import (
    TrafficManagerCreateProfile,
    TrafficManagerDefinition,
    TrafficManagerDefinitionList,
    TrafficManagerDnsOptions,
    TrafficManagerDnsPrefixAvailability,
    TrafficManagerEndpoint,
    TrafficManagerEndpointType,
    TrafficManagerLoadBalancingMethod,
    TrafficManagerMonitor,
    TrafficManagerMonitorProtocol,
    TrafficManagerPolicy,
    TrafficManagerProfile,
    TrafficManagerProfileList,
    TrafficManagerProfileStatusDetails,
    TrafficManagerUpdateProfile,
)
from ..operation import operation
from ._base import ResourceClient

__all__ = ["TrafficManagerClient"]

_WATM = "/services/WATM"
_PROFILE = _WATM + "/profiles/{name}"
_DEFINITIONS = _WATM + "/profiles/{profile_name}/definitions"
_DOMAIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.trafficmanager\.net$", re.IGNORECASE)
MIN_TTL, MAX_TTL = 30, 999_999
"""The DNS time to live a definition may have, in seconds."""
MAX_ENDPOINTS = 100
"""The most endpoints a definition may have."""


def _domain_name(field: str, value: Any) -> str:
    text = v.string(field, v.required(field, value))
    if not _DOMAIN.match(text):
        raise InvalidInputError(field, "a DNS prefix (1-63 letters, digits, hyphens) + '.trafficmanager.net'")
    return text


def _status(field: str, value: Any) -> str:
    text = v.string(field, v.required(field, value))
    for allowed in ("Enabled", "Disabled"):
        if text.lower() == allowed.lower():
            return allowed
    raise InvalidInputError(field, "Enabled or Disabled")


def _version(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise InvalidInputError(field, "a definition version, a positive integer")
    if int(value) < 1:
        raise InvalidInputError(field, "a definition version, a positive integer")
    return int(value)


def _ttl(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_TTL <= value <= MAX_TTL:
        raise InvalidInputError(field, f"an integer from {MIN_TTL} to {MAX_TTL}")
    return value


def check_monitor(field: str, monitor: TrafficManagerMonitor) -> None:
    """The rules the service applies to a monitor (it accepts only the documented constants)."""
    if monitor.interval_in_seconds != 30:
        raise InvalidInputError(f"{field}.interval_in_seconds", "30 (the only value the service accepts)")
    if monitor.timeout_in_seconds != 10:
        raise InvalidInputError(f"{field}.timeout_in_seconds", "10 (the only value the service accepts)")
    if monitor.tolerated_number_of_failures != 3:
        raise InvalidInputError(
            f"{field}.tolerated_number_of_failures", "3 (the only value the service accepts)"
        )
    if not 1 <= monitor.port <= 65535:
        raise InvalidInputError(f"{field}.port", "a port, 1-65535")
    options = monitor.http_options
    if options.verb != "GET":
        raise InvalidInputError(f"{field}.http_options.verb", "GET (the only value the service accepts)")
    if not options.relative_path.startswith("/") or len(options.relative_path) > 1000:
        raise InvalidInputError(f"{field}.http_options.relative_path", "a path starting with '/'")
    if options.expected_status_code != 200:
        raise InvalidInputError(
            f"{field}.http_options.expected_status_code", "200 (the only value the service accepts)"
        )


def _monitors(field: str, value: Any) -> builtins.list[TrafficManagerMonitor]:
    if not isinstance(value, list | tuple) or len(value) != 1:
        raise InvalidInputError(field, "exactly one monitor")
    if not isinstance(value[0], TrafficManagerMonitor):
        raise InvalidInputError(field, "a TrafficManagerMonitor")
    check_monitor(f"{field}[0]", value[0])
    return list(value)


def check_endpoints(field: str, endpoints: builtins.list[TrafficManagerEndpoint]) -> None:
    """Endpoint rules: 1-100 distinct domain names, Enabled/Disabled, weight 1-1000."""
    if not endpoints:
        raise InvalidInputError(field, "at least one endpoint")
    if len(endpoints) > MAX_ENDPOINTS:
        raise InvalidInputError(field, f"at most {MAX_ENDPOINTS} endpoints")
    seen: set[str] = set()
    for i, endpoint in enumerate(endpoints):
        where = f"{field}[{i}]"
        if not endpoint.domain_name:
            raise InvalidInputError(f"{where}.domain_name", "a domain name")
        if endpoint.domain_name.lower() in seen:
            raise InvalidInputError(f"{where}.domain_name", "each endpoint's domain name once")
        seen.add(endpoint.domain_name.lower())
        if endpoint.status not in ("Enabled", "Disabled"):
            raise InvalidInputError(f"{where}.status", "Enabled or Disabled")
        if endpoint.weight is not None and not 1 <= endpoint.weight <= 1000:
            raise InvalidInputError(f"{where}.weight", "a weight, 1-1000")
        if endpoint.min_child_endpoints is not None and endpoint.min_child_endpoints < 1:
            raise InvalidInputError(f"{where}.min_child_endpoints", "at least 1")


def check_locations(method: Any, endpoints: builtins.list[TrafficManagerEndpoint]) -> None:
    """With the Performance method, an endpoint of type Any needs its Azure region (``location``)."""
    if str(method).lower() != "performance":
        return
    for i, endpoint in enumerate(endpoints):
        if endpoint.type is TrafficManagerEndpointType.ANY and not endpoint.location:
            raise InvalidInputError(
                f"endpoints[{i}].location", "a region for an endpoint of type Any (Performance)"
            )


def _policy(values: Mapping[str, Any]) -> None:
    check_locations(values["load_balancing_method"], values["endpoints"])


def _endpoints(field: str, value: Any) -> builtins.list[TrafficManagerEndpoint]:
    if not isinstance(value, list | tuple) or not all(isinstance(e, TrafficManagerEndpoint) for e in value):
        raise InvalidInputError(field, "a list of TrafficManagerEndpoint")
    check_endpoints(field, list(value))
    return list(value)


PROFILE_NAME = v.Rule(lambda f, x: v.path_segment(f, v.string(f, v.required(f, x))), "a profile name")
DOMAIN_NAME = v.Rule(
    _domain_name,
    "<prefix>.trafficmanager.net",
    service_message="The domain name must end with .trafficmanager.net.",
)
STATUS = v.Rule(_status, "Enabled or Disabled")
VERSION = v.Rule(_version, "a definition version")
TTL = v.Rule(_ttl, f"{MIN_TTL}-{MAX_TTL} seconds")
MONITORS = v.Rule(_monitors, "exactly one monitor (30 s interval, 10 s timeout, 3 failures)")
ENDPOINTS = v.Rule(_endpoints, f"1-{MAX_ENDPOINTS} endpoints")
METHOD = v.choice_rule(TrafficManagerLoadBalancingMethod)

ProfileName = Annotated[str, PROFILE_NAME]
_EXAMPLE_MONITOR = TrafficManagerMonitor(protocol=TrafficManagerMonitorProtocol.HTTP, port=80)
_EXAMPLE_ENDPOINT = TrafficManagerEndpoint(
    domain_name="mysvc.cloudapp.net", type=TrafficManagerEndpointType.CLOUD_SERVICE
)


def _update_body(values: Mapping[str, Any]) -> TrafficManagerUpdateProfile:
    return TrafficManagerUpdateProfile(
        status=values["status"],
        status_details=TrafficManagerProfileStatusDetails(enabled_version=values["enabled_version"]),
    )


def _definition_body(values: Mapping[str, Any]) -> TrafficManagerDefinition:
    return TrafficManagerDefinition(
        dns_options=TrafficManagerDnsOptions(time_to_live_in_seconds=values["ttl"]),
        monitors=list(values["monitors"]),
        policy=TrafficManagerPolicy(
            load_balancing_method=values["load_balancing_method"], endpoints=list(values["endpoints"])
        ),
    )


class TrafficManagerClient(ResourceClient):
    """Traffic Manager profiles and their definitions."""

    @operation(
        "POST",
        _WATM + "/profiles",
        body=TrafficManagerCreateProfile,
        answer=None,
        example={"name": "myapp-trafficmanager-net", "domain_name": "myapp.trafficmanager.net"},
    )
    async def create(self, name: ProfileName, domain_name: Annotated[str, DOMAIN_NAME]) -> None:
        """Create a profile owning the DNS name ``domain_name`` (``<prefix>.trafficmanager.net``)."""

    @operation("GET", _PROFILE, answer=TrafficManagerProfile, example={"name": "myapp-trafficmanager-net"})
    async def get(self, name: ProfileName) -> TrafficManagerProfile:
        """A profile: its DNS name, status, enabled definition version and every definition."""

    @operation("GET", _WATM + "/profiles", answer=TrafficManagerProfileList, unwrap="profiles")
    async def list(self) -> builtins.list[TrafficManagerProfile]:
        """Every profile of the subscription."""

    @operation(
        "PUT",
        _PROFILE,
        body=TrafficManagerUpdateProfile,
        build=_update_body,
        answer=None,
        example={"name": "myapp-trafficmanager-net", "status": "Enabled", "enabled_version": 1},
    )
    async def update(
        self,
        name: ProfileName,
        status: Annotated[str, STATUS],
        enabled_version: Annotated[int, VERSION] = 1,
    ) -> None:
        """Enable (with the definition version ``enabled_version``) or disable (``status``) a profile."""

    @operation("DELETE", _PROFILE, answer=None, example={"name": "myapp-trafficmanager-net"})
    async def delete(self, name: ProfileName) -> None:
        """Delete a profile and its definitions."""

    @operation(
        "GET",
        _WATM + "/operations/isavailable/{domain_name}",
        answer=TrafficManagerDnsPrefixAvailability,
        unwrap="result",
        example={"domain_name": "myapp.trafficmanager.net"},
    )
    async def check_dns_prefix_availability(self, domain_name: Annotated[str, DOMAIN_NAME]) -> bool:
        """Whether ``domain_name`` (``<prefix>.trafficmanager.net``) is free for a new profile."""

    @operation(
        "POST",
        _DEFINITIONS,
        body=TrafficManagerDefinition,
        build=_definition_body,
        answer=None,
        checks=(_policy,),
        example={
            "profile_name": "myapp-trafficmanager-net",
            "ttl": 300,
            "monitors": [_EXAMPLE_MONITOR],
            "load_balancing_method": "Performance",
            "endpoints": [_EXAMPLE_ENDPOINT],
        },
    )
    async def create_definition(
        self,
        profile_name: ProfileName,
        ttl: Annotated[int, TTL],
        monitors: Annotated[builtins.list[TrafficManagerMonitor], MONITORS],
        load_balancing_method: Annotated[TrafficManagerLoadBalancingMethod | str, METHOD],
        endpoints: Annotated[builtins.list[TrafficManagerEndpoint], ENDPOINTS],
    ) -> None:
        """Add a definition (the service numbers it: the profile's next version).

        ``ttl``: DNS time to live in seconds; ``monitors``: exactly one
        :class:`TrafficManagerMonitor`; ``endpoints``: 1-100 :class:`TrafficManagerEndpoint`.
        """

    @operation(
        "GET",
        _DEFINITIONS + "/{version}",
        answer=TrafficManagerDefinition,
        example={"profile_name": "myapp-trafficmanager-net", "version": 1},
    )
    async def get_definition(
        self, profile_name: ProfileName, version: Annotated[int, VERSION]
    ) -> TrafficManagerDefinition:
        """A definition of a profile, with its status and version."""

    @operation(
        "GET",
        _DEFINITIONS,
        answer=TrafficManagerDefinitionList,
        unwrap="definitions",
        example={"profile_name": "myapp-trafficmanager-net"},
    )
    async def list_definitions(self, profile_name: ProfileName) -> builtins.list[TrafficManagerDefinition]:
        """Every definition of a profile."""
