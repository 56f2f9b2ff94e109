"""Create, inspect and delete a cloud (hosted) service."""

import asyncio

from _target import target_session


async def main() -> None:
    async with target_session() as session:
        name = "aiosm-example-svc"
        available = await session.hosted_services.check_name_availability(name)
        print(f"{name} available: {available.result} {available.reason}")
        await session.hosted_services.create(name, "example service", "made by aiosm", location="West US")
        service = await session.hosted_services.get(name, embed_detail=True)
        props = service.hosted_service_properties
        print(f"{service.service_name}: {props.status} in {props.location}, created {props.date_created}")
        await session.hosted_services.delete(name)
        print("deleted")


if __name__ == "__main__":
    asyncio.run(main())
