"""The ORIGINAL synchronous SDK (``azure-servicemanagement-legacy`` 0.20.8) against the emulator: the
role operations of its own tests (add, update, delete, shut down, start, restart, capture), with the
bodies the SDK really sends (its empty ``<SSH>``, ``<SubnetNames/>`` and ``<InputEndpoints>`` wrappers)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from azure.common import AzureHttpError, AzureMissingResourceHttpError
from azure.servicemanagement import (
    ConfigurationSet,
    ConfigurationSetInputEndpoint,
    LinuxConfigurationSet,
    OSVirtualHardDisk,
    ServiceManagementService,
)

from .test_legacy_sdk import BackgroundEmulator, wait

CENTOS = "OpenLogic__OpenLogic-CentOS-62-20120531-en-us-30GB.vhd"


@pytest.fixture(scope="module")
def server() -> Iterator[BackgroundEmulator]:
    background = BackgroundEmulator()
    with background:
        yield background


@pytest.fixture
def sms(server: BackgroundEmulator) -> Iterator[Any]:
    emu = server.emulator
    service = ServiceManagementService(
        emu.subscription_id, cert_file=str(emu.certificate_file), host=emu.endpoint.removeprefix("https://")
    )
    service.request_session.verify = str(emu.ca_file)
    service.request_session.trust_env = False
    yield service
    server.call(emu.reset)


def _network(port: int) -> Any:
    network = ConfigurationSet()
    network.configuration_set_type = "NetworkConfiguration"
    network.input_endpoints.input_endpoints.append(
        ConfigurationSetInputEndpoint("ssh", "tcp", str(port), "22")
    )
    return network


def _linux(name: str) -> Any:
    return LinuxConfigurationSet("hn" + name, "azureuser", "Secret-pa55", False)


def _disk(name: str) -> Any:
    return OSVirtualHardDisk(CENTOS, f"https://store.blob.core.windows.net/vhds/{name}.vhd")


def _statuses(sms: Any) -> dict[str, str]:
    return {
        i.role_name: i.instance_status for i in sms.get_deployment_by_name("svc", "svc").role_instance_list
    }


def _vm_deployment(sms: Any) -> None:
    wait(sms, sms.create_hosted_service("svc", "svc", "svc", "West US").request_id)
    result = sms.create_virtual_machine_deployment(
        "svc", "svc", "production", "svc", "a", _linux("a"), _disk("a"), _network(59913), role_size="Small"
    )
    wait(sms, result.request_id)
    wait(sms, sms.add_role("svc", "svc", "b", _linux("b"), _disk("b"), _network(59914)).request_id)


def test_add_update_delete_role(sms: Any) -> None:
    _vm_deployment(sms)
    assert [r.role_name for r in sms.get_deployment_by_name("svc", "svc").role_list] == ["a", "b"]
    result = sms.update_role("svc", "svc", "a", network_config=_network(50055), role_size="Medium")
    wait(sms, result.request_id)
    role = sms.get_role("svc", "svc", "a")
    assert role.role_size == "Medium"
    assert [e.port for e in role.configuration_sets[0].input_endpoints] == ["50055"]
    wait(sms, sms.delete_role("svc", "svc", "b", complete=True).request_id)
    with pytest.raises(AzureMissingResourceHttpError):
        sms.get_role("svc", "svc", "b")
    with pytest.raises(AzureHttpError) as last:
        sms.delete_role("svc", "svc", "a")
    assert last.value.status_code == 400


def test_shutdown_start_restart_roles(sms: Any) -> None:
    _vm_deployment(sms)
    wait(sms, sms.shutdown_role("svc", "svc", "a").request_id)
    assert _statuses(sms) == {"a": "StoppedVM", "b": "ReadyRole"}
    wait(sms, sms.start_role("svc", "svc", "a").request_id)
    wait(sms, sms.restart_role("svc", "svc", "a").request_id)
    assert _statuses(sms) == {"a": "ReadyRole", "b": "ReadyRole"}
    wait(sms, sms.shutdown_roles("svc", "svc", ["a", "b"]).request_id)
    assert _statuses(sms) == {"a": "StoppedVM", "b": "StoppedVM"}
    wait(sms, sms.start_roles("svc", "svc", ["a", "b"]).request_id)
    assert _statuses(sms) == {"a": "ReadyRole", "b": "ReadyRole"}
    wait(sms, sms.shutdown_role("svc", "svc", "a", "StoppedDeallocated").request_id)
    assert _statuses(sms) == {"a": "StoppedDeallocated", "b": "ReadyRole"}


def test_capture_role(sms: Any) -> None:
    _vm_deployment(sms)
    with pytest.raises(AzureHttpError) as running:
        sms.capture_role("svc", "svc", "a", "Delete", "capturedimage", "captured")
    assert running.value.status_code == 409
    wait(sms, sms.shutdown_role("svc", "svc", "a").request_id)
    wait(sms, sms.capture_role("svc", "svc", "a", "Delete", "capturedimage", "captured").request_id)
    image = sms.get_os_image("capturedimage")
    assert (image.name, image.label, image.category, image.os) == (
        "capturedimage",
        "captured",
        "User",
        "Linux",
    )
    assert [r.role_name for r in sms.get_deployment_by_name("svc", "svc").role_list] == ["b"]


def test_vm_deployment_with_every_legacy_argument(sms: Any) -> None:
    """The legacy SDK's own XML for extensions, DNS servers and a VM image with its media location."""
    from azure.servicemanagement import DnsServer, ResourceExtensionParameterValue, ResourceExtensionReference

    wait(sms, sms.create_hosted_service("svc", "svc", "svc", "West US").request_id)
    extension = ResourceExtensionReference("BGInfo", "Microsoft.Compute", "BGInfo", "1.*")
    value = ResourceExtensionParameterValue()
    value.key, value.value, value.type = "PublicParams", "{}", "Public"
    extension.resource_extension_parameter_values.resource_extension_parameter_values.append(value)
    dns = DnsServer()
    dns.name, dns.address = "dns1", "10.0.0.4"
    result = sms.create_virtual_machine_deployment(
        "svc",
        "svc",
        "production",
        "svc",
        "a",
        _linux("a"),
        _disk("a"),
        None,
        None,
        None,
        "Small",
        "PersistentVMRole",
        None,
        [extension],
        True,
        None,
        None,
        [dns],
        None,
    )
    wait(sms, result.request_id)
    role = sms.get_role("svc", "svc", "a")
    assert role.role_size == "Small"
    deployment = sms.get_deployment_by_name("svc", "svc")
    assert [r.role_name for r in deployment.role_list] == ["a"]
    # The legacy model reads no Dns element: the raw answer carries it.
    raw = sms.perform_get("/" + sms.subscription_id + "/services/hostedservices/svc/deployments/svc")
    assert b"<DnsServer><Name>dns1</Name><Address>10.0.0.4</Address></DnsServer>" in raw.body
    assert (
        b"<ReferenceName>BGInfo</ReferenceName>"
        in sms.perform_get(
            "/" + sms.subscription_id + "/services/hostedservices/svc/deployments/svc/roles/a"
        ).body
    )
