"""Create a network security group allowing SSH from the internet, apply it to a subnet of a
virtual network, look at its rules (the service adds its default ones), then undo it all.

Against Azure (``AZURE_MANAGEMENT_SUBSCRIPTIONID``, ``AZURE_MANAGEMENT_CERTFILE``) it uses the
subnet ``AIOSM_SUBNET`` (``network/subnet``) of an existing virtual network. Against the embedded
emulator it first gives the subscription a virtual network.
"""

import asyncio
import os
import uuid

from _target import target_session

from aiosm import ServiceManagementSession


async def demo(session: ServiceManagementSession, network: str, subnet: str) -> None:
    nsgs, name = session.network_security_groups, "aiosm-example-nsg"
    await (await nsgs.create(name, "West US", "allows SSH"))
    await (
        await nsgs.set_rule(
            name,
            "allow-ssh",
            type="Inbound",
            priority=100,
            action="Allow",
            source_address_prefix="INTERNET",
            source_port_range="*",
            destination_address_prefix="*",
            destination_port_range="22",
            protocol="TCP",
        )
    )
    group = await nsgs.get(name)
    for rule in group.rules:
        kind = "default" if rule.is_default else "own"
        print(f"{rule.type} {rule.priority} {rule.action} port {rule.destination_port_range} ({kind})")

    await (await nsgs.add_to_subnet(name, network, subnet))
    applied = await nsgs.get_for_subnet(network, subnet)
    print(f"subnet {network}/{subnet} is behind {applied.name}")

    await (await nsgs.remove_from_subnet(name, network, subnet))
    await (await nsgs.delete(name))
    print("deleted", name)


async def main() -> None:
    if os.environ.get("AZURE_MANAGEMENT_SUBSCRIPTIONID"):
        network, _, subnet = os.environ.get("AIOSM_SUBNET", "aiosm-example-net/FrontEnd").partition("/")
        async with target_session() as session:
            await demo(session, network, subnet)
        return
    from aiosm.emulator import running
    from aiosm.emulator.records import SubnetRecord, VirtualNetworkRecord

    async with running() as emulator:
        print(
            f"(no Azure credentials in the environment: using the embedded emulator at {emulator.endpoint})"
        )
        assert emulator.state is not None
        emulator.state.write(  # a virtual network with one subnet, as a network configuration makes it
            puts=[
                VirtualNetworkRecord(
                    subscription=emulator.subscription_id,
                    name="aiosm-example-net",
                    id=str(uuid.uuid4()),
                    location="West US",
                    address_prefixes=("10.0.0.0/16",),
                    subnets=(SubnetRecord(name="FrontEnd", address_prefix="10.0.1.0/24"),),
                )
            ]
        )
        async with emulator.session() as session:
            await demo(session, "aiosm-example-net", "FrontEnd")


if __name__ == "__main__":
    asyncio.run(main())
