"""Rules known before sending anything; each failure is an InvalidInputError naming field and rule."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from typing import Any, TypeVar

from .errors import InvalidInputError

__all__ = [
    "choice",
    "decode_base64",
    "deployment_slot",
    "description",
    "extended_properties",
    "hosted_service_name",
    "label",
    "location_or_affinity_group",
    "path_segment",
    "required",
    "storage_account_name",
    "string",
]

_STORAGE_NAME = re.compile(r"^[a-z0-9]{3,24}$")
_SERVICE_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_PROPERTY_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
_E = TypeVar("_E")


def required(field: str, value: Any) -> Any:
    """The value, unless it is ``None`` or blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInputError(field, "is required and must not be empty")
    return value


def string(field: str, value: Any) -> str:
    """The value, if it is a ``str``."""
    if not isinstance(value, str):
        raise InvalidInputError(field, "must be a string")
    return value


def path_segment(field: str, value: str) -> str:
    """A name that goes into the URL path: required, and no ``/``, ``?`` or ``#``."""
    required(field, value)
    if not isinstance(value, str):
        raise InvalidInputError(field, "must be a string")
    if any(c in value for c in "/?#") or value in (".", ".."):
        raise InvalidInputError(field, "must not contain '/', '?' or '#'")
    return value


def storage_account_name(value: str, field: str = "service_name") -> str:
    path_segment(field, value)
    if not _STORAGE_NAME.match(value):
        raise InvalidInputError(field, "must be 3-24 characters, lower-case letters and digits only")
    return value


def hosted_service_name(value: str, field: str = "service_name") -> str:
    path_segment(field, value)
    if not _SERVICE_NAME.match(value):
        raise InvalidInputError(
            field,
            "must be 1-63 letters, digits and hyphens, not starting or ending with a hyphen "
            "(it becomes <name>.cloudapp.net)",
        )
    return value


def label(value: str, field: str = "label") -> str:
    required(field, value)
    string(field, value)
    if len(value) > 100:
        raise InvalidInputError(field, "must be at most 100 characters")
    return value


def description(value: str | None, field: str = "description") -> str | None:
    if value is not None and len(string(field, value)) > 1024:
        raise InvalidInputError(field, "must be at most 1024 characters")
    return value


def location_or_affinity_group(location: str | None, affinity_group: str | None) -> None:
    if bool(location) == bool(affinity_group):
        raise InvalidInputError(
            "location/affinity_group", "exactly one of location and affinity_group must be given"
        )


def choice(field: str, value: Any, allowed: type[_E]) -> _E:
    """Convert to the enum ``allowed`` (case-insensitively), or explain the allowed values."""
    required(field, value)
    try:
        return allowed(value)  # type: ignore[call-arg]
    except ValueError:
        names = ", ".join(str(m.value) for m in allowed)  # type: ignore[attr-defined]
        raise InvalidInputError(field, f"must be one of {names}") from None


def deployment_slot(value: str, field: str = "deployment_slot") -> str:
    """``production`` or ``staging`` (any case); the caller's spelling is kept for the URL."""
    required(field, value)
    if not isinstance(value, str) or value.lower() not in ("production", "staging"):
        raise InvalidInputError(field, "must be 'production' or 'staging'")
    return value


def extended_properties(
    value: Mapping[str, Any] | None, field: str = "extended_properties"
) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InvalidInputError(field, "must be a mapping of property names to values")
    if len(value) > 50:
        raise InvalidInputError(field, "at most 50 properties")
    result: dict[str, str] = {}
    for name, item in value.items():
        if not isinstance(name, str) or not _PROPERTY_NAME.match(name):
            raise InvalidInputError(
                field,
                "property names are 1-64 letters, digits and underscores, starting with a letter",
            )
        text = str(item)
        if len(text) > 255:
            raise InvalidInputError(f"{field}[{name!r}]", "values are at most 255 characters")
        result[name] = text
    return result


def decode_base64(field: str, value: str | bytes) -> bytes:
    """The bytes of text that must already be base64 (the legacy API's ``configuration``)."""
    required(field, value)
    if not isinstance(value, (str, bytes)):
        raise InvalidInputError(field, "must be base64 text (str or bytes)")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInputError(field, "must be base64-encoded") from None


def encode_configuration(value: str | bytes, field: str = "configuration") -> str:
    """Raw .cscfg text or bytes, base64-encoded for the wire."""
    required(field, value)
    if not isinstance(value, (str, bytes)):
        raise InvalidInputError(field, "must be a string or bytes")
    data = value.encode("utf-8") if isinstance(value, str) else value
    return base64.b64encode(data).decode("ascii")
