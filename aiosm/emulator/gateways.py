"""The emulator's virtual network gateways."""

from __future__ import annotations

from ._http import Handler

HANDLERS: dict[str, Handler] = {}
