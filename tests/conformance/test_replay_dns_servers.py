"""DNS servers of a deployment: add, update and delete, from the VM recording that holds them."""

from __future__ import annotations

from .flows import (
    check_deployment_against_xml,
    create_hosted_service,
    upload_recorded_certificate,
    wait_replaying_polls,
)
from .replay import replaying

NAME = "test_legacy_mgmt_misc.test_add_update_delete_dns_server"


async def test_add_update_delete_dns_server() -> None:
    """Every interaction kept: the service, its service certificate (the PFX the VM's WinRM
    listener uses), then (after the recording's gap: the VM deployment) the deployment polls and
    add_dns_server / update_dns_server / delete_dns_server, each waited on."""
    async with replaying(NAME) as (rec, replayer, session):
        service = await create_hosted_service(rec, replayer, session)
        await upload_recorded_certificate(rec, replayer, session, service)
        for index in (5, 6, 7):
            replayer.serve(index)
            deployment = await session.deployments.get_by_name(service, service)
            check_deployment_against_xml(deployment, rec[index].response_body)
        assert deployment.dns is None  # no DNS server yet
        replayer.serve(8)
        op = await session.dns_servers.add(service, service, "mydnsserver", "192.168.144.1")
        await wait_replaying_polls(op, rec, replayer, 8)
        replayer.serve(14)
        op = await session.dns_servers.update(service, service, "mydnsserver", "192.168.144.2")
        await wait_replaying_polls(op, rec, replayer, 14)
        replayer.serve(20)
        op = await session.dns_servers.delete(service, service, "mydnsserver")
        result = await wait_replaying_polls(op, rec, replayer, 20)
    assert result.succeeded
