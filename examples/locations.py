"""List the locations available for hosting services."""

import asyncio

from _target import target_session


async def main() -> None:
    async with target_session() as session:
        for location in await session.locations.list():
            print(f"{location.name}: {', '.join(location.available_services)}")


if __name__ == "__main__":
    asyncio.run(main())
