"""The emulator's reserved IPs."""

from __future__ import annotations

from ._http import Handler

HANDLERS: dict[str, Handler] = {}
