"""The emulator's the network configuration."""

from __future__ import annotations

from ._http import Handler

HANDLERS: dict[str, Handler] = {}
