"""An application gateway in a virtual network's subnet: create, configure, start, stop, delete.

Create, Set Configuration, Start, Stop and Delete are gateway operations: each answers an id,
awaited with ``session.application_gateways.wait``. On Azure the virtual network must exist
already (``AIOSM_EXAMPLE_VNET``, subnet ``AIOSM_EXAMPLE_SUBNET``); on the embedded emulator this
script puts one in the emulator's store first.
"""

import asyncio
import os

from _target import target_session

from aiosm import ServiceManagementSession
from aiosm.models import (
    ApplicationGatewayBackendAddressPool,
    ApplicationGatewayBackendHttpSettings,
    ApplicationGatewayConfiguration,
    ApplicationGatewayFrontendIPConfiguration,
    ApplicationGatewayFrontendPort,
    ApplicationGatewayHttpListener,
    ApplicationGatewayLoadBalancingRule,
)

NAME = "aiosm-example-appgw"
VNET = os.environ.get("AIOSM_EXAMPLE_VNET", "aiosm-example-vnet")
SUBNET = os.environ.get("AIOSM_EXAMPLE_SUBNET", "Subnet-1")

CONFIGURATION = ApplicationGatewayConfiguration(
    frontend_ip_configurations=[ApplicationGatewayFrontendIPConfiguration(name="fip1", type="Private")],
    frontend_ports=[ApplicationGatewayFrontendPort(name="http", port=80)],
    backend_address_pools=[
        ApplicationGatewayBackendAddressPool(name="web", ip_addresses=["10.0.1.4", "10.0.1.5"])
    ],
    backend_http_settings_list=[
        ApplicationGatewayBackendHttpSettings(name="web80", port=80, protocol="Http")
    ],
    http_listeners=[
        ApplicationGatewayHttpListener(name="listener", frontend_ip="fip1", frontend_port="http")
    ],
    http_load_balancing_rules=[
        ApplicationGatewayLoadBalancingRule(
            name="rule", backend_http_settings="web80", listener="listener", backend_address_pool="web"
        )
    ],
)


async def gateway(session: ServiceManagementSession) -> None:
    agw = session.application_gateways
    await agw.wait(
        await agw.create(NAME, VNET, [SUBNET], "aiosm example", instance_count=2, gateway_size="Small")
    )
    created = await agw.get(NAME)
    print(
        f"{created.name}: {created.state}, "
        f"{created.instance_count} x {created.gateway_size} in {created.vnet_name}"
    )
    try:
        await agw.wait(await agw.set_configuration(NAME, CONFIGURATION))
        await agw.wait(await agw.start(NAME))
        running = await agw.get(NAME)
        print(f"{running.name}: {running.state} on {', '.join(running.virtual_ips)}")
        config = await agw.get_configuration(NAME)
        rule = config.http_load_balancing_rules[0]
        print(
            f"rule {rule.name}: {rule.listener} -> {rule.backend_address_pool} "
            f"via {rule.backend_http_settings}"
        )
        await agw.wait(await agw.stop(NAME))
        print(f"{NAME}: {(await agw.get(NAME)).state}")
    finally:
        await agw.wait(await agw.delete(NAME))
    print(f"gateways left: {[g.name for g in await agw.list()]}")


async def main() -> None:
    if os.environ.get("AZURE_MANAGEMENT_SUBSCRIPTIONID") and os.environ.get("AZURE_MANAGEMENT_CERTFILE"):
        async with target_session() as session:
            await gateway(session)
        return
    from aiosm.emulator import running
    from aiosm.emulator.records import SubnetRecord, VirtualNetworkRecord

    async with running() as emulator:
        print(
            f"(no Azure credentials in the environment: using the embedded emulator at {emulator.endpoint})"
        )
        assert emulator.state is not None
        emulator.state.write(
            puts=[
                VirtualNetworkRecord(
                    subscription=emulator.subscription_id,
                    name=VNET,
                    id="00000000-0000-4000-8000-00000000a9b1",
                    location="West US",
                    address_prefixes=("10.0.0.0/16",),
                    subnets=(
                        SubnetRecord(name=SUBNET, address_prefix="10.0.0.0/24"),
                        SubnetRecord(name="Backend", address_prefix="10.0.1.0/24"),
                    ),
                )
            ]
        )
        async with emulator.session() as session:
            await gateway(session)


if __name__ == "__main__":
    asyncio.run(main())
