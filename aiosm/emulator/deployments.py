"""Cloud-service deployments: ``/services/hostedservices/{svc}/deploymentslots|deployments``."""

from __future__ import annotations

import base64
import binascii
import uuid
import zlib
from dataclasses import replace
from typing import Any

from aiohttp import web

from ..errors import ResponseParseError
from ..models.deployments import (
    ChangeConfiguration,
    CreateDeployment,
    RollbackUpdateOrUpgrade,
    Swap,
    UpdateDeploymentStatus,
    UpgradeDeployment,
    WalkUpgradeDomain,
)
from ..resources.deployments import UpgradeMode
from ..xml import parse_document
from ._http import AsmFault, Handler, accepted, body_of, context, now_iso, request_id, xml_response
from .lookups import NOT_FOUND, check_slot_free, find_deployment, find_service, release_role_disks, slot_name
from .records import (
    CloudRoleRecord,
    DeploymentRecord,
    InstanceStatusRecord,
    Record,
    Ref,
    UpgradeRecord,
    deployment_key,
)
from .repository import deployment_in_slot, settled
from .views import cloud_instances, deployment_model, upgrade_domain_count

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


def _cloud_roles(configuration: str) -> tuple[CloudRoleRecord, ...]:
    return tuple(
        CloudRoleRecord(name=r["name"], count=r["count"]) for r in _roles_from_configuration(configuration)
    )


def _vip(service_name: str, name: str) -> str:
    n = zlib.crc32(f"{service_name}/{name}".encode())
    return f"191.236.{n % 250}.{(n >> 8) % 250 + 1}"


def _private_id() -> str:
    return uuid.uuid4().hex


async def create(request: web.Request) -> web.Response:
    service = find_service(request)
    slot = slot_name(request.match_info["deployment_slot"])
    body = body_of(request, CreateDeployment)
    configuration = _decode_configuration(body.configuration)
    roles = _cloud_roles(configuration)
    check_slot_free(request, service.name, slot, body.name)
    now = now_iso()
    record = DeploymentRecord(
        subscription=service.subscription,
        service=service.name,
        name=body.name,
        slot=slot,
        private_id=_private_id(),
        status="Running" if body.start_deployment else "Suspended",
        label=body.label,
        package_url=body.package_url,
        configuration=configuration,
        roles=roles,
        extended_properties=dict(body.extended_properties or {}),
        created=now,
        modified=now,
        vip=_vip(service.name, body.name),
    )
    return accepted(request, "create_deployment", puts=[record])


async def get_by_slot(request: web.Request) -> web.Response:
    service = find_service(request)
    state = context(request).state
    slot = slot_name(request.match_info["deployment_slot"])
    record = deployment_in_slot(state, service.name, slot)
    if record is None:
        # As on Azure, a deployment being created is visible, in status Deploying.
        pending = state.pending_record(DeploymentRecord, deployment_key(service.name, slot))
        record = None if pending is None else replace(pending, status="Deploying")
    if record is None:
        raise AsmFault(404, "ResourceNotFound", NOT_FOUND)
    return xml_response(deployment_model(settled(state, record)))


async def get_by_name(request: web.Request) -> web.Response:
    return xml_response(deployment_model(find_deployment(request)))


async def change_configuration(request: web.Request) -> web.Response:
    """``POST DEP/?comp=config``: a new .cscfg (and so new role instance counts)."""
    record = find_deployment(request)
    body = body_of(request, ChangeConfiguration)
    _check_no_upgrade(record)
    configuration = _decode_configuration(body.configuration)
    changed = replace(
        record,
        modified=now_iso(),
        configuration=configuration,
        roles=record.roles if record.is_vm else _cloud_roles(configuration),
        removed_instances=record.removed_instances if record.is_vm else (),
        extended_properties=(
            {**record.extended_properties, **body.extended_properties}
            if body.extended_properties
            else record.extended_properties
        ),
    )
    if not record.is_vm and UpgradeMode(body.mode) is UpgradeMode.MANUAL:
        # A manual change is applied one upgrade domain at a time (Walk Upgrade Domain).
        changed = replace(changed, upgrade=_previous(record, "Manual"))
    return accepted(request, "change_configuration", puts=[changed])


# -- upgrades: in place, automatic or walked one upgrade domain at a time ---------------------------


def _check_no_upgrade(record: DeploymentRecord) -> None:
    if record.upgrade is not None:
        raise AsmFault(
            409,
            "ConflictError",
            f"An upgrade or configuration change is in progress on deployment {record.name}: walk its "
            "remaining upgrade domains or roll it back first.",
        )


def _previous(record: DeploymentRecord, upgrade_type: str) -> UpgradeRecord:
    """An upgrade of ``record`` starting at upgrade domain 0, that a rollback undoes."""
    return UpgradeRecord(
        upgrade_type=upgrade_type,
        previous_package_url=record.package_url,
        previous_configuration=record.configuration,
        previous_label=record.label,
        previous_roles=record.roles,
        previous_removed=record.removed_instances,
    )


def _begin(request: web.Request, record: DeploymentRecord, upgrade: UpgradeRecord, **changes: Any) -> None:
    """Show ``upgrade`` walking (``During``) while the operation of this request runs."""
    marked = replace(upgrade, walking=request_id(request))
    context(request).state.write(puts=[replace(record, upgrade=marked, **changes)])


async def upgrade(request: web.Request) -> web.Response:
    """``POST DEP/?comp=upgrade``: a new package and .cscfg, walked automatically or by hand."""
    record = find_deployment(request)
    body = body_of(request, UpgradeDeployment)
    if record.is_vm:
        raise AsmFault(
            400, "BadRequest", "Upgrade Deployment is not supported on a virtual machine deployment."
        )
    _check_no_upgrade(record)
    configuration = _decode_configuration(body.configuration)
    roles = _cloud_roles(configuration)
    if body.role_to_upgrade and body.role_to_upgrade not in {r.name for r in record.roles}:
        raise AsmFault(
            400, "BadRequest", f"The role {body.role_to_upgrade} does not exist in deployment {record.name}."
        )
    mode = UpgradeMode(body.mode).value
    upgraded = replace(
        record,
        modified=now_iso(),
        label=body.label,
        package_url=body.package_url,
        configuration=configuration,
        roles=roles,
        removed_instances=(),
        extended_properties=(
            {**record.extended_properties, **body.extended_properties}
            if body.extended_properties
            else record.extended_properties
        ),
    )
    if mode == UpgradeMode.MANUAL.value:
        # Started: Walk Upgrade Domain then updates domain 0, 1, ... in order.
        return accepted(
            request, "upgrade_deployment", puts=[replace(upgraded, upgrade=_previous(record, mode))]
        )
    _begin(request, record, _previous(record, mode))
    return accepted(request, "upgrade_deployment", puts=[upgraded])


async def walk_upgrade_domain(request: web.Request) -> web.Response:
    """``POST DEP/?comp=walkupgradedomain``: update the next upgrade domain of a manual upgrade."""
    record = find_deployment(request)
    body = body_of(request, WalkUpgradeDomain)
    current = record.upgrade
    if current is None or current.upgrade_type != UpgradeMode.MANUAL.value:
        raise AsmFault(
            409,
            "ConflictError",
            f"No manual upgrade or configuration change is in progress on deployment {record.name}.",
        )
    if body.upgrade_domain != current.domain:
        raise AsmFault(
            400,
            "BadRequest",
            f"The upgrade domain {body.upgrade_domain} cannot be walked: upgrade domain {current.domain} "
            "is the next one to walk.",
        )
    last = current.domain + 1 >= upgrade_domain_count(record)
    done = replace(
        record,
        modified=now_iso(),
        upgrade=None if last else replace(current, domain=current.domain + 1, walking=""),
    )
    # The instances of the domain being updated are busy while the walk runs.
    busy = tuple(
        InstanceStatusRecord(instance=i.instance_name, status="BusyRole", operation=request_id(request))
        for i in cloud_instances(record)
        if i.instance_upgrade_domain == current.domain and i.instance_name not in record.removed_instances
    )
    _begin(request, record, current, instance_statuses=busy)
    return accepted(request, "walk_upgrade_domain", puts=[done])


async def rollback(request: web.Request) -> web.Response:
    """``POST DEP/?comp=rollback``: back to the package and .cscfg before the upgrade in progress."""
    record = find_deployment(request)
    body = body_of(request, RollbackUpdateOrUpgrade)
    current = record.upgrade
    if current is None:
        raise AsmFault(
            409,
            "ConflictError",
            f"Rollback is not allowed: no update or upgrade is in progress on deployment {record.name}.",
        )
    restored = replace(
        record,
        modified=now_iso(),
        package_url=current.previous_package_url,
        configuration=current.previous_configuration,
        label=current.previous_label,
        roles=current.previous_roles,
        removed_instances=current.previous_removed,
    )
    if body.mode.lower() == "manual":
        # The rollback is itself walked, domain by domain; rolling it back returns to the upgrade.
        return accepted(
            request,
            "rollback_update_or_upgrade",
            puts=[replace(restored, upgrade=_previous(record, "Manual"))],
        )
    _begin(request, record, current)
    return accepted(request, "rollback_update_or_upgrade", puts=[replace(restored, upgrade=None)])


async def update_status(request: web.Request) -> web.Response:
    """``POST DEP/?comp=status``: Running or Suspended."""
    record = find_deployment(request)
    body = body_of(request, UpdateDeploymentStatus)
    status = "Running" if body.status.lower() == "running" else "Suspended"
    changed = replace(record, modified=now_iso(), status=status)
    return accepted(request, "update_deployment_status", puts=[changed])


async def delete(request: web.Request) -> web.Response:
    record = find_deployment(request)
    # A VM deployment's disks stay in the disk repository (leased a moment), or go with comp=media.
    delete_vhd = request.query.get("comp", "").lower() == "media"
    puts, deletes = release_role_disks(
        request, record, record.vm_roles or (), "delete_deployment", delete_vhd=delete_vhd
    )
    return accepted(request, "delete_deployment", puts=puts, deletes=[record.ref, *deletes])


async def swap(request: web.Request) -> web.Response:
    """``POST HS`` with a ``<Swap>`` body: exchange the production and staging deployments."""
    service = find_service(request)
    body = body_of(request, Swap)
    state = context(request).state
    name = service.name
    production = deployment_in_slot(state, name, "Production")
    staging = deployment_in_slot(state, name, "Staging")
    if production is None and staging is None:
        raise AsmFault(404, "ResourceNotFound", NOT_FOUND)
    if staging is None or staging.name != body.source_deployment:
        raise AsmFault(
            400,
            "BadRequest",
            f"The deployment {body.source_deployment} is not in the staging slot of hosted service {name}.",
        )
    if production is not None and production.name != body.production:
        raise AsmFault(
            400,
            "BadRequest",
            f"The deployment {body.production} is not in the production slot of hosted service {name}.",
        )
    puts: list[Record] = [replace(staging, slot="Production")]
    deletes: list[Ref] = []
    if production is not None:
        puts.append(replace(production, slot="Staging"))
    else:
        deletes.append(staging.ref)
    return accepted(request, "swap_deployment", puts=puts, deletes=deletes)


HANDLERS: dict[str, Handler] = {
    "deployments.swap": swap,
    "deployments.create": create,
    "deployments.get_by_slot": get_by_slot,
    "deployments.get_by_name": get_by_name,
    "deployments.delete": delete,
    "deployments.change_configuration": change_configuration,
    "deployments.update_status": update_status,
    "deployments.upgrade": upgrade,
    "deployments.walk_upgrade_domain": walk_upgrade_domain,
    "deployments.rollback": rollback,
}
