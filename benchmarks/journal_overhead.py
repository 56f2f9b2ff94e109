"""What the apply journal costs: a 1,000-resource plan applied with a journal vs run_bulk of the same.

    python benchmarks/journal_overhead.py            # 1,000 resources, 5 interleaved rounds
    python benchmarks/journal_overhead.py --quick    # 100 resources, 1 round (a smoke check)

The emulator runs in its own process (latency 0, no faults, state in memory) so that the
CPU measured (``getrusage``: user + system of this process, all threads, so the journal's
commit thread included) is the client's alone. Each contender creates the same resources
(half cloud services, half storage accounts, concurrency 50) on an emptied emulator:

* ``run_bulk``: :func:`aiosm.bulk.run_bulk` of the create calls (the baseline);
* ``apply, journal only``: :func:`aiosm.apply.apply` with ``assume_new=True`` and a fresh
  journal (``synchronous=FULL``): the same POSTs and waits, plus three journal writes per
  resource (intent before sending, request id, final state). This is the journal's overhead;
* ``apply, full reconcile``: :func:`aiosm.apply.apply` reading every resource first (one GET
  each: the "read what exists" of a reconcile, which ``run_bulk`` never does), for reference.

Ratios are against the baseline of the same run, from the best (lowest) wall and CPU of each
contender over the interleaved rounds (the least disturbed by other load), medians shown too.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp

from aiosm import PollPolicy, ServiceManagementSession, bulk
from aiosm.apply import apply
from aiosm.journal import Journal
from aiosm.plan import CloudServiceSpec, Plan, ResourceSpec, StorageAccountSpec

CONCURRENCY = 50


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def make_plan(count: int) -> Plan:
    resources: list[ResourceSpec] = []
    for i in range(count):
        if i % 2:
            resources.append(StorageAccountSpec(name=f"benchstore{i}", location="West US"))
        else:
            resources.append(CloudServiceSpec(name=f"bench-svc-{i}", location="West US"))
    return Plan(resources)


def bulk_items(session: ServiceManagementSession, plan: Plan) -> list[bulk.BulkItem]:
    items = []
    for spec in plan.resources:
        if isinstance(spec, CloudServiceSpec):
            items.append(
                bulk.item(spec.key, session.hosted_services.create, spec.name, spec.name, location="West US")
            )
        else:
            assert isinstance(spec, StorageAccountSpec)
            items.append(
                bulk.item(
                    spec.key,
                    session.storage_accounts.create,
                    spec.name,
                    None,
                    spec.name,
                    location="West US",
                    account_type=spec.account_type,
                )
            )
    return items


_TOKEN = "journal-benchmark"


class Emulator:
    """``python -m aiosm.emulator`` in its own process."""

    def __init__(self, directory: Path) -> None:
        self.certs = directory / "certs"
        command = [sys.executable, "-m", "aiosm.emulator", "--port", "0", "--cert-dir", str(self.certs)]
        command += ["--control-token", _TOKEN]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        banner: dict[str, str] = {}
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("ready"):
                break
            name, _, value = line.partition(":")
            banner[name.strip()] = value.strip()
        self.endpoint = banner["endpoint"]
        self.subscription_id = banner["subscription id"]

    def session(self) -> ServiceManagementSession:
        return ServiceManagementSession(
            self.subscription_id,
            str(self.certs / "management.pem"),
            endpoint=self.endpoint,
            ca_file=str(self.certs / "ca.pem"),
            poll=PollPolicy(initial=0.0, jitter=0.0),
            connection_limit=CONCURRENCY,
        )

    async def reset(self) -> None:
        context = ssl.create_default_context(cafile=str(self.certs / "ca.pem"))
        context.load_cert_chain(str(self.certs / "management.pem"))
        async with (
            aiohttp.ClientSession() as client,
            client.post(
                f"{self.endpoint}/_emulator/reset", ssl=context, headers={"x-aiosm-emulator-token": _TOKEN}
            ) as response,
        ):
            response.raise_for_status()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


async def measure(
    emulator: Emulator, run: Callable[[ServiceManagementSession], Awaitable[bool]]
) -> dict[str, float]:
    await emulator.reset()
    async with emulator.session() as session:
        await session.locations.list()  # warm the pool: connections are not what is measured
        cpu, wall = cpu_seconds(), time.perf_counter()
        ok = await run(session)
        result = {"wall": time.perf_counter() - wall, "cpu": cpu_seconds() - cpu}
    if not ok:
        raise SystemExit("a run did not succeed; the figures would mean nothing")
    return result


async def main(count: int, rounds: int) -> dict[str, Any]:
    plan = make_plan(count)
    directory = Path(tempfile.mkdtemp(prefix="aiosm-bench-journal-"))
    emulator = Emulator(directory)
    journals = iter(range(1_000_000))

    async def baseline(session: ServiceManagementSession) -> bool:
        report = await bulk.run_bulk(bulk_items(session, plan), concurrency=CONCURRENCY, poll_interval=0.0)
        return report.ok

    async def journal_only(session: ServiceManagementSession) -> bool:
        journal = directory / f"run{next(journals)}.db"
        report = await apply(
            session, plan, journal, concurrency=CONCURRENCY, poll_interval=0.0, assume_new=True
        )
        return report.ok

    async def journal_normal(session: ServiceManagementSession) -> bool:
        journal = Journal(directory / f"run{next(journals)}.db", durable=False)
        async with journal:
            report = await apply(
                session, plan, journal, concurrency=CONCURRENCY, poll_interval=0.0, assume_new=True
            )
        return report.ok

    async def full(session: ServiceManagementSession) -> bool:
        journal = directory / f"run{next(journals)}.db"
        report = await apply(session, plan, journal, concurrency=CONCURRENCY, poll_interval=0.0)
        return report.ok

    contenders = {
        "run_bulk": baseline,
        "apply, journal only": journal_only,
        "apply, journal only, synchronous=NORMAL": journal_normal,
        "apply, full reconcile": full,
    }
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in contenders}
    try:
        for _ in range(rounds):
            for name, run in contenders.items():
                samples[name].append(await measure(emulator, run))
    finally:
        emulator.stop()
    rows = {}
    base_wall = min(r["wall"] for r in samples["run_bulk"])
    base_cpu = min(r["cpu"] for r in samples["run_bulk"])
    base_wall_median = statistics.median(r["wall"] for r in samples["run_bulk"])
    base_cpu_median = statistics.median(r["cpu"] for r in samples["run_bulk"])
    for name, runs in samples.items():
        wall, cpu = min(r["wall"] for r in runs), min(r["cpu"] for r in runs)
        rows[name] = {
            "wall_s": round(wall, 3),
            "cpu_s": round(cpu, 3),
            "wall_median_s": round(statistics.median(r["wall"] for r in runs), 3),
            "cpu_median_s": round(statistics.median(r["cpu"] for r in runs), 3),
            "wall_ratio": round(wall / base_wall, 2),
            "cpu_ratio": round(cpu / base_cpu, 2),
            "wall_ratio_median": round(statistics.median(r["wall"] for r in runs) / base_wall_median, 2),
            "cpu_ratio_median": round(statistics.median(r["cpu"] for r in runs) / base_cpu_median, 2),
        }
    return {"resources": count, "rounds": rounds, "journal_dir": str(directory), "results": rows}


def render(summary: dict[str, Any]) -> str:
    lines = [
        f"{summary['resources']} resources, concurrency {CONCURRENCY}, best of {summary['rounds']} round(s); "
        f"journals in {summary['journal_dir']} ({os.cpu_count()} CPUs)",
        "",
        "| contender | wall s best (median) | CPU s best (median) | wall vs run_bulk best (median) "
        "| CPU vs run_bulk best (median) |",
        "|---|---|---|---|---|",
    ]
    for name, row in summary["results"].items():
        lines.append(
            f"| {name} | {row['wall_s']} ({row['wall_median_s']}) | {row['cpu_s']} ({row['cpu_median_s']}) "
            f"| {row['wall_ratio']}x ({row['wall_ratio_median']}x) "
            f"| {row['cpu_ratio']}x ({row['cpu_ratio_median']}x) |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="100 resources, 1 round")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    count, rounds = (100, 1) if args.quick else (args.count, args.rounds)
    result = asyncio.run(main(count, rounds))
    print(json.dumps(result, indent=2) if args.json else render(result))
