"""The emulator's DNS servers of a deployment: ``DEP/dnsservers[/{name}]``.

They live on the deployment record and show in its ``<Dns><DnsServers>`` (Get Deployment).
Names are unique in a deployment, case-insensitively.
"""

from __future__ import annotations

from dataclasses import replace

from aiohttp import web

from ..models.dns_servers import DnsServerInput
from ._http import AsmFault, Handler, accepted, body_of
from .lookups import find_deployment
from .records import DeploymentRecord, DnsServerRecord


def _index(record: DeploymentRecord, name: str) -> int | None:
    for i, server in enumerate(record.dns_servers):
        if server.name.lower() == name.lower():
            return i
    return None


def _not_found(name: str) -> AsmFault:
    return AsmFault(404, "ResourceNotFound", f"The DNS server {name} was not found in the deployment.")


async def add(request: web.Request) -> web.Response:
    record = find_deployment(request)
    body = body_of(request, DnsServerInput)
    if _index(record, body.dns_server_name) is not None:
        raise AsmFault(
            409,
            "ConflictError",
            f"A DNS server named {body.dns_server_name} already exists in the deployment.",
        )
    server = DnsServerRecord(name=body.dns_server_name, address=body.address)
    changed = replace(record, dns_servers=(*record.dns_servers, server))
    return accepted(request, "add_dns_server", puts=[changed])


async def update(request: web.Request) -> web.Response:
    record = find_deployment(request)
    name = request.match_info["dns_server_name"]
    body = body_of(request, DnsServerInput)
    index = _index(record, name)
    if index is None:
        raise _not_found(name)
    if body.dns_server_name.lower() != name.lower():
        raise AsmFault(
            400, "BadRequest", "The DNS server name in the body does not match the one in the URI."
        )
    servers = list(record.dns_servers)
    servers[index] = replace(servers[index], address=body.address)
    return accepted(request, "update_dns_server", puts=[replace(record, dns_servers=tuple(servers))])


async def delete(request: web.Request) -> web.Response:
    record = find_deployment(request)
    name = request.match_info["dns_server_name"]
    index = _index(record, name)
    if index is None:
        raise _not_found(name)
    servers = record.dns_servers[:index] + record.dns_servers[index + 1 :]
    return accepted(request, "delete_dns_server", puts=[replace(record, dns_servers=servers)])


HANDLERS: dict[str, Handler] = {
    "dns_servers.add": add,
    "dns_servers.update": update,
    "dns_servers.delete": delete,
}
