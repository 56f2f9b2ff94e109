"""session.vm_images: list (service filters), create, update, delete, capture, select/newest."""

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

from aiosm import ServiceManagementSession
from aiosm.errors import InvalidInputError
from aiosm.models import CaptureRoleAsVMImage, DataDiskConfiguration, OSDiskConfiguration, VMImage

BASE = "/services/vmimages"
BLOB = "https://mystore.blob.core.windows.net/vhds/"
OPS = "/services/hostedservices/mysvc/deployments/mydep/roleinstances/myvm/Operations"

LISTED = (
    "<VMImage><Name>captured</Name><Label>my image</Label><Category>User</Category>"
    "<OSDiskConfiguration><Name>captured-os</Name><HostCaching>ReadWrite</HostCaching>"
    "<OSState>Specialized</OSState><OS>Linux</OS><MediaLink>https://s/os.vhd</MediaLink>"
    "<LogicalDiskSizeInGB>30</LogicalDiskSizeInGB><IOType>Standard</IOType></OSDiskConfiguration>"
    "<DataDiskConfigurations><DataDiskConfiguration><Name>d0</Name><HostCaching>None</HostCaching><Lun>0</Lun>"
    "<MediaLink>https://s/d0.vhd</MediaLink><LogicalDiskSizeInGB>100</LogicalDiskSizeInGB>"
    "</DataDiskConfiguration></DataDiskConfigurations><ServiceName>mysvc</ServiceName>"
    "<DeploymentName>mydep</DeploymentName><RoleName>myvm</RoleName><Location>West US</Location>"
    "<CreatedTime>2015-01-21T21:42:16.4280046Z</CreatedTime><ModifiedTime>2015-01-21T21:42:16.4280046Z</ModifiedTime>"
    "<IsPremium>false</IsPremium><VMImageState>VMImageReadyForUse</VMImageState>"
    "<RoleStateOnCapture>StoppedVM</RoleStateOnCapture><RoleSizeOnCapture>Small</RoleSizeOnCapture></VMImage>"
    "<VMImage><Name>sql</Name><Label>SQL</Label><Category>Public</Category>"
    "<OSDiskConfiguration><OS>Windows</OS></OSDiskConfiguration><DataDiskConfigurations/>"
    "<Location>West US;East US</Location><ImageFamily>SQL</ImageFamily><IsPremium>true</IsPremium>"
    "<IconUri>SqlServer2014_100.png</IconUri><PublisherName>Microsoft SQL Server Group</PublisherName>"
    "<PublishedDate>2015-04-15T00:00:00Z</PublishedDate><ShowInGui>true</ShowInGui>"
    "<PricingDetailLink>http://go.microsoft.com/fwlink/?LinkId=271259</PricingDetailLink></VMImage>"
    "<VMImage><Name>sql2</Name><Label>SQL</Label><Category>Public</Category>"
    "<OSDiskConfiguration><OS>Windows</OS></OSDiskConfiguration><Location>East US</Location>"
    "<ImageFamily>SQL</ImageFamily><PublishedDate>2015-06-15T00:00:00Z</PublishedDate></VMImage>"
)


def new_image() -> VMImage:
    image = VMImage("myimage", "my <image>", "desc")
    image.os_disk_configuration = OSDiskConfiguration(
        host_caching="ReadOnly", os_state="Generalized", os="Linux", media_link=BLOB + "os.vhd"
    )
    image.data_disk_configurations = [
        DataDiskConfiguration(lun=1, media_link=BLOB + "d1.vhd", logical_disk_size_in_gb=100, name="ignored")
    ]
    image.language = "English"
    image.published_date = datetime(2016, 9, 9, tzinfo=timezone.utc)
    image.show_in_gui = False
    return image


async def test_list(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(BASE), doc("VMImages", LISTED))
    images = await session.vm_images.list()
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", url(BASE))
    assert kwargs["params"] is None
    assert_read_headers(kwargs)
    captured, sql, _ = images
    assert (captured.name, captured.category, captured.role_name) == ("captured", "User", "myvm")
    assert captured.created_time == datetime(2015, 1, 21, 21, 42, 16, 428004, tzinfo=timezone.utc)
    disk = captured.os_disk_configuration
    assert disk is not None and (disk.os_state, disk.logical_disk_size_in_gb, disk.io_type) == (
        "Specialized",
        30,
        "Standard",
    )
    assert [(d.name, d.lun, d.logical_disk_size_in_gb) for d in captured.data_disk_configurations] == [
        ("d0", 0, 100)
    ]
    assert captured.role_state_on_capture == "StoppedVM" and captured.vm_image_state == "VMImageReadyForUse"
    assert sql.is_premium is True and sql.icon_uri == "SqlServer2014_100.png"
    assert sql.locations == ["West US", "East US"] and sql.data_disk_configurations == []


@pytest.mark.parametrize(
    "filters",
    [
        {"location": "West US"},
        {"publisher": "Cloudera"},
        {"category": "Public"},
        {"location": "x", "category": "y"},
    ],
)
async def test_list_filters_are_query_parameters(
    session: ServiceManagementSession, mock: aioresponses, filters: dict[str, str]
) -> None:
    target = url(BASE, **filters)
    respond_xml(mock, "GET", target, doc("VMImages"))
    assert await session.vm_images.list(**filters) == []
    _, sent_url, _ = only_request(mock)
    assert sent_url.path == target.path and dict(sent_url.query) == filters


async def test_create_sends_the_create_form(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(BASE))
    op = await session.vm_images.create(new_image())
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", url(BASE))
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "VMImage",
        "<Name>myimage</Name><Label>my &lt;image&gt;</Label><Description>desc</Description>"
        f"<OSDiskConfiguration><HostCaching>ReadOnly</HostCaching><OSState>Generalized</OSState><OS>Linux</OS>"
        f"<MediaLink>{BLOB}os.vhd</MediaLink></OSDiskConfiguration>"
        f"<DataDiskConfigurations><DataDiskConfiguration><Lun>1</Lun><MediaLink>{BLOB}d1.vhd</MediaLink>"
        "<LogicalDiskSizeInGB>100</LogicalDiskSizeInGB></DataDiskConfiguration></DataDiskConfigurations>"
        "<Language>English</Language><PublishedDate>2016-09-09T00:00:00Z</PublishedDate>"
        "<ShowInGui>false</ShowInGui>",
    )
    assert op.request_id == RID


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda i: setattr(i, "os_disk_configuration", None), "vm_image.os_disk_configuration"),
        (
            lambda i: setattr(i.os_disk_configuration, "media_link", None),
            "vm_image.os_disk_configuration.media_link",
        ),
        (lambda i: setattr(i.os_disk_configuration, "os", ""), "vm_image.os_disk_configuration.os"),
        (
            lambda i: setattr(i.os_disk_configuration, "os_state", "Asleep"),
            "vm_image.os_disk_configuration.os_state",
        ),
        (lambda i: setattr(i, "name", ""), "vm_image.name"),
        (lambda i: setattr(i, "name", "a/b"), "vm_image.name"),
        (lambda i: setattr(i, "label", ""), "vm_image.label"),
        (
            lambda i: setattr(i.data_disk_configurations[0], "media_link", None),
            "vm_image.data_disk_configurations[0].media_link",
        ),
    ],
)
async def test_create_checks_before_sending(
    session: ServiceManagementSession, mock: aioresponses, change: object, field: str
) -> None:
    image = new_image()
    change(image)  # type: ignore[operator]
    with pytest.raises(InvalidInputError) as caught:
        await session.vm_images.create(image)
    assert caught.value.field == field
    assert not mock.requests


async def test_update_sends_the_update_form(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{BASE}/myimage")
    accept(mock, "PUT", target)
    change = VMImage(
        label="new",
        eula="e",
        data_disk_configurations=[
            DataDiskConfiguration(name="d0", host_caching="ReadOnly", lun=2, media_link="x")
        ],
    )
    await session.vm_images.update("myimage", change)
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("PUT", target)
    assert kwargs["data"] == body_xml(
        "VMImage",
        "<Label>new</Label><OSDiskConfiguration></OSDiskConfiguration><DataDiskConfigurations>"
        "<DataDiskConfiguration><Name>d0</Name><HostCaching>ReadOnly</HostCaching><Lun>2</Lun>"
        "</DataDiskConfiguration></DataDiskConfigurations><Eula>e</Eula>",
    )


async def test_delete(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "DELETE", url(f"{BASE}/myimage"))
    await session.vm_images.delete("myimage")
    _, sent_url, kwargs = only_request(mock)
    assert sent_url == url(f"{BASE}/myimage") and kwargs["params"] is None
    mock.requests.clear()
    accept(mock, "DELETE", url(f"{BASE}/myimage", comp="media"))
    await session.vm_images.delete("myimage", delete_vhd=True)
    _, sent_url, _ = only_request(mock)
    assert sent_url == url(f"{BASE}/myimage", comp="media")


async def test_capture(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(OPS))
    options = CaptureRoleAsVMImage("Specialized", "myimage", "my image", "d", "english", "fam", "Small")
    await session.vm_images.capture("mysvc", "mydep", "myvm", options)
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", url(OPS))
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "CaptureRoleAsVMImageOperation",
        "<OperationType>CaptureRoleAsVMImageOperation</OperationType><OSState>Specialized</OSState>"
        "<VMImageName>myimage</VMImageName><VMImageLabel>my image</VMImageLabel><Description>d</Description>"
        "<Language>english</Language><ImageFamily>fam</ImageFamily><RecommendedVMSize>Small</RecommendedVMSize>",
    )


async def test_capture_checks_before_sending(session: ServiceManagementSession, mock: aioresponses) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.vm_images.capture("mysvc", "mydep", "myvm", CaptureRoleAsVMImage("Frozen", "n", "l"))
    assert caught.value.field == "options.os_state"
    with pytest.raises(InvalidInputError) as caught:
        await session.vm_images.capture("mysvc", "mydep", "myvm", {"os_state": "Specialized"})  # type: ignore[arg-type]
    assert caught.value.field == "options"
    with pytest.raises(TypeError):
        CaptureRoleAsVMImage("Specialized", "n", "l", "d", "lang", "fam", "size", "extra")  # type: ignore[call-arg]
    assert not mock.requests


async def test_select_and_newest(session: ServiceManagementSession, mock: aioresponses) -> None:
    for _ in range(4):
        respond_xml(mock, "GET", url(BASE), doc("VMImages", LISTED))
    assert [i.name for i in await session.vm_images.select(os="windows")] == ["sql", "sql2"]
    assert [i.name for i in await session.vm_images.select(os="linux", location="west us")] == ["captured"]
    newest = await session.vm_images.newest("sql")
    assert newest is not None and newest.name == "sql2"
    newest = await session.vm_images.newest("sql", location="West US")
    assert newest is not None and newest.name == "sql"
