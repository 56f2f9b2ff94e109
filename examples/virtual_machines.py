"""Create a Linux VM with an SSH endpoint, read its role, delete it."""

import asyncio

from _target import target_session

from aiosm import ConfigurationSet, ConfigurationSetInputEndpoint, LinuxConfigurationSet, OSVirtualHardDisk


async def main() -> None:
    async with target_session() as session:
        name = "aiosm-example-vm"
        await session.hosted_services.create(name, name, location="West US")
        op = await session.virtual_machines.create_deployment(
            name,
            name,
            "production",
            label=name,
            role_name=name,
            system_config=LinuxConfigurationSet("myhostname", "myuser", "my-Passw0rd", True),
            os_virtual_hard_disk=OSVirtualHardDisk(
                "OpenLogic__OpenLogic-CentOS-62-20120531-en-us-30GB.vhd",
                "https://mystorageaccount.blob.core.windows.net/vhds/example-vm.vhd",
            ),
            network_config=ConfigurationSet(
                input_endpoints=[ConfigurationSetInputEndpoint("ssh", "tcp", 22, 22)]
            ),
            role_size="Small",
        )
        await op.wait(timeout=1800)
        role = await session.virtual_machines.get_role(name, name, name)
        print(role.role_name, role.role_size, role.os_virtual_hard_disk)
        await (await session.virtual_machines.delete_deployment(name, name))
        await (await session.hosted_services.delete(name))


if __name__ == "__main__":
    asyncio.run(main())
