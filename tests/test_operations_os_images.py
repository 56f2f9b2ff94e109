"""session.os_images: list, get, add, update, delete."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from aioresponses import aioresponses
from conftest import (
    RID,
    accept,
    assert_mutation_headers,
    assert_read_headers,
    body_xml,
    doc,
    only_request,
    respond_xml,
    url,
)

from aiosm import OSImage, ServiceManagementSession

IMG = "/services/images"
MEDIA = "https://mystore.blob.core.windows.net/vhds/centos.vhd"

IMAGE = (
    "<AffinityGroup>ag</AffinityGroup><Category>User</Category><Label>my centos</Label>"
    "<Location>West US</Location><LogicalSizeInGB>30</LogicalSizeInGB>"
    f"<MediaLink>{MEDIA}</MediaLink><Name>mycentos</Name><OS>Linux</OS>"
    "<Description>CentOS &lt;6.2&gt;</Description><ShowInGui>true</ShowInGui>"
    "<PublishedDate>2014-08-09T00:00:00Z</PublishedDate><IsPremium>false</IsPremium>"
    "<RecommendedVMSize>Small</RecommendedVMSize><OSState>Generalized</OSState><IOType>Standard</IOType>"
)


async def test_list(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(
        mock,
        "GET",
        url(IMG),
        doc("Images", f"<OSImage>{IMAGE}</OSImage><OSImage><Name>platform</Name><OS>Windows</OS></OSImage>"),
    )
    images = await session.os_images.list()
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", url(IMG))
    assert_read_headers(kwargs)
    assert [i.name for i in images] == ["mycentos", "platform"]
    image = images[0]
    assert image.label == "my centos"  # OS image labels are plain text
    assert image.media_link == MEDIA
    assert image.os == "Linux"
    assert image.logical_size_in_gb == 30
    assert image.description == "CentOS <6.2>"
    assert image.show_in_gui is True
    assert image.is_premium is False
    assert image.published_date == datetime(2014, 8, 9, tzinfo=timezone.utc)
    assert image.recommended_vm_size == "Small"
    assert image.os_state == "Generalized"
    assert image.io_type == "Standard"
    assert images[1].affinity_group == ""
    assert images[1].media_link == ""


async def test_list_single(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(IMG), doc("Images", f"<OSImage>{IMAGE}</OSImage>"))
    images = await session.os_images.list()
    assert isinstance(images, list) and len(images) == 1


async def test_get(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{IMG}/mycentos")
    respond_xml(mock, "GET", target, doc("OSImage", IMAGE))
    image = await session.os_images.get("mycentos")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", target)
    assert_read_headers(kwargs)
    assert isinstance(image, OSImage)
    assert image.name == "mycentos"


@pytest.mark.parametrize(("given", "sent"), [("Linux", "Linux"), ("windows", "Windows")])
async def test_add(session: ServiceManagementSession, mock: aioresponses, given: str, sent: str) -> None:
    accept(mock, "POST", url(IMG))
    op = await session.os_images.add("my <centos> & co", MEDIA + "?sv=1&sig=x", "mycentos", given)
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", url(IMG))
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "OSImage",
        "<Label>my &lt;centos&gt; &amp; co</Label>"
        f"<MediaLink>{MEDIA}?sv=1&amp;sig=x</MediaLink><Name>mycentos</Name><OS>{sent}</OS>",
    )
    assert op.request_id == RID
    assert op.result is None


async def test_update(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{IMG}/mycentos")
    accept(mock, "PUT", target)
    op = await session.os_images.update("mycentos", "new label", MEDIA, "mycentos", "Linux")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("PUT", target)
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "OSImage",
        f"<Label>new label</Label><MediaLink>{MEDIA}</MediaLink><Name>mycentos</Name><OS>Linux</OS>",
    )
    assert op.request_id == RID


async def test_delete(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{IMG}/mycentos")
    accept(mock, "DELETE", target)
    op = await session.os_images.delete("mycentos")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("DELETE", target)
    assert kwargs["params"] is None
    assert kwargs["data"] == b""
    assert_mutation_headers(kwargs)
    assert op.request_id == RID


async def test_delete_with_vhd(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{IMG}/mycentos", comp="media")
    accept(mock, "DELETE", target)
    await session.os_images.delete("mycentos", delete_vhd=True)
    _, sent_url, _ = only_request(mock)
    assert sent_url == target


async def test_a_large_list_is_parsed_off_the_event_loop_with_the_same_result(
    session: ServiceManagementSession, mock: aioresponses, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer above PARSE_OFF_LOOP_BYTES is parsed in a worker thread; the models are the same."""
    import threading

    from aiosm.models.os_images import OSImageList
    from aiosm.operations import PARSE_OFF_LOOP_BYTES

    count = PARSE_OFF_LOOP_BYTES // len(IMAGE) + 10
    threads: list[int] = []
    original = OSImageList.from_xml.__func__  # type: ignore[attr-defined]

    def recording(cls: type[OSImageList], body: bytes, **kwargs: object) -> OSImageList:
        threads.append(threading.get_ident())
        return original(cls, body, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(OSImageList, "from_xml", classmethod(recording))
    respond_xml(mock, "GET", url(IMG), doc("Images", f"<OSImage>{IMAGE}</OSImage>" * count))
    images = await session.os_images.list()
    assert len(images) == count and images[-1].description == "CentOS <6.2>"
    assert threads and threads[0] != threading.get_ident()

    respond_xml(mock, "GET", url(IMG), doc("Images", f"<OSImage>{IMAGE}</OSImage>"))
    assert len(await session.os_images.list()) == 1
    assert threads[1] == threading.get_ident()  # a small answer is parsed on the loop
