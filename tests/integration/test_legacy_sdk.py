"""The ORIGINAL synchronous SDK (``azure-servicemanagement-legacy`` 0.20.8) against the emulator.

Proof that the emulator speaks real ASM: the seed's walkthrough, run with the legacy
``ServiceManagementService`` exactly as its users ran it, over mutual TLS with its own
``requests`` transport. The SDK is blocking, so the emulator serves from a background
thread with its own event loop; every test talks to it only through the network.
"""

from __future__ import annotations

import asyncio
import base64
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from azure.common import AzureConflictHttpError, AzureMissingResourceHttpError
from azure.servicemanagement import LinuxConfigurationSet, OSVirtualHardDisk, ServiceManagementService

from aiosm.emulator import Emulator

from .conftest import cscfg

T = TypeVar("T")
LOCATION = "West US"
CENTOS = "OpenLogic__OpenLogic-CentOS-62-20120531-en-us-30GB.vhd"


class BackgroundEmulator:
    """An :class:`Emulator` served by an event loop running in a daemon thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="asm-emulator", daemon=True)
        self.emulator = Emulator(latency=0.0, seed=1)

    def __enter__(self) -> Emulator:
        self.thread.start()
        self.run(self.emulator.start)
        return self.emulator

    def __exit__(self, *exc_info: object) -> None:
        try:
            self.run(self.emulator.stop)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join()
            self.loop.close()

    def run(self, factory: Callable[[], Any]) -> Any:
        """Run ``factory()`` (a coroutine) on the emulator's loop and return its result."""

        async def call() -> Any:
            return await factory()

        return asyncio.run_coroutine_threadsafe(call(), self.loop).result(timeout=120)

    def call(self, function: Callable[[], T]) -> T:
        """Call a synchronous control method of the emulator on its own loop (thread-safe)."""

        async def call() -> T:
            return function()

        result: T = asyncio.run_coroutine_threadsafe(call(), self.loop).result(timeout=120)
        return result


@pytest.fixture(scope="module")
def background() -> Iterator[BackgroundEmulator]:
    server = BackgroundEmulator()
    with server:
        yield server


@pytest.fixture
def sms(background: BackgroundEmulator) -> Iterator[Any]:
    """The legacy SDK's client, configured as its README says, plus trust in the emulator's CA."""
    emu = background.emulator
    host = emu.endpoint.removeprefix("https://")
    service = ServiceManagementService(emu.subscription_id, cert_file=str(emu.certificate_file), host=host)
    # The SDK hands every request to this requests.Session (session.cert = the PEM file).
    session = service._httpclient.request_session
    assert session is service.request_session
    assert session.cert == str(emu.certificate_file)
    session.verify = str(emu.ca_file)
    session.trust_env = False  # no proxy or REQUESTS_CA_BUNDLE from the environment: loopback only
    yield service
    background.call(emu.reset)


def wait(sms: Any, request_id: str) -> Any:
    """The SDK's own poller, silenced (its default callbacks print dots)."""
    return sms.wait_for_operation_status(
        request_id, timeout=60, sleep_interval=1, progress_callback=None, success_callback=None
    )


def b64_cscfg(count: int) -> str:
    return base64.b64encode(cscfg(count).encode("utf-8")).decode("ascii")


def test_locations(sms: Any) -> None:
    result = sms.list_locations()
    names = [location.name for location in result]
    assert LOCATION in names
    assert "East US" in names
    west = next(location for location in result if location.name == LOCATION)
    assert west.display_name == LOCATION
    assert "Compute" in west.available_services
    assert "Storage" in west.available_services


def test_cloud_services_and_deployments(sms: Any) -> None:
    name, label, desc = "myhostedservice", "myhostedservice", "my hosted service"
    result = sms.create_hosted_service(name, label, desc, LOCATION)
    assert wait(sms, result.request_id).status == "Succeeded"  # 0.20.8 returns the request id

    result = sms.list_hosted_services()
    assert [hosted_service.service_name for hosted_service in result] == [name]
    listed = result[0]
    assert listed.url.endswith(f"/{sms.subscription_id}/services/hostedservices/{name}")
    assert listed.hosted_service_properties.affinity_group == ""
    assert listed.hosted_service_properties.location == LOCATION

    hosted_service = sms.get_hosted_service_properties("myhostedservice")
    assert hosted_service.service_name == name
    properties = hosted_service.hosted_service_properties
    assert (properties.affinity_group, properties.location) == ("", LOCATION)
    assert properties.label == label  # sent base64-encoded, decoded by the SDK
    assert properties.description == desc
    assert properties.status == "Created"

    # How to: Create a deployment
    package_url = "https://mystorageaccount.blob.core.windows.net/packages/myservice.cspkg"
    result = sms.create_deployment(name, "production", "v1", package_url, label, b64_cscfg(2))
    assert result.request_id
    operation_result = sms.get_operation_status(result.request_id)
    assert operation_result.status == "Succeeded"
    assert operation_result.http_status_code == "200"
    assert wait(sms, result.request_id).status == "Succeeded"

    result = sms.get_deployment_by_slot("myhostedservice", "production")
    assert (result.name, result.deployment_slot, result.status) == ("v1", "Production", "Suspended")
    assert result.label == label
    assert result.private_id
    assert result.configuration == cscfg(2)  # sent base64-encoded, decoded by the SDK
    instances = result.role_instance_list
    assert [instance.instance_name for instance in instances] == ["WebRole1_IN_0", "WebRole1_IN_1"]
    assert {instance.instance_size for instance in instances} == {"Small"}
    assert all(instance.instance_status for instance in instances)
    by_name = sms.get_deployment_by_name(name, "v1")
    assert (by_name.name, by_name.deployment_slot, by_name.private_id) == (
        "v1",
        "Production",
        result.private_id,
    )

    # How to: Update a deployment
    result = sms.change_deployment_configuration(name, "v1", b64_cscfg(1))
    assert sms.get_operation_status(result.request_id).status == "Succeeded"
    deployment = sms.get_deployment_by_name(name, "v1")
    assert len(deployment.role_instance_list) == 1
    assert deployment.configuration == cscfg(1)

    result = sms.update_deployment_status(name, "v1", "Running")
    assert wait(sms, result.request_id).status == "Succeeded"
    assert sms.get_deployment_by_name(name, "v1").status == "Running"

    # How to: Move deployments between staging and production
    result = sms.create_deployment(name, "staging", "v2", package_url, "v2", b64_cscfg(1))
    wait(sms, result.request_id)
    assert sms.get_deployment_by_slot(name, "staging").name == "v2"
    result = sms.swap_deployment("myhostedservice", "v1", "v2")
    assert wait(sms, result.request_id).status == "Succeeded"
    assert sms.get_deployment_by_slot(name, "production").name == "v2"
    assert sms.get_deployment_by_slot(name, "staging").name == "v1"
    assert sms.get_deployment_by_name(name, "v1").deployment_slot == "Staging"

    # How to: Delete a cloud service -- "all deployments for the service must first be deleted"
    with pytest.raises(AzureConflictHttpError) as conflict:
        sms.delete_hosted_service("myhostedservice")
    assert conflict.value.status_code == 409
    assert "<Code>ConflictError</Code>" in str(conflict.value)

    # How to: Delete a deployment
    for deployment_name in ("v1", "v2"):
        result = sms.delete_deployment("myhostedservice", deployment_name)
        wait(sms, result.request_id)
    properties = sms.get_hosted_service_properties(name, embed_detail=True)
    assert list(properties.deployments) == []
    result = sms.delete_hosted_service("myhostedservice")
    assert wait(sms, result.request_id).status == "Succeeded"
    assert list(sms.list_hosted_services()) == []
    with pytest.raises(AzureMissingResourceHttpError):
        sms.get_hosted_service_properties("myhostedservice")


def test_storage_accounts(sms: Any) -> None:
    name, label, desc = "mystorageaccount", "mystorageaccount", "My storage account description."
    result = sms.create_storage_account(name, desc, label, location=LOCATION)
    operation_result = sms.get_operation_status(result.request_id)
    assert operation_result.status == "Succeeded"  # the emulator runs with no latency

    result = sms.list_storage_accounts()
    assert [account.service_name for account in result] == [name]
    account = result[0]
    assert account.storage_service_properties.affinity_group == ""
    assert account.storage_service_properties.location == LOCATION
    assert account.storage_service_properties.label == label
    assert account.storage_service_properties.description == desc
    assert account.storage_service_properties.status == "Created"

    keys = sms.get_storage_account_keys(name).storage_service_keys
    assert keys.primary and keys.secondary
    assert keys.primary != keys.secondary
    base64.b64decode(keys.primary, validate=True)  # keys are base64, as Azure's are

    sms.delete_storage_account("mystorageaccount")
    assert list(sms.list_storage_accounts()) == []


def test_affinity_groups(sms: Any) -> None:
    name, label, desc = "myAffinityGroup", "myAffinityGroup", "my affinity group"
    assert sms.create_affinity_group(name, label, LOCATION, desc) is None

    result = sms.list_affinity_groups()
    assert [(group.name, group.label, group.description, group.location) for group in result] == [
        (name, label, desc, LOCATION)
    ]
    group = sms.get_affinity_group_properties(name)
    assert (group.label, group.location) == (label, LOCATION)

    sms.delete_affinity_group("myAffinityGroup")
    assert list(sms.list_affinity_groups()) == []


def test_operating_systems(sms: Any) -> None:
    result = sms.list_operating_systems()
    assert len(result) > 0
    for os in result:
        assert os.label and os.version and os.family_label
        assert isinstance(os.is_active, bool)
        assert isinstance(os.is_default, bool)
    # Labels travel base64-encoded; the SDK decodes them.
    assert "Windows Server 2012 R2" in {os.family_label for os in result}
    assert any(os.is_active for os in result) and not all(os.is_active for os in result)

    families = sms.list_operating_system_families()
    labels = {family.label for family in families}
    assert "Windows Server 2012 R2" in labels
    for family in families:
        assert family.name
        assert len(family.operating_systems) > 0
        for os in family.operating_systems:
            assert os.label and os.version and isinstance(os.is_active, bool)
    active = {os.version for family in families for os in family.operating_systems if os.is_active}
    assert active == {os.version for os in result if os.is_active}


def test_os_images(sms: Any) -> None:
    name, label, os_type = "mycentos", "mycentos", "Linux"
    media_link = "https://mystorageaccount.blob.core.windows.net/vhds/mycentos.vhd"
    result = sms.add_os_image(label, media_link, name, os_type)
    assert sms.get_operation_status(result.request_id).status == "Succeeded"

    images = {image.name: image for image in sms.list_os_images()}
    assert CENTOS in images
    assert images[CENTOS].category == "Public"
    assert images[CENTOS].logical_size_in_gb == 30  # an integer on the wire: the SDK parses it with int()
    mine = images[name]
    assert (mine.label, mine.os, mine.category, mine.media_link) == (label, os_type, "User", media_link)
    assert isinstance(mine.logical_size_in_gb, int)
    assert sms.get_os_image(name).media_link == media_link

    result = sms.delete_os_image("mycentos")
    assert wait(sms, result.request_id).status == "Succeeded"
    assert name not in [image.name for image in sms.list_os_images()]


def test_virtual_machine(sms: Any) -> None:
    name = "myvm"
    sms.create_hosted_service(service_name=name, label=name, location=LOCATION)

    media_link = "https://mystorageaccount.blob.core.windows.net/vhds/myvm.vhd"
    # The legacy model sends empty <SSH><PublicKeys/><KeyPairs/></SSH> etc. by default; Azure took it.
    linux_config = LinuxConfigurationSet("myhostname", "myuser", "mypassword", True)
    os_hd = OSVirtualHardDisk(CENTOS, media_link)
    result = sms.create_virtual_machine_deployment(
        service_name=name,
        deployment_name=name,
        deployment_slot="production",
        label=name,
        role_name=name,
        system_config=linux_config,
        os_virtual_hard_disk=os_hd,
        role_size="Small",
    )
    assert wait(sms, result.request_id).status == "Succeeded"

    deployment = sms.get_deployment_by_name(name, name)
    assert (deployment.name, deployment.deployment_slot) == (name, "Production")
    assert [role.role_name for role in deployment.role_list] == [name]
    role = sms.get_role(name, name, name)
    assert (role.role_name, role.role_size, role.role_type) == (name, "Small", "PersistentVMRole")
    assert role.os_virtual_hard_disk.source_image_name == CENTOS
    assert role.os_virtual_hard_disk.media_link == media_link
    assert role.os_virtual_hard_disk.os == "Linux"

    result = sms.delete_deployment(service_name="myvm", deployment_name="myvm")
    wait(sms, result.request_id)
    sms.delete_hosted_service(service_name="myvm")
    assert list(sms.list_hosted_services()) == []


def test_parsed_objects_carry_the_services_fields(sms: Any) -> None:
    """What the SDK parses from the emulator is what it parsed from the service (recordings
    test_get_storage_account_properties, test_get_storage_account_keys): capabilities, compute
    capabilities, and a keys answer without the account's properties."""
    west = next(location for location in sms.list_locations() if location.name == LOCATION)
    assert "Standard_D1" in west.compute_capabilities.web_worker_role_sizes
    assert "Basic_A0" in west.compute_capabilities.virtual_machines_role_sizes

    name = "mycapabilities"
    result = sms.create_storage_account(name, "desc", name, location=LOCATION, account_type="Standard_LRS")
    wait(sms, result.request_id)
    account = sms.get_storage_account_properties(name)
    assert list(account.capabilities) == ["PersistentVMRole"]
    assert account.storage_service_properties.geo_secondary_region == ""  # <GeoSecondaryRegion/>
    assert [a.capabilities for a in sms.list_storage_accounts()] == [None]  # List does not carry them

    keys = sms.get_storage_account_keys(name)
    assert keys.url.endswith(f"/services/storageservices/{name}")
    assert keys.storage_service_keys.primary
    # Url and keys only, as the service answers: nothing else is parsed.
    assert keys.storage_service_properties is None and not keys.service_name
    sms.delete_storage_account(name)


def test_affinity_group_properties_list_its_services_with_their_properties(sms: Any) -> None:
    """The legacy SDK's own test of Get Affinity Group Properties (recorded against Azure) read
    ``hosted_services[0].hosted_service_properties.affinity_group``: the entries carry properties."""
    sms.create_affinity_group("mygroup", "mygroup", LOCATION, "my group")
    wait(sms, sms.create_hosted_service("ingroup", "ingroup", "in a group", None, "mygroup").request_id)
    wait(sms, sms.create_storage_account("ingroupstore", "d", "l", "mygroup").request_id)
    result = sms.get_affinity_group_properties("mygroup")
    (service,) = result.hosted_services
    assert service.service_name == "ingroup"
    assert service.url.endswith("/services/hostedservices/ingroup")
    assert service.hosted_service_properties.affinity_group == "mygroup"
    assert service.hosted_service_properties.label == "ingroup"
    (account,) = result.storage_services
    assert account.service_name == "ingroupstore"
    assert account.storage_service_properties.affinity_group == "mygroup"
    assert len(result.capabilities) > 0
