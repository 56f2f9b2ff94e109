"""Register a VHD as an OS image, list images, delete it."""

import asyncio

from _target import target_session


async def main() -> None:
    async with target_session() as session:
        vhd = "https://mystorageaccount.blob.core.windows.net/vhds/mycentos.vhd"
        await (await session.os_images.add("my centos", vhd, "aiosm-example-image", "Linux"))
        image = await session.os_images.get("aiosm-example-image")
        print(image.name, image.os, image.category, image.media_link)
        print(len(await session.os_images.list()), "images")
        await (await session.os_images.delete("aiosm-example-image"))


if __name__ == "__main__":
    asyncio.run(main())
