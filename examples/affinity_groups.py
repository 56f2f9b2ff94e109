"""Create an affinity group, place a storage account in it, clean up."""

import asyncio

from _target import target_session


async def main() -> None:
    async with target_session() as session:
        await session.affinity_groups.create("aiosm-example-ag", "example group", "West US", "made by aiosm")
        await (
            await session.storage_accounts.create(
                "aiosmagstore", None, "in the group", affinity_group="aiosm-example-ag"
            )
        )
        group = await session.affinity_groups.get("aiosm-example-ag")
        print(group.name, group.location, [s.service_name for s in group.storage_services])
        await (await session.storage_accounts.delete("aiosmagstore"))
        await session.affinity_groups.delete("aiosm-example-ag")


if __name__ == "__main__":
    asyncio.run(main())
