"""session.os_images: list, get, details, add, update (both forms), delete, replicate, unreplicate,
share, and the client-side select/newest."""

from __future__ import annotations

import ssl
from datetime import date, datetime, timedelta, timezone

import pytest
from aioresponses import aioresponses
from conftest import (
    RID,
    SUB,
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
from aiosm.compat import ServiceManagementService
from aiosm.errors import InvalidInputError

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


async def test_get_details(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{IMG}/mycentos/details")
    progress = (
        "<ReplicationProgress><ReplicationProgressElement><Location>West US</Location><Progress>40</Progress>"
        "</ReplicationProgressElement></ReplicationProgress>"
        "<ComputeImageAttributes><Offer>o</Offer><Sku>s</Sku><Version>1.0.0</Version></ComputeImageAttributes>"
    )
    respond_xml(
        mock,
        "GET",
        target,
        doc("OSImageDetails", "<Name>mycentos</Name><IsPremium>false</IsPremium>" + progress),
    )
    details = await session.os_images.get_details("mycentos")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", target)
    assert_read_headers(kwargs)
    assert details.name == "mycentos" and details.is_premium is False
    assert [(p.location, p.progress) for p in details.replication_progress] == [("West US", 40)]
    assert details.compute_image_attributes is not None and details.compute_image_attributes.sku == "s"


async def test_update_with_metadata(session: ServiceManagementSession, mock: aioresponses) -> None:
    """Only what is given is sent; a date travels as a date, a datetime in UTC."""
    target = url(f"{IMG}/mycentos")
    accept(mock, "PUT", target)
    await session.os_images.update(
        "mycentos",
        "new label",
        eula="",
        show_in_gui=False,
        published_date=date(2016, 9, 9),
        language="English",
    )
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "OSImage",
        "<Label>new label</Label><Eula></Eula><ShowInGui>false</ShowInGui>"
        "<PublishedDate>2016-09-09</PublishedDate><Language>English</Language>",
    )


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        (datetime(2016, 9, 9, 2, 0, tzinfo=timezone(timedelta(hours=2))), "2016-09-09T00:00:00Z"),
        ("2016-09-09T12:00:00Z", "2016-09-09T12:00:00Z"),
        ("", None),  # the service refuses an empty date: left out, as the legacy SDK did
    ],
)
async def test_update_published_date_forms(
    session: ServiceManagementSession, mock: aioresponses, given: object, sent: str | None
) -> None:
    accept(mock, "PUT", url(f"{IMG}/mycentos"))
    await session.os_images.update("mycentos", "l", published_date=given)  # type: ignore[arg-type]
    _, _, kwargs = only_request(mock)
    date_element = "" if sent is None else f"<PublishedDate>{sent}</PublishedDate>"
    assert kwargs["data"] == body_xml("OSImage", f"<Label>l</Label>{date_element}")


async def test_update_from_image_reference(mock: aioresponses) -> None:
    """The legacy facade sends the image object's metadata fields (empty strings included)."""
    target = url(f"{IMG}/mycentos")
    accept(mock, "PUT", target)
    reference = OSImage(label="new", description="d", show_in_gui=True, media_link=MEDIA, is_premium=True)
    async with ServiceManagementService(SUB, ssl.create_default_context()) as sms:
        await sms.update_os_image_from_image_reference("mycentos", reference)
        with pytest.raises(InvalidInputError):
            await sms.update_os_image_from_image_reference("mycentos", None)
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "OSImage",
        "<Label>new</Label><Eula></Eula><Description>d</Description><ImageFamily></ImageFamily>"
        "<ShowInGui>true</ShowInGui><IconUri></IconUri><PrivacyUri></PrivacyUri>"
        "<RecommendedVMSize></RecommendedVMSize><SmallIconUri></SmallIconUri><Language></Language>",
    )


async def test_replicate(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{IMG}/mycentos/replicate")
    accept(mock, "PUT", target)
    await session.os_images.replicate("mycentos", ["West US", "East US"], "offer", "sku", "1.0.0")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("PUT", target)
    assert_mutation_headers(kwargs, api_version="2015-04-01")
    assert kwargs["data"] == body_xml(
        "ReplicationInput",
        "<TargetLocations><Region>West US</Region><Region>East US</Region></TargetLocations>"
        "<ComputeImageAttributes><Offer>offer</Offer><Sku>sku</Sku><Version>1.0.0</Version>"
        "</ComputeImageAttributes>",
    )


@pytest.mark.parametrize("regions", [[], "West US", [""], None])
async def test_replicate_needs_regions(
    session: ServiceManagementSession, mock: aioresponses, regions: object
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.os_images.replicate("mycentos", regions, "o", "s", "1")  # type: ignore[arg-type]
    assert caught.value.field == "regions"
    assert not mock.requests


async def test_unreplicate_and_share(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "PUT", url(f"{IMG}/mycentos/unreplicate"))
    await session.os_images.unreplicate("mycentos")
    _, _, kwargs = only_request(mock)
    assert_mutation_headers(kwargs, api_version="2015-04-01")
    assert kwargs["data"] == b""
    mock.requests.clear()
    target = url(f"{IMG}/mycentos/shareasync", permission="msdn")
    accept(mock, "PUT", target)
    await session.os_images.share("mycentos", "MSDN")
    _, sent_url, kwargs = only_request(mock)
    assert sent_url == target
    assert_mutation_headers(kwargs, api_version="2015-04-01")
    with pytest.raises(InvalidInputError) as caught:
        await session.os_images.share("mycentos", "everyone")
    assert caught.value.field == "permission"


async def test_select_and_newest_filter_the_list(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    images = (
        "<OSImage><Category>Public</Category><Label>Ubuntu 14.04.1</Label>"
        "<Location>West US;East US</Location>"
        "<Name>old</Name><OS>Linux</OS><ImageFamily>Ubuntu</ImageFamily>"
        "<PublishedDate>2015-01-23T00:00:00Z</PublishedDate><PublisherName>Canonical</PublisherName></OSImage>"
        "<OSImage><Category>Public</Category><Label>Ubuntu 14.04.2</Label><Location>West US</Location>"
        "<Name>new</Name><OS>Linux</OS><ImageFamily>Ubuntu</ImageFamily>"
        "<PublishedDate>2015-05-06T00:00:00Z</PublishedDate><PublisherName>Canonical</PublisherName></OSImage>"
        "<OSImage><Category>User</Category><Label>mine</Label><Location>West US</Location>"
        "<Name>mine</Name><OS>Windows</OS></OSImage>"
    )
    for _ in range(6):
        respond_xml(mock, "GET", url(IMG), doc("Images", images))
    assert [i.name for i in await session.os_images.select(family="ubuntu")] == ["old", "new"]
    assert [i.name for i in await session.os_images.select(location="East US")] == ["old"]
    assert [i.name for i in await session.os_images.select(os="windows", category="user")] == ["mine"]
    assert [i.name for i in await session.os_images.select(publisher="canon", label="14.04.2")] == ["new"]
    newest = await session.os_images.newest("Ubuntu")
    assert newest is not None and newest.name == "new"
    assert await session.os_images.newest("Ubuntu", location="Atlantis") is None
