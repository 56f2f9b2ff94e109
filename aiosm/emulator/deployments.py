"""Cloud-service deployments: ``/services/hostedservices/{svc}/deploymentslots|deployments``."""

from __future__ import annotations

import base64
import binascii
import uuid
import zlib
from typing import Any

from aiohttp import web

from ..errors import ResponseParseError
from ..models.deployments import (
    ChangeConfiguration,
    CreateDeployment,
    Deployment,
    Role,
    RoleInstance,
    Swap,
    UpdateDeploymentStatus,
    VirtualIP,
)
from ..xml import parse_document
from ._http import (
    AsmFault,
    Route,
    accepted,
    check_label,
    check_not_busy,
    context,
    now_iso,
    parse_body,
    xml_response,
)
from .hosted_services import find_service, lock
from .state import Put, Record

NOT_FOUND = "No deployments were found."
_SLOTS = {"production": "Production", "staging": "Staging"}
_OS_VERSION = "WA-GUEST-OS-4.22_201506-01"


def slot_name(value: str) -> str:
    slot = _SLOTS.get(value.lower())
    if slot is None:
        raise AsmFault(400, "BadRequest", f"The deployment slot '{value}' is invalid.")
    return slot


def key(service_name: str, slot: str) -> str:
    return f"{service_name.lower()}/{slot.lower()}"


def deployments_of(request: web.Request, service_name: str) -> list[Record]:
    """The service's deployments, production first."""
    state = context(request).state
    found = [state.get("deployment", key(service_name, slot)) for slot in _SLOTS]
    return [d for d in found if d is not None]


def find_by_name(request: web.Request) -> Record:
    service = find_service(request)
    name = request.match_info["dep"]
    for record in deployments_of(request, service["name"]):
        if record["name"] == name:
            return record
    raise AsmFault(404, "ResourceNotFound", NOT_FOUND)


def check_slot_free(request: web.Request, service_name: str, slot: str, deployment_name: str) -> None:
    state = context(request).state
    k = key(service_name, slot)
    existing = state.get("deployment", k)
    if existing is not None or state.pending_put("deployment", k):
        occupant = existing["name"] if existing else "being created"
        raise AsmFault(
            409,
            "ConflictError",
            f"The {slot} deployment slot of hosted service {service_name} is occupied ({occupant}).",
        )
    for record in deployments_of(request, service_name):
        if record["name"] == deployment_name:
            raise AsmFault(
                409,
                "ConflictError",
                f"A deployment named {deployment_name} already exists in hosted service {service_name}.",
            )


MAX_ROLES = 25
"""Web and worker roles per deployment (Azure's limit)."""
MAX_INSTANCES = 1000
"""Role instances per deployment: the emulator's stand-in for the subscription's core quota."""
_BAD_CONFIGURATION = (
    "The specified configuration settings for Configuration are invalid. Verify that the service "
    "configuration file is a valid XML file, and that role instance counts are specified as "
    "positive integers."
)


def _instance_count(role: dict[str, Any]) -> int:
    instances = role.get("Instances")
    if instances is None:
        return 1
    count = instances.get("@count") if isinstance(instances, dict) else None
    digits = count.strip() if isinstance(count, str) else ""
    if not digits.isascii() or not digits.isdigit():
        raise AsmFault(400, "BadRequest", _BAD_CONFIGURATION)
    number = int(digits) if len(digits) <= 9 else MAX_INSTANCES + 1
    if number < 1:
        raise AsmFault(400, "BadRequest", _BAD_CONFIGURATION)
    return number


def _roles_from_configuration(configuration: str) -> list[dict[str, Any]]:
    try:
        document = parse_document(configuration)
    except ResponseParseError:
        raise AsmFault(400, "BadRequest", _BAD_CONFIGURATION) from None
    root = document.get("ServiceConfiguration")
    roles = root.get("Role") if isinstance(root, dict) else None
    if isinstance(roles, dict):
        roles = [roles]
    if not isinstance(roles, list):
        roles = []
    if len(roles) > MAX_ROLES:
        raise AsmFault(400, "BadRequest", f"A deployment may have at most {MAX_ROLES} roles.")
    result: list[dict[str, Any]] = []
    for role in roles:
        if not isinstance(role, dict):
            raise AsmFault(400, "BadRequest", _BAD_CONFIGURATION)
        result.append({"name": str(role.get("@name", "WebRole1")), "count": _instance_count(role)})
    total = sum(int(r["count"]) for r in result)
    if total > MAX_INSTANCES:
        raise AsmFault(
            409,
            "ConflictError",
            "Operation could not be completed as it results in exceeding the allowed core quota. "
            f"Additional Requested: {total}, Maximum Allowed: {MAX_INSTANCES}.",
        )
    return result or [{"name": "WebRole1", "count": 1}]


def _decode_configuration(text: str) -> str:
    try:
        return base64.b64decode(text, validate=True).decode("utf-8-sig")
    except (binascii.Error, ValueError):
        raise AsmFault(400, "BadRequest", "The configuration is not valid base64-encoded text.") from None


def _instances(record: Record) -> list[RoleInstance]:
    running = record["status"] == "Running"
    instances = []
    for role_index, role in enumerate(record.get("roles", [])):
        for i in range(role["count"]):
            instances.append(
                RoleInstance(
                    role_name=role["name"],
                    instance_name=f"{role['name']}_IN_{i}",
                    instance_status="ReadyRole" if running else "StoppedVM",
                    instance_upgrade_domain=i % 5,
                    instance_fault_domain=i % 2,
                    instance_size="Small",
                    ip_address=f"10.{role_index}.0.{4 + i}",
                    power_state="Started" if running else "Stopped",
                )
            )
    return instances


def deployment_model(request: web.Request, record: Record) -> Deployment:
    from .virtual_machines import vm_instances, vm_roles

    is_vm = "vm_roles" in record
    host = record["service"] if record["slot"] == "Production" else record["private_id"]
    roles = (
        vm_roles(record)
        if is_vm
        else [Role(role_name=r["name"], os_version=_OS_VERSION) for r in record["roles"]]
    )
    instances = vm_instances(record) if is_vm else _instances(record)
    return Deployment(
        name=record["name"],
        deployment_slot=record["slot"],
        private_id=record["private_id"],
        status=record["status"],
        label=record["label"],
        url=f"http://{host}.cloudapp.net/",
        configuration=record.get("configuration", ""),
        role_instance_list=instances,
        upgrade_domain_count=1 if is_vm else max([r["count"] for r in record["roles"]] + [1]),
        role_list=roles,
        sdk_version="" if is_vm else "2.6.6496.1",
        locked=False,
        rollback_allowed=False,
        created_time=record["created"],
        last_modified_time=record["modified"],
        extended_properties=record.get("extended_properties", {}),
        virtual_ips=[
            VirtualIP(
                address=record["vip"], is_dns_programmed=True, name=f"{record['service']}ContractContract"
            )
        ],
    )


def _vip(service_name: str, name: str) -> str:
    n = zlib.crc32(f"{service_name}/{name}".encode())
    return f"191.236.{n % 250}.{(n >> 8) % 250 + 1}"


def _private_id() -> str:
    return uuid.uuid4().hex


async def create(request: web.Request) -> web.Response:
    service = find_service(request)
    slot = slot_name(request.match_info["slot"])
    body = await parse_body(request, CreateDeployment)
    check_label(body.label)
    configuration = _decode_configuration(body.configuration)
    roles = _roles_from_configuration(configuration)
    check_not_busy(request, lock(service["name"]))
    check_slot_free(request, service["name"], slot, body.name)
    now = now_iso()
    record: Record = {
        "subscription": service["subscription"],
        "service": service["name"],
        "name": body.name,
        "slot": slot,
        "private_id": _private_id(),
        "status": "Running" if body.start_deployment else "Suspended",
        "label": body.label,
        "package_url": body.package_url,
        "configuration": configuration,
        "roles": roles,
        "extended_properties": dict(body.extended_properties or {}),
        "created": now,
        "modified": now,
        "vip": _vip(service["name"], body.name),
    }
    return accepted(
        request,
        "create_deployment",
        puts=[("deployment", key(service["name"], slot), record)],
        lock=lock(service["name"]),
    )


async def get_by_slot(request: web.Request) -> web.Response:
    service = find_service(request)
    record = context(request).state.get(
        "deployment", key(service["name"], slot_name(request.match_info["slot"]))
    )
    if record is None:
        raise AsmFault(404, "ResourceNotFound", NOT_FOUND)
    return xml_response(deployment_model(request, record))


async def get_by_name(request: web.Request) -> web.Response:
    return xml_response(deployment_model(request, find_by_name(request)))


def _update(record: Record, **changes: Any) -> Put:
    changed = {**record, **changes, "modified": now_iso()}
    return ("deployment", key(record["service"], record["slot"]), changed)


async def post_deployment(request: web.Request) -> web.Response:
    """``POST DEP/?comp=config|status``."""
    record = find_by_name(request)
    comp = request.query.get("comp", "").lower()
    if comp == "config":
        body = await parse_body(request, ChangeConfiguration)
        if body.mode.lower() not in ("auto", "manual"):
            raise AsmFault(400, "BadRequest", f"The upgrade mode '{body.mode}' is invalid.")
        configuration = _decode_configuration(body.configuration)
        changes: dict[str, Any] = {"configuration": configuration}
        if "vm_roles" not in record:
            changes["roles"] = _roles_from_configuration(configuration)
        if body.extended_properties:
            changes["extended_properties"] = {
                **record.get("extended_properties", {}),
                **body.extended_properties,
            }
        kind = "change_configuration"
    elif comp == "status":
        status_body = await parse_body(request, UpdateDeploymentStatus)
        status = {"running": "Running", "suspended": "Suspended"}.get(status_body.status.lower())
        if status is None:
            raise AsmFault(400, "BadRequest", f"The deployment status '{status_body.status}' is invalid.")
        changes = {"status": status}
        kind = "update_deployment_status"
    else:
        raise AsmFault(
            400,
            "MissingOrInvalidRequiredQueryParameter",
            "A required query parameter was not specified for this request or was specified incorrectly.",
        )
    check_not_busy(request, lock(record["service"]))
    return accepted(request, kind, puts=[_update(record, **changes)], lock=lock(record["service"]))


async def delete(request: web.Request) -> web.Response:
    record = find_by_name(request)
    check_not_busy(request, lock(record["service"]))
    return accepted(
        request,
        "delete_deployment",
        deletes=[("deployment", key(record["service"], record["slot"]))],
        lock=lock(record["service"]),
    )


async def swap(request: web.Request) -> web.Response:
    """``POST HS`` with a ``<Swap>`` body: exchange the production and staging deployments."""
    service = find_service(request)
    body = await parse_body(request, Swap)
    state = context(request).state
    name = service["name"]
    production = state.get("deployment", key(name, "Production"))
    staging = state.get("deployment", key(name, "Staging"))
    if production is None and staging is None:
        raise AsmFault(404, "ResourceNotFound", NOT_FOUND)
    if staging is None or staging["name"] != body.source_deployment:
        raise AsmFault(
            400,
            "BadRequest",
            f"The deployment {body.source_deployment} is not in the staging slot of hosted service {name}.",
        )
    if production is not None and production["name"] != body.production:
        raise AsmFault(
            400,
            "BadRequest",
            f"The deployment {body.production} is not in the production slot of hosted service {name}.",
        )
    check_not_busy(request, lock(name))
    puts: list[Put] = [("deployment", key(name, "Production"), {**staging, "slot": "Production"})]
    deletes = []
    if production is not None:
        puts.append(("deployment", key(name, "Staging"), {**production, "slot": "Staging"}))
    else:
        deletes.append(("deployment", key(name, "Staging")))
    return accepted(request, "swap_deployment", puts=puts, deletes=deletes, lock=lock(name))


_HS = "/services/hostedservices/{svc}"
ROUTES: list[Route] = [
    ("POST", _HS, swap),
    ("POST", f"{_HS}/deploymentslots/{{slot}}", create),
    ("GET", f"{_HS}/deploymentslots/{{slot}}", get_by_slot),
    ("GET", f"{_HS}/deployments/{{dep}}", get_by_name),
    ("DELETE", f"{_HS}/deployments/{{dep}}", delete),
    ("POST", f"{_HS}/deployments/{{dep}}/", post_deployment),
    ("POST", f"{_HS}/deployments/{{dep}}", post_deployment),
]
