"""Every script in ``examples/`` runs, against the embedded emulator, and prints what it promises.

The scripts run as their users run them (``python examples/X.py`` from the repository root)
with the Azure credentials removed from the environment, so each starts the emulator in its
own process on loopback. ``web_backend.py`` is an aiohttp app: it is imported and driven
through ``aiohttp.test_utils`` with a session from an emulator started here;
``fastapi_backend.py`` likewise, through httpx's ASGI transport (FastAPI and httpx are test
dependencies only).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from aiohttp.test_utils import TestClient, TestServer

from aiosm import PollPolicy, RetryPolicy, ServiceManagementSession
from aiosm.emulator import Emulator, running

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
NOT_SCRIPTS = {"_target.py", "web_backend.py", "fastapi_backend.py"}  # a helper, and the apps tested below
EMULATOR_BANNER = (
    r"\(no Azure credentials in the environment: using the embedded emulator at https://127\.0\.0\.1:\d+\)"
)

# For each script: regular expressions that must each match a whole line of its output, in order.
EXPECTED: dict[str, list[str]] = {
    "apply_plan.py": [
        EMULATOR_BANNER,
        "== plan",
        r"\+ create affinity_group/aiosm-example-group",
        r"\+ create virtual_machine/aiosm-example-vm/production",
        "6 to create, 0 to update, 0 to leave, 0 to delete, 0 conflicts, 0 to await",
        r"journal after the interruption: \{.*'succeeded': \d.*\}",
        r"affinity_group/aiosm-example-group: ok, (create|leave), sent [01]",
        r"virtual_machine/aiosm-example-vm/production: ok, (create|leave), sent [01]",
        "6 succeeded, 0 failed",
        "== plan again",
        "0 to create, 0 to update, 6 to leave, 0 to delete, 0 conflicts, 0 to await",
    ],
    "bulk_provision.py": [
        EMULATOR_BANNER,
        r"  400/400 done, 3 failed, 0 in flight",
        r"create: 397 succeeded, 3 failed, 0 cancelled in [\d.]+ s",
        r"  aiosmbulk\d{5}n\d+: OperationFailedError: operation [0-9a-f]{32} failed with HTTP 500 .*",
        r"delete: 397 succeeded, 0 failed, 0 cancelled in [\d.]+ s",
        r"total [\d.]+ s for 400 resources, created and deleted",
    ],
    "disks.py": [
        EMULATOR_BANNER,
        "LUN 1 ReadWrite logs 20 GB",
        "aiosm-example-data data 30 GB, on aiosm-example-disks",
        r"aiosm-example-disks-aiosm-example-disks-0-\d{8}T\d{6}Z Linux 30 GB, on aiosm-example-disks",
        r"aiosm-example-disks-aiosm-example-disks-2-\d{8}T\d{6}Z data 20 GB, on aiosm-example-disks",
        r"disks left: \[\]",
    ],
    "quickstart.py": [
        EMULATOR_BANNER,
        "== Locations",
        "West US",
        "== Cloud service",
        "Service name: myhostedservice",
        r"Management URL: https://127\.0\.0\.1:\d+/[0-9a-f-]{36}/services/hostedservices/myhostedservice",
        "Affinity group: ",
        "Location: West US",
        "== Deployments",
        "Operation status: Succeeded",
        "Name: v1",
        "Slot: Production",
        "Status: Suspended",
        "Instance name: WebRole1_IN_0",
        "Instance size: Small",
        "Operation status: Succeeded",
        "Status now: Running",
        "In production after the swap: v2",
        "Deleted the deployments and the cloud service",
        "== Storage account",
        "Operation status: Succeeded",
        "Service name: mystorageaccount",
        "Location: West US",
        "== Affinity group",
        "Name: myAffinityGroup",
        "Description: my affinity group",
        "Location: West US",
        "== Operating systems",
        "Family: Windows Server 2012 R2",
        r"Version: WA-GUEST-OS-4\.\d+_\d{6}-\d\d",
        "== OS images",
        "Operation status: Succeeded",
        "Name: OpenLogic__OpenLogic-CentOS-62-20120531-en-us-30GB.vhd",
        "Category: Public",
        "Name: mycentos",
        "OS: Linux",
        "Category: User",
        "Media link: https://mystorageaccount.blob.core.windows.net/vhds/mycentos.vhd",
        "Operation status: Succeeded",
        "== Virtual machine",
        "VM deployment: myvm, status Running",
        "Deleted the virtual machine and its cloud service",
        r"Walkthrough complete\.",
    ],
    "affinity_groups.py": [EMULATOR_BANNER, re.escape("aiosm-example-ag West US ['aiosmagstore']")],
    "application_gateways.py": [
        EMULATOR_BANNER,
        "aiosm-example-appgw: Stopped, 2 x Small in aiosm-example-vnet",
        r"aiosm-example-appgw: Running on 10\.0\.0\.4",
        "rule rule: listener -> web via web80",
        "aiosm-example-appgw: Stopped",
        re.escape("gateways left: []"),
    ],
    "certificates.py": [
        EMULATOR_BANNER,
        r"service certificate sha1 [0-9A-F]{40}",
        "public part only: True",
        "management certificate allowed: True",
    ],
    "cloud_services.py": [
        EMULATOR_BANNER,
        "aiosm-example-svc available: True ?",
        r"aiosm-example-svc: Created in West US, created \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00",
        "deleted",
    ],
    "gateways.py": [
        "before: NotProvisioned",
        r"gateway Provisioned: DynamicRouting Default at (\d+\.){3}\d+",
        r"shared key with onprem: 32 characters, shown as Secret\('\*+'\)",
        "onprem: Connected",
        "resized to HighPerformance",
        "after: NotProvisioned",
    ],
    "deployments.py": [EMULATOR_BANNER, "v1: Running, 2 instances", "production now runs v2"],
    "locations.py": [
        EMULATOR_BANNER,
        "West US: Compute, Storage, PersistentVMRole, HighMemory",
        "East US: Compute, Storage, PersistentVMRole, HighMemory",
    ],
    "load_balancers.py": [
        EMULATOR_BANNER,
        "ilb: Private 10.0.2.10 in BackEnd",
        "web1 http 80 -> ilb",
        "web2 http 80 -> ilb",
        r"ilb is kept while the set uses it \(400\)",
        "deleted aiosm-example-ilb",
    ],
    "networking_basics.py": [
        EMULATOR_BANNER,
        r"reserved aiosm-example-ip: (\d+\.){3}\d+ in West US",
        r"v1 answers on (\d+\.){3}\d+ \(reserved: True\), DNS servers \[\('dns1', '10\.0\.0\.4'\)\]",
        "aiosm-example-ip in use by aiosm-example-net/v1",
        "0 virtual networks",
        "released aiosm-example-ip",
    ],
    "network_security_groups.py": [
        EMULATOR_BANNER,
        r"Inbound 100 Allow port 22 \(own\)",
        r"Inbound 65000 Allow port \* \(default\)",
        r"Inbound 65500 Deny port \* \(default\)",
        r"Outbound 65500 Deny port \* \(default\)",
        "subnet aiosm-example-net/FrontEnd is behind aiosm-example-nsg",
        "deleted aiosm-example-nsg",
    ],
    "route_tables.py": [
        EMULATOR_BANNER,
        r"aiosm-example-routes: default 0\.0\.0\.0/0 -> VirtualAppliance 10\.0\.2\.4",
        # until the network configuration can create a virtual network in the emulator
        r"(aiosm-example-net/FrontEnd routes through aiosm-example-routes|no virtual network in West US .*)",
        "deleted aiosm-example-routes",
    ],
    "network_configuration.py": [
        EMULATOR_BANNER,
        r"aiosm-example-vnet in West US: frontend 10\.1\.1\.0/24, backend 10\.1\.2\.0/24; DNS \['dns1'\]",
        r"10\.1\.1\.1 available: False; try 10\.1\.1\.4",
        r"1 virtual network\(s\) listed",
        "removed aiosm-example-vnet",
    ],
    "operating_systems.py": [
        EMULATOR_BANNER,
        r"1 Windows Server 2008 SP2: 4 active versions",
        r"2 Windows Server 2008 R2: 4 active versions",
        r"4 Windows Server 2012 R2: \d+ active versions",
    ],
    "os_images.py": [
        EMULATOR_BANNER,
        "aiosm-example-image Linux User https://mystorageaccount.blob.core.windows.net/vhds/mycentos.vhd",
        re.escape("My CentOS 2016-09-09 00:00:00+00:00"),
        r"\d+ images",
        re.escape("newest Ubuntu 14.04: Ubuntu Server 14.04.2 LTS 2015-05-06 00:00:00+00:00"),
        "Windows: SQL Server 2014 RTM Enterprise on Windows Server 2012 R2 [(]premium[)]",
    ],
    "role_instances.py": [
        EMULATOR_BANNER,
        r"walking upgrade domain 0 \(Manual\)",
        r"walking upgrade domain 1 \(Manual\)",
        r"walking upgrade domain 2 \(Manual\)",
        "upgraded to v2",
        "ready: WebRole1_IN_0=ReadyRole, WebRole1_IN_1=ReadyRole, WebRole1_IN_2=ReadyRole",
        re.escape("instances left: ['WebRole1_IN_0', 'WebRole1_IN_1']"),
    ],
    "resource_extensions.py": [
        EMULATOR_BANNER,
        r"\d+ extensions, for example:",
        r"  Chef\.Bootstrap\.WindowsAzure/ChefClient 1207\.12: Chef Extension for windows",
        "CustomScriptExtension versions: 1.0, 1.1, 1.2, 1.3, 1.4",
    ],
    "roles.py": [
        EMULATOR_BANNER,
        "web1: ReadyRole, web2: ReadyRole",
        "web1: StoppedDeallocated, web2: ReadyRole",
        "web1: ReadyRole, web2: ReadyRole",
        "captured: aiosm-example-web User Linux",
        "web1: ReadyRole",
    ],
    "storage_accounts.py": [
        EMULATOR_BANNER,
        "create accepted: [0-9a-f]{32}",
        # The keys are Secret strings: the script prints the model, which masks them.
        re.escape("keys: primary=Secret('**********') secondary=Secret('**********')"),
        "aiosmexample Created",
    ],
    "traffic_manager.py": [
        EMULATOR_BANNER,
        "aiosm-example-tm.trafficmanager.net available: True",
        "aiosm-example-tm Enabled: v1 Enabled, v2 Disabled",
        "v1: Failover TTL 300 s, 2 endpoints",
        "v2: RoundRobin TTL 60 s, 2 endpoints",
        "aiosm-example-tm.trafficmanager.net available: False",
        re.escape("profiles left: []"),
    ],
    "vm_images.py": [
        EMULATOR_BANNER,
        re.escape("[('aiosm-example-vmimage', 'my web server v2')]"),
        "Cloudera: CDH 5.1 Evaluation Standard_D14",
        re.escape("newest SQL Server DW image: 2015-06-15 00:00:00+00:00 2 data disks"),
        "captured: captured web server capvm ReadyRole",
    ],
    "virtual_machines.py": [
        EMULATOR_BANNER,
        "aiosm-example-vm Small .*"
        r"source_image_name='OpenLogic__OpenLogic-CentOS-62-20120531-en-us-30GB\.vhd' os='Linux'.*",
    ],
}


def example_scripts() -> list[str]:
    return sorted(path.name for path in EXAMPLES.glob("*.py") if path.name not in NOT_SCRIPTS)


def emulator_env() -> dict[str, str]:
    """This environment without what would point the examples at Azure or change their output."""
    env = dict(os.environ)
    for name in (
        "AZURE_MANAGEMENT_SUBSCRIPTIONID",
        "AZURE_MANAGEMENT_CERTFILE",
        "AIOSM_PACKAGE_URL",
        "AIOSM_VHD_URL",
        "PYTHONWARNINGS",
    ):
        env.pop(name, None)
    return env


def assert_lines_in_order(output: str, patterns: list[str]) -> None:
    lines = output.splitlines()
    position = 0
    for pattern in patterns:
        regex = re.compile(pattern)
        while position < len(lines) and not regex.fullmatch(lines[position]):
            position += 1
        assert position < len(lines), f"no line matching {pattern!r} (in order) in:\n{output}"
        position += 1


def test_every_example_script_has_expectations() -> None:
    assert example_scripts() == sorted(EXPECTED)


@pytest.mark.parametrize("script", example_scripts())
def test_example_script_runs_against_the_emulator(script: str) -> None:
    assert script in EXPECTED, f"add the lines examples/{script} must print to EXPECTED"
    completed = subprocess.run(
        [sys.executable, str(Path("examples") / script)],
        cwd=ROOT,
        env=emulator_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, f"exit {completed.returncode}\n{completed.stdout}\n{completed.stderr}"
    assert completed.stderr == ""  # no traceback, no unclosed session or pending task reported
    assert_lines_in_order(completed.stdout, EXPECTED[script])


# -- web_backend.py --------------------------------------------------------------------------------


@pytest.fixture
def web_backend(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(EXAMPLES))
    return importlib.import_module("web_backend")


@pytest.fixture
async def emulator() -> AsyncIterator[Emulator]:
    async with running(latency=0.0) as emu:
        yield emu


@pytest.fixture
async def client(web_backend: ModuleType, emulator: Emulator) -> AsyncIterator[TestClient[Any, Any]]:
    opened: list[ServiceManagementSession] = []

    @contextlib.asynccontextmanager
    async def factory() -> AsyncIterator[ServiceManagementSession]:
        async with emulator.session(poll=PollPolicy(initial=0.0, jitter=0.0, timeout=60.0)) as session:
            opened.append(session)
            yield session

    app = web_backend.create_app(factory)
    async with TestClient(TestServer(app, host="127.0.0.1")) as test_client:
        assert len(opened) == 1  # the app opened its one shared session at startup
        yield test_client
    assert opened[0].transport.closed  # and closed it at cleanup


async def test_web_backend_lists_services(client: TestClient[Any, Any], emulator: Emulator) -> None:
    response = await client.get("/services")
    assert response.status == 200
    assert await response.json() == []

    async with emulator.session() as session:
        await (await session.hosted_services.create("websvc", "web service", location="West US"))
    response = await client.get("/services")
    assert response.status == 200
    services = await response.json()
    assert [service["service_name"] for service in services] == ["websvc"]
    assert services[0]["hosted_service_properties"]["location"] == "West US"


async def test_web_backend_creates_and_gets_storage_accounts(
    client: TestClient[Any, Any], emulator: Emulator
) -> None:
    response = await client.post("/storage-accounts", json={"name": "webstore", "location": "West US"})
    assert response.status == 201
    account = await response.json()
    assert account["service_name"] == "webstore"
    properties = account["storage_service_properties"]
    assert (properties["location"], properties["status"], properties["label"]) == (
        "West US",
        "Created",
        "webstore",
    )
    async with emulator.session() as session:  # it really exists on the service
        assert [a.service_name for a in await session.storage_accounts.list()] == ["webstore"]

    response = await client.get("/storage-accounts/webstore")
    assert response.status == 200
    assert (await response.json())["service_name"] == "webstore"

    response = await client.post("/storage-accounts", json={"name": "webstore", "location": "West US"})
    assert response.status == 409
    assert response.content_type == "application/json"
    error = await response.json()
    assert error["error"] == "ConflictError"
    assert error["message"]

    response = await client.post("/storage-accounts", json={"name": "Not_Valid!", "location": "West US"})
    assert response.status == 400
    error = await response.json()
    assert (error["error"], error["field"]) == ("InvalidInputError", "service_name")

    response = await client.get("/storage-accounts/missing")
    assert response.status == 404
    error = await response.json()
    assert error["error"] == "NotFoundError"
    async with emulator.session() as session:  # the refused requests created nothing
        assert [a.service_name for a in await session.storage_accounts.list()] == ["webstore"]


# -- fastapi_backend.py ----------------------------------------------------------------------------


@pytest.fixture
def fastapi_backend(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(EXAMPLES))
    return importlib.import_module("fastapi_backend")


@contextlib.asynccontextmanager
async def asgi_client(
    module: ModuleType, emulator: Emulator, **session_options: Any
) -> AsyncIterator[tuple[httpx.AsyncClient, list[ServiceManagementSession]]]:
    """The app running its lifespan (httpx's ASGI transport does not), and a client speaking to it."""
    opened: list[ServiceManagementSession] = []

    @contextlib.asynccontextmanager
    async def factory() -> AsyncIterator[ServiceManagementSession]:
        session_options.setdefault("poll", PollPolicy(initial=0.0, jitter=0.0, timeout=60.0))
        async with emulator.session(**session_options) as session:
            opened.append(session)
            yield session

    app = module.create_app(factory)
    async with app.router.lifespan_context(app):
        assert len(opened) == 1  # the lifespan opened the app's one session
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://backend.test") as http:
            yield http, opened
    assert opened[0].transport.closed  # and closed it when the app stopped


async def test_fastapi_backend_creates_with_202_and_reports_status(
    fastapi_backend: ModuleType, emulator: Emulator
) -> None:
    emulator.set_progression("create_storage_account", polls=2)
    async with asgi_client(fastapi_backend, emulator) as (http, opened):
        response = await http.get("/storage-accounts")
        assert (response.status_code, response.json()) == (200, [])

        response = await http.post("/storage-accounts", json={"name": "apistore", "location": "West US"})
        assert response.status_code == 202
        accepted = response.json()
        assert re.fullmatch(r"[0-9a-f]{32}", accepted["request_id"])
        assert accepted["status_url"] == f"http://backend.test/operations/{accepted['request_id']}"
        assert response.headers["location"] == accepted["status_url"]

        # The route did not wait: the operation is still running on the service.
        status = (await http.get(accepted["status_url"])).json()
        assert status == {
            "request_id": accepted["request_id"],
            "status": "InProgress",
            "http_status_code": None,
            "error": None,
        }
        status = (await http.get(accepted["status_url"])).json()
        assert (status["status"], status["http_status_code"]) == ("Succeeded", 200)

        response = await http.get("/storage-accounts/apistore")
        assert response.status_code == 200
        properties = response.json()["storage_service_properties"]
        assert (properties["location"], properties["label"], properties["status"]) == (
            "West US",
            "apistore",
            "Created",
        )
        assert [a["service_name"] for a in (await http.get("/storage-accounts")).json()] == ["apistore"]
        assert len(opened) == 1  # every request used the one session


async def test_fastapi_backend_maps_aiosm_errors_to_http(
    fastapi_backend: ModuleType, emulator: Emulator
) -> None:
    async with asgi_client(fastapi_backend, emulator) as (http, _opened):
        created = await http.post("/storage-accounts", json={"name": "apistore", "location": "West US"})
        assert created.status_code == 202

        response = await http.post("/storage-accounts", json={"name": "apistore", "location": "West US"})
        assert response.status_code == 409
        error = response.json()
        assert (error["error"], error["code"]) == ("ConflictError", "ConflictError")
        assert re.fullmatch(r"[0-9a-f]{32}", error["request_id"])

        response = await http.post("/storage-accounts", json={"name": "Not_Valid!", "location": "West US"})
        assert response.status_code == 422
        assert {k: response.json()[k] for k in ("error", "field")} == {
            "error": "InvalidInputError",
            "field": "service_name",
        }
        response = await http.post("/storage-accounts", json={"name": "apistore2"})  # no location
        assert response.status_code == 422
        assert response.json()["error"] == "InvalidInputError"

        response = await http.post("/storage-accounts", json={"name": "apistore3", "location": "Mars"})
        assert response.status_code == 400
        assert response.json()["error"] == "BadRequestError"

        response = await http.get("/storage-accounts/missing")
        assert response.status_code == 404
        assert (response.json()["error"], response.json()["code"]) == ("NotFoundError", "ResourceNotFound")

        response = await http.get("/operations/0123456789abcdef0123456789abcdef")
        assert response.status_code == 404

        names = [a["service_name"] for a in (await http.get("/storage-accounts")).json()]
        assert names == ["apistore"]  # the refused requests created nothing


async def test_fastapi_backend_reports_a_failed_operation(
    fastapi_backend: ModuleType, emulator: Emulator
) -> None:
    emulator.inject_fault("operation_failed", path_pattern="/services/storageservices")
    async with asgi_client(fastapi_backend, emulator) as (http, _opened):
        response = await http.post("/storage-accounts", json={"name": "doomed", "location": "West US"})
        assert response.status_code == 202  # accepted; it fails later, on the service
        status = (await http.get(response.json()["status_url"])).json()
        assert (status["status"], status["http_status_code"]) == ("Failed", 500)
        assert status["error"]["code"] == "InternalError"


async def test_fastapi_backend_answers_502_and_503_for_upstream_trouble(
    fastapi_backend: ModuleType, emulator: Emulator
) -> None:
    other = "11111111-2222-4333-8444-555555555555"  # the certificate is not registered for it
    async with asgi_client(fastapi_backend, emulator, subscription_id=other) as (http, _opened):
        response = await http.get("/storage-accounts")
        assert response.status_code == 502
        assert response.json()["error"] == "AuthenticationError"

    emulator.inject_fault("server_busy", count=None, retry_after=7)
    async with asgi_client(fastapi_backend, emulator, retry=RetryPolicy(max_attempts=1)) as (http, _opened):
        response = await http.get("/storage-accounts")
        assert response.status_code == 503
        assert response.json()["error"] == "ThrottledError"
        assert response.headers["retry-after"] == "7"


@pytest.mark.skipif(sys.version_info < (3, 11), reason="reading plan.toml needs tomllib (Python 3.11+)")
def test_the_example_plan_json_is_the_toml_plan() -> None:
    from aiosm.plan import load_plan

    assert load_plan(EXAMPLES / "plan.json").resources == load_plan(EXAMPLES / "plan.toml").resources
