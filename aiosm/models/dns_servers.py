"""Models of DNS servers."""

from __future__ import annotations

__all__: list[str] = []
