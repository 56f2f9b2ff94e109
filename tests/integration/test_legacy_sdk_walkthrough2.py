"""The ORIGINAL synchronous SDK's second walkthrough against the emulator (see test_legacy_sdk.py):
a Linux VM in a cloud service holding a PFX certificate, its data disks, a reserved IP associated
with its deployment and released, a second VM added as a role, shut down, started, restarted and
finally captured as an OS image, then everything deleted again.

Every call is the legacy SDK's own (``azure-servicemanagement-legacy`` 0.20.8, over ``requests`` and
mutual TLS); what it parses back is checked with its own models."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from azure.common import AzureHttpError, AzureMissingResourceHttpError
from azure.servicemanagement import (
    ConfigurationSet,
    ConfigurationSetInputEndpoint,
    LinuxConfigurationSet,
    OSVirtualHardDisk,
)
from certgen import cert_der, make_cert, pfx, thumbprint

from .test_legacy_sdk import CENTOS, LOCATION, BackgroundEmulator, background, sms, wait  # noqa: F401

SERVICE = "walkthrough2"
STORE = "https://mystorageaccount.blob.core.windows.net/vhds"


def linux(host: str) -> LinuxConfigurationSet:
    return LinuxConfigurationSet(host, "azureuser", "Walk-through-2", True)


def ssh_endpoint(port: int) -> ConfigurationSet:
    network = ConfigurationSet()
    network.input_endpoints.input_endpoints.append(ConfigurationSetInputEndpoint("ssh", "tcp", port, "22"))
    return network


def instance_status(client: Any, role: str) -> str:
    deployment = client.get_deployment_by_name(SERVICE, SERVICE)
    (instance,) = [i for i in deployment.role_instance_list if i.role_name == role]
    return str(instance.instance_status)


def create_vm(sms: Any) -> None:  # noqa: F811
    wait(sms, sms.create_hosted_service(SERVICE, SERVICE, "walkthrough 2", LOCATION).request_id)
    cert, key = make_cert("walkthrough 2")
    data = base64.b64encode(pfx(cert, key, b"Python")).decode("ascii")
    result = sms.add_service_certificate(SERVICE, data, "pfx", "Python")
    assert wait(sms, result.request_id).status == "Succeeded"
    (listed,) = sms.list_service_certificates(SERVICE)
    assert listed.thumbprint == thumbprint(cert)
    got = sms.get_service_certificate(SERVICE, "sha1", thumbprint(cert))
    assert base64.b64decode(got.data) == cert_der(cert)

    result = sms.create_virtual_machine_deployment(
        SERVICE,
        SERVICE,
        "production",
        SERVICE,
        "vm1",
        linux("vm1"),
        OSVirtualHardDisk(CENTOS, f"{STORE}/vm1.vhd"),
        ssh_endpoint(22),
        role_size="Small",
    )
    assert wait(sms, result.request_id).status == "Succeeded"
    assert instance_status(sms, "vm1") == "ReadyRole"


def test_data_disks(sms: Any) -> None:  # noqa: F811
    create_vm(sms)
    result = sms.add_data_disk(
        SERVICE, SERVICE, "vm1", 0, "ReadOnly", f"{STORE}/vm1-data0.vhd", "data0", None, 10
    )
    assert wait(sms, result.request_id).status == "Succeeded"
    disk = sms.get_data_disk(SERVICE, SERVICE, "vm1", 0)
    assert (disk.lun, disk.host_caching, disk.logical_disk_size_in_gb) == (0, "ReadOnly", 10)
    assert disk.media_link == f"{STORE}/vm1-data0.vhd"
    with pytest.raises(AzureHttpError) as conflict:  # one data disk per LUN
        sms.add_data_disk(SERVICE, SERVICE, "vm1", 0, "None", f"{STORE}/other.vhd", "x", None, 10)
    assert conflict.value.status_code == 409
    result = sms.update_data_disk(
        SERVICE, SERVICE, "vm1", 0, "ReadWrite", disk.media_link, 1, "data0", disk.disk_name
    )
    assert wait(sms, result.request_id).status == "Succeeded"
    moved = sms.get_data_disk(SERVICE, SERVICE, "vm1", 1)
    assert (moved.lun, moved.host_caching) == (1, "ReadWrite")
    with pytest.raises(AzureMissingResourceHttpError):
        sms.get_data_disk(SERVICE, SERVICE, "vm1", 0)
    assert disk.disk_name in {d.name for d in sms.list_disks()}
    with pytest.raises(AzureHttpError):  # attached to vm1: cannot be deleted
        sms.delete_disk(disk.disk_name)
    result = sms.delete_data_disk(SERVICE, SERVICE, "vm1", 1, delete_vhd=True)
    assert wait(sms, result.request_id).status == "Succeeded"
    assert sms.get_role(SERVICE, SERVICE, "vm1").data_virtual_hard_disks.data_virtual_hard_disks == []


def test_reserved_ip(sms: Any) -> None:  # noqa: F811
    create_vm(sms)
    result = sms.create_reserved_ip_address("walkthrough2ip", "walkthrough 2", LOCATION)
    assert wait(sms, result.request_id).status == "Succeeded"
    address = sms.get_reserved_ip_address("walkthrough2ip")
    assert (address.name, address.location, address.in_use) == ("walkthrough2ip", LOCATION, False)
    assert address.address

    result = sms.associate_reserved_ip_address("walkthrough2ip", SERVICE, SERVICE)
    assert wait(sms, result.request_id).status == "Succeeded"
    used = sms.get_reserved_ip_address("walkthrough2ip")
    assert (used.in_use, used.service_name, used.deployment_name) == (True, SERVICE, SERVICE)
    with pytest.raises(AzureHttpError):  # in use: cannot be deleted
        sms.delete_reserved_ip_address("walkthrough2ip")

    result = sms.disassociate_reserved_ip_address("walkthrough2ip", SERVICE, SERVICE)
    assert wait(sms, result.request_id).status == "Succeeded"
    assert sms.get_reserved_ip_address("walkthrough2ip").in_use is False
    result = sms.delete_reserved_ip_address("walkthrough2ip")
    assert wait(sms, result.request_id).status == "Succeeded"
    assert "walkthrough2ip" not in [ip.name for ip in sms.list_reserved_ip_addresses()]


def test_roles_start_stop_capture(sms: Any) -> None:  # noqa: F811
    create_vm(sms)
    result = sms.add_role(
        SERVICE,
        SERVICE,
        "vm2",
        linux("vm2"),
        OSVirtualHardDisk(CENTOS, f"{STORE}/vm2.vhd"),
        ssh_endpoint(2222),
        role_size="Small",
    )
    assert wait(sms, result.request_id).status == "Succeeded"
    deployment = sms.get_deployment_by_name(SERVICE, SERVICE)
    assert [role.role_name for role in deployment.role_list] == ["vm1", "vm2"]
    assert sms.get_role(SERVICE, SERVICE, "vm2").role_size == "Small"

    result = sms.shutdown_role(SERVICE, SERVICE, "vm2", "StoppedDeallocated")
    assert wait(sms, result.request_id).status == "Succeeded"
    assert instance_status(sms, "vm2") == "StoppedDeallocated"
    assert instance_status(sms, "vm1") == "ReadyRole"
    result = sms.start_role(SERVICE, SERVICE, "vm2")
    assert wait(sms, result.request_id).status == "Succeeded"
    assert instance_status(sms, "vm2") == "ReadyRole"
    result = sms.restart_role(SERVICE, SERVICE, "vm2")
    assert wait(sms, result.request_id).status == "Succeeded"
    assert instance_status(sms, "vm2") == "ReadyRole"

    result = sms.shutdown_roles(SERVICE, SERVICE, ["vm1", "vm2"], "Stopped")
    assert wait(sms, result.request_id).status == "Succeeded"
    assert {instance_status(sms, r) for r in ("vm1", "vm2")} == {"StoppedVM"}
    result = sms.start_roles(SERVICE, SERVICE, ["vm1"])
    assert wait(sms, result.request_id).status == "Succeeded"
    assert (instance_status(sms, "vm1"), instance_status(sms, "vm2")) == ("ReadyRole", "StoppedVM")

    with pytest.raises(AzureHttpError):  # vm1 runs: it must be stopped before a capture
        sms.capture_role(SERVICE, SERVICE, "vm1", "Delete", "walkthrough2vm1", "never")
    result = sms.capture_role(SERVICE, SERVICE, "vm2", "Delete", "walkthrough2image", "walkthrough 2 image")
    assert wait(sms, result.request_id).status == "Succeeded"
    image = sms.get_os_image("walkthrough2image")
    assert (image.label, image.category, image.os) == ("walkthrough 2 image", "User", "Linux")
    assert [role.role_name for role in sms.get_deployment_by_name(SERVICE, SERVICE).role_list] == ["vm1"]

    with pytest.raises(AzureHttpError):  # the last role goes with its deployment, not alone
        sms.delete_role(SERVICE, SERVICE, "vm1")
    result = sms.delete_deployment(SERVICE, SERVICE, delete_vhd=True)
    assert wait(sms, result.request_id).status == "Succeeded"
    result = sms.delete_hosted_service(SERVICE)
    assert wait(sms, result.request_id).status == "Succeeded"
    with pytest.raises(AzureMissingResourceHttpError):
        sms.get_hosted_service_properties(SERVICE)
