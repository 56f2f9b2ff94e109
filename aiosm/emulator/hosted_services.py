"""Hosted (cloud) services: ``/services/hostedservices``."""

from __future__ import annotations

from dataclasses import replace

from aiohttp import web

from .. import validation as v
from ..models.hosted_services import (
    AvailabilityResponse,
    CreateHostedService,
    HostedService,
    HostedServiceList,
    UpdateHostedService,
)
from ._http import (
    AsmFault,
    Handler,
    accepted,
    body_of,
    context,
    now_iso,
    placement,
    subscription,
    url,
    valid_name,
    xml_response,
)
from .lookups import find_service
from .records import HostedServiceRecord
from .repository import deployments_of, hosted_service_name_taken, service_certificates
from .views import compute_capabilities, deployment_model, hosted_service_properties

TAKEN = "The specified DNS name is already taken."


def service_model(
    request: web.Request, record: HostedServiceRecord, *, detail: bool = False, listed: bool = False
) -> HostedService:
    """The service's answer: ``<Deployments>`` only with ``detail`` (absent, not empty, without),
    ``<ComputeCapabilities>`` only when ``listed``."""
    deployments = []
    if detail:
        deployments = [deployment_model(d) for d in deployments_of(context(request).state, record.name)]
    model = HostedService(
        url=url(request, f"/services/hostedservices/{record.name}"),
        service_name=record.name,
        hosted_service_properties=hosted_service_properties(record),
        deployments=deployments,
        compute_capabilities=compute_capabilities() if listed else None,
    )
    return model if detail else model.model_copy(update={"deployments": None})  # None is not written


async def list_services(request: web.Request) -> web.Response:
    sub = subscription(request)
    records = sorted(
        (r for r in context(request).state.values(HostedServiceRecord) if r.subscription == sub),
        key=lambda r: r.name.lower(),
    )
    return xml_response(
        HostedServiceList(hosted_services=[service_model(request, r, listed=True) for r in records])
    )


async def get_service(request: web.Request) -> web.Response:
    detail = request.query.get("embed-detail", "false").lower() == "true"
    return xml_response(service_model(request, find_service(request), detail=detail))


async def create_service(request: web.Request) -> web.Response:
    body = body_of(request, CreateHostedService)
    location, group = placement(request, body.location, body.affinity_group)
    if hosted_service_name_taken(context(request).state, body.service_name):
        raise AsmFault(409, "ConflictError", TAKEN)
    now = now_iso()
    record = HostedServiceRecord(
        subscription=subscription(request),
        name=body.service_name,
        label=body.label,
        description=body.description or "",
        location=location,
        affinity_group=group,
        extended_properties=dict(body.extended_properties or {}),
        created=now,
        modified=now,
    )
    return accepted(
        request,
        "create_hosted_service",
        puts=[record],
        status=201,
        headers={"Location": url(request, f"/compute/{body.service_name}")},
    )


async def update_service(request: web.Request) -> web.Response:
    record = find_service(request)
    body = body_of(request, UpdateHostedService)
    changed = replace(
        record,
        modified=now_iso(),
        label=record.label if body.label is None else body.label,
        description=record.description if body.description is None else body.description,
        extended_properties=(
            {**record.extended_properties, **body.extended_properties}
            if body.extended_properties
            else record.extended_properties
        ),
    )
    return accepted(request, "update_hosted_service", puts=[changed], status=200)


async def delete_service(request: web.Request) -> web.Response:
    record = find_service(request)
    name = record.name
    if deployments_of(context(request).state, name):
        raise AsmFault(
            409,
            "ConflictError",
            f"The hosted service {name} has deployments. Delete all deployments of the hosted service "
            "before deleting it.",
        )
    certificates = [c.ref for c in service_certificates(context(request).state, name)]
    # The service deletes a cloud service at once: 200 with a request id, not 202.
    return accepted(request, "delete_hosted_service", deletes=[record.ref, *certificates], status=200)


async def check_availability(request: web.Request) -> web.Response:
    name = request.match_info["service_name"]
    if hosted_service_name_taken(context(request).state, name):
        return xml_response(AvailabilityResponse(result=False, reason=TAKEN))
    if not valid_name(v.hosted_service_name, name):
        return xml_response(AvailabilityResponse(result=False, reason="The hosted service name is invalid."))
    return xml_response(AvailabilityResponse(result=True))


HANDLERS: dict[str, Handler] = {
    "hosted_services.list": list_services,
    "hosted_services.create": create_service,
    "hosted_services.check_name_availability": check_availability,
    "hosted_services.get": get_service,
    "hosted_services.update": update_service,
    "hosted_services.delete": delete_service,
}
