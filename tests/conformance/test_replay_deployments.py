"""Cloud-service deployments: create in a slot, get by slot/name, update status, delete,
and the hosted service read with embed-detail."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

import pytest

from aiosm import ServiceManagementSession
from aiosm.errors import NotFoundError
from aiosm.models import DeploymentSlot

from .flows import NS, check_deployment_against_xml, create_hosted_service, wait_replaying_polls
from .replay import Recording, Replayer, replaying

P = "test_legacy_mgmt_misc."


async def create_deployment(
    rec: Recording, replayer: Replayer, session: ServiceManagementSession, service: str, index: int
) -> None:
    """``create_deployment(service, 'Production', 'utdeployment', package_url, 'utdeploymentlabel',
    configuration, False, False, {'dep2': 'val2', 'dep1': 'val1'})`` and wait on it."""
    body = rec[index].request_body
    assert body is not None
    root = ET.fromstring(body.encode("utf-8"))
    package_url = root.findtext(f"{NS}PackageUrl") or ""
    assert package_url.startswith("http://storagename.blob.core.windows.net/")
    # The legacy caller passed the .cscfg base64-encoded; aiosm takes the text and encodes it.
    cscfg = base64.b64decode(root.findtext(f"{NS}Configuration") or "").decode("utf-8")
    assert cscfg.startswith('<ServiceConfiguration serviceName="WindowsAzure1"')
    replayer.serve(index)
    op = await session.deployments.create(
        service,
        "Production",
        "utdeployment",
        package_url,
        "utdeploymentlabel",
        cscfg,
        False,
        False,
        {"dep2": "val2", "dep1": "val1"},
    )
    await wait_replaying_polls(op, rec, replayer, index)


async def test_create_get_delete_deployment() -> None:
    async with replaying(P + "test_create_get_delete_deployment") as (rec, replayer, session):
        service = await create_hosted_service(rec, replayer, session)
        await create_deployment(rec, replayer, session, service, 2)
        replayer.serve(13)
        by_slot = await session.deployments.get_by_slot(service, "Production")
        replayer.serve(14)
        by_name = await session.deployments.get_by_name(service, "utdeployment")
        replayer.serve(15)
        op = await session.deployments.delete(service, "utdeployment")
        await wait_replaying_polls(op, rec, replayer, 15)
        replayer.serve(18)
        with pytest.raises(NotFoundError) as caught:
            await session.deployments.get_by_name(service, "utdeployment")
    for deployment, index in ((by_slot, 13), (by_name, 14)):
        check_deployment_against_xml(deployment, rec[index].response_body)
        assert deployment.name == "utdeployment"
        assert deployment.deployment_slot is DeploymentSlot.PRODUCTION
        assert deployment.label == "utdeploymentlabel"
        assert deployment.status == "Suspended"
        assert deployment.configuration.startswith('<ServiceConfiguration serviceName="WindowsAzure1"')
        assert [r.instance_name for r in deployment.role_instance_list] == [
            "WorkerRole1_IN_0",
            "WorkerRole1_IN_1",
        ]
        assert deployment.role_instance_list[1].instance_upgrade_domain == 1
        assert deployment.upgrade_domain_count == 2
        assert deployment.sdk_version == "1.7.30602.1703"
        assert deployment.extended_properties == {"dep2": "val2", "dep1": "val1"}
        assert deployment.persistent_vm_downtime is not None
        assert deployment.persistent_vm_downtime.status == "PersistentVMUpdateScheduled"
    error = caught.value
    assert (error.status, error.code, error.message) == (
        404,
        "ResourceNotFound",
        "No deployments were found.",
    )
    assert error.request_id == "9de2496d0761b165b2f826a79638d02e"


async def test_get_hosted_service_properties_with_embed_detail() -> None:
    name = P + "test_get_hosted_service_properties_with_embed_detail"
    async with replaying(name) as (rec, replayer, session):
        service = await create_hosted_service(rec, replayer, session)
        await create_deployment(rec, replayer, session, service, 2)
        replayer.serve(12)
        hosted = await session.hosted_services.get(service, embed_detail=True)
    assert hosted.service_name == service
    props = hosted.hosted_service_properties
    assert props.label == service + "label"
    assert props.extended_properties["ResourceGroup"] == service
    (deployment,) = hosted.deployments
    embedded = ET.fromstring(rec[12].response_body.encode("utf-8")).find(f"{NS}Deployments/{NS}Deployment")
    assert embedded is not None
    check_deployment_against_xml(deployment, embedded)
    assert deployment.name == "utdeployment"
    assert deployment.role_list[0].role_name == "WorkerRole1"
    assert deployment.role_list[0].os_version == "WA-GUEST-OS-2.40_201506-01"
    assert deployment.locked is False and deployment.rollback_allowed is False
    assert deployment.upgrade_status is None
    assert deployment.role_instance_list[0].instance_status == "StoppedVM"


async def test_update_deployment_status() -> None:
    """From the reserved-IP recording: create the service and deployment, start it with
    update_deployment_status (POST .../deployments/<name>/?comp=status, trailing slash as recorded),
    then read the service with embed-detail. The reserved-IP calls in between (interactions 8-10,
    14-38) are outside aiosm and are not replayed."""
    async with replaying(P + "test_disassociate_reserved_ip_address") as (rec, replayer, session):
        service = await create_hosted_service(rec, replayer, session)
        await create_deployment(rec, replayer, session, service, 2)
        replayer.serve(11)
        op = await session.deployments.update_status(service, "utdeployment", "Running")
        await wait_replaying_polls(op, rec, replayer, 11)
        replayer.serve(39)
        hosted = await session.hosted_services.get(service, embed_detail=True)
    (deployment,) = hosted.deployments
    assert deployment.status == "Running"
    assert [i.power_state for i in deployment.role_instance_list] == ["Starting", "Starting"]
    assert deployment.virtual_ips[0].address == "40.112.151.121"
    assert deployment.virtual_ips[0].is_reserved is None
