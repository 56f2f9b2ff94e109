"""aiosm.builders: the VM role builder checks each argument when given and the whole when built."""

from __future__ import annotations

import base64
import json

import pytest

from aiosm.builders import MAX_DATA_DISKS, VirtualMachineBuilder, max_data_disks
from aiosm.emulator.repository import max_data_disks as emulator_max_data_disks
from aiosm.errors import InvalidInputError
from aiosm.models import EndpointAclRule, LinuxConfigurationSet, VirtualMachineRole, WindowsConfigurationSet

THUMB = "A" * 40
IMAGE = "ubuntu-image"
VHD = "https://store.blob.core.windows.net/vhds/web1.vhd"


def linux(name: str = "web1", size: str = "Small") -> VirtualMachineBuilder:
    return (
        VirtualMachineBuilder(name, size)
        .for_linux(name, "azureuser", "Secret-pa55")
        .from_platform_image(IMAGE, VHD)
    )


def test_a_linux_vm_with_everything() -> None:
    spec = (
        VirtualMachineBuilder("web1", "Medium")
        .for_linux("web1", "azureuser")
        .with_public_ssh(THUMB.lower(), "/home/azureuser/.ssh/authorized_keys")
        .with_key_pair(THUMB, "/home/azureuser/.ssh/id_rsa")
        .with_custom_data(b"#cloud-config\n")
        .from_platform_image(IMAGE, VHD, host_caching="readwrite")
        .with_new_data_disk(10)
        .with_existing_data_disk("data-disk-1")
        .with_vhd_data_disk("https://store.blob.core.windows.net/vhds/copy.vhd")
        .with_endpoint("ssh", 22)
        .with_load_balanced_endpoint("http", "webset", 80, 8080, probe_protocol="http", probe_path="/health")
        .with_subnet("FrontEnd")
        .with_static_ip("10.0.1.5")
        .with_security_group("web-nsg")
        .with_resource_extension(
            "Microsoft.OSTCExtensions", "CustomScriptForLinux", "1.*", public_config={"a": 1}
        )
        .in_availability_set("webs")
        .build()
    )
    system = spec.system_config
    assert isinstance(system, LinuxConfigurationSet)
    assert system.disable_ssh_password_authentication is True and system.user_password is None
    assert system.ssh is not None and system.ssh.public_keys is not None and system.ssh.key_pairs is not None
    assert system.ssh.public_keys[0].fingerprint == THUMB
    assert system.custom_data == "#cloud-config\n"
    assert spec.os_virtual_hard_disk is not None and spec.os_virtual_hard_disk.host_caching == "ReadWrite"
    assert [d.lun for d in spec.data_virtual_hard_disks] == [0, 1, 2]  # automatic LUNs
    assert spec.network_config is not None
    network = spec.network_config
    assert [e.name for e in network.input_endpoints or ()] == ["ssh", "http"]
    ssh, http = network.input_endpoints or ()
    assert (ssh.port, ssh.local_port, ssh.protocol) == (22, 22, "tcp")
    assert http.load_balancer_probe is not None
    assert (http.load_balancer_probe.port, http.load_balancer_probe.path) == (8080, "/health")
    assert (network.subnet_names, network.static_virtual_network_ip_address) == (["FrontEnd"], "10.0.1.5")
    assert network.network_security_group == "web-nsg"
    (extension,) = spec.resource_extension_references
    (value,) = extension.resource_extension_parameter_values or ()
    assert (value.key, value.type) == ("CustomScriptForLinuxPublicConfigParameter", "Public")
    assert json.loads(base64.b64decode(str(value.value))) == {"a": 1}
    assert spec.provision_guest_agent is True
    arguments = spec.arguments()
    assert arguments["role_size"] == "Medium" and arguments["availability_set_name"] == "webs"
    # the arguments make the role body Add Role sends
    role = VirtualMachineRole(
        role_name=spec.role_name,
        configuration_sets=[system, network],
        data_virtual_hard_disks=list(spec.data_virtual_hard_disks),
        os_virtual_hard_disk=spec.os_virtual_hard_disk,
        role_size=spec.role_size,
    )
    xml = role.to_xml()
    assert b"<NetworkSecurityGroup>web-nsg</NetworkSecurityGroup>" in xml
    assert b"<Lun>2</Lun>" in xml


def test_a_windows_vm() -> None:
    spec = (
        VirtualMachineBuilder("win1")
        .for_windows("win1", "admin", "Secret-pa55w0rd", time_zone="UTC")
        .join_domain("corp.example.com", "joiner", "Join-pa55")
        .with_winrm_listener("https", THUMB)
        .with_winrm_listener("http")
        .from_platform_image(IMAGE, VHD)
        .with_endpoint("rdp", 3389)
        .build()
    )
    system = spec.system_config
    assert isinstance(system, WindowsConfigurationSet)
    assert system.domain_join is not None and system.domain_join.join_domain == "corp.example.com"
    assert system.win_rm is not None
    assert [(x.protocol, x.certificate_thumbprint) for x in system.win_rm.listeners] == [
        ("Https", THUMB),
        ("Http", None),
    ]
    assert "Join-pa55" not in repr(spec) and "Secret-pa55w0rd" not in repr(spec)


def test_luns_stop_at_the_role_size_limit() -> None:
    builder = linux(size="Small").with_new_data_disk(1).with_new_data_disk(1)
    with pytest.raises(InvalidInputError) as caught:
        builder.with_new_data_disk(1)
    assert caught.value.field == "lun"
    assert [d.lun for d in builder.build().data_virtual_hard_disks] == [0, 1]


def test_the_size_table_is_the_emulators() -> None:
    for size in MAX_DATA_DISKS:
        assert max_data_disks(size) == emulator_max_data_disks(size), size
    assert max_data_disks("Standard_D14") == 32 and max_data_disks("Unknown_Size") == 64


@pytest.mark.parametrize(
    ("step", "field"),
    [
        (lambda b: b.with_endpoint("ssh", 0), "endpoint.port"),
        (lambda b: b.with_endpoint("ssh", 22, 70000), "endpoint.local_port"),
        (lambda b: b.with_endpoint("ssh", 22, protocol="icmp"), "endpoint.protocol"),
        (lambda b: b.with_endpoint("ssh", 22).with_endpoint("SSH", 2222), "name"),
        (lambda b: b.with_endpoint("ssh", 22).with_endpoint("ssh2", 22, 2222), "port"),
        (lambda b: b.with_endpoint("a", 22).with_endpoint("b", 23, 22), "local_port"),
        (
            lambda b: b.with_load_balanced_endpoint("web", "set", 80, probe_protocol="http"),
            "endpoint.load_balancer_probe.path",
        ),
        (
            lambda b: b.with_endpoint(
                "web", 80, acl=[EndpointAclRule(order=1, action="Allow", remote_subnet="1.2.3.0/24")]
            ),
            "endpoint.endpoint_acl.rules[0].action",
        ),
        (lambda b: b.with_static_ip("10.0.1"), "address"),
        (lambda b: b.with_subnet("FrontEnd").with_subnet("frontend"), "subnet_name"),
        (lambda b: b.with_new_data_disk(0), "size_in_gb"),
        (lambda b: b.with_new_data_disk(10, "ftp://x/y.vhd"), "media_link"),
        (lambda b: b.with_new_data_disk(10, host_caching="Sometimes"), "host_caching"),
        (lambda b: b.with_public_ssh("nothex", "/home/u/.ssh/authorized_keys"), "fingerprint"),
        (lambda b: b.with_public_ssh(THUMB, "relative/path"), "path"),
        (lambda b: b.with_winrm_listener("http"), "protocol"),  # not a Windows VM
        (lambda b: b.with_custom_data(""), "custom_data"),
        (lambda b: b.with_custom_data("x" * 65536), "custom_data"),
        (lambda b: b.from_existing_disk("disk"), "disk_name"),  # already has an OS source
        (lambda b: b.for_windows("w", "a", "Secret-pa55w0rd"), "for_windows"),
        (lambda b: b.with_resource_extension("P", "N", "1.0", state="On"), "state"),
        (lambda b: b.with_static_ip("10.0.1.5").build(), "subnet_name"),
    ],
)
def test_each_rule_names_its_field(step: object, field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        step(linux())  # type: ignore[operator]
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: VirtualMachineBuilder("-bad"), "role_name"),
        (lambda: VirtualMachineBuilder("ok", "Small Size"), "role_size"),
        (lambda: VirtualMachineBuilder("ok").for_linux("ok", "u", "short"), "password"),
        (
            lambda: VirtualMachineBuilder("ok").for_linux(
                "ok", "u", disable_ssh_password_authentication=False
            ),
            "password",
        ),
        (
            lambda: VirtualMachineBuilder("ok").for_windows("much-too-long-name", "a", "Secret-pa55w0rd"),
            "computer_name",
        ),
        (
            lambda: VirtualMachineBuilder("ok").for_linux("ok", "u", "Secret-pa55").build(),
            "os_virtual_hard_disk",
        ),
        (lambda: VirtualMachineBuilder("ok").from_platform_image(IMAGE, VHD).build(), "system_config"),
        (
            lambda: VirtualMachineBuilder("ok").for_linux("ok", "u").from_platform_image(IMAGE, VHD).build(),
            "fingerprint",
        ),
    ],
)
def test_constructor_and_build_rules(make: object, field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        make()  # type: ignore[operator]
    assert caught.value.field == field


def test_an_existing_os_disk_needs_no_provisioning() -> None:
    spec = VirtualMachineBuilder("old").from_existing_disk("old-os-disk").build()
    assert spec.system_config is None and spec.os_virtual_hard_disk is not None
    assert spec.network_config is None and spec.arguments()["data_virtual_hard_disks"] is None
