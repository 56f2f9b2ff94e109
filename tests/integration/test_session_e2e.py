"""Every client operation, through ServiceManagementSession, against the emulator over TLS."""

from __future__ import annotations

import pytest

from aiosm import (
    ConfigurationSet,
    ConfigurationSetInputEndpoint,
    LinuxConfigurationSet,
    NotFoundError,
    OperationStatus,
    OSVirtualHardDisk,
    ServiceManagementSession,
)
from aiosm.emulator import Emulator

from .conftest import cscfg

CENTOS = "OpenLogic__OpenLogic-CentOS-62-20120531-en-us-30GB.vhd"


async def test_locations(sms: ServiceManagementSession) -> None:
    names = [location.name for location in await sms.locations.list()]
    assert "West US" in names and "Southeast Asia" in names
    assert len(names) == 8


async def test_hosted_service_lifecycle(sms: ServiceManagementSession) -> None:
    assert (await sms.hosted_services.check_name_availability("svc1")).result is True
    op = await sms.hosted_services.create(
        "svc1", "my label", "my desc", location="West US", extended_properties={"a": "1"}
    )
    assert op.http_status == 201
    assert (await op).succeeded
    availability = await sms.hosted_services.check_name_availability("svc1")
    assert availability.result is False and availability.reason
    listed = await sms.hosted_services.list()
    assert [s.service_name for s in listed] == ["svc1"]
    service = await sms.hosted_services.get("svc1")
    props = service.hosted_service_properties
    assert (props.label, props.description, props.location) == ("my label", "my desc", "West US")
    assert props.extended_properties == {"a": "1"}
    assert service.url.endswith("/services/hostedservices/svc1")
    await (await sms.hosted_services.update("svc1", label="new label", description="new desc"))
    props = (await sms.hosted_services.get("svc1")).hosted_service_properties
    assert (props.label, props.description) == ("new label", "new desc")
    delete = await sms.hosted_services.delete("svc1")
    assert delete.http_status == 200  # as the service: deleted at once, 200 with a request id
    assert delete.request_id
    assert (await delete).succeeded
    with pytest.raises(NotFoundError) as info:
        await sms.hosted_services.get("svc1")
    assert info.value.code == "ResourceNotFound"


async def test_deployment_lifecycle(sms: ServiceManagementSession) -> None:
    await (await sms.hosted_services.create("svc2", "svc2", location="West US"))
    op = await sms.deployments.create(
        "svc2",
        "production",
        "v1",
        "https://pkg/blob.cspkg",
        "label v1",
        cscfg(2),
        extended_properties={"k": "v"},
    )
    assert op.http_status == 202
    await op
    deployment = await sms.deployments.get_by_slot("svc2", "production")
    assert deployment.name == "v1"
    assert str(deployment.deployment_slot) == "Production"
    assert deployment.status == "Suspended"
    assert deployment.label == "label v1"
    assert 'Instances count="2"' in deployment.configuration
    assert [i.instance_name for i in deployment.role_instance_list] == ["WebRole1_IN_0", "WebRole1_IN_1"]
    assert deployment.extended_properties == {"k": "v"}
    assert len(deployment.private_id) == 32

    by_name = await sms.deployments.get_by_name("svc2", "v1")
    assert by_name.private_id == deployment.private_id

    await (await sms.deployments.change_configuration("svc2", "v1", cscfg(3)))
    changed = await sms.deployments.get_by_name("svc2", "v1")
    assert len(changed.role_instance_list) == 3

    await (await sms.deployments.update_status("svc2", "v1", "Running"))
    running = await sms.deployments.get_by_name("svc2", "v1")
    assert running.status == "Running"
    assert {i.instance_status for i in running.role_instance_list} == {"ReadyRole"}

    await (
        await sms.deployments.create("svc2", "staging", "v2", "https://pkg/b2", "label v2", cscfg(1), True)
    )
    await (await sms.deployments.swap("svc2", "v1", "v2"))
    assert (await sms.deployments.get_by_slot("svc2", "production")).name == "v2"
    assert (await sms.deployments.get_by_slot("svc2", "staging")).name == "v1"

    detail = await sms.hosted_services.get("svc2", embed_detail=True)
    assert sorted(d.name for d in detail.deployments) == ["v1", "v2"]

    await (await sms.deployments.delete("svc2", "v1"))
    with pytest.raises(NotFoundError):
        await sms.deployments.get_by_name("svc2", "v1")
    await (await sms.deployments.delete("svc2", "v2", delete_vhd=True))
    await (await sms.hosted_services.delete("svc2", complete=True))
    assert await sms.hosted_services.list() == []


async def test_storage_account_lifecycle(sms: ServiceManagementSession) -> None:
    assert (await sms.storage_accounts.check_name_availability("mystore1")).result is True
    op = await sms.storage_accounts.create("mystore1", "a description", "store label", location="West US")
    assert op.http_status == 202
    await op
    assert (await sms.storage_accounts.check_name_availability("mystore1")).result is False
    account = await sms.storage_accounts.get("mystore1")
    props = account.storage_service_properties
    assert props is not None
    assert (props.label, props.description, props.location, props.status) == (
        "store label",
        "a description",
        "West US",
        "Created",
    )
    assert props.account_type == "Standard_GRS"
    assert "https://mystore1.blob.core.windows.net/" in props.endpoints
    assert [a.service_name for a in await sms.storage_accounts.list()] == ["mystore1"]

    keys = (await sms.storage_accounts.get_keys("mystore1")).storage_service_keys
    assert keys is not None and keys.primary is not None and keys.secondary is not None
    old_primary = keys.primary.get_secret_value()
    assert len(old_primary) == 88
    new = (await sms.storage_accounts.regenerate_keys("mystore1", "Primary")).storage_service_keys
    assert new is not None and new.primary is not None and new.secondary is not None
    assert new.primary.get_secret_value() != old_primary
    assert new.secondary.get_secret_value() == keys.secondary.get_secret_value()
    assert old_primary not in repr(new)

    await (await sms.storage_accounts.update("mystore1", description="changed", account_type="Standard_LRS"))
    props = (await sms.storage_accounts.get("mystore1")).storage_service_properties
    assert props is not None and (props.description, props.account_type) == ("changed", "Standard_LRS")

    await (await sms.storage_accounts.delete("mystore1"))
    with pytest.raises(NotFoundError) as info:
        await sms.storage_accounts.get("mystore1")
    assert info.value.message == "The storage account 'mystore1' was not found."


async def test_affinity_group_lifecycle(sms: ServiceManagementSession) -> None:
    op = await sms.affinity_groups.create("myAG", "ag label", "West US", "ag desc")
    assert op.http_status == 201
    group = await sms.affinity_groups.get("myAG")
    assert (group.name, group.label, group.description, group.location) == (
        "myAG",
        "ag label",
        "ag desc",
        "West US",
    )
    assert "PersistentVMRole" in group.capabilities

    await (await sms.hosted_services.create("agsvc", "agsvc", affinity_group="myAG"))
    await (await sms.storage_accounts.create("agstore", None, "agstore", affinity_group="myAG"))
    group = await sms.affinity_groups.get("myAG")
    assert [s.service_name for s in group.hosted_services] == ["agsvc"]
    assert [s.service_name for s in group.storage_services] == ["agstore"]
    svc = await sms.hosted_services.get("agsvc")
    assert svc.hosted_service_properties.affinity_group == "myAG"

    await (await sms.affinity_groups.update("myAG", "new ag label", "new desc"))
    group = await sms.affinity_groups.get("myAG")
    assert (group.label, group.description) == ("new ag label", "new desc")
    assert [g.name for g in await sms.affinity_groups.list()] == ["myAG"]

    await (await sms.hosted_services.delete("agsvc"))
    await (await sms.storage_accounts.delete("agstore"))
    op = await sms.affinity_groups.delete("myAG")
    assert op.http_status == 200
    assert await sms.affinity_groups.list() == []


async def test_operating_systems(sms: ServiceManagementSession) -> None:
    systems = await sms.operating_systems.list()
    assert systems and all(s.label and s.family_label and s.version for s in systems)
    assert any(s.is_default for s in systems)
    families = await sms.operating_systems.list_families()
    assert {f.name for f in families} == {str(s.family) for s in systems}
    assert sum(len(f.operating_systems) for f in families) == len(systems)


async def test_os_image_lifecycle(sms: ServiceManagementSession) -> None:
    images = await sms.os_images.list()
    centos = next(i for i in images if i.name == CENTOS)
    assert (centos.category, centos.os) == ("Public", "Linux")
    assert any(i.os == "Windows" for i in images)

    op = await sms.os_images.add(
        "my image", "https://st.blob.core.windows.net/vhds/img.vhd", "myimage", "Linux"
    )
    assert op.http_status == 200
    image = await sms.os_images.get("myimage")
    assert (image.category, image.label, image.os) == ("User", "my image", "Linux")
    assert image.media_link == "https://st.blob.core.windows.net/vhds/img.vhd"
    await (await sms.os_images.update("myimage", "relabelled", image.media_link, "myimage", "Linux"))
    assert (await sms.os_images.get("myimage")).label == "relabelled"
    assert "myimage" in [i.name for i in await sms.os_images.list()]

    delete = await sms.os_images.delete("myimage", delete_vhd=True)
    assert delete.http_status == 202
    await delete
    with pytest.raises(NotFoundError):
        await sms.os_images.get("myimage")


async def test_virtual_machine_lifecycle(sms: ServiceManagementSession) -> None:
    await (await sms.hosted_services.create("myvm", "myvm", location="West US"))
    network = ConfigurationSet(input_endpoints=[ConfigurationSetInputEndpoint("ssh", "tcp", 22, 22)])
    op = await sms.virtual_machines.create_deployment(
        "myvm",
        "myvm",
        "production",
        "myvm",
        "myvm",
        LinuxConfigurationSet("myhostname", "myuser", "mypassword", True),
        OSVirtualHardDisk(CENTOS, "https://st.blob.core.windows.net/vhds/myvm.vhd"),
        network_config=network,
        role_size="Small",
    )
    assert op.http_status == 202
    await op
    deployment = await sms.deployments.get_by_name("myvm", "myvm")
    assert deployment.status == "Running"
    assert deployment.label == "myvm"
    [instance] = deployment.role_instance_list
    assert (instance.role_name, instance.host_name, instance.instance_size) == ("myvm", "myhostname", "Small")
    role = await sms.virtual_machines.get_role("myvm", "myvm", "myvm")
    assert role.role_size == "Small"
    assert role.os_virtual_hard_disk is not None
    assert role.os_virtual_hard_disk.source_image_name == CENTOS
    assert role.os_virtual_hard_disk.os == "Linux"
    [net] = role.configuration_sets
    assert [e.name for e in net.input_endpoints or []] == ["ssh"]

    await (await sms.virtual_machines.delete_deployment("myvm", "myvm", delete_vhd=True))
    with pytest.raises(NotFoundError):
        await sms.virtual_machines.get_role("myvm", "myvm", "myvm")
    await (await sms.hosted_services.delete("myvm"))


async def test_operation_status_and_resume(emu: Emulator, sms: ServiceManagementSession) -> None:
    emu.set_progression("create_storage_account", polls=2)
    op = await sms.storage_accounts.create("pollstore", None, "label", location="East US")
    first = await op.status()
    assert first.status is OperationStatus.IN_PROGRESS and first.http_status_code is None
    assert first.id == f"{op.request_id[:8]}-{op.request_id[8:12]}-{op.request_id[12:16]}-" + (
        f"{op.request_id[16:20]}-{op.request_id[20:]}"
    )
    with pytest.raises(NotFoundError):
        await sms.storage_accounts.get("pollstore")
    resumed = sms.operations.resume(op.request_id)
    final = await resumed.wait(poll_interval=0)
    assert final.status is OperationStatus.SUCCEEDED and final.http_status_code == 200
    assert (await sms.storage_accounts.get("pollstore")).service_name == "pollstore"
    again = await sms.operations.get(op.request_id)
    assert again.succeeded
