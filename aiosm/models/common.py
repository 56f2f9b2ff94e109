"""Types shared by several resource families."""

from __future__ import annotations

import enum
from typing import Annotated, Any

from ..xml import XmlDict

__all__ = ["AsmEnum", "DeploymentSlot", "ExtendedProperties"]


class AsmEnum(str, enum.Enum):
    """A string enum that compares and prints as its wire value, matched case-insensitively."""

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: Any) -> Any:
        if isinstance(value, str):
            lowered = value.lower()
            for member in cls:
                if member.value.lower() == lowered:
                    return member
        return None


ExtendedProperties = Annotated[dict[str, str], XmlDict()]
"""``<ExtendedProperties><ExtendedProperty><Name/><Value/></ExtendedProperty>...``"""


class DeploymentSlot(AsmEnum):
    PRODUCTION = "Production"
    STAGING = "Staging"
