"""State in SQLite survives a restart and a kill -9 of ``python -m aiosm.emulator``."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from aiosm import ServiceManagementSession
from aiosm.emulator import running
from aiosm.models.virtual_machines import (
    ConfigurationSet,
    ConfigurationSetInputEndpoint,
    DataVirtualHardDisk,
    LinuxConfigurationSet,
    OSVirtualHardDisk,
)

from .conftest import FAST_POLL, FAST_RETRY, cscfg

CENTOS = "OpenLogic__OpenLogic-CentOS-62-20120531-en-us-30GB.vhd"


def _start(state_dir: Path, cert_dir: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosm.emulator",
            "--port",
            "0",
            "--state-dir",
            str(state_dir),
            "--cert-dir",
            str(cert_dir),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    endpoint = ""
    for line in proc.stdout:
        match = re.match(r"endpoint:\s+(\S+)", line)
        if match:
            endpoint = match.group(1)
        if line.startswith("ready"):
            break
    assert endpoint, "the emulator did not report its endpoint"
    return proc, endpoint


def _session(endpoint: str, cert_dir: Path) -> ServiceManagementSession:
    return ServiceManagementSession(
        "00000000-0000-0000-0000-0000000e0001",
        str(cert_dir / "management.pem"),
        endpoint=endpoint,
        ca_file=cert_dir / "ca.pem",
        retry=FAST_RETRY,
        poll=FAST_POLL,
    )


async def test_kill_9_loses_no_acknowledged_change(tmp_path: Path) -> None:
    state_dir, cert_dir = tmp_path / "state", tmp_path / "certs"
    proc, endpoint = _start(state_dir, cert_dir)
    try:
        async with _session(endpoint, cert_dir) as sms:
            await (await sms.hosted_services.create("keep", "keep", location="West US"))
            await (await sms.storage_accounts.create("keepstore", None, "l", location="East US"))
            await sms.affinity_groups.create("keepag", "l", "West US")
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    proc, endpoint = _start(state_dir, cert_dir)
    try:
        async with _session(endpoint, cert_dir) as sms:
            assert [s.service_name for s in await sms.hosted_services.list()] == ["keep"]
            assert [a.service_name for a in await sms.storage_accounts.list()] == ["keepstore"]
            assert [g.name for g in await sms.affinity_groups.list()] == ["keepag"]
    finally:
        proc.terminate()
        proc.wait()


async def test_in_process_restart_keeps_state_and_operations(tmp_path: Path) -> None:
    async with running(state_dir=tmp_path / "s", cert_dir=tmp_path / "c") as emu:
        emu.set_progression(None, polls=1)
        async with emu.session(retry=FAST_RETRY, poll=FAST_POLL) as sms:
            await (await sms.hosted_services.create("svc", "svc", location="West US"))
            op = await sms.storage_accounts.create("pending", None, "l", location="West US")
            request_id = op.request_id
    async with running(state_dir=tmp_path / "s", cert_dir=tmp_path / "c") as emu:
        async with emu.session(retry=FAST_RETRY, poll=FAST_POLL) as sms:
            assert [s.service_name for s in await sms.hosted_services.list()] == ["svc"]
            # The operation accepted before the restart completes after it.
            assert (await sms.operations.resume(request_id).wait(poll_interval=0)).succeeded
            assert [a.service_name for a in await sms.storage_accounts.list()] == ["pending"]


async def test_restart_keeps_deployments_roles_disks_and_keys_unchanged(tmp_path: Path) -> None:
    """Typed records (VM role with its network and disks, cloud roles, storage keys) reload as they were."""
    network = ConfigurationSet(
        input_endpoints=[ConfigurationSetInputEndpoint("ssh", "tcp", 22, 22)], subnet_names=["front"]
    )
    disks = [DataVirtualHardDisk(lun=0, logical_disk_size_in_gb=10, media_link="https://m/d0.vhd")]
    async with running(state_dir=tmp_path / "s", cert_dir=tmp_path / "c") as emu:
        async with emu.session(retry=FAST_RETRY, poll=FAST_POLL) as sms:
            await (await sms.hosted_services.create("svc", "svc", location="West US"))
            await (
                await sms.virtual_machines.create_deployment(
                    "svc",
                    "vm",
                    "production",
                    "vm",
                    "vm",
                    LinuxConfigurationSet("host", "user", "password1", True),
                    OSVirtualHardDisk(CENTOS, "https://m/os.vhd"),
                    network_config=network,
                    data_virtual_hard_disks=disks,
                )
            )
            await (await sms.deployments.create("svc", "staging", "web", "https://p", "l", cscfg(3)))
            await (await sms.storage_accounts.create("keys", None, "l", location="West US"))
            await sms.storage_accounts.regenerate_keys("keys", "Secondary")
            role = await sms.virtual_machines.get_role("svc", "vm", "vm")
            vm = await sms.deployments.get_by_name("svc", "vm")
            web = await sms.deployments.get_by_slot("svc", "staging")
            keys = (await sms.storage_accounts.get_keys("keys")).storage_service_keys
    endpoints = role.configuration_sets[0].input_endpoints
    assert endpoints is not None and endpoints[0].name == "ssh" and endpoints[0].local_port == 22
    assert role.configuration_sets[0].subnet_names == ["front"]
    assert role.os_virtual_hard_disk is not None and role.os_virtual_hard_disk.os == "Linux"
    assert role.data_virtual_hard_disks[0].logical_disk_size_in_gb == 10
    assert len(web.role_instance_list) == 3
    async with running(state_dir=tmp_path / "s", cert_dir=tmp_path / "c") as emu:
        async with emu.session(retry=FAST_RETRY, poll=FAST_POLL) as sms:
            assert await sms.virtual_machines.get_role("svc", "vm", "vm") == role
            assert await sms.deployments.get_by_name("svc", "vm") == vm
            assert await sms.deployments.get_by_slot("svc", "staging") == web
            after = (await sms.storage_accounts.get_keys("keys")).storage_service_keys
    assert keys is not None and after is not None
    assert after.primary.get_secret_value() == keys.primary.get_secret_value()
    assert after.secondary.get_secret_value() == keys.secondary.get_secret_value()
