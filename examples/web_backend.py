"""An aiohttp.web backend that shares one aiosm session for the app's lifetime.

    python examples/web_backend.py          # then: curl http://127.0.0.1:8080/services

Routes:
  GET  /services                  the cloud services, as JSON
  GET  /storage-accounts/{name}   one storage account
  POST /storage-accounts          {"name": ..., "location": ...}: create it, wait, return it

aiosm errors become HTTP statuses in one middleware.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from aiohttp import web

from aiosm import (
    AsmError,
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    OperationFailedError,
    OperationTimeoutError,
    ServiceManagementSession,
    ThrottledError,
)

SESSION = web.AppKey("session", ServiceManagementSession)
SessionFactory = Callable[[], contextlib.AbstractAsyncContextManager[ServiceManagementSession]]

# --8<-- [start:errors]
_STATUS: list[tuple[type[AsmError], int]] = [
    (InvalidInputError, 400),
    (NotFoundError, 404),
    (ConflictError, 409),
    (ThrottledError, 503),
    (OperationTimeoutError, 504),
    (AuthenticationError, 502),
    (OperationFailedError, 502),
    (AsmError, 502),
]


@web.middleware
async def asm_errors(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    try:
        return await handler(request)
    except AsmError as error:
        status = next(code for cls, code in _STATUS if isinstance(error, cls))
        body: dict[str, Any] = {"error": type(error).__name__, "message": str(error)}
        if isinstance(error, InvalidInputError):
            body["field"] = error.field
        return web.json_response(body, status=status)


# --8<-- [end:errors]


async def list_services(request: web.Request) -> web.Response:
    services = await request.app[SESSION].hosted_services.list()
    return web.json_response([s.model_dump(mode="json") for s in services])


async def get_storage_account(request: web.Request) -> web.Response:
    account = await request.app[SESSION].storage_accounts.get(request.match_info["name"])
    return web.json_response(account.model_dump(mode="json"))


async def create_storage_account(request: web.Request) -> web.Response:
    payload = await request.json()
    session = request.app[SESSION]
    name = str(payload.get("name", ""))
    op = await session.storage_accounts.create(
        name, payload.get("description"), payload.get("label") or name, location=payload.get("location")
    )
    await op.wait(timeout=float(payload.get("timeout", 600)))
    account = await session.storage_accounts.get(name)
    return web.json_response(account.model_dump(mode="json"), status=201)


# --8<-- [start:app]
def create_app(session_factory: SessionFactory) -> web.Application:
    """The app; ``session_factory`` opens the one session the app shares (see ``main``)."""
    app = web.Application(middlewares=[asm_errors])

    async def session_context(app: web.Application) -> AsyncIterator[None]:
        async with session_factory() as session:
            app[SESSION] = session
            yield

    app.cleanup_ctx.append(session_context)
    app.router.add_get("/services", list_services)
    app.router.add_get("/storage-accounts/{name}", get_storage_account)
    app.router.add_post("/storage-accounts", create_storage_account)
    return app


# --8<-- [end:app]


def main() -> None:
    subscription_id = os.environ.get("AZURE_MANAGEMENT_SUBSCRIPTIONID")
    certificate = os.environ.get("AZURE_MANAGEMENT_CERTFILE")
    if subscription_id and certificate:

        def factory() -> contextlib.AbstractAsyncContextManager[ServiceManagementSession]:
            return ServiceManagementSession(subscription_id, certificate)

        web.run_app(create_app(factory), host="127.0.0.1", port=8080)
        return

    from aiosm.emulator import running

    @contextlib.asynccontextmanager
    async def emulated() -> AsyncIterator[ServiceManagementSession]:
        async with running() as emulator, emulator.session() as session:
            print(f"(using the embedded emulator at {emulator.endpoint})")
            yield session

    web.run_app(create_app(emulated), host="127.0.0.1", port=8080)


if __name__ == "__main__":
    main()
