"""Crash safety end to end: ``python -m aiosm apply`` killed with SIGKILL at 20 seeded random moments.

The emulator runs in its own process (state in SQLite, latency > 0, 5 % injected faults:
500 answers and dropped connections, which a create cannot retry blindly; 503s are left
out only because their one-second Retry-After would make the test slow). After the kills
and the resumptions the service holds exactly the plan, every create reached the service
once per name, and the journal says every item succeeded.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import signal
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from plans import (
    assert_created_exactly_once,
    assert_journal_all_succeeded,
    assert_service_holds,
    big_plan,
)

from aiosm import PollPolicy, ServiceManagementSession
from aiosm.journal import JournalState, read_journal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

KILLS = 20
FAULTS = ["500:0.025", "reset:0.025"]  # 5 % of requests in all


class EmulatorProcess:
    def __init__(self, process: subprocess.Popen[str], endpoint: str, subscription_id: str, certs: Path):
        self.process = process
        self.endpoint = endpoint
        self.subscription_id = subscription_id
        self.certs = certs

    def connection_args(self) -> list[str]:
        return [
            "--subscription-id",
            self.subscription_id,
            "--certificate",
            str(self.certs / "management.pem"),
            "--ca-file",
            str(self.certs / "ca.pem"),
            "--endpoint",
            self.endpoint,
        ]

    def session(self) -> ServiceManagementSession:
        return ServiceManagementSession(
            self.subscription_id,
            str(self.certs / "management.pem"),
            endpoint=self.endpoint,
            ca_file=str(self.certs / "ca.pem"),
            poll=PollPolicy(initial=0.05, jitter=0.0, timeout=60.0),
        )

    async def stats(self) -> dict[str, Any]:
        context = ssl.create_default_context(cafile=str(self.certs / "ca.pem"))
        context.load_cert_chain(str(self.certs / "management.pem"))
        async with (
            aiohttp.ClientSession() as client,
            client.get(
                f"{self.endpoint}/_emulator/stats",
                ssl=context,
                headers={"x-aiosm-emulator-token": CONTROL_TOKEN},
            ) as response,
        ):
            assert response.status == 200
            result: dict[str, Any] = await response.json()
            return result


CONTROL_TOKEN = "apply-crash-test"


@pytest.fixture
def emulator_process(tmp_path: Path) -> Iterator[EmulatorProcess]:
    command = [sys.executable, "-m", "aiosm.emulator", "--port", "0", "--latency", "0.3", "--seed", "2026"]
    command += ["--control-token", CONTROL_TOKEN]
    command += ["--state-dir", str(tmp_path / "state"), "--cert-dir", str(tmp_path / "certs")]
    for fault in FAULTS:
        command += ["--fault", fault]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        banner: dict[str, str] = {}
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("ready"):
                break
            name, _, value = line.partition(":")
            banner[name.strip()] = value.strip()
        else:
            pytest.fail(f"the emulator exited with {process.wait()} before it was ready")
        yield EmulatorProcess(process, banner["endpoint"], banner["subscription id"], tmp_path / "certs")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "aiosm", *args]


def test_cli_apply_survives_20_sigkills(emulator_process: EmulatorProcess, tmp_path: Path) -> None:
    plan = big_plan()
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan.to_dict()))
    journal = tmp_path / "run.db"
    apply = cli(
        "apply",
        str(plan_file),
        "--journal",
        str(journal),
        *emulator_process.connection_args(),
        "--poll-interval",
        "0.05",
        "--concurrency",
        "8",
        "--json",
    )
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}

    # How long the CLI takes to start doing anything here: the kills land after that.
    began = time.monotonic()
    subprocess.run(cli("--help"), capture_output=True, check=True, env=env)
    startup = time.monotonic() - began

    rng = random.Random(9)
    caught_mid_flight = 0  # kills that left items in doubt or accepted, to be resumed
    for _ in range(KILLS):
        process = subprocess.Popen(apply, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        try:
            process.wait(timeout=startup + rng.uniform(0.3, 1.8))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
        _, stderr = process.communicate()
        assert process.returncode in (0, 1, -signal.SIGKILL), stderr.decode()
        if journal.exists():
            states = {entry.state for entry in read_journal(journal).values()}
            caught_mid_flight += bool(states & {JournalState.INTENT, JournalState.ACCEPTED})

    for _ in range(5):  # resume until done; transient faults may need more than one run
        finished = subprocess.run(apply, capture_output=True, text=True, env=env, check=False)
        if finished.returncode == 0:
            break
        assert finished.returncode == 1, finished.stderr
    assert finished.returncode == 0, finished.stdout + finished.stderr
    summary = json.loads(finished.stdout)
    assert summary["ok"] is True
    assert summary["counts"]["succeeded"] == 200
    assert caught_mid_flight > 0, "no kill interrupted the run: the test did not exercise a resume"

    async def service_state() -> dict[str, Any]:
        async with emulator_process.session() as session:
            await assert_service_holds(session, plan)
        return await emulator_process.stats()

    stats = asyncio.run(service_state())
    assert_created_exactly_once(stats, plan, emulator_process.subscription_id)
    assert_journal_all_succeeded(read_journal(journal), plan)

    status = subprocess.run(cli("status", str(journal)), capture_output=True, text=True, env=env, check=False)
    assert status.returncode == 0
    assert status.stdout.splitlines()[-1] == "0 intent, 0 accepted, 200 succeeded, 0 failed"
    assert re.search(r"^succeeded create +deployment/crash-svc0/production$", status.stdout, re.M)
