"""Register a VHD as an OS image, update its metadata, pick platform images, delete it."""

import asyncio
from datetime import date

from _target import target_session


async def main() -> None:
    async with target_session() as session:
        vhd = "https://mystorageaccount.blob.core.windows.net/vhds/mycentos.vhd"
        await (await session.os_images.add("my centos", vhd, "aiosm-example-image", "Linux"))
        await (
            await session.os_images.update(
                "aiosm-example-image", "my centos", image_family="My CentOS", published_date=date(2016, 9, 9)
            )
        )
        image = await session.os_images.get("aiosm-example-image")
        print(image.name, image.os, image.category, image.media_link)
        print(image.image_family, image.published_date)
        print(len(await session.os_images.list()), "images")

        # The image list has no server-side filter: select() and newest() filter it here.
        ubuntu = await session.os_images.newest("Ubuntu Server 14.04 LTS", location="West Europe")
        if ubuntu is not None:
            print("newest Ubuntu 14.04:", ubuntu.label, ubuntu.published_date)
        for premium in await session.os_images.select(os="Windows", publisher="Microsoft"):
            print("Windows:", premium.label, "(premium)" if premium.is_premium else "")
        await (await session.os_images.delete("aiosm-example-image"))


if __name__ == "__main__":
    asyncio.run(main())
