"""Disks: register a VHD as a disk, attach it and a new empty data disk to a VM, then delete the VM and
its disks (``disks.delete`` waits out the storage lease the deleted VM leaves on them)."""

import asyncio

from _target import target_session

from aiosm import LinuxConfigurationSet, OSVirtualHardDisk
from aiosm.resources.disks import LeaseRetry

UBUNTU = "b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04_2-LTS-amd64-server-20150506-en-us-30GB"
VHDS = "https://mystorageaccount.blob.core.windows.net/vhds"


async def main() -> None:
    async with target_session() as session:
        name = "aiosm-example-disks"
        await session.disks.add("my data", f"{VHDS}/example-data.vhd", "aiosm-example-data")
        await (await session.hosted_services.create(name, name, location="West US"))
        await (
            await session.virtual_machines.create_deployment(
                name,
                name,
                "production",
                label=name,
                role_name=name,
                system_config=LinuxConfigurationSet("myhostname", "myuser", "my-Passw0rd", True),
                os_virtual_hard_disk=OSVirtualHardDisk(UBUNTU, f"{VHDS}/example-disks-os.vhd"),
                role_size="Small",
            )
        )
        # Attach the registered disk at LUN 0 and a new empty 20 GB disk at LUN 1.
        await (await session.data_disks.add(name, name, name, 0, disk_name="aiosm-example-data"))
        await (
            await session.data_disks.add(
                name, name, name, 1, "ReadWrite", disk_label="logs", logical_disk_size_in_gb=20
            )
        )
        logs = await session.data_disks.get(name, name, name, 1)
        print("LUN", logs.lun, logs.host_caching, logs.disk_label, logs.logical_disk_size_in_gb, "GB")
        ours = []
        for disk in await session.disks.list():
            if disk.attached_to is not None and disk.attached_to.hosted_service_name == name:
                ours.append(disk.name)
                print(
                    disk.name,
                    disk.os or "data",
                    disk.logical_disk_size_in_gb,
                    "GB, on",
                    disk.attached_to.role_name,
                )
        # Detach the empty disk and delete its VHD; then delete the VM but keep its disks...
        await (await session.data_disks.delete(name, name, name, 1, delete_vhd=True))
        await (await session.deployments.delete(name, name))
        # ... which stay leased a moment after the VM is gone: delete retries until the lease is released.
        session.disks.lease_retry = LeaseRetry(attempts=10, initial=1.0, multiplier=1.5)
        for disk_name in ours:
            if disk_name != logs.disk_name:
                await session.disks.delete(disk_name, delete_vhd=True)
        left = [d.name for d in await session.disks.list() if d.name in ours]
        print("disks left:", left)
        await (await session.hosted_services.delete(name))


if __name__ == "__main__":
    asyncio.run(main())
