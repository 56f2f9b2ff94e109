"""Models of role instances."""

from __future__ import annotations

__all__: list[str] = []
