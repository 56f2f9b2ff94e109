"""Edit the network configuration with the helpers: a virtual network with two subnets and a DNS
server, then check an address in it and undo it all."""

import asyncio

from _target import target_session


async def main() -> None:
    async with target_session() as session:
        network = session.network
        await network.add_virtual_network(
            "aiosm-example-vnet",
            ["10.1.0.0/16"],
            location="West US",
            subnets={"frontend": "10.1.1.0/24"},
        )
        await network.add_subnet("aiosm-example-vnet", "backend", "10.1.2.0/24")
        await network.add_dns_server("dns1", "10.1.2.4", virtual_networks=["aiosm-example-vnet"])

        configuration = await network.get()
        site = configuration.site("aiosm-example-vnet")
        assert site is not None
        subnets = ", ".join(f"{s.name} {s.address_prefix}" for s in site.subnets)
        print(f"{site.name} in {site.location}: {subnets}; DNS {[r.name for r in site.dns_servers_ref]}")
        check = await network.check_address("aiosm-example-vnet", "10.1.1.1")
        print(f"10.1.1.1 available: {check.is_available}; try {check.available_addresses[0]}")
        listed = await session.virtual_networks.list_sites()
        print(f"{len(listed)} virtual network(s) listed")

        await network.remove_dns_server("dns1")
        await network.remove_virtual_network("aiosm-example-vnet")
        print("removed aiosm-example-vnet")


if __name__ == "__main__":
    asyncio.run(main())
