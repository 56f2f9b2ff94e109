"""``session.resource_extensions``: the VM extensions available to roles."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import builtins
from typing import Annotated

from .. import validation as v
from ..models.resource_extensions import ResourceExtension, ResourceExtensionList
from ..operation import legacy, operation
from ._base import ResourceClient

__all__ = ["ResourceExtensionsClient", "ResourceExtensionsLegacy"]


class ResourceExtensionsClient(ResourceClient):
    """The catalogue of resource extensions (BGInfo, CustomScriptExtension, ...) and their versions."""

    @operation(
        "GET",
        "/services/resourceextensions",
        answer=ResourceExtensionList,
        unwrap="resource_extensions",
        legacy="list_resource_extensions",
    )
    async def list(self) -> builtins.list[ResourceExtension]:
        """The latest version of every extension that can be added to a virtual machine."""

    @operation(
        "GET",
        "/services/resourceextensions/{publisher_name}/{extension_name}",
        answer=ResourceExtensionList,
        unwrap="resource_extensions",
        legacy="list_resource_extension_versions",
        example={"publisher_name": "Microsoft.Compute", "extension_name": "BGInfo"},
    )
    async def list_versions(
        self,
        publisher_name: Annotated[str, v.SEGMENT],
        extension_name: Annotated[str, v.SEGMENT],
    ) -> builtins.list[ResourceExtension]:
        """Every version of one extension (empty for an extension nobody publishes)."""


class ResourceExtensionsLegacy:
    """Legacy facade methods of this family."""

    list_resource_extensions = legacy(ResourceExtensionsClient.list)
    list_resource_extension_versions = legacy(ResourceExtensionsClient.list_versions)
