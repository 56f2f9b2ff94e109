"""Reserved IPs: create, get, list, delete, associate and disassociate, replayed in full."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from aiosm import ServiceManagementSession
from aiosm.models import ReservedIP

from .flows import NS, create_hosted_service, wait_replaying_polls
from .replay import Recording, Replayer, replaying
from .test_replay_deployments import create_deployment

P = "test_legacy_mgmt_misc."


def _check(ip: ReservedIP, element: ET.Element) -> None:
    """A parsed reserved IP against the recorded XML, read independently."""
    assert ip.name == element.findtext(f"{NS}Name")
    assert ip.address == element.findtext(f"{NS}Address")
    assert ip.id == element.findtext(f"{NS}Id")
    assert ip.label == element.findtext(f"{NS}Label")
    assert ip.state == element.findtext(f"{NS}State")
    assert ip.location == element.findtext(f"{NS}Location")
    assert ip.in_use is None and ip.service_name == "" and ip.deployment_name == ""


async def create_reserved_ip(
    rec: Recording, replayer: Replayer, session: ServiceManagementSession, index: int
) -> str:
    """``create_reserved_ip_address(name, 'mylabel', 'West US')`` and wait on it."""
    body = rec[index].request_body
    assert body is not None
    name = ET.fromstring(body.encode("utf-8")).findtext(f"{NS}Name")
    assert name
    replayer.serve(index)
    op = await session.reserved_ips.create(name, "mylabel", "West US")
    await wait_replaying_polls(op, rec, replayer, index)
    return name


async def test_create_reserved_ip_address() -> None:
    async with replaying(P + "test_create_reserved_ip_address") as (rec, replayer, session):
        name = await create_reserved_ip(rec, replayer, session, 0)
        replayer.serve(3)
        ip = await session.reserved_ips.get(name)
    _check(ip, ET.fromstring(rec[3].response_body.encode("utf-8")))
    assert (ip.name, ip.address, ip.label) == ("ip49ef15b1", "23.99.56.121", "mylabel")


async def test_get_reserved_ip_address() -> None:
    async with replaying(P + "test_get_reserved_ip_address") as (rec, replayer, session):
        name = await create_reserved_ip(rec, replayer, session, 0)
        replayer.serve(3)
        ip = await session.reserved_ips.get(name)
    _check(ip, ET.fromstring(rec[3].response_body.encode("utf-8")))
    assert ip.id == "5f71d255-1d5c-46d5-a43e-47004ec7c4b0" and ip.state == "Created"


async def test_list_reserved_ip_addresses() -> None:
    async with replaying(P + "test_list_reserved_ip_addresses") as (rec, replayer, session):
        name = await create_reserved_ip(rec, replayer, session, 0)
        replayer.serve(3)
        ips = await session.reserved_ips.list()
    recorded = ET.fromstring(rec[3].response_body.encode("utf-8")).findall(f"{NS}ReservedIP")
    assert len(ips) == len(recorded) == 3
    for ip, element in zip(ips, recorded, strict=True):
        _check(ip, element)
    assert [ip.name for ip in ips].count(name) == 1


async def test_delete_reserved_ip_address() -> None:
    async with replaying(P + "test_delete_reserved_ip_address") as (rec, replayer, session):
        name = await create_reserved_ip(rec, replayer, session, 0)
        replayer.serve(4)
        op = await session.reserved_ips.delete(name)
        result = await wait_replaying_polls(op, rec, replayer, 4)
    assert result.succeeded


async def test_associate_and_disassociate_reserved_ip_address() -> None:
    """The whole recording: service, deployment, reserved IP, start, associate, disassociate,
    then the service with its deployment, whose virtual IP is not reserved any more."""
    async with replaying(P + "test_disassociate_reserved_ip_address") as (rec, replayer, session):
        service = await create_hosted_service(rec, replayer, session)
        await create_deployment(rec, replayer, session, service, 2)
        name = await create_reserved_ip(rec, replayer, session, 8)
        replayer.serve(11)
        op = await session.deployments.update_status(service, "utdeployment", "Running")
        await wait_replaying_polls(op, rec, replayer, 11)
        replayer.serve(14)
        op = await session.reserved_ips.associate(name, service, "utdeployment")
        await wait_replaying_polls(op, rec, replayer, 14)
        replayer.serve(26)
        op = await session.reserved_ips.disassociate(name, service, "utdeployment")
        await wait_replaying_polls(op, rec, replayer, 26)
        replayer.serve(39)
        hosted = await session.hosted_services.get(service, embed_detail=True)
    (deployment,) = hosted.deployments
    (vip,) = deployment.virtual_ips
    assert vip.address == "40.112.151.121" and vip.name == "__PseudoBackEndContractVip"
    assert vip.is_reserved is None and vip.reserved_ip_name == ""
    assert deployment.reserved_ip_name == ""
