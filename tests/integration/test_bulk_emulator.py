"""Bulk runs against the emulator: real latency, injected faults and Azure's exclusive-access rule."""

from __future__ import annotations

import asyncio

from aiosm import ConflictError, PollPolicy, bulk
from aiosm.emulator import Emulator

from .conftest import FAST_RETRY, cscfg

POLL = PollPolicy(initial=0.05, multiplier=1.0, maximum=0.05, jitter=0.0, timeout=60.0)


async def test_per_item_failures_with_faults_injected(emu: Emulator) -> None:
    async with emu.session(retry=FAST_RETRY, poll=POLL) as session:
        await (await session.storage_accounts.create("bulktaken", None, "taken", location="West US"))
        emu.set_latency(0.2)
        emu.inject_fault("operation_failed", count=2, path_pattern="storageservices")
        emu.inject_fault("server_busy", count=3, method="POST", retry_after=0.0)
        create = session.storage_accounts.create
        names = [f"bulkstore{i}" for i in range(12)]
        items = [bulk.item(n, create, n, None, n, location="West US") for n in names]
        items.append(bulk.item("again", create, "bulktaken", None, "again", location="West US"))
        report = await bulk.run_bulk(items, concurrency=5)

        kinds = sorted(type(r.error).__name__ for r in report.failed)
        assert kinds == ["ConflictError", "OperationFailedError", "OperationFailedError"]
        assert len(report.succeeded) == 10  # the 503s were retried by the transport
        # Every request the service accepted is reported, the failed operations' included.
        assert len(report.accepted_request_ids) == 12
        accounts = {a.service_name for a in await session.storage_accounts.list()}
        assert accounts == {"bulktaken"} | {r.key for r in report.succeeded}


async def test_operations_on_one_deployment_are_serialized_not_refused(emu: Emulator) -> None:
    """Azure answers 409 "requires exclusive access" to a second mutation while one runs;
    bulk.item serializes calls on one cloud service's deployments so none is refused."""
    async with emu.session(retry=FAST_RETRY, poll=POLL) as session:
        await session.hosted_services.create("bulksvc", "bulksvc", location="West US")
        await (
            await session.deployments.create(
                "bulksvc", "production", "d1", "https://x/p.cspkg", "d1", cscfg()
            )
        )
        emu.set_latency(0.2)
        statuses = ["Running", "Suspended", "Running", "Suspended", "Running"]
        items = [
            bulk.item(i, session.deployments.update_status, "bulksvc", "d1", s)
            for i, s in enumerate(statuses)
        ]
        report = await bulk.run_bulk(items, concurrency=5)
        assert report.ok, [str(r.error) for r in report.failed]
        assert (await session.deployments.get_by_name("bulksvc", "d1")).status == "Running"

        # Without serialization the same calls collide with the emulator's exclusive-access rule.
        unserialized = [item.serialized_on(None) for item in items]
        report = await bulk.run_bulk(unserialized, concurrency=5, wait=False)
        errors = [r.error for r in report.failed]
        assert errors and all(isinstance(e, ConflictError) and e.is_busy for e in errors)


async def test_cancelling_a_run_keeps_the_accepted_request_ids(emu: Emulator) -> None:
    emu.set_latency(30)
    async with emu.session(retry=FAST_RETRY, poll=POLL) as session:
        names = [f"cancelstore{i}" for i in range(6)]
        run = bulk.BulkRun(
            [bulk.item(n, session.storage_accounts.create, n, None, n, location="West US") for n in names],
            concurrency=3,
        )
        task = asyncio.create_task(run.run())
        for _ in range(1000):
            if len(run.accepted_request_ids) == 3:
                break
            await asyncio.sleep(0.01)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        accepted = run.accepted_request_ids
        assert len(accepted) == 3
        # Each accepted request is still known to the service and can be picked up again.
        for request_id in accepted:
            status = await session.operations.resume(request_id).status()
            assert status.status.value == "InProgress"
        assert [r.status for r in run.results].count(bulk.BulkStatus.CANCELLED) == 6
