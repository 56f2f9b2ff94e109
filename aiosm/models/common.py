"""Types shared by several resource families."""

from __future__ import annotations

import enum
from typing import Annotated, Any

from ..xml import OMIT_EMPTY, XmlDict

__all__ = ["AnsweredExtendedProperties", "AsmEnum", "DeploymentSlot", "ExtendedProperties", "Text"]


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


Text = Annotated[str, OMIT_EMPTY]
"""Answer text: ``""`` when the service sent none, and not written while empty."""

ExtendedProperties = Annotated[dict[str, str], XmlDict()]
"""``<ExtendedProperties><ExtendedProperty><Name/><Value/></ExtendedProperty>...``"""

AnsweredExtendedProperties = Annotated[dict[str, str], XmlDict(keep_empty=True)]
"""Extended properties of an answer, where the service writes ``<ExtendedProperties/>`` also when empty."""


class DeploymentSlot(AsmEnum):
    """A deployment slot: ``Production`` or ``Staging``."""

    PRODUCTION = "Production"
    STAGING = "Staging"
