"""Virtual machine deployments (Linux remote source image, Linux VM image, Windows on a virtual
network), Get Role, and the VM deployment reads kept after the gaps of truncated recordings."""

from __future__ import annotations

import pytest

from aiosm import ServiceManagementSession
from aiosm.errors import BadRequestError, NotFoundError
from aiosm.models import (
    SSH,
    CertificateSetting,
    ConfigurationSet,
    ConfigurationSetInputEndpoint,
    KeyPair,
    LinuxConfigurationSet,
    Listener,
    OSVirtualHardDisk,
    PublicKey,
    WindowsConfigurationSet,
    WinRM,
)

from .flows import (
    check_deployment_against_xml,
    check_role_against_xml,
    create_hosted_service,
    upload_recorded_certificate,
    wait_replaying_polls,
)
from .replay import Recording, Replayer, replaying

P = "test_legacy_mgmt_misc."
THUMB = "BEA4B74BD6B915E9DD6A01FB1B8C3C1740F517F2"
PASSWORD = "u7;9jbp!"  # the recorded test password


def linux_config(service: str) -> LinuxConfigurationSet:
    return LinuxConfigurationSet(
        "hn" + service,
        "unittest",
        PASSWORD,
        False,  # the legacy tests passed disable_ssh_password_authentication=False explicitly
        ssh=SSH(
            public_keys=[PublicKey(fingerprint=THUMB, path="/home/unittest/.ssh/authorized_keys")],
            key_pairs=[KeyPair(fingerprint=THUMB, path="/home/unittest/.ssh/id_rsa")],
        ),
    )


def network_config(subnets: list[str]) -> ConfigurationSet:
    # The legacy ConfigurationSetInputEndpoint always sent an empty LoadBalancedEndpointSetName,
    # EnableDirectServerReturn=false and IdleTimeoutInMinutes=4; aiosm sends them only when given.
    endpoint = ConfigurationSetInputEndpoint(
        "utendpoint", "tcp", 59913, 3394, "", False, idle_timeout_in_minutes=4
    )
    return ConfigurationSet(input_endpoints=[endpoint], subnet_names=subnets)


async def poll_deployment_until_ready(
    rec: Recording, replayer: Replayer, session: ServiceManagementSession, service: str, start: int
) -> int:
    """The legacy tests' loop: get_deployment_by_name until Running with every instance ReadyRole.
    Returns the index of the first interaction after the loop."""
    index = start
    while True:
        assert rec[index].url.path.endswith(f"/deployments/{service}"), "ran past the recorded polls"
        replayer.serve(index)
        deployment = await session.deployments.get_by_name(service, service)
        check_deployment_against_xml(deployment, rec[index].response_body)
        index += 1
        if deployment.status == "Running" and all(
            i.instance_status == "ReadyRole" for i in deployment.role_instance_list
        ):
            return index


async def test_linux_remote_source_image() -> None:
    """Interaction 5 (GET /services/images, the public image list) is the recording's gap;
    nothing after it depends on it. The service-certificate upload (2-4) is not an aiosm call."""
    name = P + "test_create_virtual_machine_deployment_linux_remote_source_image"
    async with replaying(name) as (rec, replayer, session):
        service = await create_hosted_service(rec, replayer, session)
        await upload_recorded_certificate(rec, replayer, session, service)
        replayer.serve(5)
        op = await session.virtual_machines.create_deployment(
            service,
            service,
            "production",
            service + "label",
            service,
            linux_config(service),
            OSVirtualHardDisk(
                disk_label=service + ".vhd",
                disk_name=service,
                media_link=f"http://storagename.blob.core.windows.net/utctnr{service[5:]}/{service}.vhd",
                os="Linux",
                remote_source_image_link=(
                    "https://portalvhds13tr49m9hm1m6.blob.core.windows.net/vhds/"
                    "huvalotestub-image-os-2014-11-06.vhd"
                ),
            ),
            network_config([]),
            role_size="Small",
        )
        await wait_replaying_polls(op, rec, replayer, 5)
        after = await poll_deployment_until_ready(rec, replayer, session, service, 18)
        assert after == 42
        replayer.serve(42)
        role = await session.virtual_machines.get_role(service, service, service)
        replayer.serve(43)
        deployment = await session.deployments.get_by_name(service, service)
    check_role_against_xml(role, rec[42].response_body)
    assert role.role_size == "Small"
    assert role.os_virtual_hard_disk is not None
    assert role.os_virtual_hard_disk.remote_source_image_link is not None
    assert role.os_virtual_hard_disk.remote_source_image_link.endswith("huvalotestub-image-os-2014-11-06.vhd")
    # The VM deployment label was sent as plain text; the service answers it base64-encoded.
    assert deployment.label == service + "label"
    assert deployment.role_instance_list[0].instance_endpoints[0].public_port == 59913


async def test_linux_vm_image() -> None:
    name = P + "test_create_virtual_machine_deployment_linux_vm_image"
    async with replaying(name) as (rec, replayer, session):
        service = await create_hosted_service(rec, replayer, session)
        await upload_recorded_certificate(rec, replayer, session, service)
        replayer.serve(6)
        op = await session.virtual_machines.create_deployment(
            service,
            service,
            "production",
            service + "label",
            service,
            linux_config(service),
            None,
            role_size="Small",
            vm_image_name="unittest-donotdelete-ubuntu1404",
        )
        await wait_replaying_polls(op, rec, replayer, 6)
        after = await poll_deployment_until_ready(rec, replayer, session, service, 23)
        assert after == 47
        replayer.serve(47)
        role = await session.virtual_machines.get_role(service, service, service)
        replayer.serve(48)
        deployment = await session.deployments.get_by_name(service, service)
    check_role_against_xml(role, rec[47].response_body)
    assert role.os_virtual_hard_disk is not None
    assert role.os_virtual_hard_disk.source_image_name == "unittest-donotdelete-ubuntu1404-os-2014-11-11"
    assert deployment.label == service + "label"


async def test_windows_virtual_network_bad_request() -> None:
    """Hosted service in an affinity group; the VM deployment names a subnet '啊齄丂狛狜' on a
    virtual network that did not exist, and the service answered 400."""
    name = P + "test_create_virtual_machine_deployment_windows_virtual_network"
    async with replaying(name) as (rec, replayer, session):
        service = await create_hosted_service(rec, replayer, session)
        await upload_recorded_certificate(rec, replayer, session, service)
        windows = WindowsConfigurationSet(
            "hn" + service,
            PASSWORD,
            False,
            False,
            "Pacific Standard Time",
            "azureuser",
            stored_certificate_settings=[
                CertificateSetting(store_location="LocalMachine", store_name="My", thumbprint=THUMB)
            ],
            win_rm=WinRM(listeners=[Listener(protocol="Https", certificate_thumbprint=THUMB)]),
        )
        disk = OSVirtualHardDisk(
            "a699494373c04fc0bc8f2bb1389d6106__Windows-Server-Technical-Preview-201505.01-en.us-127GB.vhd",
            f"http://storagename.blob.core.windows.net/utctnr{service[5:]}/{service}.vhd",
            disk_label=service + ".vhd",
        )
        replayer.serve(5)
        with pytest.raises(BadRequestError) as caught:
            await session.virtual_machines.create_deployment(
                service,
                service,
                "production",
                service + "label",
                service,
                windows,
                disk,
                network_config(["啊齄丂狛狜"]),
                role_size="Small",
                virtual_network_name="utnetdonotdelete",
            )
    error = caught.value
    assert (error.status, error.code) == (400, "BadRequest")
    assert error.message == "The virtual network utnetdonotdelete does not exist."
    assert error.request_id == rec[5].request_id
    assert PASSWORD not in str(error)


# Reads kept after the gap of truncated VM recordings: (recording, interactions, kind).
AFTER_GAP_READS = [
    ("test_add_role_linux", [5], "deployment"),
    ("test_add_role_linux", [6, 7], "role"),
    ("test_add_update_delete_dns_server", [5, 6, 7], "deployment"),
    ("test_add_update_delete_role_windows", [5, 6], "deployment"),
    ("test_add_update_delete_role_windows", [7, 17], "role"),
    ("test_capture_role", [5, 6, 7, 15], "deployment"),
    ("test_capture_vm_image", [5, 6, 7, 8, 9, 10], "deployment"),
    ("test_shutdown_start_restart_role", [11], "deployment"),
]


@pytest.mark.parametrize(
    ("recording", "indices", "kind"),
    [pytest.param(P + r, i, k, id=f"{P}{r}-{k}") for r, i, k in AFTER_GAP_READS],
)
async def test_vm_reads_after_gap(recording: str, indices: list[int], kind: str) -> None:
    """Each read on its own (it needs no state from the missing interactions)."""
    async with replaying(recording) as (rec, replayer, session):
        for index in indices:
            segments = rec[index].url.path.split("/")
            service, deployment_name = segments[4], segments[6]
            replayer.serve(index)
            if kind == "deployment":
                deployment = await session.deployments.get_by_name(service, deployment_name)
                check_deployment_against_xml(deployment, rec[index].response_body)
            else:
                role = await session.virtual_machines.get_role(service, deployment_name, segments[8])
                check_role_against_xml(role, rec[index].response_body)


async def test_windows_role_fields_and_deleted_role_not_found() -> None:
    name = P + "test_add_update_delete_role_windows"
    async with replaying(name) as (_rec, replayer, session):
        replayer.serve(7)
        role_a = await session.virtual_machines.get_role("utsvca2701759", "utsvca2701759", "utsvca2701759a")
        replayer.serve(18)
        with pytest.raises(NotFoundError) as caught:
            await session.virtual_machines.get_role("utsvca2701759", "utsvca2701759", "utsvca2701759b")
    assert role_a.role_size == "Medium"  # after update_role(..., role_size='Medium')
    assert role_a.default_win_rm_certificate_thumbprint == "F52A7B81439FF47EE989B449F5F20D832C9C4345"
    endpoint = (role_a.configuration_sets[0].input_endpoints or [])[0]
    assert (endpoint.name, endpoint.port, endpoint.local_port) == ("endupdate", 50055, 5555)
    error = caught.value
    assert (error.status, error.code) == (404, "ResourceNotFound")
    assert error.message == "Role utsvca2701759b was not found in the currently deployed service."
    assert error.request_id == "39ff8b249073bc3fa00880e7518b4c71"


async def test_add_role_linux_hosted_service_with_embed_detail() -> None:
    async with replaying(P + "test_add_role_linux") as (_rec, replayer, session):
        replayer.serve(8)
        hosted = await session.hosted_services.get("utsvc604310ca", embed_detail=True)
    (deployment,) = hosted.deployments
    assert sorted(i.host_name for i in deployment.role_instance_list) == [
        "hntsvc604310caa",  # as recorded (the legacy test built host names from a slice)
        "hntsvc604310cab",
    ]
    assert [r.role_name for r in deployment.role_list] == ["utsvc604310caa", "utsvc604310cab"]
