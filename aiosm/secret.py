"""``Secret``: a string that is its value everywhere the user asks for it, and masked in ``repr``.

Legacy code does ``"AccountKey=" + keys.primary``: a secret must *be* the value there (pydantic's
``SecretStr`` silently yields ``'**********'``). A :class:`Secret` is a ``str``: concatenation,
``str()``, f-strings, comparisons, ``len()`` and serialization give the value. Only ``repr`` is
masked, and ``repr`` is what a model's ``repr``/``print``, tracebacks with locals, debuggers and
``%r`` log formatting show, so a model printed or logged whole never shows the secret.
"""

from __future__ import annotations

from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

__all__ = ["MASK", "Secret"]

MASK = "**********"
"""What ``repr`` shows instead of a secret's value."""


def _dump(value: str, info: core_schema.SerializationInfo) -> str:
    if info.mode_is_json() and not (info.context or {}).get("reveal_secrets"):
        return MASK
    return str.__str__(value)


class Secret(str):
    """A secret string (storage key, password, PFX password): the value as a ``str``, masked in ``repr``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Secret('{MASK}')"

    def get_secret_value(self) -> str:
        """The value as a plain ``str`` (the same as ``str(secret)``; kept for ``SecretStr`` users)."""
        return str.__str__(self)

    def __str__(self) -> str:
        return str.__str__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Secret, (str.__str__(self),))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """Validated as a ``str`` (a ``SecretStr`` is unwrapped) and stored as a :class:`Secret`.
        ``model_dump()`` gives the value; ``model_dump_json()`` masks it (a whole model written out
        is not a request for its secrets) unless ``context={"reveal_secrets": True}``."""

        def to_secret(value: Any) -> Secret:
            if isinstance(value, Secret):
                return value
            if hasattr(value, "get_secret_value"):
                value = value.get_secret_value()
            if not isinstance(value, str):
                raise ValueError("must be a string")
            return cls(value)

        return core_schema.no_info_plain_validator_function(
            to_secret,
            json_schema_input_schema=core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(
                _dump, info_arg=True, when_used="always", return_schema=core_schema.str_schema()
            ),
        )
