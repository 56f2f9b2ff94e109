"""Where the examples run: Azure when credentials are in the environment, else the embedded emulator."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator

from aiosm import ServiceManagementService, ServiceManagementSession


@contextlib.asynccontextmanager
async def target() -> AsyncIterator[ServiceManagementService]:
    """A connected ``ServiceManagementService``.

    With ``AZURE_MANAGEMENT_SUBSCRIPTIONID`` and ``AZURE_MANAGEMENT_CERTFILE`` set it
    talks to Azure; otherwise it starts the embedded emulator in this process.
    """
    subscription_id = os.environ.get("AZURE_MANAGEMENT_SUBSCRIPTIONID")
    certificate = os.environ.get("AZURE_MANAGEMENT_CERTFILE")
    if subscription_id and certificate:
        async with ServiceManagementService(subscription_id, certificate) as sms:
            yield sms
        return
    from aiosm.emulator import running

    async with running() as emulator:
        print(
            f"(no Azure credentials in the environment: using the embedded emulator at {emulator.endpoint})"
        )
        async with emulator.service() as sms:
            yield sms


@contextlib.asynccontextmanager
async def target_session() -> AsyncIterator[ServiceManagementSession]:
    """Like :func:`target`, but the native :class:`ServiceManagementSession`."""
    async with target() as sms:
        yield sms.session
