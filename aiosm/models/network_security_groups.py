"""Models of network security groups."""

from __future__ import annotations

__all__: list[str] = []
