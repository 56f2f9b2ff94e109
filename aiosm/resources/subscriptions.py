"""``session.subscriptions``: the subscription and the role sizes it offers."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import builtins

from ..models.subscriptions import RoleSize, RoleSizeList, Subscription
from ..operation import legacy, operation
from ._base import ResourceClient

__all__ = ["SubscriptionsClient", "SubscriptionsLegacy"]


class SubscriptionsClient(ResourceClient):
    """The subscription the session works on."""

    @operation("GET", "", answer=Subscription, legacy="get_subscription")
    async def get(self) -> Subscription:
        """Name, status, administrators, quotas (``max_*``) and usage (``current_*``) of the subscription."""

    @operation("GET", "/rolesizes", answer=RoleSizeList, unwrap="role_sizes", legacy="list_role_sizes")
    async def list_role_sizes(self) -> builtins.list[RoleSize]:
        """The role sizes the subscription can use, with cores, memory and data-disk limits."""


class SubscriptionsLegacy:
    """Legacy facade methods of this family."""

    get_subscription = legacy(SubscriptionsClient.get)
    list_role_sizes = legacy(SubscriptionsClient.list_role_sizes)
