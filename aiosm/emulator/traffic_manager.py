"""The emulator's Traffic Manager: ``/services/WATM``.

A profile owns its DNS name across every subscription (names are compared case-insensitively).
Definitions are numbered 1, 2, ... per profile; the newest definition becomes the enabled one and
enables the profile; Update Profile enables (a given version) or disables it. Deleting a profile
deletes its definitions.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from aiohttp import web

from ..errors import InvalidInputError, ResponseParseError
from ..models.traffic_manager import (
    TrafficManagerCreateProfile,
    TrafficManagerDefinition,
    TrafficManagerDefinitionList,
    TrafficManagerDefinitionVersion,
    TrafficManagerDnsPrefixAvailability,
    TrafficManagerPolicy,
    TrafficManagerProfile,
    TrafficManagerProfileList,
    TrafficManagerProfileStatusDetails,
    TrafficManagerUpdateProfile,
)
from ..resources.traffic_manager import check_endpoints, check_locations, check_monitor
from ..xml import XmlModel
from ._http import (
    BAD_XML,
    AsmFault,
    Handler,
    accepted,
    body_element,
    body_of,
    call,
    context,
    subscription,
    xml_response,
)
from .records import TrafficManagerProfileRecord
from .state import State

_M = TypeVar("_M", bound=XmlModel)


async def _body(request: web.Request, model: type[_M]) -> _M:
    """A composite body (declared with ``build=``), which the routing layer leaves to the handler."""
    try:
        return model.from_element(await body_element(request))
    except (InvalidInputError, ResponseParseError):
        raise AsmFault(400, "InvalidXmlRequest", BAD_XML) from None


def _key(sub: str, name: str) -> str:
    return f"{sub}/{name.lower()}"


def _find(request: web.Request, name: str) -> TrafficManagerProfileRecord:
    record = context(request).state.get(TrafficManagerProfileRecord, _key(subscription(request), name))
    if record is None:
        raise AsmFault(404, "ResourceNotFound", f"The profile {name} does not exist.")
    return record


def _definition(record: TrafficManagerProfileRecord, version: int) -> TrafficManagerDefinition:
    stored = TrafficManagerDefinition.from_xml(record.definitions[version - 1])
    enabled = record.status == "Enabled" and record.enabled_version == version
    policy = stored.policy or TrafficManagerPolicy()
    endpoints = [
        e.model_copy(update={"monitor_status": "Online" if e.status == "Enabled" else "Disabled"})
        for e in policy.endpoints
    ]
    online = any(e.monitor_status == "Online" for e in endpoints)
    policy = policy.model_copy(
        update={"endpoints": endpoints, "monitor_status": "Online" if online else "Inactive"}
    )
    return stored.model_copy(
        update={"status": "Enabled" if enabled else "Disabled", "version": version, "policy": policy}
    )


def _profile(record: TrafficManagerProfileRecord) -> TrafficManagerProfile:
    return TrafficManagerProfile(
        domain_name=record.domain_name,
        name=record.name,
        status=record.status,
        status_details=TrafficManagerProfileStatusDetails(enabled_version=record.enabled_version or None),
        definitions=[
            TrafficManagerDefinitionVersion(status=d.status or "", version=d.version)
            for d in (_definition(record, i + 1) for i in range(len(record.definitions)))
        ],
    )


def _domain_taken(state: State, domain_name: str) -> bool:
    return any(
        r.domain_name.lower() == domain_name.lower() for r in state.values(TrafficManagerProfileRecord)
    )


async def create(request: web.Request) -> web.Response:
    body = body_of(request, TrafficManagerCreateProfile)
    state, sub = context(request).state, subscription(request)
    if state.get(TrafficManagerProfileRecord, _key(sub, body.name)) is not None:
        raise AsmFault(409, "ConflictError", f"A profile with the name {body.name} already exists.")
    if _domain_taken(state, body.domain_name):
        raise AsmFault(409, "ConflictError", f"The domain name {body.domain_name} is not available.")
    record = TrafficManagerProfileRecord(subscription=sub, name=body.name, domain_name=body.domain_name)
    return accepted(request, "create_traffic_manager_profile", puts=[record], status=200)


async def get(request: web.Request) -> web.Response:
    return xml_response(_profile(_find(request, request.match_info["name"])))


async def list_(request: web.Request) -> web.Response:
    sub = subscription(request)
    records = sorted(
        (r for r in context(request).state.values(TrafficManagerProfileRecord) if r.subscription == sub),
        key=lambda r: r.name.lower(),
    )
    return xml_response(TrafficManagerProfileList(profiles=[_profile(r) for r in records]))


async def update(request: web.Request) -> web.Response:
    record = _find(request, request.match_info["name"])
    body = await _body(request, TrafficManagerUpdateProfile)
    status = body.status.capitalize()
    if status not in ("Enabled", "Disabled"):
        raise AsmFault(400, "BadRequest", "The profile status must be Enabled or Disabled.")
    version = body.status_details.enabled_version or record.enabled_version
    if status == "Enabled" and not 1 <= version <= len(record.definitions):
        raise AsmFault(
            400, "BadRequest", f"The profile {record.name} has no definition version {version} to enable."
        )
    changed = replace(
        record, status=status, enabled_version=version if status == "Enabled" else record.enabled_version
    )
    return accepted(request, "update_traffic_manager_profile", puts=[changed], status=200)


async def delete(request: web.Request) -> web.Response:
    record = _find(request, request.match_info["name"])
    return accepted(request, "delete_traffic_manager_profile", deletes=[record.ref], status=200)


async def check_availability(request: web.Request) -> web.Response:
    domain_name = call(request).path["domain_name"]
    taken = _domain_taken(context(request).state, domain_name)
    return xml_response(TrafficManagerDnsPrefixAvailability(result=not taken))


async def create_definition(request: web.Request) -> web.Response:
    record = _find(request, request.match_info["profile_name"])
    body = await _body(request, TrafficManagerDefinition)
    ttl = body.dns_options.time_to_live_in_seconds if body.dns_options else None
    try:
        if ttl is None or not 30 <= ttl <= 999_999:
            raise InvalidInputError("ttl", "30-999999")
        if body.policy is None or body.policy.load_balancing_method is None:
            raise InvalidInputError("load_balancing_method", "Performance, Failover or RoundRobin")
        if len(body.monitors) != 1:
            raise InvalidInputError("monitors", "exactly one monitor")
        check_monitor("monitors[0]", body.monitors[0])
        check_endpoints("endpoints", body.policy.endpoints)
        check_locations(body.policy.load_balancing_method, body.policy.endpoints)
    except InvalidInputError as error:
        raise AsmFault(
            400, "BadRequest", f"The definition is invalid: {error.field} must be {error.rule}."
        ) from None
    stored = body.model_copy(update={"status": None, "version": None})
    version = len(record.definitions) + 1
    changed = replace(
        record,
        definitions=(*record.definitions, stored.to_xml().decode()),
        status="Enabled",
        enabled_version=version,
    )
    return accepted(request, "create_traffic_manager_definition", puts=[changed], status=200)


def _version(request: web.Request, record: TrafficManagerProfileRecord) -> int:
    raw = request.match_info["version"]
    version = int(raw) if raw.isdigit() else 0
    if not 1 <= version <= len(record.definitions):
        raise AsmFault(
            404, "ResourceNotFound", f"The definition {raw} of profile {record.name} does not exist."
        )
    return version


async def get_definition(request: web.Request) -> web.Response:
    record = _find(request, request.match_info["profile_name"])
    return xml_response(_definition(record, _version(request, record)))


async def list_definitions(request: web.Request) -> web.Response:
    record = _find(request, request.match_info["profile_name"])
    definitions = [_definition(record, i + 1) for i in range(len(record.definitions))]
    return xml_response(TrafficManagerDefinitionList(definitions=definitions))


HANDLERS: dict[str, Handler] = {
    "traffic_manager.create": create,
    "traffic_manager.get": get,
    "traffic_manager.list": list_,
    "traffic_manager.update": update,
    "traffic_manager.delete": delete,
    "traffic_manager.check_dns_prefix_availability": check_availability,
    "traffic_manager.create_definition": create_definition,
    "traffic_manager.get_definition": get_definition,
    "traffic_manager.list_definitions": list_definitions,
}
