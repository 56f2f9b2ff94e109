"""``GET /operations/{id}``: the status of a request."""

from __future__ import annotations

import re
from http import HTTPStatus

from aiohttp import web

from ..models.gateways import GatewayOperation, GatewayOperationStatus
from ..models.operations import Operation, OperationError, OperationStatus, normalize_request_id
from ._http import AsmFault, Handler, context, subscription, xml_response
from .records import OperationRecord
from .state import dashed

_HEX = re.compile(r"^[0-9a-f]{32}$")


async def get_operation(request: web.Request) -> web.Response:
    request_id = normalize_request_id(request.match_info["request_id"])
    state = context(request).state
    op = state.get(OperationRecord, request_id) if _HEX.match(request_id) else None
    if op is None or op.subscription != subscription(request):
        raise AsmFault(404, "ResourceNotFound", "The operation request ID was not found.")
    op = state.poll(request_id) or op
    status = OperationStatus(op.status)
    error = op.error
    return xml_response(
        Operation(
            id=dashed(request_id),
            status=status,
            http_status_code=None if status is OperationStatus.IN_PROGRESS else op.http_status,
            error=OperationError(code=error.code, message=error.message) if error else None,
        )
    )


_GATEWAY_STATUS = {"InProgress": "InProgress", "Succeeded": "Successful", "Failed": "Failed"}


def _status_name(code: int) -> str:
    try:
        return HTTPStatus(code).phrase.replace(" ", "").replace("-", "")
    except ValueError:
        return str(code)


async def get_gateway_operation(request: web.Request) -> web.Response:
    """A gateway operation's status: the same operation record, in the ``GatewayOperation`` shape."""
    request_id = normalize_request_id(request.match_info["operation_id"])
    state = context(request).state
    op = state.get(OperationRecord, request_id) if _HEX.match(request_id) else None
    if op is None or op.subscription != subscription(request) or "gateway" not in op.kind:
        raise AsmFault(404, "ResourceNotFound", "The operation request ID was not found.")
    op = state.poll(request_id) or op
    error = op.error
    in_progress = op.status == "InProgress"
    return xml_response(
        GatewayOperation(
            id=dashed(request_id),
            status=GatewayOperationStatus(_GATEWAY_STATUS[op.status]),
            # The .NET HttpStatusCode name ("OK", "BadRequest"), as gateway operations answer it.
            http_status_code="" if in_progress or not op.http_status else _status_name(op.http_status),
            error=OperationError(code=error.code, message=error.message) if error else None,
        )
    )


HANDLERS: dict[str, Handler] = {
    "operations.get": get_operation,
    "operations.get_gateway_operation": get_gateway_operation,
}
