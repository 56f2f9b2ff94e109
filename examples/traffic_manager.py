"""A Traffic Manager profile failing over between two cloud services, then a second definition."""

import asyncio

from _target import target_session

from aiosm.models import TrafficManagerEndpoint, TrafficManagerEndpointType, TrafficManagerMonitor

NAME = "aiosm-example-tm"
DOMAIN = "aiosm-example-tm.trafficmanager.net"


async def main() -> None:
    async with target_session() as session:
        tm = session.traffic_manager
        print(f"{DOMAIN} available: {await tm.check_dns_prefix_availability(DOMAIN)}")
        await tm.create(NAME, DOMAIN)
        try:
            endpoints = [
                TrafficManagerEndpoint(domain_name=name, type=TrafficManagerEndpointType.CLOUD_SERVICE)
                for name in ("aiosm-east.cloudapp.net", "aiosm-west.cloudapp.net")
            ]
            monitor = TrafficManagerMonitor(port=80)  # HTTP GET / every 30 s
            await tm.create_definition(NAME, 300, [monitor], "Failover", endpoints)
            await tm.create_definition(NAME, 60, [monitor], "RoundRobin", endpoints)
            await tm.update(NAME, "Enabled", 1)  # back to the failover definition
            profile = await tm.get(NAME)
            print(
                f"{profile.name} {profile.status}: "
                + ", ".join(f"v{d.version} {d.status}" for d in profile.definitions)
            )
            for definition in await tm.list_definitions(NAME):
                assert definition.policy is not None and definition.dns_options is not None
                print(
                    f"v{definition.version}: {definition.policy.load_balancing_method} "
                    f"TTL {definition.dns_options.time_to_live_in_seconds} s, "
                    f"{len(definition.policy.endpoints)} endpoints"
                )
            print(f"{DOMAIN} available: {await tm.check_dns_prefix_availability(DOMAIN)}")
        finally:
            await tm.delete(NAME)
        print(f"profiles left: {[p.name for p in await tm.list()]}")


if __name__ == "__main__":
    asyncio.run(main())
