"""A FastAPI backend that shares one aiosm session for the app's lifetime.

    pip install fastapi uvicorn             # example dependencies, not aiosm's
    python examples/fastapi_backend.py      # then: curl http://127.0.0.1:8000/storage-accounts

Routes:
  GET  /storage-accounts               the storage accounts, as JSON
  GET  /storage-accounts/{name}        one storage account
  POST /storage-accounts               {"name", "location" | "affinity_group", "label"?, ...}: start
                                       creating it; answers 202 at once with the request id
  GET  /operations/{request_id}        how a request is going: InProgress, Succeeded or Failed

The session is opened in the app's lifespan and handed to the routes as a dependency; aiosm
errors become HTTP answers in one exception handler. Long operations are not waited for in the
request: the client polls the status route (its URL is in the 202's ``Location`` header).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from aiosm import (
    AsmError,
    AsmHttpError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    OperationTimeoutError,
    ServiceManagementSession,
    ThrottledError,
)

SessionFactory = Callable[[], contextlib.AbstractAsyncContextManager[ServiceManagementSession]]

# --8<-- [start:errors]
# First match wins: subclasses before their bases.
_STATUS: list[tuple[type[AsmError], int]] = [
    (InvalidInputError, 422),  # broke a rule aiosm knows: nothing was sent
    (BadRequestError, 400),  # the service refused the values the client gave
    (NotFoundError, 404),
    (ConflictError, 409),  # name taken, slot occupied, deployment busy
    (ThrottledError, 503),  # the service asks to slow down: so do we
    (OperationTimeoutError, 504),
    # The backend's own certificate was refused: the caller can do nothing about it, so this is
    # a failure of the upstream service (502), not a 403 that would blame the caller.
    (AuthenticationError, 502),
    (AsmError, 502),  # other service errors, transport and TLS failures
]
# --8<-- [end:errors]


class CreateStorageAccount(BaseModel):
    """The body of ``POST /storage-accounts``."""

    name: str
    location: str | None = None
    affinity_group: str | None = None
    label: str | None = None
    description: str | None = None
    account_type: str = "Standard_GRS"


# --8<-- [start:session]
def get_session(request: Request) -> ServiceManagementSession:
    """The app's one session (opened by the lifespan), for a route's parameters."""
    session: ServiceManagementSession = request.app.state.session
    return session


Session = Annotated[ServiceManagementSession, Depends(get_session)]
# --8<-- [end:session]


async def asm_error(request: Request, exc: Exception) -> JSONResponse:
    """One handler for every aiosm error: an HTTP status and a JSON body that never holds secrets."""
    assert isinstance(exc, AsmError)
    status = next(code for cls, code in _STATUS if isinstance(exc, cls))
    body: dict[str, Any] = {"error": type(exc).__name__, "message": str(exc)}
    headers: dict[str, str] = {}
    if isinstance(exc, InvalidInputError):
        body["field"] = exc.field
    if isinstance(exc, AsmHttpError):
        body["code"] = exc.code
        body["request_id"] = exc.request_id
        if isinstance(exc, ThrottledError) and exc.retry_after is not None:
            headers["Retry-After"] = str(max(1, round(exc.retry_after)))
    return JSONResponse(body, status_code=status, headers=headers)


def accepted(request: Request, response: Response, request_id: str) -> dict[str, str]:
    """The 202 answer: the request id, and where to follow it."""
    status_url = str(request.url_for("operation_status", request_id=request_id))
    response.headers["Location"] = status_url
    return {"request_id": request_id, "status_url": status_url}


# --8<-- [start:app]
def create_app(session_factory: SessionFactory) -> FastAPI:
    """The app; ``session_factory`` opens the one session it shares (see ``main``)."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with session_factory() as session:
            app.state.session = session
            yield

    app = FastAPI(title="aiosm FastAPI example", lifespan=lifespan)
    app.add_exception_handler(AsmError, asm_error)

    @app.get("/storage-accounts")
    async def list_storage_accounts(session: Session) -> list[dict[str, Any]]:
        return [account.model_dump(mode="json") for account in await session.storage_accounts.list()]

    @app.get("/storage-accounts/{name}")
    async def get_storage_account(name: str, session: Session) -> dict[str, Any]:
        return (await session.storage_accounts.get(name)).model_dump(mode="json")

    @app.post("/storage-accounts", status_code=202)
    async def create_storage_account(
        body: CreateStorageAccount, request: Request, response: Response, session: Session
    ) -> dict[str, str]:
        op = await session.storage_accounts.create(
            body.name,
            body.description,
            body.label or body.name,
            affinity_group=body.affinity_group,
            location=body.location,
            account_type=body.account_type,
        )
        return accepted(request, response, op.request_id)

    @app.get("/operations/{request_id}", name="operation_status")
    async def operation_status(request_id: str, session: Session) -> dict[str, Any]:
        operation = await session.operations.get(request_id)
        error = operation.error
        return {
            "request_id": operation.request_id,
            "status": operation.status.value,
            "http_status_code": operation.http_status_code,
            "error": {"code": error.code, "message": error.message} if error else None,
        }

    return app


# --8<-- [end:app]


def main() -> None:
    import uvicorn  # type: ignore[import-not-found, unused-ignore]  # example dependency: pip install uvicorn

    subscription_id = os.environ.get("AZURE_MANAGEMENT_SUBSCRIPTIONID")
    certificate = os.environ.get("AZURE_MANAGEMENT_CERTFILE")
    if subscription_id and certificate:

        def factory() -> contextlib.AbstractAsyncContextManager[ServiceManagementSession]:
            return ServiceManagementSession(subscription_id, certificate)

        uvicorn.run(create_app(factory), host="127.0.0.1", port=8000)
        return

    from aiosm.emulator import running

    @contextlib.asynccontextmanager
    async def emulated() -> AsyncIterator[ServiceManagementSession]:
        async with running(latency=2.0) as emulator, emulator.session() as session:
            print(f"(using the embedded emulator at {emulator.endpoint})")
            yield session

    uvicorn.run(create_app(emulated), host="127.0.0.1", port=8000)


if __name__ == "__main__":
    main()
