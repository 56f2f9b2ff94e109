"""Client-side selection over image lists (OS images and VM images): the service's image lists
have no server-side filter on OS, family or label, so these match on what the list returned."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Protocol, TypeVar

__all__ = ["ImageLike", "matches", "newest", "select"]


class ImageLike(Protocol):
    """What the filters read of an image: ``OSImage`` and ``VMImage`` both have these."""

    name: str
    label: str
    category: str
    location: str
    image_family: str
    publisher_name: str
    published_date: datetime | None


_I = TypeVar("_I", bound=ImageLike)


def _os_of(image: object) -> str:
    os = getattr(image, "os", "")
    if not os:
        disk = getattr(image, "os_disk_configuration", None)
        os = getattr(disk, "os", "") or ""
    return str(os)


def _has(text: str, wanted: str) -> bool:
    return wanted.lower() in text.lower()


def matches(
    image: ImageLike,
    *,
    location: str | None = None,
    os: str | None = None,
    publisher: str | None = None,
    family: str | None = None,
    label: str | None = None,
    category: str | None = None,
) -> bool:
    """Whether ``image`` meets every criterion given.

    ``location`` is one of the image's ``;``-separated locations, ``os``, ``category`` and
    ``family`` are compared whole, ``publisher`` and ``label`` are substrings (all without case).
    """
    if location is not None and location.lower() not in [
        part.strip().lower() for part in image.location.split(";")
    ]:
        return False
    if os is not None and _os_of(image).lower() != os.lower():
        return False
    if category is not None and image.category.lower() != category.lower():
        return False
    if family is not None and image.image_family.lower() != family.lower():
        return False
    if publisher is not None and not _has(image.publisher_name, publisher):
        return False
    return label is None or _has(image.label, label)


def select(
    images: Iterable[_I],
    *,
    location: str | None = None,
    os: str | None = None,
    publisher: str | None = None,
    family: str | None = None,
    label: str | None = None,
    category: str | None = None,
) -> list[_I]:
    """The images meeting every criterion given (see :func:`matches`), in the list's order."""
    return [
        image
        for image in images
        if matches(
            image,
            location=location,
            os=os,
            publisher=publisher,
            family=family,
            label=label,
            category=category,
        )
    ]


_OLDEST = datetime.min.replace(tzinfo=timezone.utc)


def _published(image: ImageLike) -> datetime:
    date = image.published_date
    if date is None:
        return _OLDEST
    return date if date.tzinfo is not None else date.replace(tzinfo=timezone.utc)


def newest(images: Iterable[_I]) -> _I | None:
    """The most recently published image (by ``published_date``; undated images count as the
    oldest, the last listed wins a tie), or ``None`` for no image."""
    best: _I | None = None
    for image in images:
        if best is None or _published(image) >= _published(best):
            best = image
    return best
