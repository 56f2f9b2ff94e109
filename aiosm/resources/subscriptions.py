"""``session.subscriptions``: the subscription, the role sizes it offers, and the operations it ran."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import builtins
import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Annotated, Any

from .. import validation as v
from ..errors import InvalidInputError
from ..models.subscriptions import (
    RoleSize,
    RoleSizeList,
    Subscription,
    SubscriptionList,
    SubscriptionOperationCollection,
)
from ..operation import legacy, operation, optional
from ._base import ResourceClient

if TYPE_CHECKING:
    from ..session import ServiceManagementSession

__all__ = ["SubscriptionsClient", "SubscriptionsLegacy", "iso8601", "parse_iso8601"]


_ISO8601 = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:\d{2})?$"
)


def parse_iso8601(text: str) -> datetime:
    """``2015-07-01``, ``2015-07-01T10:00:00.1234567Z``, ``...+02:00``: an aware datetime (UTC when
    no offset is given); ``ValueError`` otherwise. Any number of fraction digits, on every Python."""
    match = _ISO8601.match(text)
    if match is None:
        raise ValueError(f"not an ISO 8601 date and time: {text!r}")
    date, clock, fraction, offset = match.groups()
    normalized = date + "T" + (clock or "00:00") + ("." + (fraction + "000000")[:6] if fraction else "")
    moment = datetime.fromisoformat(normalized + ("" if offset in (None, "Z", "z") else offset))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def iso8601(field: str, value: Any) -> str:
    """A point in time as the service reads it: a ``datetime`` (naive means UTC) becomes
    ``YYYY-MM-DDTHH:MM:SSZ``; a string must already be ISO 8601 and is sent unchanged."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = v.string(field, value).strip()
    try:
        parse_iso8601(text)
    except ValueError:
        raise InvalidInputError(field, "must be an ISO 8601 date and time") from None
    return text


_TIME = v.Rule(
    lambda f, value: iso8601(f, v.required(f, value)),
    "required: an ISO 8601 date and time (or a datetime)",
    service_message="The value for one of the query parameters is not valid.",
)
Time = Annotated[str | datetime | None, _TIME]


class SubscriptionsClient(ResourceClient):
    """The subscription the session works on."""

    @operation("GET", "", answer=Subscription, legacy="get_subscription")
    async def get(self) -> Subscription:
        """Name, status, administrators, quotas (``max_*``) and usage (``current_*``) of the subscription."""

    @operation("GET", "/rolesizes", answer=RoleSizeList, unwrap="role_sizes", legacy="list_role_sizes")
    async def list_role_sizes(self) -> builtins.list[RoleSize]:
        """The role sizes the subscription can use, with cores, memory and data-disk limits."""

    @operation(
        "GET",
        "/operations",
        query={
            "StartTime": optional("start_time"),
            "EndTime": optional("end_time"),
            "ObjectIdFilter": optional("object_id_filter"),
            "OperationResultFilter": optional("operation_result_filter"),
            "ContinuationToken": optional("continuation_token"),
        },
        answer=SubscriptionOperationCollection,
        legacy="list_subscription_operations",
        example={
            "start_time": "2015-07-01T00:00:00Z",
            "end_time": "2015-07-02T00:00:00Z",
            "object_id_filter": "/00000000-0000-0000-0000-000000000000/services/hostedservices/mysvc",
            "operation_result_filter": "Succeeded",
            "continuation_token": "token",
        },
    )
    async def list_operations(
        self,
        start_time: Time = None,
        end_time: Time = None,
        object_id_filter: Annotated[str | None, v.OPTIONAL_STRING] = None,
        operation_result_filter: Annotated[str | None, v.OPTIONAL_STRING] = None,
        continuation_token: Annotated[str | None, v.OPTIONAL_STRING] = None,
    ) -> SubscriptionOperationCollection:
        """One page of the operations the subscription ran between ``start_time`` and ``end_time``
        (both required: ISO 8601 text or ``datetime``), optionally only those on one object
        (``object_id_filter``: its path, ``/<subscription>/services/hostedservices/<name>``) or
        with one result (``Succeeded``, ``Failed``, ``InProgress``). When the answer's
        ``continuation_token`` is not empty, pass it back for the next page."""

    async def list_all(self) -> builtins.list[Subscription]:
        """``GET /subscriptions`` at the endpoint's root (not under a subscription): the
        subscriptions the caller can access. The service documents an Azure AD token for this
        call; with a management certificate it refuses it
        (:class:`~aiosm.errors.AuthenticationError`), as the emulator does."""
        response = await self._transport.request("GET", "//subscriptions", operation="subscriptions.list_all")
        return response.parse(SubscriptionList).subscriptions


class SubscriptionsLegacy:
    """Legacy facade methods of this family."""

    session: ServiceManagementSession

    get_subscription = legacy(SubscriptionsClient.get)
    list_role_sizes = legacy(SubscriptionsClient.list_role_sizes)
    list_subscription_operations = legacy(SubscriptionsClient.list_operations)

    async def list_subscriptions(self) -> builtins.list[Subscription]:
        """``session.subscriptions.list_all()``: ``GET /subscriptions`` at the endpoint's root."""
        return await self.session.subscriptions.list_all()
