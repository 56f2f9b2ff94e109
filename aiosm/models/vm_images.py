"""Models of VM images."""

from __future__ import annotations

__all__: list[str] = []
