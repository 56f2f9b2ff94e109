"""The control routes (``/_emulator/...``): JSON in, JSON out, guarded by a token.

A caller needs both a management certificate the emulator knows (any subscription)
and the emulator's control token in the ``x-aiosm-emulator-token`` header: the
routes act on the whole emulator (``reset`` forgets every subscription's resources),
so a certificate registered for one subscription must not be enough. The token is
random per start unless given (``Emulator(control_token=...)``, ``--control-token``
or ``AIOSM_EMULATOR_CONTROL_TOKEN``); the in-process API needs none.

Bodies are JSON objects with only the documented keys (see README); any other
body is a 400 ``{"error": ...}``, never a 500.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from .app import Emulator

__all__ = ["CONTROL_PREFIX", "CONTROL_TOKEN", "TOKEN_HEADER", "answer_control", "control_routes"]

CONTROL_PREFIX = "/_emulator"
TOKEN_HEADER = "x-aiosm-emulator-token"
CONTROL_TOKEN = web.AppKey("aiosm_emulator_control_token", str)

_FAULT_KEYS = frozenset({"kind", "count", "path_pattern", "method", "probability", "delay", "retry_after"})
_LATENCY_KEYS = frozenset({"seconds", "kind"})
_PROGRESSION_KEYS = frozenset({"polls", "kind"})
_THROTTLE_KEYS = frozenset({"limit", "period", "status"})


class _BadSpec(ValueError):
    pass


def _json_error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def _spec(request: web.Request, allowed: frozenset[str], required: tuple[str, ...]) -> dict[str, Any]:
    """The request's JSON object, with only ``allowed`` keys and every ``required`` one."""
    try:
        spec = json.loads(await request.read() or b"null")
    except (ValueError, UnicodeDecodeError):
        raise _BadSpec("the body must be a JSON object") from None
    if not isinstance(spec, dict):
        raise _BadSpec("the body must be a JSON object")
    unknown = sorted(set(spec) - allowed)
    if unknown:
        raise _BadSpec(
            f"unknown key(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(sorted(allowed))}"
        )
    missing = [k for k in required if k not in spec]
    if missing:
        raise _BadSpec(f"missing key(s) {', '.join(map(repr, missing))}")
    kind = spec.get("kind")
    if "kind" in spec and kind is not None and not isinstance(kind, str):
        raise _BadSpec("kind must be a string")
    return spec


def control_routes(emulator: Emulator) -> list[web.RouteDef]:
    """The control routes of ``emulator``."""

    async def reset(request: web.Request) -> web.Response:
        emulator.reset()
        return web.json_response({"reset": True})

    async def add_fault(request: web.Request) -> web.Response:
        spec = await _spec(request, _FAULT_KEYS, ("kind",))
        emulator.inject_fault(**spec)
        return web.json_response({"rules": len(emulator.faults.rules)})

    async def clear_faults(request: web.Request) -> web.Response:
        emulator.faults.clear()
        return web.json_response({"rules": 0})

    async def latency(request: web.Request) -> web.Response:
        spec = await _spec(request, _LATENCY_KEYS, ("seconds",))
        emulator.set_latency(spec["seconds"], kind=spec.get("kind"))
        return web.json_response(spec)

    async def progression(request: web.Request) -> web.Response:
        spec = await _spec(request, _PROGRESSION_KEYS, ("polls",))
        emulator.set_progression(spec.get("kind"), polls=spec["polls"])
        return web.json_response(spec)

    async def throttle(request: web.Request) -> web.Response:
        spec = await _spec(request, _THROTTLE_KEYS, ("limit",))
        emulator.set_throttle(spec["limit"], period=spec.get("period", 1.0), status=spec.get("status", 503))
        return web.json_response(spec)

    async def stats(request: web.Request) -> web.Response:
        return web.json_response(emulator.faults.describe())

    return [
        web.post(f"{CONTROL_PREFIX}/reset", reset),
        web.post(f"{CONTROL_PREFIX}/faults", add_fault),
        web.delete(f"{CONTROL_PREFIX}/faults", clear_faults),
        web.post(f"{CONTROL_PREFIX}/latency", latency),
        web.post(f"{CONTROL_PREFIX}/progression", progression),
        web.post(f"{CONTROL_PREFIX}/throttle", throttle),
        web.get(f"{CONTROL_PREFIX}/stats", stats),
    ]


async def answer_control(
    request: web.Request,
    handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    *,
    certificate_known: bool,
) -> web.StreamResponse:
    """Run a control route: known certificate and token first, then JSON errors for every failure."""
    token = request.app.get(CONTROL_TOKEN, "")
    if not certificate_known:
        return _json_error(403, "a management certificate the emulator knows is required")
    given = request.headers.get(TOKEN_HEADER, "")
    if not token or not hmac.compare_digest(
        given.encode("utf-8", "replace"), token.encode("utf-8", "replace")
    ):
        return _json_error(403, f"the {TOKEN_HEADER} header must carry the emulator's control token")
    try:
        return await handler(request)
    except (_BadSpec, ValueError, TypeError) as exc:
        return _json_error(400, str(exc))
    except web.HTTPException as exc:
        return _json_error(exc.status, exc.reason)
