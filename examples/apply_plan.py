"""Apply examples/plan.toml: a dry run, an apply interrupted half-way, a resume, and a plan in sync.

    python examples/apply_plan.py

The same as ``python -m aiosm plan examples/plan.toml`` and ``python -m aiosm apply
examples/plan.toml --journal run.db``, from Python. The first apply is cancelled after
half a second, as a crash would stop it; the second, with the same journal, waits for the
operations the service had accepted, reads what may have been sent, and sends the rest.
Against the embedded emulator (the default) operations take 0.3 s; with Azure credentials
in the environment it targets Azure (set AIOSM_EXAMPLE_VM_PASSWORD first).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import tempfile
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

from aiosm import PollPolicy, ServiceManagementSession
from aiosm.apply import apply, diff
from aiosm.journal import read_journal
from aiosm.plan import load_plan

HERE = Path(__file__).resolve().parent


@contextlib.asynccontextmanager
async def target() -> AsyncIterator[ServiceManagementSession]:
    subscription_id = os.environ.get("AZURE_MANAGEMENT_SUBSCRIPTIONID")
    certificate = os.environ.get("AZURE_MANAGEMENT_CERTFILE")
    if subscription_id and certificate:
        async with ServiceManagementSession(subscription_id, certificate) as session:
            yield session
        return
    from aiosm.emulator import running

    os.environ.setdefault("AIOSM_EXAMPLE_VM_PASSWORD", "Example-Passw0rd")  # emulated VMs only
    async with running(latency=0.3) as emulator:
        print(
            f"(no Azure credentials in the environment: using the embedded emulator at {emulator.endpoint})"
        )
        async with emulator.session(poll=PollPolicy(initial=0.1, jitter=0.0)) as session:
            yield session


async def main() -> None:
    # TOML needs Python 3.11's tomllib; plan.json is the same plan for Python 3.10.
    plan = load_plan(HERE / ("plan.toml" if sys.version_info >= (3, 11) else "plan.json"))
    journal = Path(tempfile.mkdtemp(prefix="aiosm-example-")) / "run.db"
    async with target() as session:
        print("== plan")
        print(await diff(session, plan))

        print("== apply, cancelled after 0.5 s")
        run = asyncio.create_task(apply(session, plan, journal))
        await asyncio.sleep(0.5)
        run.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await run
        states = Counter(entry.state.value for entry in read_journal(journal).values())
        print(f"journal after the interruption: {dict(sorted(states.items()))}")

        print("== apply again, same journal")
        report = await apply(session, plan, journal)
        for result in report.results:
            print(
                f"{result.key}: {'ok' if result.ok else 'FAILED'}, {result.action.value}, sent {result.sent}"
            )
        counts = report.counts()
        print(f"{counts['succeeded']} succeeded, {counts['failed']} failed")

        print("== plan again")
        print((await diff(session, plan)).summary())


if __name__ == "__main__":
    asyncio.run(main())
