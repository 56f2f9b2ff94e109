"""Models of role instances: the body of Delete Role Instances.

A role instance itself is :class:`~aiosm.models.deployments.RoleInstance`, read from Get Deployment.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..xml import XmlList, XmlModel

__all__ = ["RoleInstances"]


class RoleInstances(XmlModel):
    """Body of Delete Role Instances (``roleinstances/?comp=delete``): one ``<Name>`` per instance."""

    __xml_root__ = "RoleInstances"
    role_instance_names: Annotated[list[str], XmlList("Name", wrapper=False)] = Field(default_factory=list)
