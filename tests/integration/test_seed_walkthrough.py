"""The seed's walkthrough, snippet by snippet, with ``await`` added, via ServiceManagementService."""

from __future__ import annotations

import base64

import pytest

from aiosm import ConflictError, LinuxConfigurationSet, OSVirtualHardDisk
from aiosm.emulator import Emulator

from .conftest import FAST_POLL, FAST_RETRY, cscfg


async def test_seed_walkthrough(emu: Emulator) -> None:
    async with emu.service(retry=FAST_RETRY, poll=FAST_POLL) as sms:
        result = await sms.list_locations()
        assert "West US" in [location.name for location in result]

        name, label, desc, location = "myhostedservice", "myhostedservice", "my hosted service", "West US"
        await sms.create_hosted_service(name, label, desc, location)
        result = await sms.list_hosted_services()
        assert [(h.service_name, h.hosted_service_properties.location) for h in result] == [(name, location)]
        hosted_service = await sms.get_hosted_service_properties("myhostedservice")
        assert hosted_service.hosted_service_properties.affinity_group == ""

        configuration = base64.b64encode(cscfg(2).encode()).decode()
        result = await sms.create_deployment(name, "production", "v1", "https://pkg/v1", label, configuration)
        operation_result = await sms.get_operation_status(result.request_id)
        assert operation_result.status == "Succeeded"
        result = await sms.get_deployment_by_slot("myhostedservice", "production")
        assert (result.name, str(result.deployment_slot), result.status) == ("v1", "Production", "Suspended")
        assert [i.instance_size for i in result.role_instance_list] == ["Small", "Small"]

        result = await sms.change_deployment_configuration(name, "v1", base64.b64encode(cscfg(1).encode()))
        assert (await sms.get_operation_status(result.request_id)).status == "Succeeded"
        result = await sms.update_deployment_status(name, "v1", "Running")
        await sms.wait_for_operation_status(result.request_id, sleep_interval=0)
        assert (await sms.get_deployment_by_name(name, "v1")).status == "Running"

        await sms.create_deployment(name, "staging", "v2", "https://pkg/v2", label, configuration)
        result = await sms.swap_deployment("myhostedservice", "v1", "v2")
        await sms.wait_for_operation_status(result.request_id, sleep_interval=0)
        assert (await sms.get_deployment_by_slot(name, "production")).name == "v2"

        with pytest.raises(ConflictError):
            await sms.delete_hosted_service("myhostedservice")
        await sms.delete_deployment("myhostedservice", "v1")
        await sms.delete_deployment("myhostedservice", "v2")
        await sms.delete_hosted_service("myhostedservice")
        assert await sms.list_hosted_services() == []

        result = await sms.create_storage_account(
            "mystorageaccount", "My storage account description.", "mystorageaccount", location="West US"
        )
        assert (await sms.get_operation_status(result.request_id)).status == "Succeeded"
        result = await sms.list_storage_accounts()
        assert [(a.service_name, a.storage_service_properties.location) for a in result] == [  # type: ignore[union-attr]
            ("mystorageaccount", "West US")
        ]
        await sms.delete_storage_account("mystorageaccount")

        await sms.create_affinity_group("myAffinityGroup", "myAffinityGroup", "West US", "my affinity group")
        result = await sms.list_affinity_groups()
        assert [(g.name, g.description, g.location) for g in result] == [
            ("myAffinityGroup", "my affinity group", "West US")
        ]
        await sms.delete_affinity_group("myAffinityGroup")

        result = await sms.list_operating_systems()
        assert all(isinstance(os.is_active, bool) and os.family_label for os in result)
        families = await sms.list_operating_system_families()
        assert any(os.is_active for family in families for os in family.operating_systems)

        result = await sms.add_os_image("mycentos", "https://st/vhds/centos.vhd", "mycentos", "Linux")
        assert (await sms.get_operation_status(result.request_id)).status == "Succeeded"
        images = {image.name: image for image in await sms.list_os_images()}
        assert images["mycentos"].category == "User"
        result = await sms.delete_os_image("mycentos")
        await sms.wait_for_operation_status(result.request_id, sleep_interval=0)
        assert "mycentos" not in [image.name for image in await sms.list_os_images()]

        name = "myvm"
        await sms.create_hosted_service(service_name=name, label=name, location=location)
        image_name = "OpenLogic__OpenLogic-CentOS-62-20120531-en-us-30GB.vhd"
        linux_config = LinuxConfigurationSet("myhostname", "myuser", "mypassword", True)
        os_hd = OSVirtualHardDisk(image_name, "https://st/vhds/myvm.vhd")
        result = await sms.create_virtual_machine_deployment(
            service_name=name,
            deployment_name=name,
            deployment_slot="production",
            label=name,
            role_name=name,
            system_config=linux_config,
            os_virtual_hard_disk=os_hd,
            role_size="Small",
        )
        await sms.wait_for_operation_status(result.request_id, sleep_interval=0)
        assert (await sms.get_role(name, name, name)).role_size == "Small"
        await sms.delete_deployment(service_name="myvm", deployment_name="myvm")
        await sms.delete_hosted_service(service_name="myvm")
        assert await sms.list_hosted_services() == []
