"""Virtual machines: VM deployments (``POST HS/deployments``) and their roles."""

from __future__ import annotations

import uuid
import zlib

from aiohttp import web

from ..xml import local_name
from ._http import AsmFault, Handler, accepted, body_element, check_argument, now_iso, xml_response
from .lookups import check_slot_free, find_deployment, find_service, slot_name
from .records import DeploymentRecord
from .views import role_model
from .vm_roles import children, invalid, parse_role, text


async def create_deployment(request: web.Request) -> web.Response:
    service = find_service(request)
    raw = await body_element(request)
    if local_name(raw.tag) != "Deployment":
        raise AsmFault(
            400, "InvalidXmlRequest", "The request body's XML was invalid or not correctly specified."
        )
    name = text(raw, "Name")
    if not name:
        raise invalid("deployment Name")
    slot = slot_name(text(raw, "DeploymentSlot") or "")
    if slot != "Production":
        raise AsmFault(
            400, "BadRequest", "Virtual machine deployments can only be created in the production slot."
        )
    label = text(raw, "Label") or ""
    check_argument(request, "label", label)
    network_name = text(raw, "VirtualNetworkName")
    if network_name:
        raise AsmFault(400, "BadRequest", f"The virtual network {network_name} does not exist.")
    roles = [parse_role(request, service.name, r) for r in children(raw, "RoleList", "Role")]
    if len(roles) != 1:
        raise AsmFault(400, "BadRequest", "A virtual machine deployment must hold exactly one role.")
    check_slot_free(request, service.name, slot, name)
    now = now_iso()
    n = zlib.crc32(f"{service.name}/{name}".encode())
    record = DeploymentRecord(
        subscription=service.subscription,
        service=service.name,
        name=name,
        slot=slot,
        private_id=uuid.uuid4().hex,
        status="Running",
        label=label,
        vm_roles=tuple(roles),
        created=now,
        modified=now,
        vip=f"104.42.{n % 250}.{(n >> 8) % 250 + 1}",
    )
    return accepted(request, "create_virtual_machine_deployment", puts=[record])


async def get_role(request: web.Request) -> web.Response:
    record = find_deployment(request)
    name = request.match_info["role_name"]
    for role in record.vm_roles or ():
        if role.role_name == name:
            return xml_response(role_model(role, record.vip))
    raise AsmFault(404, "ResourceNotFound", f"Role {name} was not found in the currently deployed service.")


HANDLERS: dict[str, Handler] = {
    "virtual_machines.create_deployment": create_deployment,
    "virtual_machines.get_role": get_role,
}
