"""Rules known before sending anything; each failure is an InvalidInputError naming field and rule."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping
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


_MAX_SEGMENT = 256
_STEERING = re.compile(r"[/?#]")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\%]")


def path_segment(field: str, value: str) -> str:
    """A name that goes into the URL path: required; no ``/``, ``?``, ``#``, ``\\`` or ``%``; no control
    character; not ``.`` or ``..``; no surrounding spaces; at most 256 characters."""
    required(field, value)
    if not isinstance(value, str):
        raise InvalidInputError(field, "must be a string")
    if _STEERING.search(value) or value in (".", ".."):
        raise InvalidInputError(field, "must not contain '/', '?' or '#'")
    if len(value) > _MAX_SEGMENT or _UNSAFE.search(value) or value != value.strip():
        raise InvalidInputError(
            field,
            f"must be at most {_MAX_SEGMENT} characters, without control characters, '\\', '%' "
            "or surrounding spaces",
        )
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
    """Exactly one of the two is given (the rule the create declarations check with :func:`one_of`)."""
    one_of("location", "affinity_group")({"location": location, "affinity_group": affinity_group})


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


# -- rules as declarations ---------------------------------------------------------------------


class Rule:
    """A rule declared on an operation's parameter: ``label: Annotated[str, LABEL]``.

    ``check(field, value)`` returns the value to send (it may convert, e.g. stringify
    extended properties) or raises :class:`InvalidInputError`. The client runs it on the
    caller's argument; the emulator runs it on the value it received (``on_server=False``
    for rules that convert the caller's form into a different wire form).
    """

    __slots__ = ("_service_message", "check", "describe", "on_server")

    def __init__(
        self,
        check: Any,
        describe: str,
        *,
        on_server: bool = True,
        service_message: str | Callable[[str], str] | None = None,
    ) -> None:
        self.check = check
        self.describe = describe
        self.on_server = on_server
        self._service_message = service_message

    def service_message(self, rule: str) -> str | None:
        """The message the service answers when a request breaks this rule (the emulator's)."""
        message = self._service_message
        return message(rule) if callable(message) else message

    def __call__(self, field: str, value: Any) -> Any:
        return self.check(field, value)

    def __repr__(self) -> str:
        return f"Rule({self.describe})"


def _optional(check: Any) -> Any:
    def run(field: str, value: Any) -> Any:
        return None if value is None else check(field, value)

    return run


LOCATION_XOR_GROUP = "Exactly one of Location or AffinityGroup must be specified."
"""The service's words when a create names both or neither."""


def one_of(*choices: str, service_message: str | None = None) -> Any:
    """A cross-field check: exactly one of the named arguments is given (truthy)."""

    def check(values: Mapping[str, Any]) -> None:
        if sum(1 for name in choices if values.get(name)) != 1:
            names = " and ".join(choices)
            error = InvalidInputError("/".join(choices), f"exactly one of {names} must be given")
            error.service_message = service_message  # type: ignore[attr-defined]
            raise error

    return check


def at_least_one(*names: str, field: str | None = None) -> Any:
    """A cross-field check: at least one of the named arguments is not ``None``."""

    def check(values: Mapping[str, Any]) -> None:
        if all(values.get(name) is None for name in names):
            raise InvalidInputError(field or "/".join(names), "give at least one property to change")

    return check


def choice_rule(allowed: type[_E], *, optional: bool = False, value: bool = False) -> Rule:
    """The value converted to the enum ``allowed`` (``value=True``: to its wire string)."""

    def check(field: str, raw: Any) -> Any:
        member = choice(field, raw, allowed)
        return member.value if value else member  # type: ignore[attr-defined]

    return Rule(_optional(check) if optional else check, f"one of {allowed.__name__}")


SEGMENT = Rule(
    path_segment,
    "a path segment: at most 256 characters, no '/', '?', '#', backslash, '%' or control character",
)
HOSTED_SERVICE_NAME = Rule(
    lambda f, v: hosted_service_name(v, f),
    "1-63 letters, digits, hyphens",
    service_message="The hosted service name is invalid.",
)
STORAGE_ACCOUNT_NAME = Rule(
    lambda f, v: storage_account_name(v, f),
    "3-24 lower-case letters and digits",
    service_message="The name is not a valid storage account name. Storage account names must be between 3 "
    "and 24 characters in length and use numbers and lower-case letters only.",
)


def _label_message(rule: str) -> str:
    if "100" in rule:
        return "The label exceeds the maximum length of 100 characters."
    return "The label is required."


LABEL = Rule(lambda f, v: label(v, f), "required, at most 100 characters", service_message=_label_message)
OPTIONAL_LABEL = Rule(
    _optional(lambda f, v: label(v, f)), "at most 100 characters", service_message=_label_message
)
DESCRIPTION = Rule(
    lambda f, v: description(v, f),
    "at most 1024 characters",
    service_message="The description exceeds the maximum length of 1024 characters.",
)
REQUIRED = Rule(required, "required")
REQUIRED_STRING = Rule(lambda f, v: string(f, required(f, v)), "a required string")
OPTIONAL_STRING = Rule(_optional(string), "a string")
SLOT = Rule(lambda f, v: deployment_slot(v, f), "production or staging")
EXTENDED_PROPERTIES = Rule(lambda f, v: extended_properties(v, f), "at most 50 name/value pairs")
CONFIGURATION = Rule(lambda f, v: encode_configuration(v, f), "the .cscfg, base64-encoded", on_server=False)


def _request_id(field: str, value: Any) -> str:
    if not value:
        raise InvalidInputError(field, "must be a non-empty ASM request id")
    if not isinstance(value, str):
        raise InvalidInputError(field, "must be a string")
    if not value.strip():
        raise InvalidInputError(field, "must be a non-empty ASM request id")
    return path_segment(field, value.strip())


REQUEST_ID = Rule(_request_id, "an ASM request id (a path segment)")
