"""Deploy a package to staging and production, reconfigure, start, swap and delete.

The native client takes the .cscfg as text and encodes it itself.
"""

import asyncio

from _target import target_session

CSCFG = """<ServiceConfiguration serviceName="svc"
    xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration">
  <Role name="WebRole1"><Instances count="{count}" /></Role>
</ServiceConfiguration>"""
PACKAGE = "https://mystorageaccount.blob.core.windows.net/packages/svc.cspkg"


async def main() -> None:
    async with target_session() as session:
        svc = "aiosm-example-dep"
        await session.hosted_services.create(svc, svc, location="West US")
        deployments = session.deployments
        await (await deployments.create(svc, "production", "v1", PACKAGE, "v1", CSCFG.format(count=1)))
        await (await deployments.create(svc, "staging", "v2", PACKAGE, "v2", CSCFG.format(count=1)))
        await (await deployments.change_configuration(svc, "v1", CSCFG.format(count=2)))
        await (await deployments.update_status(svc, "v1", "Running"))
        v1 = await deployments.get_by_name(svc, "v1")
        print(f"v1: {v1.status}, {len(v1.role_instance_list)} instances")
        await (await deployments.swap(svc, "v1", "v2"))
        print("production now runs", (await deployments.get_by_slot(svc, "production")).name)
        for name in ("v1", "v2"):
            await (await deployments.delete(svc, name))
        await (await session.hosted_services.delete(svc))


if __name__ == "__main__":
    asyncio.run(main())
