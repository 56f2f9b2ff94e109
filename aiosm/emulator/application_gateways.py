"""The emulator's application gateways."""

from __future__ import annotations

from ._http import Handler

HANDLERS: dict[str, Handler] = {}
