"""Two VMs in one cloud service: create them, shut one down and start it again, capture the other
as an OS image, and clean up."""

import asyncio

from _target import target_session

from aiosm import LinuxConfigurationSet, OSVirtualHardDisk

IMAGE = "OpenLogic__OpenLogic-CentOS-62-20120531-en-us-30GB.vhd"
VHDS = "https://mystorageaccount.blob.core.windows.net/vhds"


def os_disk(name: str) -> OSVirtualHardDisk:
    return OSVirtualHardDisk(IMAGE, f"{VHDS}/{name}.vhd")


async def main() -> None:
    async with target_session() as session:
        service = "aiosm-example-roles"
        await (await session.hosted_services.create(service, service, location="West US"))
        # create() makes the deployment for the first VM and adds the second to it.
        for name in ("web1", "web2"):
            config = LinuxConfigurationSet(name, "azureuser", "my-Passw0rd", True)
            await session.virtual_machines.create(service, name, config, os_disk(name), timeout=1800)

        async def show() -> None:
            deployment = await session.deployments.get_by_name(service, service)
            print(", ".join(f"{i.role_name}: {i.instance_status}" for i in deployment.role_instance_list))

        await show()
        await (await session.roles.shutdown(service, service, "web1", "StoppedDeallocated"))
        await show()
        await (await session.roles.start(service, service, "web1"))
        await show()

        await (await session.roles.shutdown(service, service, "web2"))
        await (await session.roles.capture(service, service, "web2", "Delete", "aiosm-example-web", "web"))
        image = await session.os_images.get("aiosm-example-web")
        print("captured:", image.name, image.category, image.os)
        await show()

        await (await session.os_images.delete(image.name))
        await (await session.virtual_machines.delete_deployment(service, service))
        await (await session.hosted_services.delete(service))


if __name__ == "__main__":
    asyncio.run(main())
