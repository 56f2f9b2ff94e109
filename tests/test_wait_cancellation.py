"""Issue 11, item 19: cancelling a wait is never swallowed, even when the cancel arrives in the same
loop iteration as a status answer (asyncio.wait_for before 3.12 returned the answer instead, so a
cancelled bulk run kept polling until its operations succeeded)."""

from __future__ import annotations

import asyncio
from typing import Any

from aiosm import PollPolicy
from aiosm.models.operations import Operation, OperationStatus
from aiosm.operations import AsyncOperation

RID = "0123456789abcdef0123456789abcdef"


class _Client:
    """An OperationsClient whose status answers arrive when the test says so."""

    def __init__(self) -> None:
        self.poll = PollPolicy(initial=0.0, jitter=0.0, timeout=60.0)
        self.answer: asyncio.Future[Operation] | None = None
        self.asked = asyncio.Event()
        self.calls = 0

    async def get(self, request_id: str) -> Operation:
        self.calls += 1
        self.answer = asyncio.get_running_loop().create_future()
        self.asked.set()
        return await self.answer


async def test_a_cancel_arriving_with_the_status_answer_cancels_the_wait() -> None:
    client = _Client()
    operation = AsyncOperation(client, RID)  # type: ignore[arg-type]
    waiting = asyncio.create_task(operation.wait())
    await client.asked.wait()
    assert client.answer is not None
    # The answer and the cancel land in the same loop iteration.
    client.answer.set_result(Operation(id=RID, status=OperationStatus.SUCCEEDED))
    waiting.cancel()
    result: Any = await asyncio.gather(waiting, return_exceptions=True)
    assert waiting.cancelled(), f"the cancel was swallowed: the wait returned {result!r}"
    assert client.calls == 1


async def test_a_cancel_while_a_status_request_is_in_flight_cancels_it() -> None:
    client = _Client()
    operation = AsyncOperation(client, RID)  # type: ignore[arg-type]
    waiting = asyncio.create_task(operation.wait())
    await client.asked.wait()
    waiting.cancel()
    await asyncio.gather(waiting, return_exceptions=True)
    await asyncio.sleep(0)
    assert waiting.cancelled()
    assert client.answer is not None and client.answer.cancelled()
