"""The VM extensions the service offers, and the versions of one of them."""

import asyncio

from _target import target_session


async def main() -> None:
    async with target_session() as session:
        extensions = await session.resource_extensions.list()
        print(f"{len(extensions)} extensions, for example:")
        for extension in sorted(extensions, key=lambda e: (e.publisher, e.name))[:5]:
            print(f"  {extension.publisher}/{extension.name} {extension.version}: {extension.label}")
        versions = await session.resource_extensions.list_versions(
            "Microsoft.Compute", "CustomScriptExtension"
        )
        print("CustomScriptExtension versions:", ", ".join(v.version for v in versions))


if __name__ == "__main__":
    asyncio.run(main())
