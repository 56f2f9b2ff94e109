"""``GET /operatingsystems`` and ``/operatingsystemfamilies``: a fixed catalogue of guest OS versions."""

from __future__ import annotations

from aiohttp import web

from ..models.operating_systems import (
    OperatingSystem,
    OperatingSystemFamily,
    OperatingSystemFamilyList,
    OperatingSystemList,
)
from ._http import Handler, xml_response

# (family, family label, [(version, label, is_default, is_active)])
_CATALOGUE: list[tuple[int, str, list[tuple[str, str, bool, bool]]]] = [
    (
        2,
        "Windows Server 2008 R2 SP1",
        [
            ("WA-GUEST-OS-2.39_201504-01", "Windows Azure Guest OS 2.39 (Release 201504-01)", False, False),
            ("WA-GUEST-OS-2.40_201506-01", "Windows Azure Guest OS 2.40 (Release 201506-01)", True, True),
        ],
    ),
    (
        3,
        "Windows Server 2012",
        [
            ("WA-GUEST-OS-3.26_201504-01", "Windows Azure Guest OS 3.26 (Release 201504-01)", False, True),
            ("WA-GUEST-OS-3.27_201506-01", "Windows Azure Guest OS 3.27 (Release 201506-01)", True, True),
        ],
    ),
    (
        4,
        "Windows Server 2012 R2",
        [
            ("WA-GUEST-OS-4.21_201505-01", "Windows Azure Guest OS 4.21 (Release 201505-01)", False, True),
            ("WA-GUEST-OS-4.22_201506-01", "Windows Azure Guest OS 4.22 (Release 201506-01)", True, True),
        ],
    ),
]


async def list_operating_systems(request: web.Request) -> web.Response:
    return xml_response(
        OperatingSystemList(
            operating_systems=[
                OperatingSystem(
                    version=version,
                    label=label,
                    is_default=is_default,
                    is_active=is_active,
                    family=family,
                    family_label=family_label,
                )
                for family, family_label, versions in _CATALOGUE
                for version, label, is_default, is_active in versions
            ]
        )
    )


async def list_families(request: web.Request) -> web.Response:
    return xml_response(
        OperatingSystemFamilyList(
            families=[
                OperatingSystemFamily(
                    name=str(family),
                    label=family_label,
                    operating_systems=[
                        OperatingSystem(version=v, label=label, is_default=d, is_active=a)
                        for v, label, d, a in versions
                    ],
                )
                for family, family_label, versions in _CATALOGUE
            ]
        )
    )


HANDLERS: dict[str, Handler] = {
    "operating_systems.list": list_operating_systems,
    "operating_systems.list_families": list_families,
}
