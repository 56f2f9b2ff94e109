"""VM images: register VHDs as a VM image, find platform VM images, capture a VM, clean up."""

import asyncio

from _target import target_session

from aiosm.models import (
    CaptureRoleAsVMImage,
    LinuxConfigurationSet,
    OSDiskConfiguration,
    OSVirtualHardDisk,
    VMImage,
)

BLOBS = "https://mystorageaccount.blob.core.windows.net/vhds/"
UBUNTU = "b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04_2-LTS-amd64-server-20150506-en-us-30GB"


async def main() -> None:
    async with target_session() as session:
        # Register an OS disk blob (and, here, no data disk) as a VM image.
        image = VMImage("aiosm-example-vmimage", "my web server", "a generalized web server")
        image.os_disk_configuration = OSDiskConfiguration(
            os_state="Generalized", os="Linux", media_link=BLOBS + "webserver-os.vhd"
        )
        await (await session.vm_images.create(image))
        await (await session.vm_images.update("aiosm-example-vmimage", VMImage(label="my web server v2")))
        mine = await session.vm_images.list(category="User")
        print([(i.name, i.label) for i in mine])

        # Platform VM images: the service filters on location, publisher and category ...
        for found in await session.vm_images.list(publisher="Cloudera"):
            print("Cloudera:", found.label, found.recommended_vm_size)
        # ... and select()/newest() filter on the rest (OS, family, label) here.
        sql = await session.vm_images.newest(
            "SQL Server 2014 Enterprise Optimized for DataWarehousing Workloads on Windows Server 2012 R2"
        )
        if sql is not None:
            print(
                "newest SQL Server DW image:",
                sql.published_date,
                len(sql.data_disk_configurations),
                "data disks",
            )

        # Capture a running VM as a Specialized VM image (a Generalized capture needs it stopped).
        await (await session.hosted_services.create("aiosm-example-capsvc", "capture", location="West US"))
        config = LinuxConfigurationSet("capvm", "azureuser", "Example-pa55word", True)
        disk = OSVirtualHardDisk(UBUNTU, BLOBS + "capvm-os.vhd")
        await (
            await session.virtual_machines.create_deployment(
                "aiosm-example-capsvc", "capvm", "production", "capture", "capvm", config, disk
            )
        )
        options = CaptureRoleAsVMImage("Specialized", "aiosm-example-captured", "captured web server")
        await (await session.vm_images.capture("aiosm-example-capsvc", "capvm", "capvm", options))
        captured = next(i for i in await session.vm_images.list() if i.name == "aiosm-example-captured")
        print("captured:", captured.label, captured.role_name, captured.role_state_on_capture)

        await (await session.vm_images.delete("aiosm-example-captured", delete_vhd=True))
        await (await session.vm_images.delete("aiosm-example-vmimage", delete_vhd=True))
        await (await session.deployments.delete("aiosm-example-capsvc", "capvm", delete_vhd=True))
        await (await session.hosted_services.delete("aiosm-example-capsvc"))


if __name__ == "__main__":
    asyncio.run(main())
