"""VM roles against the emulator: each of its rules as the typed error the client raises, and the
states a role instance goes through (Get Deployment's role instance list)."""

from __future__ import annotations

import asyncio

import pytest

from aiosm import RetryPolicy, ServiceManagementSession
from aiosm.emulator import Emulator
from aiosm.errors import BadRequestError, ConflictError, InvalidInputError, NotFoundError
from aiosm.models import (
    ConfigurationSet,
    ConfigurationSetInputEndpoint,
    LinuxConfigurationSet,
    OSVirtualHardDisk,
    ResourceExtensionParameterValue,
    ResourceExtensionReference,
    WindowsConfigurationSet,
)

from .conftest import FAST_POLL

UBUNTU = "b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04_2-LTS-amd64-server-20150506-en-us-30GB"
VM_IMAGE = "1acf693f34c74e86a50be61cb631ddfe__ClouderaGolden-202406-699696"
WINDOWS = "a699494373c04fc0bc8f2bb1389d6106__Windows-Server-2012-R2-201505.01-en.us-127GB.vhd"


def linux(name: str) -> LinuxConfigurationSet:
    return LinuxConfigurationSet(name, "azureuser", "Secret-pa55", True)


def disk(name: str, image: str = UBUNTU) -> OSVirtualHardDisk:
    return OSVirtualHardDisk(image, f"https://store.blob.core.windows.net/vhds/{name}.vhd")


async def vm_deployment(sms: ServiceManagementSession, *roles: str) -> None:
    """Service ``svc`` with deployment ``dep`` holding the VMs ``roles``."""
    await (await sms.hosted_services.create("svc", "svc", location="West US"))
    first, *rest = roles
    await (
        await sms.virtual_machines.create_deployment(
            "svc", "dep", "production", "dep", first, linux(first), disk(first)
        )
    )
    for name in rest:
        await (await sms.roles.add("svc", "dep", name, linux(name), disk(name)))


async def os_disk_name(sms: ServiceManagementSession, role: str) -> str:
    disk = (await sms.virtual_machines.get_role("svc", "dep", role)).os_virtual_hard_disk
    assert disk is not None and disk.disk_name
    return disk.disk_name


async def statuses(sms: ServiceManagementSession) -> dict[str, tuple[str, str]]:
    deployment = await sms.deployments.get_by_name("svc", "dep")
    return {i.role_name: (i.instance_status, i.power_state) for i in deployment.role_instance_list}


async def test_add_role_needs_the_deployment_and_a_new_name(sms: ServiceManagementSession) -> None:
    await vm_deployment(sms, "vm1")
    with pytest.raises(NotFoundError) as missing:
        await sms.roles.add("svc", "nodep", "vm2", linux("vm2"), disk("vm2"))
    assert missing.value.code == "ResourceNotFound"
    with pytest.raises(ConflictError) as duplicate:
        await sms.roles.add("svc", "dep", "VM1", linux("vm1"), disk("vm1b"))
    assert not duplicate.value.is_busy and "vm1" in duplicate.value.message.lower()
    with pytest.raises(BadRequestError) as no_image:
        await sms.roles.add("svc", "dep", "vm2", linux("vm2"), disk("vm2", "no-such-image"))
    assert "no-such-image" in no_image.value.message
    await (await sms.roles.add("svc", "dep", "vm2", linux("vm2"), disk("vm2"), role_size="Medium"))
    deployment = await sms.deployments.get_by_name("svc", "dep")
    assert [r.role_name for r in deployment.role_list] == ["vm1", "vm2"]
    assert (await sms.virtual_machines.get_role("svc", "dep", "vm2")).role_size == "Medium"


async def test_add_role_to_a_cloud_service_deployment_is_refused(sms: ServiceManagementSession) -> None:
    from .conftest import cscfg

    await (await sms.hosted_services.create("svc", "svc", location="West US"))
    await (await sms.deployments.create("svc", "production", "dep", "https://p", "l", cscfg()))
    with pytest.raises(BadRequestError) as caught:
        await sms.roles.add("svc", "dep", "vm2", linux("vm2"), disk("vm2"))
    assert "not a virtual machine deployment" in caught.value.message


async def test_shutdown_start_restart(sms: ServiceManagementSession) -> None:
    await vm_deployment(sms, "a", "b")
    assert await statuses(sms) == {"a": ("ReadyRole", "Started"), "b": ("ReadyRole", "Started")}
    await (await sms.roles.shutdown("svc", "dep", "a"))
    assert (await statuses(sms))["a"] == ("StoppedVM", "Stopped")
    await (await sms.roles.start("svc", "dep", "a"))
    assert (await statuses(sms))["a"] == ("ReadyRole", "Started")
    await (await sms.roles.restart("svc", "dep", "a"))
    assert (await statuses(sms))["a"] == ("ReadyRole", "Started")
    await (await sms.roles.shutdown_many("svc", "dep", ["a", "b"]))
    assert await statuses(sms) == {"a": ("StoppedVM", "Stopped"), "b": ("StoppedVM", "Stopped")}
    await (await sms.roles.start_many("svc", "dep", ["a", "b"]))
    assert await statuses(sms) == {"a": ("ReadyRole", "Started"), "b": ("ReadyRole", "Started")}
    await (await sms.roles.shutdown("svc", "dep", "a", "StoppedDeallocated"))
    deployment = await sms.deployments.get_by_name("svc", "dep")
    deallocated = next(i for i in deployment.role_instance_list if i.role_name == "a")
    # As the service answers: no size, address or host name once the resources are released.
    assert (deallocated.instance_status, deallocated.power_state) == ("StoppedDeallocated", "Stopped")
    assert (deallocated.ip_address, deallocated.instance_size, deallocated.host_name) == ("", "", "")
    with pytest.raises(BadRequestError) as caught:
        await sms.roles.restart("svc", "dep", "a")
    assert "deallocated" in caught.value.message
    await (await sms.roles.shutdown_many("svc", "dep", ["a", "b"], "Stopped"))
    assert await statuses(sms) == {"a": ("StoppedDeallocated", "Stopped"), "b": ("StoppedVM", "Stopped")}
    await (await sms.roles.start_many("svc", "dep", ["a", "b"]))
    assert await statuses(sms) == {"a": ("ReadyRole", "Started"), "b": ("ReadyRole", "Started")}


async def test_role_operations_name_existing_roles(sms: ServiceManagementSession) -> None:
    await vm_deployment(sms, "a")
    with pytest.raises(NotFoundError) as single:
        await sms.roles.shutdown("svc", "dep", "ghost")
    assert single.value.message == "Role ghost was not found in the currently deployed service."
    with pytest.raises(NotFoundError) as many:
        await sms.roles.start_many("svc", "dep", ["a", "ghost"])
    assert "ghost" in many.value.message
    with pytest.raises(NotFoundError):
        await sms.roles.delete("svc", "dep", "ghost")
    with pytest.raises(NotFoundError):
        await sms.roles.update("svc", "dep", "ghost", role_size="Large")


async def test_capture_needs_a_stopped_vm_then_makes_an_image_and_removes_the_vm(
    sms: ServiceManagementSession,
) -> None:
    await vm_deployment(sms, "a", "b")
    with pytest.raises(ConflictError) as running:
        await sms.roles.capture("svc", "dep", "a", "Delete", "myimage", "my image")
    assert not running.value.is_busy and "shut it down" in running.value.message
    await (await sms.roles.shutdown("svc", "dep", "a"))
    with pytest.raises(ConflictError) as taken:  # a platform image's name
        await sms.roles.capture("svc", "dep", "a", "Delete", UBUNTU, "my image")
    assert "already exists" in taken.value.message
    disk_a = await os_disk_name(sms, "a")
    await (await sms.roles.capture("svc", "dep", "a", "Delete", "myimage", "my image"))
    with pytest.raises(NotFoundError):  # the OS disk became the image
        await sms.disks.get(disk_a)
    image = await sms.os_images.get("myimage")
    assert (image.category, image.label, image.os) == ("User", "my image", "Linux")
    assert image.media_link.startswith("https://store.blob.core.windows.net/vhds/")
    deployment = await sms.deployments.get_by_name("svc", "dep")
    assert [r.role_name for r in deployment.role_list] == ["b"]
    with pytest.raises(NotFoundError):
        await sms.virtual_machines.get_role("svc", "dep", "a")
    # Capturing the last VM with Delete takes the deployment with it.
    await (await sms.roles.shutdown("svc", "dep", "b", "StoppedDeallocated"))
    await (await sms.roles.capture("svc", "dep", "b", "Delete", "myimage2", "second"))
    with pytest.raises(NotFoundError):
        await sms.deployments.get_by_name("svc", "dep")


async def test_capture_with_reprovision_keeps_the_vm_running(sms: ServiceManagementSession) -> None:
    await vm_deployment(sms, "a")
    await (await sms.roles.shutdown("svc", "dep", "a"))
    await (await sms.roles.capture("svc", "dep", "a", "Reprovision", "again", "again", linux("newhost")))
    assert (await statuses(sms))["a"] == ("ReadyRole", "Started")
    deployment = await sms.deployments.get_by_name("svc", "dep")
    assert deployment.role_instance_list[0].host_name == "newhost"
    assert (await sms.os_images.get("again")).category == "User"


async def test_delete_role_but_never_the_last(sms: ServiceManagementSession) -> None:
    await vm_deployment(sms, "a", "b", "c")
    disk_b = await os_disk_name(sms, "b")
    disk_c = await os_disk_name(sms, "c")
    assert (await sms.disks.get(disk_b)).attached_to is not None
    await (await sms.roles.delete("svc", "dep", "b", complete=True))
    with pytest.raises(NotFoundError):
        await sms.virtual_machines.get_role("svc", "dep", "b")
    with pytest.raises(NotFoundError):  # comp=media: its disks went with it
        await sms.disks.get(disk_b)
    await (await sms.roles.delete("svc", "dep", "c"))
    kept = await sms.disks.get(disk_c)  # without: the disk stays in the repository, detached
    assert kept.attached_to is None
    with pytest.raises(BadRequestError) as last:
        await sms.roles.delete("svc", "dep", "a")
    assert "delete the deployment instead" in last.value.message
    assert [r.role_name for r in (await sms.deployments.get_by_name("svc", "dep")).role_list] == ["a"]


async def test_update_role_replaces_what_it_gives(sms: ServiceManagementSession) -> None:
    await vm_deployment(sms, "a")
    endpoint = ConfigurationSetInputEndpoint("web", "tcp", 80, 8080)
    await (
        await sms.roles.update(
            "svc",
            "dep",
            "a",
            OSVirtualHardDisk(host_caching="ReadOnly"),
            ConfigurationSet(input_endpoints=[endpoint]),
            role_size="Large",
        )
    )
    role = await sms.virtual_machines.get_role("svc", "dep", "a")
    assert role.role_size == "Large"
    assert role.os_virtual_hard_disk is not None and role.os_virtual_hard_disk.host_caching == "ReadOnly"
    (network,) = role.configuration_sets
    assert [(e.name, e.port, e.local_port) for e in network.input_endpoints or []] == [("web", 80, 8080)]
    await (await sms.roles.update("svc", "dep", "a", availability_set_name="set1"))
    role = await sms.virtual_machines.get_role("svc", "dep", "a")
    assert (role.availability_set_name, role.role_size) == ("set1", "Large")  # the rest is kept


async def test_get_role_answers_extensions_image_and_winrm(sms: ServiceManagementSession) -> None:
    await (await sms.hosted_services.create("svc", "svc", location="West US"))
    secret = "never-answered-back"
    extension = ResourceExtensionReference(
        "BGInfo",
        "Microsoft.Compute",
        "BGInfo",
        "1.*",
        resource_extension_parameter_values=[
            ResourceExtensionParameterValue("PublicParams", "{}", "Public"),
            ResourceExtensionParameterValue("PrivateParams", secret, "Private"),
        ],
    )
    windows = WindowsConfigurationSet("win", "Secret-pa55", admin_username="azureuser")
    await (
        await sms.virtual_machines.create_deployment(
            "svc",
            "dep",
            "production",
            "dep",
            "win",
            windows,
            disk("win", WINDOWS),
            resource_extension_references=[extension],
            provision_guest_agent=True,
        )
    )
    role = await sms.virtual_machines.get_role("svc", "dep", "win")
    assert role.provision_guest_agent is True
    assert len(role.default_win_rm_certificate_thumbprint) == 40
    (answered,) = role.resource_extension_references or []
    assert (answered.reference_name, answered.version, answered.state) == ("BGInfo", "1.*", "Enable")
    values = answered.resource_extension_parameter_values or []
    assert [(p.key, p.value, p.type) for p in values] == [("PublicParams", "{}", "Public")]
    with pytest.raises(BadRequestError) as no_agent:
        await sms.roles.add(
            "svc", "dep", "vm2", linux("vm2"), disk("vm2"), resource_extension_references=[extension]
        )
    assert "guest agent" in no_agent.value.message
    await (
        await sms.roles.add(
            "svc", "dep", "vm3", None, None, vm_image_name=VM_IMAGE, media_location="https://m/v"
        )
    )
    from_image = await sms.virtual_machines.get_role("svc", "dep", "vm3")
    assert (from_image.vm_image_name, from_image.media_location) == (VM_IMAGE, "https://m/v")
    assert from_image.provision_guest_agent is None


async def test_role_mutations_wait_for_exclusive_access(emu: Emulator) -> None:
    emu.set_progression("add_role", polls=2)
    async with emu.session(retry=RetryPolicy.none(), poll=FAST_POLL) as sms:
        await vm_deployment(sms, "a")
        op = await sms.roles.add("svc", "dep", "b", linux("b"), disk("b"))
        for attempt in (
            sms.roles.shutdown("svc", "dep", "a"),
            sms.roles.start_many("svc", "dep", ["a"]),
            sms.roles.capture("svc", "dep", "a", "Delete", "img", "img"),
            sms.roles.delete("svc", "dep", "a"),
        ):
            with pytest.raises(ConflictError) as busy:
                await attempt
            assert busy.value.is_busy and op.request_id in busy.value.message
        await op
        await (await sms.roles.shutdown("svc", "dep", "b"))
        assert (await statuses(sms))["b"] == ("StoppedVM", "Stopped")


async def test_bad_input_is_refused_by_the_service_too(sms: ServiceManagementSession) -> None:
    await vm_deployment(sms, "a")
    bad = (
        b'<ShutdownRoleOperation xmlns="http://schemas.microsoft.com/windowsazure">'
        b"<OperationType>ShutdownRoleOperation</OperationType><PostShutdownAction>Off</PostShutdownAction>"
        b"</ShutdownRoleOperation>"
    )
    with pytest.raises(BadRequestError):
        await sms.transport.request(
            "POST", "/services/hostedservices/svc/deployments/dep/roleinstances/a/Operations", body=bad
        )
    with pytest.raises(InvalidInputError):
        await sms.roles.shutdown("svc", "dep", "a", "Off")


async def test_create_picks_the_deployment_or_add_role_one_at_a_time(emu: Emulator) -> None:
    """Two concurrent creates in one service: the first makes the deployment, the second waits for
    it and adds its VM (without the client's lock the second would find the slot taken)."""
    emu.set_latency(0.05)
    async with emu.session(retry=RetryPolicy.none(), poll=FAST_POLL) as sms:
        await (await sms.hosted_services.create("svc", "svc", location="West US"))
        first, second = await asyncio.gather(
            sms.virtual_machines.create("svc", "vm1", linux("vm1"), disk("vm1")),
            sms.virtual_machines.create("svc", "vm2", linux("vm2"), disk("vm2"), role_size="Medium"),
        )
        assert first.result is not None and second.result is not None
        assert len(sms.virtual_machines._creating) == 0  # no lock kept once no create is under way
        deployment = await sms.deployments.get_by_slot("svc", "production")
        assert deployment.name == "svc"
        assert sorted(r.role_name for r in deployment.role_list) == ["vm1", "vm2"]
        third = await sms.virtual_machines.create(
            "svc", "vm3", linux("vm3"), disk("vm3"), deployment_name="x"
        )
        assert third.result is not None
        assert len((await sms.deployments.get_by_name("svc", "svc")).role_list) == 3


_NS = 'xmlns="http://schemas.microsoft.com/windowsazure"'


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "roles", f"<PersistentVMRole {_NS}><RoleSize>Small</RoleSize></PersistentVMRole>"),
        ("POST", "roles", f"<Deployment {_NS}><Name>x</Name></Deployment>"),
        (
            "POST",
            "roles",
            f"<PersistentVMRole {_NS}><RoleName>c</RoleName><ConfigurationSets><ConfigurationSet>"
            "<ConfigurationSetType>Mystery</ConfigurationSetType></ConfigurationSet></ConfigurationSets>"
            "</PersistentVMRole>",
        ),
        (
            "POST",
            "roles",
            f"<PersistentVMRole {_NS}><RoleName>c</RoleName><VMImageName>i</VMImageName>"
            "<ProvisionGuestAgent>maybe</ProvisionGuestAgent></PersistentVMRole>",
        ),
        (
            "POST",
            "roles",
            f"<PersistentVMRole {_NS}><RoleName>c</RoleName><VMImageName>i</VMImageName>"
            "<ProvisionGuestAgent>true</ProvisionGuestAgent><ResourceExtensionReferences>"
            "<ResourceExtensionReference><Name>x</Name></ResourceExtensionReference>"
            "</ResourceExtensionReferences></PersistentVMRole>",
        ),
        ("PUT", "roles/a", f"<PersistentVMRole {_NS}><RoleName>other</RoleName></PersistentVMRole>"),
        (
            "PUT",
            "roles/a",
            f"<PersistentVMRole {_NS}><RoleName>a</RoleName><OSVirtualHardDisk>"
            "<HostCaching>Sometimes</HostCaching></OSVirtualHardDisk></PersistentVMRole>",
        ),
        (
            "PUT",
            "roles/a",
            f"<PersistentVMRole {_NS}><RoleName>a</RoleName><ConfigurationSets><ConfigurationSet>"
            "<ConfigurationSetType>LinuxProvisioningConfiguration</ConfigurationSetType><HostName>h</HostName>"
            "</ConfigurationSet></ConfigurationSets></PersistentVMRole>",
        ),
        (
            "POST",
            "roleinstances/a/Operations",
            f"<CaptureRoleOperation {_NS}>"
            "<OperationType>CaptureRoleOperation</OperationType></CaptureRoleOperation>",
        ),
        ("POST", "roleinstances/a/Operations", f"<NoSuchOperation {_NS}/>"),
        (
            "POST",
            "roleinstances/a/Operations",
            f"<CaptureRoleOperation {_NS}><OperationType>CaptureRoleOperation</OperationType>"
            "<PostCaptureAction>Reprovision</PostCaptureAction><TargetImageLabel>l</TargetImageLabel>"
            "<TargetImageName>n</TargetImageName></CaptureRoleOperation>",
        ),
        ("POST", "roleinstances/a/Operations", "not xml"),
        ("POST", "roles/Operations", f"<StartRolesOperation {_NS}><Roles/></StartRolesOperation>"),
        (
            "POST",
            "roles/Operations",
            f"<ShutdownRolesOperation {_NS}><Roles><Name>a</Name></Roles>"
            "<PostShutdownAction>Off</PostShutdownAction></ShutdownRolesOperation>",
        ),
    ],
)
async def test_malformed_bodies_get_400(
    sms: ServiceManagementSession, method: str, path: str, body: str
) -> None:
    """Never a 500: what the client would not send is refused as the service does."""
    await vm_deployment(sms, "a")
    with pytest.raises(BadRequestError):
        await sms.transport.request(
            method, f"/services/hostedservices/svc/deployments/dep/{path}", body=body.encode()
        )
    assert [r.role_name for r in (await sms.deployments.get_by_name("svc", "dep")).role_list] == ["a"]


async def test_a_vm_shut_down_here_can_be_captured_as_a_vm_image(sms: ServiceManagementSession) -> None:
    """Shutdown Role sets the power state the VM image capture (another family) reads."""
    from aiosm.models import CaptureRoleAsVMImage

    await vm_deployment(sms, "a", "b")
    with pytest.raises(ConflictError):
        await sms.vm_images.capture("svc", "dep", "a", CaptureRoleAsVMImage("Generalized", "vmimg", "vmimg"))
    await (await sms.roles.shutdown("svc", "dep", "a"))
    await (
        await sms.vm_images.capture("svc", "dep", "a", CaptureRoleAsVMImage("Generalized", "vmimg", "vmimg"))
    )
    await (await sms.roles.add("svc", "dep", "c", None, None, vm_image_name="vmimg"))
    assert (await sms.virtual_machines.get_role("svc", "dep", "c")).vm_image_name == "vmimg"


async def test_a_vm_holds_as_many_data_disks_as_its_size_allows(sms: ServiceManagementSession) -> None:
    from aiosm.models import DataVirtualHardDisk

    await (await sms.hosted_services.create("svc", "svc", location="West US"))
    await (
        await sms.virtual_machines.create_deployment(
            "svc", "dep", "production", "dep", "a", linux("a"), disk("a")
        )
    )
    disks = [DataVirtualHardDisk(lun=i, logical_disk_size_in_gb=10) for i in range(3)]
    with pytest.raises(BadRequestError) as small:  # ExtraSmall: one data disk
        await sms.roles.add("svc", "dep", "b", linux("b"), disk("b"), None, None, disks, "ExtraSmall")
    assert "role of size ExtraSmall is 1" in small.value.message
    await (await sms.roles.add("svc", "dep", "b", linux("b"), disk("b"), None, None, disks, "Medium"))
    assert len((await sms.virtual_machines.get_role("svc", "dep", "b")).data_virtual_hard_disks) == 3
    with pytest.raises(BadRequestError):  # its three disks do not fit a smaller size
        await sms.roles.update("svc", "dep", "b", role_size="ExtraSmall")
    assert (await sms.virtual_machines.get_role("svc", "dep", "b")).role_size == "Medium"


async def test_vm_deployment_with_dns_servers_and_a_reserved_ip(sms: ServiceManagementSession) -> None:
    from aiosm.models import DnsServer

    await (await sms.reserved_ips.create("myip", "myip", "West US"))
    address = (await sms.reserved_ips.get("myip")).address
    for name in ("svc", "svc2"):
        await (await sms.hosted_services.create(name, name, location="West US"))
    dns = [DnsServer(name="dns1", address="10.0.0.4")]
    with pytest.raises(NotFoundError):
        await sms.virtual_machines.create_deployment(
            "svc", "dep", "production", "dep", "a", linux("a"), disk("a"), reserved_ip_name="nosuchip"
        )
    await (
        await sms.virtual_machines.create_deployment(
            "svc",
            "dep",
            "production",
            "dep",
            "a",
            linux("a"),
            disk("a"),
            dns_servers=dns,
            reserved_ip_name="myip",
        )
    )
    deployment = await sms.deployments.get_by_name("svc", "dep")
    assert deployment.dns is not None
    assert [(d.name, d.address) for d in deployment.dns.dns_servers] == [("dns1", "10.0.0.4")]
    assert deployment.reserved_ip_name == "myip"
    assert [v.address for v in deployment.virtual_ips] == [address]
    reserved = await sms.reserved_ips.get("myip")
    assert (reserved.service_name, reserved.deployment_name) == ("svc", "dep")
    with pytest.raises(ConflictError) as taken:
        await sms.virtual_machines.create_deployment(
            "svc2", "dep2", "production", "dep2", "b", linux("b"), disk("b"), reserved_ip_name="myip"
        )
    assert "already in use" in taken.value.message


async def test_added_and_updated_vms_stay_in_the_deployments_subnets(
    emu: Emulator, sms: ServiceManagementSession
) -> None:
    from aiosm.emulator.records import SubnetRecord, VirtualNetworkRecord

    assert emu.state is not None
    emu.state.write(
        puts=[
            VirtualNetworkRecord(
                subscription=emu.subscription_id,
                name="corpnet",
                id="7b5f7a3c-0000-4000-8000-0000000000a1",
                location="West US",
                address_prefixes=("10.0.0.0/16",),
                subnets=(SubnetRecord(name="FrontEnd", address_prefix="10.0.1.0/24"),),
            )
        ]
    )
    await (await sms.hosted_services.create("svc", "svc", location="West US"))
    front, back = ConfigurationSet(subnet_names=["FrontEnd"]), ConfigurationSet(subnet_names=["BackEnd"])
    await (
        await sms.virtual_machines.create_deployment(
            "svc",
            "dep",
            "production",
            "dep",
            "a",
            linux("a"),
            disk("a"),
            front,
            virtual_network_name="corpnet",
        )
    )
    with pytest.raises(BadRequestError, match="subnet BackEnd does not exist"):
        await sms.roles.add("svc", "dep", "b", linux("b"), disk("b"), back)
    await (await sms.roles.add("svc", "dep", "b", linux("b"), disk("b"), front))
    with pytest.raises(BadRequestError, match="subnet BackEnd does not exist"):
        await sms.roles.update("svc", "dep", "b", network_config=back)
    assert len((await sms.deployments.get_by_name("svc", "dep")).role_list) == 2
