"""The whole walkthrough of the legacy SDK's guide, with aiosm: ``python examples/quickstart.py``.

Every call is the seed's, with ``await`` in front. Without Azure credentials in
the environment it runs against the embedded emulator and finishes in seconds.
It removes everything it creates.
"""

from __future__ import annotations

import asyncio
import base64
import os

from _target import target  # examples/ is on sys.path when a script in it runs

from aiosm import LinuxConfigurationSet, OSVirtualHardDisk, ServiceManagementService

CSCFG = b"""<?xml version="1.0" encoding="utf-8"?>
<ServiceConfiguration serviceName="myhostedservice"
    xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration"
    osFamily="4" osVersion="*">
  <Role name="WebRole1"><Instances count="%d" /></Role>
</ServiceConfiguration>
"""
PACKAGE_URL = os.environ.get(
    "AIOSM_PACKAGE_URL", "https://mystorageaccount.blob.core.windows.net/packages/myservice.cspkg"
)
VHD_URL = os.environ.get("AIOSM_VHD_URL", "https://mystorageaccount.blob.core.windows.net/vhds/mycentos.vhd")


async def locations(sms: ServiceManagementService) -> None:
    print("== Locations")
    result = await sms.list_locations()
    for location in result:
        print(location.name)


async def cloud_service(sms: ServiceManagementService) -> None:
    print("== Cloud service")
    name = "myhostedservice"
    label = "myhostedservice"
    desc = "my hosted service"
    location = "West US"
    await sms.create_hosted_service(name, label, desc, location)

    result = await sms.list_hosted_services()
    for hosted_service in result:
        print("Service name: " + hosted_service.service_name)
        print("Management URL: " + hosted_service.url)
        print("Affinity group: " + hosted_service.hosted_service_properties.affinity_group)
        print("Location: " + hosted_service.hosted_service_properties.location)
        print("")

    hosted_service = await sms.get_hosted_service_properties("myhostedservice")
    print("Service name: " + hosted_service.service_name)
    print("Management URL: " + hosted_service.url)
    print("Affinity group: " + hosted_service.hosted_service_properties.affinity_group)
    print("Location: " + hosted_service.hosted_service_properties.location)


async def deployments(sms: ServiceManagementService) -> None:
    print("== Deployments")
    name = "myhostedservice"
    deployment_name = "v1"
    slot = "production"
    configuration = base64.b64encode(CSCFG % 1)
    label = "myhostedservice"

    result = await sms.create_deployment(name, slot, deployment_name, PACKAGE_URL, label, configuration)
    operation_result = await sms.get_operation_status(result.request_id)
    print("Operation status: " + operation_result.status)
    await result.wait()  # the guide polls by hand; aiosm's handle waits for the end

    result = await sms.get_deployment_by_slot("myhostedservice", "production")
    print("Name: " + result.name)
    print("Slot: " + result.deployment_slot)
    print("Private ID: " + result.private_id)
    print("Status: " + result.status)
    print("Instances:")
    for instance in result.role_instance_list:
        print("Instance name: " + instance.instance_name)
        print("Instance status: " + instance.instance_status)
        print("Instance size: " + instance.instance_size)

    configuration = base64.b64encode(CSCFG % 2)
    result = await sms.change_deployment_configuration(name, deployment_name, configuration)
    operation_result = await sms.get_operation_status(result.request_id)
    print("Operation status: " + operation_result.status)
    await result.wait()

    result = await sms.update_deployment_status(name, deployment_name, "Running")
    await result.wait()
    print("Status now: " + (await sms.get_deployment_by_name(name, deployment_name)).status)

    # A second deployment in staging, then swap: v2 goes to production, v1 to staging.
    op = await sms.create_deployment(name, "staging", "v2", PACKAGE_URL, "v2", configuration)
    await op.wait()
    result = await sms.swap_deployment("myhostedservice", "v1", "v2")
    await result.wait()
    production = await sms.get_deployment_by_slot(name, "production")
    print("In production after the swap: " + production.name)

    for deployment in ("v1", "v2"):
        await (await sms.delete_deployment("myhostedservice", deployment)).wait()
    await (await sms.delete_hosted_service("myhostedservice")).wait()
    print("Deleted the deployments and the cloud service")


async def storage(sms: ServiceManagementService) -> None:
    print("== Storage account")
    name = "mystorageaccount"
    label = "mystorageaccount"
    location = "West US"
    desc = "My storage account description."

    result = await sms.create_storage_account(name, desc, label, location=location)
    operation_result = await sms.get_operation_status(result.request_id)
    print("Operation status: " + operation_result.status)
    await result.wait()

    result = await sms.list_storage_accounts()
    for account in result:
        print("Service name: " + account.service_name)
        print("Affinity group: " + account.storage_service_properties.affinity_group)
        print("Location: " + account.storage_service_properties.location)
        print("")

    await (await sms.delete_storage_account("mystorageaccount")).wait()


async def affinity_group(sms: ServiceManagementService) -> None:
    print("== Affinity group")
    name = "myAffinityGroup"
    label = "myAffinityGroup"
    location = "West US"
    desc = "my affinity group"
    await sms.create_affinity_group(name, label, location, desc)

    result = await sms.list_affinity_groups()
    for group in result:
        print("Name: " + group.name)
        print("Description: " + group.description)
        print("Location: " + group.location)
        print("")

    await sms.delete_affinity_group("myAffinityGroup")


async def operating_systems(sms: ServiceManagementService) -> None:
    print("== Operating systems")
    result = await sms.list_operating_systems()
    for os_ in result[:3]:
        print("OS: " + os_.label)
        print("Family: " + os_.family_label)
        print("Active: " + str(os_.is_active))

    result2 = await sms.list_operating_system_families()
    for family in result2:
        print("Family: " + family.label)
        for os_ in family.operating_systems:
            if os_.is_active:
                print("OS: " + os_.label)
                print("Version: " + os_.version)
        print("")


async def os_images(sms: ServiceManagementService) -> None:
    print("== OS images")
    name = "mycentos"
    label = "mycentos"
    os_ = "Linux"  # Linux or Windows
    result = await sms.add_os_image(label, VHD_URL, name, os_)
    operation_result = await sms.get_operation_status(result.request_id)
    print("Operation status: " + operation_result.status)

    result2 = await sms.list_os_images()
    for image in result2:
        print("Name: " + image.name)
        print("Label: " + image.label)
        print("OS: " + image.os)
        print("Category: " + image.category)
        print("Description: " + image.description)
        print("Location: " + image.location)
        print("Affinity group: " + image.affinity_group)
        print("Media link: " + image.media_link)
        print("")

    result = await sms.delete_os_image("mycentos")
    operation_result = await sms.get_operation_status(result.request_id)
    print("Operation status: " + operation_result.status)
    await result.wait()


async def virtual_machine(sms: ServiceManagementService) -> None:
    print("== Virtual machine")
    name = "myvm"
    location = "West US"
    await sms.create_hosted_service(service_name=name, label=name, location=location)

    image_name = "OpenLogic__OpenLogic-CentOS-62-20120531-en-us-30GB.vhd"
    media_link = "https://mystorageaccount.blob.core.windows.net/vhds/myvm.vhd"
    linux_config = LinuxConfigurationSet("myhostname", "myuser", "mypassword", True)
    os_hd = OSVirtualHardDisk(image_name, media_link)

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
    await result.wait()
    deployment = await sms.get_deployment_by_name(name, name)
    print("VM deployment: " + deployment.name + ", status " + deployment.status)

    await (await sms.delete_deployment(service_name="myvm", deployment_name="myvm")).wait()
    await (await sms.delete_hosted_service(service_name="myvm")).wait()
    print("Deleted the virtual machine and its cloud service")


async def main() -> None:
    async with target() as sms:
        await locations(sms)
        await cloud_service(sms)
        await deployments(sms)
        await storage(sms)
        await affinity_group(sms)
        await operating_systems(sms)
        await os_images(sms)
        await virtual_machine(sms)
    print("Walkthrough complete.")


if __name__ == "__main__":
    asyncio.run(main())
