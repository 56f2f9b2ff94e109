"""What every resource client shares: the transport and the operations client."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from ..operations import AsyncOperation, OperationsClient
from ..transport import Transport
from ..xml import XmlModel

_M = TypeVar("_M", bound=XmlModel)


class ResourceClient:
    """Base of ``session.<family>``: read helpers return models, mutations return operation handles."""

    def __init__(self, transport: Transport, operations: OperationsClient) -> None:
        self._transport = transport
        self._operations = operations

    async def _get(self, path: str, model: type[_M], *, query: Mapping[str, str] | None = None) -> _M:
        response = await self._transport.request("GET", path, query=query)
        result: _M = response.parse(model)
        return result

    async def _mutate(
        self,
        method: str,
        path: str,
        body: XmlModel | None = None,
        *,
        query: Mapping[str, str] | None = None,
        api_version: str | None = None,
    ) -> AsyncOperation:
        response = await self._transport.request(
            method, path, query=query, body=body, api_version=api_version
        )
        return self._operations.from_response(response)
