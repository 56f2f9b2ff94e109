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

_RELEASES = (
    "200912-01 201001-01 201003-01 201004-01 201005-01 201006-01 201008-01 201009-01 201010-01 201011-01 "
    "201101-01 201102-01 201103-01 201104-01 201105-01 201107-01 201109-01,201109-02,201109-03 "
    "201112-01,201112-02,201112-03 201202-01 201204-01,201204-02 201208-01,201208-02 201210-01 "
    "201301-02,201301-03,201302-01,201302-02,201302-03,201302-04 201305-01 201306-01 201307-01 201308-01 "
    "201309-01,201309-03 201310-01 201311-01 201312-01 201401-01 201402-01 201403-01 201404-01 201405-01 "
    "201406-01 201407-01 201408-01,201408-02 201409-01,201409-02 201410-01 201411-01 201412-01 201501-01 "
    "201502-01 201503-01 201504-01 201505-01,201505-02 201506-01"
).split()
"""The monthly guest OS releases (re-releases after a comma), oldest first, up to June 2015."""

# family: (label, index in _RELEASES of its version .0, the release of .0 when it is not all of them)
_FAMILIES: dict[int, tuple[str, int, str | None]] = {
    1: ("Windows Server 2008 SP2", 0, None),
    2: ("Windows Server 2008 R2", 8, None),
    3: ("Windows Server 2012", 20, "201208-02"),
    4: ("Windows Server 2012 R2", 27, "201309-03"),
}
_QUIRKS = {(4, 12): ("201400-01", "201409-02")}
"""Releases the service lists as they are, typo included."""
_LABEL_QUIRKS = {"WA-GUEST-OS-1.20_201208-02": "202108-02", "WA-GUEST-OS-4.12_201400-01": "201409-01"}
"""Versions whose label names another release than the version does, as the service's do."""
_ACTIVE = 4
"""How many of a family's newest versions are active (the newest one is the default)."""


def _family_versions(family: int) -> list[tuple[str, str, bool, bool]]:
    """``(version, label, is_default, is_active)`` of a family, in the service's (text) order."""
    _, start, first = _FAMILIES[family]
    minors = _RELEASES[start:]
    result = []
    for minor, releases in enumerate(minors):
        names = _QUIRKS.get((family, minor)) or (
            (first,) if minor == 0 and first else tuple(releases.split(","))
        )
        for i, release in enumerate(names):
            active = minor >= len(minors) - _ACTIVE and i == len(names) - 1
            default = active and minor == len(minors) - 1
            version = f"WA-GUEST-OS-{family}.{minor}_{release}"
            label = f"Windows Azure Guest OS {family}.{minor} (Release {_LABEL_QUIRKS.get(version, release)})"
            result.append((version, label, default, active))
    return sorted(result)


_CATALOGUE: list[tuple[int, str, list[tuple[str, str, bool, bool]]]] = [
    (family, label, _family_versions(family)) for family, (label, _, _) in _FAMILIES.items()
]
"""(family, family label, versions): the service's guest OS catalogue of mid-2015, families 1 to 4
(family 5, Windows Server 2016, came in November 2016)."""


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
