"""Create a storage account, read its keys, regenerate one, delete it."""

import asyncio

from _target import target_session


async def main() -> None:
    async with target_session() as session:
        name = "aiosmexample"
        op = await session.storage_accounts.create(name, "example", name, location="West US")
        print("create accepted:", op.request_id)
        await op.wait(timeout=600)
        keys = (await session.storage_accounts.get_keys(name)).storage_service_keys
        print("keys:", keys)  # a model's repr masks the keys; keys.primary is the key itself
        await session.storage_accounts.regenerate_keys(name, "Secondary")
        for account in await session.storage_accounts.list():
            props = account.storage_service_properties
            print(account.service_name, props.status if props else "")
        await (await session.storage_accounts.delete(name))


if __name__ == "__main__":
    asyncio.run(main())
