"""Give a virtual network a VPN gateway, share a key with an on-premises site, connect, resize, and
delete the gateway again.

On Azure the virtual network (with its ``GatewaySubnet`` subnet and the local network site) comes
from the subscription's network configuration; here the embedded emulator is seeded with one.
"""

import asyncio

from aiosm.emulator import running
from aiosm.emulator.records import SubnetRecord, VirtualNetworkRecord
from aiosm.models import GatewaySize, GatewayType

NETWORK, SITE = "aiosm-example-vnet", "onprem"


async def main() -> None:
    async with running() as emulator:
        assert emulator.state is not None
        emulator.state.write(
            puts=[
                VirtualNetworkRecord(
                    subscription=emulator.subscription_id,
                    name=NETWORK,
                    id="6c0e5a54-0000-4000-8000-000000000001",
                    location="West US",
                    address_prefixes=("10.0.0.0/16",),
                    subnets=(
                        SubnetRecord(name="FrontEnd", address_prefix="10.0.1.0/24"),
                        SubnetRecord(name="GatewaySubnet", address_prefix="10.0.0.0/29"),
                    ),
                )
            ]
        )
        async with emulator.session() as session:
            print("before:", (await session.gateways.get(NETWORK)).state)
            await (await session.gateways.create(NETWORK, GatewayType.DYNAMIC_ROUTING))
            gateway = await session.gateways.get(NETWORK)
            kind = f"{gateway.gateway_type} {gateway.gateway_size}"
            print(f"gateway {gateway.state}: {kind} at {gateway.vip_address}")

            await (await session.gateways.set_shared_key(NETWORK, SITE, "ExampleKey0123"))
            await (await session.gateways.reset_shared_key(NETWORK, SITE, 32))
            key = await session.gateways.get_shared_key(NETWORK, SITE)
            print(f"shared key with {SITE}: {len(key)} characters, shown as {key!r}")
            await (await session.gateways.connect(NETWORK, SITE))
            for connection in await session.gateways.list_connections(NETWORK):
                print(f"{connection.local_network_site_name}: {connection.connectivity_state}")

            await (await session.gateways.resize(NETWORK, GatewaySize.HIGH_PERFORMANCE))
            print("resized to", (await session.gateways.get(NETWORK)).gateway_size)
            await (await session.gateways.delete(NETWORK))
            print("after:", (await session.gateways.get(NETWORK)).state)


if __name__ == "__main__":
    asyncio.run(main())
