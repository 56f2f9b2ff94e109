"""The emulator's network security groups."""

from __future__ import annotations

from ._http import Handler

HANDLERS: dict[str, Handler] = {}
