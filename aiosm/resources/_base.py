"""What every resource client shares: the transport, the operations client, and the one code path
that runs a declared operation (:mod:`aiosm.operation`)."""

from __future__ import annotations

from ..operations import OperationRunner, OperationsClient
from ..transport import Transport

__all__ = ["ResourceClient"]


class ResourceClient(OperationRunner):
    """Base of ``session.<family>``: read operations return models, mutations return operation handles."""

    def __init__(self, transport: Transport, operations: OperationsClient) -> None:
        self._transport = transport
        self._operations = operations
