"""Errors below the routes, answered in ASM's shape.

aiohttp answers what it cannot parse (an unknown verb, a bad ``Content-Length``,
an over-long request line or header) and what escapes a handler with its own
``text/plain`` page. The emulator speaks ASM on every answer, so its runner
uses a request handler whose error hook writes an ASM ``<Error>`` document
instead, and :func:`http_exception_answer` does the same for the HTTP
exceptions aiohttp raises inside a handler (413 for a body over the limit).
"""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import http_exceptions, web
from aiohttp.web_protocol import RequestHandler

from ._http import XML_CONTENT_TYPE, error_body
from .state import new_request_id

__all__ = ["AsmRunner", "asm_error", "http_exception_answer"]

log = logging.getLogger("aiosm.emulator")

_REASONS: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "The request is malformed."),
    404: ("ResourceNotFound", "The requested resource does not exist."),
    405: ("InvalidHttpVerb", "The HTTP verb is not supported here."),
    408: ("OperationTimedOut", "The request was not received in time."),
    411: ("MissingContentLengthHeader", "The Content-Length header is required."),
    413: ("RequestBodyTooLarge", "The request body is too large."),
    414: ("InvalidUri", "The request URI is too long."),
    431: ("InvalidHeaderValue", "The request headers are too large."),
    500: ("InternalError", "The server encountered an internal error. Please retry the request."),
    504: ("OperationTimedOut", "The operation could not be completed within the permitted time."),
}


def asm_error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> web.Response:
    """An ASM ``<Error>`` answer."""
    return web.Response(
        status=status,
        body=error_body(code, message),
        headers={"Content-Type": XML_CONTENT_TYPE, **(headers or {})},
    )


def _reason(status: int) -> tuple[str, str]:
    return _REASONS.get(status, ("BadRequest" if status < 500 else "InternalError", "The request failed."))


def http_exception_answer(exc: web.HTTPException) -> web.Response:
    """The ASM answer standing for an aiohttp HTTP exception raised while handling a request."""
    status = exc.status
    if status == 405:
        status = 400  # ASM answers an unsupported verb with 400 InvalidHttpVerb
    code, message = _reason(exc.status)
    response = asm_error(status, code, message)
    if exc.status == 413:
        response.force_close()  # the rest of the body is not read: the connection cannot be reused
    return response


def _protocol_error(status: int, exc: BaseException | None) -> tuple[int, str, str]:
    if isinstance(exc, http_exceptions.BadHttpMethod):
        return 400, "InvalidHttpVerb", "The HTTP verb specified was not recognized by the server."
    if isinstance(exc, http_exceptions.LineTooLong):
        return 400, "InvalidUri", "The request line or a header is too long."
    text = str(exc).lower()
    if isinstance(exc, (http_exceptions.InvalidHeader, http_exceptions.ContentLengthError)) or (
        isinstance(exc, http_exceptions.BadHttpMessage) and ("header" in text or "content-length" in text)
    ):
        return 400, "InvalidHeaderValue", "A request header is malformed (Content-Length included)."
    code, message = _reason(status)
    return status, code, message


class _AsmRequestHandler(RequestHandler):
    """aiohttp's connection handler, answering its own errors as ASM ``<Error>`` documents."""

    def handle_error(
        self,
        request: Any,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        if status >= 500:
            log.error("aiosm emulator: error handling %s %s", request.method, request.path, exc_info=exc)
        else:
            log.debug("aiosm emulator: refused a malformed request (%s)", exc)
        if request.writer is not None and request.writer.output_size > 0:
            raise ConnectionError("an answer is being sent already; cannot send an error answer")
        status, code, text = _protocol_error(status, exc)
        response = asm_error(status, code, text, {"x-ms-request-id": new_request_id()})
        response.force_close()
        return response


class _AsmServer(web.Server):
    def __call__(self) -> RequestHandler:
        return _AsmRequestHandler(self, loop=self._loop, **self._kwargs)


class AsmRunner(web.AppRunner):
    """An :class:`aiohttp.web.AppRunner` whose connections answer protocol errors in ASM's shape."""

    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        server.__class__ = _AsmServer
        return server
