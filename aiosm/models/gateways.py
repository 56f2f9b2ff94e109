"""Models of virtual network gateways."""

from __future__ import annotations

__all__: list[str] = []
