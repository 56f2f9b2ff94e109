"""List guest operating systems, grouped by family."""

import asyncio

from _target import target_session


async def main() -> None:
    async with target_session() as session:
        for family in await session.operating_systems.list_families():
            active = [os.version for os in family.operating_systems if os.is_active]
            print(f"{family.name} {family.label}: {len(active)} active versions")


if __name__ == "__main__":
    asyncio.run(main())
