"""Create 200 cloud services and 200 storage accounts concurrently, then tear it all down.

    python examples/bulk_provision.py [--count 200] [--concurrency 100]

Against the embedded emulator (the default) each storage account takes 0.5 s to
provision, the service answers 503 ServerBusy now and then (the transport retries),
and three storage accounts end ``Failed``: the report lists those without
stopping the others. With Azure credentials in the environment it targets Azure.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import time
from collections.abc import AsyncIterator

from aiosm import ServiceManagementSession, bulk


@contextlib.asynccontextmanager
async def target() -> AsyncIterator[ServiceManagementSession]:
    subscription_id = os.environ.get("AZURE_MANAGEMENT_SUBSCRIPTIONID")
    certificate = os.environ.get("AZURE_MANAGEMENT_CERTFILE")
    if subscription_id and certificate:
        async with ServiceManagementSession(subscription_id, certificate) as session:
            yield session
        return
    from aiosm.emulator import running

    async with running(latency=0.5, seed=7) as emulator:
        print(
            f"(no Azure credentials in the environment: using the embedded emulator at {emulator.endpoint})"
        )
        emulator.inject_fault("server_busy", count=10, method="POST", probability=0.05)
        emulator.inject_fault("operation_failed", count=3, path_pattern="storageservices")
        async with emulator.session() as session:
            yield session


def summarize(title: str, report: bulk.BulkReport) -> None:
    print(
        f"{title}: {len(report.succeeded)} succeeded, {len(report.failed)} failed, "
        f"{len(report.cancelled)} cancelled in {report.elapsed:.1f} s"
    )
    for result in report.failed:
        print(f"  {result.key}: {type(result.error).__name__}: {result.error}")


async def main(count: int, concurrency: int) -> None:
    async with target() as session:
        stamp = format(int(time.time()) % 100000, "05d")
        services = [f"aiosm-bulk-{stamp}-{i}" for i in range(count)]
        accounts = [f"aiosmbulk{stamp}n{i}" for i in range(count)]
        create_items = [
            bulk.item(name, session.hosted_services.create, name, name, location="West US")
            for name in services
        ] + [
            bulk.item(name, session.storage_accounts.create, name, None, name, location="West US")
            for name in accounts
        ]
        started = time.perf_counter()
        progress = bulk.tqdm_progress(desc="create", unit="res") if _have_tqdm() else _print_progress
        report = await bulk.run_bulk(create_items, concurrency=concurrency, on_progress=progress)
        summarize("create", report)

        created = {result.key for result in report.succeeded}
        delete_items = [
            bulk.item(name, session.hosted_services.delete, name) for name in services if name in created
        ] + [bulk.item(name, session.storage_accounts.delete, name) for name in accounts if name in created]
        report = await bulk.run_bulk(delete_items, concurrency=concurrency)
        summarize("delete", report)
        print(f"total {time.perf_counter() - started:.1f} s for {2 * count} resources, created and deleted")


def _have_tqdm() -> bool:
    """A bar on a terminal with tqdm installed (``aiosm-azure[progress]``); plain lines otherwise."""
    if not sys.stderr.isatty():
        return False
    try:
        import tqdm  # noqa: F401
    except ImportError:
        return False
    return True


def _print_progress(progress: bulk.BulkProgress) -> None:
    if progress.done % 50 == 0 or progress.done == progress.total:
        counts = f"{progress.done}/{progress.total} done, {progress.failed} failed"
        print(f"  {counts}, {progress.in_flight} in flight")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=100)
    args = parser.parse_args()
    asyncio.run(main(args.count, args.concurrency))
