"""Two Linux VMs, built with aiosm.builders, behind an internal load balancer of their deployment.

The VMs go into the subnet ``BackEnd`` (10.0.2.0/24) of the virtual network ``aiosm-example-vnet``:
against Azure, create that network first; against the embedded emulator, this script puts it in
the emulator's store.
"""

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator

from aiosm import ServiceManagementService, ServiceManagementSession
from aiosm.builders import VirtualMachineBuilder
from aiosm.errors import AsmHttpError
from aiosm.models import ConfigurationSetInputEndpoint, EndpointAcl, EndpointAclRule, LoadBalancerProbe

SERVICE, NETWORK, SUBNET = "aiosm-example-ilb", "aiosm-example-vnet", "BackEnd"
IMAGE = "b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04_2-LTS-amd64-server-20150506-en-us-30GB"
VHDS = "https://mystorageaccount.blob.core.windows.net/vhds"


@contextlib.asynccontextmanager
async def target_with_network() -> AsyncIterator[ServiceManagementSession]:
    """Azure when credentials are in the environment, else the emulator with the virtual network."""
    subscription_id = os.environ.get("AZURE_MANAGEMENT_SUBSCRIPTIONID")
    certificate = os.environ.get("AZURE_MANAGEMENT_CERTFILE")
    if subscription_id and certificate:
        async with ServiceManagementService(subscription_id, certificate) as sms:
            yield sms.session
        return
    from aiosm.emulator import running
    from aiosm.emulator.records import SubnetRecord, VirtualNetworkRecord

    async with running() as emulator:
        print(
            f"(no Azure credentials in the environment: using the embedded emulator at {emulator.endpoint})"
        )
        assert emulator.state is not None
        network = VirtualNetworkRecord(
            subscription=emulator.subscription_id,
            name=NETWORK,
            id="5f0c7e4e-0000-4000-8000-00000000e1b0",
            location="West US",
            address_prefixes=("10.0.0.0/16",),
            subnets=(SubnetRecord(name=SUBNET, address_prefix="10.0.2.0/24"),),
        )
        emulator.state.write(puts=[network])
        async with emulator.service() as sms:
            yield sms.session


def web_vm(name: str, address: str) -> VirtualMachineBuilder:
    return (
        VirtualMachineBuilder(name, "Small")
        .for_linux(name, "azureuser", "my-Passw0rd")
        .with_custom_data("#cloud-config\npackages: [nginx]\n")
        .from_platform_image(IMAGE, f"{VHDS}/{name}.vhd")
        .with_new_data_disk(10, label="www")
        .with_endpoint("ssh", 22 if name == "web1" else 2222, 22)
        .with_load_balanced_endpoint("http", "web", 80, probe_protocol="http", probe_path="/")
        .with_subnet(SUBNET)
        .with_static_ip(address)
    )


async def main() -> None:
    async with target_with_network() as session:
        await session.hosted_services.create(SERVICE, SERVICE, location="West US")
        web1 = web_vm("web1", "10.0.2.5").build()
        await session.virtual_machines.create(SERVICE, **web1.arguments(), virtual_network_name=NETWORK)
        await (await session.load_balancers.add(SERVICE, SERVICE, "ilb", SUBNET, "10.0.2.10"))
        web2 = web_vm("web2", "10.0.2.6").build()
        await session.virtual_machines.create(SERVICE, **web2.arguments())

        # the set 'web' moves behind the internal load balancer, reachable from the network only
        internal = ConfigurationSetInputEndpoint(
            load_balanced_endpoint_set_name="web",
            protocol="tcp",
            port=80,
            local_port=80,
            load_balancer_probe=LoadBalancerProbe(path="/", port=80, protocol="http"),
            endpoint_acl=EndpointAcl(
                rules=[
                    EndpointAclRule(
                        order=100, action="Permit", remote_subnet="10.0.0.0/16", description="vnet"
                    )
                ]
            ),
            load_balancer_name="ilb",
        )
        await (await session.load_balancers.update_endpoint_sets(SERVICE, SERVICE, [internal]))

        deployment = await session.deployments.get_by_name(SERVICE, SERVICE)
        for balancer in deployment.load_balancers:
            frontend = balancer.frontend_ip_configuration
            assert frontend is not None
            address = frontend.static_virtual_network_ip_address
            print(f"{balancer.name}: {frontend.type} {address} in {frontend.subnet_name}")
        for role in deployment.role_list:
            for config in role.configuration_sets:
                for endpoint in config.input_endpoints or ():
                    if endpoint.load_balanced_endpoint_set_name == "web":
                        behind = endpoint.load_balancer_name
                        print(f"{role.role_name} {endpoint.name} {endpoint.port} -> {behind}")
        try:
            await session.load_balancers.delete(SERVICE, SERVICE, "ilb")
        except AsmHttpError as error:
            print(f"ilb is kept while the set uses it ({error.status})")

        await (await session.deployments.delete(SERVICE, SERVICE, delete_vhd=True))
        await (await session.hosted_services.delete(SERVICE))
        print("deleted", SERVICE)


if __name__ == "__main__":
    asyncio.run(main())
