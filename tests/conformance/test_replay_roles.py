"""VM role recordings replayed whole, in order: add_role (Linux), add/update/delete role (Windows),
capture_role, shutdown/start/restart role. Each recording is truncated (the public image list and
the requests made before its gap are not kept); every interaction kept is replayed, and the parsed
answers are checked against the recorded XML.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from aiosm import ServiceManagementSession
from aiosm.errors import NotFoundError
from aiosm.models import OperationStatus, Role

from .flows import (
    NS,
    check_deployment_against_xml,
    check_role_against_xml,
    create_hosted_service,
    upload_recorded_certificate,
    wait_replaying_polls,
)
from .replay import Recording, Replayer, replaying

P = "test_legacy_mgmt_misc."


async def hosted_service_created(
    rec: Recording, replayer: Replayer, session: ServiceManagementSession
) -> str:
    """Interactions 0-4: create_hosted_service (201), the legacy test's status poll of it, then the
    service certificate (the PFX the VMs' WinRM and SSH settings name) and its polls."""
    service = await create_hosted_service(rec, replayer, session)
    assert rec[0].request_id is not None
    replayer.serve(1)
    status = await session.operations.get(rec[0].request_id)
    assert status.status is OperationStatus.SUCCEEDED
    await upload_recorded_certificate(rec, replayer, session, service)
    return service


def check_role_extras(role: Role, body: str) -> None:
    """The Get Role fields beyond the shared check: VM image, media location, guest agent."""
    root = ET.fromstring(body.encode("utf-8"))
    assert role.vm_image_name == (root.findtext(f"{NS}VMImageName") or "")
    assert role.media_location == (root.findtext(f"{NS}MediaLocation") or "")
    agent = root.findtext(f"{NS}ProvisionGuestAgent")
    assert role.provision_guest_agent == (None if agent is None else agent == "true")
    references = root.findall(f"{NS}ResourceExtensionReferences/{NS}ResourceExtensionReference")
    assert len(role.resource_extension_references or []) == len(references)


async def test_add_role_linux() -> None:
    """The deployment with the added role (5), both roles (6, 7), the service with details (8)."""
    async with replaying(P + "test_add_role_linux") as (rec, replayer, session):
        service = await hosted_service_created(rec, replayer, session)
        replayer.serve(5)
        deployment = await session.deployments.get_by_name(service, service)
        roles = []
        for index in (6, 7):
            replayer.serve(index)
            roles.append(
                await session.virtual_machines.get_role(service, service, rec[index].url.path.split("/")[-1])
            )
        replayer.serve(8)
        hosted = await session.hosted_services.get(service, embed_detail=True)
    check_deployment_against_xml(deployment, rec[5].response_body)
    assert [(i.role_name, i.instance_status) for i in deployment.role_instance_list] == [
        (service + "a", "ReadyRole"),
        (service + "b", "ReadyRole"),
    ]
    for role, index in zip(roles, (6, 7), strict=True):
        check_role_against_xml(role, rec[index].response_body)
        check_role_extras(role, rec[index].response_body)
    assert [r.role_name for r in roles] == [service + "a", service + "b"]
    (embedded,) = hosted.deployments
    assert [r.role_name for r in embedded.role_list] == [service + "a", service + "b"]


async def test_add_update_delete_role_windows() -> None:
    """The two-role deployment (5, 6), role a after update_role (7), delete_role(role b) and its
    polls (8-16), role a again (17) and role b gone (18, 404)."""
    async with replaying(P + "test_add_update_delete_role_windows") as (rec, replayer, session):
        service = await hosted_service_created(rec, replayer, session)
        deployments = []
        for index in (5, 6):
            replayer.serve(index)
            deployments.append(await session.deployments.get_by_name(service, service))
        replayer.serve(7)
        updated = await session.virtual_machines.get_role(service, service, service + "a")
        replayer.serve(8)
        op = await session.roles.delete(service, service, service + "b")
        await wait_replaying_polls(op, rec, replayer, 8)
        replayer.serve(17)
        role_a = await session.virtual_machines.get_role(service, service, service + "a")
        replayer.serve(18)
        with pytest.raises(NotFoundError) as gone:
            await session.virtual_machines.get_role(service, service, service + "b")
    for deployment, index in zip(deployments, (5, 6), strict=True):
        check_deployment_against_xml(deployment, rec[index].response_body)
        assert len(deployment.role_list) == 2
    for role, index in ((updated, 7), (role_a, 17)):
        check_role_against_xml(role, rec[index].response_body)
        check_role_extras(role, rec[index].response_body)
    assert updated.role_size == "Medium"
    assert gone.value.message == f"Role {service}b was not found in the currently deployed service."


async def test_capture_role() -> None:
    """Deployment polls (5-7), shutdown_role (8-14), the stopped VM (15), capture_role (16-20) and
    the captured image (21)."""
    async with replaying(P + "test_capture_role") as (rec, replayer, session):
        service = await hosted_service_created(rec, replayer, session)
        polled = []
        for index in (5, 6, 7):
            replayer.serve(index)
            polled.append(await session.deployments.get_by_name(service, service))
        replayer.serve(8)
        op = await session.roles.shutdown(service, service, service)
        await wait_replaying_polls(op, rec, replayer, 8)
        replayer.serve(15)
        stopped = await session.deployments.get_by_name(service, service)
        replayer.serve(16)
        captured = await session.roles.capture(
            service, service, service, "Delete", "utosimg" + service[5:], service + "captured"
        )
        await wait_replaying_polls(captured, rec, replayer, 16)
        replayer.serve(21)
        image = await session.os_images.get("utosimg" + service[5:])
    for deployment, index in zip([*polled, stopped], (5, 6, 7, 15), strict=True):
        check_deployment_against_xml(deployment, rec[index].response_body)
    assert [d.role_instance_list[0].instance_status for d in polled] == [
        "Provisioning",
        "ReadyRole",
        "ReadyRole",
    ]
    assert (stopped.role_instance_list[0].instance_status, stopped.role_instance_list[0].power_state) == (
        "StoppedVM",
        "Stopped",
    )
    assert (image.name, image.label, image.category, image.os) == (
        "utosimg" + service[5:],
        service + "captured",
        "User",
        "Windows",
    )


async def test_shutdown_start_restart_role() -> None:
    """shutdown_role(role a, 'StoppedDeallocated') and its polls (5-10), then the deployment (11)."""
    async with replaying(P + "test_shutdown_start_restart_role") as (rec, replayer, session):
        service = await hosted_service_created(rec, replayer, session)
        replayer.serve(5)
        op = await session.roles.shutdown(service, service, service + "a", "StoppedDeallocated")
        await wait_replaying_polls(op, rec, replayer, 5)
        replayer.serve(11)
        deployment = await session.deployments.get_by_name(service, service)
    check_deployment_against_xml(deployment, rec[11].response_body)
    by_role = {i.role_name: i for i in deployment.role_instance_list}
    deallocated = by_role[service + "a"]
    assert (deallocated.instance_status, deallocated.power_state, deallocated.ip_address) == (
        "StoppedDeallocated",
        "Stopped",
        "",
    )
    assert by_role[service + "b"].instance_status == "RoleStateUnknown"
