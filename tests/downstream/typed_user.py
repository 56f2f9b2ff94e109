"""A user's program, type-checked with ``mypy --strict`` against the *installed* aiosm.

``tests/test_typed_package.py`` (and ``nox -s build``, against the built wheel) copy this
file out of the checkout and run mypy on it. It passes only if aiosm ships ``py.typed`` and
its annotations reach the user: without the marker mypy refuses the imports, and were the
results ``Any`` the ``assert_type`` lines and the unused ``type: ignore`` below would fail.
"""

from __future__ import annotations

import asyncio

from typing_extensions import assert_type

from aiosm import (
    AsyncOperation,
    HostedService,
    Location,
    NotFoundError,
    OperationStatus,
    ServiceManagementService,
    ServiceManagementSession,
)
from aiosm.emulator import Emulator, running


async def walk(emulator: Emulator) -> list[str]:
    async with emulator.session() as session:
        assert_type(session, ServiceManagementSession)
        locations = await session.locations.list()
        assert_type(locations, list[Location])
        op = await session.hosted_services.create("typedsvc", "typed service", location="West US")
        assert_type(op, AsyncOperation)
        service = await session.hosted_services.get("typedsvc")
        assert_type(service, HostedService)
        try:
            await session.storage_accounts.get("missing")
        except NotFoundError as error:
            assert_type(error.status, int)
        # A real type error that mypy must see (else this ignore is unused, an error under --strict):
        wrong: int = locations[0].name  # type: ignore[assignment]
        del wrong
    async with emulator.service() as sms:
        assert_type(sms, ServiceManagementService)
        status = await sms.get_operation_status(op.request_id)
        assert_type(status.status, OperationStatus)
    return [location.name for location in locations]


async def main() -> None:
    async with running() as emulator:
        print(await walk(emulator))


if __name__ == "__main__":
    asyncio.run(main())
