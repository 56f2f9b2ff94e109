"""Send a subnet's Internet-bound traffic through a virtual appliance (a firewall VM at 10.0.2.4):
a route table with 0.0.0.0/0 -> VirtualAppliance, applied to the first subnet of a virtual network,
then undo it all."""

import asyncio

from _target import target_session

from aiosm.models import NextHopType

TABLE, LOCATION = "aiosm-example-routes", "West US"


async def main() -> None:
    async with target_session() as session:
        await (await session.route_tables.create(TABLE, LOCATION, "through the firewall"))
        await (
            await session.route_tables.set_route(
                TABLE, "default", "0.0.0.0/0", NextHopType.VIRTUAL_APPLIANCE, "10.0.2.4"
            )
        )
        table = await session.route_tables.get(TABLE)
        for route in table.route_list or []:
            hop = route.next_hop
            if hop is not None:
                print(f"{table.name}: {route.name} {route.address_prefix} -> {hop.type} {hop.ip_address}")

        sites = [
            s for s in await session.virtual_networks.list_sites() if s.location == LOCATION and s.subnets
        ]
        if sites:
            network, subnet = sites[0].name, sites[0].subnets[0].name
            await (await session.route_tables.add_to_subnet(network, subnet, TABLE))
            applied = await session.route_tables.get_for_subnet(network, subnet)
            print(f"{network}/{subnet} routes through {applied.route_table_name}")
            await (await session.route_tables.remove_from_subnet(network, subnet))
        else:
            print(f"no virtual network in {LOCATION} to apply {TABLE} to")

        await (await session.route_tables.delete(TABLE))
        print("deleted", TABLE)


if __name__ == "__main__":
    asyncio.run(main())
