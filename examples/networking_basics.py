"""Reserve an IP, give it to a cloud service's deployment, add a DNS server, list virtual networks,
then undo it all."""

import asyncio

from _target import target_session

CSCFG = """<ServiceConfiguration serviceName="svc"
    xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration">
  <Role name="WebRole1"><Instances count="1" /></Role>
</ServiceConfiguration>"""
PACKAGE = "https://mystorageaccount.blob.core.windows.net/packages/svc.cspkg"


async def main() -> None:
    async with target_session() as session:
        svc, ip_name = "aiosm-example-net", "aiosm-example-ip"
        await (await session.reserved_ips.create(ip_name, "example address", "West US"))
        reserved = await session.reserved_ips.get(ip_name)
        print(f"reserved {reserved.name}: {reserved.address} in {reserved.location}")

        await session.hosted_services.create(svc, svc, location="West US")
        await (await session.deployments.create(svc, "production", "v1", PACKAGE, "v1", CSCFG, True))
        await (await session.reserved_ips.associate(ip_name, svc, "v1"))
        await (await session.dns_servers.add(svc, "v1", "dns1", "10.0.0.4"))
        deployment = await session.deployments.get_by_name(svc, "v1")
        vip = deployment.virtual_ips[0]
        dns = [(s.name, s.address) for s in deployment.dns.dns_servers] if deployment.dns else []
        print(f"v1 answers on {vip.address} (reserved: {vip.is_reserved}), DNS servers {dns}")
        in_use = await session.reserved_ips.get(ip_name)
        print(f"{ip_name} in use by {in_use.service_name}/{in_use.deployment_name}")

        networks = await session.virtual_networks.list_sites()
        print(f"{len(networks)} virtual networks")

        await (await session.reserved_ips.disassociate(ip_name, svc, "v1"))
        await (await session.deployments.delete(svc, "v1"))
        await (await session.hosted_services.delete(svc))
        await (await session.reserved_ips.delete(ip_name))
        print("released", ip_name)


if __name__ == "__main__":
    asyncio.run(main())
