"""Models of load balancers."""

from __future__ import annotations

__all__: list[str] = []
