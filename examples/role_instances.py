"""Upgrade a cloud service by hand, one upgrade domain at a time, then reboot a role instance and wait
until every instance is ready again.

A long operation that succeeded means Azure applied the change, not that the instances are up:
``wait_until_ready`` polls Get Deployment until they are ``ReadyRole``.
"""

import asyncio

from _target import target_session

CSCFG = """<ServiceConfiguration serviceName="svc"
    xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration">
  <Role name="WebRole1"><Instances count="3" /></Role>
</ServiceConfiguration>"""
PACKAGE = "https://mystorageaccount.blob.core.windows.net/packages/svc-{version}.cspkg"


async def main() -> None:
    async with target_session() as session:
        svc = "aiosm-example-ri"
        await (await session.hosted_services.create(svc, svc, location="West US"))
        deployments, instances = session.deployments, session.role_instances
        await (
            await deployments.create(svc, "production", "v1", PACKAGE.format(version=1), "v1", CSCFG, True)
        )
        await instances.wait_until_ready(svc, "v1", timeout=900)

        await (await deployments.upgrade(svc, "v1", "Manual", PACKAGE.format(version=2), CSCFG, "v2"))
        while (status := (await deployments.get_by_name(svc, "v1")).upgrade_status) is not None:
            print(f"walking upgrade domain {status.current_upgrade_domain} ({status.upgrade_type})")
            await (await deployments.walk_upgrade_domain(svc, "v1", status.current_upgrade_domain or 0))
        print("upgraded to", (await deployments.get_by_name(svc, "v1")).label)

        await (await instances.reboot(svc, "v1", "WebRole1_IN_0"))
        ready = await instances.wait_until_ready(svc, "v1", timeout=900)
        print("ready:", ", ".join(f"{i.instance_name}={i.instance_status}" for i in ready))

        await (await instances.delete(svc, "v1", ["WebRole1_IN_2"]))
        left = (await deployments.get_by_name(svc, "v1")).role_instance_list
        print("instances left:", [i.instance_name for i in left])
        await (await deployments.delete(svc, "v1"))
        await (await session.hosted_services.delete(svc))


if __name__ == "__main__":
    asyncio.run(main())
