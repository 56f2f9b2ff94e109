"""The status of a long-running (asynchronous) ASM operation."""

from __future__ import annotations

from ..xml import XmlModel
from .common import AsmEnum, Text

__all__ = ["Operation", "OperationError", "OperationStatus", "normalize_request_id"]


def normalize_request_id(request_id: str) -> str:
    """Header ids are 32 hex digits, Operation ``<ID>`` is the same as a dashed GUID."""
    return request_id.replace("-", "").strip().lower()


class OperationStatus(AsmEnum):
    """Where a long-running operation stands: ``InProgress``, ``Succeeded`` or ``Failed``."""

    IN_PROGRESS = "InProgress"
    SUCCEEDED = "Succeeded"
    FAILED = "Failed"


class OperationError(XmlModel):
    """Why a long-running operation failed: the ASM error code and message."""

    code: Text = ""
    message: Text = ""


class Operation(XmlModel):
    """``GET /operations/<request-id>``: ``status`` is InProgress, Succeeded or Failed."""

    __xml_root__ = "Operation"
    id: Text = ""
    status: OperationStatus
    http_status_code: int | None = None
    error: OperationError | None = None

    @property
    def request_id(self) -> str:
        """The id in the 32-hex-digit form of the ``x-ms-request-id`` header."""
        return normalize_request_id(self.id)

    @property
    def succeeded(self) -> bool:
        """Whether the operation finished ``Succeeded``."""
        return self.status is OperationStatus.SUCCEEDED

    @property
    def done(self) -> bool:
        """Whether the operation finished (``Succeeded`` or ``Failed``)."""
        return self.status is not OperationStatus.IN_PROGRESS
