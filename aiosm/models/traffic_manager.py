"""Models of Traffic Manager."""

from __future__ import annotations

__all__: list[str] = []
