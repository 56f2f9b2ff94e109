"""Models of management certificates."""

from __future__ import annotations

__all__: list[str] = []
